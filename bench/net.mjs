/** Loopback helpers: free ports and waiting until a started server answers. */
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const HOST = '127.0.0.1';

/** A port that was free a moment ago (the kernel picks it; we close and hand it on). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Loopback URLs on ports that were free a moment ago and that nothing listens on: every
 * connection to them is refused, as to a dead instance.
 */
export async function refusedUrls(count = 2) {
  const urls = [];
  for (let i = 0; i < count; i += 1) urls.push(`http://${HOST}:${await freePort()}`);
  return urls;
}

/**
 * Polls `url` until it answers `expectStatus`; fails early if the process died.
 *
 * @example await waitForHttp('http://127.0.0.1:4100/readyz', { process: gateway });
 */
export async function waitForHttp(url, { process: handle, timeoutMs = 20000, expectStatus = 200 }) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (handle !== undefined && !handle.isRunning()) {
      throw new Error(`${handle.name} exited before ${url} answered:\n${handle.logTail()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === expectStatus) return;
      last = `status ${res.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(100);
  }
  const tail = handle === undefined ? '' : `\n${handle.logTail()}`;
  throw new Error(`${url} did not answer ${expectStatus} in ${timeoutMs} ms (${last})${tail}`);
}

/** A JSON request for setting up fixtures (not for load). */
export async function requestJson(url, { method = 'GET', body } = {}) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return text === '' ? undefined : JSON.parse(text);
}
