import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { CatalogErrors } from './catalog-errors';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Guards admin writes with `Authorization: Bearer <token>`. Both sides are hashed first so that
 * the comparison is constant-time whatever the lengths; with no token configured, writes are
 * refused outright (403) rather than open. The scheme name is case-insensitive (RFC 9110 11.1):
 * `bearer <token>` is as good as `Bearer <token>`.
 */
export function requireAdmin(adminToken: string | undefined): RequestHandler {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  return (req, _res, next) => {
    if (expected === undefined) return next(CatalogErrors.adminDisabled());
    const presented = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(req.get('authorization') ?? '')?.[1];
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      return next(CatalogErrors.unauthorized());
    }
    next();
  };
}
