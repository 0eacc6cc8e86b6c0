import { freePorts } from '@cartwheel/service-kit/testing';
import { Cluster, urlOf } from './cluster';
import { productIds, servedCount } from './probes';

const REQUESTS = 4_000;
/** A busy 2-core box may not get through all of them in time; the shares hold for any count. */
const MIN_REQUESTS = 1_000;
const ROUTE = '/products/:id';

describe('weighted round robin across two catalog instances', () => {
  let cluster: Cluster;

  beforeEach(() => {
    cluster = new Cluster('weights');
  });

  afterEach(async () => {
    await cluster.close();
  });

  it('splits up to 4000 product reads 3:1, as counted by the instances themselves', async () => {
    const [lightPort = 0] = await freePorts(1);
    // The first seeds the shared file; the second and the gateway then start together.
    const heavy = await cluster.catalog();
    const [gateway, light] = await Promise.all([
      cluster.gateway({
        catalog: [`${heavy.url};weight=3`, `${urlOf(lightPort)};weight=1`],
        cart: [],
        env: { CATALOG_LB: 'weighted-round-robin', CACHE_TTL_MS: '0' },
      }),
      cluster.catalog(lightPort),
    ]);
    // Many ids, so two concurrent reads of one id (which would share an upstream call) are rare.
    const ids = await productIds(cluster.agent, heavy.port, 80);
    const count = () =>
      Promise.all([heavy, light].map((svc) => servedCount(cluster.agent, svc.port, ROUTE)));
    const before = await count();

    const results = await cluster.load({
      port: gateway.port,
      concurrency: 16,
      maxRequests: REQUESTS,
      durationMs: 12_000,
      requests: ids.map((id) => ({ method: 'GET', path: `/api/products/${id}` })),
    }).results;

    const after = await count();
    const [toHeavy = 0, toLight = 0] = after.map((n, i) => n - (before[i] ?? 0));
    const share = toHeavy / (toHeavy + toLight);
    console.info(
      `weights: ${results.length} gateway GETs; served ${toHeavy} by the weight-3 instance and ` +
        `${toLight} by the weight-1 instance: ${(share * 100).toFixed(2)}% / ` +
        `${((1 - share) * 100).toFixed(2)}%`,
    );
    expect(results.map(([status]) => status)).toEqual(results.map(() => 200));
    expect(results.length).toBeGreaterThanOrEqual(MIN_REQUESTS);
    // With the cache off every gateway read is one upstream read, but for coalesced twins.
    expect(toHeavy + toLight).toBeGreaterThan(0.99 * results.length);
    expect(toHeavy + toLight).toBeLessThanOrEqual(results.length);
    expect(Math.abs(share - 0.75)).toBeLessThanOrEqual(0.01);
  }, 25_000);
});
