import type { Category, Product } from '@cartwheel/contracts';
import {
  ADMIN_TOKEN,
  expectProblemBody,
  omit,
  rawRequest,
  startCatalog,
  type CatalogHarness,
} from './testing/catalog-harness';

/**
 * Every catalog endpoint fed bad input: each answer must be the exact 4xx problem (never a 500),
 * and no bad write may change the store.
 */

interface Expected {
  readonly status: number;
  readonly code: string;
}
type Headers = Readonly<Record<string, string>>;

interface BadInput {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly status: number;
  readonly code: string;
}

const KB10 = 'x'.repeat(10 * 1024);
const JSON_TYPE = { 'content-type': 'application/json' };
const ADMIN: Headers = { authorization: `Bearer ${ADMIN_TOKEN}`, ...JSON_TYPE };

const valid = {
  id: 'brand-new-widget',
  name: 'Brand New Widget',
  description: 'A widget for bad-input tests.',
  category: 'kitchen',
  price: { amount: 1000, currency: 'USD' },
};
const validUpdate = omit(valid, 'id');
const json = (value: unknown): string => JSON.stringify(value);
const withKeys = (base: object, patch: Record<string, unknown>): string =>
  json({ ...base, ...patch });
const without = (base: Record<string, unknown>, key: string): string =>
  json(Object.fromEntries(Object.entries(base).filter(([k]) => k !== key)));
/** A raw JSON object with one extra key first, for keys object spread would not copy. */
const prefixed = (key: string, value: string, base: object): string =>
  `{"${key}":${value},${json(base).slice(1)}`;

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const ids = (n: number): string => Array.from({ length: n }, (_, i) => `p${i}`).join(',');

const VALIDATION: Expected = { status: 400, code: 'VALIDATION_FAILED' };
const get = (name: string, path: string, expected: Expected = VALIDATION): BadInput => ({
  name,
  method: 'GET',
  path,
  ...expected,
});
const write = (
  method: 'POST' | 'PUT' | 'DELETE',
  name: string,
  path: string,
  body: string | undefined,
  expected: Expected = VALIDATION,
  headers: Headers = ADMIN,
): BadInput => ({ name, method, path, headers, ...(body !== undefined && { body }), ...expected });
const post = (name: string, body: string, expected = VALIDATION, headers = ADMIN): BadInput =>
  write('POST', name, '/products', body, expected, headers);
const put = (name: string, body: string, expected = VALIDATION, headers = ADMIN): BadInput =>
  write('PUT', name, '/products/chef-knife-8in', body, expected, headers);

const listing: BadInput[] = [
  get('limit=0', '/products?limit=0'),
  get('limit=101', '/products?limit=101'),
  get('limit=-1', '/products?limit=-1'),
  get('limit=abc', '/products?limit=abc'),
  get('limit=1.5', '/products?limit=1.5'),
  get('limit=1e2', '/products?limit=1e2'),
  get('limit huge', '/products?limit=99999999999999999999'),
  get('limit empty', '/products?limit='),
  get('limit repeated', '/products?limit=1&limit=2'),
  get('limit as a nested key', '/products?limit[a]=1'),
  get('cursor not base64url', '/products?cursor=%21%21%21', {
    status: 400,
    code: 'INVALID_CURSOR',
  }),
  get('cursor of a JSON array', `/products?cursor=${b64('["a"]')}`, {
    status: 400,
    code: 'INVALID_CURSOR',
  }),
  get('cursor of the wrong shape', `/products?cursor=${b64('{"id":"a"}')}`, {
    status: 400,
    code: 'INVALID_CURSOR',
  }),
  get('cursor with a bad id', `/products?cursor=${b64('{"after":"../x"}')}`, {
    status: 400,
    code: 'INVALID_CURSOR',
  }),
  get('cursor not JSON', `/products?cursor=${b64('hello')}`, {
    status: 400,
    code: 'INVALID_CURSOR',
  }),
  get('cursor empty', '/products?cursor='),
  get('cursor of 201 characters', `/products?cursor=${'a'.repeat(201)}`),
  get('cursor repeated', '/products?cursor=a&cursor=b'),
  get('category upper case', '/products?category=Kitchen'),
  get('category with dots', '/products?category=..'),
  get('category of 10 kB', `/products?category=${KB10}`),
  get('q empty', '/products?q='),
  get('q only spaces', '/products?q=%20%20'),
  get('q of 101 characters', `/products?q=${'a'.repeat(101)}`),
  get('q of 10 kB', `/products?q=${KB10}`),
  get('unknown parameter', '/products?sort=price'),
  get('__proto__ parameter', '/products?__proto__=x'),
  get('constructor parameter', '/products?constructor=x'),
  get('ids empty', '/products?ids='),
  get('ids with an empty element', '/products?ids=a,,b'),
  get('ids with a trailing comma', '/products?ids=a,b,'),
  get('ids with a duplicate', '/products?ids=a,b,a'),
  get('ids over 100', `/products?ids=${ids(101)}`),
  get('ids upper case', '/products?ids=Chef-Knife-8in'),
  get('ids with a path trick', '/products?ids=..%2Fcarts'),
  get('ids with spaces', '/products?ids=a,%20b'),
  get('ids repeated', '/products?ids=a&ids=b'),
  get('ids mixed with limit', '/products?ids=a&limit=2'),
  get('ids mixed with cursor', `/products?ids=a&cursor=${b64('{"after":"a"}')}`),
  get('ids mixed with q', '/products?ids=a&q=knife'),
];

const badIds: Array<[string, string]> = [
  ['upper case', 'Chef-Knife-8in'],
  ['dot dot', '..'],
  ['encoded dot dot', '%2e%2e'],
  ['encoded slash', 'a%2Fb'],
  ['65 characters', 'a'.repeat(65)],
  ['10 kB', KB10],
  ['leading hyphen', '-knife'],
  ['trailing hyphen', 'knife-'],
  ['underscore', 'chef_knife'],
  ['space', 'chef%20knife'],
  ['NUL byte', 'a%00b'],
  ['invalid percent-encoding', '%zz'],
  ['truncated UTF-8', '%E0%A4%A'],
];

const singleProduct: BadInput[] = [
  ...badIds.map(([name, id]) => get(`id ${name}`, `/products/${id}`)),
  get('product with an unknown parameter', '/products/chef-knife-8in?fields=name'),
  get('categories with an unknown parameter', '/categories?limit=1'),
];

const creates: BadInput[] = [
  post('malformed JSON', '{"id": "a",', { status: 400, code: 'MALFORMED_JSON' }),
  post('JSON null', 'null', { status: 400, code: 'MALFORMED_JSON' }),
  post('JSON string', '"widget"', { status: 400, code: 'MALFORMED_JSON' }),
  post('JSON array', json([valid])),
  post('empty object', '{}'),
  post('missing id', without(valid, 'id')),
  post('missing name', without(valid, 'name')),
  post('missing category', without(valid, 'category')),
  post('missing price', without(valid, 'price')),
  post('missing currency', withKeys(valid, { price: { amount: 1 } })),
  post('unknown field', withKeys(valid, { color: 'red' })),
  post('version field', withKeys(valid, { version: 7 })),
  post('unknown price field', withKeys(valid, { price: { ...valid.price, tax: 1 } })),
  post('__proto__ key', prefixed('__proto__', '{"polluted":true}', valid)),
  post('constructor key', prefixed('constructor', '{"prototype":{"polluted":true}}', valid)),
  post(
    '__proto__ in price',
    withKeys(valid, { price: JSON.parse(prefixed('__proto__', '{}', valid.price)) as unknown }),
  ),
  post('id a number', withKeys(valid, { id: 42 })),
  post('name a number', withKeys(valid, { name: 42 })),
  post('name an array', withKeys(valid, { name: ['a'] })),
  post('description null', withKeys(valid, { description: null })),
  post('price a number', withKeys(valid, { price: 1000 })),
  post('amount a string', withKeys(valid, { price: { amount: '1000', currency: 'USD' } })),
  post('amount -1', withKeys(valid, { price: { amount: -1, currency: 'USD' } })),
  post('amount 1.5', withKeys(valid, { price: { amount: 1.5, currency: 'USD' } })),
  post('amount 1e20', withKeys(valid, { price: { amount: 1e20, currency: 'USD' } })),
  post(
    'amount above the maximum',
    withKeys(valid, { price: { amount: 100_000_001, currency: 'USD' } }),
  ),
  post('amount 1e400 (Infinity)', json(valid).replace('"amount":1000', '"amount":1e400')),
  post('currency lower case', withKeys(valid, { price: { amount: 1, currency: 'usd' } })),
  post('currency of 4 letters', withKeys(valid, { price: { amount: 1, currency: 'USDX' } })),
  post('name empty', withKeys(valid, { name: '' })),
  post('name only spaces', withKeys(valid, { name: '   ' })),
  post('name of 10 kB', withKeys(valid, { name: KB10 })),
  post('description of 10 kB', withKeys(valid, { description: KB10 })),
  post('id of 10 kB', withKeys(valid, { id: KB10 })),
  post('id upper case', withKeys(valid, { id: 'Brand-New' })),
  post('id dot dot', withKeys(valid, { id: '..' })),
  post('id empty', withKeys(valid, { id: '' })),
  post('id of 65 characters', withKeys(valid, { id: 'a'.repeat(65) })),
  post('category upper case', withKeys(valid, { category: 'Kitchen' })),
  post('unknown category', withKeys(valid, { category: 'toys' }), {
    status: 422,
    code: 'UNKNOWN_CATEGORY',
  }),
  post('existing id', withKeys(valid, { id: 'chef-knife-8in' }), {
    status: 409,
    code: 'PRODUCT_EXISTS',
  }),
  post('no body', '', VALIDATION, { authorization: ADMIN.authorization }),
  post('1 MB body', json({ ...valid, description: 'x'.repeat(1024 * 1024) }), {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  }),
  post(
    'text/plain',
    json(valid),
    { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    {
      ...ADMIN,
      'content-type': 'text/plain',
    },
  ),
  post(
    'form encoded',
    'id=a&name=b',
    { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    {
      ...ADMIN,
      'content-type': 'application/x-www-form-urlencoded',
    },
  ),
  post(
    'no content type',
    json(valid),
    { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    {
      authorization: ADMIN.authorization,
    },
  ),
  post(
    'latin1 charset',
    json(valid),
    { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    {
      ...ADMIN,
      'content-type': 'application/json; charset=latin1',
    },
  ),
  post(
    'unknown content encoding',
    json(valid),
    { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    {
      ...ADMIN,
      'content-encoding': 'x-unknown',
    },
  ),
  post(
    'gzip header on a plain body',
    json(valid),
    { status: 400, code: 'MALFORMED_JSON' },
    {
      ...ADMIN,
      'content-encoding': 'gzip',
    },
  ),
  write('POST', 'unknown query parameter', '/products?dryRun=1', json(valid)),
];

const updates: BadInput[] = [
  put('malformed JSON', '{', { status: 400, code: 'MALFORMED_JSON' }),
  put('empty object', '{}'),
  put('id in the body', json(valid)),
  put('missing name', without(validUpdate, 'name')),
  put('unknown field', withKeys(validUpdate, { stock: 3 })),
  put('version field', withKeys(validUpdate, { version: 1 })),
  put('__proto__ key', prefixed('__proto__', '{"polluted":true}', validUpdate)),
  put('constructor key', prefixed('constructor', '{"polluted":true}', validUpdate)),
  put('amount -1', withKeys(validUpdate, { price: { amount: -1, currency: 'USD' } })),
  put('amount 1.5', withKeys(validUpdate, { price: { amount: 1.5, currency: 'USD' } })),
  put('amount 1e20', withKeys(validUpdate, { price: { amount: 1e20, currency: 'USD' } })),
  put('name of 10 kB', withKeys(validUpdate, { name: KB10 })),
  put('category a number', withKeys(validUpdate, { category: 3 })),
  put('unknown category', withKeys(validUpdate, { category: 'toys' }), {
    status: 422,
    code: 'UNKNOWN_CATEGORY',
  }),
  put('1 MB body', json({ ...validUpdate, name: 'x'.repeat(1024 * 1024) }), {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  }),
  put(
    'text/plain',
    json(validUpdate),
    { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    {
      ...ADMIN,
      'content-type': 'text/plain',
    },
  ),
  write('PUT', 'unknown query parameter', '/products/chef-knife-8in?upsert=1', json(validUpdate)),
  write('PUT', 'empty id', '/products/', json(validUpdate), {
    status: 404,
    code: 'ROUTE_NOT_FOUND',
  }),
  ...badIds.map(([name, id]) => write('PUT', `id ${name}`, `/products/${id}`, json(validUpdate))),
];

const badIfMatch = ['W/"1"', '1', 'abc', '"1", "2"', '"-1"', '"1.5"', '"1234567890"', '""', '"1'];
const stale: Expected = { status: 412, code: 'PRECONDITION_FAILED' };
const badHeader: Expected = { status: 400, code: 'INVALID_HEADER' };

const conditionals: BadInput[] = [
  ...badIfMatch.flatMap((ifMatch) => [
    put(`If-Match ${ifMatch}`, json(validUpdate), badHeader, { ...ADMIN, 'if-match': ifMatch }),
    write('DELETE', `If-Match ${ifMatch}`, '/products/chef-knife-8in', undefined, badHeader, {
      ...ADMIN,
      'if-match': ifMatch,
    }),
  ]),
  put('If-Match "0"', json(validUpdate), stale, { ...ADMIN, 'if-match': '"0"' }),
  write('DELETE', 'If-Match "2"', '/products/chef-knife-8in', undefined, stale, {
    ...ADMIN,
    'if-match': '"2"',
  }),
];

const deletes: BadInput[] = [
  write('DELETE', 'empty id', '/products/', undefined, { status: 404, code: 'ROUTE_NOT_FOUND' }),
  write('DELETE', 'unknown query parameter', '/products/chef-knife-8in?force=1', undefined),
  ...badIds.map(([name, id]) => write('DELETE', `id ${name}`, `/products/${id}`, undefined)),
];

interface StoreState {
  readonly products: Product[];
  readonly categories: Category[];
}

describe('catalog bad input', () => {
  let catalog: CatalogHarness;
  const state = async (): Promise<StoreState> => ({
    products: await catalog.products(),
    categories: await catalog.repository.listCategories(),
  });

  beforeAll(async () => {
    catalog = await startCatalog({ adminToken: ADMIN_TOKEN });
  });
  afterAll(async () => {
    await catalog.close();
  });

  describe.each<[string, BadInput[]]>([
    ['GET /products', listing],
    ['GET /products/:id and /categories', singleProduct],
    ['POST /products', creates],
    ['PUT /products/:id', updates],
    ['If-Match on writes', conditionals],
    ['DELETE /products/:id', deletes],
  ])('%s', (_group, cases) => {
    it.each(cases)('$method $name -> $status $code', async (input) => {
      const before = await state();
      const res = await rawRequest(catalog.url, input);
      expectProblemBody(res.status, res.headers['content-type'], res.body, input);
      expect(await state()).toEqual(before);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  });

  it('still serves normally after all of that', async () => {
    const res = await rawRequest(catalog.url, { method: 'GET', path: '/products/chef-knife-8in' });
    expect([res.status, res.headers.etag]).toEqual([200, '"1"']);
  });

  it.each([
    ['amount 0', 0],
    ['amount at the maximum', 100_000_000],
  ])('accepts the boundary %s', async (_name, amount) => {
    const id = `boundary-${amount}`;
    const res = await rawRequest(catalog.url, {
      method: 'POST',
      path: '/products',
      headers: ADMIN,
      body: withKeys(valid, { id, price: { amount, currency: 'USD' } }),
    });
    expect(res.status).toBe(201);
    expect(await catalog.repository.getProduct(id)).toMatchObject({ price: { amount } });
  });
});
