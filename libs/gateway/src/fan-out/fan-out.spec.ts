import { HttpError } from '@cartwheel/service-kit';
import {
  AttemptTimeoutError,
  BreakerOpenError,
  DeadlineExceededError,
  InstanceEjectedError,
  UpstreamBadStatusError,
  UpstreamConnectionError,
  UpstreamUnavailableError,
} from '@cartwheel/upstream';
import { getEventListeners } from 'node:events';
import {
  BranchDeadlineError,
  branchStatusOf,
  fanOut,
  runBranch,
  type Branch,
  type BranchValue,
} from './fan-out';

/** A branch that answers after `ms` unless its signal aborts first (then rejects with the reason). */
function after<T>(ms: number, value: T, seen: AbortSignal[] = []): Branch<T> {
  return {
    deadlineMs: 1_000,
    run: (signal) => {
      seen.push(signal);
      return new Promise<BranchValue<T>>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const timer = setTimeout(() => resolve({ value, stale: false }), ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
    },
  };
}

const failingWith = (error: unknown): Branch<never> => ({
  deadlineMs: 1_000,
  run: () => Promise.reject(error),
});

describe('runBranch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('turns an answer into data, stale or not, and leaves no timer behind', async () => {
    expect(
      await runBranch({ deadlineMs: 50, run: () => Promise.resolve({ value: 1, stale: false }) }),
    ).toEqual({ ok: true, value: 1, status: 'ok' });
    expect(
      await runBranch({ deadlineMs: 50, run: () => Promise.resolve({ value: 2, stale: true }) }),
    ).toEqual({ ok: true, value: 2, status: 'stale' });
    expect(jest.getTimerCount()).toBe(0);
  });

  it("aborts the branch's signal at its deadline and reports a timeout", async () => {
    const seen: AbortSignal[] = [];
    const result = runBranch({ ...after(5_000, 'late', seen), deadlineMs: 200 });
    await jest.advanceTimersByTimeAsync(199);
    expect(seen[0]!.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(seen[0]!.aborted).toBe(true);
    expect(seen[0]!.reason).toBeInstanceOf(BranchDeadlineError);
    expect(await result).toEqual({ ok: false, status: 'timeout', detail: 'BRANCH_DEADLINE' });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ends at the deadline even when the branch ignores its signal', async () => {
    let settled = false;
    const deaf: Branch<string> = { deadlineMs: 100, run: () => new Promise(() => undefined) };
    const result = runBranch(deaf).finally(() => (settled = true));
    await jest.advanceTimersByTimeAsync(100);
    expect(settled).toBe(true);
    expect(await result).toMatchObject({ ok: false, status: 'timeout' });
  });

  it("forwards the parent's abort, with its reason, and then drops its listener", async () => {
    const parent = new AbortController();
    const seen: AbortSignal[] = [];
    const result = runBranch(after(5_000, 'v', seen), parent.signal);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(10);
    const reason = new DeadlineExceededError(3_000);
    parent.abort(reason);
    expect(seen[0]!.aborted).toBe(true);
    expect(seen[0]!.reason).toBe(reason);
    // The request's own deadline passing is a timeout too, as the required path maps it (504).
    expect(await result).toEqual({ ok: false, status: 'timeout', detail: 'UPSTREAM_DEADLINE' });
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('starts a branch already aborted when the parent is', async () => {
    const parent = new AbortController();
    parent.abort(new DeadlineExceededError(3_000));
    const seen: AbortSignal[] = [];
    const result = runBranch(after(5_000, 'v', seen), parent.signal);
    expect(seen[0]!.aborted).toBe(true);
    expect(await result).toMatchObject({ ok: false, status: 'timeout' });
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
  });

  it.each<[string, unknown, string, string]>([
    ['an open breaker', new BreakerOpenError('http://a'), 'breaker-open', 'UPSTREAM_BREAKER_OPEN'],
    [
      'no available instance',
      new UpstreamUnavailableError('catalog'),
      'breaker-open',
      'UPSTREAM_UNAVAILABLE',
    ],
    [
      'an ejected instance',
      new InstanceEjectedError('http://a'),
      'breaker-open',
      'UPSTREAM_EJECTED',
    ],
    ['an attempt timeout', new AttemptTimeoutError(1_000), 'timeout', 'UPSTREAM_TIMEOUT'],
    ['a connection error', new UpstreamConnectionError('refused'), 'error', 'UPSTREAM_CONNECTION'],
    ['a 503', new UpstreamBadStatusError(503), 'error', 'UPSTREAM_BAD_STATUS'],
    [
      'a relayed 404',
      new HttpError(404, 'CART_NOT_FOUND', 'No such cart'),
      'error',
      'CART_NOT_FOUND',
    ],
    ['a plain Error', new Error('boom'), 'error', 'UPSTREAM_ERROR'],
    ['a thrown string', 'boom', 'error', 'UPSTREAM_ERROR'],
  ])('classifies %s by its class', async (_what, error, status, detail) => {
    expect(await runBranch(failingWith(error))).toEqual({ ok: false, status, detail });
    expect(branchStatusOf(error)).toBe(status);
  });
});

describe('fanOut', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs every branch at once: it takes as long as the slowest, not the sum', async () => {
    const started: string[] = [];
    const timed = (name: string, ms: number): Branch<string> => ({
      deadlineMs: 1_000,
      run: (signal) => {
        started.push(name);
        return after(ms, name).run(signal);
      },
    });
    let done = false;
    const results = fanOut({ a: timed('a', 300), b: timed('b', 200), c: timed('c', 100) }).then(
      (r) => {
        done = true;
        return r;
      },
    );
    // All three started before any time passed.
    expect(started).toEqual(['a', 'b', 'c']);
    await jest.advanceTimersByTimeAsync(299);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(await results).toEqual({
      a: { ok: true, value: 'a', status: 'ok' },
      b: { ok: true, value: 'b', status: 'ok' },
      c: { ok: true, value: 'c', status: 'ok' },
    });
  });

  it('keeps each branch to its own deadline and outcome', async () => {
    const results = fanOut({
      fast: after(10, 'fast'),
      slow: { ...after(5_000, 'slow'), deadlineMs: 150 },
      broken: failingWith(new BreakerOpenError('http://b')),
    });
    await jest.advanceTimersByTimeAsync(150);
    expect(await results).toEqual({
      fast: { ok: true, value: 'fast', status: 'ok' },
      slow: { ok: false, status: 'timeout', detail: 'BRANCH_DEADLINE' },
      broken: { ok: false, status: 'breaker-open', detail: 'UPSTREAM_BREAKER_OPEN' },
    });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('aborts every branch when the parent aborts', async () => {
    const parent = new AbortController();
    const seen: AbortSignal[] = [];
    const results = fanOut({ a: after(500, 'a', seen), b: after(500, 'b', seen) }, parent.signal);
    await jest.advanceTimersByTimeAsync(50);
    parent.abort(new DeadlineExceededError(50));
    expect(seen.map((s) => s.aborted)).toEqual([true, true]);
    const { a, b } = await results;
    expect([a.status, b.status]).toEqual(['timeout', 'timeout']);
  });
});
