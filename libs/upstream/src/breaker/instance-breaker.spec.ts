import { getEventListeners } from 'node:events';
import {
  AttemptTimeoutError,
  BreakerOpenError,
  DeadlineExceededError,
  RequestCancelledError,
  UpstreamBadStatusError,
  UpstreamConnectionError,
} from '../errors';
import { deferred } from '../testing';
import type { BreakerOptions } from './breaker-options';
import { InstanceBreaker, type BreakerChange } from './instance-breaker';

const OPTIONS: BreakerOptions = {
  volumeThreshold: 4,
  rollingCountTimeout: 10_000,
  resetTimeout: 10_000,
  attemptTimeout: 1_000,
};
const serverError = () => Promise.reject(new UpstreamBadStatusError(503));
const ok = () => Promise.resolve('ok');

let breakers: InstanceBreaker[] = [];
function newBreaker(options: BreakerOptions = OPTIONS): InstanceBreaker {
  const breaker = new InstanceBreaker(`instance-${breakers.length}`, options);
  breakers.push(breaker);
  return breaker;
}

/** Fails `count` attempts in a row, swallowing the rejections the test does not care about. */
async function failTimes(breaker: InstanceBreaker, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await breaker.execute(serverError).catch(() => undefined);
}

async function openBreaker(): Promise<InstanceBreaker> {
  const breaker = newBreaker();
  await failTimes(breaker, 4);
  expect(breaker.state).toBe('open');
  return breaker;
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  for (const breaker of breakers) breaker.shutdown();
  breakers = [];
  jest.useRealTimers();
});

describe('InstanceBreaker state machine', () => {
  it('stays closed below the volume threshold, then opens and refuses without calling', async () => {
    const breaker = newBreaker();
    await failTimes(breaker, 3);
    expect(breaker.state).toBe('closed');
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    expect(breaker.isAvailable()).toBe(false);
    const attempt = jest.fn(ok);
    await expect(breaker.execute(attempt)).rejects.toBeInstanceOf(BreakerOpenError);
    expect(attempt).not.toHaveBeenCalled();
  });

  it('goes half-open after resetTimeout and admits exactly one trial, which closes it', async () => {
    const breaker = await openBreaker();
    await jest.advanceTimersByTimeAsync(9_999);
    expect(breaker.state).toBe('open');
    await jest.advanceTimersByTimeAsync(1);
    expect(breaker.state).toBe('half-open');
    expect(breaker.isAvailable()).toBe(true);

    const trial = deferred<string>();
    const trialResult = breaker.execute(() => trial.promise);
    expect(breaker.isAvailable()).toBe(false);
    const second = jest.fn(ok);
    await expect(breaker.execute(second)).rejects.toBeInstanceOf(BreakerOpenError);
    expect(second).not.toHaveBeenCalled();

    trial.resolve('fine');
    await expect(trialResult).resolves.toBe('fine');
    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(ok)).resolves.toBe('ok');
  });

  it('re-opens when the half-open trial fails, and tries again after another resetTimeout', async () => {
    const breaker = await openBreaker();
    await jest.advanceTimersByTimeAsync(10_000);
    await expect(breaker.execute(serverError)).rejects.toBeInstanceOf(UpstreamBadStatusError);
    expect(breaker.state).toBe('open');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(breaker.state).toBe('half-open');
  });

  it('does not close when a success that was in flight lands after it opened', async () => {
    const breaker = newBreaker();
    const slow = deferred<string>();
    const slowResult = breaker.execute(() => slow.promise);
    await failTimes(breaker, 4);
    expect(breaker.state).toBe('open');
    slow.resolve('late but fine');
    await expect(slowResult).resolves.toBe('late but fine');
    expect(breaker.state).toBe('open');
  });

  it('cannot be closed by a stale attempt that outlives the open period', async () => {
    const breaker = newBreaker();
    // Ignores its signal and only answers after the breaker has gone half-open.
    const stale = breaker.execute(
      () => new Promise<string>((resolve) => setTimeout(() => resolve('stale'), 15_000)),
    );
    const staleOutcome = stale.catch((error: unknown) => error);
    await failTimes(breaker, 4);
    await jest.advanceTimersByTimeAsync(12_000);
    expect(breaker.state).toBe('half-open');
    await jest.advanceTimersByTimeAsync(5_000);
    expect(await staleOutcome).toBeInstanceOf(AttemptTimeoutError);
    expect(breaker.state).toBe('half-open');
  });

  it('never opens on errors classified as 4xx, however many', async () => {
    const breaker = newBreaker();
    for (let i = 0; i < 50; i++) {
      await expect(
        breaker.execute(() => Promise.reject(new UpstreamBadStatusError(404))),
      ).rejects.toBeInstanceOf(UpstreamBadStatusError);
    }
    expect(breaker.state).toBe('closed');
  });

  it.each([
    ['a client that left', 'closed', () => new RequestCancelledError()],
    // The control: the caller's own deadline passing counts against the instance, as it did.
    ['a passed deadline', 'open', () => new DeadlineExceededError(3_000)],
  ] as const)('after 20 attempts aborted by %s it is %s', async (_cause, state, reason) => {
    const breaker = newBreaker();
    const outcomes: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      const caller = new AbortController();
      const attempt = breaker.execute((signal) => new Promise(() => signal), caller.signal);
      caller.abort(reason());
      outcomes.push(await attempt.catch((error: unknown) => error));
    }
    expect(breaker.state).toBe(state);
    // Opened on the 4th (the volume threshold), the rest refused without being sent.
    const refused = outcomes.filter((outcome) => outcome instanceof BreakerOpenError).length;
    expect(refused).toBe(state === 'open' ? 16 : 0);
  });

  it('stays open when its half-open trial is cancelled: that trial proved nothing', async () => {
    const breaker = await openBreaker();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(breaker.state).toBe('half-open');
    const client = new AbortController();
    const trial = breaker.execute((signal) => new Promise(() => signal), client.signal);
    client.abort(new RequestCancelledError());
    await expect(trial).rejects.toBeInstanceOf(RequestCancelledError);
    expect(breaker.state).toBe('open');
    await jest.advanceTimersByTimeAsync(10_000);
    await expect(breaker.execute(ok)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('uses the injected classification instead of the default', async () => {
    const breaker = newBreaker({ ...OPTIONS, isFailure: () => false });
    await failTimes(breaker, 10);
    expect(breaker.state).toBe('closed');
  });

  it('reports transitions to subscribers until they unsubscribe', async () => {
    const breaker = newBreaker();
    const seen: string[] = [];
    const unsubscribe = breaker.onStateChange((change) => seen.push(change.state));
    await failTimes(breaker, 4);
    await jest.advanceTimersByTimeAsync(10_000);
    await breaker.execute(ok);
    unsubscribe();
    await failTimes(breaker, 4);
    expect(seen).toEqual(['open', 'half-open', 'closed']);
  });

  it('says which failure opened it: the one that tripped the rate, or the failed trial', async () => {
    const breaker = newBreaker();
    const changes: BreakerChange[] = [];
    breaker.onStateChange((change) => changes.push(change));
    await failTimes(breaker, 4);
    await jest.advanceTimersByTimeAsync(10_000);
    const refused = new UpstreamConnectionError('http://a: ECONNREFUSED', { refused: true });
    await breaker.execute(() => Promise.reject(refused)).catch(() => undefined);
    expect(changes).toEqual([
      { state: 'open', reason: 'upstream answered with status 503' },
      { state: 'half-open' },
      { state: 'open', reason: 'http://a: ECONNREFUSED' },
    ]);
  });

  it('refuses everything after shutdown', async () => {
    const breaker = newBreaker();
    breaker.shutdown();
    expect(breaker.isAvailable()).toBe(false);
    expect(breaker.state).toBe('open');
    await expect(breaker.execute(ok)).rejects.toBeInstanceOf(BreakerOpenError);
  });
});

describe('InstanceBreaker attempt timeout', () => {
  it("aborts only the timed-out attempt's own signal and rejects with AttemptTimeoutError", async () => {
    const breaker = newBreaker();
    const signals: AbortSignal[] = [];
    const hung = breaker.execute((signal) => {
      signals.push(signal);
      return new Promise<never>(() => undefined);
    });
    const hungOutcome = hung.catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(500);
    const sibling = deferred<string>();
    const siblingResult = breaker.execute((signal) => {
      signals.push(signal);
      return sibling.promise;
    });

    await jest.advanceTimersByTimeAsync(499);
    expect(signals[0]?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    const error = await hungOutcome;
    expect(error).toBeInstanceOf(AttemptTimeoutError);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBe(error);
    expect(signals[1]?.aborted).toBe(false);

    sibling.resolve('sibling');
    await expect(siblingResult).resolves.toBe('sibling');
  });

  it('counts timeouts as failures', async () => {
    const breaker = newBreaker();
    const hang = () => new Promise<never>(() => undefined);
    const outcomes = [1, 2, 3, 4].map(() => breaker.execute(hang).catch(() => 'timed out'));
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(Promise.all(outcomes)).resolves.toEqual(Array(4).fill('timed out'));
    expect(breaker.state).toBe('open');
  });

  it('treats a synchronous throw from the attempt as its rejection', async () => {
    const breaker = newBreaker();
    const boom = new Error('boom');
    const attempt = (): Promise<string> => {
      throw boom;
    };
    await expect(breaker.execute(attempt)).rejects.toBe(boom);
  });

  it("aborts the attempt's signal with the caller's reason when the caller's signal aborts first", async () => {
    const breaker = newBreaker();
    const caller = new AbortController();
    let attemptSignal: AbortSignal | undefined;
    const outcome = breaker
      .execute((signal) => {
        attemptSignal = signal;
        return new Promise<never>(() => undefined);
      }, caller.signal)
      .catch((error: unknown) => error);
    const deadline = new Error('request deadline passed');
    caller.abort(deadline);
    await expect(outcome).resolves.toBe(deadline);
    expect(attemptSignal?.reason).toBe(deadline);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it("stops listening to the caller's signal once the attempt settles", async () => {
    const breaker = newBreaker();
    const caller = new AbortController();
    await expect(breaker.execute(ok, caller.signal)).resolves.toBe('ok');
    await breaker.execute(serverError, caller.signal).catch(() => undefined);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('does not start an attempt for a caller that has already given up', async () => {
    const breaker = newBreaker();
    const caller = new AbortController();
    const reason = new Error('client went away');
    caller.abort(reason);
    const attempt = jest.fn(ok);
    for (let i = 0; i < 5; i++) {
      await expect(breaker.execute(attempt, caller.signal)).rejects.toBe(reason);
    }
    expect(attempt).not.toHaveBeenCalled();
    expect(breaker.state).toBe('closed');
  });
});
