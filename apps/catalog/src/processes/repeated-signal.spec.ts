import {
  spawnService,
  tempDir,
  type SpawnedService,
  type TempDir,
} from '@cartwheel/service-kit/testing';
import { setTimeout as sleep } from 'node:timers/promises';

const messages = (svc: SpawnedService) => svc.logs.map((line) => line['msg']);

describe('catalog process: a repeated stop signal', () => {
  let dir: TempDir;
  let svc: SpawnedService | undefined;

  beforeEach(() => {
    dir = tempDir('cartwheel-catalog-signal-');
  });

  afterEach(async () => {
    await svc?.stop('SIGKILL');
    svc = undefined;
    dir.remove();
  });

  const start = async () =>
    spawnService('catalog', {
      env: { DATA_DIR: dir.path, LOG_LEVEL: 'info', DRAIN_MS: '2000', SHUTDOWN_TIMEOUT_MS: '5000' },
    });

  it('takes a SIGINT relayed at once (as a runner in the terminal does) for the same stop', async () => {
    svc = await start();
    svc.child.kill('SIGINT');
    await sleep(20);
    svc.child.kill('SIGINT');
    expect(await svc.exited).toBe(0);
    expect(messages(svc)).toEqual(['listening', 'draining', 'stopped']);
    expect(svc.logs.at(-1)).toMatchObject({ clean: true });
  }, 20_000);

  it('exits at once on a second SIGINT that comes later, while it drains', async () => {
    svc = await start();
    svc.child.kill('SIGINT');
    await sleep(1_300);
    svc.child.kill('SIGINT');
    expect(await svc.exited).toBe(1);
    // Exit 1 with no `stopped`: it did not wait for the 2 s drain to end.
    expect(messages(svc)).toEqual(['listening', 'draining', 'second signal, exiting now']);
  }, 20_000);
});
