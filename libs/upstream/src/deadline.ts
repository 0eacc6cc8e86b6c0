import { DeadlineExceededError } from './errors';

/**
 * A request's overall deadline as an AbortSignal, with its timer owned and cleared by `dispose()`
 * (unlike `AbortSignal.timeout`, whose timer outlives the request until it fires).
 *
 * `startedAt` lets a deadline be made when first needed yet count from the request's arrival:
 * it keeps only the time that is left, and one already past is aborted at once.
 *
 * @example
 * const deadline = new Deadline(3000);
 * try { await client.send(request, deadline.signal); } finally { deadline.dispose(); }
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout | undefined;
  readonly expiresAt: number;

  constructor(
    readonly ms: number,
    now: () => number = Date.now,
    startedAt: number = now(),
  ) {
    this.expiresAt = startedAt + ms;
    const left = this.expiresAt - now();
    if (left <= 0) this.#controller.abort(new DeadlineExceededError(ms));
    else
      this.#timer = setTimeout(() => this.#controller.abort(new DeadlineExceededError(ms)), left);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * Aborts now with `reason` (the client went away, say), unless already aborted, and clears the
   * timer.
   */
  abort(reason: Error): void {
    clearTimeout(this.#timer);
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
