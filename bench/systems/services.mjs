/**
 * The real upstreams of rows 6 and 7: two catalog processes sharing one SQLite folder and one
 * cart process, from the built bundles, each in a temp data folder with LOG_LEVEL=warn.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCartwheelApp } from './node-app.mjs';

export async function startServices(ctx) {
  const catalogDir = join(ctx.tmpDir, 'catalog-data');
  const cartDir = join(ctx.tmpDir, 'cart-data');
  mkdirSync(catalogDir, { recursive: true });
  mkdirSync(cartDir, { recursive: true });
  const start = (name, app, dataDir) =>
    startCartwheelApp(ctx, { name, app, env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
  // The first catalog seeds the store; the second starts once that is done.
  const catalogs = [await start('catalog-1', 'catalog', catalogDir)];
  catalogs.push(await start('catalog-2', 'catalog', catalogDir));
  const cart = await start('cart-1', 'cart', cartDir);
  const all = [...catalogs, cart];
  return {
    catalogUrls: catalogs.map((c) => c.url),
    cartUrls: [cart.url],
    metricsUrls: all.map((s) => `${s.url}/metrics`),
    async stop() {
      await Promise.all(all.map((s) => s.stop()));
    },
  };
}
