import { z } from 'zod';
import { CartId, ProductId } from './ids';

export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 50;

const Quantity = z.number().int().min(1).max(MAX_LINE_QUANTITY);

export const CartItem = z.strictObject({
  productId: ProductId,
  quantity: Quantity,
});
export type CartItem = z.infer<typeof CartItem>;

export const Cart = z.strictObject({
  id: CartId,
  version: z.number().int().min(1),
  items: z.array(CartItem),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Cart = z.infer<typeof Cart>;

/** `POST /carts` takes no fields; an empty body is read as `{}`. */
export const CreateCartBody = z.strictObject({});
export type CreateCartBody = z.infer<typeof CreateCartBody>;

export const AddItemBody = z.strictObject({ productId: ProductId, quantity: Quantity });
export type AddItemBody = z.infer<typeof AddItemBody>;

/** `PUT /carts/:id/items/:productId`: 0 removes the line. */
export const SetQuantityBody = z.strictObject({
  quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY),
});
export type SetQuantityBody = z.infer<typeof SetQuantityBody>;

/** RFC-draft `Idempotency-Key`: 1..255 printable ASCII characters. */
export const IdempotencyKey = z
  .string()
  .regex(/^[\x20-\x7e]{1,255}$/, 'must be 1-255 printable ASCII characters');
