import type { LoopRecord, LoopbackRequest } from '@cartwheel/service-kit/testing';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const WORKSPACE = resolve(__dirname, '../../../..');
const RUNNER = 'apps/gateway/src/resilience/load-runner.ts';

/** Loops sending one request after another on one keep-alive agent, for a count or a time. */
export interface FixedLoad {
  readonly kind: 'fixed';
  readonly port: number;
  readonly concurrency: number;
  /** Bounds: the load stops at whichever comes first. */
  readonly maxRequests: number;
  readonly durationMs: number;
  /** Sent in turn, round and round. */
  readonly requests: readonly LoopbackRequest[];
}

/**
 * drain-load.ts's `loopUntilRefused` loops, one per request cycle, plus a readiness probe loop
 * on its own connection; `signal()` tells them the server is being stopped.
 */
export interface DrainLoad {
  readonly kind: 'until-refused';
  readonly port: number;
  readonly loops: ReadonlyArray<readonly LoopbackRequest[]>;
  readonly probe: LoopbackRequest;
  readonly probePauseMs: number;
  readonly maxIterations: number;
  readonly durationMs: number;
}

export type LoadPlan = FixedLoad | DrainLoad;

/** One request's outcome: its status or connection error code, latency, and send time (epoch ms). */
export type LoadResult = readonly [status: number | string, ms: number, sentAt: number];

/** What the runner prints, one JSON object a line. */
export type RunnerMessage =
  | { readonly started: number }
  | { readonly results: LoadResult[] }
  | { readonly records: LoopRecord[][] };

/** Every load runner can be stopped early, e.g. by a cleanup after a failed test. */
export interface Stoppable {
  /** Kills the runner if it still runs and waits for it to end; never rejects. */
  stop(): Promise<void>;
}

interface Runner extends Stoppable {
  /** Epoch ms at which the loops began. */
  readonly started: Promise<number>;
  readonly finished: Promise<RunnerMessage>;
  tell(line: string): void;
}

/**
 * Runs a load plan in a separate process (see load-runner.ts for why), and always waits for that
 * process to end, so no handle outlives the test.
 */
function run(plan: LoadPlan): Runner {
  const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, JSON.stringify(plan)], {
    cwd: WORKSPACE,
    env: {},
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // 'close', not 'exit': stdout may still hold the results when the process exits.
  const closed = once(child, 'close');
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let markStarted: (at: number) => void = () => undefined;
  const started = new Promise<number>((resolveStarted) => (markStarted = resolveStarted));
  let final: RunnerMessage | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as RunnerMessage;
    if ('started' in message) markStarted(message.started);
    else final = message;
  });
  const finished = closed.then(([code]) => {
    child.stdin.destroy();
    if (final === undefined) throw new Error(`load runner exited with ${code}: ${stderr}`);
    return final;
  });
  // A runner that dies before starting must not leave `started` waiting forever.
  finished.catch(() => markStarted(Number.NaN));
  return {
    started,
    finished,
    tell: (line) => child.stdin.write(`${line}\n`),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await finished.catch(() => undefined);
    },
  };
}

export interface RunningLoad extends Stoppable {
  readonly started: Promise<number>;
  readonly results: Promise<LoadResult[]>;
}

export function startLoad(plan: Omit<FixedLoad, 'kind'>): RunningLoad {
  const runner = run({ kind: 'fixed', ...plan });
  const results = runner.finished.then((m) => ('results' in m ? m.results : []));
  return { started: runner.started, results, stop: runner.stop };
}

export interface RunningDrainLoad extends Stoppable {
  readonly started: Promise<number>;
  /** Call just before signalling the server: requests sent from then on count as after it. */
  signal(): void;
  /** One record list per loop, the probe loop's last. */
  readonly records: Promise<LoopRecord[][]>;
}

export function startDrainLoad(plan: Omit<DrainLoad, 'kind'>): RunningDrainLoad {
  const runner = run({ kind: 'until-refused', ...plan });
  const records = runner.finished.then((m) => ('records' in m ? m.records : []));
  return {
    started: runner.started,
    signal: () => runner.tell('signal'),
    records,
    stop: runner.stop,
  };
}
