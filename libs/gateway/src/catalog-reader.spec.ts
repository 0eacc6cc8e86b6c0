import type { Product } from '@cartwheel/contracts';
import { HttpError } from '@cartwheel/service-kit';
import {
  UpstreamBadStatusError,
  UpstreamClient,
  UpstreamConnectionError,
  UpstreamPool,
  type Transport,
  type UpstreamRequest,
  type UpstreamResponse,
} from '@cartwheel/upstream';
import { CatalogReader, type CacheName, type CacheResult } from './catalog-reader';
import { CatalogApi } from './upstreams/catalog-api';
import type { RequestContext } from './upstreams/request-context';

const TTL = 30_000;
const STALE = 300_000;

const product = (id: string, amount: number): Product => ({
  id,
  name: id,
  description: '',
  category: 'kitchen',
  price: { amount, currency: 'USD' },
  version: 1,
  updatedAt: '2025-01-01T00:00:00.000Z',
});
const CATALOG = new Map(['a', 'b', 'c', 'd'].map((id, i) => [id, product(id, 100 * (i + 1))]));

/**
 * An in-memory catalog behind the real CatalogApi and UpstreamClient: it answers by id and batch
 * from CATALOG, records each request, and fails every request while `failure` is set.
 */
class FakeCatalog implements Transport {
  readonly requests: string[] = [];
  failure: unknown;

  async send(_instance: unknown, request: UpstreamRequest): Promise<UpstreamResponse> {
    const ids = request.query?.['ids'];
    this.requests.push(ids === undefined ? request.path : `batch ${ids}`);
    if (this.failure !== undefined) throw this.failure;
    const answer = (status: number, body: unknown): UpstreamResponse => ({
      status,
      headers: {},
      body,
      instanceId: 'http://catalog',
    });
    if (ids !== undefined) {
      const wanted = ids.split(',');
      return answer(200, {
        items: wanted.flatMap((id) => CATALOG.get(id) ?? []),
        missing: wanted.filter((id) => !CATALOG.has(id)),
      });
    }
    if (request.path === '/products') {
      const limit = Number(request.query?.['limit']);
      return answer(200, { items: [...CATALOG.values()].slice(0, limit), nextCursor: null });
    }
    const found = CATALOG.get(request.path.replace('/products/', ''));
    if (found !== undefined) return answer(200, found);
    return answer(404, {
      type: 'about:blank',
      title: 'No',
      status: 404,
      code: 'PRODUCT_NOT_FOUND',
    });
  }

  /** Nothing pooled: there are no sockets to close. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('CatalogReader.productSet', () => {
  let now: number;
  let transport: FakeCatalog;
  let pool: UpstreamPool;
  let reader: CatalogReader;
  let cacheEvents: Array<[CacheName, CacheResult, number]>;
  const ctx: RequestContext = { signal: new AbortController().signal, headers: {} };

  beforeEach(() => {
    now = 1_000_000;
    transport = new FakeCatalog();
    pool = new UpstreamPool({
      service: 'catalog',
      instances: [{ id: 'http://catalog', url: new URL('http://catalog'), weight: 1 }],
    });
    const client = new UpstreamClient(pool, transport, { retry: { maxRetries: 0 } });
    cacheEvents = [];
    reader = new CatalogReader(new CatalogApi(() => client), {
      max: 100,
      ttlMs: TTL,
      staleIfErrorMs: STALE,
      now: () => now,
      onCache: (...event) => cacheEvents.push(event),
    });
  });

  afterEach(() => pool.shutdown());

  const ids = (set: { products: Map<string, Product> }) => [...set.products.keys()].sort();

  it('fetches every miss in one batch, each id once', async () => {
    const set = await reader.productSet(['c', 'a', 'c', 'b'], ctx);
    expect(set.status).toBe('ok');
    expect(set.products.get('a')).toEqual(CATALOG.get('a'));
    expect(ids(set)).toEqual(['a', 'b', 'c']);
    expect(transport.requests).toEqual(['batch c,a,b']);
    expect(cacheEvents).toEqual([['product', 'miss', 3]]);
  });

  it('does not fetch fresh entries again, only the misses', async () => {
    await reader.product('a', ctx);
    await reader.productSet(['b'], ctx);
    transport.requests.length = 0;
    cacheEvents = [];

    const set = await reader.productSet(['a', 'b', 'c', 'd'], ctx);
    expect(set.status).toBe('ok');
    expect(ids(set)).toEqual(['a', 'b', 'c', 'd']);
    expect(transport.requests).toEqual(['batch c,d']);
    expect(cacheEvents).toEqual([
      ['product', 'hit', 2],
      ['product', 'miss', 2],
    ]);
  });

  it('makes no call at all when every product is fresh', async () => {
    await reader.productSet(['a', 'b'], ctx);
    now += TTL - 1;
    transport.requests.length = 0;
    const set = await reader.productSet(['b', 'a'], ctx);
    expect(set).toMatchObject({ status: 'ok' });
    expect(ids(set)).toEqual(['a', 'b']);
    expect(transport.requests).toEqual([]);
  });

  it('shares entries with the product page and fills them from listing pages', async () => {
    await reader.page({ limit: 2 }, ctx);
    expect((await reader.product('a', ctx)).source).toBe('hit');
    const set = await reader.productSet(['a', 'b', 'c'], ctx);
    expect(ids(set)).toEqual(['a', 'b', 'c']);
    expect(transport.requests).toEqual(['/products', 'batch c']);
  });

  it('refetches entries past their TTL', async () => {
    await reader.productSet(['a', 'b'], ctx);
    now += TTL;
    transport.requests.length = 0;
    expect((await reader.productSet(['a', 'b'], ctx)).status).toBe('ok');
    expect(transport.requests).toEqual(['batch a,b']);
  });

  it('leaves out products the catalog does not have, which is no failure', async () => {
    const set = await reader.productSet(['a', 'gone'], ctx);
    expect(set).toMatchObject({ status: 'ok' });
    expect(ids(set)).toEqual(['a']);
  });

  it('falls back to stale entries when the batch fails: status stale when they cover all', async () => {
    await reader.productSet(['a', 'b'], ctx);
    now += TTL + 1;
    transport.failure = new UpstreamConnectionError('refused');
    cacheEvents = [];
    const set = await reader.productSet(['a', 'b'], ctx);
    expect(set).toEqual({ products: expect.any(Map), status: 'stale' });
    expect(set.products.get('b')).toEqual(CATALOG.get('b'));
    expect(ids(set)).toEqual(['a', 'b']);
    expect(cacheEvents).toEqual([
      ['product', 'stale', 1],
      ['product', 'stale', 1],
    ]);
  });

  it('mixes fresh and stale entries in a fallback', async () => {
    await reader.productSet(['a'], ctx);
    now += TTL + 1;
    await reader.productSet(['b'], ctx);
    transport.failure = new UpstreamBadStatusError(503);
    transport.requests.length = 0;
    const set = await reader.productSet(['a', 'b'], ctx);
    expect(transport.requests).toEqual(['batch a']);
    expect(set.status).toBe('stale');
    expect(ids(set)).toEqual(['a', 'b']);
  });

  it.each<[string, unknown, string, string]>([
    ['a connection error', new UpstreamConnectionError('refused'), 'error', 'UPSTREAM_CONNECTION'],
    ['a 503', new UpstreamBadStatusError(503), 'error', 'UPSTREAM_BAD_STATUS'],
  ])(
    'reports the failure (%s) when the cache cannot cover every product',
    async (_what, failure, status, detail) => {
      await reader.productSet(['a'], ctx);
      now += TTL + 1;
      transport.failure = failure;
      const set = await reader.productSet(['a', 'c'], ctx);
      expect(set).toEqual({ products: expect.any(Map), status, detail });
      expect(ids(set)).toEqual(['a']);
    },
  );

  it('reports breaker-open when no catalog instance is available', async () => {
    await reader.productSet(['a'], ctx);
    now += TTL + 1;
    // A shut-down pool refuses everything: its breakers read as open, so nothing is picked.
    pool.shutdown();
    const incomplete = await reader.productSet(['a', 'd'], ctx);
    expect(incomplete).toMatchObject({ status: 'breaker-open', detail: 'UPSTREAM_UNAVAILABLE' });
    expect((await reader.productSet(['a'], ctx)).status).toBe('stale');
  });

  it('does not use entries older than the stale-if-error window', async () => {
    await reader.productSet(['a'], ctx);
    now += STALE;
    transport.failure = new UpstreamConnectionError('refused');
    const set = await reader.productSet(['a'], ctx);
    expect(set).toMatchObject({ status: 'error', detail: 'UPSTREAM_CONNECTION' });
    expect(set.products.size).toBe(0);
  });

  it('never covers a 404 for a single product with a stale entry', async () => {
    await reader.product('a', ctx);
    now += TTL + 1;
    CATALOG.delete('a');
    try {
      await expect(reader.product('a', ctx)).rejects.toMatchObject({
        status: 404,
        code: 'PRODUCT_NOT_FOUND',
      });
      await expect(reader.product('a', ctx)).rejects.toBeInstanceOf(HttpError);
    } finally {
      CATALOG.set('a', product('a', 100));
    }
  });
});
