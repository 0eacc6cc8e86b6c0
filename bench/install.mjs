/**
 * Finds haproxy, nginx and wrk, installing the missing ones from Debian with apt-get (one
 * `apt-get update` first). Debian's postinst may start the packaged nginx/haproxy services where
 * no policy-rc.d forbids it; those daemons are the bench's doing, so they are stopped again.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TOOLS = [
  { name: 'haproxy', pkg: 'haproxy', service: 'haproxy' },
  { name: 'nginx', pkg: 'nginx', service: 'nginx' },
  { name: 'wrk', pkg: 'wrk' },
];
const SEARCH_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** @returns {{ haproxy: string, nginx: string, wrk: string }} absolute paths */
export function ensureTools(log) {
  const missing = TOOLS.filter((tool) => which(tool.name) === undefined);
  if (missing.length > 0) {
    const pkgs = missing.map((tool) => tool.pkg);
    log(`installing ${pkgs.join(', ')} with apt-get`);
    const wasRunning = new Set(missing.filter((t) => t.service && daemonRuns(t.service)));
    apt(['update', '-q']);
    apt(['install', '-y', '-q', '--no-install-recommends', ...pkgs]);
    for (const tool of missing) {
      if (tool.service && !wasRunning.has(tool) && daemonRuns(tool.service)) {
        log(`stopping the ${tool.service} service that its package started`);
        spawnSync('invoke-rc.d', [tool.service, 'stop'], { stdio: 'ignore' });
      }
    }
  }
  const paths = Object.fromEntries(TOOLS.map((tool) => [tool.name, which(tool.name)]));
  const absent = TOOLS.filter((tool) => paths[tool.name] === undefined).map((t) => t.name);
  if (absent.length > 0) throw new Error(`still missing after apt-get: ${absent.join(', ')}`);
  return paths;
}

function which(name) {
  const dirs = [...(process.env.PATH ?? '').split(':'), ...SEARCH_PATH].filter(Boolean);
  return dirs.map((dir) => `${dir}/${name}`).find((file) => existsSync(file));
}

function apt(args) {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
  execFileSync(command, argv, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** The packaged daemons write their pid here; our own instances use the bench's temp folder. */
function daemonRuns(service) {
  return existsSync(`/run/${service}.pid`);
}
