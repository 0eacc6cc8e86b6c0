import {
  BreakerOpenError,
  RequestCancelledError,
  UpstreamBadStatusError,
  UpstreamUnavailableError,
} from './errors';
import { UpstreamInstance, type InstanceSpec } from './instance';
import type { InstanceEvent, InstanceEventListener } from './instance-event';
import type { UpstreamPoolOptions } from './pool-types';
import { deferred } from './testing';
import { UpstreamPool } from './upstream-pool';

const SPECS: InstanceSpec[] = ['a', 'b', 'c'].map((id, i) => ({
  id,
  url: new URL(`http://127.0.0.1:${3011 + i}`),
  weight: 1,
}));
const serverError = () => Promise.reject(new UpstreamBadStatusError(503));
/** An instance event as the tests compare them: `a breaker open`. */
const eventLine = (id: string, event: InstanceEvent) => `${id} ${event.gate} ${event.state}`;

let pools: UpstreamPool[] = [];
function newPool(
  options: Partial<UpstreamPoolOptions> = {},
  onInstanceEvent?: InstanceEventListener,
): UpstreamPool {
  const pool = new UpstreamPool(
    { service: 'catalog', instances: SPECS, balancer: 'round-robin', ...options },
    { random: () => 0, ...(onInstanceEvent && { onInstanceEvent }) },
  );
  pools.push(pool);
  return pool;
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  for (const pool of pools) pool.shutdown();
  pools = [];
  jest.useRealTimers();
});

describe('UpstreamPool', () => {
  it('counts in-flight, sent and failed attempts per instance in its snapshot', async () => {
    const pool = newPool();
    const [a] = pool.instances;
    const held = deferred<string>();
    const pending = pool.execute(a, () => held.promise);
    expect(pool.snapshot().instances[0]?.inFlight).toBe(1);
    held.resolve('ok');
    await expect(pending).resolves.toBe('ok');
    await expect(pool.execute(a, serverError)).rejects.toBeInstanceOf(UpstreamBadStatusError);
    await expect(
      pool.execute(a, () => Promise.reject(new UpstreamBadStatusError(404))),
    ).rejects.toBeInstanceOf(UpstreamBadStatusError);

    expect(pool.snapshot()).toEqual({
      service: 'catalog',
      instances: expect.arrayContaining([
        {
          id: 'a',
          url: 'http://127.0.0.1:3011/',
          weight: 1,
          available: true,
          breaker: 'closed',
          health: 'unknown',
          inFlight: 0,
          requests: 3,
          failures: 1,
          ejection: { state: 'admitted', consecutiveFailures: 0, ejections: 0 },
        },
      ]),
    });
  });

  it('fails over to a different instance on a failure and reports where it succeeded', async () => {
    const pool = newPool();
    const seen: string[] = [];
    const result = await pool.call((instance) => {
      seen.push(instance.id);
      return instance.id === 'a' ? serverError() : Promise.resolve(`from ${instance.id}`);
    });
    expect(result).toEqual({ ok: true, value: 'from b', instanceId: 'b', attempts: 2 });
    expect(seen).toEqual(['a', 'b']);
  });

  it('does not fail over on a 4xx, nor beyond maxAttempts', async () => {
    const pool = newPool();
    const notFound = new UpstreamBadStatusError(404);
    const attempt = jest.fn(() => Promise.reject(notFound));
    expect(await pool.call(attempt)).toEqual({ ok: false, error: notFound, attempts: 1 });
    const failing = jest.fn(serverError);
    const result = await pool.call(failing, { maxAttempts: 1 });
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(failing).toHaveBeenCalledTimes(1);
  });

  it('stops picking an instance after 5 consecutive failures eject it', async () => {
    const pool = newPool();
    const [a] = pool.instances;
    for (let i = 0; i < 5; i++) await pool.execute(a, serverError).catch(() => undefined);
    expect(pool.snapshot().instances[0]?.ejection.state).toBe('ejected');
    const picks = Array.from({ length: 6 }, () => pool.pick()?.id);
    expect(picks).not.toContain('a');
  });

  it('counts an attempt its client cancelled neither for nor against the instance', async () => {
    const pool = newPool();
    const [a] = pool.instances;
    const cancelled = async () => {
      const client = new AbortController();
      const attempt = pool.execute(a, (signal) => new Promise(() => signal), client.signal);
      client.abort(new RequestCancelledError());
      await expect(attempt).rejects.toBeInstanceOf(RequestCancelledError);
    };
    for (let i = 0; i < 4; i++) await pool.execute(a, serverError).catch(() => undefined);
    await cancelled();
    // Sent, so counted as a request; but the streak of 4 is neither broken nor lengthened.
    expect(pool.snapshot().instances[0]).toMatchObject({
      requests: 5,
      failures: 4,
      inFlight: 0,
      ejection: { state: 'admitted', consecutiveFailures: 4 },
    });

    await pool.execute(a, serverError).catch(() => undefined);
    expect(pool.snapshot().instances[0]?.ejection.state).toBe('ejected');
    await jest.advanceTimersByTimeAsync(30_000);
    expect(pool.snapshot().instances[0]?.ejection.state).toBe('probation');
    // A cancelled probation trial frees the trial for the next request instead of deciding.
    await cancelled();
    expect(pool.snapshot().instances[0]?.ejection).toMatchObject({
      state: 'probation',
      ejections: 1,
    });
    expect(a.isAvailable()).toBe(true);
    await expect(pool.execute(a, () => Promise.resolve('back'))).resolves.toBe('back');
    expect(pool.snapshot().instances[0]?.ejection.state).toBe('admitted');
  });

  it('stops picking an instance whose breaker is open, and fails fast when none is left', async () => {
    const pool = newPool({
      breaker: { volumeThreshold: 2 },
      outlier: { consecutiveFailures: 100 },
    });
    for (const instance of pool.instances) {
      for (let i = 0; i < 2; i++) await pool.execute(instance, serverError).catch(() => undefined);
    }
    expect(pool.snapshot().instances.map((instance) => instance.breaker)).toEqual([
      'open',
      'open',
      'open',
    ]);
    expect(pool.pick()).toBeUndefined();
    const result = await pool.call(() => Promise.resolve('never sent'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBeInstanceOf(UpstreamUnavailableError);
    await expect(pool.execute(pool.instances[1], () => Promise.resolve(1))).rejects.toBeInstanceOf(
      BreakerOpenError,
    );
  });

  it('stops picking an instance its health checks mark unhealthy', async () => {
    const pool = newPool({
      healthCheck: { probe: (target) => Promise.resolve(target.id !== 'b') },
    });
    pool.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(pool.snapshot().instances.map((instance) => instance.health)).toEqual([
      'healthy',
      'unhealthy',
      'healthy',
    ]);
    expect(Array.from({ length: 6 }, () => pool.pick()?.id)).toEqual([
      'a',
      'c',
      'a',
      'c',
      'a',
      'c',
    ]);
  });

  it("tells its listener every turn of an instance's breaker, health and ejection", async () => {
    const events: string[] = [];
    const reasons: string[] = [];
    const pool = newPool(
      {
        instances: SPECS.slice(0, 2),
        breaker: { volumeThreshold: 2, resetTimeout: 10_000 },
        // Readmission by the probation trial; the next test has a's passing probes readmit it.
        outlier: { consecutiveFailures: 3, healthyProbeReadmits: false },
        healthCheck: { probe: (target) => Promise.resolve(target.id !== 'b') },
      },
      (id, event) => {
        events.push(eventLine(id, event));
        if ('reason' in event) reasons.push(`${id} ${event.state}: ${event.reason}`);
      },
    );
    pool.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(events).toEqual(['a health healthy', 'b health unhealthy']);

    events.length = 0;
    const [a] = pool.instances;
    for (let i = 0; i < 2; i++) await pool.execute(a, serverError).catch(() => undefined);
    expect(events).toEqual(['a breaker open']);
    await jest.advanceTimersByTimeAsync(10_000);
    await pool.execute(a, serverError).catch(() => undefined);
    // The third failure in a row both re-opens the breaker and ejects the instance.
    expect(events).toEqual([
      'a breaker open',
      'a breaker half-open',
      'a breaker open',
      'a ejection ejected',
    ]);

    events.length = 0;
    await jest.advanceTimersByTimeAsync(30_000);
    await expect(pool.execute(a, () => Promise.resolve('back'))).resolves.toBe('back');
    expect(events).toEqual(['a breaker half-open', 'a breaker closed', 'a ejection readmitted']);
    // Each setback says what caused it; the recoveries say nothing.
    expect(reasons).toEqual([
      'b unhealthy: the probe reported it unhealthy',
      'a open: upstream answered with status 503',
      'a open: upstream answered with status 503',
      'a ejected: upstream answered with status 503',
    ]);
  });

  it('readmits an ejected instance at its next passing health probe, long before its trial', async () => {
    const events: InstanceEvent[] = [];
    const pool = newPool(
      {
        outlier: { consecutiveFailures: 3 },
        healthCheck: { interval: 1_000, probe: () => Promise.resolve(true) },
      },
      (_id, event) => {
        if (event.gate === 'ejection') events.push(event);
      },
    );
    pool.start();
    await jest.advanceTimersByTimeAsync(0);
    const [a] = pool.instances;
    for (let i = 0; i < 3; i++) await pool.execute(a, serverError).catch(() => undefined);
    expect(events.map((event) => event.state)).toEqual(['ejected']);
    expect(Array.from({ length: 4 }, () => pool.pick()?.id)).not.toContain('a');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(events.at(-1)).toEqual({ gate: 'ejection', state: 'readmitted', by: 'health-check' });
    expect(pool.snapshot().instances[0]?.ejection).toEqual({
      state: 'admitted',
      consecutiveFailures: 0,
      ejections: 1,
    });
    expect(Array.from({ length: 3 }, () => pool.pick()?.id)).toContain('a');
    // Probes that pass while it is in say nothing more.
    await jest.advanceTimersByTimeAsync(5_000);
    expect(events).toHaveLength(2);
  });

  it('tells nothing once shut down: attempts that end on a pool a reload retired are not news', async () => {
    const events: string[] = [];
    const pool = newPool({ outlier: { consecutiveFailures: 3 } }, (id, event) =>
      events.push(eventLine(id, event)),
    );
    const [a] = pool.instances;
    const held = [deferred<string>(), deferred<string>(), deferred<string>()];
    const attempts = held.map((d) => pool.execute(a, () => d.promise).catch(() => undefined));
    pool.shutdown();
    // Three failures in a row eject `a` in this retired pool. Logged, that would read as news of
    // the running pool's instance of the same URL, which may be taking traffic well.
    for (const d of held) d.reject(new UpstreamBadStatusError(503));
    await Promise.all(attempts);
    expect(events).toEqual([]);
  });

  it('leaves no timers behind after shutdown', async () => {
    const timersBefore = jest.getTimerCount();
    const pool = newPool({ healthCheck: { probe: () => Promise.resolve(true) } });
    pool.start();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(jest.getTimerCount()).toBeGreaterThan(timersBefore);
    pool.shutdown();
    expect(jest.getTimerCount()).toBe(timersBefore);
  });

  it('rejects an empty pool, duplicate ids and instances it does not hold', async () => {
    expect(() => newPool({ instances: [] })).toThrow(RangeError);
    expect(() => newPool({ instances: [SPECS[0], SPECS[0]] })).toThrow(/unique/);
    const stranger = new UpstreamInstance({ id: 'zz', url: new URL('http://10.0.0.9'), weight: 1 });
    await expect(newPool().execute(stranger, () => Promise.resolve(1))).rejects.toThrow(
      /instance zz is not in pool catalog/,
    );
  });
});
