// How the container image starts every service, read from docker/Dockerfile so that `npm start`
// and the bench run the services exactly as their image does: the Node.js flags of its CMD and
// the glibc allocator settings of its ENV.
import { readFileSync } from 'node:fs';

/**
 * @returns `nodeFlags`: the flags between `node` and `main.js` in the exec-form CMD; `env`: the
 * `ENV MALLOC_*=value` lines.
 * @example
 * const { nodeFlags, env } = imageRuntime(); // ['--max-semi-space-size=8', ...], { MALLOC_ARENA_MAX: '2' }
 */
export function imageRuntime() {
  const dockerfile = readFileSync(new URL('../docker/Dockerfile', import.meta.url), 'utf8');
  const cmd = /^CMD (\[.*\])\s*$/m.exec(dockerfile);
  const argv = cmd && JSON.parse(cmd[1]);
  if (!Array.isArray(argv) || argv[0] !== 'node' || argv.at(-1) !== 'main.js') {
    throw new Error('docker/Dockerfile: expected CMD ["node", ...flags, "main.js"]');
  }
  const env = {};
  for (const [, name, value] of dockerfile.matchAll(/^ENV (MALLOC_[A-Z_]+)=(\S+)\s*$/gm)) {
    env[name] = value;
  }
  return { nodeFlags: argv.slice(1, -1), env };
}
