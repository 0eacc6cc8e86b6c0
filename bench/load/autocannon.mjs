/**
 * Closed-loop bursts with autocannon, for the fail-fast row: warming the breakers up and then
 * measuring answers that are expected to be errors. Latencies are taken from autocannon's
 * `response` events (fractional ms) rather than its histogram, which rounds to whole ms and
 * keeps only 2xx answers.
 */
import autocannon from 'autocannon';
import { latencySummary } from '../stats.mjs';

/**
 * @example
 * const r = await runAutocannon({ url, paths, connections: 10, durationS: 5 });
 * // { requests, statuses: { 503: 41234 }, errors, latencyMs: { p50, p90, p99, p999, max } }
 */
export function runAutocannon({ url, paths, connections, durationS, amount }) {
  const latencies = [];
  const statuses = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        // Seconds per request: bounds the warm-up even if the gateway hangs.
        timeout: 2,
        ...(amount === undefined ? { duration: durationS } : { amount }),
        requests: paths.map((path) => ({ method: 'GET', path })),
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        resolve({
          requests: latencies.length,
          statuses,
          errors: result.errors + result.timeouts,
          latencyMs: latencySummary(latencies),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      latencies.push(responseTimeMs);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}
