import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROBLEM_JSON_TYPE, sendJson } from './send-json';

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

describe('sendJson, against a real server', () => {
  let server: Server;
  let port: number;

  const fetchRaw = (method: 'GET' | 'HEAD', path: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/problem') sendJson(res, 503, { code: 'DOWN' }, PROBLEM_JSON_TYPE);
      else sendJson(res, 201, { name: 'Crème brûlée', n: 1 });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers the status with the body as JSON, its length counted in bytes', async () => {
    const answer = await fetchRaw('GET', '/item');
    expect(answer.status).toBe(201);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual({ name: 'Crème brûlée', n: 1 });
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
    expect(answer.body.length).toBeLessThan(Buffer.byteLength(answer.body));
  });

  it('takes another JSON media type, e.g. for a problem', async () => {
    const answer = await fetchRaw('GET', '/problem');
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual({ code: 'DOWN' });
  });

  it('answers HEAD with the same headers and no body', async () => {
    const answer = await fetchRaw('HEAD', '/item');
    expect(answer.status).toBe(201);
    expect(Number(answer.headers['content-length'])).toBeGreaterThan(0);
    expect(answer.body).toBe('');
  });
});
