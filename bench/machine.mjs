/** What the report says about the machine: the numbers only mean something next to it. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

export function describeMachine(tools) {
  return {
    nproc: availableParallelism(),
    cpu: cpuModel(),
    memoryGb: totalmem() / 1e9,
    kernel: firstLine(readText('/proc/sys/kernel/osrelease')),
    node: process.version,
    haproxy: versionOf(tools.haproxy, ['-v'], /version (\S+)/),
    nginx: versionOf(tools.nginx, ['-v'], /nginx\/(\S+)/),
    wrk: versionOf(tools.wrk, ['-v'], /wrk (\S+)/),
  };
}

function cpuModel() {
  const match = /^model name\s*:\s*(.+)$/m.exec(readText('/proc/cpuinfo'));
  return match?.[1] ?? 'unknown';
}

function versionOf(binary, args, pattern) {
  // nginx prints its version on stderr; `wrk -v` prints it and exits 1.
  const { stdout, stderr } = spawnSync(binary, args, { encoding: 'utf8' });
  return pattern.exec(`${stdout ?? ''}${stderr ?? ''}`)?.[1] ?? 'unknown';
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function firstLine(text) {
  return text.split('\n')[0] || 'unknown';
}
