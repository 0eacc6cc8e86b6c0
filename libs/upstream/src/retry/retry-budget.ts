import { requireInteger } from '../validate';

export interface RetryBudgetOptions {
  /** Share of active requests that may be retries at once; Envoy `budget_percent` 20. */
  readonly budgetPercent?: number;
  /** Retries always allowed at once, however few requests are active; Envoy `min_retry_concurrency` 3. */
  readonly minRetryConcurrency?: number;
}

/**
 * Envoy's retry budget: concurrent retries stay within max(min, percent x active requests), so
 * when a whole service is failing retries cannot multiply the load it is drowning in.
 */
export class RetryBudget {
  readonly #percent: number;
  readonly #min: number;
  #active = 0;
  #retries = 0;

  constructor(options: RetryBudgetOptions = {}) {
    this.#percent = requireInteger('budgetPercent', options.budgetPercent ?? 20, 0, 100);
    this.#min = requireInteger('minRetryConcurrency', options.minRetryConcurrency ?? 3, 0, 10_000);
  }

  get activeRequests(): number {
    return this.#active;
  }

  get activeRetries(): number {
    return this.#retries;
  }

  /** Counts a request as active until the returned release runs (idempotent). */
  enter(): () => void {
    this.#active += 1;
    return once(() => (this.#active -= 1));
  }

  /** A release function when a retry fits in the budget now, else undefined. */
  tryRetry(): (() => void) | undefined {
    const allowed = Math.max(this.#min, Math.floor((this.#active * this.#percent) / 100));
    if (this.#retries >= allowed) return undefined;
    this.#retries += 1;
    return once(() => (this.#retries -= 1));
  }
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      action();
    }
  };
}
