import { lookup as dnsLookup, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';

type LookupCallback = Parameters<LookupFunction>[2];

/** Calls that ask the same question get the same answer; anything else is another question. */
function questionOf(hostname: string, options: LookupOptions): string {
  const order = options.order ?? options.verbatim ?? '';
  return `${hostname} ${options.family ?? 0} ${options.hints ?? 0} ${options.all === true} ${order}`;
}

/**
 * A socket `lookup` under which every connection waiting for the same name shares one call of
 * `lookup` (default `dns.lookup`). Nothing is cached: the next call after an answer asks again.
 *
 * Why: `dns.lookup` runs getaddrinfo on libuv's thread pool (4 threads), which the log's writes
 * share, and it cannot be cancelled. While a resolver drops queries (podman's aardvark-dns does
 * as it reloads, for 25-55 s at times), each lookup holds a thread for the resolver's timeout,
 * 5 or 10 s; a failing instance's probes and retries each open a connection, so a few of them
 * held every thread. Shared, one name holds at most one thread.
 *
 * @example new Pool(origin, { connect: { lookup: coalescedLookup() } })
 */
export function coalescedLookup(lookup: LookupFunction = dnsLookup): LookupFunction {
  const waiting = new Map<string, LookupCallback[]>();
  return (hostname, options, callback) => {
    const question = questionOf(hostname, options);
    const callbacks = waiting.get(question);
    if (callbacks !== undefined) {
      callbacks.push(callback);
      return;
    }
    const asked = [callback];
    waiting.set(question, asked);
    lookup(hostname, options, (error, address, family) => {
      waiting.delete(question);
      for (const answer of asked) answer(error, address, family);
    });
  };
}
