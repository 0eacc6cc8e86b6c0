import { tempDir, type TempDir } from '@cartwheel/service-kit/testing';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const WORKSPACE = resolve(__dirname, '../../../..');

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the cart's `main.ts` to its exit; a bad config must end it without a signal. */
async function runCart(env: Readonly<Record<string, string>>): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cart/src/main.ts'], {
    cwd: WORKSPACE,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

describe('cart process with an invalid configuration', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = tempDir('cartwheel-config-');
  });

  afterEach(() => {
    dir.remove();
  });

  it.each([
    ['PORT', 'abc'],
    ['DRAIN_MS', '-1'],
  ])('exits 1 with one stderr line naming %s=%s', async (name, value) => {
    const dataDir = join(dir.path, 'data');
    const exit = await runCart({ PORT: '0', DATA_DIR: dataDir, [name]: value });

    expect(exit.code).toBe(1);
    expect(exit.stdout).toBe('');
    const lines = exit.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(lines[0]?.split(/[\s:]+/)).toContain(name);
    // It failed before touching anything: no database file was created.
    expect(existsSync(dataDir)).toBe(false);
  });
});
