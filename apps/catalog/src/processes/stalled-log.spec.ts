import {
  send,
  spawnService,
  tempDir,
  type SpawnedService,
  type TempDir,
} from '@cartwheel/service-kit/testing';
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves with the exit, or with 'still running' once `ms` have passed; leaves no timer. */
async function exitWithin(svc: SpawnedService, ms: number): Promise<number | string> {
  const timer = new AbortController();
  try {
    return await Promise.race([svc.exited, sleep(ms, 'still running', { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}

describe('catalog process: a log reader that stops reading', () => {
  let dir: TempDir;
  let svc: SpawnedService | undefined;
  let agent: Agent;

  beforeEach(() => {
    dir = tempDir('cartwheel-catalog-stalled-log-');
    agent = new Agent({ keepAlive: true, maxSockets: 8 });
  });

  afterEach(async () => {
    agent.destroy();
    await svc?.stop('SIGKILL');
    svc = undefined;
    dir.remove();
  });

  it('still stops within its bounds, and says on stderr that log lines were not written', async () => {
    svc = await spawnService('catalog', {
      env: { DATA_DIR: dir.path, LOG_LEVEL: 'info', DRAIN_MS: '200', SHUTDOWN_TIMEOUT_MS: '1000' },
    });
    // The reader stops: the pipe (64 KB) and this side's buffer fill, and the service's own
    // writes then find stdout full.
    svc.child.stdout?.pause();
    const { port } = svc;
    for (let batch = 0; batch < 250; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          send(agent, port, { method: 'GET', path: '/products/p-none' }),
        ),
      );
      expect(answers.map((answer) => answer.ok && answer.status)).toEqual(Array(8).fill(404));
    }

    const signalledAt = performance.now();
    svc.child.kill('SIGTERM');
    expect(await exitWithin(svc, 5_000)).toBe(0);
    const tookMs = performance.now() - signalledAt;
    // The drain (0.2 s), then 1 s waiting on stdout before the rest of the log is dropped.
    expect(tookMs).toBeGreaterThan(1_200);
    expect(tookMs).toBeLessThan(4_000);
    expect(svc.stderr()).toContain(
      'log lines dropped at exit: stdout did not take them within 1000 ms',
    );
  }, 30_000);
});
