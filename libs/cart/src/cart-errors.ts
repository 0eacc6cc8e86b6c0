import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '@cartwheel/contracts';
import { HttpError } from '@cartwheel/service-kit';

/** Every error the cart service answers with beyond the common ones; codes are stable. */
export const CartErrors = {
  cartNotFound: (id: string) =>
    new HttpError(404, 'CART_NOT_FOUND', 'No such cart', {
      detail: `Cart '${id}' does not exist.`,
    }),
  lineNotFound: (productId: string) =>
    new HttpError(404, 'LINE_NOT_FOUND', 'The cart has no such line', {
      detail: `Product '${productId}' is not in the cart.`,
    }),
  lineQuantityExceeded: (current: number) =>
    new HttpError(422, 'LINE_QUANTITY_EXCEEDED', 'A line holds at most 99 items', {
      detail: `The line holds ${current}; adding would pass ${MAX_LINE_QUANTITY}.`,
    }),
  tooManyLines: () =>
    new HttpError(409, 'CART_FULL', 'The cart is full', {
      detail: `A cart holds at most ${MAX_CART_LINES} lines.`,
    }),
  idempotencyKeyReused: () =>
    new HttpError(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'The Idempotency-Key was used for another request',
      {
        detail: 'Use a new key for a request with a different body or target.',
      },
    ),
  idempotencyKeyInUse: () =>
    new HttpError(
      409,
      'IDEMPOTENCY_KEY_IN_USE',
      'A request with this Idempotency-Key is in progress',
      {
        detail: 'Retry after it has finished to get its answer.',
        headers: { 'Retry-After': '1' },
      },
    ),
} as const;
