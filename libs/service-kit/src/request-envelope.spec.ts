import { request } from 'node:http';
import { createServiceApp } from './create-service-app';
import { Lifecycle } from './lifecycle';
import { capturedLogger, startApp, waitUntil, type StartedApp } from './testing';

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly requestId?: string;
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  readonly durationMs?: number;
}

const INFO = 30;
const WARN = 40;
const ERROR = 50;

describe('request envelope: access log, request id and security headers', () => {
  const { logger, lines } = capturedLogger<LogLine>({ level: 'info' });
  let server: StartedApp;
  let releaseSlow: () => void = () => undefined;
  let slowStarted: Promise<void>;

  beforeAll(async () => {
    const lifecycle = new Lifecycle();
    lifecycle.markReady();
    let markStarted: () => void = () => undefined;
    slowStarted = new Promise((resolve) => (markStarted = resolve));
    const { app } = createServiceApp({
      name: 'envelope-test',
      logger,
      lifecycle,
      mount: (routes) => {
        routes.get('/ok/:n', (_req, res) => {
          res.json({ ok: true });
        });
        routes.get('/boom', () => {
          throw new Error('internal detail');
        });
        routes.get('/slow', async (_req, res) => {
          markStarted();
          await new Promise<void>((resolve) => (releaseSlow = resolve));
          if (!res.writableEnded) res.json({ late: true });
        });
      },
    });
    server = await startApp(app);
  });

  afterAll(async () => {
    releaseSlow();
    await server.close();
  });

  const linesFor = (url: string) => lines.filter((line) => line.url === url);

  it('logs one line per answered request with its id, method, url, status and duration', async () => {
    const res = await fetch(`${server.url}/ok/1?x=2`, { headers: { 'X-Request-Id': 'trace-7' } });
    await res.arrayBuffer();
    expect(res.headers.get('x-request-id')).toBe('trace-7');
    await waitUntil(() => linesFor('/ok/1?x=2').length > 0, 'its access line');
    const [line] = linesFor('/ok/1?x=2');
    expect(line).toMatchObject({
      level: INFO,
      msg: 'request completed',
      requestId: 'trace-7',
      method: 'GET',
      status: 200,
    });
    expect(line?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('logs a 500 at error level under the id the client was given', async () => {
    const res = await fetch(`${server.url}/boom`);
    await res.arrayBuffer();
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id');
    const line = linesFor('/boom').find((l) => l.msg === 'request failed');
    expect(line).toMatchObject({ level: ERROR, status: 500, requestId: id });
  });

  it('logs a request the client gave up on as aborted, at warn level', async () => {
    const url = new URL(`${server.url}/slow`);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname });
    req.on('error', () => undefined);
    req.end();
    await slowStarted;
    req.destroy();
    await waitUntil(() => linesFor('/slow').length > 0, 'its access line');
    expect(linesFor('/slow')).toEqual([
      expect.objectContaining({ level: WARN, msg: 'request aborted by the client', status: 499 }),
    ]);
  });

  it('logs nothing for probes and scrapes', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const res = await fetch(`${server.url}${path}`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
    }
    await fetch(`${server.url}/ok/2`).then((res) => res.arrayBuffer());
    await waitUntil(() => linesFor('/ok/2').length > 0, 'its access line');
    expect(lines.filter((l) => /^\/(healthz|readyz|metrics)/.test(l.url ?? ''))).toEqual([]);
  });

  it("sets helmet's headers on every answer, problems included", async () => {
    for (const path of ['/ok/3', '/no-such-route', '/boom']) {
      const res = await fetch(`${server.url}${path}`);
      await res.arrayBuffer();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});
