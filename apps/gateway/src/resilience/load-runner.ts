/**
 * Load generator run as its own process by load.ts: jest's open-handle detection tracks every
 * async resource in the test process, which slows a request loop there about tenfold, so a load
 * measured in-process would measure jest rather than the gateway.
 *
 * Input: one JSON `LoadPlan` argument, and for a drain load the line `signal` on stdin. Output,
 * one JSON `RunnerMessage` a line: `started` as the loops begin, then the results or records.
 */
import { loopUntilRefused, send, type LoopRecord } from '@cartwheel/service-kit/testing';
import { Agent } from 'node:http';
import { createInterface } from 'node:readline';
import type { DrainLoad, FixedLoad, LoadPlan, LoadResult, RunnerMessage } from './load';

const epoch = (now: number) => performance.timeOrigin + now;
const print = (message: RunnerMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function fixed(plan: FixedLoad): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const results: LoadResult[] = [];
  const deadline = performance.now() + plan.durationMs;
  let issued = 0;
  const loop = async (): Promise<void> => {
    while (issued < plan.maxRequests && performance.now() < deadline) {
      const request = plan.requests[issued++ % plan.requests.length];
      if (request === undefined) return;
      const outcome = await send(agent, plan.port, request);
      const ms = performance.now() - outcome.sentAt;
      results.push([outcome.ok ? outcome.status : outcome.code, ms, epoch(outcome.sentAt)]);
    }
  };
  print({ started: epoch(performance.now()) });
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
  agent.destroy();
  print({ results });
}

/** Bodies of big answers (cart views) are dropped: the drain verdicts need statuses and headers. */
function slim(record: LoopRecord): LoopRecord {
  if (!record.outcome.ok || JSON.stringify(record.outcome.body).length <= 256) return record;
  return { ...record, outcome: { ...record.outcome, body: undefined } };
}

async function untilRefused(plan: DrainLoad): Promise<void> {
  let signalled = false;
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    if (line === 'signal') signalled = true;
  });
  const agent = new Agent({ keepAlive: true, maxSockets: plan.loops.length });
  const probeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const bounds = {
    port: plan.port,
    signalled: () => signalled,
    maxIterations: plan.maxIterations,
    deadline: performance.now() + plan.durationMs,
  };
  print({ started: epoch(performance.now()) });
  const records = await Promise.all([
    ...plan.loops.map((cycle) =>
      loopUntilRefused({ ...bounds, agent, next: (i) => cycle[i % cycle.length] ?? plan.probe }),
    ),
    loopUntilRefused({
      ...bounds,
      agent: probeAgent,
      pauseMs: plan.probePauseMs,
      next: () => plan.probe,
    }),
  ]);
  input.close();
  process.stdin.destroy();
  agent.destroy();
  probeAgent.destroy();
  print({ records: records.map((loop) => loop.map(slim)) });
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
(plan.kind === 'fixed' ? fixed(plan) : untilRefused(plan)).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
