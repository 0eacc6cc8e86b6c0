import { ProductId, ProductListQuery, type ProductBatch } from '@cartwheel/contracts';
import { noneMatch, parseInput, sendJson, versionEtag } from '@cartwheel/service-kit';
import type { IRouter, Response } from 'express';
import { z } from 'zod';
import type { CacheOutcome } from '../cache/response-cache';
import type { CatalogReader } from '../catalog-reader';
import { branchFailure } from '../gateway-errors';
import { required } from './call-upstream';
import { contextOf } from './request-scope';

const IdParams = z.strictObject({ id: ProductId });
const NoQuery = z.strictObject({});

/** Says where an answer came from: `X-Cache` and, for anything not fetched just now, `Age`. */
function cacheHeaders(res: Response, outcome: CacheOutcome<unknown>): void {
  res.setHeader('X-Cache', outcome.source);
  if (outcome.source === 'hit' || outcome.source === 'stale') {
    res.setHeader('Age', String(Math.floor(outcome.ageMs / 1000)));
  }
}

export function productRoutes(router: IRouter, reader: CatalogReader): void {
  router.get('/api/products', async (req, res) => {
    const query = parseInput(ProductListQuery, req.query, 'query');
    const ctx = contextOf(req, res);
    if ('ids' in query) {
      const set = await reader.productSet(query.ids, ctx);
      if (set.status !== 'ok' && set.status !== 'stale') {
        throw branchFailure('catalog', set.status);
      }
      const body: ProductBatch = {
        items: query.ids.flatMap((id) => set.products.get(id) ?? []),
        missing: query.ids.filter((id) => !set.products.has(id)),
      };
      res.set('X-Cache', set.status === 'stale' ? 'stale' : 'mixed').json(body);
      return;
    }
    const outcome = await required('catalog', () => reader.page(query, ctx));
    cacheHeaders(res, outcome);
    res.json(outcome.value);
  });

  router.get('/api/products/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    parseInput(NoQuery, req.query, 'query');
    const outcome = await required('catalog', () => reader.product(id, contextOf(req, res)));
    const etag = versionEtag(outcome.value.version);
    cacheHeaders(res, outcome);
    res.setHeader('ETag', etag);
    if (noneMatch(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    sendJson(res, 200, outcome.value);
  });

  router.get('/api/categories', async (req, res) => {
    parseInput(NoQuery, req.query, 'query');
    const outcome = await required('catalog', () => reader.categories(contextOf(req, res)));
    cacheHeaders(res, outcome);
    res.json(outcome.value);
  });
}
