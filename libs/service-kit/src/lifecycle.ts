/**
 * Where a service is in its life. Readiness follows it: only `ready` takes traffic, so a load
 * balancer stops sending new work the moment shutdown begins.
 */
export type LifecycleState = 'starting' | 'ready' | 'draining' | 'stopped';

export class Lifecycle {
  #state: LifecycleState = 'starting';

  get state(): LifecycleState {
    return this.#state;
  }

  get isReady(): boolean {
    return this.#state === 'ready';
  }

  /** True once shutdown has begun; responses then carry `Connection: close`. */
  get isDraining(): boolean {
    return this.#state === 'draining' || this.#state === 'stopped';
  }

  markReady(): void {
    if (this.#state === 'starting') this.#state = 'ready';
  }

  markDraining(): void {
    if (this.#state !== 'stopped') this.#state = 'draining';
  }

  markStopped(): void {
    this.#state = 'stopped';
  }
}
