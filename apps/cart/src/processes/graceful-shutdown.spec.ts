import { SqliteCartRepository } from '@cartwheel/cart';
import {
  spawnService,
  tempDir,
  type SpawnedService,
  type TempDir,
} from '@cartwheel/service-kit/testing';
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { addOne, createCart, quantities } from './cart-requests';
import { classify, loopUntilRefused } from '@cartwheel/service-kit/testing';

const LOOPS = 16;
const PRODUCTS_PER_CART = 40;

/**
 * Resets at the close: the cart answers writes from a synchronous SQLite call that fsyncs, so the
 * event loop is busy most of the time and the connections that clients open meanwhile wait in the
 * kernel's accept queue. When `drainAndClose` closes the listener, the kernel resets those
 * queued connections (a request that never reached the process). They are counted and shown to
 * have had no effect, but not failed; a reset on a reused socket or before the close fails.
 */
describe('cart process graceful shutdown', () => {
  let dir: TempDir;
  let svc: SpawnedService | undefined;
  let repository: SqliteCartRepository | undefined;
  let agent: Agent;
  let probeAgent: Agent;

  beforeEach(() => {
    dir = tempDir('cartwheel-drain-');
    agent = new Agent({ keepAlive: true, maxSockets: LOOPS });
    // The readiness probe keeps its own connection, so its requests do not queue behind the load's
    // new connections in the kernel during the drain.
    probeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  });

  afterEach(async () => {
    agent.destroy();
    probeAgent.destroy();
    await svc?.stop('SIGKILL');
    svc = undefined;
    await repository?.close();
    repository = undefined;
    dir.remove();
  });

  it('serves keep-alive load through SIGTERM; only connections after the close fail', async () => {
    svc = await spawnService('cart', {
      env: {
        DATA_DIR: dir.path,
        LOG_LEVEL: 'info',
        DRAIN_MS: '500',
        SHUTDOWN_TIMEOUT_MS: '5000',
      },
    });
    const { port } = svc;
    const carts = await Promise.all(Array.from({ length: LOOPS }, () => createCart(agent, port)));
    let signalled = false;
    const bounds = {
      signalled: () => signalled,
      maxIterations: 20_000,
      deadline: performance.now() + 15_000,
    };
    const loops = carts.map((cart, n) =>
      loopUntilRefused({
        ...bounds,
        agent,
        port,
        next: (i) =>
          i % 2 === 0
            ? { method: 'GET', path: `/carts/${cart.id}` }
            : addOne(cart.id, `p-${(i + n) % PRODUCTS_PER_CART}`),
      }),
    );
    const probes = loopUntilRefused({
      ...bounds,
      agent: probeAgent,
      port,
      pauseMs: 10,
      next: () => ({ method: 'GET', path: '/readyz' }),
    });

    await sleep(400);
    signalled = true;
    const exitCode = await svc.stop('SIGTERM');
    const loadRecords = await Promise.all(loops);
    const probeRecords = await probes;

    const verdicts = [...loadRecords, probeRecords].map((records) => {
      const loopVerdicts = classify(records);
      return records.map((record, i) => ({ record, verdict: loopVerdicts[i] }));
    });
    const all = verdicts.flat();
    const answered = all.flatMap(({ record: r }) =>
      r.outcome.ok ? [{ ...r.request, ...r.outcome, doneAt: r.doneAt }] : [],
    );
    const drained = answered.filter((r) => r.headers.connection === 'close');
    const resetsAtClose = all.filter((v) => v.verdict === 'reset-at-close');
    const first503 = answered.find((r) => r.path === '/readyz' && r.status === 503);
    console.info(
      `cart drain: ${answered.length} answered, ${drained.length} during the drain, ` +
        `${all.filter((v) => v.verdict === 'refused').length} refused after the close, ` +
        `${resetsAtClose.length} reset at the close, ` +
        `${all.filter((v) => v.verdict === 'failure').length} failures`,
    );

    expect(all.filter((v) => v.verdict === 'failure').map((v) => v.record)).toEqual([]);
    expect(exitCode).toBe(0);
    expect(svc.logs).toContainEqual(expect.objectContaining({ msg: 'stopped', clean: true }));
    // Every loop ended on a refused fresh connection, none on its iteration or time bound.
    expect(verdicts.map((loop) => loop.at(-1)?.verdict)).toEqual(
      Array.from({ length: LOOPS + 1 }, () => 'refused'),
    );
    expect(answered.filter((r) => r.path !== '/readyz' && r.status !== 200)).toEqual([]);
    expect(first503?.body).toEqual({ status: 'draining' });
    // The first answer with `Connection: close` shows the server draining: whatever was sent
    // after it arrived must close too.
    const drainSeenAt = Math.min(...drained.map((r) => r.doneAt));
    const sentWhileDraining = answered.filter((r) => r.sentAt > drainSeenAt);
    expect(sentWhileDraining.length).toBeGreaterThan(0);
    expect(sentWhileDraining.filter((r) => r.headers.connection !== 'close')).toEqual([]);
    expect(drained.filter((r) => r.path !== '/readyz').length).toBeGreaterThan(0);

    // Exactly the acknowledged adds are stored: no failed request took effect.
    repository = SqliteCartRepository.open(dir.path);
    for (const [n, cart] of carts.entries()) {
      const acked = new Map<string, number>();
      for (const r of loadRecords[n] ?? []) {
        const body = r.request.body as { productId: string } | undefined;
        if (r.outcome.ok && body !== undefined) {
          acked.set(body.productId, (acked.get(body.productId) ?? 0) + 1);
        }
      }
      const stored = await repository.getCart(cart.id);
      expect(stored && quantities(stored)).toEqual(acked);
    }
  });
});
