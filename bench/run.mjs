/**
 * `npm run bench`: Cartwheel's gateway side by side with HAProxy and nginx (issue 5).
 * Starts the systems under test on loopback, drives each with the same load in turns, stops
 * everything it started (also on Ctrl-C and on errors) and writes bench/results/<date>.md.
 *
 * @example npm run build && npm run bench -- --quick
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTools } from './install.mjs';
import { describeMachine } from './machine.mjs';
import { readOptions } from './options.mjs';
import { stopAll, stopOnSignals } from './processes.mjs';
import { judgeGoals } from './report/goals.mjs';
import { writeReport } from './report/write.mjs';
import { API_PRODUCT_PATHS, cartRows, proxyRows } from './rows.mjs';
import { measureFailFast } from './scenarios/fail-fast.mjs';
import { runRowsInTurns } from './scenarios/row.mjs';
import { startMinimalUpstreams } from './systems/minimal-upstreams.mjs';
import { startServices } from './systems/services.mjs';

const BUNDLES = ['catalog', 'cart', 'gateway'].map((app) => `apps/${app}/dist/main.js`);
const log = (message) => process.stderr.write(`[bench] ${message}\n`);

const options = readOptions();
const tmpDir = mkdtempSync(join(tmpdir(), 'cartwheel-bench-'));

async function cleanUp() {
  await stopAll();
  if (!options.keepTmp) rmSync(tmpDir, { recursive: true, force: true });
}

const stopping = stopOnSignals(cleanUp, (signal) =>
  log(`${signal}: stopping every process the bench started`),
);

async function main() {
  const started = Date.now();
  const missing = BUNDLES.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run npm run build first`);
  const loadAverage = loadavg()[0];
  const tools = ensureTools(log);
  const ctx = { tmpDir, tools, options, log };
  const rows = [];
  const fixedRate = [];
  const record = (results) => {
    for (const { row, fixed } of results) {
      rows.push(row);
      if (fixed !== null) fixedRate.push({ id: row.id, name: row.name, ...fixed });
    }
  };

  const upstreams = await startMinimalUpstreams(ctx);
  record(await runRowsInTurns(ctx, proxyRows(ctx, upstreams)));
  await upstreams.stop();

  log('fail fast: gateway with every catalog instance down');
  const failFast = await measureFailFast(ctx, { paths: API_PRODUCT_PATHS });

  const services = await startServices(ctx);
  record(await runRowsInTurns(ctx, cartRows(ctx, services)));
  await services.stop();

  const gatewayPeakRssBytes = Math.max(
    failFast.peakRssBytes,
    ...rows.filter((r) => r.gateway).map((r) => r.peakRssBytes),
  );
  const results = {
    date: new Date().toLocaleDateString('en-CA'),
    options,
    machine: { ...describeMachine(tools), loadAverage },
    rows,
    fixedRate,
    failFast,
    elapsedS: (Date.now() - started) / 1000,
  };
  results.goals = judgeGoals({ ...results, gatewayPeakRssBytes });
  const { markdown, file } = writeReport(results);
  process.stdout.write(markdown);
  log(`report written to ${file}`);
}

try {
  await main();
  await cleanUp();
} catch (error) {
  if (!stopping()) {
    process.stderr.write(`${error.stack ?? error}\n`);
    await cleanUp();
    process.exitCode = 1;
  }
}
