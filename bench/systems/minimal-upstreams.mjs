/** Two minimal upstreams (see ../upstream/minimal-upstream.mjs) behind the pure proxy rows. */
import { requestJson } from '../net.mjs';
import { startNodeApp } from './node-app.mjs';

export async function startMinimalUpstreams(ctx, count = 2) {
  const instances = [];
  for (let i = 1; i <= count; i += 1) {
    instances.push(
      await startNodeApp(ctx, {
        name: `upstream-${i}`,
        script: 'bench/upstream/minimal-upstream.mjs',
      }),
    );
  }
  return {
    instances,
    urls: instances.map((u) => u.url),
    /** Product requests served so far, summed over the instances. */
    async calls() {
      const stats = await Promise.all(instances.map((u) => requestJson(`${u.url}/__stats`)));
      return stats.reduce((sum, s) => sum + s.productRequests, 0);
    },
    async stop() {
      await Promise.all(instances.map((u) => u.stop()));
    },
  };
}
