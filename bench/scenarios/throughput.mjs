/**
 * The throughput columns of a group of rows: each row is warmed up, then `runs` rounds give every
 * row one wrk run with the same settings, its upstream calls counted around that run.
 */
import { runWrk } from '../load/wrk.mjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, medianLatency } from '../stats.mjs';

/**
 * Requests in flight when wrk stops still reach the upstreams: read the count once it has stopped
 * moving (two equal reads 200 ms apart, at most 5 s), so they are not billed to the next run.
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
 * @param entries `{ row, system, paths }` per row, in the order of the table
 * @returns per entry `{ rps, rpsMin, rpsMax, latencyMs, callsPerRequest, errors, runs }`
 */
export async function measureThroughputInTurns(ctx, entries) {
  const { options } = ctx;
  const load = (entry, durationS) =>
    runWrk(ctx, {
      url: entry.system.url,
      paths: entry.paths,
      durationS,
      connections: options.connections,
      threads: options.threads,
    });
  for (const entry of entries) await load(entry, options.warmupS);
  const tallies = entries.map(() => ({ runs: [], calls: 0 }));
  for (let round = 1; round <= options.runs; round += 1) {
    for (const [i, entry] of entries.entries()) {
      const before = await settledCount(entry.row.countCalls);
      const run = await load(entry, options.durationS);
      tallies[i].calls += (await settledCount(entry.row.countCalls)) - before;
      tallies[i].runs.push(run);
      ctx.log(
        `  round ${round}/${options.runs}, row ${entry.row.id}: ${Math.round(run.rps)} req/s`,
      );
    }
  }
  return tallies.map(({ runs, calls }) => summarize(runs, calls));
}

function summarize(runs, calls) {
  const sent = runs.reduce((sum, r) => sum + r.sent, 0);
  const rpsValues = runs.map((r) => r.rps);
  return {
    rps: median(rpsValues),
    rpsMin: Math.min(...rpsValues),
    rpsMax: Math.max(...rpsValues),
    latencyMs: medianLatency(runs),
    callsPerRequest: sent === 0 ? Number.NaN : calls / sent,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    runs: runs.length,
  };
}
