import { freePorts } from '@cartwheel/service-kit/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayFile } from '../config';
import { Cluster, urlOf } from './cluster';
import { call, instanceState, productIds, servedCount, untilAvailable, waitFor } from './probes';

const LOOPS = 4;
const LOAD_MS = 4_000;
const KILL_AFTER_MS = 1_200;
const CONSECUTIVE_FAILURES = 5;
const BASE_EJECTION_MS = 1_000;

/**
 * Short health and ejection times so the whole story fits in a few seconds; the retry budget is
 * the default: max(3, 20% of active requests) retries on the wire at once. At the kill, every
 * request in flight on the victim needs a failover at the same moment; with 4 loops that is
 * about 1-2 of them, inside the budget. With many more loops than the budget's floor, the budget
 * would shed the excess, which is its purpose (see the README).
 */
const CONFIG: GatewayFile = {
  catalog: {
    healthCheck: { interval: 200, timeout: 500 },
    outlier: { consecutiveFailures: CONSECUTIVE_FAILURES, baseEjectionTime: BASE_EJECTION_MS },
    breaker: { rollingCountTimeout: 1_000, resetTimeout: 1_000, attemptTimeout: 500 },
  },
};

describe('one of three catalog instances SIGKILLed under load', () => {
  let cluster: Cluster;

  beforeEach(() => {
    cluster = new Cluster('kill-one');
  });

  afterEach(async () => {
    await cluster.close();
  });

  it('keeps >= 99.9% of GETs answering, ejects it after 5 failures, readmits it', async () => {
    const ports = await freePorts(3);
    // The first one migrates and seeds the shared file before the others open it.
    const first = await cluster.catalog(ports[0]);
    const [gateway, ...rest] = await Promise.all([
      cluster.gateway({
        catalog: ports.map(urlOf),
        cart: [],
        config: CONFIG,
        env: { CACHE_TTL_MS: '0' },
      }),
      ...ports.slice(1).map((p) => cluster.catalog(p)),
    ]);
    const catalogs = [first, ...rest];
    await untilAvailable(cluster.agent, gateway.port, 'catalog', ports.map(urlOf));
    const ids = await productIds(cluster.agent, first.port);
    const victim = catalogs[1]!;
    const victimState = () => instanceState(cluster.agent, gateway.port, 'catalog', victim.url);

    const load = cluster.load({
      port: gateway.port,
      concurrency: LOOPS,
      maxRequests: 40_000,
      durationMs: LOAD_MS,
      requests: ids.map((id) => ({ method: 'GET', path: `/api/products/${id}` })),
    });
    await load.started;
    await sleep(KILL_AFTER_MS);
    expect((await victimState()).requests).toBeGreaterThan(0);
    const killedAt = Date.now();
    await victim.stop('SIGKILL');
    const ejected = await waitFor(
      'the killed instance to be ejected',
      async () => {
        const state = await victimState();
        return state.ejection.ejectedUntil !== undefined ? state : undefined;
      },
      LOAD_MS,
      5,
    );
    const results = await load.results;
    const after = await victimState();

    const answered = results.filter(([status]) => status === 200).length;
    const rate = answered / results.length;
    const failed = results.filter(([status]) => status !== 200).map(([status]) => status);
    // The gateway's own clock: a first ejection lasts exactly the base ejection time.
    const timeToEject = (ejected.value.ejection.ejectedUntil ?? 0) - BASE_EJECTION_MS - killedAt;
    console.info(
      `kill-one-catalog: ${answered}/${results.length} GETs answered 200 ` +
        `(${(rate * 100).toFixed(3)}%, failed: ${JSON.stringify(failed)}); ejected ` +
        `${timeToEject} ms after SIGKILL; ${after.failures} failed attempts sent to it; after the ` +
        `load: ${JSON.stringify({ available: after.available, health: after.health, ejection: after.ejection })}`,
    );
    expect(results.length).toBeGreaterThan(300);
    expect(rate).toBeGreaterThanOrEqual(0.999);
    expect(ejected.value.ejection).toMatchObject({ state: 'ejected', ejections: 1 });
    expect(after.available).toBe(false);
    expect(after.health).toBe('unhealthy');
    // Ejected on the 5th consecutive failure. Attempts already on their way when it happened
    // fail too (each loop has at most one attempt in flight), but none is sent after it.
    expect(after.failures).toBeGreaterThanOrEqual(CONSECUTIVE_FAILURES);
    expect(after.failures).toBeLessThanOrEqual(CONSECUTIVE_FAILURES + LOOPS - 1);

    // Restarted on its port, it passes health checks and its probation trial, and takes traffic.
    const restartedAt = performance.now();
    const restarted = await cluster.catalog(victim.port);
    const listeningMs = performance.now() - restartedAt;
    const before = after.requests;
    const rejoin = await waitFor(
      'the restarted instance to take traffic',
      async () => {
        const burst = await Promise.all(
          ids
            .slice(0, 6)
            .map((id) =>
              call(cluster.agent, gateway.port, { method: 'GET', path: `/api/products/${id}` }),
            ),
        );
        expect(burst.map((answer) => answer.status)).toEqual(burst.map(() => 200));
        const state = await victimState();
        return state.requests > before && state.ejection.state === 'admitted' ? state : undefined;
      },
      10_000,
    );
    const served = await servedCount(cluster.agent, restarted.port, '/products/:id');
    console.info(
      `kill-one-catalog: restarted process listening after ${listeningMs.toFixed(0)} ms, ` +
        `taking traffic ${rejoin.ms.toFixed(0)} ms later (${rejoin.value.requests - before} ` +
        `attempts per /admin/upstreams, ${served} served per its own /metrics)`,
    );
    expect(rejoin.value).toMatchObject({ available: true, health: 'healthy', breaker: 'closed' });
    expect(served).toBeGreaterThan(0);
  }, 25_000);
});
