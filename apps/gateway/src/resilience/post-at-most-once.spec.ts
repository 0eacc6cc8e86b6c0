import { Cart, PricedCart } from '@cartwheel/contracts';
import {
  freePorts,
  type FaultProxy,
  type ProxyMode,
  type SpawnedService,
} from '@cartwheel/service-kit/testing';
import { randomUUID } from 'node:crypto';
import type { GatewayFile } from '../config';
import { Cluster, KEPT_IN_ROTATION, urlOf } from './cluster';
import { call, productIds, type Answer } from './probes';

const CARTS = 6;

/**
 * This spec is about what gets sent, not about ejection: the faulty instance stays in the pool
 * (no ejection, no breaker, no health checks), so requests keep landing on it, one in two.
 */
const CONFIG: GatewayFile = { cart: KEPT_IN_ROTATION };

const FAULTS: ReadonlyArray<{ readonly name: string; readonly mode: ProxyMode }> = [
  { name: 'answers 503 without forwarding', mode: { kind: 'status', status: 503 } },
  { name: 'resets after the cart service ran it', mode: { kind: 'reset-after-upstream' } },
];

interface Outcome {
  readonly cartId: string;
  readonly answer: Answer;
  /** POSTs of this cart's add that reached a cart instance's proxy (faulty or not). */
  readonly sent: number;
  readonly faulted: boolean;
  /** The line's quantity in the cart service afterwards. */
  readonly quantity: number;
}

describe('POST /api/carts/:id/items against a failing cart instance', () => {
  let cluster: Cluster;
  let faulty: FaultProxy;
  let sound: FaultProxy;
  let cartService: SpawnedService;
  let gatewayPort: number;
  let productId: string;

  beforeAll(async () => {
    cluster = new Cluster('post-once');
    const [otherCartPort = 0] = await freePorts(1);
    // The first cart migrates the shared cart file before the second opens it.
    const [catalog, firstCart] = await Promise.all([cluster.catalog(), cluster.cart()]);
    cartService = firstCart;
    faulty = await cluster.proxy(urlOf(otherCartPort));
    sound = await cluster.proxy(cartService.url);
    const [gateway] = await Promise.all([
      cluster.gateway({ catalog: [catalog.url], cart: [faulty.url, sound.url], config: CONFIG }),
      cluster.cart(otherCartPort),
    ]);
    gatewayPort = gateway.port;
    [productId = ''] = await productIds(cluster.agent, catalog.port);
  }, 20_000);

  afterEach(() => {
    faulty.mode = { kind: 'pass' };
  });

  afterAll(async () => {
    await cluster.close();
  });

  /** Creates carts, then adds one item to each with the fault on; one cart per add, so counts are per add. */
  async function addWithFault(mode: ProxyMode, key: () => string | undefined): Promise<Outcome[]> {
    const carts: string[] = [];
    for (let i = 0; i < CARTS; i++) {
      const created = await call(cluster.agent, gatewayPort, {
        method: 'POST',
        path: '/api/carts',
        body: {},
      });
      expect(created.status).toBe(201);
      carts.push(PricedCart.parse(created.body).id);
    }
    faulty.mode = mode;
    const answers: Answer[] = [];
    for (const cartId of carts) {
      const idempotencyKey = key();
      answers.push(
        await call(cluster.agent, gatewayPort, {
          method: 'POST',
          path: `/api/carts/${cartId}/items`,
          headers: idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey },
          body: { productId, quantity: 1 },
        }),
      );
    }
    faulty.mode = { kind: 'pass' };
    return Promise.all(
      carts.map(async (cartId, i) => {
        const path = `/carts/${cartId}/items`;
        const stored = await call(cluster.agent, cartService.port, {
          method: 'GET',
          path: `/carts/${cartId}`,
        });
        const line = Cart.parse(stored.body).items.find((item) => item.productId === productId);
        return {
          cartId,
          answer: answers[i]!,
          sent: faulty.count('POST', path) + sound.count('POST', path),
          faulted: faulty.count('POST', path) > 0,
          quantity: line?.quantity ?? 0,
        };
      }),
    );
  }

  const summary = (outcomes: readonly Outcome[]) =>
    outcomes.map((o) => `${o.answer.status}/sent ${o.sent}/qty ${o.quantity}`).join(', ');

  it.each(FAULTS)('without Idempotency-Key: sent at most once when it $name', async ({ mode }) => {
    const outcomes = await addWithFault(mode, () => undefined);
    console.info(`post-at-most-once, no key, ${mode.kind}: ${summary(outcomes)}`);

    expect(outcomes.filter((o) => o.faulted).length).toBeGreaterThan(0);
    for (const o of outcomes) {
      expect(o.sent).toBe(1);
      if (o.faulted) {
        // A 502 or 503 problem (which one is the edge's mapping, not this spec's concern).
        expect([502, 503]).toContain(o.answer.status);
        expect(o.answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        // A 503 from the proxy never reached the service; a reset came after it had run it.
        expect(o.quantity).toBe(mode.kind === 'status' ? 0 : 1);
      } else {
        expect(o.answer.status).toBe(200);
        expect(o.quantity).toBe(1);
      }
    }
  });

  it.each(FAULTS)(
    'with Idempotency-Key: retried and applied once when it $name',
    async ({ mode }) => {
      const outcomes = await addWithFault(mode, () => randomUUID());
      console.info(`post-at-most-once, with key, ${mode.kind}: ${summary(outcomes)}`);

      expect(outcomes.filter((o) => o.faulted).length).toBeGreaterThan(0);
      for (const o of outcomes) {
        expect(o.answer.status).toBe(200);
        expect(PricedCart.parse(o.answer.body).items).toEqual([
          expect.objectContaining({ productId, quantity: 1 }),
        ]);
        expect(o.quantity).toBe(1);
        // A faulted attempt was retried once on the other instance.
        expect(o.sent).toBe(o.faulted ? 2 : 1);
        // After a reset the service had run it: the retry got its stored answer back.
        const replayed = o.faulted && mode.kind === 'reset-after-upstream';
        expect(o.answer.headers['idempotent-replayed']).toBe(replayed ? 'true' : undefined);
      }
    },
  );
});
