/** @cartwheel/upstream: the gateway's upstream resilience (balancing, breakers, ejection, health). */
export * from './errors';
export { mulberry32, systemRandom, type Random } from './random';
export { systemClock, type Clock } from './clock';
export {
  ALWAYS_AVAILABLE,
  MAX_WEIGHT,
  MIN_WEIGHT,
  UpstreamInstance,
  type AvailabilityGate,
  type InstanceGates,
  type InstanceSpec,
} from './instance';

export type { Balancer, BalancerCandidate } from './balancers/balancer';
export { RoundRobinBalancer } from './balancers/round-robin';
export { SmoothWeightedRoundRobinBalancer } from './balancers/smooth-weighted-round-robin';
export { RandomBalancer } from './balancers/random';
export { WeightedRandomBalancer } from './balancers/weighted-random';
export { LeastRequestBalancer, type LeastRequestOptions } from './balancers/least-request';
export {
  BALANCER_STRATEGIES,
  createBalancer,
  type BalancerDependencies,
  type BalancerStrategy,
} from './balancers/create-balancer';

export { InstanceBreaker, type BreakerChange } from './breaker/instance-breaker';
export {
  BREAKER_DEFAULTS,
  type BreakerOptions,
  type ResolvedBreakerOptions,
} from './breaker/breaker-options';
export type { BreakerState } from './breaker/breaker-state';
export { isUpstreamFailure, type FailurePredicate } from './breaker/failure-classifier';
export { withAttemptTimeout, type Attempt } from './breaker/with-attempt-timeout';

export {
  OutlierDetector,
  type EjectionChange,
  type EjectionSnapshot,
} from './outlier/outlier-detector';
export { OUTLIER_DEFAULTS, type OutlierOptions } from './outlier/outlier-options';
export type { AttemptVerdict, EjectionStatus } from './outlier/host-ejection';

export {
  HealthChecker,
  type HealthChange,
  type HealthProbe,
  type HealthTarget,
} from './health/health-checker';
export { HEALTH_CHECK_DEFAULTS, type HealthCheckOptions } from './health/health-options';
export type { HealthStatus } from './health/health-record';

export { UpstreamPool } from './upstream-pool';
export { isSetback, type InstanceEvent, type InstanceEventListener } from './instance-event';
export { callWithFailover, type FailoverTarget } from './call-with-failover';
export type {
  CallResult,
  InstanceSnapshot,
  PoolSnapshot,
  UpstreamPoolDependencies,
  UpstreamPoolOptions,
} from './pool-types';
export { parseUpstreams, tryParseUpstreams, type ParseResult } from './parse-upstreams';
export { UpstreamList } from './upstream-list-schema';

export { Deadline } from './deadline';
export { RetryBudget, type RetryBudgetOptions } from './retry/retry-budget';
export {
  RETRY_DEFAULTS,
  backoffMs,
  isRetryable,
  resolveRetryOptions,
  type ResolvedRetryOptions,
  type RetryOptions,
} from './retry/retry-policy';
export {
  assertRelativePath,
  createAxiosTransport,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type AxiosTransportOptions,
} from './transport/axios-transport';
export type {
  Transport,
  UpstreamMethod,
  UpstreamRequest,
  UpstreamResponse,
} from './transport/upstream-request';
export {
  UpstreamClient,
  type UpstreamClientOptions,
  type AttemptOutcome,
  type UpstreamObserver,
} from './upstream-client';
