/**
 * One row of the main table: a warm-up, then `runs` wrk runs with the same settings, the
 * upstream calls counted around the measured runs. `rss` is the caller's watch of the system,
 * started before any load so that warm-up growth counts too.
 */
import { runWrk } from '../load/wrk.mjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { median } from '../stats.mjs';

/**
 * Requests in flight when wrk stops still reach the upstreams: read the count once it has stopped
 * moving (two equal reads 200 ms apart, at most 5 s), so they are not billed to the next runs.
 */
async function settledCount(countCalls) {
  const deadline = Date.now() + 5000;
  let last = await countCalls();
  for (;;) {
    await sleep(200);
    const now = await countCalls();
    if (now === last || Date.now() > deadline) return now;
    last = now;
  }
}

/**
 * @example
 * await measureThroughput(ctx, { system, paths, countCalls: () => upstreams.calls(), rss });
 * // { rps, rpsMin, rpsMax, latencyMs, callsPerRequest, peakRssBytes, errors, runs }
 */
export async function measureThroughput(ctx, { system, paths, countCalls, rss }) {
  const { options } = ctx;
  const load = (durationS) =>
    runWrk(ctx, {
      url: system.url,
      paths,
      durationS,
      connections: options.connections,
      threads: options.threads,
    });
  await load(options.warmupS);
  const before = await settledCount(countCalls);
  const runs = [];
  for (let i = 0; i < options.runs; i += 1) {
    const run = await load(options.durationS);
    ctx.log(`  run ${i + 1}/${options.runs}: ${Math.round(run.rps)} req/s`);
    runs.push(run);
  }
  const calls = (await settledCount(countCalls)) - before;
  const sent = runs.reduce((sum, r) => sum + r.sent, 0);
  const rpsValues = runs.map((r) => r.rps);
  const percentiles = Object.keys(runs[0].latencyMs);
  return {
    rps: median(rpsValues),
    rpsMin: Math.min(...rpsValues),
    rpsMax: Math.max(...rpsValues),
    latencyMs: Object.fromEntries(
      percentiles.map((p) => [p, median(runs.map((r) => r.latencyMs[p]))]),
    ),
    callsPerRequest: sent === 0 ? Number.NaN : calls / sent,
    peakRssBytes: rss.stop(),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    runs: runs.length,
  };
}
