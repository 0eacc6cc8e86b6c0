// Runs the local system from the built bundles: each instance is a plain
// `node apps/<app>/dist/main.js` configured by environment variables, exactly as operators and
// containers run it. One Ctrl-C (SIGINT) or SIGTERM drains and stops them all.
import { spawn } from 'node:child_process';

const DATA_DIR = process.env.DATA_DIR ?? './data';
const DRAIN_MS = process.env.DRAIN_MS ?? '500';

/** What runs where; see the README's table. */
const INSTANCES = [
  { name: 'catalog', app: 'catalog', env: { PORT: '3001' } },
  { name: 'cart', app: 'cart', env: { PORT: '3002' } },
];

const children = INSTANCES.map(({ name, app, env }) => {
  const child = spawn(process.execPath, [`apps/${app}/dist/main.js`], {
    // Own process group: the terminal's Ctrl-C reaches only us, and we forward one signal.
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DATA_DIR, DRAIN_MS, ...env },
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

// If one instance dies on its own, stop the rest rather than run a half system.
const first = await Promise.race(children.map((c) => c.exited));
if (!stopping) {
  process.stderr.write(
    `${first.name} exited (${first.code ?? first.signal}); stopping the others\n`,
  );
  stopAll('exit');
}
const results = await Promise.all(children.map((c) => c.exited));
const failed = results.filter((r) => r.code !== 0);
for (const r of failed) process.stderr.write(`${r.name} exited with ${r.code ?? r.signal}\n`);
process.exit(failed.length === 0 ? 0 : 1);
