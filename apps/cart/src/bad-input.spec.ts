import { SqliteCartRepository } from '@cartwheel/cart';
import { Cart, ProblemDetails } from '@cartwheel/contracts';
import { Lifecycle, createLogger } from '@cartwheel/service-kit';
import { startApp, tempDir, type StartedApp, type TempDir } from '@cartwheel/service-kit/testing';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createApp } from './app';

/** One refused request. `path` gets the id of a cart that holds one `apple`. */
interface BadInput {
  /** The route template, e.g. `PUT /carts/:id/items/:productId`. */
  readonly route: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: (cartId: string) => string;
  readonly what: string;
  /** Raw bytes to send; JSON unless `contentType` says otherwise. */
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly status: number;
  readonly code: string;
  /** For VALIDATION_FAILED: every `errors[].location` expected, in any order. */
  readonly locations?: readonly string[];
}

type Endpoint = Pick<BadInput, 'route' | 'method' | 'path'>;

const json = (value: unknown): string => JSON.stringify(value);
const invalid = (...locations: string[]) => ({ status: 400, code: 'VALIDATION_FAILED', locations });
const MALFORMED = { status: 400, code: 'MALFORMED_JSON' };
const BAD_HEADER = { status: 400, code: 'INVALID_HEADER' };

const TEN_KB = 'a'.repeat(10 * 1024);
const ONE_MB = json({ productId: 'apple', quantity: 1, pad: 'x'.repeat(1024 * 1024) });
const UUID_UPPER = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
/** The service kit's body limit (64 KiB); it is not exported, so it is restated here. */
const BODY_LIMIT_BYTES = 64 * 1024;
const UUID_V1 = 'c232ab00-9414-11ec-b3c8-9f6bdeced846';

function endpoint(route: string): Endpoint {
  const [method, template] = route.split(' ') as [BadInput['method'], string];
  return {
    route,
    method,
    path: (id) => template.replace(':id', id).replace(':productId', 'apple'),
  };
}

const CREATE = endpoint('POST /carts');
const GET = endpoint('GET /carts/:id');
const ADD = endpoint('POST /carts/:id/items');
const SET = endpoint('PUT /carts/:id/items/:productId');
const REMOVE = endpoint('DELETE /carts/:id/items/:productId');
const DROP = endpoint('DELETE /carts/:id');

/** Refusals every endpoint that reads a JSON body shares. */
function bodyTransportCases(endpoint: Endpoint): BadInput[] {
  return [
    { ...endpoint, what: 'malformed JSON', body: '{"quantity": 1', ...MALFORMED },
    { ...endpoint, what: 'trailing garbage', body: '{"quantity": 1} x', ...MALFORMED },
    { ...endpoint, what: 'a bare JSON null', body: 'null', ...MALFORMED },
    { ...endpoint, what: 'a bare JSON string', body: '"apple"', ...MALFORMED },
    {
      ...endpoint,
      what: 'a 1 MB body',
      body: ONE_MB,
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      ...endpoint,
      what: 'a body just over the limit',
      body: json({ pad: 'x'.repeat(BODY_LIMIT_BYTES) }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      ...endpoint,
      what: 'text/plain',
      body: json({ quantity: 1 }),
      contentType: 'text/plain',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      ...endpoint,
      what: 'a form body',
      body: 'quantity=1',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      ...endpoint,
      what: 'no Content-Type',
      body: new TextEncoder().encode(json({ quantity: 1 })),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
  ];
}

/** Refusals of the `:id` (and `:productId`) path parameters. */
function idCases(endpoint: Endpoint, body?: string): BadInput[] {
  const cases: Array<[string, string]> = [
    ['an id that is not a UUID', 'not-a-uuid'],
    ['an upper-case UUID', UUID_UPPER],
    ['a UUID v1', UUID_V1],
    ['a path trick', '..%2f'],
    ['an encoded traversal', '%2e%2e%2fcarts'],
  ];
  return cases.map(([what, id]) => ({
    ...endpoint,
    path: () => endpoint.path(id),
    what,
    ...(body !== undefined && { body }),
    ...invalid('params.id'),
  }));
}

function productIdCases(endpoint: Endpoint, body?: string): BadInput[] {
  const cases: Array<[string, string]> = [
    ['an upper-case product id', 'Apple'],
    ['a 10 kB product id', TEN_KB],
    ['a product id path trick', '..%2f'],
    ['a product id with a space', 'a%20b'],
  ];
  return cases.map(([what, productId]) => ({
    ...endpoint,
    path: (id: string) => `/carts/${id}/items/${productId}`,
    what,
    ...(body !== undefined && { body }),
    ...invalid('params.productId'),
  }));
}

function ifMatchCases(endpoint: Endpoint, body?: string): BadInput[] {
  return ['W/"2"', 'abc', '2', '"2", "3"', '"-1"', '"1.5"'].map((tag) => ({
    ...endpoint,
    what: `If-Match ${tag}`,
    headers: { 'If-Match': tag },
    ...(body !== undefined && { body }),
    ...BAD_HEADER,
  }));
}

const addBody = (fields: Record<string, unknown>) => json({ productId: 'pear', ...fields });
const validAdd = addBody({ quantity: 1 });
const validSet = json({ quantity: 2 });

const CASES: BadInput[] = [
  // POST /carts takes no fields.
  { ...CREATE, what: 'an unknown field', body: json({ items: [] }), ...invalid('body.items') },
  { ...CREATE, what: 'an array', body: json([]), ...invalid('body') },
  {
    ...CREATE,
    what: 'a __proto__ key',
    body: '{"__proto__": {"id": "x"}}',
    ...invalid('body.__proto__'),
  },
  {
    ...CREATE,
    what: 'a constructor key',
    body: '{"constructor": {}}',
    ...invalid('body.constructor'),
  },
  ...bodyTransportCases(CREATE),

  ...idCases(GET),

  // POST /carts/:id/items
  { ...ADD, what: 'quantity "1"', body: addBody({ quantity: '1' }), ...invalid('body.quantity') },
  { ...ADD, what: 'quantity 1.5', body: addBody({ quantity: 1.5 }), ...invalid('body.quantity') },
  { ...ADD, what: 'quantity true', body: addBody({ quantity: true }), ...invalid('body.quantity') },
  { ...ADD, what: 'quantity null', body: addBody({ quantity: null }), ...invalid('body.quantity') },
  { ...ADD, what: 'quantity 0', body: addBody({ quantity: 0 }), ...invalid('body.quantity') },
  { ...ADD, what: 'quantity -1', body: addBody({ quantity: -1 }), ...invalid('body.quantity') },
  { ...ADD, what: 'quantity 100', body: addBody({ quantity: 100 }), ...invalid('body.quantity') },
  { ...ADD, what: 'quantity 1e9', body: addBody({ quantity: 1e9 }), ...invalid('body.quantity') },
  {
    ...ADD,
    what: 'quantity 1e400 (Infinity)',
    body: '{"productId": "pear", "quantity": 1e400}',
    ...invalid('body.quantity'),
  },
  { ...ADD, what: 'no quantity', body: addBody({}), ...invalid('body.quantity') },
  { ...ADD, what: 'no productId', body: json({ quantity: 1 }), ...invalid('body.productId') },
  { ...ADD, what: 'an empty object', body: '{}', ...invalid('body.productId', 'body.quantity') },
  { ...ADD, what: 'no body', ...invalid('body.productId', 'body.quantity') },
  {
    ...ADD,
    what: 'productId 5',
    body: json({ productId: 5, quantity: 1 }),
    ...invalid('body.productId'),
  },
  {
    ...ADD,
    what: 'a 10 kB productId',
    body: json({ productId: TEN_KB, quantity: 1 }),
    ...invalid('body.productId'),
  },
  {
    ...ADD,
    what: 'an upper-case productId',
    body: json({ productId: 'Apple', quantity: 1 }),
    ...invalid('body.productId'),
  },
  {
    ...ADD,
    what: 'an empty productId',
    body: json({ productId: '', quantity: 1 }),
    ...invalid('body.productId'),
  },
  {
    ...ADD,
    what: 'an unknown field',
    body: addBody({ quantity: 1, price: 0 }),
    ...invalid('body.price'),
  },
  {
    ...ADD,
    what: 'a __proto__ key',
    body: '{"productId": "pear", "quantity": 1, "__proto__": {"quantity": 100}}',
    ...invalid('body.__proto__'),
  },
  {
    ...ADD,
    what: 'a constructor key',
    body: '{"productId": "pear", "quantity": 1, "constructor": {"prototype": {}}}',
    ...invalid('body.constructor'),
  },
  {
    ...ADD,
    what: 'an array',
    body: json([{ productId: 'pear', quantity: 1 }]),
    ...invalid('body'),
  },
  ...bodyTransportCases(ADD),
  ...idCases(ADD, validAdd),
  ...ifMatchCases(ADD, validAdd),

  // PUT /carts/:id/items/:productId
  { ...SET, what: 'quantity "1"', body: json({ quantity: '1' }), ...invalid('body.quantity') },
  { ...SET, what: 'quantity 1.5', body: json({ quantity: 1.5 }), ...invalid('body.quantity') },
  { ...SET, what: 'quantity true', body: json({ quantity: true }), ...invalid('body.quantity') },
  { ...SET, what: 'quantity null', body: json({ quantity: null }), ...invalid('body.quantity') },
  { ...SET, what: 'quantity -1', body: json({ quantity: -1 }), ...invalid('body.quantity') },
  { ...SET, what: 'quantity 100', body: json({ quantity: 100 }), ...invalid('body.quantity') },
  { ...SET, what: 'quantity 1e9', body: json({ quantity: 1e9 }), ...invalid('body.quantity') },
  {
    ...SET,
    what: 'a duplicate key, the last one out of range',
    body: '{"quantity": 1, "quantity": 100}',
    ...invalid('body.quantity'),
  },
  { ...SET, what: 'no quantity', body: '{}', ...invalid('body.quantity') },
  { ...SET, what: 'no body', ...invalid('body.quantity') },
  {
    ...SET,
    what: 'a productId in the body',
    body: json({ productId: 'pear', quantity: 1 }),
    ...invalid('body.productId'),
  },
  {
    ...SET,
    what: 'a __proto__ key',
    body: '{"quantity": 1, "__proto__": {"quantity": 0}}',
    ...invalid('body.__proto__'),
  },
  {
    ...SET,
    what: 'a constructor key',
    body: '{"quantity": 1, "constructor": 1}',
    ...invalid('body.constructor'),
  },
  { ...SET, what: 'an array', body: json([{ quantity: 1 }]), ...invalid('body') },
  ...bodyTransportCases(SET),
  ...idCases(SET, validSet),
  ...productIdCases(SET, validSet),
  ...ifMatchCases(SET, validSet),

  // DELETE /carts/:id/items/:productId
  ...bodyTransportCases(REMOVE),
  ...idCases(REMOVE),
  ...productIdCases(REMOVE),
  ...ifMatchCases(REMOVE),

  // DELETE /carts/:id
  ...bodyTransportCases(DROP),
  ...idCases(DROP),
  ...ifMatchCases(DROP),
];

describe('cart endpoints refuse bad input', () => {
  let dir: TempDir;
  let repository: SqliteCartRepository;
  let db: DatabaseSync;
  let server: StartedApp;

  /** Row counts of every table: a refused request must leave them all as they were. */
  const tableCounts = () =>
    db
      .prepare(
        `SELECT (SELECT count(*) FROM carts) AS carts,
                (SELECT count(*) FROM cart_items) AS items,
                (SELECT count(*) FROM idempotency_keys) AS keys`,
      )
      .get();

  async function cartWithApple(): Promise<Cart> {
    const created = await fetch(`${server.url}/carts`, { method: 'POST' });
    const { id } = Cart.parse(await created.json());
    const added = await fetch(`${server.url}/carts/${id}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json({ productId: 'apple', quantity: 1 }),
    });
    return Cart.parse(await added.json());
  }

  beforeAll(async () => {
    dir = tempDir('cartwheel-cart-bad-input-');
    repository = SqliteCartRepository.open(dir.path);
    db = new DatabaseSync(join(dir.path, 'cart.sqlite'), { readOnly: true });
    const lifecycle = new Lifecycle();
    lifecycle.markReady();
    const logger = createLogger('cart', 'silent');
    server = await startApp(createApp({ repository, logger, lifecycle }).app);
  });

  afterAll(async () => {
    await server.close();
    await repository.close();
    db.close();
    dir.remove();
  });

  it('covers every cart endpoint', () => {
    expect(new Set(CASES.map((c) => c.route))).toEqual(
      new Set([CREATE, GET, ADD, SET, REMOVE, DROP].map((e) => e.route)),
    );
  });

  it.each(CASES.map((c) => [c.route, c.what, c] as const))(
    '%s with %s',
    async (_route, _what, input) => {
      const cart = await cartWithApple();
      const before = tableCounts();
      const headers = new Headers(input.headers);
      if (typeof input.body === 'string') {
        headers.set('content-type', input.contentType ?? 'application/json');
      }
      const response = await fetch(`${server.url}${input.path(cart.id)}`, {
        method: input.method,
        headers,
        ...(input.body !== undefined && { body: input.body }),
      });

      const problem = ProblemDetails.parse(await response.json());
      expect({ status: response.status, code: problem.code }).toEqual({
        status: input.status,
        code: input.code,
      });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      if (input.locations !== undefined) {
        const locations = new Set(problem.errors?.map((e) => e.location));
        expect([...locations].sort()).toEqual([...input.locations].sort());
      } else {
        expect(problem.errors).toBeUndefined();
      }

      expect(tableCounts()).toEqual(before);
      const after = await fetch(`${server.url}/carts/${cart.id}`);
      expect(Cart.parse(await after.json())).toEqual(cart);
    },
  );
});
