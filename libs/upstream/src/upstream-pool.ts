import type { Balancer } from './balancers/balancer';
import { createBalancer } from './balancers/create-balancer';
import { resolveBreakerOptions, type ResolvedBreakerOptions } from './breaker/breaker-options';
import { InstanceBreaker } from './breaker/instance-breaker';
import type { Attempt } from './breaker/with-attempt-timeout';
import { callWithFailover } from './call-with-failover';
import { InstanceEjectedError, RequestCancelledError } from './errors';
import { failureReason } from './failure-reason';
import { HealthChecker, type HealthChange } from './health/health-checker';
import { UpstreamInstance, type InstanceSpec } from './instance';
import type { InstanceEvent, InstanceEventListener } from './instance-event';
import type { AttemptVerdict } from './outlier/host-ejection';
import { OutlierDetector, type EjectionChange } from './outlier/outlier-detector';
import type {
  CallResult,
  PoolSnapshot,
  UpstreamPoolDependencies,
  UpstreamPoolOptions,
} from './pool-types';
import { requireInteger } from './validate';

interface Member {
  readonly instance: UpstreamInstance;
  readonly breaker: InstanceBreaker;
  requests: number;
  failures: number;
}

/**
 * All instances of one upstream service with their breakers, outlier detector, health checker
 * and balancer. `pick()` only returns an instance all three allow; `undefined` is the caller's
 * cue to fail fast (503) rather than queue.
 *
 * @example
 * const catalog = new UpstreamPool({ service: 'catalog', instances: parseUpstreams(raw) });
 * const result = await catalog.call((instance, signal) => getJson(instance.url, signal));
 */
export class UpstreamPool {
  readonly service: string;
  readonly instances: readonly UpstreamInstance[];
  readonly #members = new Map<string, Member>();
  readonly #breakerOptions: ResolvedBreakerOptions;
  readonly #balancer: Balancer;
  readonly #outlier: OutlierDetector;
  readonly #health: HealthChecker | undefined;
  #shutDown = false;
  readonly #maxAttempts: number;
  readonly #onEvent: InstanceEventListener | undefined;

  constructor(options: UpstreamPoolOptions, dependencies: UpstreamPoolDependencies = {}) {
    const specs = uniqueSpecs(options.instances);
    this.service = options.service;
    this.#maxAttempts = requireInteger('maxAttempts', options.maxAttempts ?? 2, 1, 10);
    this.#breakerOptions = resolveBreakerOptions(options.breaker);
    const chosen = options.balancer ?? 'weighted-round-robin';
    this.#balancer =
      typeof chosen === 'string' ? createBalancer(chosen, { random: dependencies.random }) : chosen;
    const ids = specs.map((spec) => spec.id);
    this.#outlier = new OutlierDetector(ids, options.outlier, dependencies.clock);
    const onEvent = dependencies.onInstanceEvent;
    this.#onEvent = onEvent;
    const { probe, ...healthOptions } = options.healthCheck ?? {};
    this.#health =
      probe &&
      new HealthChecker(specs, probe, healthOptions, {
        ...(onEvent && {
          onChange: (id: string, change: HealthChange) =>
            onEvent(id, { gate: 'health', ...change }),
        }),
        onHealthyProbe: (id) =>
          this.#tellEjection(id, this.#outlier.readmitAfterHealthyProbe(id), undefined),
      });
    this.instances = specs.map((spec) => {
      const breaker = new InstanceBreaker(spec.id, this.#breakerOptions);
      // Shutdown drops the breaker's listeners, this one with them.
      if (onEvent)
        breaker.onStateChange((change) => onEvent(spec.id, { gate: 'breaker', ...change }));
      const instance = new UpstreamInstance(spec, {
        breaker,
        ejection: this.#outlier.gateFor(spec.id),
        ...(this.#health ? { health: this.#health.gateFor(spec.id) } : {}),
      });
      this.#members.set(spec.id, { instance, breaker, requests: 0, failures: 0 });
      return instance;
    });
  }

  /** Starts active health checks, if configured. */
  start(): void {
    this.#health?.start();
  }

  pick(exclude?: ReadonlySet<string>): UpstreamInstance | undefined {
    return this.#balancer.pick(this.instances, exclude);
  }

  /**
   * Sends one attempt to `instance` through its breaker, counting it in flight and feeding its
   * outcome to outlier detection. Rejects with the attempt's error or a typed refusal. The
   * attempt's signal also aborts when `parent` does.
   */
  async execute<T>(
    instance: UpstreamInstance,
    attempt: Attempt<T>,
    parent?: AbortSignal,
  ): Promise<T> {
    const member = this.#member(instance.id);
    if (!this.#outlier.tryAcquire(instance.id)) throw new InstanceEjectedError(instance.id);
    const release = instance.track();
    let sent = false;
    try {
      const value = await member.breaker.execute((signal) => {
        sent = true;
        member.requests += 1;
        return attempt(signal);
      }, parent);
      this.#tellEjection(instance.id, this.#outlier.record(instance.id, 'success'), undefined);
      return value;
    } catch (error) {
      // A cancelled attempt was sent but cut off by its caller: like a refusal, it says nothing.
      const cancelled = error instanceof RequestCancelledError;
      const failed = sent && !cancelled && this.#breakerOptions.isFailure(error);
      if (failed) member.failures += 1;
      this.#tellEjection(
        instance.id,
        this.#outlier.record(instance.id, verdictFor(sent && !cancelled, failed)),
        error,
      );
      throw error;
    } finally {
      release();
    }
  }

  /**
   * Picks, sends, and on a failure or refusal fails over to a different instance, up to
   * `maxAttempts`. A non-failure error (a 4xx) is returned at once: another instance would say
   * the same. Pass `{ maxAttempts: 1 }` for requests that are not safe to repeat.
   */
  async call<T>(
    attempt: (instance: UpstreamInstance, signal: AbortSignal) => Promise<T>,
    options: { readonly maxAttempts?: number } = {},
  ): Promise<CallResult<T>> {
    const maxAttempts = requireInteger(
      'maxAttempts',
      options.maxAttempts ?? this.#maxAttempts,
      1,
      10,
    );
    return callWithFailover(this, attempt, maxAttempts, this.#breakerOptions.isFailure);
  }

  snapshot(): PoolSnapshot {
    return {
      service: this.service,
      instances: this.instances.map((instance) => {
        const member = this.#member(instance.id);
        return {
          id: instance.id,
          url: instance.url.href,
          weight: instance.weight,
          available: instance.isAvailable(),
          breaker: member.breaker.state,
          health: this.#health?.status(instance.id) ?? 'unknown',
          inFlight: instance.inFlight,
          requests: member.requests,
          failures: member.failures,
          ejection: this.#outlier.snapshot(instance.id),
        };
      }),
    };
  }

  /**
   * Stops health checks and every breaker's timers; the pool refuses everything afterwards, and
   * attempts still in flight end without telling anyone: after a reload, the running pool's
   * instance of the same URL is the one whose turns are news.
   */
  shutdown(): void {
    this.#shutDown = true;
    this.#health?.stop();
    for (const { breaker } of this.#members.values()) breaker.shutdown();
  }

  /** Passes an ejection or readmission on; an ejection with the failure that caused it. */
  #tellEjection(instanceId: string, change: EjectionChange | undefined, error: unknown): void {
    if (change === undefined || this.#shutDown) return;
    const event: InstanceEvent =
      change.state === 'ejected' ? { ...change, reason: failureReason(error) } : change;
    this.#onEvent?.(instanceId, event);
  }

  #member(id: string): Member {
    const member = this.#members.get(id);
    if (member === undefined) throw new RangeError(`instance ${id} is not in pool ${this.service}`);
    return member;
  }
}

function uniqueSpecs(specs: readonly InstanceSpec[]): readonly InstanceSpec[] {
  if (specs.length === 0) throw new RangeError('an upstream pool needs at least one instance');
  const ids = new Set(specs.map((spec) => spec.id));
  if (ids.size !== specs.length) throw new RangeError('upstream instance ids must be unique');
  return specs;
}

/** Refusals never reached the instance and cancellations were cut off: neither says anything. */
function verdictFor(counted: boolean, failed: boolean): AttemptVerdict {
  if (!counted) return 'skipped';
  return failed ? 'failure' : 'success';
}
