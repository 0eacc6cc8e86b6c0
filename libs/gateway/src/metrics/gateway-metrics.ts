import type { UpstreamObserver } from '@cartwheel/upstream';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CacheName, CacheResult } from '../catalog-reader';
import type { UpstreamRegistry } from '../upstreams/upstream-registry';

const BREAKER_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

interface InstanceSeries {
  readonly picks: { inc(value?: number): void };
  readonly ok: { inc(value?: number): void };
  readonly failure: { inc(value?: number): void };
  readonly cancelled: { inc(value?: number): void };
  readonly latency: { observe(seconds: number): void };
}

export interface GatewayMetrics {
  readonly observer: UpstreamObserver;
  readonly onCache: (cache: CacheName, result: CacheResult, count: number) => void;
}

/**
 * The gateway's own series, per upstream instance: attempts and failures, latency, balancer
 * picks, retries, breaker state and availability (read from the live pools at scrape time), and
 * cache outcomes.
 */
export function createGatewayMetrics(
  registry: Registry,
  upstreams: () => UpstreamRegistry,
): GatewayMetrics {
  const registers = [registry];
  const attempts = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'Attempts sent to an upstream instance, by outcome (ok, failure, or cancelled: the client left)',
    labelNames: ['service', 'instance', 'outcome'] as const,
    registers,
    // Every instance's series exist from the first scrape, at 0, so that a rate over a failure
    // or cancel series that never happened reads 0 rather than nothing. Collected first of the
    // per-instance metrics, so the picks and latency series are made before they are read.
    collect() {
      for (const service of upstreams().snapshot()) {
        for (const instance of service.instances) seriesFor(service.service, instance.id);
      }
    },
  });
  const latency = new Histogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Duration of attempts sent to an upstream instance',
    labelNames: ['service', 'instance'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const picks = new Counter({
    name: 'gateway_lb_picks_total',
    help: 'Instances chosen by the load balancer',
    labelNames: ['service', 'instance'] as const,
    registers,
  });
  const retries = new Counter({
    name: 'gateway_upstream_retries_total',
    help: 'Failovers to another instance',
    labelNames: ['service'] as const,
    registers,
  });
  const cache = new Counter({
    name: 'gateway_cache_requests_total',
    help: 'Response cache lookups by cache and result (hit, miss, coalesced, stale)',
    labelNames: ['cache', 'result'] as const,
    registers,
  });
  new Gauge({
    name: 'gateway_upstream_breaker_state',
    help: 'Circuit breaker state per instance: 0 closed, 1 half-open, 2 open',
    labelNames: ['service', 'instance'] as const,
    registers,
    collect() {
      this.reset();
      for (const service of upstreams().snapshot()) {
        for (const i of service.instances) {
          this.set({ service: service.service, instance: i.id }, BREAKER_STATE_VALUE[i.breaker]);
        }
      }
    },
  });
  new Gauge({
    name: 'gateway_upstream_available',
    help: 'Whether an instance may take traffic (healthy, breaker not open, not ejected)',
    labelNames: ['service', 'instance'] as const,
    registers,
    collect() {
      this.reset();
      for (const service of upstreams().snapshot()) {
        for (const i of service.instances)
          this.set({ service: service.service, instance: i.id }, i.available ? 1 : 0);
      }
    },
  });

  // Each (service, instance) pair's series, and each cache outcome's, are looked up once and
  // kept: prom-client would hash the label object again on every call, several per request.
  const perInstance = new Map<string, InstanceSeries>();
  const seriesFor = (service: string, instance: string): InstanceSeries => {
    const key = `${service} ${instance}`;
    let series = perInstance.get(key);
    if (series === undefined) {
      series = {
        picks: picks.labels({ service, instance }),
        ok: attempts.labels({ service, instance, outcome: 'ok' }),
        failure: attempts.labels({ service, instance, outcome: 'failure' }),
        cancelled: attempts.labels({ service, instance, outcome: 'cancelled' }),
        latency: latency.labels({ service, instance }),
      };
      // prom-client exports a labelled series only once it has a value.
      for (const counter of [series.picks, series.ok, series.failure, series.cancelled]) {
        counter.inc(0);
      }
      latency.zero({ service, instance });
      perInstance.set(key, series);
    }
    return series;
  };

  const perCacheResult = new Map<string, { inc(count: number): void }>();

  return {
    observer: {
      picked: (service, instance) => seriesFor(service, instance).picks.inc(),
      attempted: (service, instance, outcome, seconds) => {
        const series = seriesFor(service, instance);
        series[outcome].inc();
        // A cancelled attempt's time is the client's patience, not the instance's latency.
        if (outcome !== 'cancelled') series.latency.observe(seconds);
      },
      retried: (service) => retries.inc({ service }),
    },
    onCache: (name, result, count) => {
      const key = `${name} ${result}`;
      let series = perCacheResult.get(key);
      if (series === undefined) {
        series = cache.labels({ cache: name, result });
        perCacheResult.set(key, series);
      }
      series.inc(count);
    },
  };
}
