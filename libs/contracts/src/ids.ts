import { z } from 'zod';

/**
 * Identifier patterns are part of the contract: the gateway builds upstream URLs only from ids that
 * match them, so a path trick such as `..%2f` can never reach a service.
 */
export const PRODUCT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const CATEGORY_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
/** RFC 9562 version 4, lower case as `crypto.randomUUID()` makes them. */
export const CART_ID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const ProductId = z
  .string()
  .regex(PRODUCT_ID_PATTERN, 'must be 1-64 lower-case letters, digits or inner hyphens');
export type ProductId = z.infer<typeof ProductId>;

export const CategoryId = z
  .string()
  .regex(CATEGORY_ID_PATTERN, 'must be 1-32 lower-case letters, digits or inner hyphens');
export type CategoryId = z.infer<typeof CategoryId>;

export const CartId = z.string().regex(CART_ID_PATTERN, 'must be a lower-case UUID v4');
export type CartId = z.infer<typeof CartId>;
