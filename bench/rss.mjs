/**
 * Peak resident memory of a system under test. nginx and haproxy may fork workers, so the whole
 * process tree is summed; for a single process the kernel's own high-water mark (VmHWM) catches
 * peaks between two polls.
 *
 * @example
 * const watch = watchRss([gateway.pid]);
 * ... load ...
 * const peakBytes = watch.stop();
 */
import { readdirSync, readFileSync } from 'node:fs';

export function watchRss(rootPids, intervalMs = 100) {
  let peak = 0;
  const poll = () => {
    const pids = rootPids.flatMap(processTree);
    const sum = pids.reduce((total, pid) => total + statusKb(pid, 'VmRSS'), 0) * 1024;
    const hwm = pids.length === 1 ? statusKb(pids[0], 'VmHWM') * 1024 : 0;
    peak = Math.max(peak, sum, hwm);
  };
  poll();
  const timer = setInterval(poll, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      poll();
      return peak;
    },
  };
}

/** The pid and its descendants, read from /proc/<pid>/task/<tid>/children. */
export function processTree(pid) {
  const result = [pid];
  for (const child of childrenOf(pid)) result.push(...processTree(child));
  return result;
}

function childrenOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

function statusKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}
