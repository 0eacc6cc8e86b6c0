import type { RequestHandler, Router } from 'express';
import { Router as createRouter } from 'express';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Buckets in seconds from 1 ms to 10 s: local calls sit at the low end, timeouts at the top. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface HttpMetrics {
  readonly registry: Registry;
  readonly middleware: RequestHandler;
  readonly routes: Router;
}

/**
 * One registry per app instance, not prom-client's global one, so that several apps in one test
 * process do not share (or collide on) metrics.
 */
export function createHttpMetrics(service: string): HttpMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP requests served, by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      // The template (`/carts/:id`), never the raw path, keeps label cardinality bounded.
      const routePath: unknown = req.route?.path;
      const route = typeof routePath === 'string' ? `${req.baseUrl}${routePath}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      duration.observe({ route, method: req.method, status: String(res.statusCode) }, seconds);
    });
    next();
  };

  const routes = createRouter();
  routes.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return { registry, middleware, routes };
}
