import { Axios } from 'axios';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUndiciAdapter, type UndiciAdapter } from './undici-adapter';

describe('undici adapter for axios, against a real server', () => {
  let server: Server;
  let baseURL: string;
  const adapters: UndiciAdapter[] = [];

  const clientWith = (responseHeaders?: readonly string[]): Axios => {
    const undici = createUndiciAdapter({
      connectionsPerOrigin: 2,
      idleSocketTimeoutMs: 1_000,
      maxBodyBytes: 1024,
      ...(responseHeaders !== undefined && { responseHeaders }),
    });
    adapters.push(undici);
    return new Axios({ adapter: undici.adapter, transformResponse: [] });
  };

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        etag: '"7"',
        'x-frame-options': 'SAMEORIGIN',
        'x-request-id': 'r9',
      });
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await Promise.all(adapters.map((a) => a.close()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('hands axios every response header by default', async () => {
    const response = await clientWith().get('/x', { baseURL });
    expect({ ...response.headers }).toMatchObject({
      'content-type': 'application/json',
      etag: '"7"',
      'x-frame-options': 'SAMEORIGIN',
      'x-request-id': 'r9',
    });
  });

  it('hands axios only the listed response headers when given a list', async () => {
    const response = await clientWith(['etag', 'content-type', 'location']).get('/x', { baseURL });
    expect({ ...response.headers }).toEqual({
      etag: '"7"',
      'content-type': 'application/json',
    });
    expect(response.data).toBe('{}');
  });
});
