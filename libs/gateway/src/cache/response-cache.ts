import { LRUCache } from 'lru-cache';

export interface ResponseCacheOptions {
  /** Entries kept at most (LRU beyond that). */
  readonly max: number;
  /** An entry younger than this is served without asking upstream. */
  readonly ttlMs: number;
  /** An entry younger than this may still answer when upstream fails (RFC 5861 stale-if-error). */
  readonly staleIfErrorMs: number;
  /** Which load failures a stale entry may cover; default all. A 404 is an answer, not an error. */
  readonly staleOn?: (error: unknown) => boolean;
  readonly now?: () => number;
}

export type CacheOutcome<V> =
  | { readonly source: 'hit' | 'miss' | 'coalesced'; readonly value: V; readonly ageMs: number }
  | {
      readonly source: 'stale';
      readonly value: V;
      readonly ageMs: number;
      readonly error: unknown;
    };

interface Entry<V> {
  readonly value: V;
  readonly storedAt: number;
}

/** One upstream load shared by every caller waiting for the same key. */
interface SharedLoad<V> {
  readonly key: string;
  readonly promise: Promise<V>;
  readonly controller: AbortController;
  waiters: number;
}

/** Loads a value; it must stop when `signal` aborts. */
export type Load<V> = (signal: AbortSignal | undefined) => Promise<V>;

/** Whose signal a caller waits under; read only on a miss, so a hit never makes a deadline. */
export interface LoadScope {
  readonly signal: AbortSignal;
}

/**
 * A read-through cache for upstream answers: fresh entries are served as they are, identical
 * concurrent misses share one upstream call, and when the upstream fails an entry up to
 * `staleIfErrorMs` old answers instead (marked stale so the caller can flag it).
 *
 * A shared call runs under its own signal, not its first caller's: a caller whose signal aborts
 * (its deadline, its client gone) stops waiting with its own reason, and the call is aborted
 * only when the last of its callers has stopped waiting.
 */
export class ResponseCache<V extends NonNullable<unknown>> {
  readonly #entries: LRUCache<string, Entry<V>>;
  readonly #inFlight = new Map<string, SharedLoad<V>>();
  readonly #options: ResponseCacheOptions;
  readonly #now: () => number;

  constructor(options: ResponseCacheOptions) {
    if (options.ttlMs < 0 || options.staleIfErrorMs < options.ttlMs) {
      throw new RangeError(
        `need 0 <= ttlMs <= staleIfErrorMs, got ${options.ttlMs} and ${options.staleIfErrorMs}`,
      );
    }
    this.#options = options;
    this.#now = options.now ?? Date.now;
    // lru-cache only bounds size here; freshness is ours, measured with the injected clock.
    this.#entries = new LRUCache({ max: Math.max(1, options.max) });
  }

  /** A fresh entry, without loading anything. */
  peek(key: string): V | undefined {
    const entry = this.#entries.get(key);
    return entry !== undefined && this.#age(entry) < this.#options.ttlMs ? entry.value : undefined;
  }

  /** An entry still within the stale-if-error window, with its age. */
  peekStale(key: string): { value: V; ageMs: number } | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || this.#age(entry) >= this.#options.staleIfErrorMs) return undefined;
    return { value: entry.value, ageMs: this.#age(entry) };
  }

  set(key: string, value: V): void {
    if (this.#options.ttlMs > 0) this.#entries.set(key, { value, storedAt: this.#now() });
  }

  async get(key: string, load: Load<V>, scope?: LoadScope): Promise<CacheOutcome<V>> {
    // TTL 0 is "cache off": every call goes upstream, not even coalesced with its twins.
    if (this.#options.ttlMs === 0)
      return { source: 'miss', value: await load(scope?.signal), ageMs: 0 };
    const fresh = this.#entries.get(key);
    if (fresh !== undefined && this.#age(fresh) < this.#options.ttlMs) {
      return { source: 'hit', value: fresh.value, ageMs: this.#age(fresh) };
    }
    const pending = this.#inFlight.get(key);
    try {
      const signal = scope?.signal;
      signal?.throwIfAborted();
      const value = await this.#wait(pending ?? this.#load(key, load), signal);
      return { source: pending === undefined ? 'miss' : 'coalesced', value, ageMs: 0 };
    } catch (error) {
      const stale = this.#options.staleOn?.(error) === false ? undefined : this.peekStale(key);
      if (stale === undefined) throw error;
      return { source: 'stale', value: stale.value, ageMs: stale.ageMs, error };
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  #load(key: string, load: Load<V>): SharedLoad<V> {
    const controller = new AbortController();
    const promise = load(controller.signal)
      .then((value) => {
        this.set(key, value);
        return value;
      })
      .finally(() => {
        if (this.#inFlight.get(key) === shared) this.#inFlight.delete(key);
      });
    const shared: SharedLoad<V> = { key, promise, controller, waiters: 0 };
    this.#inFlight.set(key, shared);
    return shared;
  }

  /** Waits for a shared load until it settles or `signal` aborts, whichever comes first. */
  #wait(shared: SharedLoad<V>, signal: AbortSignal | undefined): Promise<V> {
    shared.waiters += 1;
    // A caller without a signal never leaves, so the load is never aborted under it.
    if (signal === undefined) return shared.promise;
    return new Promise<V>((resolve, reject) => {
      const leave = () => {
        this.#leave(shared, signal.reason);
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', leave, { once: true });
      shared.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error as Error);
        },
      );
    });
  }

  #leave(shared: SharedLoad<V>, reason: unknown): void {
    shared.waiters -= 1;
    if (shared.waiters > 0) return;
    // Later callers start a load of their own rather than join one that is being aborted.
    if (this.#inFlight.get(shared.key) === shared) this.#inFlight.delete(shared.key);
    shared.controller.abort(reason);
  }

  #age(entry: Entry<V>): number {
    return this.#now() - entry.storedAt;
  }
}
