import { ConfigError } from '@cartwheel/service-kit';
import {
  runToExit,
  spawnService,
  tempDir,
  type SpawnedService,
  type TempDir,
} from '@cartwheel/service-kit/testing';
import { startFaultServer, type FaultServer } from '@cartwheel/upstream/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readConfig, readGatewayFile, resolveServices } from './config';

const spec = (url: string, weight = 1) => ({ id: url, url: new URL(url), weight });

describe('readConfig (environment)', () => {
  it('fills every default from an empty environment', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CATALOG_LB: 'weighted-round-robin',
      CART_LB: 'weighted-round-robin',
      REQUEST_TIMEOUT_MS: 3_000,
      BRANCH_TIMEOUT_MS: 1_500,
      UPSTREAM_CONNECT_TIMEOUT_MS: 500,
      CACHE_TTL_MS: 30_000,
      CACHE_STALE_IF_ERROR_MS: 300_000,
      CACHE_MAX_ENTRIES: 10_000,
    });
    expect(config.GATEWAY_CONFIG).toBeUndefined();
    const empty = { breaker: {}, retry: {}, retryBudget: {}, outlier: {}, healthCheck: {} };
    expect(config.services).toEqual({
      catalog: {
        instances: [spec('http://127.0.0.1:3001')],
        balancer: 'weighted-round-robin',
        ...empty,
      },
      cart: {
        instances: [spec('http://127.0.0.1:3002')],
        balancer: 'weighted-round-robin',
        ...empty,
      },
    });
  });

  it('parses upstream lists with weights and the balancer per service', () => {
    const config = readConfig({
      PORT: '0',
      CATALOG_UPSTREAMS: 'http://127.0.0.1:3011;weight=3, http://127.0.0.1:3012;weight=1',
      CART_UPSTREAMS: 'http://127.0.0.1:3021,http://127.0.0.1:3022/;weight=100',
      CATALOG_LB: 'least-request',
      CART_LB: 'round-robin',
      CACHE_TTL_MS: '0',
    });
    expect(config.PORT).toBe(0);
    expect(config.CACHE_TTL_MS).toBe(0);
    expect(config.services.catalog.instances).toEqual([
      spec('http://127.0.0.1:3011', 3),
      spec('http://127.0.0.1:3012', 1),
    ]);
    expect(config.services.catalog.balancer).toBe('least-request');
    expect(config.services.cart.instances).toEqual([
      spec('http://127.0.0.1:3021', 1),
      { ...spec('http://127.0.0.1:3022/', 100), id: 'http://127.0.0.1:3022' },
    ]);
    expect(config.services.cart.balancer).toBe('round-robin');
  });

  it.each<[string, Record<string, string>]>([
    ['CATALOG_UPSTREAMS', { CATALOG_UPSTREAMS: 'not a url' }],
    ['CATALOG_UPSTREAMS', { CATALOG_UPSTREAMS: '127.0.0.1:3011' }],
    ['CATALOG_UPSTREAMS', { CATALOG_UPSTREAMS: 'ftp://127.0.0.1:3011' }],
    ['CATALOG_UPSTREAMS', { CATALOG_UPSTREAMS: 'http://127.0.0.1:3011;weight=0' }],
    ['CATALOG_UPSTREAMS', { CATALOG_UPSTREAMS: 'http://127.0.0.1:3011;weight=101' }],
    ['CATALOG_UPSTREAMS', { CATALOG_UPSTREAMS: 'http://127.0.0.1:3011;weight=2.5' }],
    ['CATALOG_UPSTREAMS', { CATALOG_UPSTREAMS: 'http://127.0.0.1:3011;wieght=2' }],
    ['CATALOG_UPSTREAMS', { CATALOG_UPSTREAMS: 'http://127.0.0.1:3011?x=1' }],
    ['CATALOG_UPSTREAMS', { CATALOG_UPSTREAMS: '' }],
    ['CART_UPSTREAMS', { CART_UPSTREAMS: 'http://127.0.0.1:3021,http://127.0.0.1:3021' }],
    ['CART_UPSTREAMS', { CART_UPSTREAMS: 'http://127.0.0.1:3021,' }],
    ['CATALOG_LB', { CATALOG_LB: 'fastest' }],
    ['CART_LB', { CART_LB: 'Round-Robin' }],
    ['PORT', { PORT: 'abc' }],
    ['REQUEST_TIMEOUT_MS', { REQUEST_TIMEOUT_MS: '10' }],
    ['BRANCH_TIMEOUT_MS', { BRANCH_TIMEOUT_MS: '1.5' }],
    ['UPSTREAM_CONNECT_TIMEOUT_MS', { UPSTREAM_CONNECT_TIMEOUT_MS: '0' }],
    ['CACHE_TTL_MS', { CACHE_TTL_MS: '-1' }],
    ['CACHE_MAX_ENTRIES', { CACHE_MAX_ENTRIES: '0' }],
    ['GATEWAY_CONFIG', { GATEWAY_CONFIG: '' }],
  ])('refuses a bad %s with a ConfigError naming it', (name, env) => {
    let caught: unknown;
    try {
      readConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message.split(/[\s:]+/)).toContain(name);
    expect(message).not.toContain('\n');
  });

  it('never echoes credentials from an upstream URL', () => {
    expect(() => readConfig({ CATALOG_UPSTREAMS: 'http://admin:hunter2@127.0.0.1:3011' })).toThrow(
      /^Invalid configuration: CATALOG_UPSTREAMS (?!.*hunter2)/,
    );
  });
});

describe('GATEWAY_CONFIG file', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir('cartwheel-gw-config-');
  });
  afterEach(() => dir.remove());

  const reading = (text: string) => () => text;
  const good = {
    catalog: {
      upstreams: 'http://127.0.0.1:4011;weight=2,http://127.0.0.1:4012',
      lb: 'round-robin',
      breaker: { volumeThreshold: 5, attemptTimeout: 500 },
      healthCheck: { interval: 1_000, unhealthyInterval: 250 },
    },
    cart: {
      retry: { maxRetries: 1 },
      outlier: { consecutiveFailures: 3, healthyProbeReadmits: false },
    },
  };

  it('parses a good file; its settings override the environment, per service', () => {
    const file = readGatewayFile('gateway.json', reading(JSON.stringify(good)));
    const env = readConfig({ CART_UPSTREAMS: 'http://127.0.0.1:4021', CART_LB: 'random' });
    const services = resolveServices(env, file);
    expect(services.catalog).toEqual({
      instances: [spec('http://127.0.0.1:4011', 2), spec('http://127.0.0.1:4012')],
      balancer: 'round-robin',
      breaker: { volumeThreshold: 5, attemptTimeout: 500 },
      retry: {},
      retryBudget: {},
      outlier: {},
      healthCheck: { interval: 1_000, unhealthyInterval: 250 },
    });
    expect(services.cart).toEqual({
      instances: [spec('http://127.0.0.1:4021')],
      balancer: 'random',
      breaker: {},
      retry: { maxRetries: 1 },
      retryBudget: {},
      outlier: { consecutiveFailures: 3, healthyProbeReadmits: false },
      healthCheck: {},
    });
  });

  it('is read by readConfig from the path in GATEWAY_CONFIG', () => {
    const path = join(dir.path, 'gateway.json');
    writeFileSync(path, JSON.stringify({ cart: { lb: 'least-request' } }));
    const config = readConfig({ GATEWAY_CONFIG: path });
    expect(config.GATEWAY_CONFIG).toBe(path);
    expect(config.services.cart.balancer).toBe('least-request');
    expect(config.services.catalog.balancer).toBe('weighted-round-robin');
  });

  it.each([
    ['bad JSON', '{"catalog": {'],
    ['an empty file', ''],
    ['not an object', '[]'],
    ['an unknown service', '{"catalogue": {}}'],
    ['an unknown field', '{"catalog": {"timeout": 1000}}'],
    ['an unknown breaker field', '{"catalog": {"breaker": {"timeout": 1000}}}'],
    ['an unknown balancer', '{"catalog": {"lb": "fastest"}}'],
    ['a bad upstream weight', '{"cart": {"upstreams": "http://127.0.0.1:1;weight=0"}}'],
    ['a non-integer setting', '{"cart": {"retry": {"maxRetries": 1.5}}}'],
    ['a string for a number', '{"cart": {"retry": {"maxRetries": "2"}}}'],
    ['a string for a flag', '{"cart": {"outlier": {"healthyProbeReadmits": "no"}}}'],
  ])('refuses %s with a ConfigError naming GATEWAY_CONFIG', (_what, text) => {
    expect(() => readGatewayFile('/etc/gateway.json', reading(text))).toThrow(ConfigError);
    expect(() => readGatewayFile('/etc/gateway.json', reading(text))).toThrow(
      /^Invalid configuration: GATEWAY_CONFIG \/etc\/gateway\.json: /,
    );
  });

  it('refuses a file that cannot be read, through readConfig too', () => {
    const missing = join(dir.path, 'missing.json');
    expect(() => readConfig({ GATEWAY_CONFIG: missing })).toThrow(ConfigError);
    expect(() => readConfig({ GATEWAY_CONFIG: missing })).toThrow(/GATEWAY_CONFIG/);
  });
});

const runGateway = (env: Readonly<Record<string, string>>) => runToExit('gateway', env);

describe('gateway process', () => {
  let dir: TempDir;
  let upstreams: FaultServer[] = [];
  let gateway: SpawnedService | undefined;

  beforeEach(async () => {
    dir = tempDir('cartwheel-gw-process-');
    upstreams = await Promise.all(['a', 'b', 'c'].map((name) => startFaultServer(name)));
  });

  afterEach(async () => {
    await gateway?.stop('SIGKILL');
    gateway = undefined;
    await Promise.all(upstreams.map((s) => s.close()));
    dir.remove();
  });

  const admin = async (): Promise<unknown> => {
    const response = await fetch(`${gateway!.url}/admin/upstreams`);
    expect(response.status).toBe(200);
    return response.json();
  };
  /** The catalog and cart entries of /admin/upstreams, reduced to strategy and instances. */
  const topology = async () => {
    const body = (await admin()) as {
      services: Array<{
        service: string;
        strategy: string;
        instances: Array<{ id: string; weight: number }>;
      }>;
    };
    return body.services.map((s) => ({
      service: s.service,
      strategy: s.strategy,
      instances: s.instances.map((i) => `${i.id};weight=${i.weight}`),
    }));
  };
  /** Waits for the `index`-th log line with this message (lines arrive asynchronously). */
  const logged = async (msg: string, count: number): Promise<Record<string, unknown>> => {
    const until = performance.now() + 5_000;
    for (;;) {
      const lines = gateway!.logs.filter((line) => line['msg'] === msg);
      if (lines.length >= count) return lines[count - 1]!;
      if (performance.now() > until)
        throw new Error(`no log line ${JSON.stringify(msg)} #${count}`);
      await sleep(20);
    }
  };

  it('reloads GATEWAY_CONFIG on SIGHUP, and keeps the running config when the file is bad', async () => {
    const [a, b, c] = upstreams.map((s) => s.id) as [string, string, string];
    const file = join(dir.path, 'gateway.json');
    const write = (value: unknown) =>
      writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    write({ catalog: { lb: 'round-robin', upstreams: `${a};weight=2` } });
    gateway = await spawnService('gateway', {
      env: {
        GATEWAY_CONFIG: file,
        CATALOG_UPSTREAMS: b,
        CART_UPSTREAMS: c,
        CART_LB: 'random',
        DRAIN_MS: '0',
      },
    });
    const first = [
      { service: 'catalog', strategy: 'round-robin', instances: [`${a};weight=2`] },
      { service: 'cart', strategy: 'random', instances: [`${c};weight=1`] },
    ];
    expect(await topology()).toEqual(first);

    write({
      catalog: { lb: 'least-request', upstreams: `${a},${b};weight=5` },
      cart: { lb: 'weighted-random' },
    });
    gateway.child.kill('SIGHUP');
    expect(await logged('configuration reloaded', 1)).toMatchObject({ level: 30, file });
    const second = [
      {
        service: 'catalog',
        strategy: 'least-request',
        instances: [`${a};weight=1`, `${b};weight=5`],
      },
      { service: 'cart', strategy: 'weighted-random', instances: [`${c};weight=1`] },
    ];
    expect(await topology()).toEqual(second);

    // Not JSON, then JSON that the schema refuses, then a valid schema the breaker refuses.
    const bad = [
      '{"catalog": ',
      { catalog: { lb: 'fastest' } },
      { catalog: { breaker: { rollingCountTimeout: 10_000, resetTimeout: 5 } } },
    ];
    for (const [i, content] of bad.entries()) {
      write(content);
      gateway.child.kill('SIGHUP');
      const refusal = await logged('configuration reload refused; keeping the running one', i + 1);
      expect(refusal).toMatchObject({ level: 50, file });
      expect(await topology()).toEqual(second);
    }
    expect(gateway.child.exitCode).toBeNull();
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
    expect(gateway.logs.filter((l) => l['msg'] === 'configuration reloaded')).toHaveLength(1);
    expect(await gateway.stop('SIGTERM')).toBe(0);
  });

  it('ignores SIGHUP, with a warning, when GATEWAY_CONFIG is not set', async () => {
    const [a, , c] = upstreams.map((s) => s.id) as [string, string, string];
    gateway = await spawnService('gateway', { env: { CATALOG_UPSTREAMS: a, CART_UPSTREAMS: c } });
    const before = await topology();
    gateway.child.kill('SIGHUP');
    expect(await logged('SIGHUP ignored: GATEWAY_CONFIG is not set', 1)).toMatchObject({
      level: 40,
    });
    expect(await topology()).toEqual(before);
    expect(gateway.child.exitCode).toBeNull();
  });

  it.each<[string, Record<string, string>]>([
    ['PORT', { PORT: 'abc' }],
    ['GATEWAY_CONFIG', { GATEWAY_CONFIG: '/nonexistent/gateway.json' }],
  ])('exits 1 at boot with one stderr line naming %s', async (name, env) => {
    const exit = await runGateway({ PORT: '0', ...env });
    expect(exit.code).toBe(1);
    expect(exit.stdout).toBe('');
    const lines = exit.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(lines[0]!.split(/[\s:]+/)).toContain(name);
  });
});
