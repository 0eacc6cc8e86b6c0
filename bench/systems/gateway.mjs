/**
 * Rows 4-6 and the fail-fast row: Cartwheel's gateway from its built bundle, configured only by
 * environment variables as an operator would. LOG_LEVEL stays at its default (info) unless a
 * row says otherwise: every resilience feature and the request log are on.
 */
import { startCartwheelApp } from './node-app.mjs';

/**
 * @example
 * await startGateway(ctx, { name: 'gateway-no-cache', catalog: upstreams.urls, env: { CACHE_TTL_MS: '0' } });
 */
export async function startGateway(
  ctx,
  { name, catalog, cart = catalog, env = {}, readyPath, script, nodeFlags },
) {
  const app = await startCartwheelApp(ctx, {
    name,
    app: 'gateway',
    script,
    env: {
      LOG_LEVEL: 'info',
      CATALOG_UPSTREAMS: catalog.join(','),
      CART_UPSTREAMS: cart.join(','),
      ...env,
    },
    readyPath,
    nodeFlags,
  });
  return { url: app.url, pids: [app.pid], stop: app.stop };
}
