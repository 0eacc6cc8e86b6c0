import { Cart, PricedCart } from '@cartwheel/contracts';
import { classify, type LoopbackRequest } from '@cartwheel/service-kit/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster } from './cluster';
import { call, productIds } from './probes';

const LOOPS = 8;

/**
 * The gateway under keep-alive load through SIGTERM, judged as the services' own drain specs are
 * (see drain-load.ts): only fresh connections after the listener closed may fail, every request
 * that reached the gateway is answered, and the adds it acknowledged are exactly what the cart
 * service stored. The loops run in a separate process (see load-runner.ts), the readiness probe
 * on its own connection so it does not queue behind the load's new connections.
 */
describe('gateway graceful shutdown', () => {
  let cluster: Cluster;

  beforeEach(() => {
    cluster = new Cluster('gateway-drain');
  });

  afterEach(async () => {
    await cluster.close();
  });

  it('answers every request that reached it through SIGTERM and exits 0', async () => {
    const [catalog, cart] = await Promise.all([cluster.catalog(), cluster.cart()]);
    const gateway = await cluster.gateway({
      catalog: [catalog.url],
      cart: [cart.url],
      env: { DRAIN_MS: '500', SHUTDOWN_TIMEOUT_MS: '5000', CACHE_TTL_MS: '0' },
    });
    const { port } = gateway;
    const ids = await productIds(cluster.agent, catalog.port, 10);
    const carts: string[] = [];
    for (let i = 0; i < LOOPS; i++) {
      const created = await call(cluster.agent, port, {
        method: 'POST',
        path: '/api/carts',
        body: {},
      });
      carts.push(PricedCart.parse(created.body).id);
    }
    // Product page, priced cart view, add one item: reads and a write, each through upstreams.
    const requestFor = (cartId: string, n: number): LoopbackRequest => {
      const productId = ids[n % ids.length] ?? '';
      if (n % 3 === 0) return { method: 'GET', path: `/api/products/${productId}` };
      if (n % 3 === 1) return { method: 'GET', path: `/api/carts/${cartId}` };
      return {
        method: 'POST',
        path: `/api/carts/${cartId}/items`,
        body: { productId, quantity: 1 },
      };
    };

    const load = cluster.drainLoad({
      port,
      // Each loop cycles through 3 x 10 requests, starting at its own offset.
      loops: carts.map((cartId, n) =>
        Array.from({ length: 3 * ids.length }, (_, i) => requestFor(cartId, i + n)),
      ),
      probe: { method: 'GET', path: '/readyz' },
      probePauseMs: 10,
      maxIterations: 20_000,
      durationMs: 15_000,
    });
    await load.started;
    await sleep(600);
    load.signal();
    const exitCode = await gateway.stop('SIGTERM');
    const records = await load.records;
    const loadRecords = records.slice(0, LOOPS);

    const verdicts = records.map((loop) => {
      const loopVerdicts = classify(loop);
      return loop.map((record, i) => ({ record, verdict: loopVerdicts[i] }));
    });
    const all = verdicts.flat();
    const answered = all.flatMap(({ record: r }) =>
      r.outcome.ok ? [{ ...r.request, ...r.outcome, doneAt: r.doneAt }] : [],
    );
    const drained = answered.filter((r) => r.headers.connection === 'close');
    const count = (verdict: string) => all.filter((v) => v.verdict === verdict).length;
    console.info(
      `gateway drain: ${answered.length} answered (${drained.length} during the drain), ` +
        `${count('refused')} refused after the close, ${count('reset-at-close')} reset at the ` +
        `close, ${count('failure')} failures; exit code ${exitCode}`,
    );

    expect(all.filter((v) => v.verdict === 'failure').map((v) => v.record)).toEqual([]);
    expect(exitCode).toBe(0);
    expect(gateway.logs).toContainEqual(expect.objectContaining({ msg: 'stopped', clean: true }));
    expect(verdicts.map((loop) => loop.at(-1)?.verdict)).toEqual(
      Array.from({ length: LOOPS + 1 }, () => 'refused'),
    );
    expect(answered.filter((r) => r.path !== '/readyz' && r.status !== 200)).toEqual([]);
    expect(answered.find((r) => r.path === '/readyz' && r.status === 503)?.body).toEqual({
      status: 'draining',
    });
    expect(drained.filter((r) => r.path !== '/readyz').length).toBeGreaterThan(0);

    // Exactly the adds the gateway acknowledged reached the cart service.
    for (const [n, cartId] of carts.entries()) {
      const acked = new Map<string, number>();
      for (const r of loadRecords[n] ?? []) {
        const body = r.request.body as { productId: string } | undefined;
        if (r.outcome.ok && body !== undefined) {
          acked.set(body.productId, (acked.get(body.productId) ?? 0) + 1);
        }
      }
      const stored = await call(cluster.agent, cart.port, {
        method: 'GET',
        path: `/carts/${cartId}`,
      });
      const lines = Cart.parse(stored.body).items.map((item) => [item.productId, item.quantity]);
      expect(new Map(lines as Array<[string, number]>)).toEqual(acked);
    }
  }, 25_000);
});
