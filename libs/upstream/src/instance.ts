import { requireInteger } from './validate';

/** Anything that can veto traffic to one instance: health checks, its breaker, outlier ejection. */
export interface AvailabilityGate {
  isAvailable(): boolean;
}

export const ALWAYS_AVAILABLE: AvailabilityGate = { isAvailable: () => true };

/** The static description of an instance, as parsed from configuration. */
export interface InstanceSpec {
  readonly id: string;
  readonly url: URL;
  /** Relative share of traffic for weighted strategies, an integer 1..100 (1 if unsure). */
  readonly weight: number;
}

/** The three independent modules an instance asks; none of them knows about the others. */
export interface InstanceGates {
  readonly health: AvailabilityGate;
  readonly breaker: AvailabilityGate;
  readonly ejection: AvailabilityGate;
}

export const MIN_WEIGHT = 1;
export const MAX_WEIGHT = 100;

/**
 * One upstream instance plus the live state balancers read: requests in flight and whether it
 * may take traffic right now.
 */
export class UpstreamInstance implements InstanceSpec {
  readonly id: string;
  readonly url: URL;
  readonly weight: number;
  readonly #gates: InstanceGates;
  #inFlight = 0;

  constructor(spec: InstanceSpec, gates: Partial<InstanceGates> = {}) {
    if (spec.id.length === 0) throw new RangeError('instance id must not be empty');
    this.id = spec.id;
    // A copy, because URL is mutable and the caller's object must not steer our traffic later.
    this.url = new URL(spec.url.href);
    this.weight = requireInteger('weight', spec.weight, MIN_WEIGHT, MAX_WEIGHT);
    this.#gates = {
      health: gates.health ?? ALWAYS_AVAILABLE,
      breaker: gates.breaker ?? ALWAYS_AVAILABLE,
      ejection: gates.ejection ?? ALWAYS_AVAILABLE,
    };
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  isAvailable(): boolean {
    const { health, breaker, ejection } = this.#gates;
    return health.isAvailable() && breaker.isAvailable() && ejection.isAvailable();
  }

  /**
   * Counts one request as in flight until the returned release is called. Release is idempotent
   * so a `finally` plus an error path cannot drive the count below zero.
   */
  track(): () => void {
    this.#inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
    };
  }
}
