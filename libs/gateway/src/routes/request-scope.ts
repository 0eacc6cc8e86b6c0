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
 * failovers included), counted from the request's arrival. Its timer is cleared when the answer
 * ends or the client goes away; calls still in flight then end at their own attempt timeout.
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
      if (this.res.closed) deadline.dispose();
      else this.res.once('close', () => deadline.dispose());
    }
    return this.#deadline.signal;
  }

  get headers(): Readonly<Record<string, string>> {
    return (this.#headers ??= forwardedHeaders(this.req));
  }
}
