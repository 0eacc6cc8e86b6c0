import { PricedCart, ProductPage } from '@cartwheel/contracts';
import type { InstanceSnapshot } from '@cartwheel/upstream';
import { setTimeout as sleep } from 'node:timers/promises';
import { instanceState, waitFor } from './support/admin';
import { Cluster, PORT, type Service } from './support/cluster';
import {
  addresses,
  execNode,
  lookupFrom,
  networkState,
  publishedPort,
  startContainer,
  stopContainer,
} from './support/engine';
import { HttpClient } from './support/http-client';
import { runLoad, successRate } from './support/load';
import { servedCount } from './support/metrics';

const ROUTE = '/products/:id';

/**
 * Short health-check, breaker and ejection times so a kill and a restart fit in seconds, and a
 * retry for each of the load's loops (the default minimum of 3 concurrent retries is sized for a
 * busier gateway). The attempt timeout is raised to 2 s: once the victim is out, the one catalog
 * left takes all 8 loops on a 2-core machine that also runs the containers' network and the
 * load, and an answer slower than 1 s there would fail with no instance left to fail over to
 * (seen: 14 of 4536 requests at 1 s). A dead instance still fails over within the 3 s deadline.
 */
const GATEWAY_CONFIG = {
  catalog: {
    healthCheck: { interval: 250, timeout: 500 },
    outlier: { baseEjectionTime: 1_000 },
    breaker: { rollingCountTimeout: 3_000, resetTimeout: 3_000, attemptTimeout: 2_000 },
    retryBudget: { minRetryConcurrency: 10 },
  },
};

/**
 * How the gateway and the host reach a restarted instance now: its address, the gateway
 * container's DNS answer and a fresh request from it, the host's request, and the gateway's own
 * lines on the instance. A fresh process reaching it while the gateway does not points at the
 * gateway's state, not the network.
 */
async function reachability(cluster: Cluster, victim: Service): Promise<string> {
  const fetchReady = `fetch('${victim.upstreamUrl}/readyz').then((r) => console.log(r.status), (e) => console.log(String(e), String(e.cause)))`;
  const host = new HttpClient(
    victim.container.getHost(),
    await publishedPort(victim.container, PORT),
  );
  try {
    return [
      `now: ${await networkState(victim.container)}`,
      `from the gateway container: lookup ${await lookupFrom(cluster.gateway.container, victim.name)}; ` +
        `readyz ${await execNode(cluster.gateway.container, fetchReady)}`,
      `from the host: readyz ${(await host.call('GET', '/readyz')).status}`,
      "the gateway's lines on it:",
      ...cluster.gateway.logs.filter((line) => line.includes(victim.upstreamUrl)).slice(-12),
    ].join('\n');
  } finally {
    host.close();
  }
}

describe('catalog containers stopped', () => {
  let cluster: Cluster;
  // At describe level so that a test that fails before its end still stops its load: left
  // running, the loops would keep Jest from exiting and CI would hang instead of failing.
  const stopLoad = new AbortController();

  beforeAll(async () => {
    cluster = await Cluster.start({
      // Every GET reaches a catalog; request logs show what failed, if anything does.
      gatewayEnv: { CACHE_TTL_MS: '0', LOG_LEVEL: 'info' },
      gatewayConfig: GATEWAY_CONFIG,
    });
  });

  afterEach(() => stopLoad.abort());

  afterAll(async () => {
    await cluster?.stop();
  });

  it('one killed under load: >= 99.9% of GETs answer, it is taken out, and after a start it takes traffic again', async () => {
    const gw = cluster.gateway.client;
    const victim = cluster.catalogs[0];
    const state = () => instanceState(gw, 'catalog', victim.upstreamUrl);
    const page = ProductPage.parse((await gw.call('GET', '/api/products?limit=50')).body);
    const load = runLoad({
      client: gw,
      concurrency: 8,
      paths: page.items.map((p) => `/api/products/${p.id}`),
      signal: stopLoad.signal,
    });

    await sleep(1_500);
    expect((await state()).requests).toBeGreaterThan(0);
    // Grace 0: SIGKILL, a crash rather than a drain (the gateway's own stop is the drain test).
    const addressBefore = await networkState(victim.container);
    const killedAt = performance.now();
    await stopContainer(victim.container, 0);
    const out = await waitFor(
      'catalog-1 to be taken out',
      async () => {
        const s = await state();
        return s.available ? undefined : s;
      },
      10_000,
    );
    const outAfterMs = performance.now() - killedAt;
    await sleep(1_000);

    const startedAt = performance.now();
    await startContainer(victim.container);
    const requestsWhileOut = (await state()).requests;
    // The gateway finds the instance by name, so it can take it back no sooner than the engine's
    // DNS answers with the new address. Usually at once; but aardvark-dns 1.4 (Debian 12's podman)
    // drops queries while it reloads on a container's start or stop (containers/aardvark-dns#389),
    // and a lookup then waits out the resolver's timeouts: in 8 of 55 runs here, lookups from a
    // fresh process in the gateway's container failed or hung until 25 s to 55 s after the start.
    // That is the engine's, so it is waited for and reported, and only what follows is bounded.
    const newAddresses = await addresses(victim.container);
    const dnsAfterMs = await waitFor(
      'the engine DNS to answer with the new address',
      async () => {
        const answer = await lookupFrom(cluster.gateway.container, victim.name);
        const found = newAddresses.some((a) => answer.includes(`"${a}"`));
        return found ? performance.now() - startedAt : undefined;
      },
      120_000,
    );
    let lastSeen: InstanceSnapshot | undefined;
    const back = await waitFor(
      'catalog-1 to take traffic again',
      async () => {
        const s = (lastSeen = await state());
        return s.available && s.requests >= requestsWhileOut + 100 ? s : undefined;
      },
      // In those 8 runs the gateway took it back at most 4.1 s after the DNS answered: its own
      // lookups that the DNS dropped wait out their timeouts too, and then two probes must pass.
      20_000,
    ).catch(async (error: unknown) => {
      // Which gate kept it out (health, breaker, ejection), and whether the network or the
      // gateway's own state is why, is what a failure needs to say.
      throw new Error(
        `${String(error)}; its last state: ${JSON.stringify(lastSeen)}\n` +
          `address before the kill: ${addressBefore}\n${await reachability(cluster, victim)}`,
      );
    });
    const backAfterMs = performance.now() - startedAt;
    stopLoad.abort();
    const records = await load;
    // Its own count, from the new process behind a new published port.
    const restarted = new HttpClient(
      victim.container.getHost(),
      await publishedPort(victim.container, PORT),
    );
    const servedSinceStart = servedCount(
      String((await restarted.call('GET', '/metrics')).body),
      ROUTE,
    );
    restarted.close();

    const { rate, failed } = successRate(records);
    console.info(
      `catalog-1 killed under load: ${records.length - failed.length}/${records.length} GETs answered 200 ` +
        `(${(rate * 100).toFixed(3)}%); out of rotation ${outAfterMs.toFixed(0)} ms after the kill ` +
        `(${JSON.stringify({ health: out.health, breaker: out.breaker, ejection: out.ejection })}); ` +
        `taking traffic ${backAfterMs.toFixed(0)} ms after its start, ${(backAfterMs - dnsAfterMs).toFixed(0)} ms ` +
        `after the engine's DNS answered with its new address (${back.requests - requestsWhileOut} ` +
        `requests sent, ${servedSinceStart} served by its own metrics; address ${addressBefore} -> ` +
        `${await networkState(victim.container)}); failed: ${JSON.stringify(failed.slice(0, 10))}`,
    );
    if (failed.length > 0) {
      console.info(
        cluster.gateway.logs.filter((l) => /"statusCode":5|"level":[456]0/.test(l)).join('\n'),
      );
    }
    expect(rate).toBeGreaterThanOrEqual(0.999);
    expect(out.available).toBe(false);
    expect(out.ejection.ejections > 0 || out.health === 'unhealthy').toBe(true);
    expect(servedSinceStart).toBeGreaterThanOrEqual(100);
    // Above the suite's 120 s: the engine's DNS alone may take up to 120 s (above).
  }, 240_000);

  it('both stopped: the cart view comes back 200, degraded, with its lines', async () => {
    const gw = cluster.gateway.client;
    const [product] = ProductPage.parse((await gw.call('GET', '/api/products?limit=1')).body).items;
    const created = PricedCart.parse((await gw.call('POST', '/api/carts')).body);
    const cart = `/api/carts/${created.id}`;
    expect(
      (await gw.call('POST', `${cart}/items`, { body: { productId: product!.id, quantity: 2 } }))
        .status,
    ).toBe(200);

    await Promise.all(cluster.catalogs.map((c) => stopContainer(c.container, 0)));

    const answer = await gw.call('GET', cart);
    expect(answer.status).toBe(200);
    const view = PricedCart.parse(answer.body);
    console.info(
      `both catalogs stopped: cart view ${answer.status}, ${JSON.stringify(view.upstreams)}`,
    );
    expect(view.degraded).toBe(true);
    expect(view.items.map((l) => [l.productId, l.quantity])).toEqual([[product!.id, 2]]);
    expect(view.upstreams).toContainEqual({ branch: 'cart', service: 'cart', status: 'ok' });
    expect(view.upstreams.find((u) => u.service === 'catalog')?.status).not.toBe('ok');
  });
});
