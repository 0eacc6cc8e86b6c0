import {
  CategoryList,
  PricedCart,
  Product,
  ProductBatch,
  ProductPage,
  Storefront,
  type Money,
} from '@cartwheel/contracts';
import { startGateway, type GatewayHarness } from './testing/gateway-harness';
import { expectProblem, send, type Reply, type SendInit } from './testing/http-client';
import { startRealService, type RealService } from './testing/real-services';

const CART_LOCATION =
  /^\/api\/carts\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What a priced cart must say, computed here from the catalog's own products. */
function expectPriced(reply: Reply, lines: ReadonlyArray<readonly [Product, number]>): PricedCart {
  const cart = PricedCart.parse(reply.body);
  expect(cart.items).toEqual(
    lines.map(([product, quantity]) => ({
      productId: product.id,
      quantity,
      product: {
        id: product.id,
        name: product.name,
        category: product.category,
        price: product.price,
      },
      unitPrice: product.price,
      lineTotal: { amount: product.price.amount * quantity, currency: product.price.currency },
    })),
  );
  const subtotal: Money = {
    amount: lines.reduce((acc, [product, quantity]) => acc + product.price.amount * quantity, 0),
    currency: 'USD',
  };
  expect(cart.subtotal).toEqual(subtotal);
  expect(cart.itemCount).toBe(lines.reduce((acc, [, quantity]) => acc + quantity, 0));
  expect(cart.degraded).toBe(false);
  expect(cart.upstreams).toEqual([
    { branch: 'cart', service: 'cart', status: 'ok' },
    { branch: 'catalog', service: 'catalog', status: 'ok' },
  ]);
  expect(reply.headers['etag']).toBe(`"${cart.version}"`);
  return cart;
}

const cartIdOf = (reply: Reply): string => PricedCart.parse(reply.body).id;

describe('the user journey through the gateway, over real catalog and cart processes', () => {
  let catalog: RealService | undefined;
  let cart: RealService | undefined;
  let gw: GatewayHarness | undefined;
  /** Three products from the first page, with distinct prices. */
  let picks: Product[] = [];

  const call = (init: SendInit): Promise<Reply> => send(gw!.url, init);
  const getJson = async (path: string): Promise<unknown> => {
    const reply = await call({ path });
    expect(reply.status).toBe(200);
    return reply.body;
  };

  beforeAll(async () => {
    [catalog, cart] = await Promise.all([startRealService('catalog'), startRealService('cart')]);
    gw = await startGateway({ catalog: [catalog.url], cart: [cart.url] });
    const page = ProductPage.parse(await getJson('/api/products?limit=20'));
    picks = [page.items[0]!, page.items[5]!, page.items[11]!];
    expect(new Set(picks.map((p) => p.price.amount)).size).toBe(3);
  });

  afterAll(async () => {
    await gw?.close();
    await Promise.all([catalog?.close(), cart?.close()]);
  });

  describe('browsing', () => {
    it('pages through the whole catalog with nextCursor, in id order, without repeats', async () => {
      const ids: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
        const page = ProductPage.parse(await getJson(`/api/products?limit=7${query}`));
        expect(page.items.length).toBeLessThanOrEqual(7);
        if (page.nextCursor !== null) expect(page.items).toHaveLength(7);
        ids.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 100);
      expect(cursor).toBeNull();
      expect(pages).toBeGreaterThan(1);
      expect(ids).toEqual([...new Set(ids)].sort());
      const categories = CategoryList.parse(await getJson('/api/categories'));
      expect(ids).toHaveLength(categories.items.reduce((acc, c) => acc + c.productCount, 0));
    });

    it('searches with q: every hit mentions the term, and the product it came from is found', async () => {
      const target = picks[1]!;
      const term = target.name
        .split(/\s+/)
        .find((w) => w.length >= 4)!
        .toLowerCase();
      const page = ProductPage.parse(
        await getJson(`/api/products?limit=100&q=${encodeURIComponent(term)}`),
      );
      expect(page.items.map((p) => p.id)).toContain(target.id);
      for (const p of page.items) {
        expect(`${p.name} ${p.description}`.toLowerCase()).toContain(term);
      }
      const none = ProductPage.parse(await getJson('/api/products?q=zzqx-no-such-thing'));
      expect(none).toEqual({ items: [], nextCursor: null });
    });

    it('filters by category, consistent with the category list and its counts', async () => {
      const categories = CategoryList.parse(await getJson('/api/categories'));
      expect(categories.items.length).toBeGreaterThan(1);
      for (const category of categories.items.slice(0, 3)) {
        const page = ProductPage.parse(
          await getJson(`/api/products?limit=100&category=${category.id}`),
        );
        expect(page.items).toHaveLength(category.productCount);
        expect(page.items.every((p) => p.category === category.id)).toBe(true);
      }
    });

    it('looks up a batch by ids, naming the ids the catalog does not have', async () => {
      const [a, b] = picks as [Product, Product];
      const batch = ProductBatch.parse(
        await getJson(`/api/products?ids=${b.id},no-such-product,${a.id}`),
      );
      expect(batch).toEqual({ items: [b, a], missing: ['no-such-product'] });
    });

    it('serves a product by id with its ETag, and 304 for a matching If-None-Match', async () => {
      const target = picks[0]!;
      const reply = await call({ path: `/api/products/${target.id}` });
      expect(reply.status).toBe(200);
      expect(Product.parse(reply.body)).toEqual(target);
      expect(reply.headers['etag']).toBe(`"${target.version}"`);

      const cached = await call({
        path: `/api/products/${target.id}`,
        headers: { 'If-None-Match': `"${target.version}"` },
      });
      expect(cached.status).toBe(304);
      expect(cached.text).toBe('');
      expect(cached.headers['etag']).toBe(`"${target.version}"`);

      const changed = await call({
        path: `/api/products/${target.id}`,
        headers: { 'If-None-Match': '"999"' },
      });
      expect(changed.status).toBe(200);

      expectProblem(
        await call({ path: '/api/products/no-such-product' }),
        404,
        'PRODUCT_NOT_FOUND',
      );
    });
  });

  describe('the cart', () => {
    const createCart = async (headers: Record<string, string> = {}): Promise<Reply> =>
      call({ method: 'POST', path: '/api/carts', headers });
    it('create, add, change quantity (If-Match), remove and delete: every answer priced', async () => {
      const [a, b] = picks as [Product, Product];
      const created = await createCart();
      expect(created.status).toBe(201);
      expect(created.headers['location']).toMatch(CART_LOCATION);
      const empty = expectPriced(created, []);
      expect(empty).toMatchObject({ version: 1, subtotal: { amount: 0, currency: 'USD' } });
      expect(created.headers['location']).toBe(`/api/carts/${empty.id}`);
      const base = `/api/carts/${empty.id}`;

      const addA = await call({
        method: 'POST',
        path: `${base}/items`,
        body: { productId: a.id, quantity: 2 },
      });
      expect(addA.status).toBe(200);
      expect(expectPriced(addA, [[a, 2]]).version).toBe(2);

      const addB = await call({
        method: 'POST',
        path: `${base}/items`,
        body: { productId: b.id, quantity: 3 },
      });
      expectPriced(addB, [
        [a, 2],
        [b, 3],
      ]);
      // Adding to an existing line adds to its quantity.
      const addMore = await call({
        method: 'POST',
        path: `${base}/items`,
        body: { productId: a.id, quantity: 1 },
      });
      const v4 = expectPriced(addMore, [
        [a, 3],
        [b, 3],
      ]);
      expect(v4.version).toBe(4);

      // A stale If-Match is the cart service's 412, relayed as a problem; nothing changes.
      const stale = await call({
        method: 'PUT',
        path: `${base}/items/${b.id}`,
        headers: { 'If-Match': '"2"' },
        body: { quantity: 1 },
      });
      expectProblem(stale, 412, 'PRECONDITION_FAILED');
      // The current ETag travels with the 412, so the client can re-read and retry.
      expect(stale.headers.etag).toBe('"4"');
      expectPriced(await call({ path: base }), [
        [a, 3],
        [b, 3],
      ]);

      const changed = await call({
        method: 'PUT',
        path: `${base}/items/${b.id}`,
        headers: { 'If-Match': `"${v4.version}"` },
        body: { quantity: 1 },
      });
      expect(changed.status).toBe(200);
      expect(
        expectPriced(changed, [
          [a, 3],
          [b, 1],
        ]).version,
      ).toBe(5);

      const removed = await call({ method: 'DELETE', path: `${base}/items/${a.id}` });
      expect(removed.status).toBe(200);
      expectPriced(removed, [[b, 1]]);
      expectPriced(await call({ path: base }), [[b, 1]]);
      expectProblem(
        await call({ method: 'DELETE', path: `${base}/items/${a.id}` }),
        404,
        'LINE_NOT_FOUND',
      );

      const deleted = await call({ method: 'DELETE', path: base });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expectProblem(await call({ path: base }), 404, 'CART_NOT_FOUND');
    });

    it('setting a quantity to 0 removes the line', async () => {
      const id = cartIdOf(await createCart());
      const [a] = picks as [Product];
      await call({
        method: 'POST',
        path: `/api/carts/${id}/items`,
        body: { productId: a.id, quantity: 4 },
      });
      const zero = await call({
        method: 'PUT',
        path: `/api/carts/${id}/items/${a.id}`,
        body: { quantity: 0 },
      });
      expect(zero.status).toBe(200);
      expectPriced(zero, []);
    });

    it('replays a POST with the same Idempotency-Key instead of doing it twice', async () => {
      const first = await createCart({ 'Idempotency-Key': 'journey-create-1' });
      const again = await createCart({ 'Idempotency-Key': 'journey-create-1' });
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['location']).toBe(first.headers['location']);
      const id = cartIdOf(first);
      expect(cartIdOf(again)).toBe(id);

      const [a] = picks as [Product];
      const add = {
        method: 'POST',
        path: `/api/carts/${id}/items`,
        headers: { 'Idempotency-Key': 'journey-add-1' },
        body: { productId: a.id, quantity: 2 },
      };
      const added = await call(add);
      const replayed = await call(add);
      expect(added.headers['idempotent-replayed']).toBeUndefined();
      expect(replayed.status).toBe(200);
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expectPriced(replayed, [[a, 2]]);
      expectPriced(await call({ path: `/api/carts/${id}` }), [[a, 2]]);
    });

    it('refuses an unknown product with 404 PRODUCT_NOT_FOUND and writes nothing', async () => {
      const id = cartIdOf(await createCart());
      const [a] = picks as [Product];
      await call({
        method: 'POST',
        path: `/api/carts/${id}/items`,
        body: { productId: a.id, quantity: 1 },
      });
      const before = expectPriced(await call({ path: `/api/carts/${id}` }), [[a, 1]]);
      const unknown = await call({
        method: 'POST',
        path: `/api/carts/${id}/items`,
        body: { productId: 'no-such-product', quantity: 1 },
      });
      expectProblem(unknown, 404, 'PRODUCT_NOT_FOUND');
      const setUnknown = await call({
        method: 'PUT',
        path: `/api/carts/${id}/items/no-such-product`,
        body: { quantity: 2 },
      });
      expectProblem(setUnknown, 404, 'PRODUCT_NOT_FOUND');
      const after = expectPriced(await call({ path: `/api/carts/${id}` }), [[a, 1]]);
      expect(after.version).toBe(before.version);
      expect(after.updatedAt).toBe(before.updatedAt);
    });

    it('relays the cart service 404 for a cart that does not exist', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      expectProblem(await call({ path: `/api/carts/${id}` }), 404, 'CART_NOT_FOUND');
      const [a] = picks as [Product];
      expectProblem(
        await call({
          method: 'POST',
          path: `/api/carts/${id}/items`,
          body: { productId: a.id, quantity: 1 },
        }),
        404,
        'CART_NOT_FOUND',
      );
    });
  });

  describe('the storefront', () => {
    it('without cartId: featured products and categories, no cart', async () => {
      const reply = await call({ path: '/api/storefront' });
      expect(reply.status).toBe(200);
      const front = Storefront.parse(reply.body);
      const first = ProductPage.parse(await getJson('/api/products?limit=8'));
      const categories = CategoryList.parse(await getJson('/api/categories'));
      expect(front).toEqual({
        featured: first.items,
        categories: categories.items,
        cart: null,
        degraded: false,
        upstreams: [
          { branch: 'featured', service: 'catalog', status: 'ok' },
          { branch: 'categories', service: 'catalog', status: 'ok' },
        ],
      });
    });

    it('with cartId: the cart summary as well, matching the priced cart', async () => {
      const id = cartIdOf(await call({ method: 'POST', path: '/api/carts' }));
      const [a, , c] = picks as [Product, Product, Product];
      for (const [product, quantity] of [
        [a, 2],
        [c, 5],
      ] as const) {
        await call({
          method: 'POST',
          path: `/api/carts/${id}/items`,
          body: { productId: product.id, quantity },
        });
      }
      const priced = expectPriced(await call({ path: `/api/carts/${id}` }), [
        [a, 2],
        [c, 5],
      ]);
      const reply = await call({ path: `/api/storefront?cartId=${id}` });
      expect(reply.status).toBe(200);
      const front = Storefront.parse(reply.body);
      expect(front.cart).toEqual({ id, itemCount: 7, subtotal: priced.subtotal });
      expect(front.featured).toHaveLength(8);
      expect(front.categories?.length).toBeGreaterThan(1);
      expect(front.degraded).toBe(false);
      expect(front.upstreams).toEqual([
        { branch: 'featured', service: 'catalog', status: 'ok' },
        { branch: 'categories', service: 'catalog', status: 'ok' },
        { branch: 'cart', service: 'cart', status: 'ok' },
      ]);
    });

    it('reports a cart that does not exist in the body, not as a failure', async () => {
      const reply = await call({
        path: '/api/storefront?cartId=00000000-0000-4000-8000-000000000000',
      });
      expect(reply.status).toBe(200);
      const front = Storefront.parse(reply.body);
      expect(front.cart).toBeNull();
      expect(front.featured).toHaveLength(8);
      expect(front.degraded).toBe(true);
      expect(front.upstreams).toContainEqual({
        branch: 'cart',
        service: 'cart',
        status: 'error',
        detail: 'CART_NOT_FOUND',
      });
    });
  });
});
