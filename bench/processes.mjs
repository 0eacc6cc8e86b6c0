/**
 * Every process the bench starts goes through here, so that one call stops them all: at the
 * end, on an error, and on Ctrl-C. Children get their own process group (the terminal's Ctrl-C
 * reaches only the bench, which then stops them in order) and write to a log file, not a pipe,
 * so that a chatty system under test costs the bench no CPU. The environment is only PATH and what
 * the caller sets: a LOG_LEVEL or CACHE_TTL_MS in the caller's shell must not change a row.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

const running = new Set();

/**
 * @example
 * const nginx = startProcess({ name: 'nginx', command: '/usr/sbin/nginx', args, logFile });
 * await nginx.stop();
 */
export function startProcess({ name, command, args = [], env = {}, logFile }) {
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { PATH: process.env.PATH, ...env },
  });
  closeSync(fd);
  const handle = {
    name,
    child,
    pid: child.pid,
    logFile,
    exited: new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
    }),
    isRunning: () =>
      child.exitCode === null && child.signalCode === null && child.pid !== undefined,
    stop: (graceMs) => stopProcess(handle, graceMs),
    logTail: () => logTail(logFile),
  };
  running.add(handle);
  void handle.exited.then(() => running.delete(handle));
  return handle;
}

/** SIGTERM, then SIGKILL to the child's own process group if it has not exited in time. */
export async function stopProcess(handle, graceMs = 5000) {
  if (!handle.isRunning()) return handle.exited;
  handle.child.kill('SIGTERM');
  const timer = setTimeout(() => killGroup(handle.pid, 'SIGKILL'), graceMs);
  const result = await handle.exited;
  clearTimeout(timer);
  return result;
}

/** Stops what still runs, newest first (load generators before proxies before upstreams). */
export async function stopAll() {
  for (const handle of [...running].reverse()) await stopProcess(handle);
}

/**
 * On SIGINT or SIGTERM, runs `cleanUp` (which stops what the script started) and exits with 130;
 * on `exit`, which cannot wait, kills the groups left. npm forwards the terminal's Ctrl-C, which
 * the terminal also sends: the same stop may arrive twice, and a second one must not kill the
 * script before its children are stopped.
 *
 * @param {() => Promise<unknown>} cleanUp
 * @param {(signal: string) => void} [onStop] told first, e.g. to log the stop
 * @returns {() => boolean} whether a stop has been asked for (a run it cut short failed because of it)
 */
export function stopOnSignals(cleanUp, onStop) {
  let stopping = false;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      onStop?.(signal);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  return () => stopping;
}

/** Last resort on `exit`, which cannot wait: kill the groups we created. */
function killAllNow() {
  for (const handle of running) if (handle.isRunning()) killGroup(handle.pid, 'SIGKILL');
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

function logTail(logFile, chars = 2000) {
  try {
    return readFileSync(logFile, 'utf8').slice(-chars);
  } catch {
    return '';
  }
}
