import type { ServiceSettings } from '@cartwheel/gateway';
import { Lifecycle, createLogger, type Logger } from '@cartwheel/service-kit';
import { startApp } from '@cartwheel/service-kit/testing';
import { createAxiosTransport, parseUpstreams, type Transport } from '@cartwheel/upstream';
import { createApp, type GatewayApp, type GatewaySettings } from '../app';

export interface GatewayHarnessOptions {
  /** Instance lists as in `CATALOG_UPSTREAMS`, e.g. `['http://127.0.0.1:3011;weight=3']`. */
  readonly catalog: readonly string[];
  readonly cart: readonly string[];
  readonly cache?: Partial<GatewaySettings['cache']>;
  readonly catalogService?: Partial<Omit<ServiceSettings, 'instances'>>;
  readonly cartService?: Partial<Omit<ServiceSettings, 'instances'>>;
  readonly requestTimeoutMs?: number;
  readonly branchTimeoutMs?: number;
  /** Off by default: probes would add `/readyz` calls to what the upstreams record. */
  readonly activeHealthChecks?: boolean;
  /** Default: silent. A test that reads the gateway's lines passes `capturedLogger().logger`. */
  readonly logger?: Logger;
}

export interface GatewayHarness {
  readonly url: string;
  readonly gateway: GatewayApp;
  close(): Promise<void>;
}

/** One service's settings as the harness builds them: the given URLs, test-friendly defaults. */
export function serviceSettings(
  urls: readonly string[],
  overrides: Partial<Omit<ServiceSettings, 'instances'>> = {},
): ServiceSettings {
  return {
    instances: parseUpstreams(urls.join(',')),
    balancer: 'round-robin',
    // Generous for a test machine that other suites load: a slow answer is not what is tested.
    breaker: { attemptTimeout: 2_500 },
    retry: {},
    retryBudget: {},
    outlier: {},
    healthCheck: {},
    ...overrides,
  };
}

/**
 * The real gateway app (createApp) with a real axios transport, served on a free loopback port.
 * `close()` stops the server, the pools and the transport's sockets, in that order.
 */
export async function startGateway(options: GatewayHarnessOptions): Promise<GatewayHarness> {
  const lifecycle = new Lifecycle();
  lifecycle.markReady();
  const transport: Transport = createAxiosTransport();
  const gateway = createApp({
    settings: {
      services: {
        catalog: serviceSettings(options.catalog, options.catalogService),
        cart: serviceSettings(options.cart, options.cartService),
      },
      requestTimeoutMs: options.requestTimeoutMs ?? 6_000,
      branchTimeoutMs: options.branchTimeoutMs ?? 4_000,
      cache: { ttlMs: 30_000, staleIfErrorMs: 300_000, maxEntries: 1_000, ...options.cache },
    },
    transport,
    logger: options.logger ?? createLogger('gateway', 'silent'),
    lifecycle,
    registry: { activeHealthChecks: options.activeHealthChecks ?? false },
  });
  const server = await startApp(gateway.app).catch(async (error: unknown) => {
    gateway.close();
    await transport.close();
    throw error;
  });
  return {
    url: server.url,
    gateway,
    close: async () => {
      await server.close();
      gateway.close();
      await transport.close();
    },
  };
}
