import type { BranchResult, BranchStatus } from '@cartwheel/contracts';
import { HttpError } from '@cartwheel/service-kit';
import {
  AttemptTimeoutError,
  BreakerOpenError,
  DeadlineExceededError,
  InstanceEjectedError,
  UpstreamUnavailableError,
  isUpstreamError,
} from '@cartwheel/upstream';

/** What a branch produced; `stale` when it came from a cache entry because the upstream failed. */
export interface BranchValue<T> {
  readonly value: T;
  readonly stale: boolean;
}

export interface Branch<T> {
  /** The branch's own deadline: a slow optional branch must not hold the whole answer. */
  readonly deadlineMs: number;
  readonly run: (signal: AbortSignal) => Promise<BranchValue<T>>;
}

/** The branch's deadline passed before it answered; its signal was aborted with this. */
export class BranchDeadlineError extends Error {
  readonly code = 'BRANCH_DEADLINE';
  constructor(readonly deadlineMs: number) {
    super(`branch deadline of ${deadlineMs} ms passed`);
    this.name = 'BranchDeadlineError';
  }
}

type FailedStatus = Exclude<BranchStatus, 'ok' | 'stale'>;

/** Maps a branch failure onto the status clients see; by error class, never by message. */
export function branchStatusOf(error: unknown): FailedStatus {
  // The request's own deadline (a parent abort) is a timeout too, as `upstreamFailure` maps it.
  if (
    error instanceof BranchDeadlineError ||
    error instanceof AttemptTimeoutError ||
    error instanceof DeadlineExceededError
  ) {
    return 'timeout';
  }
  if (
    error instanceof BreakerOpenError ||
    error instanceof InstanceEjectedError ||
    error instanceof UpstreamUnavailableError
  ) {
    return 'breaker-open';
  }
  return 'error';
}

function describe(error: unknown): string {
  // A relayed problem (CART_NOT_FOUND...) says more than any class of ours.
  if (
    isUpstreamError(error) ||
    error instanceof BranchDeadlineError ||
    error instanceof HttpError
  ) {
    return error.code;
  }
  return 'UPSTREAM_ERROR';
}

/**
 * Runs one branch under its deadline and turns every outcome into data. The branch's signal is
 * aborted at the deadline (or when `parent` aborts), so its upstream call is really cancelled.
 */
export async function runBranch<T>(
  branch: Branch<T>,
  parent?: AbortSignal,
): Promise<BranchResult<T>> {
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(parent?.reason);
  // An 'abort' event fires once: a parent that is already aborted must be forwarded by hand.
  if (parent?.aborted) forwardAbort();
  else parent?.addEventListener('abort', forwardAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new BranchDeadlineError(branch.deadlineMs);
      controller.abort(error);
      reject(error);
    }, branch.deadlineMs);
  });
  try {
    const { value, stale } = await Promise.race([branch.run(controller.signal), deadline]);
    return { ok: true, value, status: stale ? 'stale' : 'ok' };
  } catch (error) {
    return { ok: false, status: branchStatusOf(error), detail: describe(error) };
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', forwardAbort);
  }
}

type Results<B extends Record<string, Branch<unknown>>> = {
  [K in keyof B]: B[K] extends Branch<infer T> ? BranchResult<T> : never;
};

/** Runs every branch in parallel; resolves when all have answered or hit their deadlines. */
export async function fanOut<B extends Record<string, Branch<unknown>>>(
  branches: B,
  parent?: AbortSignal,
): Promise<Results<B>> {
  const entries = Object.entries(branches);
  const results = await Promise.all(entries.map(([, branch]) => runBranch(branch, parent)));
  return Object.fromEntries(entries.map(([name], i) => [name, results[i]])) as Results<B>;
}
