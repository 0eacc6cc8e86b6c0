import { Cart, PricedCart } from '@cartwheel/contracts';
import { startUnacceptingListener, type UnacceptingListener } from '@cartwheel/upstream/testing';
import type { GatewayFile } from '../config';
import { Cluster, KEPT_IN_ROTATION } from './cluster';
import { call, instanceState, productIds } from './probes';

const REQUESTS = 4;

/** The blackholed instance stays in rotation, so one request in two meets it first and fails over. */
const CONFIG: GatewayFile = { catalog: KEPT_IN_ROTATION, cart: KEPT_IN_ROTATION };

/**
 * An instance whose connections are never made (a host gone from the network): the connect
 * timeout fails the attempt as never sent, before the attempt's own timeout would have, so even
 * a POST without an Idempotency-Key, which is never sent twice, fails over to the other instance.
 */
describe('an instance that accepts no connection (blackholed)', () => {
  let cluster: Cluster;
  let blackholed: UnacceptingListener;
  let gatewayPort: number;
  let cartPort: number;
  let productId: string;

  beforeAll(async () => {
    cluster = new Cluster('blackholed');
    blackholed = await startUnacceptingListener();
    const [catalog, cart] = await Promise.all([cluster.catalog(), cluster.cart()]);
    cartPort = cart.port;
    const gateway = await cluster.gateway({
      catalog: [blackholed.url, catalog.url],
      cart: [blackholed.url, cart.url],
      config: CONFIG,
      env: { CACHE_TTL_MS: '0' },
    });
    gatewayPort = gateway.port;
    [productId = ''] = await productIds(cluster.agent, catalog.port);
  }, 20_000);

  afterAll(async () => {
    await cluster.close();
    await blackholed.close();
  });

  it('answers every product read from the other catalog instance', async () => {
    for (let i = 0; i < REQUESTS; i += 1) {
      const answer = await call(cluster.agent, gatewayPort, {
        method: 'GET',
        path: `/api/products/${productId}`,
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: productId });
    }
    const state = await instanceState(cluster.agent, gatewayPort, 'catalog', blackholed.url);
    expect(state.failures).toBeGreaterThanOrEqual(REQUESTS / 2);
  });

  it('fails POSTs without an Idempotency-Key over once, and applies each exactly once', async () => {
    const before = await instanceState(cluster.agent, gatewayPort, 'cart', blackholed.url);
    for (let i = 0; i < REQUESTS; i += 1) {
      const created = await call(cluster.agent, gatewayPort, {
        method: 'POST',
        path: '/api/carts',
        body: {},
      });
      expect(created.status).toBe(201);
      const cartId = PricedCart.parse(created.body).id;
      const added = await call(cluster.agent, gatewayPort, {
        method: 'POST',
        path: `/api/carts/${cartId}/items`,
        body: { productId, quantity: 1 },
      });
      expect(added.status).toBe(200);
      const stored = await call(cluster.agent, cartPort, {
        method: 'GET',
        path: `/carts/${cartId}`,
      });
      expect(Cart.parse(stored.body).items).toEqual([
        expect.objectContaining({ productId, quantity: 1 }),
      ]);
    }
    // At least half of the 2 x REQUESTS POSTs were sent to the blackholed instance first.
    const after = await instanceState(cluster.agent, gatewayPort, 'cart', blackholed.url);
    expect(after.failures - before.failures).toBeGreaterThanOrEqual(REQUESTS);
  });
});
