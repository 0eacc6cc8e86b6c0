import {
  spawnService,
  tempDir,
  type SpawnedService,
  type TempDir,
} from '@cartwheel/service-kit/testing';
import { Agent } from 'node:http';
import { addOne, createCart, quantities, readCart } from './cart-requests';
import { send } from '@cartwheel/service-kit/testing';

const CARTS = 8;
const PRODUCTS = 5;
const ADDS = 400;

describe('two cart processes on one data file', () => {
  let dir: TempDir;
  let services: SpawnedService[] = [];
  let agent: Agent;

  beforeEach(() => {
    dir = tempDir('cartwheel-two-');
    agent = new Agent({ keepAlive: true });
  });

  afterEach(async () => {
    agent.destroy();
    await Promise.all(services.map((svc) => svc.stop('SIGKILL')));
    services = [];
    dir.remove();
  });

  it('serialises 400 concurrent adds from both processes without losing one', async () => {
    const env = { DATA_DIR: dir.path, LOG_LEVEL: 'info' };
    // One after the other: both would migrate the fresh file at once, which must also work,
    // but this test is about the writes.
    services.push(await spawnService('cart', { env }));
    services.push(await spawnService('cart', { env }));
    const ports = services.map((svc) => svc.port);
    const portOf = (i: number): number => ports[i % ports.length] ?? 0;

    const carts = await Promise.all(
      Array.from({ length: CARTS }, (_, i) => createCart(agent, portOf(i))),
    );
    // Add i goes to cart i % 8, product (i / 8) % 5: 10 adds per line, 50 per cart.
    const plan = Array.from({ length: ADDS }, (_, i) => ({
      cartId: carts[i % CARTS]?.id ?? '',
      productId: `p-${Math.floor(i / CARTS) % PRODUCTS}`,
      port: portOf(i),
    }));

    const started = performance.now();
    const outcomes = await Promise.all(
      plan.map((add) => send(agent, add.port, addOne(add.cartId, add.productId))),
    );
    const wallMs = performance.now() - started;
    console.info(
      `two-processes: ${ADDS} concurrent adds over 2 processes in ${wallMs.toFixed(0)} ms`,
    );

    const statuses = outcomes.map((o) => (o.ok ? o.status : o.code));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const expected = new Map<string, Map<string, number>>();
    for (const add of plan) {
      const lines = expected.get(add.cartId) ?? new Map<string, number>();
      lines.set(add.productId, (lines.get(add.productId) ?? 0) + 1);
      expected.set(add.cartId, lines);
    }
    for (const cart of carts) {
      const lines = expected.get(cart.id) ?? new Map<string, number>();
      const adds = [...lines.values()].reduce((sum, n) => sum + n, 0);
      for (const port of ports) {
        const stored = await readCart(agent, port, cart.id);
        expect(stored && quantities(stored)).toEqual(lines);
        expect(stored?.version).toBe(1 + adds);
      }
    }
  });
});
