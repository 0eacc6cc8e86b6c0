import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { runScriptToExit } from './testing';

const WARN = 40;

async function flood(lines: number, backlogBytes: number) {
  const { code, stdout } = await runScriptToExit(
    'libs/service-kit/src/testing/fixtures/log-flood.ts',
    { LINES: String(lines), BACKLOG_BYTES: String(backlogBytes) },
    25_000,
  );
  const logged = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, logged };
}

describe('createLogger', () => {
  it('drops what does not fit its backlog, keeps order, and then says how many it dropped', async () => {
    const { code, logged } = await flood(20_000, 16 * 1024);
    expect(code).toBe(0);
    const kept = logged.filter((line) => line['msg'] === 'flood').map((line) => Number(line['i']));
    const reports = logged.filter((line) => line['level'] === WARN);
    const dropped = reports.reduce((sum, line) => sum + Number(line['dropped']), 0);
    // The loop outruns every write, so most lines find the 16 KB backlog full.
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(1_000);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    // Every line either went out or is counted: none is lost without a word.
    expect(kept.length + dropped).toBe(20_000);
    expect(reports.every((line) => line['service'] === 'flood')).toBe(true);
  }, 30_000);

  it('drops nothing while the backlog has room', async () => {
    const { code, logged } = await flood(2_000, 16 * 1024 * 1024);
    expect(code).toBe(0);
    expect(logged.map((line) => line['i'])).toEqual(Array.from({ length: 2_000 }, (_, i) => i));
  }, 30_000);
});

/**
 * Runs a fixture of testing/fixtures with plain `node` until it exits (killed after 10 s if it
 * hangs), its stderr piped. Its stdout is `stdout` when given, else a pipe whose JSON lines are
 * kept. `lineAt` holds when each line came and `closedAt` when the process had exited, both in
 * ms from `performance.now()`.
 */
async function runFixture(
  fixture: string,
  options: { readonly env?: Record<string, string>; readonly stdout?: number } = {},
) {
  const child = spawn(process.execPath, [resolve(__dirname, 'testing/fixtures', fixture)], {
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const lineAt: number[] = [];
  let stderr = '';
  if (child.stdout !== null) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      lineAt.push(performance.now());
    });
  }
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const hung = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
  const closedAt = performance.now();
  clearTimeout(hung);
  const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, signal, logged, stderr, lineAt, closedAt };
}

/** log-paced.cjs: lines at a steady pace, then a pause; see the fixture. */
const paced = (env: Record<string, string>) => runFixture('log-paced.cjs', { env });

describe('createLogger at a steady pace of lines', () => {
  it('writes lines that come one by one in batches, all of them and in order', async () => {
    const { code, logged, stderr } = await paced({ LINES: '60', GAP_MS: '2', HOLD_MS: '300' });
    expect(code).toBe(0);
    expect(logged.map((line) => line['i'])).toEqual(Array.from({ length: 60 }, (_, i) => i));
    // About 130 bytes a line: 4 KB batches make 2 writes of the 60 lines and the wait a third.
    // Written as they came, there was a write per line.
    const { writes } = JSON.parse(stderr) as { writes: number };
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThanOrEqual(6);
  }, 15_000);

  it('writes a line held while the process is idle after the wait, not at exit', async () => {
    // The process logs one line and exits 3 s later. Held until exit, the line came within
    // milliseconds of the exit.
    const { code, logged, lineAt, closedAt } = await paced({
      LINES: '1',
      GAP_MS: '1',
      HOLD_MS: '3000',
    });
    expect(code).toBe(0);
    expect(logged.map((line) => line['msg'])).toEqual(['paced']);
    expect(closedAt - (lineAt[0] ?? closedAt)).toBeGreaterThan(2_000);
  }, 15_000);

  it('writes the lines it holds when the process crashes', async () => {
    const { code, logged, stderr } = await paced({
      LINES: '3',
      GAP_MS: '1',
      HOLD_MS: '0',
      THEN: 'throw',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('crashed with lines held');
    expect(logged.map((line) => line['i'])).toEqual([0, 1, 2]);
  }, 15_000);
});

describe('createLogger on a piped stdout', () => {
  it('leaves the pipe non-blocking, so a full pipe makes the write retry instead of holding a thread', async () => {
    const { logged } = await runFixture('log-fd-mode.cjs');
    const flags = String(logged[0]?.['flags']);
    const O_NONBLOCK = 0o4000;
    expect(Number.parseInt(flags, 8) & O_NONBLOCK).toBe(O_NONBLOCK);
  }, 15_000);
});

describe('createLogger on a stdout that refuses every write', () => {
  it('ends the process with the write error instead of retrying it for ever at exit', async () => {
    // /dev/full fails every write with ENOSPC, as a log file on a full disk would. sonic-boom 4
    // retried such a write every 100 ms for ever in the flush at exit, so the process hung.
    const full = openSync('/dev/full', 'w');
    const exited = runFixture('log-fd-mode.cjs', { stdout: full });
    closeSync(full);
    const { code, signal, stderr } = await exited;
    expect({ code, signal }).toEqual({ code: 1, signal: null });
    expect(stderr).toContain('ENOSPC');
  }, 15_000);
});
