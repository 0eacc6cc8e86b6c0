/**
 * `npm run bench:compare`: two or more builds of the gateway under the same load, in turns, so
 * that a change is measured against its baseline in one run on the same machine. Each round
 * starts every bundle once (the order alternates from round to round), warms it up, drives it
 * with wrk and stops it; the table gives each round and the medians, and each bundle's medians
 * as a ratio to the first one's.
 *
 * Loads: `cache-off` (row 4: every request upstream), `cache-hit` (row 5), `fail-fast` (every
 * catalog instance down, the fail-fast row's settings), `fixed-rate` (row 4's requests at the
 * latency table's 1,000 req/s, from the constant-rate generator), `cart-view` (row 6: the priced
 * view of a 10-line cart, in front of real catalog and cart processes).
 *
 * @example
 * npm run bench:compare -- before=/tmp/old/apps/gateway/dist/main.js after=apps/gateway/dist/main.js
 * npm run bench:compare -- --load fail-fast --rounds 5 before=... after=...
 * npm run bench:compare -- base=apps/gateway/dist/main.js flag=apps/gateway/dist/main.js \
 *   --node-flags 'flag=--max-semi-space-size=4'   # the same bundle with one more Node flag
 * npm run bench:compare -- base=apps/gateway/dist/main.js env=apps/gateway/dist/main.js \
 *   --env 'env=MALLOC_MMAP_THRESHOLD_='   # ... or with an image ENV variable set otherwise, or unset
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureTools } from './install.mjs';
import { runConstantRate } from './load/constant-rate.mjs';
import { runWrk } from './load/wrk.mjs';
import { cpuMicros } from './measure/cpu-time.mjs';
import { refusedUrls } from './net.mjs';
import { FIXED_RATE, positiveInt } from './options.mjs';
import { stopAll, stopOnSignals } from './processes.mjs';
import { watchRss } from './rss.mjs';
import { cartProductIds } from './fixtures/seed-products.mjs';
import { API_PRODUCT_PATHS } from './rows.mjs';
import { checkCartView, createCart } from './scenarios/checks.mjs';
import { median, medianLatency } from './stats.mjs';
import { startGateway } from './systems/gateway.mjs';
import { startMinimalUpstreams } from './systems/minimal-upstreams.mjs';
import { startServices } from './systems/services.mjs';

const LOADS = {
  'cache-off': { upstreams: 'minimal', env: { CACHE_TTL_MS: '0' }, connections: 50 },
  'cache-hit': { upstreams: 'minimal', env: {}, connections: 50 },
  // Every answer should be a quick 503; wrk counts those as errors, so answers are counted by status.
  'fail-fast': { upstreams: 'closed', env: { CACHE_TTL_MS: '0' }, connections: 10, expect: 503 },
  // After the same wrk warm-up, so that the JIT has settled as in the bench's fixed-rate table.
  'fixed-rate': {
    upstreams: 'minimal',
    env: { CACHE_TTL_MS: '0' },
    connections: 50,
    rate: FIXED_RATE.rate,
  },
  'cart-view': { upstreams: 'services', env: {}, connections: 50 },
};

const log = (message) => process.stderr.write(`[compare] ${message}\n`);

function readOptions(argv = process.argv.slice(2)) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      load: { type: 'string', default: 'cache-off' },
      rounds: { type: 'string' },
      runs: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'node-flags': { type: 'string', multiple: true, default: [] },
      env: { type: 'string', multiple: true, default: [] },
    },
  });
  const load = LOADS[values.load];
  if (load === undefined) {
    throw new RangeError(`--load must be one of ${Object.keys(LOADS).join(', ')}`);
  }
  const bundles = positionals.map((arg) => {
    const match = /^([\w.-]+)=(.+)$/.exec(arg);
    if (match === null) throw new RangeError(`expected <label>=<bundle path>, got ${arg}`);
    const file = resolve(match[2]);
    if (!existsSync(file)) throw new Error(`${match[1]}: no bundle at ${file}`);
    return { label: match[1], file, nodeFlags: [], env: {} };
  });
  if (bundles.length < 2) throw new RangeError('give at least two <label>=<bundle path>');
  // After the image's flags, so a flag given here wins over the image's value of it.
  for (const arg of values['node-flags']) {
    const match = /^([\w.-]+)=(.+)$/.exec(arg);
    const bundle = bundles.find((b) => b.label === match?.[1]);
    if (match === null || bundle === undefined) {
      throw new RangeError(`--node-flags expects <label>=<flags> for a given bundle, got ${arg}`);
    }
    bundle.nodeFlags.push(...match[2].split(/\s+/).filter(Boolean));
  }
  // Over the image's ENV and the load's own variables; an empty value leaves the variable unset.
  for (const arg of values.env) {
    const match = /^([\w.-]+)=(\w+)=(.*)$/.exec(arg);
    const bundle = bundles.find((b) => b.label === match?.[1]);
    if (match === null || bundle === undefined) {
      throw new RangeError(`--env expects <label>=<NAME>=<value> for a given bundle, got ${arg}`);
    }
    bundle.env[match[2]] = match[3] === '' ? undefined : match[3];
  }
  return {
    loadName: values.load,
    load,
    bundles,
    rounds: positiveInt(values.rounds, 4, '--rounds'),
    runs: positiveInt(values.runs, 3, '--runs'),
    durationS: positiveInt(values.duration, 10, '--duration'),
    warmupS: positiveInt(values.warmup, 2, '--warmup'),
  };
}

/** What the bundles stand in front of, and the paths to load them with. */
async function startUpstreams(ctx, load) {
  const products = { paths: () => Promise.resolve(API_PRODUCT_PATHS) };
  if (load.upstreams === 'minimal') {
    const upstreams = await startMinimalUpstreams(ctx);
    return { ...products, catalog: upstreams.urls, stop: () => upstreams.stop() };
  }
  if (load.upstreams === 'services') {
    const services = await startServices(ctx);
    const productIds = cartProductIds();
    // Created once, through the first bundle; the cart service keeps it for every other one.
    let cartId;
    return {
      catalog: services.catalogUrls,
      cart: services.cartUrls,
      paths: async (gatewayUrl) => {
        cartId ??= await createCart(gatewayUrl, productIds);
        await checkCartView(gatewayUrl, cartId, productIds.length);
        return [`/api/carts/${cartId}`];
      },
      stop: () => services.stop(),
    };
  }
  return { ...products, catalog: await refusedUrls(), stop: () => Promise.resolve() };
}

/** One bundle, one round: start, warm up, `runs` wrk runs, stop. */
async function measureOnce(ctx, options, bundle, upstreams) {
  const app = await startGateway(ctx, {
    name: `gateway-${bundle.label}`,
    script: bundle.file,
    nodeFlags: bundle.nodeFlags,
    catalog: upstreams.catalog,
    // Undefined but for the cart view: then the gateway's cart list is its catalog's.
    cart: upstreams.cart,
    env: { ...options.load.env, ...bundle.env },
    // With every instance down the gateway is alive but, by design, not ready.
    readyPath: options.load.upstreams === 'closed' ? '/healthz' : undefined,
  });
  const [pid] = app.pids;
  const rss = watchRss(app.pids);
  try {
    const paths = await upstreams.paths(app.url);
    const wrk = { url: app.url, paths, connections: options.load.connections };
    await runWrk(ctx, { ...wrk, durationS: options.warmupS });
    const cpuBefore = cpuMicros(pid);
    const runs = [];
    const { expect } = options.load;
    for (let i = 0; i < options.runs; i += 1) {
      runs.push(
        options.load.rate === undefined
          ? await runWrk(ctx, { ...wrk, durationS: options.durationS, countStatuses: !!expect })
          : await runAtFixedRate(ctx, wrk, options.load.rate, options.durationS),
      );
    }
    const requests = runs.reduce((sum, r) => sum + (r.served ?? r.requests), 0);
    const errors = runs.reduce((sum, r) => sum + unexpectedAnswers(r, expect), 0);
    return {
      rps: median(runs.map((r) => r.rps)),
      latencyMs: medianLatency(runs),
      cpuUsPerRequest: (cpuMicros(pid) - cpuBefore) / requests,
      peakRssMb: rss.stop() / 2 ** 20,
      errors,
    };
  } finally {
    rss.stop();
    await app.stop();
  }
}

/** One constant-rate run, in wrk's result shape; `served` counts its settling second too. */
async function runAtFixedRate(ctx, wrk, rate, durationS) {
  // The load's own rate replaces the table's.
  const r = await runConstantRate(ctx, {
    ...FIXED_RATE,
    url: wrk.url,
    paths: wrk.paths,
    rate,
    durationS,
  });
  return {
    requests: r.requests,
    served: r.requests + Math.round(rate * FIXED_RATE.warmupS),
    rps: r.achievedRate,
    errors: r.errors + r.non2xx,
    latencyMs: r.latencyMs,
  };
}

/** Socket errors, timeouts and answers of another status than `expect` (any 2xx if unset). */
function unexpectedAnswers(run, expect) {
  if (!expect) return run.errors;
  // wrk's errors hold every answer of status 400 or more besides the socket errors.
  const failedAnswers = Object.entries(run.statuses)
    .filter(([status]) => Number(status) >= 400)
    .reduce((sum, [, n]) => sum + n, 0);
  return run.errors - failedAnswers + run.requests - (run.statuses[expect] ?? 0);
}

/** The table's measured columns: heading, value of a result, decimals. */
const COLUMNS = [
  ['req/s', (r) => r.rps, 0],
  ['p50 ms', (r) => r.latencyMs.p50, 2],
  ['p99 ms', (r) => r.latencyMs.p99, 2],
  ['CPU us/req', (r) => r.cpuUsPerRequest, 1],
  ['peak RSS MB', (r) => r.peakRssMb, 1],
];

function table(options, results) {
  const row = (cells) => `| ${cells.join(' | ')} |`;
  const line = (round, label, r) =>
    row([round, label, ...COLUMNS.map(([, value, digits]) => value(r).toFixed(digits)), r.errors]);
  const rows = [
    row(['round', 'bundle', ...COLUMNS.map(([heading]) => heading), 'errors']),
    row(['----:', '------', ...COLUMNS.map(() => '----:'), '-----:']),
    ...results.map(({ round, label, result }) => line(round + 1, label, result)),
  ];
  const medians = options.bundles.map(({ label }) => {
    const mine = results.filter((r) => r.label === label).map((r) => r.result);
    const of = (key) => median(mine.map((r) => r[key]));
    return {
      label,
      rps: of('rps'),
      latencyMs: medianLatency(mine),
      cpuUsPerRequest: of('cpuUsPerRequest'),
      peakRssMb: of('peakRssMb'),
      errors: mine.reduce((sum, r) => sum + r.errors, 0),
    };
  });
  rows.push(...medians.map((m) => line('median', m.label, m)));
  const [base, ...others] = medians;
  for (const m of others) {
    const ratios = COLUMNS.map(([, value]) => `${(value(m) / value(base)).toFixed(2)}x`);
    rows.push(row(['ratio', `${m.label} / ${base.label}`, ...ratios, '']));
  }
  return rows.join('\n');
}

async function main(ctx, options) {
  const upstreams = await startUpstreams(ctx, options.load);
  try {
    const results = [];
    for (let round = 0; round < options.rounds; round += 1) {
      // Alternate the order, so that drift on the machine favours no bundle.
      const order = round % 2 === 0 ? options.bundles : [...options.bundles].reverse();
      for (const bundle of order) {
        const result = await measureOnce(ctx, options, bundle, upstreams);
        log(`round ${round + 1} ${bundle.label}: ${Math.round(result.rps)} req/s`);
        results.push({ round, label: bundle.label, result });
      }
    }
    const load =
      options.load.rate === undefined
        ? `wrk -c${options.load.connections}`
        : `${options.load.rate} req/s at a constant rate (after ${FIXED_RATE.warmupS} s to settle, ` +
          `which the CPU per request counts)`;
    const heading =
      `Load ${options.loadName}: ${options.rounds} rounds, each bundle ${options.runs} x ` +
      `${options.durationS} s of ${load} after a ${options.warmupS} s wrk warm-up. Errors: ` +
      `socket errors, timeouts and answers other than ${options.load.expect ?? '2xx'}.`;
    process.stdout.write(`${heading}\n\n${table(options, results)}\n`);
  } finally {
    await upstreams.stop();
  }
}

let options;
try {
  options = readOptions();
} catch (error) {
  process.stderr.write(
    `${error.message}\nusage: npm run bench:compare -- [--load ${Object.keys(LOADS).join('|')}] [--rounds N] [--runs N] [--duration S] [--warmup S] [--node-flags <label>=<flags>]... [--env <label>=<NAME>=<value>]... <label>=<bundle> <label>=<bundle>...\n`,
  );
  process.exit(2);
}
const tmpDir = mkdtempSync(join(tmpdir(), 'cartwheel-compare-'));
const ctx = { tmpDir, tools: ensureTools(log), log };
const cleanUp = () => stopAll().finally(() => rmSync(tmpDir, { recursive: true, force: true }));
const stopping = stopOnSignals(cleanUp);
try {
  await main(ctx, options);
} catch (error) {
  // A stop asked for kills wrk mid-run; that failure is ours, not the run's.
  if (!stopping()) {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  }
} finally {
  await cleanUp();
}
