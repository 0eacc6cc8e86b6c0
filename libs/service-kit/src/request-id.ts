import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Accept a caller's id only if it is short and plain, so it is safe to log and to forward. */
const ACCEPTED_ID = /^[\w.:-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** The id of this request: the caller's `X-Request-Id` if acceptable, else a new UUID. */
    id: string;
  }
}

/** The caller's `X-Request-Id` when it is acceptable, else a new UUID. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const incoming = headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
}
