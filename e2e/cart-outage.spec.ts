import { PricedCart, ProductPage } from '@cartwheel/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from './support/admin';
import { Cluster } from './support/cluster';
import { startContainer, stopContainer, publishedPort } from './support/engine';
import { HttpClient } from './support/http-client';

/** Lines per cart before a writer starts a new one. */
const LINES_PER_CART = 10;

describe('a cart container killed while carts are written', () => {
  let cluster: Cluster;
  // At describe level so that a failed step still stops the writers: left running, they would
  // keep Jest from exiting and CI would hang instead of failing.
  const stopWriting = new AbortController();

  beforeAll(async () => {
    cluster = await Cluster.start();
  });

  afterEach(() => stopWriting.abort());

  afterAll(async () => {
    await cluster?.stop();
  });

  it('loses no acknowledged write: every line answered 2xx is there, through the other instance and after a restart', async () => {
    const gw = cluster.gateway.client;
    const products = ProductPage.parse((await gw.call('GET', '/api/products?limit=50')).body).items;
    /** Per cart, the product ids whose add was acknowledged. */
    const acknowledged = new Map<string, Set<string>>();
    let writes = 0;
    /** Statuses (or connection errors) of the writes that were not acknowledged. */
    const unacknowledged: (number | string)[] = [];

    // Each writer makes carts and adds lines one by one, each POST with its own Idempotency-Key so
    // the gateway may retry it on the other instance.
    const writer = async (w: number) => {
      for (let c = 0; !stopWriting.signal.aborted; c++) {
        const created = await gw.send('POST', '/api/carts', {
          headers: { 'Idempotency-Key': `w${w}-c${c}` },
        });
        writes += 1;
        if (!created.ok || created.status !== 201) {
          unacknowledged.push(created.ok ? created.status : created.code);
          continue;
        }
        const { id } = PricedCart.parse(created.body);
        const lines = new Set<string>();
        acknowledged.set(id, lines);
        for (let i = 0; i < LINES_PER_CART && !stopWriting.signal.aborted; i++) {
          const productId = products[(w * 7 + i) % products.length]!.id;
          const added = await gw.send('POST', `/api/carts/${id}/items`, {
            headers: { 'Idempotency-Key': `${id}-${i}` },
            body: { productId, quantity: 1 },
          });
          writes += 1;
          if (added.ok && added.status === 200) lines.add(productId);
          else unacknowledged.push(added.ok ? added.status : added.code);
        }
      }
    };
    const writing = Promise.all([0, 1, 2, 3].map(writer));

    await sleep(1_500);
    const victim = cluster.carts[0];
    await stopContainer(victim.container, 0);
    await sleep(1_500);
    stopWriting.abort();
    await writing;

    const lost = async (client: HttpClient, prefix: string): Promise<string[]> => {
      const missing: string[] = [];
      for (const [id, lines] of acknowledged) {
        const answer = await client.call('GET', `${prefix}/carts/${id}`);
        const { items = [] } = answer.body as { items?: { productId: string }[] };
        const held = new Set(items.map((l) => l.productId));
        for (const productId of lines) if (!held.has(productId)) missing.push(`${id}/${productId}`);
        if (answer.status !== 200) missing.push(`${id}: ${answer.status}`);
      }
      return missing;
    };
    const lines = [...acknowledged.values()].reduce((n, s) => n + s.size, 0);
    const lostViaGateway = await lost(gw, '/api');

    // The killed instance, started again, recovers the same file (WAL) and holds every write too.
    await startContainer(victim.container);
    const restarted = new HttpClient(
      victim.container.getHost(),
      await publishedPort(victim.container, 3000),
    );
    try {
      await waitFor(
        'the restarted cart-1 to be ready',
        async () => {
          const outcome = await restarted.send('GET', '/readyz');
          return outcome.ok && outcome.status === 200 ? true : undefined;
        },
        30_000,
      );
      const lostViaRestarted = await lost(restarted, '');
      console.info(
        `cart-1 killed while writing: ${writes} writes, ${writes - unacknowledged.length} acknowledged ` +
          `(${acknowledged.size} carts, ${lines} lines), ${unacknowledged.length} not (${JSON.stringify(unacknowledged)}); lost: ` +
          `${lostViaGateway.length} read through the gateway, ${lostViaRestarted.length} read from the restarted cart-1`,
      );
      expect(acknowledged.size).toBeGreaterThan(0);
      expect(lostViaGateway).toEqual([]);
      expect(lostViaRestarted).toEqual([]);
    } finally {
      restarted.close();
    }
  });
});
