import type {
  Category,
  CreateProductBody,
  Product,
  ProductId,
  UpdateProductBody,
} from '@cartwheel/contracts';

export interface ProductListOptions {
  readonly limit: number;
  /** Keyset position: only products with an id after this one. */
  readonly afterId?: string | undefined;
  readonly category?: string | undefined;
  /** Case-insensitive substring of the name or description. */
  readonly search?: string | undefined;
}

export interface ProductSlice {
  readonly items: Product[];
  readonly hasMore: boolean;
}

/** Why a write did not happen; the HTTP layer picks the status. */
export type ProductWriteFailure =
  | { readonly ok: false; readonly reason: 'not-found' }
  | { readonly ok: false; readonly reason: 'exists' }
  | { readonly ok: false; readonly reason: 'unknown-category' }
  | { readonly ok: false; readonly reason: 'version-mismatch'; readonly currentVersion: number };

export type ProductWriteResult =
  { readonly ok: true; readonly product: Product } | ProductWriteFailure;
export type ProductDeleteResult = { readonly ok: true } | ProductWriteFailure;

/**
 * The catalog's store. Async although SQLite answers synchronously, so that the PostgreSQL
 * implementation can take its place unchanged.
 */
export interface CatalogRepository {
  listProducts(options: ProductListOptions): Promise<ProductSlice>;
  getProduct(id: ProductId): Promise<Product | undefined>;
  /** One query for any number of ids (the gateway's fan-out); unknown ids are simply absent. */
  getProducts(ids: readonly ProductId[]): Promise<Product[]>;
  createProduct(input: CreateProductBody): Promise<ProductWriteResult>;
  updateProduct(
    id: ProductId,
    input: UpdateProductBody,
    expectedVersion: number | undefined,
  ): Promise<ProductWriteResult>;
  deleteProduct(id: ProductId, expectedVersion: number | undefined): Promise<ProductDeleteResult>;
  listCategories(): Promise<Category[]>;
  close(): Promise<void>;
}
