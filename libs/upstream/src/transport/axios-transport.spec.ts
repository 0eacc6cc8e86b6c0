import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpstreamBadStatusError, UpstreamConnectionError } from '../errors';
import { startUnacceptingListener } from '../testing/unaccepting-listener';
import { createAxiosTransport } from './axios-transport';
import type { Transport } from './upstream-request';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

describe('axios transport over undici, against a real server', () => {
  let server: Server;
  let instance: { id: string; url: URL };
  let transport: Transport;
  const seen: Seen[] = [];
  const signal = new AbortController().signal;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const path = (req.url ?? '').split('?')[0];
        if (path === '/base/json') {
          res.writeHead(200, { 'content-type': 'application/json', etag: '"3"' });
          res.end('{"id":"a","n":1}');
        } else if (path === '/base/text') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('not json {');
        } else if (path === '/base/chunked-big') {
          res.writeHead(200, { 'content-type': 'application/json' });
          for (let i = 0; i < 20; i += 1) res.write('x'.repeat(100));
          res.end();
        } else if (path === '/base/declared-big') {
          res.writeHead(200, { 'content-length': '2000' });
          res.end('y'.repeat(2000));
        } else if (path === '/base/broken') {
          res.writeHead(503, { 'retry-after': '1' });
          res.end();
        } else {
          res.writeHead(404, { 'content-type': 'application/problem+json' });
          res.end('{"code":"NOT_FOUND"}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = { id: 'i1', url: new URL(`http://127.0.0.1:${port}/base/`) };
    transport = createAxiosTransport({ maxBodyBytes: 1024 });
  });

  afterAll(async () => {
    await transport.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends under the base path with the query, and parses a JSON answer', async () => {
    const response = await transport.send(
      instance,
      { method: 'GET', path: '/json', query: { ids: 'a,b c' }, headers: { 'X-Request-Id': 'r1' } },
      signal,
    );
    expect(response).toEqual({
      status: 200,
      headers: { etag: '"3"', 'content-type': 'application/json' },
      body: { id: 'a', n: 1 },
      instanceId: 'i1',
    });
    expect(seen.at(-1)).toMatchObject({ url: '/base/json?ids=a%2Cb+c' });
    expect(seen.at(-1)?.headers['x-request-id']).toBe('r1');
  });

  it('serialises a body as JSON with its content type', async () => {
    await transport.send(instance, { method: 'POST', path: '/json', body: { q: 2 } }, signal);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"q":2}' });
    expect(seen.at(-1)?.headers['content-type']).toBe('application/json');
  });

  it('hands a body that is not JSON back as its text, for the schema check to refuse', async () => {
    const response = await transport.send(instance, { method: 'GET', path: '/text' }, signal);
    expect(response.body).toBe('not json {');
  });

  it('answers a 4xx as data and throws UpstreamBadStatusError on a 5xx', async () => {
    const missing = await transport.send(instance, { method: 'GET', path: '/nope' }, signal);
    expect(missing).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    await expect(
      transport.send(instance, { method: 'GET', path: '/broken' }, signal),
    ).rejects.toMatchObject({ upstreamStatus: 503 });
    await expect(
      transport.send(instance, { method: 'GET', path: '/broken' }, signal),
    ).rejects.toBeInstanceOf(UpstreamBadStatusError);
  });

  it.each(['/chunked-big', '/declared-big'])(
    'refuses a body over the limit (%s), declared or not',
    async (path) => {
      const error = await transport.send(instance, { method: 'GET', path }, signal).catch((e) => e);
      expect(error).toBeInstanceOf(UpstreamConnectionError);
      expect((error as Error).message).toContain('UPSTREAM_BODY_TOO_LARGE');
    },
  );

  it.each(['ENOTFOUND', 'EAI_AGAIN'])(
    'marks a name that did not resolve (%s) as never sent, so failover needs no backoff',
    async (code) => {
      const unresolved = createAxiosTransport({
        // The resolver's answer, given directly: a real one would need a name server that fails.
        lookup: (hostname, _options, callback) => {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ${code} ${hostname}`);
          error.code = code;
          callback(error, '');
        },
      });
      const catalog = { id: 'http://catalog-1:3000', url: new URL('http://catalog-1:3000/') };
      const error = await unresolved
        .send(catalog, { method: 'GET', path: '/products' }, signal)
        .catch((e: unknown) => e);
      await unresolved.close();
      expect(error).toBeInstanceOf(UpstreamConnectionError);
      expect(error).toMatchObject({ message: `http://catalog-1:3000: ${code}`, refused: true });
    },
  );

  it('marks a connection not made within its connect timeout as never sent', async () => {
    const blackholed = await startUnacceptingListener();
    // Default options: their 500 ms connect timeout must end the attempt before the caller's
    // deadline, which would otherwise be the reason it ends with. undici's own connect timeout
    // (10 s by default, and 1 s late when set to 500 ms) would not.
    const unconnected = createAxiosTransport();
    const deadline = AbortSignal.timeout(900);
    try {
      const target = { id: blackholed.url, url: new URL(blackholed.url) };
      const error = await unconnected
        .send(target, { method: 'GET', path: '/products' }, deadline)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamConnectionError);
      expect(error).toMatchObject({
        message: `${blackholed.url}: UND_ERR_CONNECT_TIMEOUT`,
        refused: true,
      });
    } finally {
      await unconnected.close();
      await blackholed.close();
    }
  });
});
