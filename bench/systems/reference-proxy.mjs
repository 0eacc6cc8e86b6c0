/**
 * The reference rows, in front of the minimal upstreams: row L (bench/lean-node-proxy.mjs) and
 * row E (bench/express-axios-proxy.mjs); see those files for what each leaves out and why.
 */
import { startNodeApp } from './node-app.mjs';

/**
 * Starts `bench/<name>.mjs`.
 * @example
 * await startReferenceProxy(ctx, 'lean-node-proxy', upstreams.urls);
 */
export async function startReferenceProxy(ctx, name, upstreamUrls) {
  const app = await startNodeApp(ctx, {
    name,
    script: `bench/${name}.mjs`,
    env: { UPSTREAMS: upstreamUrls.join(',') },
  });
  return { url: app.url, pids: [app.pid], stop: app.stop };
}
