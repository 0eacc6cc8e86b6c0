import {
  CreateProductBody,
  ProductId,
  ProductListQuery,
  UpdateProductBody,
  type CategoryList,
  type Product,
  type ProductBatch,
  type ProductPage,
} from '@cartwheel/contracts';
import {
  CommonErrors,
  expectedVersion,
  noneMatch,
  parseInput,
  versionEtag,
} from '@cartwheel/service-kit';
import type { IRouter, Response } from 'express';
import { z } from 'zod';
import { requireAdmin } from './admin-auth';
import { CatalogErrors } from './catalog-errors';
import type { CatalogRepository, ProductWriteFailure } from './store/catalog-repository';
import { decodeCursor, encodeCursor } from './store/page-cursor';

export interface CatalogRoutesDeps {
  readonly repository: CatalogRepository;
  readonly adminToken: string | undefined;
}

const IdParams = z.strictObject({ id: ProductId });
/** Only `GET /products` takes parameters; elsewhere an unknown one is a 400, as it is there. */
const NoQuery = z.strictObject({});

function failure(id: string, result: ProductWriteFailure, input?: { category: string }): Error {
  switch (result.reason) {
    case 'not-found':
      return CatalogErrors.productNotFound(id);
    case 'exists':
      return CatalogErrors.productExists(id);
    case 'unknown-category':
      return CatalogErrors.unknownCategory(input?.category ?? '');
    case 'version-mismatch':
      return CommonErrors.preconditionFailed(versionEtag(result.currentVersion));
  }
}

function sendProduct(res: Response, product: Product, status = 200): void {
  res.status(status).set('ETag', versionEtag(product.version)).json(product);
}

export function catalogRoutes(
  router: IRouter,
  { repository, adminToken }: CatalogRoutesDeps,
): void {
  const admin = requireAdmin(adminToken);

  router.get('/products', async (req, res) => {
    const query = parseInput(ProductListQuery, req.query, 'query');
    if ('ids' in query) {
      const items = await repository.getProducts(query.ids);
      const found = new Set(items.map((p) => p.id));
      const body: ProductBatch = { items, missing: query.ids.filter((id) => !found.has(id)) };
      res.json(body);
      return;
    }
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && afterId === undefined) throw CatalogErrors.invalidCursor();
    const slice = await repository.listProducts({
      limit: query.limit,
      afterId,
      category: query.category,
      search: query.q,
    });
    const last = slice.items.at(-1);
    const body: ProductPage = {
      items: slice.items,
      nextCursor: slice.hasMore && last !== undefined ? encodeCursor(last.id) : null,
    };
    res.json(body);
  });

  router.get('/products/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    parseInput(NoQuery, req.query, 'query');
    const product = await repository.getProduct(id);
    if (product === undefined) throw CatalogErrors.productNotFound(id);
    const etag = versionEtag(product.version);
    if (noneMatch(req.get('if-none-match'), etag)) {
      res.status(304).set('ETag', etag).end();
      return;
    }
    sendProduct(res, product);
  });

  router.post('/products', admin, async (req, res) => {
    parseInput(NoQuery, req.query, 'query');
    const input = parseInput(CreateProductBody, req.body, 'body');
    const result = await repository.createProduct(input);
    if (!result.ok) throw failure(input.id, result, input);
    res.location(`/products/${result.product.id}`);
    sendProduct(res, result.product, 201);
  });

  router.put('/products/:id', admin, async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    parseInput(NoQuery, req.query, 'query');
    const version = expectedVersion(req.get('if-match'));
    const input = parseInput(UpdateProductBody, req.body, 'body');
    const result = await repository.updateProduct(id, input, version);
    if (!result.ok) throw failure(id, result, input);
    sendProduct(res, result.product);
  });

  router.delete('/products/:id', admin, async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    parseInput(NoQuery, req.query, 'query');
    const result = await repository.deleteProduct(id, expectedVersion(req.get('if-match')));
    if (!result.ok) throw failure(id, result);
    res.status(204).end();
  });

  router.get('/categories', async (req, res) => {
    parseInput(NoQuery, req.query, 'query');
    const body: CategoryList = { items: await repository.listCategories() };
    res.json(body);
  });
}
