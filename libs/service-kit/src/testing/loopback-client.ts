import { request, type Agent, type IncomingHttpHeaders } from 'node:http';

/**
 * What one request came to, as data, so a load test can classify every failure instead of
 * throwing on the first. `reusedSocket` tells a kept-alive connection from a fresh one: a
 * refused fresh connection after shutdown is expected, a reset on a reused one is a bug.
 */
export type HttpOutcome =
  | {
      readonly ok: true;
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      readonly body: unknown;
      readonly reusedSocket: boolean;
      readonly sentAt: number;
    }
  | {
      readonly ok: false;
      readonly code: string;
      readonly reusedSocket: boolean;
      readonly sentAt: number;
    };

export interface LoopbackRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  /** Sent as given, e.g. an `Idempotency-Key`; a body adds its JSON content type. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends one request to `http://127.0.0.1:<port>` through `agent` and never rejects. */
export function send(agent: Agent, port: number, req: LoopbackRequest): Promise<HttpOutcome> {
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const outgoing = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        headers: {
          ...(payload !== undefined && { 'content-type': 'application/json' }),
          ...req.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err: NodeJS.ErrnoException) =>
          resolve({
            ok: false,
            code: err.code ?? 'ERR',
            reusedSocket: outgoing.reusedSocket,
            sentAt,
          }),
        );
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          const json = /json/.test(res.headers['content-type'] ?? '') && text !== '';
          resolve({
            ok: true,
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: json ? (JSON.parse(text) as unknown) : text,
            reusedSocket: outgoing.reusedSocket,
            sentAt,
          });
        });
      },
    );
    outgoing.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ ok: false, code: err.code ?? 'ERR', reusedSocket: outgoing.reusedSocket, sentAt }),
    );
    outgoing.end(payload);
  });
}
