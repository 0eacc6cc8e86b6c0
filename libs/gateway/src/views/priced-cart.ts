import type {
  Cart,
  CartSummary,
  Money,
  PricedCart,
  PricedCartLine,
  Product,
  UpstreamReport,
} from '@cartwheel/contracts';

/** Catalog data for the cart's products as the fan-out got it: fresh, stale, or not at all. */
export interface ProductLookup {
  /** Products found, by id; absent ids are unknown to the catalog (or it did not answer). */
  readonly products: ReadonlyMap<string, Product>;
  readonly report: UpstreamReport;
}

function sum(lines: readonly PricedCartLine[], emptyCurrency: string): Money | null {
  if (lines.length === 0) return { amount: 0, currency: emptyCurrency };
  const priced = lines.flatMap((line) => (line.lineTotal === null ? [] : [line.lineTotal]));
  if (priced.length < lines.length) return null;
  const currency = priced[0]?.currency ?? emptyCurrency;
  // Adding dollars to euros is no subtotal at all; say so with null rather than guess a rate.
  if (priced.some((t) => t.currency !== currency)) return null;
  return { amount: priced.reduce((acc, t) => acc + t.amount, 0), currency };
}

/**
 * The cart as the gateway answers it: each line with its product and prices, a subtotal and an
 * item count. Degraded whenever some branch did not answer fully and freshly.
 */
export function priceCart(
  cart: Cart,
  lookup: ProductLookup,
  cartReport: UpstreamReport,
  emptyCurrency = 'USD',
): PricedCart {
  const items: PricedCartLine[] = cart.items.map(({ productId, quantity }) => {
    const product = lookup.products.get(productId);
    if (product === undefined) {
      return { productId, quantity, product: null, unitPrice: null, lineTotal: null };
    }
    const { id, name, category, price } = product;
    return {
      productId,
      quantity,
      product: { id, name, category, price },
      unitPrice: price,
      lineTotal: { amount: price.amount * quantity, currency: price.currency },
    };
  });
  const upstreams = [cartReport, lookup.report];
  return {
    id: cart.id,
    version: cart.version,
    items,
    itemCount: cart.items.reduce((acc, item) => acc + item.quantity, 0),
    subtotal: sum(items, emptyCurrency),
    createdAt: cart.createdAt,
    updatedAt: cart.updatedAt,
    degraded: upstreams.some((u) => u.status !== 'ok'),
    upstreams,
  };
}

export function summarize(cart: PricedCart): CartSummary {
  return { id: cart.id, itemCount: cart.itemCount, subtotal: cart.subtotal };
}
