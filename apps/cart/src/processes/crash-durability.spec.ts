import type { Cart } from '@cartwheel/contracts';
import {
  spawnService,
  tempDir,
  type SpawnedService,
  type TempDir,
} from '@cartwheel/service-kit/testing';
import { Agent } from 'node:http';
import { addOne, createCart, quantities, readCart } from './cart-requests';
import { send, type HttpOutcome } from '@cartwheel/service-kit/testing';

const CARTS = 4;
const PRODUCTS = 10;

interface PlannedAdd {
  readonly cartId: string;
  readonly productId: string;
}

/** Spreads `count` adds over the carts and products: 200 adds make 5 per line. */
const planAdds = (carts: readonly Cart[], count: number): PlannedAdd[] =>
  Array.from({ length: count }, (_, i) => ({
    cartId: carts[i % carts.length]?.id ?? '',
    productId: `p-${Math.floor(i / carts.length) % PRODUCTS}`,
  }));

/** `cartId -> productId -> count` of the adds for which `include` holds. */
function countPerLine(
  adds: readonly PlannedAdd[],
  include: (i: number) => boolean,
): Map<string, Map<string, number>> {
  const lines = new Map<string, Map<string, number>>();
  adds.forEach((add, i) => {
    const cart = lines.get(add.cartId) ?? new Map<string, number>();
    if (include(i)) cart.set(add.productId, (cart.get(add.productId) ?? 0) + 1);
    lines.set(add.cartId, cart);
  });
  return lines;
}

const isAck = (o: HttpOutcome): boolean => o.ok && (o.status === 200 || o.status === 201);

describe('cart process killed with SIGKILL', () => {
  let dir: TempDir;
  let services: SpawnedService[] = [];
  let agent: Agent;

  const start = async (): Promise<SpawnedService> => {
    const svc = await spawnService('cart', { env: { DATA_DIR: dir.path, LOG_LEVEL: 'info' } });
    services.push(svc);
    return svc;
  };

  beforeEach(() => {
    dir = tempDir('cartwheel-crash-');
    agent = new Agent({ keepAlive: true, maxSockets: 16 });
  });

  afterEach(async () => {
    agent.destroy();
    await Promise.all(services.map((svc) => svc.stop('SIGKILL')));
    services = [];
    dir.remove();
  });

  it('keeps every write acknowledged before the kill', async () => {
    const first = await start();
    const carts = await Promise.all(
      Array.from({ length: CARTS }, () => createCart(agent, first.port)),
    );
    const adds = planAdds(carts, 200);
    const outcomes: HttpOutcome[] = [];
    // Batches of 8 concurrent adds, the next batch after the previous one is acknowledged.
    for (let at = 0; at < adds.length; at += 8) {
      const batch = adds.slice(at, at + 8);
      outcomes.push(
        ...(await Promise.all(
          batch.map((add) => send(agent, first.port, addOne(add.cartId, add.productId))),
        )),
      );
    }
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');

    expect(outcomes.filter((o) => !isAck(o))).toEqual([]);
    const second = await start();
    const acked = countPerLine(adds, (i) => outcomes[i] !== undefined && isAck(outcomes[i]));
    for (const cart of carts) {
      const stored = await readCart(agent, second.port, cart.id);
      const lines = acked.get(cart.id);
      expect(stored && quantities(stored)).toEqual(lines);
      expect(stored?.version).toBe(1 + adds.filter((add) => add.cartId === cart.id).length);
    }
    console.info(`crash after last ack: ${outcomes.length} adds acked, all ${CARTS} carts found`);
  });

  it('keeps acknowledged writes when killed with writes in flight', async () => {
    const first = await start();
    const carts = await Promise.all(
      Array.from({ length: CARTS }, () => createCart(agent, first.port)),
    );
    const adds = planAdds(carts, 200);
    const KILL_AFTER = 60;
    let acks = 0;
    const observe = (o: HttpOutcome): HttpOutcome => {
      if (isAck(o) && ++acks === KILL_AFTER) first.child.kill('SIGKILL');
      return o;
    };
    // A create after every 20 adds, all sent at once over 16 connections, in this order.
    const addOutcomes: Array<Promise<HttpOutcome>> = [];
    const createOutcomes: Array<Promise<HttpOutcome>> = [];
    adds.forEach((add, i) => {
      addOutcomes.push(send(agent, first.port, addOne(add.cartId, add.productId)).then(observe));
      if (i % 20 === 19) {
        const create = { method: 'POST', path: '/carts', body: {} } as const;
        createOutcomes.push(send(agent, first.port, create).then(observe));
      }
    });
    const settledAdds = await Promise.all(addOutcomes);
    const settledCreates = await Promise.all(createOutcomes);
    expect(await first.exited).toBe('SIGKILL');

    const failed = [...settledAdds, ...settledCreates].filter((o) => !isAck(o));
    // Unacknowledged requests died with the process: no HTTP error answers.
    expect(failed.filter((o) => o.ok)).toEqual([]);
    expect(failed.length).toBeGreaterThan(0);
    expect(acks).toBeGreaterThanOrEqual(KILL_AFTER);

    const second = await start();
    const acked = countPerLine(adds, (i) => settledAdds[i] !== undefined && isAck(settledAdds[i]));
    const sent = countPerLine(adds, () => true);
    let storedAdds = 0;
    for (const cart of carts) {
      const stored = await readCart(agent, second.port, cart.id);
      const lines = stored ? quantities(stored) : new Map<string, number>();
      for (const [productId, sentCount] of sent.get(cart.id) ?? []) {
        const ackedCount = acked.get(cart.id)?.get(productId) ?? 0;
        expect(lines.get(productId) ?? 0).toBeGreaterThanOrEqual(ackedCount);
        expect(lines.get(productId) ?? 0).toBeLessThanOrEqual(sentCount);
      }
      // Each add raises one quantity and the version by one: no torn write.
      const total = [...lines.values()].reduce((sum, n) => sum + n, 0);
      expect(stored?.version).toBe(1 + total);
      storedAdds += total;
    }
    const createdIds = settledCreates.flatMap((o) =>
      o.ok && o.status === 201 ? [(o.body as Cart).id] : [],
    );
    for (const id of createdIds) {
      expect(await readCart(agent, second.port, id)).toMatchObject({ id, version: 1, items: [] });
    }
    console.info(
      `crash in flight: ${acks} acked (${createdIds.length} creates), ${storedAdds} adds stored, ` +
        `${failed.length} unacknowledged of ${settledAdds.length + settledCreates.length}`,
    );
  });
});
