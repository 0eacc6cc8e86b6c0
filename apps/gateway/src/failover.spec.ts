import { startFaultServer, type FaultServer } from '@cartwheel/upstream/testing';
import { startGateway, type GatewayHarness } from './testing/gateway-harness';
import { send } from './testing/http-client';
import { startStubCatalog, type StubCatalog } from './testing/stub-catalog';

/**
 * Failover must not distort the balancer: a request that fails over from a broken instance takes
 * the next pick, and the healthy instances keep equal shares. (Regression: the client used to
 * probe "is any instance left?" with a real pick, which moved the balancer a second time on
 * every failover, so one healthy instance got twice the traffic of the other.)
 */
describe('failover through the gateway keeps the balancer shares', () => {
  let broken: FaultServer;
  let healthy: StubCatalog[];
  let gw: GatewayHarness;

  beforeAll(async () => {
    [broken, ...healthy] = await Promise.all([
      startFaultServer('broken'),
      startStubCatalog(),
      startStubCatalog(),
    ]);
    broken.mode = { kind: 'status', status: 503 };
    gw = await startGateway({
      catalog: [broken.id, ...healthy.map((s) => s.url)],
      cart: [broken.id],
      // Every request reaches the catalog; the broken instance stays in rotation throughout.
      cache: { ttlMs: 0, staleIfErrorMs: 0 },
      catalogService: {
        balancer: 'weighted-round-robin',
        breaker: { volumeThreshold: 1_000 },
        outlier: { consecutiveFailures: 1_000 },
        retry: { baseBackoffMs: 1, maxBackoffMs: 1 },
      },
    });
  });

  afterAll(async () => {
    await gw?.close();
    await Promise.all([broken?.close(), ...(healthy ?? []).map((s) => s.close())]);
  });

  it('answers every request and splits them evenly over the healthy instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      statuses.push((await send(gw.url, { path: '/api/products/mug' })).status);
    }
    expect(statuses).toEqual(Array(30).fill(200));
    // Smooth weighted round robin over three equal weights: each instance is picked first for
    // ten requests; the broken one's ten fail over to the next pick.
    expect(broken.received).toHaveLength(10);
    expect(healthy.map((s) => s.received.length)).toEqual([15, 15]);
  });
});
