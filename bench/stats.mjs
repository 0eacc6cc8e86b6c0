/** Small statistics over plain number arrays. */

/** Nearest-rank percentile of unsorted values; `p` in 0-100. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** p50/p90/p99/p99.9 and max of latencies in ms. */
export function latencySummary(valuesMs) {
  return {
    p50: percentile(valuesMs, 50),
    p90: percentile(valuesMs, 90),
    p99: percentile(valuesMs, 99),
    p999: percentile(valuesMs, 99.9),
    max: valuesMs.length === 0 ? Number.NaN : valuesMs.reduce((a, b) => Math.max(a, b), -Infinity),
  };
}

/** Each latency percentile's median over runs, e.g. the p99 of a row from its three runs' p99s. */
export function medianLatency(runs) {
  return Object.fromEntries(
    Object.keys(runs[0].latencyMs).map((p) => [p, median(runs.map((r) => r.latencyMs[p]))]),
  );
}
