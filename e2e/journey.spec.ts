import { CategoryList, PricedCart, Product, ProductPage, Storefront } from '@cartwheel/contracts';
import { healthcheckCommand } from './support/engine';
import type { Answer } from './support/http-client';
import { Cluster } from './support/cluster';

/** The priced view must agree with the catalog's own prices, line by line. */
function expectPriced(
  answer: Answer,
  lines: ReadonlyArray<readonly [Product, number]>,
): PricedCart {
  expect(answer.status).toBeLessThan(300);
  const cart = PricedCart.parse(answer.body);
  expect(cart.items.map((l) => [l.productId, l.quantity, l.unitPrice, l.lineTotal])).toEqual(
    lines.map(([p, quantity]) => [
      p.id,
      quantity,
      p.price,
      { amount: p.price.amount * quantity, currency: p.price.currency },
    ]),
  );
  const subtotal = lines.reduce((acc, [p, quantity]) => acc + p.price.amount * quantity, 0);
  expect(cart.subtotal).toEqual({ amount: subtotal, currency: 'USD' });
  expect(cart.degraded).toBe(false);
  return cart;
}

describe('the deployment in containers: images and the user journey through the gateway', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await Cluster.start();
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('runs every service as the non-root user, node as PID 1, healthy by its own HEALTHCHECK', async () => {
    for (const { name, container } of cluster.services) {
      const whoami = await container.exec([
        'node',
        '-e',
        "const fs = require('fs'); console.log(process.getuid(), fs.readFileSync('/proc/1/cmdline', 'utf8').split('\\0')[0])",
      ]);
      expect({ name, out: whoami.stdout.trim() }).toEqual({
        name,
        out: expect.stringMatching(/^[1-9]\d* node$/),
      });
      const healthcheck = await container.exec(await healthcheckCommand(container));
      expect({ name, exitCode: healthcheck.exitCode }).toEqual({ name, exitCode: 0 });
    }
  });

  it('browses, searches, and serves a product with its ETag', async () => {
    const gw = cluster.gateway.client;
    const page = ProductPage.parse((await gw.call('GET', '/api/products?limit=20')).body);
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
    const next = ProductPage.parse(
      (
        await gw.call(
          'GET',
          `/api/products?limit=20&cursor=${encodeURIComponent(page.nextCursor!)}`,
        )
      ).body,
    );
    expect(next.items[0]!.id > page.items[19]!.id).toBe(true);

    const categories = CategoryList.parse((await gw.call('GET', '/api/categories')).body);
    expect(categories.items.length).toBeGreaterThan(1);

    const target = page.items[3]!;
    const term = target.name
      .split(/\s+/)
      .find((w) => w.length >= 4)!
      .toLowerCase();
    const hits = ProductPage.parse(
      (await gw.call('GET', `/api/products?limit=100&q=${encodeURIComponent(term)}`)).body,
    );
    expect(hits.items.map((p) => p.id)).toContain(target.id);

    const product = await gw.call('GET', `/api/products/${target.id}`);
    expect(Product.parse(product.body)).toEqual(target);
    expect(product.headers['etag']).toBe(`"${target.version}"`);
    expect((await gw.call('GET', '/api/products/no-such-product')).status).toBe(404);
  });

  it('creates a cart, adds, changes and removes lines, and answers the priced view', async () => {
    const gw = cluster.gateway.client;
    const [a, b] = ProductPage.parse((await gw.call('GET', '/api/products?limit=2')).body)
      .items as [Product, Product];
    const created = await gw.call('POST', '/api/carts', {
      headers: { 'Idempotency-Key': 'e2e-journey-1' },
    });
    expect(created.status).toBe(201);
    const { id } = expectPriced(created, []);
    const cart = `/api/carts/${id}`;

    expectPriced(
      await gw.call('POST', `${cart}/items`, { body: { productId: a.id, quantity: 2 } }),
      [[a, 2]],
    );
    const added = expectPriced(
      await gw.call('POST', `${cart}/items`, { body: { productId: b.id, quantity: 1 } }),
      [
        [a, 2],
        [b, 1],
      ],
    );
    const changed = await gw.call('PUT', `${cart}/items/${a.id}`, {
      headers: { 'If-Match': `"${added.version}"` },
      body: { quantity: 5 },
    });
    expectPriced(changed, [
      [a, 5],
      [b, 1],
    ]);
    const stale = await gw.call('PUT', `${cart}/items/${a.id}`, {
      headers: { 'If-Match': `"${added.version}"` },
      body: { quantity: 1 },
    });
    expect(stale.status).toBe(412);
    expectPriced(await gw.call('DELETE', `${cart}/items/${b.id}`), [[a, 5]]);

    const view = await gw.call('GET', cart);
    expectPriced(view, [[a, 5]]);
    expect(view.headers['etag']).toBe(`"${PricedCart.parse(view.body).version}"`);

    const storefront = Storefront.parse(
      (await gw.call('GET', `/api/storefront?cartId=${id}`)).body,
    );
    expect(storefront).toMatchObject({ degraded: false, cart: { id, itemCount: 5 } });
    expect(storefront.featured!.length).toBeGreaterThan(0);
  });
});
