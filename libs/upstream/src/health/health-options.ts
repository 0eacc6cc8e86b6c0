import { requireInteger } from '../validate';

/** Active health checking options; names and defaults follow Envoy's HealthCheck. */
export interface HealthCheckOptions {
  /** Pause between the end of one probe and the start of the next, in ms. Default 5000. */
  readonly interval?: number;
  /** Deadline per probe in ms; the probe's signal is aborted then. Envoy `timeout`, default 2000. */
  readonly timeout?: number;
  /** Consecutive failed probes that make an instance unhealthy. Envoy `unhealthy_threshold`: 3. */
  readonly unhealthyThreshold?: number;
  /** Consecutive passed probes that make an unhealthy instance healthy. Envoy: 2. */
  readonly healthyThreshold?: number;
}

export type ResolvedHealthCheckOptions = Required<HealthCheckOptions>;

export const HEALTH_CHECK_DEFAULTS: ResolvedHealthCheckOptions = Object.freeze({
  interval: 5_000,
  timeout: 2_000,
  unhealthyThreshold: 3,
  healthyThreshold: 2,
});

const HOUR = 3_600_000;

export function resolveHealthCheckOptions(
  options: HealthCheckOptions = {},
): ResolvedHealthCheckOptions {
  const resolved = { ...HEALTH_CHECK_DEFAULTS, ...options };
  requireInteger('interval', resolved.interval, 1, HOUR);
  requireInteger('timeout', resolved.timeout, 1, HOUR);
  requireInteger('unhealthyThreshold', resolved.unhealthyThreshold, 1, 100);
  requireInteger('healthyThreshold', resolved.healthyThreshold, 1, 100);
  return resolved;
}
