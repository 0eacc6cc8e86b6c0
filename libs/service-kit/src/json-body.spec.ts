import { connect } from 'node:net';
import { createServiceApp } from './create-service-app';
import { Lifecycle } from './lifecycle';
import { createLogger } from './logger';
import { startApp, type StartedApp } from './testing';

describe('jsonBody: the body chain runs for writes only', () => {
  let server: StartedApp;

  beforeAll(async () => {
    const lifecycle = new Lifecycle();
    lifecycle.markReady();
    const { app } = createServiceApp({
      name: 'json-body-test',
      logger: createLogger('json-body-test', 'silent'),
      lifecycle,
      mount: (routes) => {
        routes.get('/echo', (req, res) => {
          res.json({ body: req.body === undefined ? 'unread' : 'read' });
        });
        routes.post('/echo', (req, res) => {
          res.json({ body: req.body as unknown });
        });
      },
    });
    server = await startApp(app);
  });

  afterAll(() => server.close());

  const send = (method: string, body: string | undefined, type = 'application/json') =>
    fetch(`${server.url}/echo`, {
      method,
      ...(body !== undefined && { body, headers: { 'Content-Type': type } }),
    });

  it('parses a write', async () => {
    const res = await send('POST', '{"a":1}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ body: { a: 1 } });
  });

  it('reads a write without a body as {}', async () => {
    const res = await send('POST', undefined);
    expect(await res.json()).toEqual({ body: {} });
  });

  it.each([
    ['malformed JSON', '{"a":', 'application/json', 400, 'MALFORMED_JSON'],
    [
      'a body that is not JSON',
      'a=1',
      'application/x-www-form-urlencoded',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ])('refuses a write with %s', async (_name, body, type, status, code) => {
    const res = await send('POST', body, type);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ code });
  });

  it('never reads the body of a GET, malformed or not', async () => {
    // fetch will not send a GET with a body, so this one is written on a raw socket.
    const raw = await rawGetWithBody(server.url, '{"a":');
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    expect(raw).toContain('{"body":"unread"}');
  });
});

async function rawGetWithBody(base: string, body: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.end(
        `GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}
