/**
 * "Open breakers fail fast": a gateway whose catalog instances are all down (closed loopback
 * ports). A warm-up of a few hundred product requests opens the breakers and ejects the
 * instances; then product requests are measured, and should all be quick 503s.
 */
import { runAutocannon } from '../load/autocannon.mjs';
import { HOST, freePort } from '../net.mjs';
import { watchRss } from '../rss.mjs';
import { startGateway } from '../systems/gateway.mjs';

export async function measureFailFast(ctx, { paths }) {
  const { warmupRequests, connections, durationS } = ctx.options.failFast;
  const closed = [await freePort(), await freePort()].map((port) => `http://${HOST}:${port}`);
  const gateway = await startGateway(ctx, {
    name: 'gateway-fail-fast',
    catalog: closed,
    cart: closed,
    // Not ready by design (no instance is available); alive is enough.
    readyPath: '/healthz',
    // Every request goes to the pool, none is answered from a cache.
    env: { CACHE_TTL_MS: '0' },
  });
  const rss = watchRss(gateway.pids);
  try {
    const url = gateway.url;
    const started = Date.now();
    await runAutocannon({ url, paths, connections, amount: warmupRequests });
    ctx.log(`  warm-up of ${warmupRequests} requests took ${Date.now() - started} ms`);
    const result = await runAutocannon({ url, paths, connections, durationS });
    return { ...result, connections, durationS, warmupRequests, peakRssBytes: rss.stop() };
  } finally {
    rss.stop();
    await gateway.stop();
  }
}
