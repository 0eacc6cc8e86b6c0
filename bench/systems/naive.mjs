/** Row 7: bench/naive-cart-view.mjs in front of the same real services as row 6. */
import { startNodeApp } from './node-app.mjs';

export async function startNaive(ctx, services) {
  const app = await startNodeApp(ctx, {
    name: 'naive-cart-view',
    script: 'bench/naive-cart-view.mjs',
    env: { CART_URL: services.cartUrls[0], CATALOG_URLS: services.catalogUrls.join(',') },
  });
  return { url: app.url, pids: [app.pid], stop: app.stop };
}
