import type CircuitBreaker from 'opossum';
import { RequestCancelledError } from '../errors';
import { requireInteger } from '../validate';
import { isUpstreamFailure, type FailurePredicate } from './failure-classifier';

/** Options for one instance's breaker; names follow opossum so its docs apply. */
export interface BreakerOptions {
  /** Opens when failures exceed this share of attempts in the window. Hystrix/opossum: 50. */
  readonly errorThresholdPercentage?: number;
  /** Length of the rolling statistics window in ms. Hystrix/opossum: 10000. */
  readonly rollingCountTimeout?: number;
  /** Buckets in the window; must divide it evenly, as Hystrix requires. Hystrix/opossum: 10. */
  readonly rollingCountBuckets?: number;
  /** Attempts needed in the window before it may open. Hystrix `requestVolumeThreshold`: 20. */
  readonly volumeThreshold?: number;
  /** How long it stays open before one trial, in ms; at least the window. Default 10000. */
  readonly resetTimeout?: number;
  /**
   * Per-attempt deadline in ms, after which the attempt's signal is aborted. Default 1000: our
   * upstreams are in-cluster services answering in tens of ms, so 1 s is far past a healthy p99
   * yet leaves room for a failover attempt inside a client's patience. (Envoy's 15 s route
   * timeout is sized for arbitrary internet upstreams.) Must be below `resetTimeout`.
   */
  readonly attemptTimeout?: number;
  /** Which errors count against the instance. Default: everything except upstream 4xx. */
  readonly isFailure?: FailurePredicate;
}

export type ResolvedBreakerOptions = Required<BreakerOptions>;

export const BREAKER_DEFAULTS: ResolvedBreakerOptions = Object.freeze({
  errorThresholdPercentage: 50,
  rollingCountTimeout: 10_000,
  rollingCountBuckets: 10,
  volumeThreshold: 20,
  resetTimeout: 10_000,
  attemptTimeout: 1_000,
  isFailure: isUpstreamFailure,
});

const HOUR = 3_600_000;

export function resolveBreakerOptions(options: BreakerOptions = {}): ResolvedBreakerOptions {
  const resolved = { ...BREAKER_DEFAULTS, ...options };
  requireInteger('errorThresholdPercentage', resolved.errorThresholdPercentage, 1, 99);
  requireInteger('rollingCountTimeout', resolved.rollingCountTimeout, 10, HOUR);
  requireInteger('rollingCountBuckets', resolved.rollingCountBuckets, 1, 1000);
  requireInteger('volumeThreshold', resolved.volumeThreshold, 0, 1_000_000);
  requireInteger('resetTimeout', resolved.resetTimeout, resolved.rollingCountTimeout, HOUR);
  // Below resetTimeout, so an attempt started before the breaker opened has always settled
  // before the half-open trial: a stale success can never close the breaker on its behalf.
  requireInteger('attemptTimeout', resolved.attemptTimeout, 1, resolved.resetTimeout - 1);
  if (resolved.rollingCountTimeout % resolved.rollingCountBuckets !== 0) {
    throw new RangeError(
      `rollingCountTimeout (${resolved.rollingCountTimeout}) must be divisible by ` +
        `rollingCountBuckets (${resolved.rollingCountBuckets})`,
    );
  }
  return resolved;
}

/**
 * A fresh opossum options object on every call: opossum writes its defaults into the object it
 * is given, so sharing one between breakers would leak state between instances.
 *
 * `inTrial` says whether the breaker is half-open. opossum knows no outcome that counts neither
 * way, and a filtered error counts as a success: harmless for a cancelled attempt while closed
 * (one more in the window), but a cancelled half-open trial would close the breaker on no
 * evidence. That one counts as a failure instead, and the breaker waits another resetTimeout.
 */
export function toOpossumOptions(
  options: ResolvedBreakerOptions,
  name: string,
  inTrial: () => boolean = () => false,
): CircuitBreaker.Options {
  const { isFailure } = options;
  return {
    name,
    // Our own per-attempt timeout aborts each attempt's own signal; see with-attempt-timeout.ts.
    timeout: false,
    errorThresholdPercentage: options.errorThresholdPercentage,
    rollingCountTimeout: options.rollingCountTimeout,
    rollingCountBuckets: options.rollingCountBuckets,
    volumeThreshold: options.volumeThreshold,
    resetTimeout: options.resetTimeout,
    allowWarmUp: false,
    // opossum counts a filtered error as a success, which is what a 4xx is for the instance.
    errorFilter: (error: unknown) =>
      error instanceof RequestCancelledError ? !inTrial() : !isFailure(error),
    // Nobody listens to snapshots, and without them each breaker needs one timer, not two.
    enableSnapshots: false,
    // Percentiles make opossum sort every latency in the window on each failure.
    rollingPercentilesEnabled: false,
  };
}
