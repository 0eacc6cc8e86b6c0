import { z } from 'zod';
import { LOG_LEVELS } from './logger';

/** Thrown when the environment does not fit the schema; its message is one line naming it. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** An integer variable within bounds, e.g. `intVar(3001, 0, 65535)` for a port. */
export function intVar(fallback: number, min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback);
}

/** What every service reads; each app extends it with its own variables. */
export function serviceEnv(defaultPort: number) {
  return z.object({
    PORT: intVar(defaultPort, 0, 65535),
    HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    DATA_DIR: z.string().min(1).default('./data'),
    /** Readiness is 503 and answers close their connections for this long before the listener stops. */
    DRAIN_MS: intVar(2000, 0, 300_000),
    /** In-flight requests get this long to finish after the listener stops. */
    SHUTDOWN_TIMEOUT_MS: intVar(10_000, 0, 300_000),
    /** Above the gateway's idle socket timeout so the gateway, not us, closes idle sockets. */
    KEEP_ALIVE_TIMEOUT_MS: intVar(65_000, 1_000, 600_000),
  });
}

/** The settings every service shares, as parsed. */
export type ServiceConfig = z.output<ReturnType<typeof serviceEnv>>;

/** Parses the environment once at boot; the first offending variable is named in the error. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.map(String).join('.') || 'environment';
  throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}`);
}
