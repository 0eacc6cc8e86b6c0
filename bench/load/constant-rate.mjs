/**
 * The latency-at-fixed-rate table's load: constant-rate-worker.mjs in its own process, so its
 * timers are not delayed by the bench's own work. autocannon's `overallRate` is not used here:
 * it gives each connection its quota at the start of every second, so "1,000 req/s" over 20
 * connections is a burst at full speed followed by silence, and its latency histogram has 1 ms
 * resolution; neither can show a 0.5 ms difference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from '../processes.mjs';

let runNumber = 0;

/**
 * @example
 * await runConstantRate(ctx, { url, paths, rate: 1000, durationS: 10, warmupS: 1, maxSockets: 20 });
 * // { achievedRate, requests, errors, non2xx, latencyMs: { p50, p90, p99, p999, max } }
 */
export async function runConstantRate(ctx, settings) {
  runNumber += 1;
  const logFile = join(ctx.tmpDir, `constant-rate-${runNumber}.log`);
  const handle = startProcess({
    name: 'constant-rate',
    command: process.execPath,
    args: ['bench/load/constant-rate-worker.mjs', JSON.stringify(settings)],
    logFile,
  });
  const { code, signal } = await handle.exited;
  const output = readFileSync(logFile, 'utf8');
  const line = output.split('\n').find((l) => l.startsWith('RATE_JSON '));
  if (code !== 0 || line === undefined) {
    throw new Error(`constant-rate load failed (${code ?? signal}):\n${output.slice(-1500)}`);
  }
  return JSON.parse(line.slice('RATE_JSON '.length));
}
