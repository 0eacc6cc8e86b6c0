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

describe('catalog process: a log reader that stops reading, or goes', () => {
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

  /** A catalog that logs every request, stopped by the hooks if a test does not stop it. */
  async function loggingCatalog(drainMs: number): Promise<SpawnedService> {
    svc = await spawnService('catalog', {
      env: {
        DATA_DIR: dir.path,
        LOG_LEVEL: 'info',
        DRAIN_MS: String(drainMs),
        SHUTDOWN_TIMEOUT_MS: '1000',
      },
    });
    return svc;
  }

  /** A catalog whose stdout reader has stopped, with the pipe and its own log buffer full. */
  async function stalledCatalog(drainMs: number): Promise<SpawnedService> {
    const spawned = await loggingCatalog(drainMs);
    // The reader stops: the pipe (64 KB) and this side's buffer fill, and the service's own
    // writes then find stdout full.
    spawned.child.stdout?.pause();
    for (let batch = 0; batch < 250; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          send(agent, spawned.port, { method: 'GET', path: '/products/p-none' }),
        ),
      );
      expect(answers.map((answer) => answer.ok && answer.status)).toEqual(Array(8).fill(404));
    }
    return spawned;
  }

  it('still stops within its bounds, and says on stderr that log lines were not written', async () => {
    const stalled = await stalledCatalog(200);
    const signalledAt = performance.now();
    stalled.child.kill('SIGTERM');
    expect(await exitWithin(stalled, 5_000)).toBe(0);
    const tookMs = performance.now() - signalledAt;
    // The drain (0.2 s), then 1 s waiting on stdout before the rest of the log is dropped.
    expect(tookMs).toBeGreaterThan(1_200);
    expect(tookMs).toBeLessThan(4_000);
    expect(stalled.stderr()).toContain(
      'log lines dropped at exit: stdout did not take them within 1000 ms',
    );
  }, 30_000);

  it('keeps the clean exit it began when a second signal comes while it waits on stdout', async () => {
    // Drain 1.5 s, then the wait on stdout until about 2.5 s: a second SIGTERM at 2 s is no
    // repeat of the first (over 1 s apart) and comes after the drain has ended cleanly.
    const stalled = await stalledCatalog(1_500);
    stalled.child.kill('SIGTERM');
    await sleep(2_000);
    expect(stalled.child.exitCode).toBeNull();
    stalled.child.kill('SIGTERM');
    // Exit 1 ("second signal, exiting now") would be the second signal's, had it won.
    expect(await exitWithin(stalled, 5_000)).toBe(0);
    expect(stalled.stderr()).toContain(
      'log lines dropped at exit: stdout did not take them within 1000 ms',
    );
  }, 30_000);

  it('says once on stderr that its log went dark when the reader closes stdout, and does not wait on it at exit', async () => {
    const spawned = await loggingCatalog(200);
    spawned.child.stdout?.destroy();
    // Each answer's access line is a write to the closed pipe; the first fails with EPIPE.
    for (let i = 0; i < 20; i += 1) {
      const answer = await send(agent, spawned.port, { method: 'GET', path: '/products/p-none' });
      expect(answer.ok && answer.status).toBe(404);
    }
    spawned.child.kill('SIGTERM');
    expect(await exitWithin(spawned, 5_000)).toBe(0);
    const stderr = spawned.stderr();
    expect(stderr.split('log lines dropped from now on')).toHaveLength(2);
    expect(stderr).toContain('the reader of stdout has closed it');
    // The wait for a reader that reads again, which this one never will.
    expect(stderr).not.toContain('did not take them within');
  }, 30_000);
});
