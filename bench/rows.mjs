/**
 * The rows of the main table: how each system under test starts, which paths load it, and where
 * its upstream calls are counted. `prepare` runs once the system is up and returns the paths.
 */
import { cartProductIds, PRODUCT_IDS } from './fixtures/seed-products.mjs';
import { serviceCalls } from './measure/upstream-calls.mjs';
import { checkCartView, checkProduct, createCart } from './scenarios/checks.mjs';
import { directSystem } from './systems/direct.mjs';
import { startGateway } from './systems/gateway.mjs';
import { startHaproxy } from './systems/haproxy.mjs';
import { startNaive } from './systems/naive.mjs';
import { startNginx } from './systems/nginx.mjs';
import { startReferenceProxy } from './systems/reference-proxy.mjs';

export const PRODUCT_PATHS = PRODUCT_IDS.map((id) => `/products/${id}`);
export const API_PRODUCT_PATHS = PRODUCT_IDS.map((id) => `/api/products/${id}`);

/** Rows 1-5 and the reference rows L and E, in front of the two minimal upstreams. */
export function proxyRows(ctx, upstreams) {
  const proxied = (paths) => ({
    countCalls: () => upstreams.calls(),
    prepare: async (system) => {
      await checkProduct(system.url, paths[0]);
      return paths;
    },
  });
  const gateway = (name, env) => () => startGateway(ctx, { name, catalog: upstreams.urls, env });
  const reference = (name) => () => startReferenceProxy(ctx, name, upstreams.urls);
  return [
    {
      id: 1,
      name: 'direct to one upstream',
      start: () => directSystem(upstreams),
      fixedRate: true,
    },
    {
      id: 2,
      name: 'HAProxy round robin',
      start: () => startHaproxy(ctx, upstreams.urls),
      fixedRate: true,
    },
    { id: 3, name: 'nginx round robin', start: () => startNginx(ctx, upstreams.urls) },
    {
      id: 'L',
      name: 'lean Node.js proxy, no features (reference)',
      start: reference('lean-node-proxy'),
      fixedRate: true,
    },
    {
      id: 'E',
      name: 'Express 5 + axios proxy, no features (reference)',
      start: reference('express-axios-proxy'),
    },
  ]
    .map((row) => ({ ...row, ...proxied(PRODUCT_PATHS) }))
    .concat(
      [
        {
          id: 4,
          name: 'gateway, cache off',
          start: gateway('gateway-cache-off', { CACHE_TTL_MS: '0' }),
          fixedRate: true,
        },
        { id: 5, name: 'gateway, cache on', start: gateway('gateway-cache-on', {}) },
      ].map((row) => ({ ...row, gateway: true, ...proxied(API_PRODUCT_PATHS) })),
    );
}

/** Rows 6-7, in front of real catalog x2 + cart; row 6 creates the cart through the gateway. */
export function cartRows(ctx, services) {
  const productIds = cartProductIds();
  const countCalls = () => serviceCalls(services.metricsUrls);
  let cartId;
  const viewPaths = async (system) => {
    await checkCartView(system.url, cartId, productIds.length);
    return [`/api/carts/${cartId}`];
  };
  return [
    {
      id: 6,
      name: 'gateway priced cart view (10 lines)',
      gateway: true,
      countCalls,
      start: () =>
        startGateway(ctx, {
          name: 'gateway-cart',
          catalog: services.catalogUrls,
          cart: services.cartUrls,
        }),
      prepare: async (system) => {
        cartId = await createCart(system.url, productIds);
        return viewPaths(system);
      },
    },
    {
      id: 7,
      name: 'naive Express + axios cart view',
      countCalls,
      start: () => startNaive(ctx, services),
      prepare: viewPaths,
    },
  ];
}
