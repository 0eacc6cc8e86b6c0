/**
 * Row 2: HAProxy round robin over the upstreams, keep-alive on both sides, in the foreground
 * (`-db`). One thread, as the gateway is one Node.js process: the rows compare like with like
 * on a machine whose cores the load generator and upstreams share.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST, freePort, waitForHttp } from '../net.mjs';
import { startProcess } from '../processes.mjs';

export function haproxyConfig({ port, upstreamUrls }) {
  const servers = upstreamUrls.map((url, i) => `  server u${i + 1} ${new URL(url).host}`);
  return [
    'global',
    '  nbthread 1',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  option http-keep-alive',
    '  http-reuse always',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    'frontend bench',
    `  bind ${HOST}:${port}`,
    '  default_backend upstreams',
    'backend upstreams',
    '  balance roundrobin',
    ...servers,
    '',
  ].join('\n');
}

export async function startHaproxy(ctx, upstreamUrls) {
  const port = await freePort();
  const conf = join(ctx.tmpDir, 'haproxy.cfg');
  writeFileSync(conf, haproxyConfig({ port, upstreamUrls }));
  const handle = startProcess({
    name: 'haproxy',
    command: ctx.tools.haproxy,
    args: ['-f', conf, '-db'],
    logFile: join(ctx.tmpDir, 'haproxy.log'),
  });
  const url = `http://${HOST}:${port}`;
  await waitForHttp(`${url}/readyz`, { process: handle });
  return { url, pids: [handle.pid], stop: () => handle.stop() };
}
