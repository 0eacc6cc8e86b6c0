import { ConfigError } from '@cartwheel/service-kit';
import { runToExit, spawnService, tempDir, type TempDir } from '@cartwheel/service-kit/testing';
import { readConfig } from './config';

describe('readConfig', () => {
  it('fills every default from an empty environment', () => {
    expect(readConfig({})).toEqual({
      PORT: 3001,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: './data',
      DRAIN_MS: 2000,
      SHUTDOWN_TIMEOUT_MS: 10_000,
      KEEP_ALIVE_TIMEOUT_MS: 65_000,
    });
    expect(readConfig({}).CATALOG_ADMIN_TOKEN).toBeUndefined();
  });

  it('reads valid values and ignores unrelated variables', () => {
    const config = readConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'silent',
      DATA_DIR: '/var/lib/catalog',
      DRAIN_MS: '0',
      CATALOG_ADMIN_TOKEN: 'sixteen-chars-ok',
      HOME: '/root',
    });
    expect(config).toMatchObject({
      PORT: 0,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'silent',
      DATA_DIR: '/var/lib/catalog',
      DRAIN_MS: 0,
      CATALOG_ADMIN_TOKEN: 'sixteen-chars-ok',
    });
    expect(config).not.toHaveProperty('HOME');
    expect(readConfig({ PORT: '65535' }).PORT).toBe(65535);
  });

  it.each<[string, Record<string, string>]>([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '80.5' }],
    ['PORT', { PORT: '' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'INFO' }],
    ['CATALOG_ADMIN_TOKEN', { CATALOG_ADMIN_TOKEN: 'short' }],
    ['CATALOG_ADMIN_TOKEN', { CATALOG_ADMIN_TOKEN: 'x'.repeat(15) }],
    ['DRAIN_MS', { DRAIN_MS: '300001' }],
    ['KEEP_ALIVE_TIMEOUT_MS', { KEEP_ALIVE_TIMEOUT_MS: '999' }],
    ['HOST', { HOST: '' }],
  ])('rejects a bad %s (%j) with a one-line ConfigError naming it', (name, env) => {
    let thrown: unknown;
    try {
      readConfig(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(new RegExp(`\\b${name}\\b`));
    expect(error.message).not.toContain('\n');
  });
});

describe('catalog main', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = tempDir('cartwheel-catalog-main-');
  });
  afterEach(() => {
    dir.remove();
  });

  it('exits 1 with one stderr line naming PORT when PORT is invalid', async () => {
    const { code, stdout, stderr } = await runToExit('catalog', {
      PORT: 'abc',
      DATA_DIR: dir.path,
    });

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n')).toBe(true);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\bPORT\b/);
  });

  it('boots on a free port with a fresh store, serves, and stops cleanly on SIGTERM', async () => {
    // spawnService waits for the `listening` line, so the log level stays at info.
    const service = await spawnService('catalog', { env: { DATA_DIR: dir.path, DRAIN_MS: '0' } });
    let ready: number | undefined;
    let product: [number, string | null] | undefined;
    try {
      ready = (await fetch(`${service.url}/readyz`)).status;
      const res = await fetch(`${service.url}/products/chef-knife-8in`);
      product = [res.status, res.headers.get('etag')];
    } finally {
      expect(await service.stop('SIGTERM')).toBe(0);
    }
    expect(ready).toBe(200);
    expect(product).toEqual([200, '"1"']);
    expect(service.logs.map((entry) => entry['msg'])).toEqual(
      expect.arrayContaining(['listening', 'draining', 'stopped']),
    );
  });
});
