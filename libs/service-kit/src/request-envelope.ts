import type { RequestHandler } from 'express';
import type { HttpMetrics } from './http-metrics';
import type { Lifecycle } from './lifecycle';
import type { Logger } from './logger';
import { requestIdFrom } from './request-id';
import { securityHeaders } from './security-headers';

/** nginx's status for a request whose client closed the connection before the answer. */
const CLIENT_CLOSED_REQUEST = 499;

export interface RequestEnvelopeOptions {
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly metrics: HttpMetrics;
  /** Paths answered without an access log line (probes and scrapes). */
  readonly quietPaths: ReadonlySet<string>;
}

/**
 * What every request gets before any route runs, and what is recorded once it ends: its id,
 * the security headers, `Connection: close` while draining, then one access log line and the
 * duration metric. One middleware with one `close` listener, because this runs on every request
 * of every service and each extra middleware layer and listener is paid per request.
 */
export function requestEnvelope(options: RequestEnvelopeOptions): RequestHandler {
  const { logger, lifecycle, metrics, quietPaths } = options;
  const headers = securityHeaders();
  return (req, res, next) => {
    const started = performance.now();
    req.id = requestIdFrom(req.headers);
    res.setHeader('X-Request-Id', req.id);
    for (const [name, value] of headers) res.setHeader(name, value);
    // While draining, every answer closes its connection so keep-alive clients reconnect
    // elsewhere instead of being cut off when the server stops.
    if (lifecycle.isDraining) res.setHeader('Connection', 'close');
    // `close` follows `finish` on a completed response and alone marks one the client cut off.
    res.once('close', () => {
      const ms = performance.now() - started;
      const completed = res.writableFinished;
      if (completed) metrics.observe(req, res.statusCode, ms / 1e3);
      if (quietPaths.has(req.path)) return;
      const line = {
        requestId: req.id,
        method: req.method,
        url: req.originalUrl,
        // nginx's 499 for an answer the client never got; one cut off mid-body keeps its own.
        status: completed || res.headersSent ? res.statusCode : CLIENT_CLOSED_REQUEST,
        durationMs: Math.round(ms * 1000) / 1000,
      };
      if (!completed) logger.warn(line, 'request aborted by the client');
      else if (res.statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request completed');
    });
    next();
  };
}
