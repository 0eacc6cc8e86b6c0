import { DeadlineExceededError } from './errors';

/**
 * A request's overall deadline as an AbortSignal, with its timer owned and cleared by `dispose()`
 * (unlike `AbortSignal.timeout`, whose timer outlives the request until it fires).
 *
 * @example
 * const deadline = new Deadline(3000);
 * try { await client.send(request, { signal: deadline.signal }); } finally { deadline.dispose(); }
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly expiresAt: number;

  constructor(
    readonly ms: number,
    now: () => number = Date.now,
  ) {
    this.expiresAt = now() + ms;
    this.#timer = setTimeout(() => this.#controller.abort(new DeadlineExceededError(ms)), ms);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
