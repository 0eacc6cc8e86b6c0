import { CategoryList, PricedCart, Product, ProductPage, Storefront } from '@cartwheel/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  startGateway,
  type GatewayHarness,
  type GatewayHarnessOptions,
} from './testing/gateway-harness';
import { expectProblem, send, type Reply, type SendInit } from './testing/http-client';
import { startRealService, type RealService } from './testing/real-services';
import { STUB_PRODUCTS, startStubCatalog, type StubCatalog } from './testing/stub-catalog';

const TTL_MS = 200;
const stub = (id: string): Product => STUB_PRODUCTS.find((p) => p.id === id)!;

/** The ids of each batch lookup (`GET /products?ids=...`) the catalog received, from `from` on. */
function batches(catalog: StubCatalog, from = 0): string[][] {
  return catalog.received.slice(from).flatMap(({ path }) => {
    const ids = new URL(path, 'http://x').searchParams.get('ids');
    return ids === null ? [] : [ids.split(',')];
  });
}

describe('gateway response cache over a counting catalog', () => {
  let catalog: StubCatalog;
  let cart: RealService;
  let gateways: GatewayHarness[] = [];

  const gateway = async (options: Partial<GatewayHarnessOptions> = {}) => {
    const started = await startGateway({ catalog: [catalog.url], cart: [cart.url], ...options });
    gateways.push(started);
    return (init: SendInit): Promise<Reply> => send(started.url, init);
  };
  /** A gateway whose cache entries go stale after TTL_MS. */
  const shortLived = () => gateway({ cache: { ttlMs: TTL_MS, staleIfErrorMs: 60_000 } });

  const newCart = async (
    call: (init: SendInit) => Promise<Reply>,
    lines: ReadonlyArray<readonly [string, number]>,
  ): Promise<string> => {
    const created = await call({ method: 'POST', path: '/api/carts' });
    expect(created.status).toBe(201);
    const id = PricedCart.parse(created.body).id;
    for (const [productId, quantity] of lines) {
      const added = await call({
        method: 'POST',
        path: `/api/carts/${id}/items`,
        body: { productId, quantity },
      });
      expect(added.status).toBe(200);
    }
    return id;
  };

  beforeAll(async () => {
    [catalog, cart] = await Promise.all([startStubCatalog(), startRealService('cart')]);
  });

  afterAll(async () => {
    await Promise.all([catalog?.close(), cart?.close()]);
  });

  beforeEach(() => {
    catalog.mode = { kind: 'ok' };
    catalog.received.length = 0;
    for (const product of STUB_PRODUCTS) catalog.products.set(product.id, product);
  });

  afterEach(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    gateways = [];
  });

  it('answers a product with X-Cache miss, then hit with an Age, asking the catalog once', async () => {
    const call = await gateway();
    const first = await call({ path: '/api/products/mug' });
    expect(first.status).toBe(200);
    expect(first.headers['x-cache']).toBe('miss');
    expect(first.headers['age']).toBeUndefined();
    const second = await call({ path: '/api/products/mug' });
    expect(second.status).toBe(200);
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.headers['age']).toMatch(/^\d+$/);
    expect(Product.parse(second.body)).toEqual(stub('mug'));
    expect(catalog.count('/products/mug')).toBe(1);
  });

  it('caches pages and categories too, and a page primes the product entries', async () => {
    const call = await gateway();
    const pages = [
      await call({ path: '/api/products?limit=3' }),
      await call({ path: '/api/products?limit=3' }),
    ];
    expect(pages.map((r) => r.headers['x-cache'])).toEqual(['miss', 'hit']);
    const page = ProductPage.parse(pages[1]!.body);
    expect(page.items.map((p) => p.id)).toEqual(['beans', 'grinder', 'kettle']);

    const categories = [
      await call({ path: '/api/categories' }),
      await call({ path: '/api/categories' }),
    ];
    expect(categories.map((r) => r.headers['x-cache'])).toEqual(['miss', 'hit']);
    expect(CategoryList.parse(categories[1]!.body).items).toHaveLength(3);

    const kettle = await call({ path: '/api/products/kettle' });
    expect(kettle.headers['x-cache']).toBe('hit');
    expect(catalog.received.map((r) => r.path)).toEqual(['/products?limit=3', '/categories']);
  });

  it('coalesces identical concurrent misses into one upstream call', async () => {
    const call = await gateway();
    // Held so that the client requests arrive while the first load is in flight (on a loaded
    // machine one may arrive after it: a hit then, which asks the catalog no more either).
    catalog.mode = { kind: 'delay', ms: 300 };
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => call({ path: '/api/products/grinder' })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    for (const reply of replies) expect(reply.body).toEqual(stub('grinder'));
    expect(catalog.count('/products/grinder')).toBe(1);
    const sources = replies.map((r) => r.headers['x-cache']);
    expect(sources.filter((s) => s === 'miss')).toHaveLength(1);
    const coalesced = sources.filter((s) => s === 'coalesced').length;
    expect(coalesced).toBeGreaterThanOrEqual(1);
    expect(sources.filter((s) => s === 'hit')).toHaveLength(9 - coalesced);

    const metrics = await call({ path: '/metrics' });
    expect(metrics.text).toMatch(
      new RegExp(
        `gateway_cache_requests_total\\{[^}]*cache="product",result="coalesced"[^}]*\\} ${coalesced}\n`,
      ),
    );
  });

  it('prices a cart from cached products, fetching only the misses in one batch', async () => {
    const first = await gateway();
    const id = await newCart(first, [
      ['mug', 2],
      ['beans', 1],
      ['tent', 1],
    ]);
    // Adding checked each product (and cached it); no cart view asked for any of them again.
    expect(batches(catalog)).toEqual([]);
    expect(catalog.count('/products/mug')).toBe(1);
    const view = PricedCart.parse((await first({ path: `/api/carts/${id}` })).body);
    expect(view.subtotal).toEqual({ amount: 2 * 1250 + 999 + 25000, currency: 'USD' });
    expect(batches(catalog)).toEqual([]);

    // A fresh gateway knows only mug: the view fetches beans and tent, together, once.
    const second = await gateway();
    expect((await second({ path: '/api/products/mug' })).headers['x-cache']).toBe('miss');
    const priced = await second({ path: `/api/carts/${id}` });
    expect(PricedCart.parse(priced.body)).toMatchObject({ degraded: false, itemCount: 4 });
    expect(batches(catalog)).toEqual([['beans', 'tent']]);
    await second({ path: `/api/carts/${id}` });
    expect(batches(catalog)).toHaveLength(1);
  });

  describe('stale-if-error', () => {
    it('answers a product past its TTL from the stale entry when the catalog is down', async () => {
      const call = await shortLived();
      expect((await call({ path: '/api/products/kettle' })).headers['x-cache']).toBe('miss');
      expect((await call({ path: '/api/categories' })).headers['x-cache']).toBe('miss');
      await sleep(TTL_MS + 50);
      catalog.mode = { kind: 'reset' };

      const reply = await call({ path: '/api/products/kettle' });
      expect(reply.status).toBe(200);
      expect(reply.headers['x-cache']).toBe('stale');
      expect(reply.headers['age']).toMatch(/^\d+$/);
      expect(Product.parse(reply.body)).toEqual(stub('kettle'));
      const categories = await call({ path: '/api/categories' });
      expect(categories.status).toBe(200);
      expect(categories.headers['x-cache']).toBe('stale');
      // The gateway did try: a stale entry answers only when the catalog fails.
      expect(catalog.count('/products/kettle')).toBeGreaterThanOrEqual(2);
    });

    it('prices a cart from stale entries when the catalog is down: degraded, status stale', async () => {
      const call = await shortLived();
      const id = await newCart(call, [
        ['mug', 1],
        ['grinder', 2],
      ]);
      await sleep(TTL_MS + 50);
      catalog.mode = { kind: 'status', status: 503 };
      const from = catalog.received.length;

      const reply = await call({ path: `/api/carts/${id}` });
      expect(reply.status).toBe(200);
      const view = PricedCart.parse(reply.body);
      expect(view.degraded).toBe(true);
      expect(view.upstreams).toEqual([
        { branch: 'cart', service: 'cart', status: 'ok' },
        { branch: 'catalog', service: 'catalog', status: 'stale' },
      ]);
      expect(view.items.map((line) => line.lineTotal)).toEqual([
        { amount: 1250, currency: 'USD' },
        { amount: 2 * 8900, currency: 'USD' },
      ]);
      expect(view.subtotal).toEqual({ amount: 1250 + 2 * 8900, currency: 'USD' });
      // It did ask, once, for both: only then did the stale entries stand in.
      expect(batches(catalog, from)).toEqual([['mug', 'grinder']]);
    });

    it('leaves a line unpriced when the cache has nothing for it, with the failure as status', async () => {
      const call = await shortLived();
      const other = await gateway();
      const id = await newCart(call, [['mug', 1]]);
      // Added through another gateway, so this one never cached it.
      await other({
        method: 'POST',
        path: `/api/carts/${id}/items`,
        body: { productId: 'tent', quantity: 1 },
      });
      await sleep(TTL_MS + 50);
      catalog.mode = { kind: 'reset' };

      const view = PricedCart.parse((await call({ path: `/api/carts/${id}` })).body);
      expect(view.degraded).toBe(true);
      expect(view.upstreams[1]).toEqual({
        branch: 'catalog',
        service: 'catalog',
        status: 'error',
        detail: 'UPSTREAM_CONNECTION',
      });
      expect(view.items.map((line) => [line.productId, line.unitPrice])).toEqual([
        ['mug', { amount: 1250, currency: 'USD' }],
        ['tent', null],
      ]);
      expect(view.subtotal).toBeNull();
      expect(view.itemCount).toBe(2);
    });

    it('serves the storefront from stale entries, each branch reported stale', async () => {
      const call = await shortLived();
      const id = await newCart(call, [['beans', 3]]);
      const fresh = Storefront.parse((await call({ path: `/api/storefront?cartId=${id}` })).body);
      expect(fresh.degraded).toBe(false);
      await sleep(TTL_MS + 50);
      catalog.mode = { kind: 'reset' };

      const reply = await call({ path: `/api/storefront?cartId=${id}` });
      expect(reply.status).toBe(200);
      const front = Storefront.parse(reply.body);
      expect(front.featured).toEqual(fresh.featured);
      expect(front.categories).toEqual(fresh.categories);
      expect(front.cart).toEqual({ id, itemCount: 3, subtotal: { amount: 2997, currency: 'USD' } });
      expect(front.degraded).toBe(true);
      expect(front.upstreams.map((u) => [u.branch, u.status])).toEqual([
        ['featured', 'stale'],
        ['categories', 'stale'],
        ['cart', 'stale'],
      ]);
    });

    it('without any cache entry, a catalog failure is an UPSTREAM_* problem', async () => {
      const call = await shortLived();
      catalog.mode = { kind: 'reset' };
      for (const path of ['/api/products/beans', '/api/products?limit=2', '/api/categories']) {
        const reply = await call({ path });
        expect([502, 503, 504]).toContain(reply.status);
        const problem = expectProblem(reply, reply.status, (reply.body as { code: string }).code);
        expect(problem.code).toMatch(/^UPSTREAM_[A-Z_]+$/);
      }
    });

    it('does not cover a 404 with a stale entry: a deleted product is gone', async () => {
      const call = await shortLived();
      expect((await call({ path: '/api/products/tent' })).status).toBe(200);
      await sleep(TTL_MS + 50);
      catalog.products.delete('tent');
      expectProblem(await call({ path: '/api/products/tent' }), 404, 'PRODUCT_NOT_FOUND');
    });

    it('serves nothing older than the stale-if-error window', async () => {
      const call = await gateway({ cache: { ttlMs: 50, staleIfErrorMs: 150 } });
      expect((await call({ path: '/api/products/beans' })).status).toBe(200);
      await sleep(200);
      catalog.mode = { kind: 'reset' };
      const reply = await call({ path: '/api/products/beans' });
      expect([502, 503, 504]).toContain(reply.status);
    });
  });
});
