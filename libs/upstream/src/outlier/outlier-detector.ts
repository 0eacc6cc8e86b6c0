import { systemClock, type Clock } from '../clock';
import type { AvailabilityGate } from '../instance';
import { HostEjection, type AttemptVerdict, type EjectionStatus } from './host-ejection';
import {
  resolveOutlierOptions,
  type OutlierOptions,
  type ResolvedOutlierOptions,
} from './outlier-options';

/** An ejection or readmission that one verdict caused; the pool adds the failure's reason. */
export type EjectionChange =
  | { readonly gate: 'ejection'; readonly state: 'ejected'; readonly until: number }
  | {
      readonly gate: 'ejection';
      readonly state: 'readmitted';
      /** Its probation trial succeeded, or a health probe passed. */
      readonly by: 'trial' | 'health-check';
    };

export interface EjectionSnapshot {
  readonly state: EjectionStatus['kind'];
  readonly consecutiveFailures: number;
  readonly ejections: number;
  /** When an ejected instance gets its probation trial (epoch ms). */
  readonly ejectedUntil?: number;
}

/**
 * Inline (per-result) outlier ejection for one pool, after Envoy's consecutive_5xx detector.
 * Separate from the breakers: a breaker reacts to an error *rate* and probes after a fixed
 * pause, ejection reacts to a *streak* and backs off longer each time an instance relapses.
 *
 * @example
 * const detector = new OutlierDetector(['a', 'b', 'c']);
 * if (detector.tryAcquire('a')) detector.record('a', 'failure');
 */
export class OutlierDetector {
  readonly options: ResolvedOutlierOptions;
  readonly #hosts = new Map<string, HostEjection>();
  readonly #clock: Clock;

  constructor(ids: readonly string[], options: OutlierOptions = {}, clock: Clock = systemClock) {
    this.options = resolveOutlierOptions(options);
    this.#clock = clock;
    for (const id of ids) this.#hosts.set(id, new HostEjection(this.options));
  }

  gateFor(id: string): AvailabilityGate {
    this.#host(id);
    return { isAvailable: () => this.isAvailable(id) };
  }

  isAvailable(id: string): boolean {
    return this.#host(id).isAvailable(this.#clock());
  }

  /** Call as an attempt starts; false means do not send (ejected, or the probation trial is taken). */
  tryAcquire(id: string): boolean {
    return this.#host(id).tryAcquire(this.#clock());
  }

  /** Feeds one attempt's verdict; returns the instance's ejection or readmission if it caused one. */
  record(id: string, verdict: AttemptVerdict): EjectionChange | undefined {
    const now = this.#clock();
    const host = this.#host(id);
    const request = host.record(now, verdict);
    if (request === 'readmitted') return { gate: 'ejection', state: 'readmitted', by: 'trial' };
    // A relapse in probation is always re-ejected: the instance was never readmitted.
    if (request === 're-eject' || (request === 'eject' && this.#mayEject(now))) {
      return { gate: 'ejection', state: 'ejected', until: host.eject(now).until };
    }
    return undefined;
  }

  /** A passing health probe's readmission (see `healthyProbeReadmits`); undefined if it was in. */
  readmitAfterHealthyProbe(id: string): EjectionChange | undefined {
    if (!this.options.healthyProbeReadmits) return undefined;
    const readmitted = this.#host(id).readmit(this.#clock());
    return readmitted ? { gate: 'ejection', state: 'readmitted', by: 'health-check' } : undefined;
  }

  snapshot(id: string): EjectionSnapshot {
    const host = this.#host(id);
    const status = host.status(this.#clock());
    return {
      state: status.kind,
      consecutiveFailures: host.consecutiveFailures,
      ejections: host.ejections,
      ...(status.kind === 'ejected' ? { ejectedUntil: status.until } : {}),
    };
  }

  /** Envoy: always allowed while nothing is ejected, otherwise only below max_ejection_percent. */
  #mayEject(now: number): boolean {
    let ejected = 0;
    for (const host of this.#hosts.values()) if (host.status(now).kind !== 'admitted') ejected++;
    return ejected === 0 || (ejected / this.#hosts.size) * 100 < this.options.maxEjectionPercent;
  }

  #host(id: string): HostEjection {
    const host = this.#hosts.get(id);
    if (host === undefined) throw new RangeError(`unknown upstream instance id: ${id}`);
    return host;
  }
}
