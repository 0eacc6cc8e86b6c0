/** Row L: bench/lean-node-proxy.mjs in front of the minimal upstreams (see that file for why). */
import { startNodeApp } from './node-app.mjs';

export async function startLeanProxy(ctx, upstreamUrls) {
  const app = await startNodeApp(ctx, {
    name: 'lean-node-proxy',
    script: 'bench/lean-node-proxy.mjs',
    env: { UPSTREAMS: upstreamUrls.join(',') },
  });
  return { url: app.url, pids: [app.pid], stop: app.stop };
}
