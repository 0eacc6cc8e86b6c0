import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
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

describe('createLogger on a piped stdout', () => {
  it('leaves the pipe non-blocking, so a full pipe makes the write retry instead of holding a thread', async () => {
    const fixture = resolve(__dirname, 'testing/fixtures/log-fd-mode.cjs');
    const { stdout } = await promisify(execFile)(process.execPath, [fixture]);
    const { flags } = JSON.parse(stdout) as { flags: string };
    const O_NONBLOCK = 0o4000;
    expect(Number.parseInt(flags, 8) & O_NONBLOCK).toBe(O_NONBLOCK);
  }, 15_000);
});

describe('createLogger on a stdout that refuses every write', () => {
  it('ends the process with the write error instead of retrying it for ever at exit', async () => {
    // /dev/full fails every write with ENOSPC, as a log file on a full disk would. sonic-boom 4
    // retried such a write every 100 ms for ever in the flush at exit, so the process hung.
    const full = openSync('/dev/full', 'w');
    const child = spawn(
      process.execPath,
      [resolve(__dirname, 'testing/fixtures/log-fd-mode.cjs')],
      { stdio: ['ignore', full, 'pipe'] },
    );
    closeSync(full);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const hung = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
    clearTimeout(hung);
    expect({ code, signal }).toEqual({ code: 1, signal: null });
    expect(stderr).toContain('ENOSPC');
  }, 15_000);
});
