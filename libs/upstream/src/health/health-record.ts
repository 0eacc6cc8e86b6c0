import type { ResolvedHealthCheckOptions } from './health-options';

/**
 * `unknown` until the first probe result, and routable: as with Envoy's default
 * (`ignore_new_hosts_until_first_hc: false`) a new instance takes traffic before it is checked,
 * so a gateway that boots alongside its upstreams is not all 503s for the first interval.
 */
export type HealthStatus = 'unknown' | 'healthy' | 'unhealthy';

type Thresholds = Pick<ResolvedHealthCheckOptions, 'healthyThreshold' | 'unhealthyThreshold'>;

/** One instance's probe history reduced to a status by Envoy's threshold rules. */
export class HealthRecord {
  #status: HealthStatus = 'unknown';
  #passes = 0;
  #failures = 0;

  constructor(private readonly thresholds: Thresholds) {}

  get status(): HealthStatus {
    return this.#status;
  }

  isAvailable(): boolean {
    return this.#status !== 'unhealthy';
  }

  /** Feeds one probe's result; returns the status it turned the instance to, if it turned it. */
  record(passed: boolean): 'healthy' | 'unhealthy' | undefined {
    const before = this.#status;
    if (passed) {
      this.#failures = 0;
      this.#passes += 1;
      // Envoy: "during startup, only a single successful health check is required".
      const enough = before === 'unknown' || this.#passes >= this.thresholds.healthyThreshold;
      if (enough) this.#status = 'healthy';
    } else {
      this.#passes = 0;
      this.#failures += 1;
      if (this.#failures >= this.thresholds.unhealthyThreshold) this.#status = 'unhealthy';
    }
    return this.#status === before || this.#status === 'unknown' ? undefined : this.#status;
  }
}
