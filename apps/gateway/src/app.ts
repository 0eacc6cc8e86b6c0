import {
  CartApi,
  CartViews,
  CatalogApi,
  CatalogReader,
  UpstreamRegistry,
  adminRoutes,
  cartRoutes,
  createGatewayMetrics,
  logInstanceEvents,
  productRoutes,
  requestScope,
  storefrontRoutes,
  type RegistryDependencies,
  type ServicesSettings,
} from '@cartwheel/gateway';
import {
  createHttpMetrics,
  createServiceApp,
  type Lifecycle,
  type Logger,
  type ServiceApp,
} from '@cartwheel/service-kit';
import type { Transport } from '@cartwheel/upstream';

export interface GatewaySettings {
  readonly services: ServicesSettings;
  readonly requestTimeoutMs: number;
  readonly branchTimeoutMs: number;
  readonly cache: {
    readonly ttlMs: number;
    readonly staleIfErrorMs: number;
    readonly maxEntries: number;
  };
}

export interface GatewayAppDeps {
  readonly settings: GatewaySettings;
  readonly transport: Transport;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  /** Tests drive health by hand or inject randomness; see RegistryDependencies. */
  readonly registry?: Omit<RegistryDependencies, 'transport' | 'observer' | 'onInstanceEvent'>;
}

export interface GatewayApp extends ServiceApp {
  readonly upstreams: UpstreamRegistry;
  /** Stops health checks and breakers; the transport is the caller's to close. */
  close(): void;
}

/** Wires the gateway: upstream pools, catalog cache, cart views and the public routes. */
export function createApp(deps: GatewayAppDeps): GatewayApp {
  const { settings } = deps;
  const http = createHttpMetrics('gateway');
  // The metrics read the live pools at scrape time, and the pools report to the metrics.
  const holder: { registry?: UpstreamRegistry } = {};
  const metrics = createGatewayMetrics(http.registry, () => {
    if (holder.registry === undefined) throw new Error('upstream registry not built yet');
    return holder.registry;
  });
  const registry = new UpstreamRegistry(settings.services, {
    ...deps.registry,
    transport: deps.transport,
    observer: metrics.observer,
    onInstanceEvent: logInstanceEvents(deps.logger),
  });
  holder.registry = registry;
  const catalog = new CatalogApi(() => registry.catalog);
  const carts = new CartApi(() => registry.cart);
  const reader = new CatalogReader(catalog, {
    max: settings.cache.maxEntries,
    ttlMs: settings.cache.ttlMs,
    staleIfErrorMs: Math.max(settings.cache.ttlMs, settings.cache.staleIfErrorMs),
    onCache: metrics.onCache,
  });
  const views = new CartViews(reader, settings.branchTimeoutMs);

  const service = createServiceApp({
    name: 'gateway',
    logger: deps.logger,
    lifecycle: deps.lifecycle,
    metrics: http,
    isReady: () => registry.isReady(),
    mount: (app) => {
      adminRoutes(app, () => registry);
      // Without a mount path: only /api routes and the 404 come after it, and a path would make
      // Express cut and restore (and parse again) each request's URL.
      app.use(requestScope(settings.requestTimeoutMs));
      productRoutes(app, reader);
      cartRoutes(app, { carts, reader, views });
      storefrontRoutes(app, { carts, reader, views, branchDeadlineMs: settings.branchTimeoutMs });
    },
  });
  registry.start();
  return { ...service, upstreams: registry, close: () => registry.shutdown() };
}
