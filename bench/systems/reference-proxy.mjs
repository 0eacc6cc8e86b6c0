/**
 * The reference rows, in front of the minimal upstreams: row L (bench/lean-node-proxy.mjs) and
 * row E (bench/express-axios-proxy.mjs); see those files for what each leaves out and why.
 */
import { startNodeApp } from './node-app.mjs';

/**
 * @example
 * await startReferenceProxy(ctx, { name: 'lean-node-proxy', script: 'bench/lean-node-proxy.mjs' }, urls);
 */
export async function startReferenceProxy(ctx, { name, script }, upstreamUrls) {
  const app = await startNodeApp(ctx, { name, script, env: { UPSTREAMS: upstreamUrls.join(',') } });
  return { url: app.url, pids: [app.pid], stop: app.stop };
}
