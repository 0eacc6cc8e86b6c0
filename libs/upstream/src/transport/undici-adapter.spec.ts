import { Axios } from 'axios';
import type { IncomingHttpHeaders } from 'node:http';
import { startFaultServer, type FaultServer } from '../testing/fault-server';
import { createUndiciAdapter, type UndiciAdapter } from './undici-adapter';

describe('undici adapter for axios, against a real server', () => {
  let server: FaultServer;
  const adapters: UndiciAdapter[] = [];

  const clientWith = (
    responseHeaders?: (headers: IncomingHttpHeaders) => Record<string, string>,
  ): Axios => {
    const undici = createUndiciAdapter({
      connectionsPerOrigin: 2,
      idleSocketTimeoutMs: 1_000,
      connectTimeoutMs: 1_000,
      maxBodyBytes: 1024,
      ...(responseHeaders !== undefined && { responseHeaders }),
    });
    adapters.push(undici);
    return new Axios({ adapter: undici.adapter, baseURL: server.id, transformResponse: [] });
  };

  beforeAll(async () => {
    server = await startFaultServer('service', (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        etag: '"7"',
        'x-frame-options': 'SAMEORIGIN',
        'x-request-id': 'r9',
      });
      res.end('{}');
    });
  });

  afterAll(async () => {
    await Promise.all(adapters.map((a) => a.close()));
    await server.close();
  });

  it('hands axios every response header by default', async () => {
    const response = await clientWith().get('/x');
    expect({ ...response.headers }).toMatchObject({
      'content-type': 'application/json',
      etag: '"7"',
      'x-frame-options': 'SAMEORIGIN',
      'x-request-id': 'r9',
    });
  });

  it('hands axios only the response headers its picker keeps', async () => {
    const pick = (headers: IncomingHttpHeaders) => ({
      etag: String(headers.etag),
      'content-type': String(headers['content-type']),
    });
    const response = await clientWith(pick).get('/x');
    expect({ ...response.headers }).toEqual({
      etag: '"7"',
      'content-type': 'application/json',
    });
    expect(response.data).toBe('{}');
  });
});
