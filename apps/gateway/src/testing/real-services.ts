import { spawnService, tempDir, type SpawnedService } from '@cartwheel/service-kit/testing';

export interface RealService {
  readonly url: string;
  readonly process: SpawnedService;
  /** Kills the process and removes its data folder. */
  close(): Promise<void>;
}

/**
 * A real catalog or cart process (its own `main.ts`, SQLite in a fresh temp dir). A process
 * rather than its createApp in this one: the gateway may not import another scope's code (the
 * module-boundary rule), and a process is the truer upstream anyway.
 */
export async function startRealService(name: 'catalog' | 'cart'): Promise<RealService> {
  const dir = tempDir(`cartwheel-gw-${name}-`);
  // No drain pause: a test that stops a service wants it gone at once.
  const spawned = await spawnService(name, {
    env: { DATA_DIR: dir.path, DRAIN_MS: '0' },
  }).catch((error: unknown) => {
    dir.remove();
    throw error;
  });
  return {
    url: spawned.url,
    process: spawned,
    close: async () => {
      await spawned.stop('SIGKILL');
      dir.remove();
    },
  };
}
