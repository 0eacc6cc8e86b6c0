import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const WORKSPACE = resolve(__dirname, '../../../..');

export interface SpawnedService {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Every log line the process printed, parsed. */
  readonly logs: ReadonlyArray<Record<string, unknown>>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | string>;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export interface SpawnOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
}

/**
 * Starts a real service process from its `main.ts` (through tsx, so no build is needed) on a free
 * port, and resolves once it logs that it listens.
 */
export async function spawnService(
  app: 'catalog' | 'cart' | 'gateway',
  options: SpawnOptions = {},
): Promise<SpawnedService> {
  const child = spawn(process.execPath, ['--import', 'tsx', `apps/${app}/src/main.ts`], {
    cwd: WORKSPACE,
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (child.stdout === null) throw new Error('spawned without a stdout pipe');
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${app} did not start: ${stderr}`)),
      options.startTimeoutMs ?? 20_000,
    );
    lines.on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry['msg'] === 'listening') {
        clearTimeout(timer);
        resolvePort(Number(entry['port']));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited with ${code} before listening: ${stderr}`));
    });
  }).catch(async (error: unknown) => {
    // Never leave a half-started process behind a failed start.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    logs,
    stderr: () => stderr,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
