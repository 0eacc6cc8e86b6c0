import { SqliteCartRepository, type CartRepository } from '@cartwheel/cart';
import {
  CART_ID_PATTERN,
  Cart,
  MAX_CART_LINES,
  ProblemDetails,
  type CartItem,
} from '@cartwheel/contracts';
import { Lifecycle, createLogger } from '@cartwheel/service-kit';
import { startApp, tempDir, type StartedApp, type TempDir } from '@cartwheel/service-kit/testing';
import { randomUUID } from 'node:crypto';
import { createApp } from './app';

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

interface SendOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** Every method of a repository, bound, so a test can swap one of them. */
function delegate(inner: SqliteCartRepository): CartRepository {
  return {
    createCart: inner.createCart.bind(inner),
    getCart: inner.getCart.bind(inner),
    addItem: inner.addItem.bind(inner),
    setQuantity: inner.setQuantity.bind(inner),
    removeItem: inner.removeItem.bind(inner),
    deleteCart: inner.deleteCart.bind(inner),
    claimIdempotencyKey: inner.claimIdempotencyKey.bind(inner),
    releaseIdempotencyKey: inner.releaseIdempotencyKey.bind(inner),
    close: inner.close.bind(inner),
  };
}

describe('cart HTTP API', () => {
  let dir: TempDir;
  let sqlite: SqliteCartRepository;
  let server: StartedApp | undefined;

  /** Serves the real app; `wrap` may replace repository methods to stage races and failures. */
  async function serve(wrap: (repository: CartRepository) => CartRepository = (r) => r) {
    const lifecycle = new Lifecycle();
    lifecycle.markReady();
    const logger = createLogger('cart', 'silent');
    const { app } = createApp({ repository: wrap(delegate(sqlite)), logger, lifecycle });
    server = await startApp(app);
  }

  async function send(method: string, path: string, options: SendOptions = {}): Promise<Reply> {
    if (server === undefined) throw new Error('serve() first');
    const headers = new Headers(options.headers);
    if (options.body !== undefined && !headers.has('content-type')) {
      headers.set('content-type', 'application/json');
    }
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? undefined : JSON.parse(text),
    };
  }

  const cartOf = (reply: Reply): Cart => Cart.parse(reply.body);

  function expectProblem(reply: Reply, status: number, code: string): ProblemDetails {
    expect({ status: reply.status, code: (reply.body as { code?: unknown })?.code }).toEqual({
      status,
      code,
    });
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = ProblemDetails.parse(reply.body);
    expect(problem.status).toBe(status);
    return problem;
  }

  async function createCart(): Promise<Cart> {
    const reply = await send('POST', '/carts');
    expect(reply.status).toBe(201);
    return cartOf(reply);
  }

  async function getCart(id: string): Promise<Cart> {
    const reply = await send('GET', `/carts/${id}`);
    expect(reply.status).toBe(200);
    return cartOf(reply);
  }

  /** A cart holding `items`, added one by one (version 1 + items.length). */
  async function cartWith(items: readonly CartItem[]): Promise<Cart> {
    let cart = await createCart();
    for (const item of items)
      cart = cartOf(await send('POST', `/carts/${cart.id}/items`, { body: item }));
    return cart;
  }

  beforeEach(() => {
    dir = tempDir('cartwheel-cart-app-');
    sqlite = SqliteCartRepository.open(dir.path);
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
    await sqlite.close();
    dir.remove();
  });

  describe('endpoints', () => {
    beforeEach(() => serve());

    it('POST /carts creates an empty cart with a Location, an ETag and a UUID v4 id', async () => {
      const reply = await send('POST', '/carts');
      expect(reply.status).toBe(201);
      const cart = cartOf(reply);
      expect(cart.id).toMatch(CART_ID_PATTERN);
      expect(cart).toMatchObject({ version: 1, items: [] });
      expect(reply.headers.get('location')).toBe(`/carts/${cart.id}`);
      expect(reply.headers.get('etag')).toBe('"1"');
      expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
      expect(reply.headers.get('idempotent-replayed')).toBeNull();
      expect((await createCart()).id).not.toBe(cart.id);
    });

    it('POST /carts accepts an explicit empty JSON object', async () => {
      const reply = await send('POST', '/carts', { body: {} });
      expect(reply.status).toBe(201);
    });

    it('GET /carts/:id answers the cart with its ETag, and 304 when If-None-Match matches', async () => {
      const created = await createCart();
      const reply = await send('GET', `/carts/${created.id}`);
      expect(reply.status).toBe(200);
      expect(cartOf(reply)).toEqual(created);
      expect(reply.headers.get('etag')).toBe('"1"');

      for (const tag of ['"1"', 'W/"1"', '"7", "1"', '*']) {
        const cached = await send('GET', `/carts/${created.id}`, {
          headers: { 'If-None-Match': tag },
        });
        expect({ tag, status: cached.status, body: cached.body }).toEqual({
          tag,
          status: 304,
          body: undefined,
        });
        expect(cached.headers.get('etag')).toBe('"1"');
      }
      const stale = await send('GET', `/carts/${created.id}`, {
        headers: { 'If-None-Match': '"0"' },
      });
      expect(stale.status).toBe(200);
    });

    it('GET /carts/:id answers 404 CART_NOT_FOUND for an unknown cart', async () => {
      expectProblem(await send('GET', `/carts/${randomUUID()}`), 404, 'CART_NOT_FOUND');
    });

    it('POST /carts/:id/items adds a line and merges into it, with a new ETag each time', async () => {
      const { id } = await createCart();
      const first = await send('POST', `/carts/${id}/items`, {
        body: { productId: 'apple', quantity: 2 },
      });
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).toBe('"2"');
      expect(cartOf(first).items).toEqual([{ productId: 'apple', quantity: 2 }]);

      const second = await send('POST', `/carts/${id}/items`, {
        body: { productId: 'apple', quantity: 3 },
      });
      expect(second.headers.get('etag')).toBe('"3"');
      expect(cartOf(second)).toMatchObject({
        version: 3,
        items: [{ productId: 'apple', quantity: 5 }],
      });
      expect(await getCart(id)).toEqual(cartOf(second));
    });

    it('PUT /carts/:id/items/:productId sets a quantity, creates a line and removes it at 0', async () => {
      const { id } = await cartWith([{ productId: 'apple', quantity: 5 }]);
      const set = await send('PUT', `/carts/${id}/items/apple`, { body: { quantity: 2 } });
      expect(set.status).toBe(200);
      expect(set.headers.get('etag')).toBe('"3"');
      expect(cartOf(set).items).toEqual([{ productId: 'apple', quantity: 2 }]);

      const added = await send('PUT', `/carts/${id}/items/pear`, { body: { quantity: 99 } });
      expect(cartOf(added).items).toEqual([
        { productId: 'apple', quantity: 2 },
        { productId: 'pear', quantity: 99 },
      ]);

      const removed = await send('PUT', `/carts/${id}/items/apple`, { body: { quantity: 0 } });
      expect(removed.status).toBe(200);
      expect(cartOf(removed)).toMatchObject({
        version: 5,
        items: [{ productId: 'pear', quantity: 99 }],
      });
      expect(await getCart(id)).toEqual(cartOf(removed));
    });

    it('DELETE /carts/:id/items/:productId removes a line; a missing line is 404 LINE_NOT_FOUND', async () => {
      const { id } = await cartWith([
        { productId: 'apple', quantity: 1 },
        { productId: 'pear', quantity: 1 },
      ]);
      const removed = await send('DELETE', `/carts/${id}/items/apple`);
      expect(removed.status).toBe(200);
      expect(removed.headers.get('etag')).toBe('"4"');
      expect(cartOf(removed).items).toEqual([{ productId: 'pear', quantity: 1 }]);

      expectProblem(await send('DELETE', `/carts/${id}/items/apple`), 404, 'LINE_NOT_FOUND');
      expect((await getCart(id)).version).toBe(4);
    });

    it('DELETE /carts/:id answers 204, after which the cart is gone', async () => {
      const { id } = await cartWith([{ productId: 'apple', quantity: 1 }]);
      const deleted = await send('DELETE', `/carts/${id}`);
      expect(deleted.status).toBe(204);
      expect(deleted.body).toBeUndefined();
      expectProblem(await send('GET', `/carts/${id}`), 404, 'CART_NOT_FOUND');
      expectProblem(await send('DELETE', `/carts/${id}`), 404, 'CART_NOT_FOUND');
    });

    it.each([
      ['POST', '/items', { productId: 'apple', quantity: 1 }],
      ['PUT', '/items/apple', { quantity: 1 }],
      ['DELETE', '/items/apple', undefined],
    ])('%s <cart>%s on an unknown cart is 404 CART_NOT_FOUND', async (method, suffix, body) => {
      const reply = await send(method, `/carts/${randomUUID()}${suffix}`, { body });
      expectProblem(reply, 404, 'CART_NOT_FOUND');
    });

    it('refuses a 51st line with 409 CART_FULL, by POST and by PUT', async () => {
      const lines = Array.from({ length: MAX_CART_LINES }, (_, i) => ({
        productId: `p-${i}`,
        quantity: 1,
      }));
      const full = await cartWith(lines);
      const added = await send('POST', `/carts/${full.id}/items`, {
        body: { productId: 'extra', quantity: 1 },
      });
      expectProblem(added, 409, 'CART_FULL');
      const put = await send('PUT', `/carts/${full.id}/items/extra`, { body: { quantity: 1 } });
      expectProblem(put, 409, 'CART_FULL');
      const merged = await send('POST', `/carts/${full.id}/items`, {
        body: { productId: 'p-0', quantity: 1 },
      });
      expect(merged.status).toBe(200);
      expect(cartOf(merged).items).toHaveLength(MAX_CART_LINES);
    });

    it('refuses to take a line past 99 with 422 LINE_QUANTITY_EXCEEDED', async () => {
      const { id } = await cartWith([{ productId: 'apple', quantity: 60 }]);
      const reply = await send('POST', `/carts/${id}/items`, {
        body: { productId: 'apple', quantity: 40 },
      });
      expectProblem(reply, 422, 'LINE_QUANTITY_EXCEEDED');
      expect(await getCart(id)).toMatchObject({
        version: 2,
        items: [{ productId: 'apple', quantity: 60 }],
      });
    });
  });

  describe('If-Match', () => {
    beforeEach(() => serve());

    const writes: Array<[string, string, string, unknown]> = [
      ['POST', 'items', '/items', { productId: 'pear', quantity: 1 }],
      ['PUT', 'a line', '/items/apple', { quantity: 3 }],
      ['DELETE', 'a line', '/items/apple', undefined],
      ['DELETE', 'the cart', '', undefined],
    ];

    it.each(writes)(
      '%s %s with a stale ETag is 412 PRECONDITION_FAILED with the current ETag',
      async (method, _what, suffix, body) => {
        const cart = await cartWith([{ productId: 'apple', quantity: 1 }]);
        const reply = await send(method, `/carts/${cart.id}${suffix}`, {
          body,
          headers: { 'If-Match': '"1"' },
        });
        expectProblem(reply, 412, 'PRECONDITION_FAILED');
        expect(reply.headers.get('etag')).toBe('"2"');
        expect(await getCart(cart.id)).toEqual(cart);
      },
    );

    it.each(writes)('%s %s with the current ETag succeeds', async (method, _what, suffix, body) => {
      const cart = await cartWith([{ productId: 'apple', quantity: 1 }]);
      const reply = await send(method, `/carts/${cart.id}${suffix}`, {
        body,
        headers: { 'If-Match': '"2"' },
      });
      if (suffix === '') {
        expect(reply.status).toBe(204);
        return;
      }
      expect(reply.status).toBe(200);
      expect(reply.headers.get('etag')).toBe('"3"');
      expect(cartOf(reply).version).toBe(3);
      expect(await getCart(cart.id)).toEqual(cartOf(reply));
    });

    it('a write with If-Match: * succeeds whatever the version', async () => {
      const { id } = await cartWith([{ productId: 'apple', quantity: 1 }]);
      const reply = await send('PUT', `/carts/${id}/items/apple`, {
        body: { quantity: 4 },
        headers: { 'If-Match': '*' },
      });
      expect(reply.status).toBe(200);
    });
  });

  describe('Idempotency-Key', () => {
    beforeEach(() => serve());

    it('replays POST /carts: same status, Location and body, and no second cart', async () => {
      const headers = { 'Idempotency-Key': 'create-1' };
      const first = await send('POST', '/carts', { headers });
      const again = await send('POST', '/carts', { headers });
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      expect(again.headers.get('etag')).toBe('"1"');
      expect((await getCart(cartOf(first).id)).version).toBe(1);
      expect(cartOf(await send('POST', '/carts')).id).not.toBe(cartOf(first).id);
    });

    it('replays POST items without adding again', async () => {
      const { id } = await createCart();
      const request = {
        body: { productId: 'apple', quantity: 2 },
        headers: { 'Idempotency-Key': 'add-1' },
      };
      const first = await send('POST', `/carts/${id}/items`, request);
      const again = await send('POST', `/carts/${id}/items`, request);
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('etag')).toBe('"2"');
      expect(again.body).toEqual(first.body);
      expect(await getCart(id)).toMatchObject({
        version: 2,
        items: [{ productId: 'apple', quantity: 2 }],
      });
    });

    it('refuses a key reused for another body, cart or If-Match with 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const { id } = await createCart();
      const other = await createCart();
      const key = { 'Idempotency-Key': 'reused' };
      const body = { productId: 'apple', quantity: 1 };
      expect((await send('POST', `/carts/${id}/items`, { body, headers: key })).status).toBe(200);

      const variants: Array<[string, SendOptions]> = [
        [`/carts/${id}/items`, { body: { ...body, quantity: 2 }, headers: key }],
        [`/carts/${other.id}/items`, { body, headers: key }],
        [`/carts/${id}/items`, { body, headers: { ...key, 'If-Match': '"2"' } }],
        ['/carts', { headers: key }],
      ];
      for (const [path, options] of variants) {
        expectProblem(await send('POST', path, options), 422, 'IDEMPOTENCY_KEY_REUSED');
      }
      expect(await getCart(id)).toMatchObject({ version: 2, items: [body] });
      expect(await getCart(other.id)).toEqual(other);
    });

    it('replays a refused first answer even once the write would succeed', async () => {
      const { id } = await cartWith([{ productId: 'apple', quantity: 60 }]);
      const request = {
        body: { productId: 'apple', quantity: 40 },
        headers: { 'Idempotency-Key': 'too-many' },
      };
      const first = await send('POST', `/carts/${id}/items`, request);
      expectProblem(first, 422, 'LINE_QUANTITY_EXCEEDED');
      await send('PUT', `/carts/${id}/items/apple`, { body: { quantity: 1 } });

      const again = await send('POST', `/carts/${id}/items`, request);
      expectProblem(again, 422, 'LINE_QUANTITY_EXCEEDED');
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await getCart(id)).toMatchObject({
        version: 3,
        items: [{ productId: 'apple', quantity: 1 }],
      });
    });

    it('replays a 412 and a 404 first answer', async () => {
      const cart = await cartWith([{ productId: 'apple', quantity: 1 }]);
      const stale = {
        body: { productId: 'apple', quantity: 1 },
        headers: { 'Idempotency-Key': 'stale', 'If-Match': '"1"' },
      };
      expectProblem(
        await send('POST', `/carts/${cart.id}/items`, stale),
        412,
        'PRECONDITION_FAILED',
      );
      const replayed = await send('POST', `/carts/${cart.id}/items`, stale);
      expectProblem(replayed, 412, 'PRECONDITION_FAILED');
      expect(replayed.headers.get('etag')).toBe('"2"');
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');

      const missing = randomUUID();
      const unknown = {
        body: { productId: 'apple', quantity: 1 },
        headers: { 'Idempotency-Key': 'nf' },
      };
      expectProblem(await send('POST', `/carts/${missing}/items`, unknown), 404, 'CART_NOT_FOUND');
      const again = await send('POST', `/carts/${missing}/items`, unknown);
      expectProblem(again, 404, 'CART_NOT_FOUND');
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await getCart(cart.id)).toEqual(cart);
    });

    it('does not store an answer to an invalid body, so the key stays free', async () => {
      const { id } = await createCart();
      const headers = { 'Idempotency-Key': 'after-400' };
      const invalid = await send('POST', `/carts/${id}/items`, {
        body: { productId: 'apple', quantity: 0 },
        headers,
      });
      expectProblem(invalid, 400, 'VALIDATION_FAILED');
      const valid = await send('POST', `/carts/${id}/items`, {
        body: { productId: 'apple', quantity: 1 },
        headers,
      });
      expect(valid.status).toBe(200);
      expect(valid.headers.get('idempotent-replayed')).toBeNull();
    });

    it.each([
      ['256 characters', 'k'.repeat(256)],
      ['a non-ASCII character', 'caf\u00e9'],
      ['a tab inside', 'a\tb'],
    ])('refuses a key with %s: 400 INVALID_HEADER, nothing written', async (_what, key) => {
      const { id } = await createCart();
      const headers = { 'Idempotency-Key': key };
      expectProblem(await send('POST', '/carts', { headers }), 400, 'INVALID_HEADER');
      const add = await send('POST', `/carts/${id}/items`, {
        body: { productId: 'apple', quantity: 1 },
        headers,
      });
      expectProblem(add, 400, 'INVALID_HEADER');
      expect((await getCart(id)).version).toBe(1);
    });

    it('accepts a key of 255 printable characters', async () => {
      const headers = { 'Idempotency-Key': 'a b'.padEnd(255, '~') };
      expect((await send('POST', '/carts', { headers })).status).toBe(201);
      const again = await send('POST', '/carts', { headers });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });
  });

  describe('Idempotency-Key races and failures', () => {
    it('answers a twin that arrives while the first runs with 409 IDEMPOTENCY_KEY_IN_USE', async () => {
      let reached!: () => void;
      const writing = new Promise<void>((resolve) => (reached = resolve));
      let proceed!: () => void;
      const gate = new Promise<void>((resolve) => (proceed = resolve));
      await serve((repository) => ({
        ...repository,
        createCart: async (...args) => {
          reached();
          await gate;
          return repository.createCart(...args);
        },
      }));
      const headers = { 'Idempotency-Key': 'twin' };
      const first = send('POST', '/carts', { headers });
      await writing;
      const twin = await send('POST', '/carts', { headers });
      expectProblem(twin, 409, 'IDEMPOTENCY_KEY_IN_USE');
      expect(twin.headers.get('retry-after')).toBe('1');
      proceed();
      const done = await first;
      expect(done.status).toBe(201);
      const replay = await send('POST', '/carts', { headers });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(done.body);
    });

    it('releases the key when the write fails unexpectedly, so a retry runs', async () => {
      let failures = 1;
      await serve((repository) => ({
        ...repository,
        addItem: async (...args) => {
          if (failures-- > 0) throw new Error('disk on fire');
          return repository.addItem(...args);
        },
      }));
      const { id } = await createCart();
      const request = {
        body: { productId: 'apple', quantity: 1 },
        headers: { 'Idempotency-Key': 'retry' },
      };
      expectProblem(await send('POST', `/carts/${id}/items`, request), 500, 'INTERNAL');
      expect((await getCart(id)).version).toBe(1);
      const retry = await send('POST', `/carts/${id}/items`, request);
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
      expect(cartOf(retry).items).toEqual([{ productId: 'apple', quantity: 1 }]);
    });
  });
});
