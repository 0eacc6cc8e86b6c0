import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fault server does with the next request. */
export type FaultMode =
  | { readonly kind: 'ok' }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'reset' };

export interface FaultServer {
  readonly url: URL;
  readonly id: string;
  /** Requests that reached this server, by method and path. */
  readonly received: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
  /** Requests whose connection the caller closed before this server answered them. */
  readonly cutOff: number;
  mode: FaultMode;
  close(): Promise<void>;
}

/** How a fault server answers in `ok` mode (and, late, in `delay` mode). */
export type HealthyAnswer = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A real HTTP server on loopback whose behaviour a test switches at will: answer, fail with a
 * status, answer late, or reset the connection. Toxiproxy cannot be installed here; this covers
 * the faults the resilience layer distinguishes. A healthy answer is a small JSON echo unless
 * `healthy` says otherwise (a stand-in for a whole service, say).
 */
export async function startFaultServer(
  name = 'upstream',
  healthy?: HealthyAnswer,
): Promise<FaultServer> {
  const timers = new Set<NodeJS.Timeout>();
  const state: { mode: FaultMode } = { mode: { kind: 'ok' } };
  const received: FaultServer['received'] = [];
  let cutOff = 0;
  const server: Server = createServer((req, res) => {
    received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    req.resume();
    res.once('close', () => {
      if (!res.writableFinished) cutOff += 1;
    });
    const mode = state.mode;
    const answer = (status: number) =>
      res
        .writeHead(status, { 'content-type': 'application/json', etag: '"1"' })
        .end(JSON.stringify({ server: name, path: req.url, status }));
    const ok = () => (healthy ? healthy(req, res) : answer(200));
    switch (mode.kind) {
      case 'ok':
        return ok();
      case 'status':
        return answer(mode.status);
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) ok();
        }, mode.ms);
        timers.add(timer);
        return;
      }
      case 'reset':
        req.socket.destroy();
        return;
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = new URL(`http://127.0.0.1:${port}`);
  return {
    url,
    id: `http://127.0.0.1:${port}`,
    received,
    get cutOff() {
      return cutOff;
    },
    get mode() {
      return state.mode;
    },
    set mode(mode: FaultMode) {
      state.mode = mode;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
