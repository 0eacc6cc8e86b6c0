import { HttpError } from '@cartwheel/service-kit';

/** Every error the catalog answers with beyond the common ones; codes are stable. */
export const CatalogErrors = {
  productNotFound: (id: string) =>
    new HttpError(404, 'PRODUCT_NOT_FOUND', 'No such product', {
      detail: `Product '${id}' does not exist.`,
    }),
  productExists: (id: string) =>
    new HttpError(409, 'PRODUCT_EXISTS', 'The product already exists', {
      detail: `Product '${id}' exists; use PUT /products/${id} to change it.`,
    }),
  unknownCategory: (category: string) =>
    new HttpError(422, 'UNKNOWN_CATEGORY', 'No such category', {
      detail: `Category '${category}' does not exist; see GET /categories.`,
    }),
  invalidCursor: () =>
    new HttpError(400, 'INVALID_CURSOR', 'The cursor is not valid', {
      detail: 'Pass back a nextCursor exactly as a previous page returned it.',
    }),
  adminDisabled: () =>
    new HttpError(403, 'ADMIN_DISABLED', 'Catalog writes are disabled', {
      detail: 'Set CATALOG_ADMIN_TOKEN on the catalog service to enable them.',
    }),
  unauthorized: () =>
    new HttpError(401, 'UNAUTHORIZED', 'A valid admin token is required', {
      headers: { 'WWW-Authenticate': 'Bearer realm="catalog"' },
    }),
} as const;
