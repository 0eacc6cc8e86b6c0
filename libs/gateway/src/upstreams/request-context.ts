import type { Request } from 'express';

/** What every upstream call of one client request carries: its deadline and forwarded headers. */
export interface RequestContext {
  readonly signal: AbortSignal;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The headers sent upstream, built from an allow-list: hop-by-hop headers (`Connection`, `TE`,
 * `Upgrade`, and whatever `Connection` names) can never pass, and the client's own
 * `X-Forwarded-*` are replaced by what the gateway itself saw.
 */
export function forwardedHeaders(req: Request): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Request-Id': req.id,
    'X-Forwarded-For': req.socket.remoteAddress ?? 'unknown',
    'X-Forwarded-Proto': 'http',
  };
  const host = req.get('host');
  if (host !== undefined && /^[\w.:[\]-]{1,255}$/.test(host)) headers['X-Forwarded-Host'] = host;
  return headers;
}
