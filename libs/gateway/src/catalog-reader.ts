import type {
  BranchStatus,
  CategoryList,
  Product,
  ProductId,
  ProductPage,
} from '@cartwheel/contracts';
import {
  ResponseCache,
  type CacheOutcome,
  type ResponseCacheOptions,
} from './cache/response-cache';
import { branchStatusOf } from './fan-out/fan-out';
import { GatewayErrors } from './gateway-errors';
import { HttpError } from '@cartwheel/service-kit';
import type { CatalogApi, PageQuery } from './upstreams/catalog-api';
import { withSignal, type RequestContext } from './upstreams/request-context';

export type CacheName = 'product' | 'page' | 'categories';
export type CacheResult = CacheOutcome<unknown>['source'];

export interface CatalogReaderOptions extends ResponseCacheOptions {
  /** Told about cache outcomes (`count` of them at once), for metrics. */
  readonly onCache?: (cache: CacheName, result: CacheResult, count: number) => void;
}

/** Catalog data for a set of product ids, with how fresh it is. */
export interface ProductSet {
  readonly products: Map<string, Product>;
  readonly status: BranchStatus;
  readonly detail?: string;
}

/**
 * Catalog reads through one response cache per kind: products by id (shared by the product page
 * and the cart view's batch lookup, so a cached product is never fetched again), listing pages,
 * and categories.
 */
export class CatalogReader {
  readonly #products: ResponseCache<Product>;
  readonly #pages: ResponseCache<ProductPage>;
  readonly #categories: ResponseCache<CategoryList>;
  readonly #onCache: NonNullable<CatalogReaderOptions['onCache']>;

  constructor(
    private readonly api: CatalogApi,
    options: CatalogReaderOptions,
  ) {
    // Only an upstream failure may be covered by a stale entry; the catalog's own 4xx stand.
    const cacheOptions = { ...options, staleOn: (error: unknown) => !(error instanceof HttpError) };
    this.#products = new ResponseCache(cacheOptions);
    this.#pages = new ResponseCache(cacheOptions);
    this.#categories = new ResponseCache({ ...cacheOptions, max: 1 });
    this.#onCache = options.onCache ?? (() => undefined);
  }

  async product(id: ProductId, ctx: RequestContext): Promise<CacheOutcome<Product>> {
    return this.#observe(
      'product',
      await this.#read(this.#products, id, ctx, async (scoped) => {
        const product = await this.api.product(id, scoped);
        if (product === undefined) throw GatewayErrors.productNotFound(id);
        return product;
      }),
    );
  }

  async page(query: PageQuery, ctx: RequestContext): Promise<CacheOutcome<ProductPage>> {
    const key = JSON.stringify([query.limit, query.cursor, query.category, query.q]);
    const outcome = await this.#read(this.#pages, key, ctx, (scoped) =>
      this.api.page(query, scoped),
    );
    if (outcome.source === 'miss') for (const p of outcome.value.items) this.#products.set(p.id, p);
    return this.#observe('page', outcome);
  }

  async categories(ctx: RequestContext): Promise<CacheOutcome<CategoryList>> {
    return this.#observe(
      'categories',
      await this.#read(this.#categories, 'all', ctx, (scoped) => this.api.categories(scoped)),
    );
  }

  /**
   * Products for a cart view: fresh cache entries as they are, the rest in one batch call. When
   * that call fails, stale entries stand in (status `stale` if they cover everything).
   */
  async productSet(ids: readonly ProductId[], ctx: RequestContext): Promise<ProductSet> {
    const products = new Map<string, Product>();
    const missing: ProductId[] = [];
    for (const id of new Set(ids)) {
      const fresh = this.#products.peek(id);
      if (fresh === undefined) missing.push(id);
      else products.set(id, fresh);
    }
    if (products.size > 0) this.#onCache('product', 'hit', products.size);
    if (missing.length === 0) return { products, status: 'ok' };
    try {
      const batch = await this.api.batch(missing, ctx);
      for (const product of batch.items) {
        this.#products.set(product.id, product);
        products.set(product.id, product);
      }
      this.#onCache('product', 'miss', missing.length);
      return { products, status: 'ok' };
    } catch (error) {
      // An aborted lookup belongs to a caller that has already moved on to its own fallback.
      if (ctx.signal.aborted) throw error;
      return this.fallback(ids, { status: branchStatusOf(error), detail: codeOf(error) }, products);
    }
  }

  /** What the cache still knows (fresh or stale) when the catalog cannot answer. */
  fallback(
    ids: readonly ProductId[],
    failure: { readonly status: BranchStatus; readonly detail: string },
    known = new Map<string, Product>(),
  ): ProductSet {
    let complete = true;
    for (const id of ids) {
      if (known.has(id)) continue;
      const stale = this.#products.peekStale(id);
      if (stale === undefined) complete = false;
      else {
        known.set(id, stale.value);
        this.#onCache('product', 'stale', 1);
      }
    }
    return complete
      ? { products: known, status: 'stale' }
      : { products: known, status: failure.status, detail: failure.detail };
  }

  /**
   * Reads `key` through `cache`. A miss loads under the cache's signal for it (shared by every
   * caller waiting for the key), with this request's forwarded headers.
   */
  #read<V extends NonNullable<unknown>>(
    cache: ResponseCache<V>,
    key: string,
    ctx: RequestContext,
    load: (scoped: RequestContext) => Promise<V>,
  ): Promise<CacheOutcome<V>> {
    return cache.get(key, (signal) => load(withSignal(ctx, signal)), ctx);
  }

  #observe<V>(cache: CacheName, outcome: CacheOutcome<V>): CacheOutcome<V> {
    this.#onCache(cache, outcome.source, 1);
    return outcome;
  }
}

function codeOf(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : 'UPSTREAM_ERROR';
}
