import type { Cart, PricedCart, UpstreamReport } from '@cartwheel/contracts';
import type { CatalogReader, ProductSet } from './catalog-reader';
import { runBranch } from './fan-out/fan-out';
import { withSignal, type RequestContext } from './upstreams/request-context';
import { priceCart } from './views/priced-cart';

const CART_OK: UpstreamReport = { branch: 'cart', service: 'cart', status: 'ok' };

/**
 * Prices carts with catalog data. The catalog lookup is an optional branch with its own
 * deadline: when it fails, the cart still comes back, degraded, priced from stale entries where
 * the cache has them.
 */
export class CartViews {
  constructor(
    private readonly reader: CatalogReader,
    private readonly catalogDeadlineMs: number,
  ) {}

  async price(cart: Cart, ctx: RequestContext): Promise<PricedCart> {
    const ids = cart.items.map((item) => item.productId);
    const set = await this.#lookup(ids, ctx);
    const report: UpstreamReport = {
      branch: 'catalog',
      service: 'catalog',
      status: set.status,
      ...(set.detail !== undefined && { detail: set.detail }),
    };
    return priceCart(cart, { products: set.products, report }, CART_OK);
  }

  async #lookup(ids: readonly string[], ctx: RequestContext): Promise<ProductSet> {
    if (ids.length === 0) return { products: new Map(), status: 'ok' };
    const result = await runBranch(
      {
        deadlineMs: this.catalogDeadlineMs,
        run: async (signal) => ({
          value: await this.reader.productSet(ids, withSignal(ctx, signal)),
          stale: false,
        }),
      },
      ctx.signal,
    );
    if (result.ok) return result.value;
    return this.reader.fallback(ids, result);
  }
}
