/** The Markdown report: machine, main table, fixed-rate table, fail-fast row, goals, method. */
import { calls, int, mb, ms, ratio } from './format.mjs';

export function markdownReport(results) {
  const { date, options, machine, rows, fixedRate, failFast, goals, chartFile } = results;
  const row1 = rows.find((r) => r.id === 1);
  const row2 = rows.find((r) => r.id === 2);
  const mode = options.quick ? 'quick (smoke check: 1 short run per row, indicative only)' : 'full';
  const lines = [
    `# Cartwheel benchmark, ${date}`,
    '',
    `Mode: ${mode}. Finished in ${Math.round(results.elapsedS)} s.`,
    '',
    `Machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGb.toFixed(1)} GB, ` +
      `Linux ${machine.kernel}; Node.js ${machine.node}, HAProxy ${machine.haproxy}, ` +
      `nginx ${machine.nginx}, wrk ${machine.wrk}. Load generator, systems under test and ` +
      `upstreams share these CPUs; load average when the bench started: ${machine.loadAverage.toFixed(2)}.`,
    '',
    `## Throughput (wrk -t${options.threads} -c${options.connections} -d${options.durationS}s, ` +
      `median of ${options.runs} run${options.runs === 1 ? '' : 's'})`,
    '',
    '| # | system under test | req/s (median) | spread (min-max) | p50 ms | p99 ms | upstream calls/req | peak RSS MB | vs row 1 | vs row 2 | errors |',
    '| - | ----------------- | -------------: | ---------------- | -----: | -----: | -----------------: | ----------: | -------: | -------: | -----: |',
    ...rows.map(
      (r) =>
        `| ${r.id} | ${r.name} | ${int(r.rps)} | ${int(r.rpsMin)}-${int(r.rpsMax)} | ` +
        `${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p99)} | ${calls(r.callsPerRequest)} | ` +
        `${mb(r.peakRssBytes)} | ${ratio(r.rps / row1.rps)} | ${ratio(r.rps / row2.rps)} | ${int(r.errors)} |`,
    ),
    '',
    `![Latency distributions](./${chartFile})`,
    '',
    `## Latency at a fixed rate (${int(options.fixedRate.rate)} req/s, constant, ` +
      `up to ${options.fixedRate.maxSockets} connections, ${options.fixedRate.durationS} s, ` +
      `median of ${options.fixedRate.runs} run${options.fixedRate.runs === 1 ? '' : 's'})`,
    '',
    '| # | system under test | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | p50 over row 1 | p99 over row 1 | errors |',
    '| - | ----------------- | -------------: | -----: | -----: | -----: | -------: | -------------: | -------------: | -----: |',
    ...fixedRate.map((r) => {
      const base = fixedRate.find((b) => b.id === 1);
      return (
        `| ${r.id} | ${r.name} | ${int(r.achievedRate)} | ${ms(r.latencyMs.p50)} | ` +
        `${ms(r.latencyMs.p90)} | ${ms(r.latencyMs.p99)} | ${ms(r.latencyMs.p999)} | ` +
        `${ms(r.latencyMs.p50 - base.latencyMs.p50)} | ${ms(r.latencyMs.p99 - base.latencyMs.p99)} | ` +
        `${int(r.errors + r.non2xx)} |`
      );
    }),
    '',
    '## Open breakers fail fast',
    '',
    `Gateway with every catalog instance down (closed ports), cache off; warmed up with wrk ` +
      `for ${failFast.warmupS} s, then wrk -t1 -c${failFast.connections} for ` +
      `${failFast.durationS} s.`,
    '',
    '| requests | answers | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |',
    '| -------: | ------- | -----: | -----: | -----: | -------: | -----: |',
    `| ${int(failFast.requests)} | ${statuses(failFast.statuses)} | ${ms(failFast.latencyMs.p50)} | ` +
      `${ms(failFast.latencyMs.p90)} | ${ms(failFast.latencyMs.p99)} | ` +
      `${ms(failFast.latencyMs.p999)} | ${ms(failFast.latencyMs.max)} |`,
    '',
    '## Goals (issue 5)',
    '',
    'The last two columns are the reference rows, held to the same target where the goal ' +
      'applies to them: row L, a Node.js proxy with no features (what Node.js alone reaches on ' +
      'this machine in this run), and row E, Express 5 + axios over undici with no features ' +
      '(what the gateway\u2019s framework and client API alone reach).',
    '',
    '| goal | target | measured | status | margin | row L (no features) | row E (no features) |',
    '| ---- | ------ | -------- | ------ | ------ | ------------------- | ------------------- |',
    ...goals.map(
      (g) =>
        `| ${g.goal} | ${g.target} | ${g.measured} | ${g.met ? 'MET' : 'NOT MET'} | ${g.margin} | ` +
        `${g.lean ?? '-'} | ${g.stack ?? '-'} |`,
    ),
    '',
    ...methodNotes(options),
  ];
  return `${lines.join('\n')}\n`;
}

function statuses(counts) {
  return Object.entries(counts)
    .map(([status, count]) => `${int(count)} x ${status}`)
    .join(', ');
}

function methodNotes(options) {
  return [
    '## Method',
    '',
    `- Every row gets the same wrk settings (one thread, ${options.connections} keep-alive ` +
      `connections, a Lua script cycling through the request paths), after a ` +
      `${options.warmupS} s warm-up; all traffic is on 127.0.0.1.`,
    '- Rows are measured in turns. The systems of a group (rows 1-5, L and E; rows 6-7) are all ' +
      'started first and stay up, idle but for their own timers while another row is loaded; ' +
      'each round then gives every row of the group one run, and the medians are over rounds. ' +
      'A busy spell on the shared machine so lands on every row of a round, not on one row alone.',
    '- Rows 1-5, L and E proxy to two minimal node:http upstreams ' +
      '(bench/upstream/minimal-upstream.mjs) serving the seeded catalog from memory; rows 1-3, ' +
      'L and E request `GET /products/:id`, rows 4-5 `GET /api/products/:id`, cycling through ' +
      'the 80 seeded ids.',
    '- Row L (bench/lean-node-proxy.mjs) is a reference, not a goal: node:http in front of one ' +
      'undici Pool per upstream, round robin, the body passed through unparsed, nothing else. ' +
      'Row 4 against it is what the gateway\u2019s features cost over the best Node.js transport.',
    '- Row E (bench/express-axios-proxy.mjs) is a reference too: Express 5 routing ' +
      '`GET /products/:id` to axios (built as the gateway builds its client) over one undici ' +
      'Pool per upstream, round robin, the body passed through unparsed, nothing else. Row E ' +
      'against row L is what Express 5 and axios cost; row 4 against row E is what the ' +
      'gateway\u2019s features (breaker, retries, checks, validation, logs, metrics, security ' +
      'headers) cost on top.',
    '- HAProxy (`nbthread 1`) and nginx (`worker_processes 1`) each run one worker, as the ' +
      'gateway is one Node.js process; both keep connections to the upstreams alive.',
    '- Rows 4-5: the built gateway with its defaults (LOG_LEVEL=info, request log written to a ' +
      'file), row 4 with CACHE_TTL_MS=0. Rows 6-7 run against real catalog x2 + cart x1 ' +
      '(LOG_LEVEL=warn, temp data folders) with a 10-line cart; row 6 is the gateway with its ' +
      'defaults, row 7 bench/naive-cart-view.mjs (Express 5 + axios, one request per product).',
    '- Upstream calls per request are counted at the upstreams: the minimal upstreams count ' +
      'product requests; the services\u2019 `http_server_request_duration_seconds_count` is ' +
      'read before and after each measured run (health checks and scrapes excluded).',
    '- Peak RSS: /proc/<pid>/status polled every 100 ms from the system\u2019s start to its ' +
      'stop (VmHWM for one process; the sum of VmRSS over the process tree for nginx and ' +
      'HAProxy). Row 1 is the upstream, which serves every row of its group.',
    '- The fixed-rate table uses an open-loop generator (bench/load/constant-rate-worker.mjs) ' +
      'that releases requests every millisecond at the set rate; autocannon\u2019s `overallRate` ' +
      'releases each connection\u2019s quota in a burst at the start of every second and keeps ' +
      'whole milliseconds only, too coarse for a 0.5 ms goal.',
    '- Errors count socket errors, timeouts and non-2xx answers.',
    '',
  ];
}
