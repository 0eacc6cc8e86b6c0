import {
  AttemptTimeoutError,
  BreakerOpenError,
  InstanceEjectedError,
  UpstreamBadStatusError,
  UpstreamConnectionError,
} from '../errors';
import type { Random } from '../random';
import { requireInteger } from '../validate';

export interface RetryOptions {
  /** Retries after the first attempt, each on another instance. Envoy `num_retries` style; default 2. */
  readonly maxRetries?: number;
  /** First backoff ceiling in ms; Envoy's `base_interval` default 25. */
  readonly baseBackoffMs?: number;
  /** Backoff ceiling in ms; Envoy's default is 10x the base, 250. */
  readonly maxBackoffMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const RETRY_DEFAULTS: ResolvedRetryOptions = Object.freeze({
  maxRetries: 2,
  baseBackoffMs: 25,
  maxBackoffMs: 250,
});

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const resolved = { ...RETRY_DEFAULTS, ...options };
  requireInteger('maxRetries', resolved.maxRetries, 0, 5);
  requireInteger('baseBackoffMs', resolved.baseBackoffMs, 1, 10_000);
  requireInteger('maxBackoffMs', resolved.maxBackoffMs, resolved.baseBackoffMs, 60_000);
  return resolved;
}

/** Statuses that say "this instance, now" rather than "this request": Envoy's `retriable-status-codes` set for gateways. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/**
 * Whether another instance might answer where this attempt failed: connection errors, timeouts,
 * 502/503/504, and refusals (open breaker, ejected) where nothing was sent. A 500 is not
 * retried: the request itself may be what breaks the service.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof UpstreamBadStatusError) return RETRYABLE_STATUSES.has(error.upstreamStatus);
  return (
    error instanceof UpstreamConnectionError ||
    error instanceof AttemptTimeoutError ||
    error instanceof BreakerOpenError ||
    error instanceof InstanceEjectedError
  );
}

/**
 * Full-jitter exponential backoff (as Envoy does it): a uniform draw in [0, min(cap, base * 2^n)),
 * so retries from many requests spread out instead of arriving together.
 *
 * @param retry 1 for the first retry, 2 for the second...
 */
export function backoffMs(retry: number, options: ResolvedRetryOptions, random: Random): number {
  const ceiling = Math.min(options.maxBackoffMs, options.baseBackoffMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
