import { AttemptTimeoutError } from '../errors';
import { failureReason } from '../failure-reason';
import type { AvailabilityGate } from '../instance';
import {
  resolveHealthCheckOptions,
  type HealthCheckOptions,
  type ResolvedHealthCheckOptions,
} from './health-options';
import { HealthRecord, type HealthStatus } from './health-record';

export interface HealthTarget {
  readonly id: string;
  readonly url: URL;
}

/**
 * Resolves true when the instance is healthy; false, a rejection or the deadline mean not. A
 * rejection's message becomes the reason an unhealthy turn gives, so say what failed in it.
 */
export type HealthProbe = (target: HealthTarget, signal: AbortSignal) => Promise<boolean>;

/**
 * A turn in an instance's health. An unhealthy turn carries the failed probe's reason: an
 * operator whose instance stays out of rotation needs to see why (its name does not resolve, its
 * connection is refused, its readiness answers 503) without capturing packets.
 */
export type HealthChange =
  { readonly state: 'healthy' } | { readonly state: 'unhealthy'; readonly reason: string };

/** Who hears what the probes find; neither may throw. */
export interface HealthListeners {
  /** Told when an instance turns healthy or unhealthy (not on every probe). */
  readonly onChange?: (id: string, change: HealthChange) => void;
  /** Told after every probe that passed and left its instance healthy. */
  readonly onHealthyProbe?: (id: string) => void;
}

const REPORTED_UNHEALTHY = 'the probe reported it unhealthy';

type Timer = ReturnType<typeof setTimeout>;

/**
 * Active health checking: probes every target right away on `start()`, then `interval` after
 * each probe ends, or `unhealthyInterval` while the instance is not healthy or its last probe
 * failed (a chain of timeouts, so a slow probe never overlaps the next). `stop()` clears every
 * timer and aborts probes in flight; unref'd timers would still fire, so it does not rely on
 * unref.
 *
 * @example
 * const checker = new HealthChecker(instances, (target, signal) =>
 *   fetch(new URL('/health/ready', target.url), { signal }).then((res) => res.ok));
 * checker.start();
 */
export class HealthChecker {
  readonly options: ResolvedHealthCheckOptions;
  readonly #targets: readonly HealthTarget[];
  readonly #probe: HealthProbe;
  readonly #listeners: HealthListeners;
  readonly #records = new Map<string, HealthRecord>();
  readonly #timers = new Set<Timer>();
  readonly #probes = new Set<AbortController>();
  // Bumped by stop(), so results of probes from an earlier run are dropped.
  #generation = 0;
  #running = false;

  constructor(
    targets: readonly HealthTarget[],
    probe: HealthProbe,
    options: HealthCheckOptions = {},
    listeners: HealthListeners = {},
  ) {
    this.options = resolveHealthCheckOptions(options);
    this.#targets = targets;
    this.#probe = probe;
    this.#listeners = listeners;
    for (const target of targets) this.#records.set(target.id, new HealthRecord(this.options));
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    for (const target of this.#targets) this.#check(target, this.#generation);
  }

  stop(): void {
    this.#running = false;
    this.#generation += 1;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const controller of this.#probes) controller.abort();
    this.#probes.clear();
  }

  status(id: string): HealthStatus {
    return this.#record(id).status;
  }

  gateFor(id: string): AvailabilityGate {
    const record = this.#record(id);
    return { isAvailable: () => record.isAvailable() };
  }

  #check(target: HealthTarget, generation: number): void {
    const controller = new AbortController();
    this.#probes.add(controller);
    let settled = false;
    /** `failure` is why the probe failed; undefined when it passed. */
    const finish = (failure: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      this.#timers.delete(deadline);
      this.#probes.delete(controller);
      if (generation !== this.#generation) return;
      // A pass can only turn it healthy and a failure only unhealthy.
      const record = this.#record(target.id);
      const turned = record.record(failure === undefined);
      // HAProxy's `fastinter`: a healthy instance whose probe just failed is checked again at
      // the shorter pause too, so one that went down leaves rotation about two unhealthy
      // intervals after its first failed probe rather than two full intervals.
      const steady = record.status === 'healthy' && failure === undefined;
      const pause = steady ? this.options.interval : this.options.unhealthyInterval;
      this.#after(pause, () => this.#check(target, generation));
      // Last, so that the next probe is scheduled whatever the listeners do.
      if (turned !== undefined) {
        this.#listeners.onChange?.(
          target.id,
          failure === undefined ? { state: 'healthy' } : { state: 'unhealthy', reason: failure },
        );
      }
      if (failure === undefined && record.status === 'healthy') {
        this.#listeners.onHealthyProbe?.(target.id);
      }
    };
    const deadline = this.#after(this.options.timeout, () => {
      const timedOut = new AttemptTimeoutError(this.options.timeout);
      controller.abort(timedOut);
      finish(timedOut.message);
    });
    let probing: Promise<boolean>;
    try {
      probing = this.#probe(target, controller.signal);
    } catch (error) {
      probing = Promise.reject(error);
    }
    probing.then(
      (passed) => finish(passed === true ? undefined : REPORTED_UNHEALTHY),
      (error: unknown) => finish(failureReason(error)),
    );
  }

  #after(ms: number, run: () => void): Timer {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  #record(id: string): HealthRecord {
    const record = this.#records.get(id);
    if (record === undefined) throw new RangeError(`unknown upstream instance id: ${id}`);
    return record;
  }
}
