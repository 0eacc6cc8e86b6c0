import type { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { send, type HttpOutcome, type LoopbackRequest } from './loopback-client';

export interface LoopRecord {
  readonly request: LoopbackRequest;
  readonly outcome: HttpOutcome;
  /** Whether SIGTERM had been sent when the request left the client. */
  readonly afterSignal: boolean;
  readonly doneAt: number;
}

export interface LoopOptions {
  readonly agent: Agent;
  readonly port: number;
  readonly next: (iteration: number) => LoopbackRequest;
  readonly signalled: () => boolean;
  /** Bounds the loop if the process never refuses: e.g. 20_000 iterations, 15 s. */
  readonly maxIterations: number;
  readonly deadline: number;
  readonly pauseMs?: number;
}

/**
 * How a request ended during a shutdown:
 * - `answered`: a response (its status is judged separately);
 * - `refused`: a fresh connection refused after SIGTERM, the one failure a graceful stop allows;
 * - `reset-at-close`: a fresh connection reset and the loop's very next connection refused, i.e.
 *   one still waiting in the kernel's accept queue (never seen by the process) when the listener
 *   closed; the kernel resets those, which a busy event loop makes likely under a reconnect storm;
 * - `failure`: anything else, e.g. a reset on a reused keep-alive socket or before the close.
 */
export type Verdict = 'answered' | 'refused' | 'reset-at-close' | 'failure';

const isRefusal = (r: LoopRecord): boolean =>
  !r.outcome.ok && r.outcome.code === 'ECONNREFUSED' && !r.outcome.reusedSocket && r.afterSignal;

/** Sends requests one after the other until a fresh connection is refused after SIGTERM. */
export async function loopUntilRefused(options: LoopOptions): Promise<LoopRecord[]> {
  const records: LoopRecord[] = [];
  for (let i = 0; i < options.maxIterations && performance.now() < options.deadline; i++) {
    const request = options.next(i);
    const afterSignal = options.signalled();
    const outcome = await send(options.agent, options.port, request);
    const record = { request, outcome, afterSignal, doneAt: performance.now() };
    records.push(record);
    if (isRefusal(record)) break;
    if (options.pauseMs !== undefined) await sleep(options.pauseMs);
  }
  return records;
}

/** Classifies one loop's records, in order. */
export function classify(records: readonly LoopRecord[]): Verdict[] {
  return records.map((record, i) => {
    const { outcome } = record;
    if (outcome.ok) return 'answered';
    if (isRefusal(record)) return 'refused';
    const next = records[i + 1];
    const resetAtClose =
      outcome.code === 'ECONNRESET' &&
      !outcome.reusedSocket &&
      record.afterSignal &&
      next !== undefined &&
      isRefusal(next);
    return resetAtClose ? 'reset-at-close' : 'failure';
  });
}
