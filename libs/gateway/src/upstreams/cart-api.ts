import { Cart, type AddItemBody, type CartId, type ProductId } from '@cartwheel/contracts';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '@cartwheel/upstream';
import { relayProblem } from '../gateway-errors';
import { parseBody } from './parse-body';
import type { RequestContext } from './request-context';

/** Client headers a cart write carries through to the cart service. */
export interface CartWriteHeaders {
  readonly ifMatch?: string | undefined;
  readonly idempotencyKey?: string | undefined;
}

export interface CartAnswer {
  readonly status: number;
  readonly cart: Cart;
  readonly replayed: boolean;
}

const SERVICE = 'cart';

/** The cart service's API as the gateway uses it. Ids are validated before they get here. */
export class CartApi {
  constructor(private readonly client: () => UpstreamClient) {}

  create(ctx: RequestContext, write: CartWriteHeaders): Promise<CartAnswer> {
    return this.#cart({ method: 'POST', path: '/carts', body: {} }, ctx, write);
  }

  get(id: CartId, ctx: RequestContext): Promise<CartAnswer> {
    return this.#cart({ method: 'GET', path: `/carts/${id}` }, ctx, {});
  }

  addItem(id: CartId, body: AddItemBody, ctx: RequestContext, write: CartWriteHeaders) {
    return this.#cart({ method: 'POST', path: `/carts/${id}/items`, body }, ctx, write);
  }

  setQuantity(
    id: CartId,
    productId: ProductId,
    quantity: number,
    ctx: RequestContext,
    write: CartWriteHeaders,
  ) {
    return this.#cart(
      { method: 'PUT', path: `/carts/${id}/items/${productId}`, body: { quantity } },
      ctx,
      write,
    );
  }

  removeItem(id: CartId, productId: ProductId, ctx: RequestContext, write: CartWriteHeaders) {
    return this.#cart({ method: 'DELETE', path: `/carts/${id}/items/${productId}` }, ctx, write);
  }

  async delete(id: CartId, ctx: RequestContext, write: CartWriteHeaders): Promise<void> {
    const response = await this.#send({ method: 'DELETE', path: `/carts/${id}` }, ctx, write);
    if (response.status !== 204) throw relayProblem(SERVICE, response);
  }

  async #cart(
    request: UpstreamRequest,
    ctx: RequestContext,
    write: CartWriteHeaders,
  ): Promise<CartAnswer> {
    const response = await this.#send(request, ctx, write);
    if (response.status !== 200 && response.status !== 201) {
      throw relayProblem(SERVICE, response);
    }
    return {
      status: response.status,
      cart: parseBody(SERVICE, Cart, response.body),
      replayed: response.headers['idempotent-replayed'] === 'true',
    };
  }

  #send(request: UpstreamRequest, ctx: RequestContext, write: CartWriteHeaders) {
    const headers: Record<string, string> = { ...ctx.headers };
    if (write.ifMatch !== undefined) headers['if-match'] = write.ifMatch;
    // The key travels on, so the service deduplicates and the gateway may retry the POST.
    if (write.idempotencyKey !== undefined) headers['idempotency-key'] = write.idempotencyKey;
    return this.client().send({ ...request, headers }, ctx.signal) as Promise<UpstreamResponse>;
  }
}
