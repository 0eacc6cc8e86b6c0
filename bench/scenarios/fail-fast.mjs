/**
 * "Open breakers fail fast": a gateway whose catalog instances are all down (closed loopback
 * ports). A short warm-up run opens the breakers and ejects the instances; then product requests
 * are measured with wrk, the load generator of the other rows, and should all be quick 503s.
 */
import { runWrk } from '../load/wrk.mjs';
import { refusedUrls } from '../net.mjs';
import { watchRss } from '../rss.mjs';
import { startGateway } from '../systems/gateway.mjs';

export async function measureFailFast(ctx, { paths }) {
  const { warmupS, connections, durationS } = ctx.options.failFast;
  const closed = await refusedUrls();
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
    const warmup = await runWrk(ctx, { url, paths, connections, durationS: warmupS });
    ctx.log(`  warm-up: ${warmup.requests} requests in ${warmupS} s`);
    const result = await runWrk(ctx, { url, paths, connections, durationS, countStatuses: true });
    return { ...result, connections, durationS, warmupS, peakRssBytes: rss.stop() };
  } finally {
    rss.stop();
    await gateway.stop();
  }
}
