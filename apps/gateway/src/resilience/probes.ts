import type { ServiceSnapshot } from '@cartwheel/gateway';
import type { InstanceSnapshot } from '@cartwheel/upstream';
import { send, type LoopbackRequest } from '@cartwheel/service-kit/testing';
import type { Agent, IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly ms: number;
}

/**
 * One request to `127.0.0.1:<port>`, e.g. with an `Idempotency-Key`, that must get an answer: a
 * connection error rejects, which in these specs is a test failure.
 */
export async function call(agent: Agent, port: number, req: LoopbackRequest): Promise<Answer> {
  const outcome = await send(agent, port, req);
  if (!outcome.ok) throw new Error(`${req.method} ${req.path}: ${outcome.code}`);
  const { status, headers, body, sentAt } = outcome;
  return { status, headers, body, ms: performance.now() - sentAt };
}

/** One instance's state in the gateway's `GET /admin/upstreams`. */
export async function instanceState(
  agent: Agent,
  gatewayPort: number,
  service: 'catalog' | 'cart',
  instanceUrl: string,
): Promise<InstanceSnapshot> {
  const answer = await call(agent, gatewayPort, { method: 'GET', path: '/admin/upstreams' });
  const { services } = answer.body as { services: ServiceSnapshot[] };
  const id = instanceUrl.replace(/\/$/, '');
  const found = services.find((s) => s.service === service)?.instances.find((i) => i.id === id);
  if (found === undefined) throw new Error(`${service} instance ${id} not in /admin/upstreams`);
  return found;
}

/**
 * Polls `check` until it returns a value, at most `timeoutMs`; the bound is the test's, the pause
 * only spaces the polls. Resolves with the value and how long it took.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  pauseMs = 20,
): Promise<{ readonly value: T; readonly ms: number }> {
  const started = performance.now();
  for (;;) {
    const value = await check();
    const ms = performance.now() - started;
    if (value !== undefined) return { value, ms };
    if (ms > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pauseMs);
  }
}

/** Sum of `http_server_request_duration_seconds_count` for one route template, from /metrics. */
export async function servedCount(agent: Agent, port: number, route: string): Promise<number> {
  const answer = await call(agent, port, { method: 'GET', path: '/metrics' });
  const label = `route="${route}"`;
  return String(answer.body)
    .split('\n')
    .filter((line) => line.startsWith('http_server_request_duration_seconds_count{'))
    .filter((line) => line.includes(label))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** The `p`th percentile (0..100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** The first `limit` product ids (seeded: 80), read from one catalog instance directly. */
export async function productIds(agent: Agent, catalogPort: number, limit = 20): Promise<string[]> {
  const path = `/products?limit=${limit}`;
  const answer = await call(agent, catalogPort, { method: 'GET', path });
  if (answer.status !== 200) throw new Error(`catalog /products: ${answer.status}`);
  return (answer.body as { items: Array<{ id: string }> }).items.map((p) => p.id);
}

/** Waits until the gateway sees every one of `urls` as available (e.g. after starting together). */
export async function untilAvailable(
  agent: Agent,
  gatewayPort: number,
  service: 'catalog' | 'cart',
  urls: readonly string[],
): Promise<void> {
  await waitFor(
    `${service} instances to be available`,
    async () => {
      const states = await Promise.all(
        urls.map((url) => instanceState(agent, gatewayPort, service, url)),
      );
      return states.every((s) => s.available && s.health !== 'unhealthy') ? true : undefined;
    },
    10_000,
    50,
  );
}
