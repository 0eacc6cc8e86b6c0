import type { InstanceSnapshot, PoolSnapshot } from '@cartwheel/upstream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpClient } from './http-client';

/** One instance's state in the gateway's `GET /admin/upstreams`, by its upstream URL. */
export async function instanceState(
  gateway: HttpClient,
  service: 'catalog' | 'cart',
  upstreamUrl: string,
): Promise<InstanceSnapshot> {
  const answer = await gateway.call('GET', '/admin/upstreams');
  const { services } = answer.body as { services: PoolSnapshot[] };
  const found = services
    .find((s) => s.service === service)
    ?.instances.find((i) => i.url.replace(/\/$/, '') === upstreamUrl);
  if (found === undefined) throw new Error(`${service} ${upstreamUrl} is not in /admin/upstreams`);
  return found;
}

/**
 * Polls `check` until it returns a value, e.g. an instance's state once it is ejected; the bound is
 * the caller's, the pause only spaces the polls.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
