import { AttemptTimeoutError } from '../errors';

/** One attempt against an upstream; it must stop work when `signal` aborts. */
export type Attempt<T> = (signal: AbortSignal) => Promise<T>;

/**
 * Runs an attempt with its own AbortController and deadline. On timeout the attempt's signal is
 * aborted (reason: the AttemptTimeoutError) and the returned promise rejects at once, even if
 * the attempt ignores its signal, so a breaker never waits on a hung socket.
 *
 * Why not opossum's `timeout` + `abortController`: that controller is shared by the whole
 * breaker, so one slow request would abort every sibling in flight, and it stays aborted until
 * a state change renews it.
 */
export function withAttemptTimeout<T>(attempt: Attempt<T>, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new AttemptTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    const settle = (finish: () => void) => {
      clearTimeout(timer);
      finish();
    };
    let running: Promise<T>;
    try {
      running = attempt(controller.signal);
    } catch (error) {
      settle(() => reject(error));
      return;
    }
    running.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
