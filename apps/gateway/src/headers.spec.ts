import { PricedCart } from '@cartwheel/contracts';
import { capturedLogger } from '@cartwheel/service-kit/testing';
import { startFaultServer, type FaultServer } from '@cartwheel/upstream/testing';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  serviceSettings,
  startGateway,
  type GatewayHarness,
  type GatewayHarnessOptions,
} from './testing/gateway-harness';
import { expectProblem, send, type Reply, type SendInit } from './testing/http-client';
import { startStubCatalog, type StubCatalog } from './testing/stub-catalog';

const CART_ID = '0b6f3a52-52d4-4a8e-9d0c-2f4b8a7c1e90';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface TinyServer {
  readonly url: string;
  readonly hits: string[];
  close(): Promise<void>;
}

/** A bare node:http server answering every request with `handle`, recording the paths. */
async function tinyServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TinyServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    handle(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls until `check` holds, for at most `ms`; returns whether it did. */
async function eventually(check: () => Promise<boolean>, ms = 5_000): Promise<boolean> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    if (await check()) return true;
    await sleep(20);
  }
  return check();
}

/** The sample value of the first metric line matching `pattern`, or undefined. */
function sample(metrics: string, pattern: RegExp): number | undefined {
  const line = metrics.split('\n').find((l) => !l.startsWith('#') && pattern.test(l));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('what the gateway sends upstream, and its operational endpoints', () => {
  let catalog: StubCatalog;
  let cart: FaultServer;
  let gw: GatewayHarness;
  let extra: GatewayHarness[] = [];

  const call = (init: SendInit): Promise<Reply> => send(gw.url, init);
  const another = async (options: GatewayHarnessOptions): Promise<GatewayHarness> => {
    const started = await startGateway(options);
    extra.push(started);
    return started;
  };
  const lastCatalogRequest = () => catalog.received.at(-1)!;

  beforeAll(async () => {
    [catalog, cart] = await Promise.all([startStubCatalog(), startFaultServer('cart')]);
    // No caching here: every request must reach the upstream for its headers to be seen.
    gw = await startGateway({ catalog: [catalog.url], cart: [cart.id], cache: { ttlMs: 0 } });
  });

  afterAll(async () => {
    await gw?.close();
    await Promise.all([catalog?.close(), cart?.close()]);
  });

  beforeEach(() => {
    catalog.mode = { kind: 'ok' };
    cart.mode = { kind: 'ok' };
  });

  afterEach(async () => {
    await Promise.all(extra.map((g) => g.close()));
    extra = [];
  });

  describe('X-Request-Id', () => {
    it("passes the client's own id on when it is acceptable", async () => {
      const reply = await call({
        path: '/api/products/mug',
        headers: { 'X-Request-Id': 'client-req.42:a' },
      });
      expect(reply.status).toBe(200);
      expect(reply.headers['x-request-id']).toBe('client-req.42:a');
      expect(lastCatalogRequest().headers['x-request-id']).toBe('client-req.42:a');
    });

    it.each([
      ['with spaces', 'not acceptable id'],
      ['too long', 'a'.repeat(129)],
      ['with a quote', 'abc"def'],
    ])(
      'replaces an id %s by a fresh UUID, the same one upstream and in the answer',
      async (_, id) => {
        const reply = await call({ path: '/api/products/kettle', headers: { 'X-Request-Id': id } });
        expect(reply.status).toBe(200);
        const sent = lastCatalogRequest().headers['x-request-id'];
        expect(sent).toMatch(UUID);
        expect(reply.headers['x-request-id']).toBe(sent);
      },
    );

    it('makes one when the client sends none, and sends it to every upstream of the request', async () => {
      const before = cart.received.length;
      const reply = await call({ method: 'GET', path: `/api/carts/${CART_ID}` });
      const id = reply.headers['x-request-id'];
      expect(id).toMatch(UUID);
      expect(cart.received.slice(before).map((r) => r.headers['x-request-id'])).toEqual([id]);
    });
  });

  it("replaces the client's X-Forwarded-* with what the gateway itself saw", async () => {
    const reply = await call({
      path: '/api/products/beans',
      headers: {
        'X-Forwarded-For': '203.0.113.9',
        'X-Forwarded-Host': 'evil.example',
        'X-Forwarded-Proto': 'https',
        Forwarded: 'for=203.0.113.9;host=evil.example',
      },
    });
    expect(reply.status).toBe(200);
    const { headers } = lastCatalogRequest();
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers['x-forwarded-host']).toBe(new URL(gw.url).host);
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['forwarded']).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain('evil');
    expect(JSON.stringify(headers)).not.toContain('203.0.113.9');
    // The upstream is addressed by its own host, not the client's.
    expect(headers['host']).toBe(new URL(catalog.url).host);
  });

  describe('hop-by-hop and credential headers', () => {
    const hostile = {
      Connection: 'keep-alive, X-Secret',
      'X-Secret': 's3cret',
      'Keep-Alive': 'timeout=5',
      TE: 'trailers',
      Upgrade: 'h2c',
      'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
      'Proxy-Connection': 'keep-alive',
      Authorization: 'Bearer client-token',
      Cookie: 'session=abc',
    };
    const dropped = [
      'x-secret',
      'keep-alive',
      'te',
      'upgrade',
      'proxy-authorization',
      'proxy-connection',
      'authorization',
      'cookie',
    ];

    it('never forwards them on a read', async () => {
      const reply = await call({ path: '/api/products/grinder', headers: hostile });
      expect(reply.status).toBe(200);
      const { headers } = lastCatalogRequest();
      for (const name of dropped) expect(headers[name]).toBeUndefined();
      // The gateway's own connection to the upstream (if it says anything), naming nothing of
      // the client's.
      expect(headers['connection'] ?? 'keep-alive').toBe('keep-alive');
    });

    it('never forwards them on a write, while If-Match and Idempotency-Key pass through', async () => {
      const before = cart.received.length;
      await call({
        method: 'POST',
        path: `/api/carts/${CART_ID}/items`,
        headers: { ...hostile, 'If-Match': '"3"', 'Idempotency-Key': 'key-1' },
        body: { productId: 'mug', quantity: 1 },
      });
      const sent = cart.received.slice(before);
      expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /carts/${CART_ID}/items`]);
      const { headers } = sent[0]!;
      for (const name of dropped) expect(headers[name]).toBeUndefined();
      expect(headers['connection'] ?? 'keep-alive').toBe('keep-alive');
      expect(headers['if-match']).toBe('"3"');
      expect(headers['idempotency-key']).toBe('key-1');
      expect(headers['content-type']).toMatch(/^application\/json/);
    });
  });

  describe('redirects', () => {
    let elsewhere: TinyServer;
    beforeAll(async () => {
      elsewhere = await tinyServer((_req, res) => res.writeHead(200).end('{}'));
    });
    afterAll(() => elsewhere.close());

    it.each([301, 302, 303, 307, 308])(
      'does not follow an upstream %i to another host',
      async (status) => {
        const redirector = await tinyServer((req, res) =>
          res.writeHead(status, { location: `${elsewhere.url}${req.url ?? '/'}` }).end(),
        );
        try {
          const g = await another({ catalog: [redirector.url], cart: [redirector.url] });
          const product = await send(g.url, { path: '/api/products/mug' });
          expect(product.status).toBe(502);
          expect((product.body as { code: string }).code).toMatch(/^UPSTREAM_/);
          const created = await send(g.url, { method: 'POST', path: '/api/carts' });
          expect(created.status).toBe(502);
          expect(redirector.hits).toEqual(['/products/mug', '/carts']);
          expect(elsewhere.hits).toEqual([]);
        } finally {
          await redirector.close();
        }
      },
    );
  });

  it('GET /admin/upstreams shows each service, its strategy and every instance', async () => {
    const spare = await startFaultServer('spare');
    try {
      const g = await another({
        catalog: [`${catalog.url};weight=3`, `${spare.id};weight=1`],
        cart: [cart.id],
        catalogService: { balancer: 'weighted-round-robin' },
        cartService: { balancer: 'least-request' },
      });
      const reply = await send(g.url, { path: '/admin/upstreams' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      const fresh = (id: string, weight: number) => ({
        id,
        url: `${id}/`,
        weight,
        available: true,
        breaker: 'closed',
        health: 'unknown',
        inFlight: 0,
        requests: 0,
        failures: 0,
        ejection: { state: 'admitted', consecutiveFailures: 0, ejections: 0 },
      });
      expect(reply.body).toEqual({
        services: [
          {
            service: 'catalog',
            strategy: 'weighted-round-robin',
            instances: [fresh(catalog.url, 3), fresh(spare.id, 1)],
          },
          { service: 'cart', strategy: 'least-request', instances: [fresh(cart.id, 1)] },
        ],
      });
      await send(g.url, { path: '/api/products/mug' });
      const after = reply.body as { services: Array<{ instances: Array<{ requests: number }> }> };
      expect(after.services[0]!.instances.map((i) => i.requests)).toEqual([0, 0]);
      const later = (await send(g.url, { path: '/admin/upstreams' })).body as typeof after;
      const sum = later.services[0]!.instances.reduce((acc, i) => acc + i.requests, 0);
      expect(sum).toBe(1);
    } finally {
      await spare.close();
    }
  });

  it('GET /metrics has per-instance attempts, picks, retries, breaker state and cache results', async () => {
    const failing = await startFaultServer('failing');
    failing.mode = { kind: 'status', status: 503 };
    try {
      // Round robin over a failing and a good instance: one of two requests starts on the
      // failing one and fails over.
      const g = await another({ catalog: [failing.id, catalog.url], cart: [cart.id] });
      for (const id of ['mug', 'kettle']) {
        expect((await send(g.url, { path: `/api/products/${id}` })).status).toBe(200);
      }
      await send(g.url, { path: '/api/products/mug' });
      const reply = await send(g.url, { path: '/metrics' });
      expect(reply.status).toBe(200);
      const text = reply.text;
      const at = (instance: string) => `service="catalog",instance="${instance}"`;
      const series = (name: string, labels: string) =>
        sample(text, new RegExp(`^${name}\\{${labels}`));
      // How often the failing instance comes first depends on the random round-robin start;
      // the books must balance either way.
      const failures = series(
        'gateway_upstream_requests_total',
        `${at(failing.id)},outcome="failure"`,
      );
      expect(failures).toBeGreaterThanOrEqual(1);
      expect(series('gateway_lb_picks_total', at(failing.id))).toBe(failures);
      expect(series('gateway_upstream_retries_total', 'service="catalog"')).toBe(failures);
      expect(series('gateway_upstream_requests_total', `${at(catalog.url)},outcome="ok"`)).toBe(2);
      expect(series('gateway_lb_picks_total', at(catalog.url))).toBe(2);
      expect(sample(text, new RegExp(`^gateway_upstream_breaker_state\\{${at(catalog.url)}`))).toBe(
        0,
      );
      expect(
        sample(
          text,
          new RegExp(`^gateway_upstream_breaker_state\\{service="cart",instance="${cart.id}"`),
        ),
      ).toBe(0);
      expect(sample(text, /^gateway_cache_requests_total\{cache="product",result="miss"/)).toBe(2);
      expect(sample(text, /^gateway_cache_requests_total\{cache="product",result="hit"/)).toBe(1);
      expect(text).toMatch(/^gateway_upstream_request_duration_seconds_bucket\{/m);
    } finally {
      await failing.close();
    }
  });

  it("GET /metrics has every instance's series at 0 before any request", async () => {
    const g = await another({ catalog: [catalog.url], cart: [cart.id] });
    const { text } = await send(g.url, { path: '/metrics' });
    for (const [service, instance] of [
      ['catalog', catalog.url],
      ['cart', cart.id],
    ]) {
      const at = `service="${service}",instance="${instance}"`;
      for (const outcome of ['ok', 'failure', 'cancelled']) {
        const attempts = new RegExp(
          `^gateway_upstream_requests_total\\{${at},outcome="${outcome}"`,
        );
        expect(sample(text, attempts)).toBe(0);
      }
      expect(sample(text, new RegExp(`^gateway_lb_picks_total\\{${at}`))).toBe(0);
      const count = new RegExp(`^gateway_upstream_request_duration_seconds_count\\{${at}`);
      expect(sample(text, count)).toBe(0);
    }
  });

  describe('health', () => {
    const readiness = async (g: GatewayHarness) => (await send(g.url, { path: '/readyz' })).status;

    it('/healthz and /readyz answer 200 while every service has an available instance', async () => {
      expect((await call({ path: '/healthz' })).status).toBe(200);
      const ready = await call({ path: '/readyz' });
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready' });
    });

    // 503: a draining instance; 404: a URL that is not a Cartwheel service (no `/readyz`).
    it.each([503, 404])(
      '/readyz turns 503 when active checks fail every instance of a service (readiness %i), and back',
      async (status) => {
        const { logger, lines } = capturedLogger();
        const g = await another({
          logger,
          catalog: [catalog.url],
          cart: [cart.id],
          activeHealthChecks: true,
          cartService: {
            healthCheck: { interval: 20, timeout: 200, unhealthyThreshold: 1, healthyThreshold: 1 },
          },
        });
        cart.mode = { kind: 'status', status };
        expect(await eventually(async () => (await readiness(g)) === 503)).toBe(true);
        const down = await send(g.url, { path: `/api/carts/${CART_ID}` });
        expectProblem(down, 503, 'UPSTREAM_UNAVAILABLE');
        expect(down.headers['retry-after']).toBe('5');
        cart.mode = { kind: 'ok' };
        expect(await eventually(async () => (await readiness(g)) === 200)).toBe(true);
        expect(cart.received.some((r) => r.path === '/readyz')).toBe(true);
        // The operator's line says why the instance went out: the status its readiness answered.
        // (The first probe may pass before the mode flips, so the lines may start with `healthy`.)
        const turns = lines.filter((l) => l['gate'] === 'health' && l['upstream'] === 'cart');
        expect(turns.find((l) => l['state'] === 'unhealthy')).toMatchObject({
          instance: cart.id,
          reason: `upstream answered with status ${status}`,
        });
        expect(turns.at(-1)).toMatchObject({ state: 'healthy' });
      },
    );

    // Thresholds so high that failed probes never turn an instance unhealthy: it stays `unknown`,
    // which takes traffic, so only a probe that passed can make the gateway say ready.
    const unprobed = { healthCheck: { interval: 20, timeout: 200, unhealthyThreshold: 100 } };
    const probingGateway = (cartService: GatewayHarnessOptions['cartService'] = unprobed) =>
      another({ catalog: [catalog.url], cart: [cart.id], activeHealthChecks: true, cartService });
    const cartProbes = () => cart.received.filter((r) => r.path === '/readyz').length;

    it('/readyz answers 503 after start until every service had an instance pass a probe', async () => {
      cart.mode = { kind: 'status', status: 503 };
      const g = await probingGateway();
      const before = cartProbes();
      expect(await eventually(async () => cartProbes() >= before + 3)).toBe(true);
      const starting = await send(g.url, { path: '/readyz' });
      expect(starting.status).toBe(503);
      expect(starting.body).toEqual({ status: 'unavailable' });
      // Not ready is not refusing: the unprobed instances still take traffic.
      expect((await send(g.url, { path: '/api/products/mug' })).status).toBe(200);
      cart.mode = { kind: 'ok' };
      expect(await eventually(async () => (await readiness(g)) === 200)).toBe(true);
    });

    it('probes an instance that is not healthy every unhealthyInterval, a healthy one every interval', async () => {
      cart.mode = { kind: 'status', status: 503 };
      const g = await probingGateway({
        healthCheck: { interval: 60_000, unhealthyInterval: 20, unhealthyThreshold: 100 },
      });
      const before = cartProbes();
      // A minute's interval would allow one probe; failing ones repeat every 20 ms.
      expect(await eventually(async () => cartProbes() >= before + 3)).toBe(true);
      cart.mode = { kind: 'ok' };
      expect(await eventually(async () => (await readiness(g)) === 200)).toBe(true);
      const healthyFrom = cartProbes();
      await sleep(200);
      expect(cartProbes()).toBe(healthyFrom);
    });

    it('a reload keeps a ready gateway ready while the new instances wait for their probes', async () => {
      const g = await probingGateway();
      expect(await eventually(async () => (await readiness(g)) === 200)).toBe(true);
      cart.mode = { kind: 'status', status: 503 };
      const before = cart.received.length;
      g.gateway.upstreams.replace({
        catalog: serviceSettings([catalog.url]),
        cart: serviceSettings([cart.id], unprobed),
      });
      // The new pool's probes have failed, so its cart instance has never passed one.
      expect(await eventually(async () => cart.received.length >= before + 3)).toBe(true);
      expect(g.gateway.upstreams.snapshot().find((s) => s.service === 'cart')?.instances).toEqual([
        expect.objectContaining({ health: 'unknown', available: true }),
      ]);
      expect(await readiness(g)).toBe(200);
    });
  });

  it('answers a cart from the fault server as a contract violation, never passing it on', async () => {
    const reply = await call({ method: 'POST', path: '/api/carts' });
    expect(reply.status).toBe(502);
    expect(PricedCart.safeParse(reply.body).success).toBe(false);
    expect((reply.body as { code: string }).code).toMatch(/^UPSTREAM_/);
  });
});
