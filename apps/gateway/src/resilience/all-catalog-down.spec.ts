import { freePorts } from '@cartwheel/service-kit/testing';
import { PricedCart } from '@cartwheel/contracts';
import type { GatewayFile } from '../config';
import { Cluster, urlOf } from './cluster';
import { call, percentile, productIds, untilAvailable, waitFor } from './probes';

const BRANCH_TIMEOUT_MS = 1_500;
const CONFIG: GatewayFile = { catalog: { healthCheck: { interval: 200, timeout: 500 } } };

describe('every catalog instance down', () => {
  let cluster: Cluster;

  beforeEach(() => {
    cluster = new Cluster('catalog-down');
  });

  afterEach(async () => {
    await cluster.close();
  });

  it('serves degraded cart views, then fails product reads fast with 503', async () => {
    const ports = await freePorts(3);
    const [catalogPorts, cartPort = 0] = [ports.slice(0, 2), ports[2]];
    // The first catalog seeds the shared catalog file; the cart has a file of its own.
    const [seeder] = await Promise.all([cluster.catalog(catalogPorts[0]), cluster.cart(cartPort)]);
    const [gateway, second] = await Promise.all([
      cluster.gateway({
        catalog: catalogPorts.map(urlOf),
        cart: [urlOf(cartPort)],
        config: CONFIG,
        env: { CACHE_TTL_MS: '0', BRANCH_TIMEOUT_MS: String(BRANCH_TIMEOUT_MS) },
      }),
      cluster.catalog(catalogPorts[1]),
    ]);
    const catalogs = [seeder, second];
    await untilAvailable(cluster.agent, gateway.port, 'catalog', catalogPorts.map(urlOf));
    const { agent } = cluster;
    const { port } = gateway;
    const ids = (await productIds(agent, catalogs[0]!.port)).slice(0, 2);

    const created = await call(agent, port, { method: 'POST', path: '/api/carts', body: {} });
    expect(created.status).toBe(201);
    const cartId = PricedCart.parse(created.body).id;
    for (const [n, productId] of ids.entries()) {
      const added = await call(agent, port, {
        method: 'POST',
        path: `/api/carts/${cartId}/items`,
        body: { productId, quantity: 2 },
      });
      expect(added.status).toBe(200);
      expect(PricedCart.parse(added.body)).toMatchObject({
        degraded: false,
        itemCount: 2 * (n + 1),
      });
    }

    const killedAt = performance.now();
    await Promise.all(catalogs.map((c) => c.stop('SIGKILL')));
    const readView = async () => {
      const answer = await call(agent, port, { method: 'GET', path: `/api/carts/${cartId}` });
      expect(answer.status).toBe(200);
      return { view: PricedCart.parse(answer.body), ms: answer.ms };
    };
    // At once: the instances still look available, so the attempts fail on connection.
    const first = await readView();
    const unready = await waitFor(
      'gateway /readyz to turn 503',
      async () => {
        const answer = await call(agent, port, { method: 'GET', path: '/readyz' });
        return answer.status === 503 ? answer : undefined;
      },
      5_000,
    );
    const readyFor = performance.now() - killedAt;
    // Then: no catalog instance is available, so the branch fails without sending anything.
    const later = await readView();

    const problem = await call(agent, port, { method: 'GET', path: `/api/products/${ids[0]}` });
    const results = await cluster.load({
      port,
      concurrency: 1,
      maxRequests: 200,
      durationMs: 10_000,
      requests: ids.map((id) => ({ method: 'GET', path: `/api/products/${id}` })),
    }).results;
    const latencies = results.map(([, ms]) => ms);
    const p99 = percentile(latencies, 99);

    const catalogStatus = (view: PricedCart) => view.upstreams.find((u) => u.service === 'catalog');
    console.info(
      `all-catalog-down: degraded cart view ${first.ms.toFixed(1)} ms right after the kill ` +
        `(${JSON.stringify(catalogStatus(first.view))}), ${later.ms.toFixed(1)} ms once unavailable ` +
        `(${JSON.stringify(catalogStatus(later.view))}); /readyz 503 after ${readyFor.toFixed(0)} ms; ` +
        `${results.length} product GETs: p50 ${percentile(latencies, 50).toFixed(2)} ms, ` +
        `p99 ${p99.toFixed(2)} ms, max ${Math.max(...latencies).toFixed(2)} ms`,
    );
    for (const { view, ms } of [first, later]) {
      expect(ms).toBeLessThan(BRANCH_TIMEOUT_MS);
      expect(view).toMatchObject({ id: cartId, degraded: true, itemCount: 4, subtotal: null });
      expect(view.items.map((line) => [line.productId, line.quantity, line.product])).toEqual(
        ids.map((id) => [id, 2, null]),
      );
      expect(catalogStatus(view)?.status).not.toBe('ok');
      expect(view.upstreams.find((u) => u.service === 'cart')?.status).toBe('ok');
    }
    expect(catalogStatus(later.view)?.status).toBe('breaker-open');
    expect(unready.value.body).toEqual({ status: 'unavailable' });

    expect(problem.status).toBe(503);
    expect(problem.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem.headers['retry-after']).toMatch(/^\d+$/);
    expect(problem.body).toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
    expect(results.map(([status]) => status)).toEqual(results.map(() => 503));
    expect(p99).toBeLessThan(50);

    // The operator's side: each instance's turns are logged once, not with every request.
    const turns = gateway.logs.filter((line) => line['upstream'] === 'catalog');
    const instances = new Set(turns.map((line) => line['instance']));
    expect(instances.size).toBe(2);
    for (const instance of instances) {
      const health = turns.filter(
        (line) => line['instance'] === instance && line['gate'] === 'health',
      );
      expect(health.map((line) => [line['state'], line['level']])).toEqual([
        ['healthy', 30],
        ['unhealthy', 40],
      ]);
      // The process is gone, so its port refuses: the line says so, naming the instance.
      expect(health[1]?.['reason']).toBe(`${String(instance)}: ECONNREFUSED`);
    }
    // Whether a breaker also opened depends on which gate saw the deaths first; any that did is
    // a setback too, so every line is a warning but the two `healthy` ones.
    const warnings = turns.filter((line) => line['level'] === 40);
    expect(warnings.length).toBe(turns.length - 2);
    const setbacks = new Set(['open', 'unhealthy', 'ejected']);
    expect(warnings.filter((line) => !setbacks.has(String(line['state'])))).toEqual([]);
    // Each says what caused it: the dead instance's refused connection.
    expect(warnings.map((line) => line['reason'])).toEqual(
      warnings.map((line) => `${String(line['instance'])}: ECONNREFUSED`),
    );
    // 200 fail-fast answers above, and a handful of lines about why.
    expect(turns.length).toBeLessThan(10);
  }, 25_000);
});
