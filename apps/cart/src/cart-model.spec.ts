import { SqliteCartRepository } from '@cartwheel/cart';
import {
  Cart,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  ProblemDetails,
  type CartItem,
} from '@cartwheel/contracts';
import { Lifecycle, createLogger } from '@cartwheel/service-kit';
import { startApp, tempDir, type StartedApp, type TempDir } from '@cartwheel/service-kit/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createApp } from './app';

/**
 * Model-based test: random operation sequences, valid and invalid, run against the real service
 * and against a few lines of in-memory model; after every step both must agree on the status,
 * the error code and the whole cart.
 */

type IfMatch = 'none' | 'current' | 'stale';

type Op =
  | { readonly kind: 'create'; readonly key: string | null }
  | { readonly kind: 'get'; readonly cart: number }
  | {
      readonly kind: 'add';
      readonly cart: number;
      readonly productId: string;
      readonly quantity: number;
      readonly ifMatch: IfMatch;
      readonly key: string | null;
    }
  | {
      readonly kind: 'set';
      readonly cart: number;
      readonly productId: string;
      readonly quantity: number;
      readonly ifMatch: IfMatch;
    }
  | {
      readonly kind: 'remove';
      readonly cart: number;
      readonly productId: string;
      readonly ifMatch: IfMatch;
    }
  | { readonly kind: 'delete'; readonly cart: number; readonly ifMatch: IfMatch };

interface ModelCart {
  readonly id: string;
  version: number;
  items: CartItem[];
}

/** What one request must answer: a status, and a problem code or a cart. */
interface Outcome {
  readonly status: number;
  readonly code?: string;
  readonly cart?: ModelCart;
  readonly replayed?: boolean;
}

interface Request {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/** A cart id that no run ever creates, so unknown carts are part of every sequence. */
const UNKNOWN_CART = randomUUID();
const PRODUCTS = ['apple', 'pear', 'plum'];

const opArb: fc.Arbitrary<Op> = (() => {
  const cart = fc.nat({ max: 3 });
  const productId = fc.constantFrom(...PRODUCTS);
  const ifMatch = fc.constantFrom<IfMatch>('none', 'none', 'current', 'stale');
  const key = fc.option(fc.constantFrom('k1', 'k2', 'k3'), { freq: 3 });
  const addQuantity = fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 60 }), weight: 4 },
    { arbitrary: fc.constantFrom(0, -1, MAX_LINE_QUANTITY, MAX_LINE_QUANTITY + 1), weight: 1 },
  );
  const setQuantity = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: MAX_LINE_QUANTITY }), weight: 4 },
    { arbitrary: fc.constantFrom(-1, MAX_LINE_QUANTITY + 1), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('create' as const), key }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('get' as const), cart }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('add' as const),
        cart,
        productId,
        quantity: addQuantity,
        ifMatch,
        key,
      }),
      weight: 5,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('set' as const),
        cart,
        productId,
        quantity: setQuantity,
        ifMatch,
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('remove' as const), cart, productId, ifMatch }),
      weight: 2,
    },
    { arbitrary: fc.record({ kind: fc.constant('delete' as const), cart, ifMatch }), weight: 1 },
  );
})();

const snapshot = (cart: ModelCart): ModelCart => ({
  ...cart,
  items: cart.items.map((i) => ({ ...i })),
});
const problem = (status: number, code: string): Outcome => ({ status, code });
const isQuantity = (n: number, min: number) =>
  Number.isInteger(n) && n >= min && n <= MAX_LINE_QUANTITY;

/** The cart service as it should behave, in memory. Keys are scoped by a per-run prefix. */
class CartModel {
  /** Every cart created in this run, in order; `op.cart` indexes it (past the end: unknown). */
  readonly ids: string[] = [];
  readonly #live = new Map<string, ModelCart>();
  readonly #keys = new Map<string, { fingerprint: string; outcome: Outcome }>();

  targetOf(op: { cart: number }): string {
    return this.ids[op.cart] ?? UNKNOWN_CART;
  }

  find(id: string): ModelCart | undefined {
    return this.#live.get(id);
  }

  /** The request an op makes; If-Match is taken from the model's current version. */
  request(op: Op, keyPrefix: string): Request {
    if (op.kind === 'create') {
      return { method: 'POST', path: '/carts', headers: this.#keyHeader(op.key, keyPrefix) };
    }
    const id = this.targetOf(op);
    const version = this.find(id)?.version ?? 1;
    const headers: Record<string, string> = {};
    if (op.kind !== 'get' && op.ifMatch !== 'none') {
      headers['If-Match'] = `"${op.ifMatch === 'current' ? version : version + 1}"`;
    }
    switch (op.kind) {
      case 'get':
        return { method: 'GET', path: `/carts/${id}`, headers };
      case 'add':
        return {
          method: 'POST',
          path: `/carts/${id}/items`,
          headers: { ...headers, ...this.#keyHeader(op.key, keyPrefix) },
          body: { productId: op.productId, quantity: op.quantity },
        };
      case 'set':
        return {
          method: 'PUT',
          path: `/carts/${id}/items/${op.productId}`,
          headers,
          body: { quantity: op.quantity },
        };
      case 'remove':
        return { method: 'DELETE', path: `/carts/${id}/items/${op.productId}`, headers };
      case 'delete':
        return { method: 'DELETE', path: `/carts/${id}`, headers };
    }
  }

  /** Applies a create the service answered with `id`; replays do not make a cart. */
  create(request: Request, id: string): Outcome {
    return this.#idempotent(request, () => {
      const cart: ModelCart = { id, version: 1, items: [] };
      this.ids.push(id);
      this.#live.set(id, cart);
      return { status: 201, cart: snapshot(cart) };
    });
  }

  /** Applies any other op, in the order the routes check things. */
  apply(op: Exclude<Op, { kind: 'create' }>, request: Request): Outcome {
    if (
      (op.kind === 'add' && !isQuantity(op.quantity, 1)) ||
      (op.kind === 'set' && !isQuantity(op.quantity, 0))
    ) {
      return problem(400, 'VALIDATION_FAILED');
    }
    const run = (): Outcome => this.#write(op, request);
    return op.kind === 'add' ? this.#idempotent(request, run) : run();
  }

  #write(op: Exclude<Op, { kind: 'create' }>, request: Request): Outcome {
    const cart = this.find(this.targetOf(op));
    if (cart === undefined) return problem(404, 'CART_NOT_FOUND');
    if (op.kind === 'get') return { status: 200, cart: snapshot(cart) };
    if (
      request.headers['If-Match'] !== undefined &&
      request.headers['If-Match'] !== `"${cart.version}"`
    ) {
      return problem(412, 'PRECONDITION_FAILED');
    }
    if (op.kind === 'delete') {
      this.#live.delete(cart.id);
      return { status: 204 };
    }
    const line = cart.items.find((i) => i.productId === op.productId);
    const full = line === undefined && cart.items.length >= MAX_CART_LINES;
    let items: CartItem[];
    if (op.kind === 'remove') {
      if (line === undefined) return problem(404, 'LINE_NOT_FOUND');
      items = cart.items.filter((i) => i !== line);
    } else if (op.kind === 'set' && op.quantity === 0) {
      items = cart.items.filter((i) => i !== line);
    } else {
      if (full) return problem(409, 'CART_FULL');
      const quantity = op.kind === 'add' ? (line?.quantity ?? 0) + op.quantity : op.quantity;
      if (quantity > MAX_LINE_QUANTITY) return problem(422, 'LINE_QUANTITY_EXCEEDED');
      items =
        line === undefined
          ? [...cart.items, { productId: op.productId, quantity }]
          : cart.items.map((i) => (i === line ? { ...i, quantity } : i));
    }
    // A write that leaves the lines as they were keeps the version.
    const changed = JSON.stringify(items) !== JSON.stringify(cart.items);
    cart.items = items;
    if (changed) cart.version += 1;
    return { status: 200, cart: snapshot(cart) };
  }

  #keyHeader(key: string | null, prefix: string): Record<string, string> {
    return key === null ? {} : { 'Idempotency-Key': `${prefix}-${key}` };
  }

  /** Same key and request: the first outcome again; same key, other request: 422. */
  #idempotent(request: Request, run: () => Outcome): Outcome {
    const key = request.headers['Idempotency-Key'];
    if (key === undefined) return run();
    const fingerprint = JSON.stringify([request.path, request.body, request.headers['If-Match']]);
    const stored = this.#keys.get(key);
    if (stored === undefined) {
      const outcome = run();
      this.#keys.set(key, { fingerprint, outcome });
      return outcome;
    }
    if (stored.fingerprint !== fingerprint) return problem(422, 'IDEMPOTENCY_KEY_REUSED');
    return { ...stored.outcome, replayed: true };
  }
}

interface Answer {
  readonly status: number;
  readonly code?: string;
  readonly cart?: ModelCart;
  readonly replayed: boolean;
}

describe('cart service against an in-memory model', () => {
  let dir: TempDir;
  let repository: SqliteCartRepository;
  let server: StartedApp;
  let runs = 0;

  async function send(request: Request): Promise<Answer> {
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.url}${request.path}`, {
      method: request.method,
      headers,
      ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
    });
    const replayed = response.headers.get('idempotent-replayed') === 'true';
    if (response.status === 204) return { status: 204, replayed };
    const body: unknown = await response.json();
    if (response.status >= 400) {
      return { status: response.status, code: ProblemDetails.parse(body).code, replayed };
    }
    const { id, version, items } = Cart.parse(body);
    expect(response.headers.get('etag')).toBe(`"${version}"`);
    return { status: response.status, cart: { id, version, items }, replayed };
  }

  const expected = (outcome: Outcome): Answer => ({ replayed: false, ...outcome });

  /** Every cart of the run must read back exactly as the model holds it. */
  async function expectStoredCartsMatch(model: CartModel): Promise<void> {
    for (const id of model.ids) {
      const cart = model.find(id);
      const actual = await send({ method: 'GET', path: `/carts/${id}`, headers: {} });
      expect(actual).toEqual(
        expected(cart === undefined ? problem(404, 'CART_NOT_FOUND') : { status: 200, cart }),
      );
    }
  }

  beforeAll(async () => {
    dir = tempDir('cartwheel-cart-model-');
    repository = SqliteCartRepository.open(dir.path);
    const lifecycle = new Lifecycle();
    lifecycle.markReady();
    const logger = createLogger('cart', 'silent');
    server = await startApp(createApp({ repository, logger, lifecycle }).app);
  });

  afterAll(async () => {
    await server.close();
    await repository.close();
    dir.remove();
  });

  it('agrees with the model on every status, error code and cart', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
        const model = new CartModel();
        const keyPrefix = `run-${++runs}`;
        for (const [step, op] of ops.entries()) {
          const request = model.request(op, keyPrefix);
          const actual = await send(request);
          const outcome =
            op.kind === 'create'
              ? model.create(request, actual.cart?.id ?? 'no cart in the answer')
              : model.apply(op, request);
          expect({ step, op, answer: actual }).toEqual({ step, op, answer: expected(outcome) });
          await expectStoredCartsMatch(model);
        }
      }),
      { numRuns: 50 },
    );
  });
});
