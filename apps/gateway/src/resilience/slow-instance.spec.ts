import { freePorts } from '@cartwheel/service-kit/testing';
import type { GatewayFile } from '../config';
import { Cluster, urlOf } from './cluster';
import { instanceState, percentile, productIds } from './probes';

const ATTEMPT_TIMEOUT_MS = 300;
const REQUEST_TIMEOUT_MS = 1_500;
const PROXY_DELAY_MS = 1_000;
/**
 * Room for the failover's backoff (at most 25 ms) and the second attempt on a busy 2-core box,
 * while staying below the proxy's delay: an answer that waited for the slow instance fails.
 */
const MARGIN_MS = 600;

const CONFIG: GatewayFile = { catalog: { breaker: { attemptTimeout: ATTEMPT_TIMEOUT_MS } } };

describe('a catalog instance slower than the attempt timeout', () => {
  let cluster: Cluster;

  beforeEach(() => {
    cluster = new Cluster('slow');
  });

  afterEach(async () => {
    await cluster.close();
  });

  it('is timed out per attempt and failed over, inside the deadline', async () => {
    const [slowPort = 0] = await freePorts(1);
    const fast = await cluster.catalog();
    const proxy = await cluster.proxy(urlOf(slowPort));
    const [gateway] = await Promise.all([
      cluster.gateway({
        catalog: [proxy.url, fast.url],
        cart: [],
        config: CONFIG,
        env: { CACHE_TTL_MS: '0', REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
      }),
      cluster.catalog(slowPort),
    ]);
    const ids = await productIds(cluster.agent, fast.port);
    proxy.mode = { kind: 'delay', ms: PROXY_DELAY_MS };

    const results = await cluster.load({
      port: gateway.port,
      concurrency: 4,
      maxRequests: 60,
      durationMs: 10_000,
      requests: ids.map((id) => ({ method: 'GET', path: `/api/products/${id}` })),
    }).results;

    const latencies = results.map(([, ms]) => ms);
    const max = Math.max(...latencies);
    const slowAttempts = proxy.count('GET', /^\/products\//);
    const failedOver = latencies.filter((ms) => ms >= ATTEMPT_TIMEOUT_MS).length;
    const state = await instanceState(cluster.agent, gateway.port, 'catalog', proxy.url);
    console.info(
      `slow-instance: ${results.length} GETs, statuses ${JSON.stringify([...new Set(results.map(([s]) => s))])}; ` +
        `${slowAttempts} attempts reached the slow instance, ${failedOver} requests failed over; ` +
        `latency p50 ${percentile(latencies, 50).toFixed(0)} ms, max ${max.toFixed(0)} ms ` +
        `(attempt timeout ${ATTEMPT_TIMEOUT_MS} ms); slow instance after: ${JSON.stringify(state.ejection)}`,
    );
    expect(results.map(([status]) => status)).toEqual(results.map(() => 200));
    expect(slowAttempts).toBeGreaterThan(0);
    expect(failedOver).toBe(slowAttempts);
    expect(max).toBeLessThan(ATTEMPT_TIMEOUT_MS + MARGIN_MS);
    expect(max).toBeLessThan(REQUEST_TIMEOUT_MS);
    // Every attempt it got timed out; five in a row ejected it.
    expect(state.failures).toBe(slowAttempts);
    expect(state.ejection.ejections).toBe(1);
    expect(state.available).toBe(false);
  }, 25_000);
});
