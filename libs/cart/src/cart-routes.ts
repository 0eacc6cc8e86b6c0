import {
  AddItemBody,
  CartId,
  CreateCartBody,
  ProductId,
  SetQuantityBody,
  type Cart,
} from '@cartwheel/contracts';
import {
  CommonErrors,
  expectedVersion,
  noneMatch,
  parseInput,
  versionEtag,
  type HttpError,
} from '@cartwheel/service-kit';
import { randomUUID } from 'node:crypto';
import type { IRouter, Request } from 'express';
import { z } from 'zod';
import { CartErrors } from './cart-errors';
import { idempotent, problemResponse, sendStored } from './idempotency';
import type {
  CartRepository,
  CartWriteFailure,
  CartWriteResult,
  StoredResponse,
} from './store/cart-repository';

export interface CartRoutesDeps {
  readonly repository: CartRepository;
}

const CartParams = z.strictObject({ id: CartId });
const LineParams = z.strictObject({ id: CartId, productId: ProductId });

function failure(req: Request, result: CartWriteFailure): HttpError {
  switch (result.reason) {
    case 'cart-not-found':
      return CartErrors.cartNotFound(String(req.params['id']));
    case 'line-not-found':
      return CartErrors.lineNotFound(String(req.params['productId']));
    case 'version-mismatch':
      return CommonErrors.preconditionFailed(versionEtag(result.currentVersion));
    case 'line-quantity-exceeded':
      return CartErrors.lineQuantityExceeded(result.currentQuantity);
    case 'too-many-lines':
      return CartErrors.tooManyLines();
  }
}

const cartResponse = (
  cart: Cart,
  status = 200,
  extra: Record<string, string> = {},
): StoredResponse => ({
  status,
  headers: { ETag: versionEtag(cart.version), 'Content-Type': 'application/json', ...extra },
  body: cart,
});

/** Maps a write's outcome to its answer; also what an `Idempotency-Key` replays. */
function writeResponse(req: Request) {
  return (result: CartWriteResult): StoredResponse =>
    result.ok ? cartResponse(result.cart) : problemResponse(req, failure(req, result));
}

export function cartRoutes(router: IRouter, { repository }: CartRoutesDeps): void {
  router.post('/carts', async (req, res) => {
    const body = parseInput(CreateCartBody, req.body, 'body');
    const toResponse = (cart: Cart) => cartResponse(cart, 201, { Location: `/carts/${cart.id}` });
    await idempotent(req, res, repository, body, toResponse, (idem) =>
      repository.createCart(randomUUID(), idem),
    );
  });

  router.get('/carts/:id', async (req, res) => {
    const { id } = parseInput(CartParams, req.params, 'params');
    const cart = await repository.getCart(id);
    if (cart === undefined) throw CartErrors.cartNotFound(id);
    const etag = versionEtag(cart.version);
    if (noneMatch(req.get('if-none-match'), etag)) {
      res.status(304).set('ETag', etag).end();
      return;
    }
    sendStored(res, cartResponse(cart));
  });

  router.post('/carts/:id/items', async (req, res) => {
    const { id } = parseInput(CartParams, req.params, 'params');
    const version = expectedVersion(req.get('if-match'));
    const body = parseInput(AddItemBody, req.body, 'body');
    await idempotent(req, res, repository, { body, version }, writeResponse(req), (idem) =>
      repository.addItem(id, body.productId, body.quantity, version, idem),
    );
  });

  router.put('/carts/:id/items/:productId', async (req, res) => {
    const { id, productId } = parseInput(LineParams, req.params, 'params');
    const version = expectedVersion(req.get('if-match'));
    const { quantity } = parseInput(SetQuantityBody, req.body, 'body');
    sendStored(
      res,
      writeResponse(req)(await repository.setQuantity(id, productId, quantity, version)),
    );
  });

  router.delete('/carts/:id/items/:productId', async (req, res) => {
    const { id, productId } = parseInput(LineParams, req.params, 'params');
    const version = expectedVersion(req.get('if-match'));
    sendStored(res, writeResponse(req)(await repository.removeItem(id, productId, version)));
  });

  router.delete('/carts/:id', async (req, res) => {
    const { id } = parseInput(CartParams, req.params, 'params');
    const result = await repository.deleteCart(id, expectedVersion(req.get('if-match')));
    if (!result.ok) throw failure(req, result);
    res.status(204).end();
  });
}
