import { Deadline } from '@cartwheel/upstream';
import type { Request, RequestHandler, Response } from 'express';
import { forwardedHeaders, type RequestContext } from '../upstreams/request-context';

declare module 'express-serve-static-core' {
  interface Locals {
    /** The request's upstream context; set by `requestScope` on every /api route. */
    upstream?: RequestContext;
  }
}

/**
 * Gives each request one overall deadline for all its upstream calls (attempts, backoffs and
 * failovers included), aborted and cleared when the response ends or the client goes away.
 */
export function requestScope(timeoutMs: number): RequestHandler {
  return (req, res, next) => {
    const deadline = new Deadline(timeoutMs);
    // `close` follows `finish` on every answer, and alone marks a client that went away.
    res.once('close', () => deadline.dispose());
    res.locals.upstream = { signal: deadline.signal, headers: forwardedHeaders(req) };
    next();
  };
}

export function contextOf(_req: Request, res: Response): RequestContext {
  const ctx = res.locals.upstream;
  if (ctx === undefined) throw new Error('requestScope is not mounted before this route');
  return ctx;
}
