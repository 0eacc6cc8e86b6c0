import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Accept a caller's id only if it is short and plain, so it is safe to log and to forward. */
const ACCEPTED_ID = /^[\w.:-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** The id of this request: the caller's `X-Request-Id` if acceptable, else a new UUID. */
    id: string;
  }
}

export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    req.id = incoming !== undefined && ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    next();
  };
}
