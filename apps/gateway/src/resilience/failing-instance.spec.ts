import type { FaultProxy, SpawnedService } from '@cartwheel/service-kit/testing';
import type { GatewayFile } from '../config';
import { Cluster } from './cluster';
import { call, instanceState, productIds } from './probes';

const VOLUME_THRESHOLD = 20;
const BASE_EJECTION_MS = 10_000;
const CONFIG: GatewayFile = {
  catalog: {
    breaker: { volumeThreshold: VOLUME_THRESHOLD },
    outlier: { consecutiveFailures: 5, baseEjectionTime: BASE_EJECTION_MS },
  },
};

describe('a catalog instance that answers errors', () => {
  let cluster: Cluster;
  let healthy: SpawnedService;
  let proxy: FaultProxy;
  let gateway: SpawnedService | undefined;

  beforeAll(async () => {
    cluster = new Cluster('failing');
    healthy = await cluster.catalog();
    proxy = await cluster.proxy((await cluster.catalog()).url);
  }, 20_000);

  afterEach(async () => {
    await gateway?.stop('SIGKILL');
    gateway = undefined;
    proxy.mode = { kind: 'pass' };
    proxy.resetCounts();
  });

  afterAll(async () => {
    await cluster.close();
  });

  const startGateway = async (): Promise<SpawnedService> => {
    gateway = await cluster.gateway({
      catalog: [proxy.url, healthy.url],
      cart: [],
      config: CONFIG,
      env: { CACHE_TTL_MS: '0' },
    });
    return gateway;
  };

  it('is ejected when it answers 503, while every request still succeeds', async () => {
    const { port } = await startGateway();
    const ids = await productIds(cluster.agent, healthy.port);
    proxy.mode = { kind: 'status', status: 503 };

    const load = cluster.load({
      port,
      concurrency: 2,
      maxRequests: 40,
      durationMs: 10_000,
      requests: ids.map((id) => ({ method: 'GET', path: `/api/products/${id}` })),
    });
    const faultFrom = await load.started;
    const results = await load.results;

    const state = await instanceState(cluster.agent, port, 'catalog', proxy.url);
    const answered503 = proxy.count('GET', /^\/products\//);
    const ejectedAfter = (state.ejection.ejectedUntil ?? 0) - BASE_EJECTION_MS - faultFrom;
    console.info(
      `failing-instance: ${results.filter(([s]) => s === 200).length}/${results.length} GETs ` +
        `answered 200; the 503 instance got ${answered503} attempts and was ejected ` +
        `${ejectedAfter.toFixed(0)} ms after the load began: ${JSON.stringify(state)}`,
    );
    expect(results.map(([status]) => status)).toEqual(results.map(() => 200));
    expect(state).toMatchObject({
      available: false,
      failures: answered503,
      ejection: { state: 'ejected', ejections: 1 },
    });
    // Five in a row eject it; with two loops at most one more was already on its way.
    expect(answered503).toBeGreaterThanOrEqual(5);
    expect(answered503).toBeLessThanOrEqual(6);
  }, 20_000);

  it('never opens a breaker nor ejects on 404s, however many', async () => {
    const { port } = await startGateway();
    const missing = Array.from({ length: 3 * VOLUME_THRESHOLD }, (_, n) => `no-such-product-${n}`);
    const problem = await call(cluster.agent, port, {
      method: 'GET',
      path: '/api/products/no-such-product',
    });
    expect(problem.status).toBe(404);
    expect(problem.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem.body).toMatchObject({ status: 404, code: 'PRODUCT_NOT_FOUND' });

    const results = await cluster.load({
      port,
      concurrency: 2,
      maxRequests: missing.length,
      durationMs: 10_000,
      // Distinct ids: identical concurrent misses would share one upstream call.
      requests: missing.map((id) => ({ method: 'GET', path: `/api/products/${id}` })),
    }).results;

    const states = await Promise.all(
      [proxy.url, healthy.url].map((url) => instanceState(cluster.agent, port, 'catalog', url)),
    );
    console.info(
      `failing-instance: ${results.length + 1} GETs of a missing product, statuses ` +
        `${JSON.stringify([...new Set(results.map(([s]) => s))])}; instances after: ` +
        JSON.stringify(
          states.map((s) => ({
            requests: s.requests,
            breaker: s.breaker,
            failures: s.failures,
            ejection: s.ejection,
          })),
        ),
    );
    expect(results.map(([status]) => status)).toEqual(results.map(() => 404));
    expect(proxy.count('GET', /^\/products\/no-such-product/)).toBeGreaterThan(VOLUME_THRESHOLD);
    for (const state of states) {
      // Each instance saw more than the volume threshold, so counted failures would have opened it.
      expect(state.requests).toBeGreaterThan(VOLUME_THRESHOLD);
      expect(state).toMatchObject({
        available: true,
        breaker: 'closed',
        failures: 0,
        ejection: { state: 'admitted', consecutiveFailures: 0, ejections: 0 },
      });
    }
  }, 20_000);
});
