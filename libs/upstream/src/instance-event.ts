import type { BreakerState } from './breaker/breaker-state';

/**
 * A change in whether one instance may take traffic, from one of its three gates. Each comes
 * once per transition, never per request, so it is what an operator's log and alerts want to
 * see while the requests themselves fail fast.
 */
export type InstanceEvent =
  | { readonly gate: 'breaker'; readonly state: BreakerState }
  | { readonly gate: 'health'; readonly state: 'healthy' }
  | { readonly gate: 'health'; readonly state: 'unhealthy'; readonly reason: string }
  | { readonly gate: 'ejection'; readonly state: 'ejected'; readonly until: number }
  | { readonly gate: 'ejection'; readonly state: 'readmitted' };

export type InstanceEventListener = (instanceId: string, event: InstanceEvent) => void;

/** Whether the event takes traffic away from the instance (rather than gives it back). */
export function isSetback(event: InstanceEvent): boolean {
  return event.state === 'open' || event.state === 'unhealthy' || event.state === 'ejected';
}
