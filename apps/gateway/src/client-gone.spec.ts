import { waitUntil } from '@cartwheel/service-kit/testing';
import { request, type ClientRequest } from 'node:http';
import { startGateway, type GatewayHarness } from './testing/gateway-harness';
import { send } from './testing/http-client';
import { startStubCatalog, type StubCatalog } from './testing/stub-catalog';

/** Long enough that nothing here ends by a timeout: only the client's leaving can cut a call. */
const HOLD_MS = 8_000;

describe('a client that goes away before its answer, through the real gateway', () => {
  let catalogs: StubCatalog[] = [];
  let gateway: GatewayHarness;

  const start = async (cacheTtlMs: number) => {
    catalogs = await Promise.all([startStubCatalog(), startStubCatalog()]);
    for (const catalog of catalogs) catalog.mode = { kind: 'delay', ms: HOLD_MS };
    gateway = await startGateway({
      catalog: catalogs.map((c) => c.url),
      cart: [catalogs[0]!.url],
      cache: { ttlMs: cacheTtlMs, staleIfErrorMs: cacheTtlMs },
      requestTimeoutMs: HOLD_MS * 2,
      catalogService: { breaker: { attemptTimeout: HOLD_MS * 2 - 1, resetTimeout: HOLD_MS * 3 } },
    });
  };

  afterEach(async () => {
    await gateway.close();
    await Promise.all(catalogs.map((c) => c.close()));
  });

  const received = () => catalogs.reduce((n, c) => n + c.received.length, 0);
  const cutOff = () => catalogs.reduce((n, c) => n + c.cutOff, 0);

  /** A GET whose socket the test destroys when it likes; its answer, if any, is kept. */
  function open(path: string): { req: ClientRequest; answer: Promise<number | string> } {
    const url = new URL(path, gateway.url);
    // Its own connection, as a browser tab has: destroying it is the client leaving.
    const req = request(url, { agent: false });
    const answer = new Promise<number | string>((resolve) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    req.end();
    return { req, answer };
  }

  const metric = async (outcome: string): Promise<number> => {
    const { text } = await send(gateway.url, { method: 'GET', path: '/metrics' });
    const pattern = new RegExp(
      `^gateway_upstream_requests_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)$`,
      'gm',
    );
    return [...text.matchAll(pattern)].reduce((n, m) => n + Number(m[1]), 0);
  };

  it('closes the upstream call in flight, tries no other instance, and counts no failure', async () => {
    await start(0);
    const { req, answer } = open('/api/products/mug');
    await waitUntil(() => received() === 1, 'the first GET to reach the catalog');
    req.destroy();
    expect(await answer).toBe('ECONNRESET');

    await waitUntil(() => cutOff() === 1, 'the catalog to see the call closed');
    expect(received()).toBe(1);
    expect(await metric('cancelled')).toBe(1);
    expect(await metric('failure')).toBe(0);
    const [catalog] = gateway.gateway.upstreams.snapshot();
    for (const instance of catalog?.instances ?? []) {
      expect(instance).toMatchObject({
        breaker: 'closed',
        failures: 0,
        inFlight: 0,
        ejection: { state: 'admitted', consecutiveFailures: 0 },
      });
    }
  });

  it('keeps a shared cache load going for the clients still waiting, and closes it when the last leaves', async () => {
    await start(60_000);
    const first = open('/api/products/kettle');
    await waitUntil(() => received() === 1, 'the first GET to reach the catalog');
    const second = open('/api/products/kettle');
    const third = open('/api/products/kettle');
    // Both joined the load in flight: no second call went upstream.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received()).toBe(1);

    first.req.destroy();
    second.req.destroy();
    await Promise.all([first.answer, second.answer]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cutOff()).toBe(0);

    third.req.destroy();
    await waitUntil(() => cutOff() === 1, 'the catalog to see the call closed');
    expect(received()).toBe(1);
    expect(await metric('failure')).toBe(0);
  });

  it('still answers the clients that stayed when the shared load comes back', async () => {
    await start(60_000);
    for (const catalog of catalogs) catalog.mode = { kind: 'delay', ms: 300 };
    const leaving = open('/api/products/grinder');
    await waitUntil(() => received() === 1, 'the first GET to reach the catalog');
    const staying = open('/api/products/grinder');
    await new Promise((resolve) => setTimeout(resolve, 100));
    leaving.req.destroy();
    expect(await staying.answer).toBe(200);
    expect(received()).toBe(1);
    expect(cutOff()).toBe(0);
  });
});
