/**
 * CPU time a process has used so far (user + system), from /proc/<pid>/stat. On a shared
 * machine, CPU per request moves far less from run to run than requests per second do.
 *
 * @example
 * const before = cpuMicros(pid); ... load ...; const perRequest = (cpuMicros(pid) - before) / n;
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond;

export function cpuMicros(pid) {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  // The command name (field 2) may hold spaces and parentheses; the fields after its last `)`
  // start at field 3, so utime and stime (fields 14 and 15) are at 11 and 12 here.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond;
}
