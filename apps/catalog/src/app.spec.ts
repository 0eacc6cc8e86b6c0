import {
  CategoryList,
  Product,
  ProductBatch,
  ProductPage,
  type CreateProductBody,
} from '@cartwheel/contracts';
import {
  ADMIN_TOKEN,
  expectProblem,
  omit,
  rawRequest,
  startCatalog,
  type CatalogHarness,
} from './testing/catalog-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const newProduct: CreateProductBody = {
  id: 'pour-over-kettle-mini',
  name: 'Mini Pour-Over Kettle',
  description: 'A small gooseneck kettle.',
  category: 'coffee',
  price: { amount: 2950, currency: 'USD' },
};
const replacement = omit({ ...newProduct, name: 'Mini Kettle, Matte Black' }, 'id');

describe('catalog app: reads', () => {
  let catalog: CatalogHarness;
  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${catalog.url}${path}`, { headers });

  beforeAll(async () => {
    catalog = await startCatalog();
  });
  afterAll(async () => {
    await catalog.close();
  });

  describe('GET /products', () => {
    it('answers a first page of 20 products in id order with a next cursor', async () => {
      const res = await get('/products');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const page = ProductPage.parse(await res.json());
      expect(page.items).toHaveLength(20);
      const ids = page.items.map((p) => p.id);
      expect(ids).toEqual([...ids].sort());
      expect(page.items).toEqual((await catalog.products()).slice(0, 20));
      expect(page.nextCursor).toEqual(expect.any(String));
    });

    it('honours limit', async () => {
      const page = ProductPage.parse(await (await get('/products?limit=3')).json());
      expect(page.items.map((p) => p.id)).toEqual(
        (await catalog.products()).slice(0, 3).map((p) => p.id),
      );
      const all = ProductPage.parse(await (await get('/products?limit=100')).json());
      expect(all.items).toHaveLength((await catalog.products()).length);
      expect(all.nextCursor).toBeNull();
    });

    it('walks every product exactly once by following nextCursor', async () => {
      const seen: string[] = [];
      let path: string | undefined = '/products?limit=9';
      let pages = 0;
      while (path !== undefined) {
        const res = await get(path);
        expect(res.status).toBe(200);
        const page = ProductPage.parse(await res.json());
        seen.push(...page.items.map((p) => p.id));
        pages += 1;
        path =
          page.nextCursor === null
            ? undefined
            : `/products?limit=9&cursor=${encodeURIComponent(page.nextCursor)}`;
      }
      const expected = (await catalog.products()).map((p) => p.id);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBe(Math.ceil(expected.length / 9));
    });

    it('filters by category', async () => {
      const page = ProductPage.parse(
        await (await get('/products?category=audio&limit=100')).json(),
      );
      const expected = (await catalog.products()).filter((p) => p.category === 'audio');
      expect(expected.length).toBeGreaterThan(0);
      expect(page.items).toEqual(expected);
      const none = ProductPage.parse(await (await get('/products?category=no-such-thing')).json());
      expect(none).toEqual({ items: [], nextCursor: null });
    });

    it('searches name and description with q, case-insensitively', async () => {
      const page = ProductPage.parse(await (await get('/products?q=CaSt%20IrOn&limit=100')).json());
      const expected = (await catalog.products()).filter((p) =>
        `${p.name}\n${p.description}`.toLowerCase().includes('cast iron'),
      );
      expect(expected.length).toBeGreaterThan(1);
      expect(page.items).toEqual(expected);
      const combined = ProductPage.parse(
        await (await get('/products?q=cast+iron&category=fitness')).json(),
      );
      expect(combined.items.map((p) => p.id)).toEqual(['kettlebell-16kg']);
    });

    it('looks up a batch with ids, listing the missing ones', async () => {
      const res = await get('/products?ids=yoga-mat-6mm,no-such-product,chef-knife-8in,gone-too');
      expect(res.status).toBe(200);
      const batch = ProductBatch.parse(await res.json());
      expect(batch.items.map((p) => p.id).sort()).toEqual(['chef-knife-8in', 'yoga-mat-6mm']);
      expect(batch.missing).toEqual(['no-such-product', 'gone-too']);
      const knife = (await catalog.products()).find((p) => p.id === 'chef-knife-8in');
      expect(batch.items).toContainEqual(knife);
    });
  });

  describe('GET /products/:id', () => {
    it('answers the product with a strong ETag of its version', async () => {
      const res = await get('/products/chef-knife-8in');
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"1"');
      const product = Product.parse(await res.json());
      expect(product).toMatchObject({ id: 'chef-knife-8in', category: 'kitchen', version: 1 });
    });

    it.each(['"1"', 'W/"1"', '"7", W/"1"', '"3",  "1"', '*'])(
      'answers 304 without a body for If-None-Match %s',
      async (ifNoneMatch) => {
        const res = await get('/products/chef-knife-8in', { 'If-None-Match': ifNoneMatch });
        expect(res.status).toBe(304);
        expect(res.headers.get('etag')).toBe('"1"');
        expect(await res.text()).toBe('');
      },
    );

    it.each(['"2"', 'W/"2", "12"', '"1-0"'])(
      'answers 200 when If-None-Match %s does not list the ETag',
      async (ifNoneMatch) => {
        const res = await get('/products/chef-knife-8in', { 'If-None-Match': ifNoneMatch });
        expect(res.status).toBe(200);
        expect(Product.parse(await res.json()).id).toBe('chef-knife-8in');
      },
    );

    it('answers 404 PRODUCT_NOT_FOUND for an unknown id', async () => {
      const res = await get('/products/no-such-product');
      const problem = await expectProblem(res, { status: 404, code: 'PRODUCT_NOT_FOUND' });
      expect(problem.instance).toBe('/products/no-such-product');
      expect(problem.detail).toContain('no-such-product');
    });
  });

  it('GET /categories lists categories with product counts', async () => {
    const res = await get('/categories');
    expect(res.status).toBe(200);
    const { items } = CategoryList.parse(await res.json());
    const products = await catalog.products();
    expect(items.length).toBeGreaterThanOrEqual(6);
    expect(items.map((c) => c.id)).toEqual(items.map((c) => c.id).sort());
    for (const category of items) {
      expect(category.productCount).toBe(products.filter((p) => p.category === category.id).length);
    }
    expect(items.find((c) => c.id === 'home-textiles')).toEqual({
      id: 'home-textiles',
      name: 'Home Textiles',
      productCount: 10,
    });
  });

  describe('operations', () => {
    it('answers /healthz and /readyz while ready', async () => {
      const health = await get('/healthz');
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      const ready = await get('/readyz');
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    });

    it('exposes request durations by route template on /metrics', async () => {
      expect((await get('/products/yoga-mat-6mm')).status).toBe(200);
      expect((await get('/products/no-such-product')).status).toBe(404);
      const res = await get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      const series = (status: number): RegExp =>
        new RegExp(
          `^http_server_request_duration_seconds_count\\{(?=[^}]*route="/products/:id")(?=[^}]*method="GET")(?=[^}]*status="${status}")(?=[^}]*service="catalog")[^}]*\\} [1-9]\\d*$`,
          'm',
        );
      expect(text).toMatch(series(200));
      expect(text).toMatch(series(404));
      expect(text).toMatch(/^# TYPE http_server_request_duration_seconds histogram$/m);
      expect(text).not.toContain('route="/products/yoga-mat-6mm"');
    });

    it('echoes a valid X-Request-Id, also in problems', async () => {
      const res = await get('/products/no-such-product', { 'X-Request-Id': 'trace-42:a.b_c' });
      expect(res.headers.get('x-request-id')).toBe('trace-42:a.b_c');
      const problem = await expectProblem(res, { status: 404, code: 'PRODUCT_NOT_FOUND' });
      expect(problem.requestId).toBe('trace-42:a.b_c');
    });

    it.each([
      ['absent', undefined],
      ['with a space', 'two words'],
      ['too long', 'x'.repeat(129)],
      ['with a slash', 'a/b'],
    ])('generates an X-Request-Id when it is %s', async (_name, incoming) => {
      const res = await get(
        '/products/chef-knife-8in',
        incoming ? { 'X-Request-Id': incoming } : {},
      );
      const generated = res.headers.get('x-request-id');
      expect(generated).toMatch(UUID);
      expect(generated).not.toBe(incoming);
      const other = await get('/healthz');
      expect(other.headers.get('x-request-id')).toMatch(UUID);
      expect(other.headers.get('x-request-id')).not.toBe(generated);
    });

    it.each(['/products', '/products/chef-knife-8in', '/products/nope', '/nowhere', '/healthz'])(
      'sends no X-Powered-By on %s',
      async (path) => {
        const res = await get(path);
        expect(res.headers.has('x-powered-by')).toBe(false);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      },
    );

    it('answers an unknown route with a 404 ROUTE_NOT_FOUND problem', async () => {
      const problem = await expectProblem(await get('/nowhere'), {
        status: 404,
        code: 'ROUTE_NOT_FOUND',
      });
      expect(problem.detail).toBe('GET /nowhere');
    });
  });
});

describe('catalog app: readiness', () => {
  let catalog: CatalogHarness;

  beforeEach(async () => {
    catalog = await startCatalog({ ready: false });
  });
  afterEach(async () => {
    await catalog.close();
  });

  it('is live but not ready while starting, ready once marked', async () => {
    expect((await fetch(`${catalog.url}/healthz`)).status).toBe(200);
    const starting = await fetch(`${catalog.url}/readyz`);
    expect([starting.status, await starting.json()]).toEqual([503, { status: 'starting' }]);
    catalog.lifecycle.markReady();
    expect((await fetch(`${catalog.url}/readyz`)).status).toBe(200);
  });

  it('is not ready while draining, and asks clients to close their connections', async () => {
    catalog.lifecycle.markReady();
    catalog.lifecycle.markDraining();
    const draining = await rawRequest(catalog.url, { method: 'GET', path: '/readyz' });
    expect([draining.status, JSON.parse(draining.body)]).toEqual([503, { status: 'draining' }]);
    expect(draining.headers.connection).toBe('close');
    const health = await rawRequest(catalog.url, { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
    // Still serving during the drain: only new traffic is steered away.
    const product = await rawRequest(catalog.url, {
      method: 'GET',
      path: '/products/yoga-mat-6mm',
    });
    expect(product.status).toBe(200);
  });
});

describe('catalog app: writes', () => {
  let catalog: CatalogHarness;
  const send = (
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${catalog.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

  describe('without CATALOG_ADMIN_TOKEN', () => {
    beforeEach(async () => {
      catalog = await startCatalog();
    });
    afterEach(async () => {
      await catalog.close();
    });

    it.each<[string, 'POST' | 'PUT' | 'DELETE', string, unknown]>([
      ['create', 'POST', '/products', newProduct],
      ['replace', 'PUT', '/products/chef-knife-8in', replacement],
      ['delete', 'DELETE', '/products/chef-knife-8in', undefined],
    ])(
      'refuses to %s with 403 ADMIN_DISABLED, even with a token',
      async (_, method, path, body) => {
        const before = await catalog.products();
        for (const headers of [{}, admin]) {
          await expectProblem(await send(method, path, body, headers), {
            status: 403,
            code: 'ADMIN_DISABLED',
          });
        }
        expect(await catalog.products()).toEqual(before);
      },
    );
  });

  describe('with CATALOG_ADMIN_TOKEN', () => {
    beforeEach(async () => {
      catalog = await startCatalog({ adminToken: ADMIN_TOKEN });
    });
    afterEach(async () => {
      await catalog.close();
    });

    const badCredentials: Array<[string, Record<string, string>]> = [
      ['no Authorization', {}],
      ['a wrong token', { Authorization: `Bearer ${ADMIN_TOKEN}x` }],
      ['a token prefix', { Authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` }],
      ['an empty bearer', { Authorization: 'Bearer ' }],
      [
        'Basic scheme',
        { Authorization: `Basic ${Buffer.from(`a:${ADMIN_TOKEN}`).toString('base64')}` },
      ],
      ['the bare token', { Authorization: ADMIN_TOKEN }],
    ];
    const writes: Array<[string, 'POST' | 'PUT' | 'DELETE', string, unknown]> = [
      ['POST', 'POST', '/products', newProduct],
      ['PUT', 'PUT', '/products/chef-knife-8in', replacement],
      ['DELETE', 'DELETE', '/products/chef-knife-8in', undefined],
    ];

    it.each(writes)(
      '%s with bad credentials is 401 with WWW-Authenticate',
      async (_, method, path, body) => {
        const before = await catalog.products();
        for (const [, headers] of badCredentials) {
          const res = await send(method, path, body, headers);
          expect(res.headers.get('www-authenticate')).toBe('Bearer realm="catalog"');
          await expectProblem(res, { status: 401, code: 'UNAUTHORIZED' });
        }
        expect(await catalog.products()).toEqual(before);
      },
    );

    it('accepts the bearer scheme in any case', async () => {
      const res = await send('POST', '/products', newProduct, {
        Authorization: `bEaReR ${ADMIN_TOKEN}`,
      });
      expect(res.status).toBe(201);
    });

    it('POST creates a product: 201 with Location and ETag, then readable', async () => {
      const res = await send('POST', '/products', newProduct, admin);
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe('/products/pour-over-kettle-mini');
      expect(res.headers.get('etag')).toBe('"1"');
      const created = Product.parse(await res.json());
      expect(created).toEqual({ ...newProduct, version: 1, updatedAt: expect.any(String) });

      const read = await fetch(`${catalog.url}/products/pour-over-kettle-mini`);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(await read.json()).toEqual(created);
      const { items } = CategoryList.parse(await (await fetch(`${catalog.url}/categories`)).json());
      expect(items.find((c) => c.id === 'coffee')?.productCount).toBe(11);
    });

    it('POST defaults a missing description to empty', async () => {
      const res = await send('POST', '/products', omit(newProduct, 'description'), admin);
      expect(res.status).toBe(201);
      expect(Product.parse(await res.json()).description).toBe('');
    });

    it('POST of an existing id is 409 PRODUCT_EXISTS and changes nothing', async () => {
      const before = await catalog.repository.getProduct('chef-knife-8in');
      const res = await send('POST', '/products', { ...newProduct, id: 'chef-knife-8in' }, admin);
      await expectProblem(res, { status: 409, code: 'PRODUCT_EXISTS' });
      expect(await catalog.repository.getProduct('chef-knife-8in')).toEqual(before);
    });

    it('POST into an unknown category is 422 UNKNOWN_CATEGORY', async () => {
      const res = await send('POST', '/products', { ...newProduct, category: 'toys' }, admin);
      const problem = await expectProblem(res, { status: 422, code: 'UNKNOWN_CATEGORY' });
      expect(problem.detail).toContain("'toys'");
      expect(await catalog.repository.getProduct(newProduct.id)).toBeUndefined();
    });

    it('PUT with a matching If-Match replaces the product and answers the new ETag', async () => {
      const res = await send('PUT', '/products/chef-knife-8in', replacement, {
        ...admin,
        'If-Match': '"1"',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"2"');
      const updated = Product.parse(await res.json());
      expect(updated).toMatchObject({ ...replacement, id: 'chef-knife-8in', version: 2 });

      const read = await fetch(`${catalog.url}/products/chef-knife-8in`, {
        headers: { 'If-None-Match': '"1"' },
      });
      expect(read.status).toBe(200);
      expect(await read.json()).toEqual(updated);
    });

    it('PUT with a stale If-Match is 412 with the current ETag and changes nothing', async () => {
      const first = await send('PUT', '/products/chef-knife-8in', replacement, {
        ...admin,
        'If-Match': '"1"',
      });
      expect(first.status).toBe(200);
      const current = await catalog.repository.getProduct('chef-knife-8in');
      const stale = await send(
        'PUT',
        '/products/chef-knife-8in',
        { ...replacement, name: 'Lost Update' },
        { ...admin, 'If-Match': '"1"' },
      );
      expect(stale.headers.get('etag')).toBe('"2"');
      await expectProblem(stale, { status: 412, code: 'PRECONDITION_FAILED' });
      expect(await catalog.repository.getProduct('chef-knife-8in')).toEqual(current);
    });

    it('PUT without If-Match replaces unconditionally', async () => {
      const res = await send('PUT', '/products/chef-knife-8in', replacement, admin);
      expect([res.status, res.headers.get('etag')]).toEqual([200, '"2"']);
    });

    it('PUT of an unknown id is 404 and creates nothing', async () => {
      const res = await send('PUT', '/products/no-such-product', replacement, {
        ...admin,
        'If-Match': '"1"',
      });
      await expectProblem(res, { status: 404, code: 'PRODUCT_NOT_FOUND' });
      expect(await catalog.repository.getProduct('no-such-product')).toBeUndefined();
    });

    it('DELETE removes the product; GET is then 404', async () => {
      const res = await send('DELETE', '/products/chef-knife-8in', undefined, {
        ...admin,
        'If-Match': '"1"',
      });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
      await expectProblem(await fetch(`${catalog.url}/products/chef-knife-8in`), {
        status: 404,
        code: 'PRODUCT_NOT_FOUND',
      });
      await expectProblem(await send('DELETE', '/products/chef-knife-8in', undefined, admin), {
        status: 404,
        code: 'PRODUCT_NOT_FOUND',
      });
    });

    it('DELETE with a stale If-Match is 412 and keeps the product', async () => {
      const res = await send('DELETE', '/products/chef-knife-8in', undefined, {
        ...admin,
        'If-Match': '"4"',
      });
      expect(res.headers.get('etag')).toBe('"1"');
      await expectProblem(res, { status: 412, code: 'PRECONDITION_FAILED' });
      expect(await catalog.repository.getProduct('chef-knife-8in')).toBeDefined();
    });
  });
});
