import CircuitBreaker from 'opossum';
import { BreakerOpenError } from '../errors';
import { failureReason } from '../failure-reason';
import type { AvailabilityGate } from '../instance';
import {
  resolveBreakerOptions,
  toOpossumOptions,
  type BreakerOptions,
  type ResolvedBreakerOptions,
} from './breaker-options';
import { admitsAttempt, readBreakerState, type BreakerState } from './breaker-state';
import { withAttemptTimeout, type Attempt } from './with-attempt-timeout';

type Run = () => Promise<unknown>;

/** A breaker's turn. Opening carries the failure that tripped it, for the operator's log. */
export type BreakerChange =
  { readonly state: 'open'; readonly reason: string } | { readonly state: 'half-open' | 'closed' };

/**
 * One upstream instance's circuit breaker: opossum's rolling-window breaker behind a typed
 * policy. Each attempt gets its own signal and deadline; refusals surface as BreakerOpenError.
 *
 * @example
 * const breaker = new InstanceBreaker('catalog-1');
 * const body = await breaker.execute((signal) => fetchJson(url, { signal }));
 */
export class InstanceBreaker implements AvailabilityGate {
  readonly options: ResolvedBreakerOptions;
  readonly #breaker: CircuitBreaker<[Run], unknown>;
  // opossum emits `failure` before it decides to open, so at `open` this is the failure that
  // tripped it (the last of the rate, or the half-open trial's).
  #lastFailure = 'no failure recorded';

  constructor(
    readonly instanceId: string,
    options: BreakerOptions = {},
  ) {
    this.options = resolveBreakerOptions(options);
    this.#breaker = new CircuitBreaker(
      (run: Run) => run(),
      toOpossumOptions(this.options, instanceId, () => this.#breaker.halfOpen),
    );
    this.#breaker.on('failure', (error: unknown) => {
      this.#lastFailure = failureReason(error);
    });
  }

  get state(): BreakerState {
    return readBreakerState(this.#breaker);
  }

  /** False while open, and while half-open once its single trial is under way. */
  isAvailable(): boolean {
    return admitsAttempt(this.#breaker);
  }

  /**
   * Runs the attempt through the breaker. Rejects with BreakerOpenError when refused (nothing
   * was sent), AttemptTimeoutError on the deadline, `parent`'s reason when that aborts first, or
   * whatever the attempt itself threw.
   */
  async execute<T>(attempt: Attempt<T>, parent?: AbortSignal): Promise<T> {
    // Before the breaker sees it: an attempt never sent must not count for or against anyone.
    parent?.throwIfAborted();
    const run = () => withAttemptTimeout(attempt, this.options.attemptTimeout, parent);
    try {
      // The action is `run => run()`, so what comes back is exactly the attempt's T.
      return (await this.#breaker.fire(run)) as T;
    } catch (error) {
      // opossum's own rejections (open, shut down) are marked; the attempt's errors pass through.
      if (error instanceof Error && CircuitBreaker.isOurError(error)) {
        throw new BreakerOpenError(this.instanceId);
      }
      throw error;
    }
  }

  /** Calls `listener` on every transition; returns the unsubscribe function. */
  onStateChange(listener: (change: BreakerChange) => void): () => void {
    const notify = () => {
      const state = this.state;
      listener(state === 'open' ? { state, reason: this.#lastFailure } : { state });
    };
    this.#breaker.on('open', notify).on('halfOpen', notify).on('close', notify);
    return () => {
      this.#breaker.off('open', notify).off('halfOpen', notify).off('close', notify);
    };
  }

  /** Stops opossum's bucket timer and reset timer and drops every listener; refuses from then on. */
  shutdown(): void {
    this.#breaker.shutdown();
    this.#breaker.removeAllListeners();
  }
}
