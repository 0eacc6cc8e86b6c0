import type { Balancer } from './balancers/balancer';
import type { BalancerStrategy } from './balancers/create-balancer';
import type { BreakerOptions } from './breaker/breaker-options';
import type { BreakerState } from './breaker/breaker-state';
import type { Clock } from './clock';
import type { HealthProbe } from './health/health-checker';
import type { HealthCheckOptions } from './health/health-options';
import type { HealthStatus } from './health/health-record';
import type { InstanceSpec } from './instance';
import type { InstanceEventListener } from './instance-event';
import type { EjectionSnapshot } from './outlier/outlier-detector';
import type { OutlierOptions } from './outlier/outlier-options';
import type { Random } from './random';

export interface UpstreamPoolOptions {
  /** Service name for errors and the admin snapshot, e.g. `catalog`. */
  readonly service: string;
  readonly instances: readonly InstanceSpec[];
  /** A strategy name or a ready balancer. Default `weighted-round-robin` (nginx's smooth WRR). */
  readonly balancer?: BalancerStrategy | Balancer;
  readonly breaker?: BreakerOptions;
  readonly outlier?: OutlierOptions;
  /** Active health checking. Without it every instance stays `unknown`, which is routable. */
  readonly healthCheck?: HealthCheckOptions & { readonly probe: HealthProbe };
  /**
   * Attempts per `call()`, each on a different instance. Default 2: Envoy's default retry policy
   * (`num_retries: 1`), enough to step around one bad instance without multiplying load.
   */
  readonly maxAttempts?: number;
}

export interface UpstreamPoolDependencies {
  readonly random?: Random;
  readonly clock?: Clock;
  /**
   * Told when an instance's breaker changes state, it turns healthy or unhealthy, or it is
   * ejected or readmitted. Called synchronously from the pool's own paths, so it must not throw.
   */
  readonly onInstanceEvent?: InstanceEventListener;
}

/** `call()`'s outcome as data; the HTTP layer turns a failure's `error.code` into a status. */
export type CallResult<T> =
  | { readonly ok: true; readonly value: T; readonly instanceId: string; readonly attempts: number }
  | { readonly ok: false; readonly error: unknown; readonly attempts: number };

export interface InstanceSnapshot {
  readonly id: string;
  readonly url: string;
  readonly weight: number;
  readonly available: boolean;
  readonly breaker: BreakerState;
  readonly health: HealthStatus;
  readonly inFlight: number;
  /** Attempts actually sent to the instance since the pool started. */
  readonly requests: number;
  /** Sent attempts that counted as failures (5xx, timeouts, connection errors). */
  readonly failures: number;
  readonly ejection: EjectionSnapshot;
}

export interface PoolSnapshot {
  readonly service: string;
  readonly instances: readonly InstanceSnapshot[];
}
