import { AttemptTimeoutError } from '../errors';

/** One attempt against an upstream; it must stop work when `signal` aborts. */
export type Attempt<T> = (signal: AbortSignal) => Promise<T>;

/**
 * Runs an attempt with its own AbortController and deadline, also aborted when the caller's
 * `parent` signal (the whole request's deadline, a client that went away) aborts. Either way the
 * attempt's signal is aborted with the reason and the returned promise rejects at once, even if
 * the attempt ignores its signal, so a breaker never waits on a hung socket.
 *
 * Why not opossum's `timeout` + `abortController`: that controller is shared by the whole
 * breaker, so one slow request would abort every sibling in flight, and it stays aborted until
 * a state change renews it. Why one controller for both causes: a second one linked to the
 * first cost two more listeners and an AbortController on every proxied request.
 */
export function withAttemptTimeout<T>(
  attempt: Attempt<T>,
  timeoutMs: number,
  parent?: AbortSignal,
): Promise<T> {
  if (parent?.aborted) return Promise.reject(parent.reason as Error);
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const stop = (reason: unknown) => {
      controller.abort(reason);
      reject(reason as Error);
    };
    const onParentAbort = () => settle(() => stop(parent?.reason));
    const timer = setTimeout(
      () => settle(() => stop(new AttemptTimeoutError(timeoutMs))),
      timeoutMs,
    );
    parent?.addEventListener('abort', onParentAbort, { once: true });
    function settle(finish: () => void): void {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
      finish();
    }
    let running: Promise<T>;
    try {
      running = attempt(controller.signal);
    } catch (error) {
      settle(() => reject(error as Error));
      return;
    }
    running.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error as Error)),
    );
  });
}
