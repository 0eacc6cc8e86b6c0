import express, { type Express } from 'express';
import { healthRoutes } from './health-routes';
import { createHttpMetrics, type HttpMetrics } from './http-metrics';
import { jsonBody } from './json-body';
import type { Lifecycle } from './lifecycle';
import type { Logger } from './logger';
import { problemHandler, unknownRoute } from './problem-response';
import { requestEnvelope } from './request-envelope';

export interface ServiceAppOptions {
  readonly name: string;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  /**
   * Adds the service's own routes to `app` itself, after the shared middleware and before the
   * 404. Not as sub-routers: Express enters each sub-router mounted before the matching route
   * on every request, and that is most of its cost per request.
   */
  readonly mount: (app: Express) => void;
  /** Metrics made beforehand, when the app registers its own series in the same registry. */
  readonly metrics?: HttpMetrics;
  /** Readiness beyond the lifecycle, e.g. the gateway's "every service has an instance". */
  readonly isReady?: () => boolean;
}

export interface ServiceApp {
  readonly app: Express;
  readonly metrics: HttpMetrics;
}

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The middleware chain every Cartwheel service shares, in the order that makes it correct. */
export function createServiceApp(options: ServiceAppOptions): ServiceApp {
  const { logger, lifecycle } = options;
  const metrics = options.metrics ?? createHttpMetrics(options.name);
  const app = express();
  app.disable('x-powered-by');
  // Services set their own ETags from resource versions; Express's body hashes would be wrong.
  app.set('etag', false);

  app.use(requestEnvelope({ logger, lifecycle, metrics, quietPaths: QUIET_PATHS }));
  healthRoutes(app, lifecycle, options.isReady);
  app.get('/metrics', metrics.scrape);
  app.use(jsonBody());
  options.mount(app);
  app.use(unknownRoute);
  app.use(problemHandler(logger));
  return { app, metrics };
}
