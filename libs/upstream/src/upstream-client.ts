import { setTimeout as sleep } from 'node:timers/promises';
import { RequestCancelledError, UpstreamConnectionError, UpstreamUnavailableError } from './errors';
import type { UpstreamInstance } from './instance';
import { systemRandom, type Random } from './random';
import { RetryBudget, type RetryBudgetOptions } from './retry/retry-budget';
import {
  backoffMs,
  isRetryable,
  resolveRetryOptions,
  type ResolvedRetryOptions,
  type RetryOptions,
} from './retry/retry-policy';
import type { Transport, UpstreamRequest, UpstreamResponse } from './transport/upstream-request';
import type { UpstreamPool } from './upstream-pool';

/** How an attempt ended; `cancelled` when its caller gave up (the client left) before the answer. */
export type AttemptOutcome = 'ok' | 'failure' | 'cancelled';

/** Hooks for metrics; every one is optional and must not throw. */
export interface UpstreamObserver {
  picked?(service: string, instanceId: string): void;
  attempted?(service: string, instanceId: string, outcome: AttemptOutcome, seconds: number): void;
  retried?(service: string): void;
}

export interface UpstreamClientOptions {
  readonly retry?: RetryOptions;
  readonly budget?: RetryBudgetOptions;
  readonly observer?: UpstreamObserver;
  readonly random?: Random;
}

/** Safe to send twice: a retry cannot do what the first attempt did not already do. */
function mayRetry(request: UpstreamRequest): boolean {
  if (request.method !== 'POST') return true;
  // A POST is repeatable only when the service deduplicates it by key.
  return Object.keys(request.headers ?? {}).some((h) => h.toLowerCase() === 'idempotency-key');
}

/**
 * Sends requests to one service: picks an instance with the pool's balancer, sends through its
 * breaker, and fails over to a different instance on a retryable failure, with jittered backoff,
 * inside the retry budget and the caller's deadline (its `signal`).
 */
export class UpstreamClient {
  readonly #retry: ResolvedRetryOptions;
  readonly #budget: RetryBudget;
  readonly #observer: UpstreamObserver;
  readonly #random: Random;

  constructor(
    readonly pool: UpstreamPool,
    readonly transport: Transport,
    options: UpstreamClientOptions = {},
  ) {
    this.#retry = resolveRetryOptions(options.retry);
    this.#budget = new RetryBudget(options.budget);
    this.#observer = options.observer ?? {};
    this.#random = options.random ?? systemRandom;
  }

  get service(): string {
    return this.pool.service;
  }

  async send(request: UpstreamRequest, signal?: AbortSignal): Promise<UpstreamResponse> {
    const leave = this.#budget.enter();
    const tried = new Set<string>();
    const retryable = mayRetry(request);
    let releaseRetry: (() => void) | undefined;
    try {
      for (let retries = 0; ; retries += 1) {
        signal?.throwIfAborted();
        const instance = this.pool.pick(tried);
        if (instance === undefined) throw new UpstreamUnavailableError(this.service);
        tried.add(instance.id);
        try {
          return await this.#attempt(instance, request, signal);
        } catch (error) {
          releaseRetry?.();
          releaseRetry = undefined;
          // A connection never made (refused, unreachable, not made in time) sent nothing and
          // cost the service nothing: any request may fail over, and at once.
          const refused = error instanceof UpstreamConnectionError && error.refused;
          const again = retryable || refused;
          if (!again || retries >= this.#retry.maxRetries || !isRetryable(error)) throw error;
          const pause = refused ? 0 : backoffMs(retries + 1, this.#retry, this.#random);
          if (pause > 0) {
            await sleep(pause, undefined, { signal }).catch(() => Promise.reject(error));
          }
          if (signal?.aborted) throw error;
          // No instance left to fail over to: the error we have is the answer. Asked without
          // pick(): a pick moves the balancer (cursor, current weights), so probing with one
          // would skip an instance and skew the configured shares on every failover.
          const left = this.pool.instances.some((i) => !tried.has(i.id) && i.isAvailable());
          if (!left) throw error;
          // The budget counts retries on the wire, taken after the backoff: a retry that is only
          // waiting loads no upstream, and holding a slot while asleep would shed failovers
          // exactly when one instance has just died under load.
          releaseRetry = this.#budget.tryRetry();
          if (releaseRetry === undefined) throw error;
          this.#observer.retried?.(this.service);
        }
      }
    } finally {
      releaseRetry?.();
      leave();
    }
  }

  async #attempt(
    instance: UpstreamInstance,
    request: UpstreamRequest,
    signal: AbortSignal | undefined,
  ): Promise<UpstreamResponse> {
    this.#observer.picked?.(this.service, instance.id);
    const started = performance.now();
    try {
      const response = await this.pool.execute(
        instance,
        (attemptSignal) => this.transport.send(instance, request, attemptSignal),
        signal,
      );
      this.#observer.attempted?.(
        this.service,
        instance.id,
        'ok',
        (performance.now() - started) / 1e3,
      );
      return response;
    } catch (error) {
      this.#observer.attempted?.(
        this.service,
        instance.id,
        error instanceof RequestCancelledError ? 'cancelled' : 'failure',
        (performance.now() - started) / 1e3,
      );
      throw error;
    }
  }
}
