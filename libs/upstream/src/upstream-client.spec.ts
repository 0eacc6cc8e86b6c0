import { refusingUrl, waitUntil } from '@cartwheel/service-kit/testing';
import {
  DeadlineExceededError,
  RequestCancelledError,
  UpstreamBadStatusError,
  UpstreamConnectionError,
  UpstreamUnavailableError,
} from './errors';
import { Deadline } from './deadline';
import { mulberry32 } from './random';
import { startFaultServer, type FaultServer } from './testing/fault-server';
import { createAxiosTransport } from './transport/axios-transport';
import type { Transport } from './transport/upstream-request';
import { UpstreamClient, type UpstreamClientOptions } from './upstream-client';
import { UpstreamPool } from './upstream-pool';

describe('UpstreamClient against real servers on loopback', () => {
  let servers: FaultServer[] = [];
  let transport: Transport;
  let pools: UpstreamPool[] = [];

  const client = (urls: string[], options: UpstreamClientOptions = {}, attemptTimeout = 1000) => {
    const pool = new UpstreamPool(
      {
        service: 'catalog',
        instances: urls.map((url) => ({ id: url, url: new URL(url), weight: 1 })),
        balancer: 'round-robin',
        breaker: { attemptTimeout },
      },
      { random: mulberry32(1) },
    );
    pools.push(pool);
    return new UpstreamClient(pool, transport, { random: mulberry32(2), ...options });
  };

  beforeEach(async () => {
    servers = await Promise.all([
      startFaultServer('a'),
      startFaultServer('b'),
      startFaultServer('c'),
    ]);
    transport = createAxiosTransport();
  });

  afterEach(async () => {
    for (const pool of pools) pool.shutdown();
    pools = [];
    await transport.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  const ids = () => servers.map((s) => s.id);
  const get = { method: 'GET', path: '/products/mug' } as const;

  it('fails a GET over from a 503 instance to a healthy one', async () => {
    servers[0]!.mode = { kind: 'status', status: 503 };
    servers[1]!.mode = { kind: 'status', status: 503 };
    const c = client(ids());
    for (let i = 0; i < 6; i += 1) {
      const response = await c.send(get);
      expect(response.status).toBe(200);
      expect(response.instanceId).toBe(servers[2]!.id);
    }
  });

  it('retries at most twice, on different instances, then reports the last failure', async () => {
    for (const s of servers) s.mode = { kind: 'status', status: 503 };
    const c = client(ids());
    await expect(c.send(get)).rejects.toBeInstanceOf(UpstreamBadStatusError);
    expect(servers.map((s) => s.received.length)).toEqual([1, 1, 1]);
  });

  it('does not retry a 500: the request itself may be what breaks the service', async () => {
    for (const s of servers) s.mode = { kind: 'status', status: 500 };
    await expect(client(ids()).send(get)).rejects.toMatchObject({ upstreamStatus: 500 });
    expect(servers.reduce((n, s) => n + s.received.length, 0)).toBe(1);
  });

  it('answers a 4xx as data without retrying', async () => {
    for (const s of servers) s.mode = { kind: 'status', status: 404 };
    const response = await client(ids()).send(get);
    expect(response.status).toBe(404);
    expect(servers.reduce((n, s) => n + s.received.length, 0)).toBe(1);
  });

  it('sends a POST without Idempotency-Key at most once, and retries one that has a key', async () => {
    for (const s of servers) s.mode = { kind: 'status', status: 503 };
    const c = client(ids());
    await expect(c.send({ method: 'POST', path: '/carts', body: {} })).rejects.toBeInstanceOf(
      UpstreamBadStatusError,
    );
    expect(servers.reduce((n, s) => n + s.received.length, 0)).toBe(1);
    await expect(
      c.send({ method: 'POST', path: '/carts', body: {}, headers: { 'Idempotency-Key': 'k1' } }),
    ).rejects.toBeInstanceOf(UpstreamBadStatusError);
    expect(servers.reduce((n, s) => n + s.received.length, 0)).toBe(4);
  });

  it('fails a POST without Idempotency-Key over from a refused connection: nothing was sent', async () => {
    const c = client([await refusingUrl(), servers[0]!.id]);
    for (let i = 0; i < 2; i += 1) {
      const response = await c.send({ method: 'POST', path: '/carts', body: {} });
      expect(response.instanceId).toBe(servers[0]!.id);
    }
    expect(servers[0]!.received.length).toBe(2);
  });

  it('fails over from a connection refused and from a reset', async () => {
    const dead = await refusingUrl();
    servers[1]!.mode = { kind: 'reset' };
    const c = client([dead, servers[1]!.id, servers[2]!.id]);
    for (let i = 0; i < 3; i += 1) expect((await c.send(get)).instanceId).toBe(servers[2]!.id);
  });

  it('reports a refused connection, marked as never sent, when every instance refuses', async () => {
    const c = client([await refusingUrl()]);
    await expect(c.send(get)).rejects.toMatchObject({ code: 'UPSTREAM_CONNECTION', refused: true });
  });

  it('marks a reset after the request was sent as possibly executed', async () => {
    servers[0]!.mode = { kind: 'reset' };
    const c = client([servers[0]!.id]);
    const error: unknown = await c.send(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamConnectionError);
    expect((error as UpstreamConnectionError).refused).toBe(false);
  });

  it('fails over from a refused connection without a backoff', async () => {
    // Backoff 1 s if it were applied: the answer must come far sooner.
    const c = client([await refusingUrl(), servers[0]!.id], {
      retry: { baseBackoffMs: 1_000, maxBackoffMs: 1_000 },
      random: () => 0.999,
    });
    for (let i = 0; i < 2; i += 1) {
      const started = performance.now();
      expect((await c.send(get)).instanceId).toBe(servers[0]!.id);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });

  it('aborts a slow attempt at its timeout and fails over within the deadline', async () => {
    servers[0]!.mode = { kind: 'delay', ms: 2_000 };
    const c = client([servers[0]!.id, servers[1]!.id], {}, 200);
    // Round robin alternates, so one of two requests meets the slow instance first.
    for (let i = 0; i < 2; i += 1) {
      const deadline = new Deadline(1_000);
      try {
        const response = await c.send(get, deadline.signal);
        expect([response.status, response.instanceId]).toEqual([200, servers[1]!.id]);
      } finally {
        deadline.dispose();
      }
    }
    expect(servers[0]!.received).toHaveLength(1);
    expect(servers[1]!.received).toHaveLength(2);
  });

  it('stops at the request deadline even while attempts are still allowed', async () => {
    for (const s of servers) s.mode = { kind: 'delay', ms: 2_000 };
    const c = client(ids(), {}, 1_500);
    const deadline = new Deadline(150);
    try {
      await expect(c.send(get, deadline.signal)).rejects.toBeInstanceOf(DeadlineExceededError);
    } finally {
      deadline.dispose();
    }
    expect(servers.reduce((n, s) => n + s.received.length, 0)).toBe(1);
  });

  it('closes the attempt in flight when its client cancels, and neither retries nor counts it', async () => {
    for (const s of servers) s.mode = { kind: 'delay', ms: 5_000 };
    const outcomes: string[] = [];
    const c = client(ids(), {
      observer: { attempted: (_s, _i, outcome) => outcomes.push(outcome) },
    });
    const deadline = new Deadline(10_000);
    const sent = c.send(get, deadline.signal);
    const received = () => servers.map((s) => s.received.length);
    await waitUntil(() => received().includes(1), 'the request to reach an instance');
    deadline.abort(new RequestCancelledError());
    await expect(sent).rejects.toBeInstanceOf(RequestCancelledError);
    const first = received().indexOf(1);
    await waitUntil(() => servers[first]!.cutOff === 1, 'the instance to see its request cut off');
    expect(received().reduce((a, b) => a + b)).toBe(1);
    expect(outcomes).toEqual(['cancelled']);
    expect(c.pool.snapshot().instances[first]).toMatchObject({ failures: 0, breaker: 'closed' });
  });

  it('spends no retries beyond the budget', async () => {
    for (const s of servers) s.mode = { kind: 'status', status: 503 };
    const c = client(ids(), { budget: { budgetPercent: 0, minRetryConcurrency: 0 } });
    await expect(c.send(get)).rejects.toBeInstanceOf(UpstreamBadStatusError);
    expect(servers.reduce((n, s) => n + s.received.length, 0)).toBe(1);
  });

  it('fails fast with UpstreamUnavailableError when no instance is available', async () => {
    servers[0]!.mode = { kind: 'status', status: 503 };
    const c = client([servers[0]!.id]);
    // Five consecutive failures eject the only instance (Envoy's consecutive_5xx).
    for (let i = 0; i < 5; i += 1)
      await expect(c.send(get)).rejects.toBeInstanceOf(UpstreamBadStatusError);
    const started = performance.now();
    await expect(c.send(get)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(performance.now() - started).toBeLessThan(50);
    expect(servers[0]!.received).toHaveLength(5);
  });

  it('refuses paths that could leave the configured base', async () => {
    const c = client(ids());
    for (const path of [
      '//evil.example/x',
      '/a/../admin',
      '/a/%2e%2e/b',
      'http://evil/',
      '/a//b',
    ]) {
      await expect(c.send({ method: 'GET', path })).rejects.toBeInstanceOf(RangeError);
    }
    expect(servers.reduce((n, s) => n + s.received.length, 0)).toBe(0);
  });
});
