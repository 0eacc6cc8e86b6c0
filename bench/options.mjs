/**
 * Command-line options of `npm run bench`. `--quick` is the smoke check (one short run per row,
 * under 2 minutes); the default is the full run (3 runs of 10 s per row, under 15 minutes).
 *
 * @example npm run bench -- --quick
 * @example npm run bench -- --runs 5 --duration 8 --keep-tmp
 */
import { parseArgs } from 'node:util';

/**
 * The latency table's constant-rate generator: 1,000 req/s over at most 20 sockets, each run
 * settling for 1 s before it measures. `npm run bench:compare -- --load fixed-rate` uses it too.
 */
export const FIXED_RATE = Object.freeze({ rate: 1000, maxSockets: 20, warmupS: 1 });

export function readOptions(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      duration: { type: 'string' },
      'keep-tmp': { type: 'boolean', default: false },
    },
  });
  const quick = values.quick;
  const runs = positiveInt(values.runs, quick ? 1 : 3, '--runs');
  const durationS = positiveInt(values.duration, quick ? 3 : 10, '--duration');
  const warmupS = quick ? 1 : 2;
  return {
    quick,
    runs,
    durationS,
    warmupS,
    /** wrk settings, the same for every row. */
    connections: 50,
    threads: 1,
    /** The latency-at-fixed-rate table. */
    fixedRate: { ...FIXED_RATE, durationS: quick ? 3 : 10, runs },
    /**
     * The warm-up opens the breakers and lets the JIT settle on the 503 path, as every other
     * row's warm-up does for its path; one second left compilation inside the measured window,
     * so `--quick` keeps the full run's two (its fail-fast p99 read 4.5-6.8 ms with one).
     */
    failFast: { warmupS: 2, connections: 10, durationS: quick ? 2 : 5 },
    keepTmp: values['keep-tmp'],
  };
}

export function positiveInt(text, fallback, name) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number of at least 1, got ${text}`);
  }
  return value;
}
