import { RequestCancelledError, UpstreamBadStatusError } from '../errors';

/**
 * Decides whether an attempt's error says something about the instance's health. It feeds the
 * breaker (through opossum's `errorFilter`), outlier ejection and failover, so all three agree.
 */
export type FailurePredicate = (error: unknown) => boolean;

/**
 * The default: a 4xx is the client's problem and the instance is evidently alive, so it does not
 * count, nor does an attempt cancelled because its client left. Upstream 5xx, timeouts,
 * connection errors and anything unrecognised do; counting unknown errors errs towards
 * protecting the instance, as Envoy maps local-origin errors onto 5xx for `consecutive_5xx`.
 *
 * @example isUpstreamFailure(new UpstreamBadStatusError(404)) // false
 */
export const isUpstreamFailure: FailurePredicate = (error) =>
  !(error instanceof RequestCancelledError) &&
  !(error instanceof UpstreamBadStatusError && error.upstreamStatus < 500);
