/**
 * Throughput runs with wrk: `-t1 -c50 -d<s> --latency`, the request paths cycled by a Lua
 * script, whose `done` hook prints the counts and the latency distribution as one JSON line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from '../processes.mjs';

let runNumber = 0;

export function wrkScript(paths, { countStatuses = false } = {}) {
  // \`sent\` lives in each thread's Lua state; \`done\` runs in the main one and reads it through
  // the thread handles that \`setup\` kept. Requests still in flight when wrk stops were sent
  // (and reached the upstreams) but never completed, so upstream calls are divided by \`sent\`.
  // Counting answers by status runs Lua per response, so only the rows that need it pay for it.
  const counting = countStatuses
    ? `response = function(status)
  statuses[status] = (statuses[status] or 0) + 1
end`
    : '';
  return `local paths = { ${paths.map((p) => JSON.stringify(p)).join(', ')} }
local count = #paths
local i = 0
local threads = {}
sent = 0
statuses = {}
${counting}
setup = function(thread)
  table.insert(threads, thread)
end
request = function()
  i = i % count + 1
  sent = sent + 1
  return wrk.format(nil, paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  local total = 0
  local byStatus = {}
  for _, thread in ipairs(threads) do
    total = total + thread:get("sent")
    for status, n in pairs(thread:get("statuses")) do
      table.insert(byStatus, string.format('"%d":%d', status, n))
    end
  end
  io.write(string.format(
    'WRK_JSON {"statuses":{%s},"requests":%d,"sent":%d,"durationUs":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"p50":%.1f,"p90":%.1f,"p99":%.1f,"p999":%.1f,"max":%.1f}}\\n',
    table.concat(byStatus, ","), summary.requests, total, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
end
`;
}

/**
 * @example
 * const r = await runWrk(ctx, { url: 'http://127.0.0.1:4100', paths: ['/products/a'], durationS: 10 });
 * // { rps: 21034, latencyMs: { p50, p90, p99, p999, max }, requests, sent, errors, statuses }
 * // statuses ({ 503: 41234 }) is filled only with countStatuses: true
 */
export async function runWrk(
  ctx,
  { url, paths, durationS, connections = 50, threads = 1, countStatuses = false },
) {
  runNumber += 1;
  const script = join(ctx.tmpDir, `wrk-${runNumber}.lua`);
  const logFile = join(ctx.tmpDir, `wrk-${runNumber}.log`);
  writeFileSync(script, wrkScript(paths, { countStatuses }));
  const args = [`-t${threads}`, `-c${connections}`, `-d${durationS}s`, '--latency'];
  const handle = startProcess({
    name: 'wrk',
    command: ctx.tools.wrk,
    args: [...args, '--timeout', '5s', '-s', script, url],
    logFile,
  });
  const { code, signal, error } = await handle.exited;
  const output = readFileSync(logFile, 'utf8');
  const line = output.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (code !== 0 || line === undefined) {
    throw new Error(`wrk failed (${error?.message ?? code ?? signal}):\n${output.slice(-1500)}`);
  }
  const raw = JSON.parse(line.slice('WRK_JSON '.length));
  const toMs = (us) => us / 1000;
  const errors = Object.values(raw.errors).reduce((a, b) => a + b, 0);
  return {
    requests: raw.requests,
    sent: raw.sent,
    rps: raw.requests / (raw.durationUs / 1e6),
    errors,
    statuses: raw.statuses,
    latencyMs: Object.fromEntries(Object.entries(raw.latencyUs).map(([k, v]) => [k, toMs(v)])),
  };
}
