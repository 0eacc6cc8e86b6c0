import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { CommonErrors } from './common-errors';

export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasBody(headers: { 'content-length'?: string; 'transfer-encoding'?: string }): boolean {
  return (
    headers['transfer-encoding'] !== undefined ||
    (headers['content-length'] !== undefined && headers['content-length'] !== '0')
  );
}

/**
 * Writes with a body must say `application/json` (or a `+json` type); a body without that is
 * refused with 415 before it is read. A write with no body at all reads as `{}`.
 */
const requireJsonContentType: RequestHandler = (req, _res, next) => {
  if (!hasBody(req.headers)) return next();
  if (req.is(['application/json', '+json']) === false) {
    return next(CommonErrors.unsupportedMediaType(req.get('content-type')));
  }
  next();
};

const parseJson = express.json({
  limit: JSON_BODY_LIMIT_BYTES,
  strict: true,
  type: ['application/json', '+json'],
});

/** body-parser labels its errors with a `type`; translate those, never their messages. */
const translateBodyErrors: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
  const type = typeof err === 'object' && err !== null && 'type' in err ? err.type : undefined;
  switch (type) {
    case 'entity.parse.failed':
      return next(CommonErrors.malformedJson());
    case 'entity.too.large':
      return next(CommonErrors.payloadTooLarge(JSON_BODY_LIMIT_BYTES));
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return next(CommonErrors.unsupportedMediaType(_req.get('content-type')));
    case 'request.size.invalid':
    case 'request.aborted':
      return next(CommonErrors.malformedJson());
    default:
      return next(err);
  }
};

const defaultEmptyBody: RequestHandler = (req, _res, next) => {
  if (req.body === undefined) req.body = {};
  next();
};

/**
 * The body chain, entered by writes only, so its handlers need not ask the method: reads (most
 * of the traffic) pass one check instead of four middleware layers, and a GET's body is never
 * read.
 */
export function jsonBody(): RequestHandler {
  const chain = Router();
  chain.use(requireJsonContentType, parseJson, translateBodyErrors, defaultEmptyBody);
  return (req, res, next) => {
    if (WRITE_METHODS.has(req.method)) chain(req, res, next);
    else next();
  };
}
