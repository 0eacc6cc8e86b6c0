import { z } from 'zod';
import { CartId, ProductId } from './ids';
import { Money } from './money';
import { Category, Product } from './product';

/**
 * How one branch of a fan-out ended. `stale` answered from a cache entry past its TTL because the
 * upstream failed; everything but `ok` makes the answer degraded.
 */
export const BranchStatus = z.enum(['ok', 'timeout', 'breaker-open', 'stale', 'error']);
export type BranchStatus = z.infer<typeof BranchStatus>;

/** A branch outcome as data: the HTTP layer decides the status code and the `degraded` flag. */
export type BranchResult<T> =
  | { readonly ok: true; readonly value: T; readonly status: 'ok' | 'stale' }
  | {
      readonly ok: false;
      readonly status: Exclude<BranchStatus, 'ok' | 'stale'>;
      readonly detail: string;
    };

export const UpstreamReport = z.strictObject({
  branch: z.string(),
  service: z.enum(['catalog', 'cart']),
  status: BranchStatus,
  detail: z.string().optional(),
});
export type UpstreamReport = z.infer<typeof UpstreamReport>;

/** The catalog data a cart line shows; null when catalog could not say. */
export const LineProduct = Product.pick({ id: true, name: true, category: true, price: true });
export type LineProduct = z.infer<typeof LineProduct>;

export const PricedCartLine = z.strictObject({
  productId: ProductId,
  quantity: z.number().int().min(1),
  product: LineProduct.nullable(),
  unitPrice: Money.nullable(),
  lineTotal: Money.nullable(),
});
export type PricedCartLine = z.infer<typeof PricedCartLine>;

/**
 * Every cart answer of the gateway. `subtotal` is null when a line has no price (catalog down,
 * product gone) or lines differ in currency; `degraded` says some data is missing or stale.
 */
export const PricedCart = z.strictObject({
  id: CartId,
  version: z.number().int().min(1),
  items: z.array(PricedCartLine),
  itemCount: z.number().int().min(0),
  subtotal: Money.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  degraded: z.boolean(),
  upstreams: z.array(UpstreamReport),
});
export type PricedCart = z.infer<typeof PricedCart>;

export const CartSummary = z.strictObject({
  id: CartId,
  itemCount: z.number().int().min(0),
  subtotal: Money.nullable(),
});
export type CartSummary = z.infer<typeof CartSummary>;

/** `GET /api/storefront`: each part is null when its branch failed (see `upstreams`). */
export const Storefront = z.strictObject({
  featured: z.array(Product).nullable(),
  categories: z.array(Category).nullable(),
  cart: CartSummary.nullable(),
  degraded: z.boolean(),
  upstreams: z.array(UpstreamReport),
});
export type Storefront = z.infer<typeof Storefront>;

export const StorefrontQuery = z.strictObject({ cartId: CartId.optional() });
