import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

const WORKSPACE = resolve(__dirname, '../../../..');

export interface ProcessExit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs an app's `main.ts` (through tsx) until it exits by itself, as a bad configuration must
 * make it: killed after `timeoutMs` otherwise, which then shows as a null exit code.
 */
export function runToExit(
  app: 'catalog' | 'cart' | 'gateway',
  env: Readonly<Record<string, string>>,
  timeoutMs = 15_000,
): Promise<ProcessExit> {
  return runScriptToExit(`apps/${app}/src/main.ts`, env, timeoutMs);
}

/** {@link runToExit} for any TypeScript file, its path relative to the workspace. */
export async function runScriptToExit(
  script: string,
  env: Readonly<Record<string, string>>,
  timeoutMs = 15_000,
): Promise<ProcessExit> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: WORKSPACE,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}
