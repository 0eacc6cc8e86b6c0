import { requireInteger } from '../validate';

/** Active health checking options; names and defaults follow Envoy's HealthCheck. */
export interface HealthCheckOptions {
  /** Pause between the end of one probe and the start of the next, in ms. Default 5000. */
  readonly interval?: number;
  /**
   * The same pause for an instance that is not healthy (unhealthy, or not yet healthy after a
   * failed probe) and for a healthy one whose last probe failed. Envoy `unhealthy_interval`,
   * whose default is `interval`; ours is 1000 ms (never above `interval`), so that an instance
   * that comes up, whether after the gateway or after a restart, takes traffic about a second
   * after it is ready rather than up to five (ten for the two passes an unhealthy one needs).
   * Used after a healthy instance's failed probe as HAProxy uses `fastinter`: one whose port
   * refuses is unhealthy about 2 s after its first failed probe, not 10; one that hangs takes
   * `timeout` longer per probe. A probe of a down instance is one refused connection.
   */
  readonly unhealthyInterval?: number;
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
  unhealthyInterval: 1_000,
  timeout: 2_000,
  unhealthyThreshold: 3,
  healthyThreshold: 2,
});

const HOUR = 3_600_000;

export function resolveHealthCheckOptions(
  options: HealthCheckOptions = {},
): ResolvedHealthCheckOptions {
  const interval = options.interval ?? HEALTH_CHECK_DEFAULTS.interval;
  const resolved = {
    ...HEALTH_CHECK_DEFAULTS,
    unhealthyInterval: Math.min(HEALTH_CHECK_DEFAULTS.unhealthyInterval, interval),
    ...options,
  };
  requireInteger('interval', resolved.interval, 1, HOUR);
  requireInteger('unhealthyInterval', resolved.unhealthyInterval, 1, HOUR);
  requireInteger('timeout', resolved.timeout, 1, HOUR);
  requireInteger('unhealthyThreshold', resolved.unhealthyThreshold, 1, 100);
  requireInteger('healthyThreshold', resolved.healthyThreshold, 1, 100);
  return resolved;
}
