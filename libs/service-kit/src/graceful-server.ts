import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lifecycle } from './lifecycle';

export interface ListenOptions {
  readonly port: number;
  readonly host: string;
  readonly keepAliveTimeoutMs: number;
}

export interface DrainOptions {
  readonly drainMs: number;
  readonly shutdownTimeoutMs: number;
}

export async function listen(handler: RequestListener, options: ListenOptions): Promise<Server> {
  const server = createServer(handler);
  server.keepAliveTimeout = options.keepAliveTimeoutMs;
  // Must exceed keepAliveTimeout, or Node may cut a socket that is about to carry a request.
  server.headersTimeout = options.keepAliveTimeoutMs + 1_000;
  server.listen(options.port, options.host);
  await once(server, 'listening');
  return server;
}

export function serverUrl(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${port}`;
}

/**
 * Stops a server so that no client sees a failure: readiness turns 503 and every answer closes
 * its connection during the drain, which moves keep-alive clients to new connections while we
 * still serve; only then does the listener stop. A bare `server.close()` would instead drop idle
 * keep-alive sockets that a client may have just written a request on.
 *
 * @returns true if every in-flight request finished before `shutdownTimeoutMs`.
 */
export async function drainAndClose(
  server: Server,
  lifecycle: Lifecycle,
  options: DrainOptions,
): Promise<boolean> {
  lifecycle.markDraining();
  if (options.drainMs > 0) await sleep(options.drainMs);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const deadline = new AbortController();
  const timedOut = sleep(options.shutdownTimeoutMs, true, { signal: deadline.signal }).catch(
    () => false,
  );
  const finishedInTime = await Promise.race([closed.then(() => true), timedOut.then(() => false)]);
  deadline.abort();
  if (!finishedInTime) {
    server.closeAllConnections();
    await closed;
  }
  lifecycle.markStopped();
  return finishedInTime;
}
