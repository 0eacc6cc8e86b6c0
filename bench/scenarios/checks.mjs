/**
 * Before a row is loaded, one request proves it answers what it should: a row that serves
 * errors fast would otherwise look like a fast row.
 */
import { requestJson } from '../net.mjs';

/** Every path must answer 200 with a product body. */
export async function checkProduct(url, path) {
  const product = await requestJson(`${url}${path}`);
  if (typeof product?.price?.amount !== 'number') {
    throw new Error(`${url}${path} did not answer a product: ${JSON.stringify(product)}`);
  }
}

/** Creates the cart of rows 6 and 7 through the gateway, one line per product id. */
export async function createCart(gatewayUrl, productIds) {
  const cart = await requestJson(`${gatewayUrl}/api/carts`, { method: 'POST', body: {} });
  for (const [i, productId] of productIds.entries()) {
    await requestJson(`${gatewayUrl}/api/carts/${cart.id}/items`, {
      method: 'POST',
      body: { productId, quantity: 1 + (i % 3) },
    });
  }
  return cart.id;
}

/** The cart view has every line priced and, for the gateway, is not degraded. */
export async function checkCartView(url, cartId, lines) {
  const view = await requestJson(`${url}/api/carts/${cartId}`);
  const priced = view.items?.filter((line) => typeof line.product?.price?.amount === 'number');
  if (priced?.length !== lines || view.degraded === true) {
    throw new Error(
      `${url} cart view is not the priced ${lines}-line cart: ${JSON.stringify(view)}`,
    );
  }
}
