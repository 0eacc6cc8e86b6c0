/**
 * The latency-at-fixed-rate table (rows 1, 2, L and 4 at 1,000 req/s), measured in turns as the
 * throughput is: each round gives every row one run; each percentile is the median over rounds.
 */
import { runConstantRate } from '../load/constant-rate.mjs';
import { median, medianLatency } from '../stats.mjs';

/**
 * @param entries `{ row, system, paths }` of the rows in the table
 * @returns a Map from entry to `{ rate, achievedRate, requests, errors, non2xx, latencyMs, runs }`
 */
export async function measureFixedRateInTurns(ctx, entries) {
  const { rate, maxSockets, durationS, warmupS, runs } = ctx.options.fixedRate;
  const results = new Map(entries.map((entry) => [entry, []]));
  for (let round = 1; round <= runs; round += 1) {
    for (const entry of entries) {
      const result = await runConstantRate(ctx, {
        url: entry.system.url,
        paths: entry.paths,
        rate,
        maxSockets,
        durationS,
        warmupS,
      });
      results.get(entry).push(result);
      ctx.log(
        `  ${rate} req/s, round ${round}/${runs}, row ${entry.row.id}: ` +
          `p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms`,
      );
    }
  }
  return new Map([...results].map(([entry, rounds]) => [entry, { rate, ...combine(rounds) }]));
}

function combine(rounds) {
  const sum = (key) => rounds.reduce((total, r) => total + r[key], 0);
  return {
    achievedRate: median(rounds.map((r) => r.achievedRate)),
    requests: sum('requests'),
    errors: sum('errors'),
    non2xx: sum('non2xx'),
    latencyMs: medianLatency(rounds),
    runs: rounds.length,
  };
}
