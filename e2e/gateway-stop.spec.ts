import { ProductPage } from '@cartwheel/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster } from './support/cluster';
import { exitCode, stopContainer } from './support/engine';
import { runLoad } from './support/load';

/** Longer than DRAIN_MS plus in-flight requests: the engine must not need to SIGKILL. */
const STOP_GRACE_MS = 15_000;

describe('`docker stop` of the gateway container under load', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await Cluster.start();
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('drains: no request fails, requests sent after SIGTERM are answered, and it exits 0', async () => {
    const gw = cluster.gateway.client;
    const page = ProductPage.parse((await gw.call('GET', '/api/products?limit=50')).body);
    // The client acts as a load balancer would: it stops sending once /readyz says 503, which
    // the gateway answers for DRAIN_MS (2 s) while it still serves everything else.
    const draining = new AbortController();
    const poll = (async () => {
      while (!draining.signal.aborted) {
        const ready = await gw.send('GET', '/readyz');
        if (!ready.ok || ready.status !== 200) draining.abort();
        await sleep(50);
      }
    })();
    const load = runLoad({
      client: gw,
      concurrency: 8,
      paths: page.items.flatMap((p) => [`/api/products/${p.id}`, `/api/storefront`]),
      signal: draining.signal,
    });

    await sleep(1_500);
    const signalledAt = performance.now();
    await stopContainer(cluster.gateway.container, STOP_GRACE_MS);
    const stopMs = performance.now() - signalledAt;
    const records = await load;
    await poll;

    const failed = records.filter((r) => r.status !== 200).map((r) => `${r.path}: ${r.status}`);
    const afterSignal = records.filter((r) => r.sentAt >= signalledAt && r.status === 200).length;
    const code = await exitCode(cluster.gateway.container);
    console.info(
      `gateway stopped under load: ${records.length} requests, ${failed.length} failed, ` +
        `${afterSignal} sent after SIGTERM and answered; stop took ${stopMs.toFixed(0)} ms, exit code ${code}`,
    );
    expect(failed).toEqual([]);
    expect(afterSignal).toBeGreaterThan(0);
    expect(code).toBe(0);
    expect(stopMs).toBeLessThan(STOP_GRACE_MS);
  });
});
