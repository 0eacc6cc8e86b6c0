/**
 * An open-loop load generator at a constant rate, run as its own process. Requests are released
 * every millisecond at the rate's pace (not in bursts), over up to `maxSockets` keep-alive
 * connections; a request that finds every connection busy waits in the agent's queue, and that
 * wait counts in its latency (no coordinated omission). Prints one JSON line.
 *
 * @example node bench/load/constant-rate-worker.mjs '{"url":"http://127.0.0.1:4100","paths":["/products/a"],"rate":1000,"durationS":3,"warmupS":1,"maxSockets":20}'
 */
import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { latencySummary } from '../stats.mjs';

const { url, paths, rate, durationS, warmupS, maxSockets } = JSON.parse(process.argv[2]);
const { hostname, port } = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets });
const total = Math.round(rate * (warmupS + durationS));
const firstMeasured = Math.round(rate * warmupS);
const latencies = [];
let sent = 0;
let done = 0;
let errors = 0;
let non2xx = 0;
let measureStart = 0;
/** A system that stops answering must not hold the bench: give up 10 s after the last send. */
const deadline = setTimeout(report, (warmupS + durationS + 10) * 1000);

function finish() {
  done += 1;
  if (done === total) report();
}

function report() {
  clearTimeout(deadline);
  const seconds = (performance.now() - measureStart) / 1000;
  const result = {
    requests: latencies.length,
    achievedRate: latencies.length / seconds,
    // Requests never answered before the deadline count as errors.
    errors: errors + (total - done),
    non2xx,
    latencyMs: latencySummary(latencies),
  };
  agent.destroy();
  process.stdout.write(`RATE_JSON ${JSON.stringify(result)}\n`, () => process.exit(0));
}

function send(index) {
  const measured = index >= firstMeasured;
  if (index === firstMeasured) measureStart = performance.now();
  const t0 = performance.now();
  const req = get({ agent, hostname, port, path: paths[index % paths.length] }, (res) => {
    res.resume();
    res.once('end', () => {
      if (measured) latencies.push(performance.now() - t0);
      if (res.statusCode < 200 || res.statusCode > 299) non2xx += 1;
      finish();
    });
  });
  req.once('error', () => {
    errors += 1;
    finish();
  });
}

const start = performance.now();
function tick() {
  const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
  while (sent < due) send(sent++);
  if (sent < total) setTimeout(tick, 1);
}
tick();
