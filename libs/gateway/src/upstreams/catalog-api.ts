import {
  CategoryList,
  Product,
  ProductBatch,
  ProductPage,
  type ProductId,
} from '@cartwheel/contracts';
import type { UpstreamClient, UpstreamResponse } from '@cartwheel/upstream';
import { relayProblem } from '../gateway-errors';
import { parseBody } from './parse-body';
import type { RequestContext } from './request-context';

export interface PageQuery {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly category?: string | undefined;
  readonly q?: string | undefined;
}

const SERVICE = 'catalog';

function definedOnly(query: Record<string, string | number | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  );
}

/** The catalog service's API as the gateway uses it; ids are validated before they get here. */
export class CatalogApi {
  constructor(private readonly client: () => UpstreamClient) {}

  /** @returns undefined when the catalog has no such product. */
  async product(id: ProductId, ctx: RequestContext): Promise<Product | undefined> {
    const response = await this.#get(`/products/${id}`, undefined, ctx);
    if (response.status === 404) return undefined;
    return parseBody(SERVICE, Product, this.#ok(response));
  }

  async page(query: PageQuery, ctx: RequestContext): Promise<ProductPage> {
    const response = await this.#get('/products', definedOnly({ ...query }), ctx);
    return parseBody(SERVICE, ProductPage, this.#ok(response));
  }

  async batch(ids: readonly ProductId[], ctx: RequestContext): Promise<ProductBatch> {
    const response = await this.#get('/products', { ids: ids.join(',') }, ctx);
    return parseBody(SERVICE, ProductBatch, this.#ok(response));
  }

  async categories(ctx: RequestContext): Promise<CategoryList> {
    const response = await this.#get('/categories', undefined, ctx);
    return parseBody(SERVICE, CategoryList, this.#ok(response));
  }

  #get(
    path: string,
    query: Record<string, string> | undefined,
    ctx: RequestContext,
  ): Promise<UpstreamResponse> {
    return this.client().send(
      { method: 'GET', path, headers: ctx.headers, ...(query && { query }) },
      ctx.signal,
    );
  }

  #ok(response: UpstreamResponse): unknown {
    if (response.status !== 200) throw relayProblem(SERVICE, response);
    return response.body;
  }
}
