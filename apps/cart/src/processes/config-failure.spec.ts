import { runToExit, tempDir, type TempDir } from '@cartwheel/service-kit/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const runCart = (env: Readonly<Record<string, string>>) => runToExit('cart', env);

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
