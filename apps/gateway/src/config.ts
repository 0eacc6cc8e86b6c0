import { ConfigError, intVar, parseEnv, serviceEnv } from '@cartwheel/service-kit';
import type { ServicesSettings, ServiceSettings } from '@cartwheel/gateway';
import { BALANCER_STRATEGIES, DEFAULT_CONNECT_TIMEOUT_MS, UpstreamList } from '@cartwheel/upstream';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Strategy = z.enum(BALANCER_STRATEGIES);

export const GatewayEnv = serviceEnv(3000).extend({
  CATALOG_UPSTREAMS: z.string().default('http://127.0.0.1:3001').pipe(UpstreamList),
  CART_UPSTREAMS: z.string().default('http://127.0.0.1:3002').pipe(UpstreamList),
  CATALOG_LB: Strategy.default('weighted-round-robin'),
  CART_LB: Strategy.default('weighted-round-robin'),
  /** A JSON file with per-service settings; re-read on SIGHUP. */
  GATEWAY_CONFIG: z.string().min(1).optional(),
  /** One client request's budget for all its upstream calls, failovers included. */
  REQUEST_TIMEOUT_MS: intVar(3_000, 50, 60_000),
  /** A connection to an instance not made within this long fails over at once (nothing sent). */
  UPSTREAM_CONNECT_TIMEOUT_MS: intVar(DEFAULT_CONNECT_TIMEOUT_MS, 1, 60_000),
  /** The deadline of each optional fan-out branch (catalog pricing, storefront parts). */
  BRANCH_TIMEOUT_MS: intVar(1_500, 10, 60_000),
  CACHE_TTL_MS: intVar(30_000, 0, 86_400_000),
  CACHE_STALE_IF_ERROR_MS: intVar(300_000, 0, 86_400_000),
  CACHE_MAX_ENTRIES: intVar(10_000, 1, 1_000_000),
});
export type GatewayEnv = z.output<typeof GatewayEnv>;

const int = z.number().int();
/** Per-service settings in `GATEWAY_CONFIG`; ranges are checked by the policies themselves. */
const ServiceFile = z.strictObject({
  upstreams: z.string().pipe(UpstreamList).optional(),
  lb: Strategy.optional(),
  breaker: z
    .strictObject({
      errorThresholdPercentage: int,
      rollingCountTimeout: int,
      rollingCountBuckets: int,
      volumeThreshold: int,
      resetTimeout: int,
      attemptTimeout: int,
    })
    .partial()
    .optional(),
  retry: z
    .strictObject({ maxRetries: int, baseBackoffMs: int, maxBackoffMs: int })
    .partial()
    .optional(),
  retryBudget: z
    .strictObject({ budgetPercent: int, minRetryConcurrency: int })
    .partial()
    .optional(),
  outlier: z
    .strictObject({
      consecutiveFailures: int,
      baseEjectionTime: int,
      maxEjectionTime: int,
      maxEjectionPercent: int,
      interval: int,
      healthyProbeReadmits: z.boolean(),
    })
    .partial()
    .optional(),
  healthCheck: z
    .strictObject({
      interval: int,
      unhealthyInterval: int,
      timeout: int,
      unhealthyThreshold: int,
      healthyThreshold: int,
    })
    .partial()
    .optional(),
});
export const GatewayFile = z.strictObject({
  catalog: ServiceFile.optional(),
  cart: ServiceFile.optional(),
});
export type GatewayFile = z.output<typeof GatewayFile>;

export interface GatewayConfig extends GatewayEnv {
  readonly services: ServicesSettings;
}

/** Reads and validates the `GATEWAY_CONFIG` file; a bad file is a ConfigError naming the field. */
export function readGatewayFile(
  path: string,
  read = (p: string) => readFileSync(p, 'utf8'),
): GatewayFile {
  let raw: unknown;
  try {
    raw = JSON.parse(read(path));
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration: GATEWAY_CONFIG ${path}: ${(error as Error).message}`,
    );
  }
  const result = GatewayFile.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ConfigError(
    `Invalid configuration: GATEWAY_CONFIG ${path}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
  );
}

/** The file's settings over the environment's, per service. */
export function resolveServices(env: GatewayEnv, file: GatewayFile = {}): ServicesSettings {
  const service = (
    fromFile: z.output<typeof ServiceFile> | undefined,
    instances: ServiceSettings['instances'],
    balancer: ServiceSettings['balancer'],
  ): ServiceSettings => ({
    instances: fromFile?.upstreams ?? instances,
    balancer: fromFile?.lb ?? balancer,
    breaker: fromFile?.breaker ?? {},
    retry: fromFile?.retry ?? {},
    retryBudget: fromFile?.retryBudget ?? {},
    outlier: fromFile?.outlier ?? {},
    healthCheck: fromFile?.healthCheck ?? {},
  });
  return {
    catalog: service(file.catalog, env.CATALOG_UPSTREAMS, env.CATALOG_LB),
    cart: service(file.cart, env.CART_UPSTREAMS, env.CART_LB),
  };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = parseEnv(GatewayEnv, env);
  const file = parsed.GATEWAY_CONFIG === undefined ? {} : readGatewayFile(parsed.GATEWAY_CONFIG);
  return { ...parsed, services: resolveServices(parsed, file) };
}
