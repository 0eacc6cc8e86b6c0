/**
 * Row 3: nginx upstream round robin with keep-alive to the upstreams, in the foreground with its
 * prefix, pid and temp paths in the bench's temp folder. One worker, like the one-process
 * gateway. `keepalive_requests` is raised on both sides so nginx does not recycle connections
 * every 1,000 requests, which neither HAProxy nor the gateway does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST, freePort, waitForHttp } from '../net.mjs';
import { startProcess } from '../processes.mjs';

export function nginxConfig({ port, upstreamUrls, dir }) {
  const servers = upstreamUrls.map((url) => `    server ${new URL(url).host};`);
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream upstreams {
${servers.join('\n')}
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen ${HOST}:${port};
    keepalive_requests 1000000;
    location / {
      proxy_pass http://upstreams;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

export async function startNginx(ctx, upstreamUrls) {
  const port = await freePort();
  const dir = join(ctx.tmpDir, 'nginx');
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig({ port, upstreamUrls, dir }));
  const handle = startProcess({
    name: 'nginx',
    command: ctx.tools.nginx,
    args: ['-e', join(dir, 'error.log'), '-g', 'daemon off;', '-p', dir, '-c', conf],
    logFile: join(ctx.tmpDir, 'nginx.log'),
  });
  const url = `http://${HOST}:${port}`;
  await waitForHttp(`${url}/readyz`, { process: handle });
  return { url, pids: [handle.pid], stop: () => handle.stop() };
}
