import { Deadline, RequestCancelledError } from '@cartwheel/upstream';
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
 * failovers included), counted from the request's arrival. Its timer is cleared when the answer
 * ends. A client that goes away before its answer aborts it with RequestCancelledError: the
 * calls in flight are closed, and no retry or failover starts for a client that is gone.
 */
export function requestScope(timeoutMs: number, now: () => number = Date.now): RequestHandler {
  return (req, res, next) => {
    res.locals.upstream = new RequestScope(req, res, timeoutMs, now);
    next();
  };
}

export function contextOf(_req: Request, res: Response): RequestContext {
  const ctx = res.locals.upstream;
  if (ctx === undefined) throw new Error('requestScope is not mounted before this route');
  return ctx;
}

/**
 * One request's context, each part made when an upstream call first asks for it: an answer from
 * the cache asks for none, and so costs no timer, AbortController or forwarded headers.
 */
class RequestScope implements RequestContext {
  readonly #startedAt: number;
  #deadline: Deadline | undefined;
  #headers: Record<string, string> | undefined;

  constructor(
    private readonly req: Request,
    private readonly res: Response,
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {
    this.#startedAt = now();
  }

  get signal(): AbortSignal {
    if (this.#deadline === undefined) {
      const deadline = new Deadline(this.timeoutMs, this.now, this.#startedAt);
      this.#deadline = deadline;
      // `close` follows `finish` on every answer, and alone marks a client that went away; a
      // deadline first asked for after it must not leave its timer running.
      const ended = () => {
        if (this.res.writableFinished) deadline.dispose();
        else deadline.abort(new RequestCancelledError());
      };
      if (this.res.closed) ended();
      else this.res.once('close', ended);
    }
    return this.#deadline.signal;
  }

  get headers(): Readonly<Record<string, string>> {
    return (this.#headers ??= forwardedHeaders(this.req));
  }
}
