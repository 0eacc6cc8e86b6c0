import {
  AddItemBody,
  CartId,
  CreateCartBody,
  IdempotencyKey,
  ProductId,
  SetQuantityBody,
  type PricedCart,
} from '@cartwheel/contracts';
import { CommonErrors, parseInput, versionEtag } from '@cartwheel/service-kit';
import type { IRouter, Request, Response } from 'express';
import { z } from 'zod';
import type { CartViews } from '../cart-views';
import type { CatalogReader } from '../catalog-reader';
import type { CartAnswer, CartApi, CartWriteHeaders } from '../upstreams/cart-api';
import type { RequestContext } from '../upstreams/request-context';
import { required } from './call-upstream';
import { contextOf } from './request-scope';

export interface CartRoutesDeps {
  readonly carts: CartApi;
  readonly reader: CatalogReader;
  readonly views: CartViews;
}

const CartParams = z.strictObject({ id: CartId });
const LineParams = z.strictObject({ id: CartId, productId: ProductId });
const NoQuery = z.strictObject({});

/** `If-Match` and `Idempotency-Key` pass through to the cart service, checked here first. */
function writeHeaders(req: Request): CartWriteHeaders {
  const ifMatch = req.get('if-match');
  if (ifMatch !== undefined && !/^\s*(\*|"\d{1,9}")\s*$/.test(ifMatch)) {
    throw CommonErrors.badHeader('If-Match', 'Send one ETag as returned by this API, e.g. "3".');
  }
  const key = req.get('idempotency-key');
  if (key !== undefined && !IdempotencyKey.safeParse(key).success) {
    throw CommonErrors.badHeader('Idempotency-Key', 'must be 1-255 printable ASCII characters');
  }
  return { ifMatch, idempotencyKey: key };
}

function sendView(res: Response, answer: CartAnswer, view: PricedCart): void {
  res.status(answer.status).set('ETag', versionEtag(answer.cart.version));
  if (answer.replayed) res.set('Idempotent-Replayed', 'true');
  if (answer.status === 201) res.location(`/api/carts/${answer.cart.id}`);
  res.json(view);
}

/**
 * Cart routes: the cart service is required (its failure is a 503/504/502 problem), the catalog
 * lookup that prices the answer is optional (its failure makes the answer degraded, not failed).
 */
export function cartRoutes(router: IRouter, { carts, reader, views }: CartRoutesDeps): void {
  const respond = async (
    res: Response,
    ctx: RequestContext,
    write: () => Promise<CartAnswer>,
  ): Promise<void> => {
    const answer = await required('cart', write);
    sendView(res, answer, await views.price(answer.cart, ctx));
  };

  /** Refuses a line for a product the catalog does not have (a stale entry counts as having it). */
  const productMustExist = async (productId: string, ctx: RequestContext): Promise<void> => {
    await required('catalog', () => reader.product(productId, ctx));
  };

  router.post('/api/carts', async (req, res) => {
    parseInput(NoQuery, req.query, 'query');
    parseInput(CreateCartBody, req.body, 'body');
    const write = writeHeaders(req);
    const ctx = contextOf(req, res);
    await respond(res, ctx, () => carts.create(ctx, write));
  });

  router.get('/api/carts/:id', async (req, res) => {
    const { id } = parseInput(CartParams, req.params, 'params');
    parseInput(NoQuery, req.query, 'query');
    const ctx = contextOf(req, res);
    await respond(res, ctx, () => carts.get(id, ctx));
  });

  router.post('/api/carts/:id/items', async (req, res) => {
    const { id } = parseInput(CartParams, req.params, 'params');
    parseInput(NoQuery, req.query, 'query');
    const body = parseInput(AddItemBody, req.body, 'body');
    const write = writeHeaders(req);
    const ctx = contextOf(req, res);
    await productMustExist(body.productId, ctx);
    await respond(res, ctx, () => carts.addItem(id, body, ctx, write));
  });

  router.put('/api/carts/:id/items/:productId', async (req, res) => {
    const { id, productId } = parseInput(LineParams, req.params, 'params');
    parseInput(NoQuery, req.query, 'query');
    const { quantity } = parseInput(SetQuantityBody, req.body, 'body');
    const write = writeHeaders(req);
    const ctx = contextOf(req, res);
    if (quantity > 0) await productMustExist(productId, ctx);
    await respond(res, ctx, () => carts.setQuantity(id, productId, quantity, ctx, write));
  });

  router.delete('/api/carts/:id/items/:productId', async (req, res) => {
    const { id, productId } = parseInput(LineParams, req.params, 'params');
    parseInput(NoQuery, req.query, 'query');
    const write = writeHeaders(req);
    const ctx = contextOf(req, res);
    await respond(res, ctx, () => carts.removeItem(id, productId, ctx, write));
  });

  router.delete('/api/carts/:id', async (req, res) => {
    const { id } = parseInput(CartParams, req.params, 'params');
    parseInput(NoQuery, req.query, 'query');
    const write = writeHeaders(req);
    const ctx = contextOf(req, res);
    await required('cart', () => carts.delete(id, ctx, write));
    res.status(204).end();
  });
}
