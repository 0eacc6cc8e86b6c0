// Runs the local system from the built bundles: each instance is a plain
// `node apps/<app>/dist/main.js` configured by environment variables, exactly as operators and
// containers run it. One Ctrl-C (SIGINT) or SIGTERM drains and stops them all.
import { spawn } from 'node:child_process';
import { imageRuntime } from './image-runtime.mjs';

const DATA_DIR = process.env.DATA_DIR ?? './data';
const DRAIN_MS = process.env.DRAIN_MS ?? '500';

/** What runs where; see the README's table. */
const INSTANCES = [
  { name: 'catalog-1', app: 'catalog', env: { PORT: '3011' } },
  { name: 'catalog-2', app: 'catalog', env: { PORT: '3012' } },
  { name: 'cart-1', app: 'cart', env: { PORT: '3021' } },
  { name: 'cart-2', app: 'cart', env: { PORT: '3022' } },
  {
    name: 'gateway',
    app: 'gateway',
    env: {
      PORT: '3000',
      CATALOG_UPSTREAMS: 'http://127.0.0.1:3011;weight=3,http://127.0.0.1:3012;weight=1',
      CART_UPSTREAMS: 'http://127.0.0.1:3021,http://127.0.0.1:3022',
    },
  },
];

const image = imageRuntime();
const children = INSTANCES.map(({ name, app, env }) => {
  const child = spawn(process.execPath, [...image.nodeFlags, `apps/${app}/dist/main.js`], {
    // Own process group: the terminal's Ctrl-C reaches only us, and we forward one signal.
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...image.env, DATA_DIR, DRAIN_MS, ...env },
  });
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ name, code, signal })),
  );
  return { name, child, exited };
});

let stopping = false;
const stopAll = (signal) => {
  if (stopping) return;
  stopping = true;
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.stderr.write(`\n${signal}: stopping ${children.length} instances gracefully\n`);
};
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));

// An instance that dies on its own is reported, and the rest keep serving: that is what the
// gateway's failover is for (kill one to watch it). Ctrl-C stops whatever still runs.
for (const { exited } of children) {
  exited.then(({ name, code, signal }) => {
    if (!stopping)
      process.stderr.write(`${name} exited (${code ?? signal}); the others keep running\n`);
  });
}
const results = await Promise.all(children.map((c) => c.exited));
const failed = results.filter((r) => r.code !== 0);
// Instances killed before the stop were reported already; the exit status covers the stop itself.
for (const r of failed) process.stderr.write(`${r.name} exited with ${r.code ?? r.signal}\n`);
process.exit(failed.length === 0 ? 0 : 1);
