import { ProductPage } from '@cartwheel/contracts';
import { Cluster } from './support/cluster';
import { runLoad, successRate } from './support/load';
import { servedCount } from './support/metrics';

const REQUESTS = 4_000;
const ROUTE = '/products/:id';

describe('weighted balancing across catalog containers (weights 3 and 1)', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    // No cache: every product request through the gateway reaches exactly one catalog instance.
    cluster = await Cluster.start({ gatewayEnv: { CACHE_TTL_MS: '0' } });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it(`splits ${REQUESTS} product requests 75/25 (within 2%), as each catalog's own metrics count them`, async () => {
    const gw = cluster.gateway.client;
    const page = ProductPage.parse((await gw.call('GET', '/api/products?limit=50')).body);
    const served = async () =>
      Promise.all(
        cluster.catalogs.map(async ({ client }) =>
          servedCount(String((await client.call('GET', '/metrics')).body), ROUTE),
        ),
      );
    const before = await served();

    const records = await runLoad({
      client: gw,
      concurrency: 8,
      paths: page.items.map((p) => `/api/products/${p.id}`),
      maxRequests: REQUESTS,
    });

    expect(successRate(records).failed).toEqual([]);
    const after = await served();
    const counts = after.map((n, i) => n - before[i]!);
    const total = counts[0]! + counts[1]!;
    const shares = counts.map((n) => n / total);
    console.info(
      `weights: catalog-1 served ${counts[0]}, catalog-2 served ${counts[1]} of ${REQUESTS} ` +
        `(${shares.map((s) => (s * 100).toFixed(2) + '%').join(' / ')})`,
    );
    expect(total).toBe(REQUESTS);
    expect(Math.abs(shares[0]! - 0.75)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(shares[1]! - 0.25)).toBeLessThanOrEqual(0.02);
  });
});
