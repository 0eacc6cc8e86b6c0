import { once } from 'node:events';
import {
  Agent,
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with each request it receives from now on:
 * - `pass`: forward it and relay the answer;
 * - `delay`: wait `ms`, then forward it (a slow instance; the client may give up first);
 * - `status`: answer `status` (e.g. 503) itself, forwarding nothing;
 * - `reset`: destroy the client's connection, forwarding nothing;
 * - `reset-after-upstream`: forward it, let the upstream answer in full, then destroy the
 *   client's connection instead of relaying: the upstream did the work, the client never hears.
 */
export type ProxyMode =
  | { readonly kind: 'pass' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'reset-after-upstream' };

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  /** The upstream base the proxy forwards to, e.g. `http://127.0.0.1:3011`. */
  readonly target: string;
  mode: ProxyMode;
  /**
   * Requests received (whatever the mode did with them) for `method` and a path without its
   * query string, or every path matching a pattern, e.g. `count('GET', /^\/products\//)`.
   */
  count(method: string, path: string | RegExp): number;
  /** Every `METHOD /path` received so far with its count. */
  counts(): ReadonlyMap<string, number>;
  resetCounts(): void;
  close(): Promise<void>;
}

/** Connection-scoped headers (RFC 9110 7.6.1) are the proxy's own business on each side. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/**
 * A small HTTP reverse proxy on 127.0.0.1 in front of one real upstream, with a fault mode a test
 * switches at will and a count of what it received. Toxiproxy cannot be installed here; this
 * covers the faults the gateway tells apart (slow, 5xx, reset before or after the upstream ran).
 *
 * @example
 * const proxy = await startFaultProxy(catalog.url);
 * proxy.mode = { kind: 'status', status: 503 };
 * // ...requests through the gateway...
 * expect(proxy.count('GET', /^\/products\//)).toBeLessThanOrEqual(5);
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const timers = new Set<NodeJS.Timeout>();
  const received = new Map<string, number>();
  const state: { mode: ProxyMode } = { mode: { kind: 'pass' } };

  const forward = (req: IncomingMessage, res: ServerResponse, relay: boolean): void => {
    const outgoing = request(
      {
        agent,
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...endToEnd(req.headers), host: upstream.host },
      },
      (answer) => {
        if (!relay) {
          answer.resume();
          answer.once('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(res);
      },
    );
    // An unreachable upstream looks like one to the client too: its connection just fails.
    outgoing.once('error', () => req.socket.destroy());
    // The client gave up (e.g. its attempt timed out): so does the upstream request.
    res.once('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    req.pipe(outgoing);
  };

  const server = createServer((req, res) => {
    const key = `${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`;
    received.set(key, (received.get(key) ?? 0) + 1);
    const mode = state.mode;
    switch (mode.kind) {
      case 'pass':
        return forward(req, res, true);
      case 'reset-after-upstream':
        return forward(req, res, false);
      case 'reset':
        req.socket.destroy();
        return;
      case 'status':
        req.resume();
        res
          .writeHead(mode.status, { 'content-type': 'application/problem+json' })
          .end(JSON.stringify({ title: 'injected fault', status: mode.status }));
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) forward(req, res, true);
        }, mode.ms);
        timers.add(timer);
        res.once('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    target: upstream.origin,
    get mode() {
      return state.mode;
    },
    set mode(mode: ProxyMode) {
      state.mode = mode;
    },
    count: (method, path) => {
      let total = 0;
      for (const [key, n] of received) {
        const [m = '', p = ''] = key.split(' ');
        if (m === method && (typeof path === 'string' ? p === path : path.test(p))) total += n;
      }
      return total;
    },
    counts: () => new Map(received),
    resetCounts: () => received.clear(),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      agent.destroy();
    },
  };
}
