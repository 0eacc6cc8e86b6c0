import { startApp, type StartedApp } from '@cartwheel/service-kit/testing';
import { DeadlineExceededError, RequestCancelledError } from '@cartwheel/upstream';
import express from 'express';
import { once } from 'node:events';
import { contextOf, requestScope } from './request-scope';

const cancelled = (signal: AbortSignal) =>
  signal.aborted && signal.reason instanceof RequestCancelledError;

/** Refed timers alive in this process; a deadline's timer is one. */
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('requestScope, in a real Express app', () => {
  const TIMEOUT_MS = 1_000;
  let clock = 0;
  let server: StartedApp;
  /** What the last request's `close` saw, for the routes that report after their answer. */
  let afterClose: Promise<Record<string, unknown>>;

  beforeAll(async () => {
    const app = express();
    app.use(requestScope(TIMEOUT_MS, () => clock));

    app.get('/costs', (req, res) => {
      const ctx = contextOf(req, res);
      const before = timers();
      const headers = ctx.headers;
      const afterHeaders = timers();
      void ctx.signal;
      res.json({ headers, forHeaders: afterHeaders - before, forSignal: timers() - afterHeaders });
    });

    // Asks for the signal after `elapsed` ms of the budget are gone, then waits for its abort.
    app.get('/late/:elapsed', async (req, res) => {
      clock += Number(req.params.elapsed);
      const signal = contextOf(req, res).signal;
      const abortedAtOnce = signal.aborted;
      const started = performance.now();
      if (!abortedAtOnce) await once(signal, 'abort');
      const reason = signal.reason as DeadlineExceededError;
      res.json({
        abortedAtOnce,
        waitedMs: performance.now() - started,
        deadlineMs: reason.deadlineMs,
      });
    });

    app.get('/answered', (req, res) => {
      const signal = contextOf(req, res).signal;
      const armed = timers();
      afterClose = new Promise((resolve) => {
        res.once('close', () => resolve({ armed, after: timers(), aborted: signal.aborted }));
      });
      res.json({});
    });

    // Waits until the client has gone, and only then asks for the signal.
    app.get('/gone', (req, res) => {
      afterClose = new Promise((resolve) => {
        res.once('close', () => {
          const before = timers();
          const signal = contextOf(req, res).signal;
          resolve({ forSignal: timers() - before, cancelled: cancelled(signal) });
        });
      });
    });

    // Asks for the signal at once, as a route calling upstream does, and never answers.
    app.get('/pending', (req, res) => {
      const signal = contextOf(req, res).signal;
      afterClose = new Promise((resolve) => {
        signal.addEventListener('abort', () => resolve({ cancelled: cancelled(signal) }));
      });
    });

    server = await startApp(app);
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    clock = 0;
  });

  it('makes no timer for a request that asks for neither, and one once the signal is asked', async () => {
    const res = await fetch(`${server.url}/costs`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ forHeaders: 0, forSignal: 1 });
    expect(body['headers']).toMatchObject({
      'x-forwarded-host': new URL(server.url).host,
      'x-forwarded-for': '127.0.0.1',
    });
  });

  it('counts the deadline from the request, not from the first upstream call', async () => {
    // 990 of 1000 ms gone before the first call: 10 ms are left, not a whole second.
    const body = (await (await fetch(`${server.url}/late/990`)).json()) as Record<string, unknown>;
    expect(body['abortedAtOnce']).toBe(false);
    expect(body['waitedMs']).toBeLessThan(TIMEOUT_MS / 2);
    expect(body['deadlineMs']).toBe(TIMEOUT_MS);
  });

  it('hands out an aborted signal when the budget was spent before the first call', async () => {
    const body = (await (await fetch(`${server.url}/late/1000`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ abortedAtOnce: true, deadlineMs: TIMEOUT_MS });
  });

  it('clears the timer when the answer ends', async () => {
    await (await fetch(`${server.url}/answered`)).text();
    const seen = await afterClose;
    expect(seen['after']).toBe((seen['armed'] as number) - 1);
    expect(seen['aborted']).toBe(false);
  });

  it('aborts the signal with RequestCancelledError when the client goes away first', async () => {
    await leaveEarly('/pending');
    // That abort clears the deadline's timer too (deadline.spec.ts): this process's own timers
    // (the client's) come and go meanwhile, so counting them here would prove nothing.
    expect(await afterClose).toEqual({ cancelled: true });
  });

  it('hands out a cancelled signal, and leaves no timer, when first asked after the client went away', async () => {
    await leaveEarly('/gone');
    expect(await afterClose).toEqual({ forSignal: 0, cancelled: true });
  });

  /** Sends a GET and closes the connection 50 ms later, before any answer. */
  async function leaveEarly(path: string): Promise<void> {
    const client = new AbortController();
    const sent = fetch(`${server.url}${path}`, { signal: client.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.abort();
    await sent;
  }
});
