import { Agent, request, type IncomingHttpHeaders } from 'node:http';

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** One request's end as data, so a load can count failures instead of throwing on the first. */
export type Outcome =
  ({ readonly ok: true } & Answer) | { readonly ok: false; readonly code: string };

export interface SendOptions {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Keep-alive HTTP to one published port, e.g. `new HttpClient('localhost', 32771)`. `close()`
 * destroys its sockets, so no handle outlives a spec.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    readonly host: string,
    readonly port: number,
    maxSockets = 16,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** Never rejects: a connection error is `{ ok: false, code }`. */
  send(method: string, path: string, options: SendOptions = {}): Promise<Outcome> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve) => {
      const fail = (err: NodeJS.ErrnoException) => resolve({ ok: false, code: err.code ?? 'ERR' });
      const outgoing = request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          method,
          path,
          timeout: 10_000,
          headers: {
            ...(payload !== undefined && { 'content-type': 'application/json' }),
            ...options.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', fail);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            const json = /json/.test(res.headers['content-type'] ?? '') && text !== '';
            const body: unknown = json ? JSON.parse(text) : text;
            resolve({ ok: true, status: res.statusCode ?? 0, headers: res.headers, body });
          });
        },
      );
      outgoing.on('timeout', () =>
        outgoing.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
      );
      outgoing.on('error', fail);
      outgoing.end(payload);
    });
  }

  /** For steps that must get an answer: a connection error fails the test. */
  async call(method: string, path: string, options: SendOptions = {}): Promise<Answer> {
    const outcome = await this.send(method, path, options);
    if (!outcome.ok) throw new Error(`${method} ${path}: ${outcome.code}`);
    return outcome;
  }

  close(): void {
    this.agent.destroy();
  }
}
