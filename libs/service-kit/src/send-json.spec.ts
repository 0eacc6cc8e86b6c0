import { PROBLEM_JSON_TYPE, sendJson } from './send-json';
import { startApp, type StartedApp } from './testing';

describe('sendJson, against a real server', () => {
  let server: StartedApp;

  /** The answer with its body as text, so that its bytes can be counted. */
  const fetchRaw = async (method: 'GET' | 'HEAD', path: string) => {
    const res = await fetch(`${server.url}${path}`, { method });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };

  beforeAll(async () => {
    server = await startApp((req, res) => {
      if (req.url === '/problem') sendJson(res, 503, { code: 'DOWN' }, PROBLEM_JSON_TYPE);
      else sendJson(res, 201, { name: 'Crème brûlée', n: 1 });
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('answers the status with the body as JSON, its length counted in bytes', async () => {
    const answer = await fetchRaw('GET', '/item');
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual({ name: 'Crème brûlée', n: 1 });
    expect(Number(answer.headers.get('content-length'))).toBe(Buffer.byteLength(answer.body));
    expect(answer.body.length).toBeLessThan(Buffer.byteLength(answer.body));
  });

  it('takes another JSON media type, e.g. for a problem', async () => {
    const answer = await fetchRaw('GET', '/problem');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual({ code: 'DOWN' });
  });

  it('answers HEAD with the same headers and no body', async () => {
    const answer = await fetchRaw('HEAD', '/item');
    expect(answer.status).toBe(201);
    expect(Number(answer.headers.get('content-length'))).toBeGreaterThan(0);
    expect(answer.body).toBe('');
  });
});
