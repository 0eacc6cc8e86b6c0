import type { Request } from 'express';

/** What every upstream call of one client request carries: its deadline and forwarded headers. */
export interface RequestContext {
  readonly signal: AbortSignal;
  readonly headers: Readonly<Record<string, string>>;
}

/** The same context under another signal (a shared load's, a branch's), or itself when it is its own. */
export function withSignal(ctx: RequestContext, signal: AbortSignal | undefined): RequestContext {
  if (signal === undefined || signal === ctx.signal) return ctx;
  return {
    signal,
    get headers() {
      return ctx.headers;
    },
  };
}

/**
 * The headers sent upstream, built from an allow-list: hop-by-hop headers (`Connection`, `TE`,
 * `Upgrade`, and whatever `Connection` names) can never pass, and the client's own
 * `X-Forwarded-*` are replaced by what the gateway itself saw.
 */
export function forwardedHeaders(req: Request): Record<string, string> {
  // Lower case, as HTTP/2 writes them: axios matches each name it adds against the names so far
  // in lower case, and a name already in lower case costs it no new string.
  const headers: Record<string, string> = {
    'x-request-id': req.id,
    'x-forwarded-for': req.socket.remoteAddress ?? 'unknown',
    'x-forwarded-proto': 'http',
  };
  const host = req.get('host');
  if (host !== undefined && /^[\w.:[\]-]{1,255}$/.test(host)) headers['x-forwarded-host'] = host;
  return headers;
}
