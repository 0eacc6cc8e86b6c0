import type { HttpClient } from './http-client';

/** One request of a load: its status, or the connection error's code. */
export interface LoadRecord {
  readonly path: string;
  readonly status: number | string;
  readonly sentAt: number;
}

export interface LoadOptions {
  readonly client: HttpClient;
  /** Loops, each sending one GET after another. */
  readonly concurrency: number;
  /** Taken in turn, round and round. */
  readonly paths: readonly string[];
  /** Stops after this many requests in all, if `signal` has not stopped it before. */
  readonly maxRequests?: number;
  readonly signal?: AbortSignal;
}

/**
 * Steady GET load, e.g. `runLoad({ client, concurrency: 8, paths, signal })`; resolves with every
 * request once all loops have stopped.
 */
export async function runLoad(options: LoadOptions): Promise<LoadRecord[]> {
  const records: LoadRecord[] = [];
  const max = options.maxRequests ?? Number.POSITIVE_INFINITY;
  let next = 0;
  const loop = async () => {
    while (next < max && options.signal?.aborted !== true) {
      const path = options.paths[next++ % options.paths.length] ?? '/';
      const sentAt = performance.now();
      const outcome = await options.client.send('GET', path);
      records.push({ path, status: outcome.ok ? outcome.status : outcome.code, sentAt });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  return records;
}

/** Share of records answered 200, and the others' statuses for the failure message. */
export function successRate(records: readonly LoadRecord[]): { rate: number; failed: string[] } {
  const failed = records.filter((r) => r.status !== 200).map((r) => `${r.path}: ${r.status}`);
  return { rate: (records.length - failed.length) / records.length, failed };
}
