import { startFaultServer, type FaultServer } from '@cartwheel/upstream/testing';
import { startGateway, type GatewayHarness } from './testing/gateway-harness';
import { expectProblem, send } from './testing/http-client';

/**
 * Every gateway route fed bad input: each answer is the exact 4xx problem (never a 500), and a
 * rejected request sends nothing upstream at all. The upstreams are fault servers, plus a canary
 * that is configured nowhere: the path tricks below name it, and it must never hear a thing.
 */

interface Expected {
  readonly status: number;
  readonly code: string;
}

interface BadInput extends Expected {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Sent raw through node:http: `..` and `%2e` are not normalised away. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

const CART = '0b6f3a52-52d4-4a8e-9d0c-2f4b8a7c1e90';
const ITEMS = `/api/carts/${CART}/items`;
const LINE = `${ITEMS}/mug`;
const JSON_TYPE = { 'content-type': 'application/json' };
const json = (value: unknown): string => JSON.stringify(value);
const ids = (n: number): string => Array.from({ length: n }, (_, i) => `p${i}`).join(',');

const VALIDATION: Expected = { status: 400, code: 'VALIDATION_FAILED' };
const NO_ROUTE: Expected = { status: 404, code: 'ROUTE_NOT_FOUND' };
const MALFORMED: Expected = { status: 400, code: 'MALFORMED_JSON' };
const MEDIA: Expected = { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' };
const HEADER: Expected = { status: 400, code: 'INVALID_HEADER' };
const TOO_LARGE: Expected = { status: 413, code: 'PAYLOAD_TOO_LARGE' };

const get = (name: string, path: string, expected = VALIDATION): BadInput => ({
  name,
  method: 'GET',
  path,
  ...expected,
});
const write = (
  method: 'POST' | 'PUT' | 'DELETE' | 'PATCH',
  name: string,
  path: string,
  body: string | undefined,
  expected = VALIDATION,
  headers: Readonly<Record<string, string>> = JSON_TYPE,
): BadInput => ({ name, method, path, headers, ...(body !== undefined && { body }), ...expected });

/** Names for a host that is not configured; `canary` is filled in once it listens. */
const hosts = { canary: '127.0.0.1:1' };
const canaryTricks = (): string[] => [hosts.canary, encodeURIComponent(`http://${hosts.canary}`)];

const productIds: BadInput[] = [
  get('upper-case id', '/api/products/MUG'),
  get('id with a leading hyphen', '/api/products/-mug'),
  get('65-character id', `/api/products/${'a'.repeat(65)}`),
  get('id ..%2f', '/api/products/..%2fadmin%2fupstreams'),
  get('id %2e%2e', '/api/products/%2e%2e'),
  get('id %2e%2e%2f%2e%2e', '/api/products/%2e%2e%2f%2e%2e%2fadmin'),
  get('id with an encoded NUL', '/api/products/mug%00'),
  get('id with an encoded space', '/api/products/mug%20x'),
  get('id as an absolute URL', '/api/products/http:%2f%2fevil.example'),
  get('id as an encoded absolute URL', '/api/products/http%3A%2F%2Fevil.example%2Fx'),
  get('id naming a host', '/api/products/evil.example'),
  get('id as invalid percent-encoding', '/api/products/%E0%A4%A'),
  get('unknown query on a product', '/api/products/mug?expand=all'),
  get('raw ..', '/api/products/../admin/upstreams', NO_ROUTE),
  get('raw //evil.example', '/api/products//evil.example', NO_ROUTE),
  get('raw absolute URL in the path', '/api/products/http://evil.example/x', NO_ROUTE),
  get('path starting with //', '//evil.example/api/products/mug', NO_ROUTE),
  get('raw .. out of /api', '/api/../admin/upstreams', NO_ROUTE),
];

const listing: BadInput[] = [
  get('limit=0', '/api/products?limit=0'),
  get('limit=101', '/api/products?limit=101'),
  get('limit=abc', '/api/products?limit=abc'),
  get('limit=-1', '/api/products?limit=-1'),
  get('limit=1e2', '/api/products?limit=1e2'),
  get('repeated limit', '/api/products?limit=5&limit=6'),
  get('unknown parameter', '/api/products?sort=price'),
  get('bracketed parameter', '/api/products?limit[$gt]=1'),
  get('__proto__ parameter', '/api/products?__proto__=x'),
  get('empty cursor', '/api/products?cursor='),
  get('cursor over 200 characters', `/api/products?cursor=${'c'.repeat(201)}`),
  get('upper-case category', '/api/products?category=Kitchen'),
  get('category ..%2f', '/api/products?category=..%2fadmin'),
  get('blank q', '/api/products?q=%20%20'),
  get('q over 100 characters', `/api/products?q=${'q'.repeat(101)}`),
  get('repeated q', '/api/products?q=a&q=b'),
  get('ids with a duplicate', '/api/products?ids=mug,kettle,mug'),
  get('more than 100 ids', `/api/products?ids=${ids(101)}`),
  get('empty ids', '/api/products?ids='),
  get('ids with an empty member', '/api/products?ids=mug,,kettle'),
  get('ids with an upper-case id', '/api/products?ids=mug,KETTLE'),
  get('ids with a path trick', '/api/products?ids=mug,..%2fadmin'),
  get('ids with an absolute URL', '/api/products?ids=http%3A%2F%2Fevil.example'),
  get('ids mixed with limit', '/api/products?ids=mug&limit=5'),
  get('repeated ids', '/api/products?ids=mug&ids=kettle'),
  get('categories with a query', '/api/categories?all=1'),
];

const cartIds: BadInput[] = [
  get('cart id not a UUID', '/api/carts/not-a-uuid'),
  get('upper-case cart UUID', `/api/carts/${CART.toUpperCase()}`),
  get('UUID v1 cart id', '/api/carts/0b6f3a52-52d4-1a8e-9d0c-2f4b8a7c1e90'),
  get('cart id ..%2f', '/api/carts/..%2f..%2fadmin'),
  get('cart id %2e%2e', '/api/carts/%2e%2e'),
  get('cart id as an absolute URL', '/api/carts/http:%2f%2fevil.example'),
  get('unknown query on a cart', `/api/carts/${CART}?view=full`),
  get('raw .. in a cart path', `/api/carts/${CART}/../../products/mug`, NO_ROUTE),
  get('raw //evil.example as cart', '/api/carts//evil.example', NO_ROUTE),
  write(
    'POST',
    'add with cart id not a UUID',
    '/api/carts/abc/items',
    json({ productId: 'mug', quantity: 1 }),
  ),
  write('PUT', 'set with a bad product id', `${ITEMS}/MUG`, json({ quantity: 1 })),
  write('PUT', 'set with product id ..%2f', `${ITEMS}/..%2fx`, json({ quantity: 1 })),
  write(
    'PUT',
    'set with a 65-character product id',
    `${ITEMS}/${'a'.repeat(65)}`,
    json({ quantity: 1 }),
  ),
  write('PUT', 'set with a bad cart id', '/api/carts/x/items/mug', json({ quantity: 1 })),
  write('DELETE', 'remove with a bad product id', `${ITEMS}/%2e%2e`, undefined),
  write('DELETE', 'remove with an absolute URL', `${ITEMS}/http:%2f%2fevil.example`, undefined),
  write('DELETE', 'delete with a bad cart id', '/api/carts/%2e%2e%2fcarts', undefined),
  write('PATCH', 'a method the gateway does not route', `/api/carts/${CART}`, json({}), NO_ROUTE),
];

const bodies: BadInput[] = [
  write('POST', 'create with an unknown field', '/api/carts', json({ owner: 'me' })),
  write('POST', 'create with an array', '/api/carts', json([])),
  write('POST', 'create with a query', '/api/carts?owner=me', undefined),
  write('POST', 'add: quantity as a string', ITEMS, json({ productId: 'mug', quantity: '1' })),
  write('POST', 'add: quantity 0', ITEMS, json({ productId: 'mug', quantity: 0 })),
  write('POST', 'add: quantity 100', ITEMS, json({ productId: 'mug', quantity: 100 })),
  write('POST', 'add: quantity 1.5', ITEMS, json({ productId: 'mug', quantity: 1.5 })),
  write('POST', 'add: productId missing', ITEMS, json({ quantity: 1 })),
  write('POST', 'add: productId a number', ITEMS, json({ productId: 7, quantity: 1 })),
  write('POST', 'add: productId a path trick', ITEMS, json({ productId: '../admin', quantity: 1 })),
  write(
    'POST',
    'add: productId a URL',
    ITEMS,
    json({ productId: 'http://evil.example', quantity: 1 }),
  ),
  write('POST', 'add: unknown field', ITEMS, json({ productId: 'mug', quantity: 1, price: 1 })),
  write(
    'POST',
    'add: __proto__ key',
    ITEMS,
    '{"productId":"mug","quantity":1,"__proto__":{"admin":true}}',
  ),
  write(
    'POST',
    'add: constructor key',
    ITEMS,
    '{"productId":"mug","quantity":1,"constructor":{"prototype":{}}}',
  ),
  write('POST', 'add: body null', ITEMS, 'null', MALFORMED),
  write('POST', 'add: body a string', ITEMS, '"mug"', MALFORMED),
  write('POST', 'add: empty body', ITEMS, undefined),
  write('POST', 'add: malformed JSON', ITEMS, '{"productId":', MALFORMED),
  write('POST', 'add: trailing garbage', ITEMS, '{"productId":"mug","quantity":1}x', MALFORMED),
  write(
    'POST',
    'add: 1 MB body',
    ITEMS,
    json({ productId: 'mug', quantity: 1, pad: 'x'.repeat(1 << 20) }),
    TOO_LARGE,
  ),
  write('POST', 'add: text/plain', ITEMS, json({ productId: 'mug', quantity: 1 }), MEDIA, {
    'content-type': 'text/plain',
  }),
  write('POST', 'add: form encoded', ITEMS, 'productId=mug&quantity=1', MEDIA, {
    'content-type': 'application/x-www-form-urlencoded',
  }),
  write('POST', 'add: no content type', ITEMS, json({ productId: 'mug', quantity: 1 }), MEDIA, {}),
  write('POST', 'add: latin1 charset', ITEMS, json({ productId: 'mug', quantity: 1 }), MEDIA, {
    'content-type': 'application/json; charset=latin1',
  }),
  write(
    'POST',
    'add: unknown content encoding',
    ITEMS,
    json({ productId: 'mug', quantity: 1 }),
    MEDIA,
    { ...JSON_TYPE, 'content-encoding': 'compress' },
  ),
  write(
    'POST',
    'add: gzip that is not gzip',
    ITEMS,
    json({ productId: 'mug', quantity: 1 }),
    MALFORMED,
    { ...JSON_TYPE, 'content-encoding': 'gzip' },
  ),
  write('PUT', 'set: quantity -1', LINE, json({ quantity: -1 })),
  write('PUT', 'set: quantity 100', LINE, json({ quantity: 100 })),
  write('PUT', 'set: quantity a string', LINE, json({ quantity: '2' })),
  write('PUT', 'set: quantity null', LINE, json({ quantity: null })),
  write('PUT', 'set: empty object', LINE, json({})),
  write('PUT', 'set: unknown field', LINE, json({ quantity: 1, productId: 'kettle' })),
  write('PUT', 'set: __proto__ key', LINE, '{"quantity":1,"__proto__":{"quantity":2}}'),
  write('PUT', 'set: malformed JSON', LINE, '{quantity: 1}', MALFORMED),
  write('PUT', 'set: text/plain', LINE, json({ quantity: 1 }), MEDIA, {
    'content-type': 'text/plain',
  }),
  write('PUT', 'set: with a query', `${LINE}?force=1`, json({ quantity: 1 })),
  write('DELETE', 'remove: a text/plain body', LINE, 'x', MEDIA, { 'content-type': 'text/plain' }),
  write('DELETE', 'remove: with a query', `${LINE}?all=1`, undefined),
  write('DELETE', 'delete: with a query', `/api/carts/${CART}?hard=1`, undefined),
];

const ADD = json({ productId: 'mug', quantity: 1 });
const headers: BadInput[] = [
  ...['W/"1"', '1', '"abc"', '"1", "2"', '"1234567890"', '"-1"', ''].flatMap((ifMatch) => [
    write('POST', `add with If-Match ${ifMatch || '(empty)'}`, ITEMS, ADD, HEADER, {
      ...JSON_TYPE,
      'if-match': ifMatch,
    }),
    write('PUT', `set with If-Match ${ifMatch || '(empty)'}`, LINE, json({ quantity: 1 }), HEADER, {
      ...JSON_TYPE,
      'if-match': ifMatch,
    }),
  ]),
  write('DELETE', 'remove with a weak If-Match', LINE, undefined, HEADER, { 'if-match': 'W/"2"' }),
  write('DELETE', 'delete with an If-Match list', `/api/carts/${CART}`, undefined, HEADER, {
    'if-match': '"1","2"',
  }),
  ...[
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['with a tab', 'a\tb'],
    ['with a Latin-1 byte', 'cl\u00e9'],
  ].flatMap(([what, key]) => [
    write('POST', `create with Idempotency-Key ${what}`, '/api/carts', undefined, HEADER, {
      'idempotency-key': key!,
    }),
    write('POST', `add with Idempotency-Key ${what}`, ITEMS, ADD, HEADER, {
      ...JSON_TYPE,
      'idempotency-key': key!,
    }),
  ]),
];

const storefront: BadInput[] = [
  get('storefront cartId not a UUID', '/api/storefront?cartId=abc'),
  get('storefront upper-case cartId', `/api/storefront?cartId=${CART.toUpperCase()}`),
  get('storefront empty cartId', '/api/storefront?cartId='),
  get('storefront cartId ..%2f', '/api/storefront?cartId=..%2f..%2fadmin'),
  get('storefront cartId an absolute URL', '/api/storefront?cartId=http%3A%2F%2Fevil.example'),
  get('storefront repeated cartId', `/api/storefront?cartId=${CART}&cartId=${CART}`),
  get('storefront unknown parameter', '/api/storefront?featured=50'),
];

describe('bad input to every gateway route', () => {
  let catalog: FaultServer;
  let cart: FaultServer;
  let canary: FaultServer;
  let gw: GatewayHarness;
  const upstreams = () => [catalog, cart, canary];
  const heard = () => upstreams().map((s) => s.received.length);

  beforeAll(async () => {
    [catalog, cart, canary] = await Promise.all([
      startFaultServer('catalog'),
      startFaultServer('cart'),
      startFaultServer('canary'),
    ]);
    hosts.canary = canary.url.host;
    gw = await startGateway({ catalog: [catalog.id], cart: [cart.id] });
  });

  afterAll(async () => {
    await gw?.close();
    await Promise.all(upstreams().map((s) => s?.close()));
  });

  describe.each([
    ['product ids and path tricks', productIds],
    ['listing and batch query strings', listing],
    ['cart and line ids', cartIds],
    ['bodies', bodies],
    ['If-Match and Idempotency-Key', headers],
    ['storefront query', storefront],
  ])('%s', (_group, table) => {
    it.each(table.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      const before = heard();
      const reply = await send(gw.url, row);
      expect(reply.status).toBeLessThan(500);
      expectProblem(reply, row.status, row.code);
      // Refused at the edge: not one request reached any upstream.
      expect(heard()).toEqual(before);
    });
  });

  it('path tricks naming the canary reach nobody', async () => {
    const before = heard();
    for (const trick of canaryTricks()) {
      for (const path of [
        `/api/products/${trick}`,
        `/api/products//${trick}`,
        `/api/carts/${trick}`,
        `/api/products?ids=${trick}`,
        `/api/storefront?cartId=${trick}`,
      ]) {
        const reply = await send(gw.url, { path });
        expect([400, 404]).toContain(reply.status);
      }
    }
    expect(heard()).toEqual(before);
  });

  it('an absolute-form request target or a foreign Host never steers where the gateway calls', async () => {
    const before = catalog.received.length;
    const reply = await send(gw.url, {
      path: `http://${hosts.canary}/api/products/mug`,
      headers: { host: hosts.canary },
    });
    // The fault server's body is no product, so the gateway refuses to pass it on.
    expect(reply.status).toBe(502);
    expect(catalog.received.slice(before).map((r) => r.path)).toEqual(['/products/mug']);
    expect(catalog.received.at(-1)!.headers['host']).toBe(catalog.url.host);
  });

  it('sent upstream only to configured instances, and only plain paths', () => {
    expect(canary.received).toEqual([]);
    const paths = [...catalog.received, ...cart.received].map((r) => r.path);
    expect(paths).toEqual(['/products/mug']);
    for (const path of paths) expect(path).not.toMatch(/\.\.|\/\/|evil|%2e|%2f/i);
  });
});
