import { getEventListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { deferred, type Deferred } from '../testing/deferred';
import { startFaultServer, type FaultServer } from '../testing/fault-server';
import { dispatchForText, UpstreamBodyTooLargeError } from './text-body-handler';

describe('dispatchForText, against a real server', () => {
  let server: FaultServer;
  let pool: Pool;
  // The answer to /hold waits here until the test releases it.
  let held: Deferred<ServerResponse> = deferred();
  const seen = () => server.received.map((r) => r.path);

  beforeAll(async () => {
    server = await startFaultServer('text', (req, res) => {
      if (req.url === '/hold') {
        held.resolve(res);
      } else if (req.url === '/chunks') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (const part of ['é', 'tag', 'è', 're']) res.write(part);
        res.end();
      } else {
        res.writeHead(204);
        res.end();
      }
    });
    // One socket, so a second request waits in undici's queue behind the first.
    pool = new Pool(server.id, { connections: 1, pipelining: 1 });
  });

  /** A GET of `path` through the pool, with at most `maxBytes` of body accepted. */
  const get = (path: string, signal?: AbortSignal, maxBytes = 1024) =>
    dispatchForText(pool, { path, method: 'GET' }, maxBytes, signal);

  afterEach(() => {
    held = deferred();
    server.received.length = 0;
  });

  afterAll(async () => {
    await pool.close();
    await server.close();
  });

  it('joins a body written in several chunks, multi-byte characters included', async () => {
    const signal = new AbortController().signal;
    const response = await get('/chunks', signal);
    expect(response).toMatchObject({ statusCode: 200, body: 'étagère' });
    expect(response.headers['content-type']).toBe('text/plain');
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('answers an empty body as the empty string', async () => {
    const response = await get('/empty');
    expect(response).toMatchObject({ statusCode: 204, body: '' });
  });

  it('rejects with the reason when aborted while the answer is awaited, and lets go of the signal', async () => {
    const controller = new AbortController();
    const pending = get('/hold', controller.signal);
    const res = await held.promise;
    const reason = new Error('deadline');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    res.end();
  });

  it('never sends a request that was aborted while it waited for a socket', async () => {
    const first = get('/hold');
    const res = await held.promise;
    const controller = new AbortController();
    const queued = get('/queued', controller.signal);
    const reason = new Error('client gone');
    controller.abort(reason);
    res.end('first');
    await expect(first).resolves.toMatchObject({ body: 'first' });
    await expect(queued).rejects.toBe(reason);
    expect(seen()).toEqual(['/hold']);
  });

  it('rejects an already aborted signal without sending', async () => {
    const reason = new Error('already gone');
    const pending = get('/x', AbortSignal.abort(reason));
    await expect(pending).rejects.toBe(reason);
    expect(seen()).toEqual([]);
  });

  it('refuses a chunked body at the chunk that crosses the limit', async () => {
    const error: unknown = await get('/chunks', undefined, 4).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamBodyTooLargeError);
    expect(error).toMatchObject({ code: 'UPSTREAM_BODY_TOO_LARGE' });
  });
});
