import {
  spawnService,
  tempDir,
  type SpawnedService,
  type TempDir,
} from '@cartwheel/service-kit/testing';
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { classify, loopUntilRefused } from '@cartwheel/service-kit/testing';

const LOOPS = 8;

describe('catalog process graceful shutdown', () => {
  let dir: TempDir;
  let svc: SpawnedService | undefined;
  let agent: Agent;
  let probeAgent: Agent;

  beforeEach(() => {
    dir = tempDir('cartwheel-catalog-drain-');
    agent = new Agent({ keepAlive: true, maxSockets: LOOPS });
    probeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  });

  afterEach(async () => {
    agent.destroy();
    probeAgent.destroy();
    await svc?.stop('SIGKILL');
    svc = undefined;
    dir.remove();
  });

  it('serves keep-alive reads through SIGTERM; only connections after the close fail', async () => {
    svc = await spawnService('catalog', {
      env: {
        DATA_DIR: dir.path,
        LOG_LEVEL: 'info',
        DRAIN_MS: '500',
        SHUTDOWN_TIMEOUT_MS: '5000',
      },
    });
    const { port } = svc;
    let signalled = false;
    const bounds = {
      agent,
      port,
      signalled: () => signalled,
      maxIterations: 20_000,
      deadline: performance.now() + 15_000,
    };
    const loops = Array.from({ length: LOOPS }, () =>
      loopUntilRefused({
        ...bounds,
        next: (i) => ({ method: 'GET', path: i % 2 === 0 ? '/products' : '/categories' }),
      }),
    );
    const probes = loopUntilRefused({
      ...bounds,
      agent: probeAgent,
      pauseMs: 10,
      next: () => ({ method: 'GET', path: '/readyz' }),
    });

    await sleep(400);
    signalled = true;
    const exitCode = await svc.stop('SIGTERM');
    const records = [...(await Promise.all(loops)), await probes];

    const all = records.flatMap((loop) => {
      const verdicts = classify(loop);
      return loop.map((record, i) => ({ record, verdict: verdicts[i] }));
    });
    const answered = all.flatMap(({ record: r }) =>
      r.outcome.ok ? [{ ...r.request, ...r.outcome, doneAt: r.doneAt }] : [],
    );
    const drained = answered.filter((r) => r.headers.connection === 'close');
    const count = (verdict: string): number => all.filter((v) => v.verdict === verdict).length;
    console.info(
      `catalog drain: ${answered.length} answered, ${drained.length} during the drain, ` +
        `${count('refused')} refused after the close, ${count('reset-at-close')} reset at ` +
        `the close, ${count('failure')} failures`,
    );

    expect(all.filter((v) => v.verdict === 'failure').map((v) => v.record)).toEqual([]);
    expect(exitCode).toBe(0);
    expect(svc.logs).toContainEqual(expect.objectContaining({ msg: 'stopped', clean: true }));
    expect(records.map((loop) => classify(loop).at(-1))).toEqual(
      Array.from({ length: LOOPS + 1 }, () => 'refused'),
    );
    expect(answered.filter((r) => r.path !== '/readyz' && r.status !== 200)).toEqual([]);
    expect(answered.find((r) => r.status === 503)?.body).toEqual({ status: 'draining' });
    const drainSeenAt = Math.min(...drained.map((r) => r.doneAt));
    const sentWhileDraining = answered.filter((r) => r.sentAt > drainSeenAt);
    expect(sentWhileDraining.length).toBeGreaterThan(0);
    expect(sentWhileDraining.filter((r) => r.headers.connection !== 'close')).toEqual([]);
    expect(drained.filter((r) => r.path !== '/readyz').length).toBeGreaterThan(0);
  });
});
