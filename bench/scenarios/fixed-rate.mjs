/** One row of the latency-at-fixed-rate table (rows 1, 2 and 4 at 1,000 req/s). */
import { runConstantRate } from '../load/constant-rate.mjs';

export async function measureFixedRate(ctx, { system, paths }) {
  const { rate, maxSockets, durationS, warmupS } = ctx.options.fixedRate;
  const result = await runConstantRate(ctx, {
    url: system.url,
    paths,
    rate,
    maxSockets,
    durationS,
    warmupS,
  });
  ctx.log(
    `  ${rate} req/s: p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms`,
  );
  return { rate, ...result };
}
