import {
  StorefrontQuery,
  type CartId,
  type BranchResult,
  type Storefront,
  type UpstreamReport,
} from '@cartwheel/contracts';
import { parseInput } from '@cartwheel/service-kit';
import type { IRouter } from 'express';
import type { CartViews } from '../cart-views';
import type { CatalogReader } from '../catalog-reader';
import { fanOut, runBranch, type Branch } from '../fan-out/fan-out';
import { branchFailure } from '../gateway-errors';
import type { CartApi } from '../upstreams/cart-api';
import { withSignal, type RequestContext } from '../upstreams/request-context';
import { summarize } from '../views/priced-cart';
import { contextOf } from './request-scope';

export interface StorefrontDeps {
  readonly carts: CartApi;
  readonly reader: CatalogReader;
  readonly views: CartViews;
  /** Each branch's own deadline. */
  readonly branchDeadlineMs: number;
  /** How many products the storefront features. */
  readonly featuredCount?: number;
}

/** Which branches the storefront cannot do without; the others are reported when they fail. */
const REQUIRED = { featured: true, categories: false, cart: false } as const;
const SERVICE = { featured: 'catalog', categories: 'catalog', cart: 'cart' } as const;

function report(branch: keyof typeof SERVICE, result: BranchResult<unknown>): UpstreamReport {
  return {
    branch,
    service: SERVICE[branch],
    status: result.status,
    ...(!result.ok && { detail: result.detail }),
  };
}

export function storefrontRoutes(router: IRouter, deps: StorefrontDeps): void {
  const deadlineMs = deps.branchDeadlineMs;

  router.get('/api/storefront', async (req, res) => {
    const { cartId } = parseInput(StorefrontQuery, req.query, 'query');
    const ctx = contextOf(req, res);
    const scoped = (signal: AbortSignal): RequestContext => withSignal(ctx, signal);
    const branches = {
      featured: {
        deadlineMs,
        run: async (signal) => {
          const page = await deps.reader.page({ limit: deps.featuredCount ?? 8 }, scoped(signal));
          return { value: page.value.items, stale: page.source === 'stale' };
        },
      } satisfies Branch<Storefront['featured']>,
      categories: {
        deadlineMs,
        run: async (signal) => {
          const list = await deps.reader.categories(scoped(signal));
          return { value: list.value.items, stale: list.source === 'stale' };
        },
      } satisfies Branch<Storefront['categories']>,
    };
    const cartBranch = (id: CartId) => ({
      deadlineMs,
      run: async (signal: AbortSignal) => {
        const answer = await deps.carts.get(id, scoped(signal));
        const view = await deps.views.price(answer.cart, scoped(signal));
        return { value: summarize(view), stale: view.degraded };
      },
    });
    // The cart branch runs only for a cart id, in parallel with the others.
    const [core, cartResult] = await Promise.all([
      fanOut(branches, ctx.signal),
      cartId === undefined ? undefined : runBranch(cartBranch(cartId), ctx.signal),
    ]);
    const results = { ...core, ...(cartResult !== undefined && { cart: cartResult }) };
    for (const [name, result] of Object.entries(results)) {
      const branch = name as keyof typeof REQUIRED;
      if (REQUIRED[branch] && !result.ok) throw branchFailure(SERVICE[branch], result.status);
    }
    const upstreams = Object.entries(results).map(([name, result]) =>
      report(name as keyof typeof SERVICE, result),
    );
    const body: Storefront = {
      featured: results.featured.ok ? results.featured.value : null,
      categories: results.categories.ok ? results.categories.value : null,
      cart: cartResult?.ok ? cartResult.value : null,
      degraded: upstreams.some((u) => u.status !== 'ok'),
      upstreams,
    };
    res.json(body);
  });
}
