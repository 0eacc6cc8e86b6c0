import type { Request, RequestHandler } from 'express';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Buckets in seconds from 1 ms to 10 s: local calls sit at the low end, timeouts at the top. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface HttpMetrics {
  readonly registry: Registry;
  /** Records one answered request under the route template Express matched for it. */
  observe(req: Request, status: number, seconds: number): void;
  /** Answers `GET /metrics` with the registry in Prometheus' text format. */
  readonly scrape: RequestHandler;
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
  // Route templates, methods and statuses are few, so each series' child is looked up once and
  // kept, rather than prom-client hashing the label object again on every request.
  const series = new Map<string, { observe(seconds: number): void }>();

  const observe = (req: Request, status: number, seconds: number): void => {
    // The template (`/carts/:id`), never the raw path, keeps label cardinality bounded.
    const routePath: unknown = req.route?.path;
    const route = typeof routePath === 'string' ? `${req.baseUrl}${routePath}` : 'unmatched';
    const key = `${route} ${req.method} ${status}`;
    let child = series.get(key);
    if (child === undefined) {
      child = duration.labels({ route, method: req.method, status: String(status) });
      series.set(key, child);
    }
    child.observe(seconds);
  };

  const scrape: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };
  return { registry, observe, scrape };
}
