import { Cart } from '@cartwheel/contracts';
import type { Agent } from 'node:http';
import { send, type LoopbackRequest } from '@cartwheel/service-kit/testing';

/** `POST /carts/:id/items` adding one of `productId`. */
export const addOne = (cartId: string, productId: string): LoopbackRequest => ({
  method: 'POST',
  path: `/carts/${cartId}/items`,
  body: { productId, quantity: 1 },
});

/** Creates an empty cart and returns it; any other answer than 201 fails the test. */
export async function createCart(agent: Agent, port: number): Promise<Cart> {
  const outcome = await send(agent, port, { method: 'POST', path: '/carts', body: {} });
  if (!outcome.ok || outcome.status !== 201) {
    throw new Error(`POST /carts: ${JSON.stringify(outcome)}`);
  }
  return Cart.parse(outcome.body);
}

/** Reads a cart back; `undefined` on 404. */
export async function readCart(agent: Agent, port: number, id: string): Promise<Cart | undefined> {
  const outcome = await send(agent, port, { method: 'GET', path: `/carts/${id}` });
  if (outcome.ok && outcome.status === 404) return undefined;
  if (!outcome.ok || outcome.status !== 200) {
    throw new Error(`GET /carts/${id}: ${JSON.stringify(outcome)}`);
  }
  return Cart.parse(outcome.body);
}

/** A cart's lines as `productId -> quantity`, for comparing with what the test counted. */
export const quantities = (cart: Cart): Map<string, number> =>
  new Map(cart.items.map((item) => [item.productId, item.quantity]));
