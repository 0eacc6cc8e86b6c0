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

/**
 * A read-through cache for upstream answers: fresh entries are served as they are, identical
 * concurrent misses share one upstream call, and when the upstream fails an entry up to
 * `staleIfErrorMs` old answers instead (marked stale so the caller can flag it).
 */
export class ResponseCache<V extends NonNullable<unknown>> {
  readonly #entries: LRUCache<string, Entry<V>>;
  readonly #inFlight = new Map<string, Promise<V>>();
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

  async get(key: string, load: () => Promise<V>): Promise<CacheOutcome<V>> {
    // TTL 0 is "cache off": every call goes upstream, not even coalesced with its twins.
    if (this.#options.ttlMs === 0) return { source: 'miss', value: await load(), ageMs: 0 };
    const fresh = this.#entries.get(key);
    if (fresh !== undefined && this.#age(fresh) < this.#options.ttlMs) {
      return { source: 'hit', value: fresh.value, ageMs: this.#age(fresh) };
    }
    const pending = this.#inFlight.get(key);
    const joined = pending !== undefined;
    const loading = pending ?? this.#load(key, load);
    try {
      return { source: joined ? 'coalesced' : 'miss', value: await loading, ageMs: 0 };
    } catch (error) {
      const stale = this.#options.staleOn?.(error) === false ? undefined : this.peekStale(key);
      if (stale === undefined) throw error;
      return { source: 'stale', value: stale.value, ageMs: stale.ageMs, error };
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  #load(key: string, load: () => Promise<V>): Promise<V> {
    const loading = load()
      .then((value) => {
        this.set(key, value);
        return value;
      })
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, loading);
    return loading;
  }

  #age(entry: Entry<V>): number {
    return this.#now() - entry.storedAt;
  }
}
