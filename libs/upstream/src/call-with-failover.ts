import type { FailurePredicate } from './breaker/failure-classifier';
import type { Attempt } from './breaker/with-attempt-timeout';
import { BreakerOpenError, InstanceEjectedError, UpstreamUnavailableError } from './errors';
import type { UpstreamInstance } from './instance';
import type { CallResult } from './pool-types';

/** The slice of a pool that failover drives; `UpstreamPool` is one. */
export interface FailoverTarget {
  readonly service: string;
  pick(exclude: ReadonlySet<string>): UpstreamInstance | undefined;
  execute<T>(instance: UpstreamInstance, attempt: Attempt<T>): Promise<T>;
}

/**
 * Tries up to `maxAttempts` distinct instances, moving on after a refusal (breaker open,
 * ejected: nothing was sent) or a failure by `isFailure`. Any other error, such as a 4xx, ends
 * the call at once because another instance would answer the same. With no instance left to
 * pick it reports the last error, or UpstreamUnavailableError if none was tried.
 */
export async function callWithFailover<T>(
  target: FailoverTarget,
  attempt: (instance: UpstreamInstance, signal: AbortSignal) => Promise<T>,
  maxAttempts: number,
  isFailure: FailurePredicate,
): Promise<CallResult<T>> {
  const tried = new Set<string>();
  let lastError: unknown = new UpstreamUnavailableError(target.service);
  while (tried.size < maxAttempts) {
    const instance = target.pick(tried);
    if (instance === undefined) break;
    tried.add(instance.id);
    try {
      const value = await target.execute(instance, (signal) => attempt(instance, signal));
      return { ok: true, value, instanceId: instance.id, attempts: tried.size };
    } catch (error) {
      lastError = error;
      const refused = error instanceof BreakerOpenError || error instanceof InstanceEjectedError;
      if (!refused && !isFailure(error)) break;
    }
  }
  return { ok: false, error: lastError, attempts: tried.size };
}
