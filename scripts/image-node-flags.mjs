// The Node.js flags the container image starts every service with, read from docker/Dockerfile's
// CMD, so that `npm start` and the bench run the services exactly as their image does.
import { readFileSync } from 'node:fs';

/** @returns the flags between `node` and `main.js` in the Dockerfile's exec-form CMD. */
export function imageNodeFlags() {
  const dockerfile = readFileSync(new URL('../docker/Dockerfile', import.meta.url), 'utf8');
  const cmd = /^CMD (\[.*\])\s*$/m.exec(dockerfile);
  const argv = cmd && JSON.parse(cmd[1]);
  if (!Array.isArray(argv) || argv[0] !== 'node' || argv.at(-1) !== 'main.js') {
    throw new Error('docker/Dockerfile: expected CMD ["node", ...flags, "main.js"]');
  }
  return argv.slice(1, -1);
}
