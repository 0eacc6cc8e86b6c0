import type { BreakerChange } from './breaker/instance-breaker';
import type { HealthChange } from './health/health-checker';
import type { EjectionChange } from './outlier/outlier-detector';

/**
 * A change in whether one instance may take traffic, from one of its three gates. Each comes
 * once per transition, never per request, so it is what an operator's log and alerts want to
 * see while the requests themselves fail fast. A setback carries the failure that caused it as
 * `reason`.
 */
export type InstanceEvent =
  | ({ readonly gate: 'breaker' } & BreakerChange)
  | ({ readonly gate: 'health' } & HealthChange)
  | (Extract<EjectionChange, { state: 'ejected' }> & { readonly reason: string })
  | Extract<EjectionChange, { state: 'readmitted' }>;

export type InstanceEventListener = (instanceId: string, event: InstanceEvent) => void;

/** Whether the event takes traffic away from the instance (rather than gives it back). */
export function isSetback(event: InstanceEvent): boolean {
  return event.state === 'open' || event.state === 'unhealthy' || event.state === 'ejected';
}
