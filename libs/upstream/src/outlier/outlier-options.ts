import { requireBoolean, requireInteger } from '../validate';

/** Inline outlier ejection options; names and defaults follow Envoy's OutlierDetection. */
export interface OutlierOptions {
  /** Consecutive failed attempts that eject an instance. Envoy `consecutive_5xx`: 5. */
  readonly consecutiveFailures?: number;
  /** First ejection length in ms, multiplied by the ejection count. Envoy: 30000. */
  readonly baseEjectionTime?: number;
  /** Cap on one ejection's length in ms. Envoy `max_ejection_time`: 300000. */
  readonly maxEjectionTime?: number;
  /**
   * Most of the pool that may be ejected at once. Envoy's default, 10, and Envoy's rule that a
   * host is always ejectable while none is ejected: with our 2-3 instances that means at most one
   * ejected at a time, the breakers covering the rest. Ejecting more would let a shared cause (a
   * bad deploy, a database outage) empty the pool that the breakers could still probe.
   */
  readonly maxEjectionPercent?: number;
  /**
   * Envoy's `interval`, used here only to pace forgiveness: the ejection multiplier drops by one
   * per interval an instance stays admitted. Default 10000.
   */
  readonly interval?: number;
  /**
   * Whether a health probe that passes readmits an ejected instance at once, clearing its failure
   * streak (Envoy's `successful_active_health_check_uneject_host`, default true): an instance back
   * from a restart takes traffic within one health interval instead of the ejection's 30 s or
   * more. Turn off when `/readyz` can pass while requests fail, or the probe would readmit an
   * instance that is still failing, every interval.
   */
  readonly healthyProbeReadmits?: boolean;
}

export type ResolvedOutlierOptions = Required<OutlierOptions>;

export const OUTLIER_DEFAULTS: ResolvedOutlierOptions = Object.freeze({
  consecutiveFailures: 5,
  baseEjectionTime: 30_000,
  maxEjectionTime: 300_000,
  maxEjectionPercent: 10,
  interval: 10_000,
  healthyProbeReadmits: true,
});

const DAY = 86_400_000;

export function resolveOutlierOptions(options: OutlierOptions = {}): ResolvedOutlierOptions {
  const resolved = { ...OUTLIER_DEFAULTS, ...options };
  requireInteger('consecutiveFailures', resolved.consecutiveFailures, 1, 1000);
  requireInteger('baseEjectionTime', resolved.baseEjectionTime, 1, DAY);
  requireInteger('maxEjectionTime', resolved.maxEjectionTime, resolved.baseEjectionTime, DAY);
  requireInteger('maxEjectionPercent', resolved.maxEjectionPercent, 0, 100);
  requireInteger('interval', resolved.interval, 1, DAY);
  requireBoolean('healthyProbeReadmits', resolved.healthyProbeReadmits);
  return resolved;
}
