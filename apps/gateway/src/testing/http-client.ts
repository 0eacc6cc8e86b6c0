import { ProblemDetails } from '@cartwheel/contracts';
import { problemType } from '@cartwheel/service-kit';
import { request, type IncomingHttpHeaders } from 'node:http';

export interface SendInit {
  readonly method?: string;
  /** Sent as written: unlike fetch, `..`, `%2e%2e` and `//` reach the server un-normalised. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string or Buffer is sent as it is; anything else as JSON with its content type. */
  readonly body?: unknown;
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON; undefined when empty. */
  readonly body: unknown;
}

const has = (headers: Record<string, string>, name: string): boolean =>
  Object.keys(headers).some((h) => h.toLowerCase() === name);

function encode(init: SendInit): { payload?: Buffer; headers: Record<string, string> } {
  const headers = { ...init.headers };
  if (init.body === undefined) return { headers };
  const raw = typeof init.body === 'string' || Buffer.isBuffer(init.body);
  if (!raw && !has(headers, 'content-type')) headers['content-type'] = 'application/json';
  const payload = Buffer.from(raw ? (init.body as string | Buffer) : JSON.stringify(init.body));
  // Always framed: node sends a DELETE body neither chunked nor with a length otherwise, and the
  // server would read it as the start of a second request.
  if (!has(headers, 'content-length')) headers['content-length'] = String(payload.length);
  return { payload, headers };
}

/**
 * One request on its own connection (no agent, so no socket outlives the test), the path sent
 * byte for byte. Never rejects on a status; rejects only when the connection fails.
 */
export function send(baseUrl: string, init: SendInit): Promise<Reply> {
  const { hostname, port } = new URL(baseUrl);
  const { payload, headers } = encode(init);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        path: init.path,
        method: init.method ?? 'GET',
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const json = /json/.test(res.headers['content-type'] ?? '') && text !== '';
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            body: json ? (JSON.parse(text) as unknown) : undefined,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Asserts an RFC 9457 problem with this status and code, and returns it. */
export function expectProblem(reply: Reply, status: number, code: string): ProblemDetails {
  const got = reply.body as { code?: unknown } | undefined;
  expect({ status: reply.status, code: got?.code }).toEqual({ status, code });
  expect(reply.headers['content-type']).toMatch(/^application\/problem\+json(;|$)/);
  const problem = ProblemDetails.parse(reply.body);
  expect(problem).toMatchObject({ status, type: problemType(code) });
  return problem;
}
