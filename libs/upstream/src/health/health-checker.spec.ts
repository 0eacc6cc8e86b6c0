import { AttemptTimeoutError } from '../errors';
import type { HealthCheckOptions } from './health-options';
import {
  HealthChecker,
  type HealthChange,
  type HealthProbe,
  type HealthTarget,
} from './health-checker';

const TARGETS: HealthTarget[] = [
  { id: 'a', url: new URL('http://127.0.0.1:3011') },
  { id: 'b', url: new URL('http://127.0.0.1:3012') },
];

let checkers: HealthChecker[] = [];
function newChecker(
  probe: HealthProbe,
  onChange?: (id: string, change: HealthChange) => void,
): HealthChecker {
  const checker = new HealthChecker(TARGETS, probe, {}, onChange && { onChange });
  checkers.push(checker);
  return checker;
}

/** A probe whose answer per target the test flips between rounds. */
function scriptedProbe(answers: Record<string, boolean>) {
  return jest.fn<Promise<boolean>, [HealthTarget, AbortSignal]>((target) =>
    Promise.resolve(answers[target.id] ?? true),
  );
}

type ScriptedProbe = ReturnType<typeof scriptedProbe>;

/** How many times a scripted probe has probed a target so far. */
function probesOf(probe: ScriptedProbe, id = 'a'): number {
  return probe.mock.calls.filter(([target]) => target.id === id).length;
}

/** Asserts that target a's next probe comes `ms` from now, and not a millisecond sooner. */
async function expectNextProbeOfAIn(probe: ScriptedProbe, ms: number): Promise<void> {
  const before = probesOf(probe);
  await jest.advanceTimersByTimeAsync(ms - 1);
  expect(probesOf(probe)).toBe(before);
  await jest.advanceTimersByTimeAsync(1);
  expect(probesOf(probe)).toBe(before + 1);
}

/** A checker over a and b probing with `answers` (a test changes them), its first round done. */
async function checkerProbing(answers: Record<string, boolean>) {
  const probe = scriptedProbe(answers);
  const checker = newChecker(probe);
  checker.start();
  await jest.advanceTimersByTimeAsync(0);
  return { probe, checker };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  for (const checker of checkers) checker.stop();
  checkers = [];
  jest.useRealTimers();
});

describe('HealthChecker', () => {
  it('starts unknown but routable, probes at once and then every interval', async () => {
    const probe = scriptedProbe({});
    const checker = newChecker(probe);
    expect(checker.status('a')).toBe('unknown');
    expect(checker.gateFor('a').isAvailable()).toBe(true);
    checker.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(probe).toHaveBeenCalledTimes(2);
    expect(checker.status('a')).toBe('healthy');
    await jest.advanceTimersByTimeAsync(5_000);
    expect(probe).toHaveBeenCalledTimes(4);
  });

  it('marks an instance unhealthy after 3 consecutive failed probes, not before', async () => {
    const checker = newChecker(scriptedProbe({ a: false }));
    checker.start();
    // Not healthy, a is probed every unhealthyInterval (1 s): at 0, 1 and 2 s.
    await jest.advanceTimersByTimeAsync(1_999);
    expect(checker.status('a')).toBe('unknown');
    await jest.advanceTimersByTimeAsync(1);
    expect(checker.status('a')).toBe('unhealthy');
    expect(checker.gateFor('a').isAvailable()).toBe(false);
    expect(checker.status('b')).toBe('healthy');
  });

  it('tells its listener each turn to healthy or unhealthy, once, not every probe', async () => {
    const answers = { a: true };
    const changes: string[] = [];
    const reasons: string[] = [];
    const checker = newChecker(scriptedProbe(answers), (id, change) => {
      changes.push(`${id} ${change.state}`);
      if (change.state === 'unhealthy') reasons.push(change.reason);
    });
    checker.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(changes).toEqual(['a healthy', 'b healthy']);
    answers.a = false;
    await jest.advanceTimersByTimeAsync(30_000);
    expect(changes).toEqual(['a healthy', 'b healthy', 'a unhealthy']);
    answers.a = true;
    await jest.advanceTimersByTimeAsync(30_000);
    expect(changes).toEqual(['a healthy', 'b healthy', 'a unhealthy', 'a healthy']);
    expect(reasons).toEqual(['the probe reported it unhealthy']);
  });

  it('needs 2 consecutive passes to become healthy again, and a failure restarts the count', async () => {
    const answers = { a: false };
    const checker = newChecker(scriptedProbe(answers));
    checker.start();
    await jest.advanceTimersByTimeAsync(2_000);
    expect(checker.status('a')).toBe('unhealthy');
    answers.a = true;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(checker.status('a')).toBe('unhealthy');
    answers.a = false;
    await jest.advanceTimersByTimeAsync(1_000);
    answers.a = true;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(checker.status('a')).toBe('unhealthy');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(checker.status('a')).toBe('healthy');
  });

  it('probes an instance every unhealthyInterval while it is not healthy, every interval after', async () => {
    const answers = { a: false };
    const { probe, checker } = await checkerProbing(answers);
    expect(probesOf(probe)).toBe(1);
    // A failed first probe leaves a unknown; the next comes 1 s later, not 5 s.
    await expectNextProbeOfAIn(probe, 1_000);
    expect(checker.status('a')).toBe('unknown');
    answers.a = true;
    await jest.advanceTimersByTimeAsync(1_000);
    expect([probesOf(probe), checker.status('a')]).toEqual([3, 'healthy']);
    // Healthy again: back to the 5 s interval, as b has been all along.
    await expectNextProbeOfAIn(probe, 5_000);
    expect(probesOf(probe, 'b')).toBe(2);
  });

  it('probes a healthy instance again after unhealthyInterval once a probe fails', async () => {
    const answers = { a: true };
    const { probe, checker } = await checkerProbing(answers);
    expect([probesOf(probe), checker.status('a')]).toEqual([1, 'healthy']);
    answers.a = false;
    // The probe at 5 s fails; a stays healthy, and the next probe comes at 6 s, not 10 s.
    await jest.advanceTimersByTimeAsync(5_000);
    expect([probesOf(probe), checker.status('a')]).toEqual([2, 'healthy']);
    await expectNextProbeOfAIn(probe, 1_000);
    expect(checker.status('a')).toBe('healthy');
    // The third failure in a row, at 7 s, turns it unhealthy: 2 s after the first.
    await jest.advanceTimersByTimeAsync(1_000);
    expect([probesOf(probe), checker.status('a')]).toEqual([4, 'unhealthy']);
  });

  it('goes back to every interval once a pass follows a failed probe of a healthy instance', async () => {
    const answers = { a: true };
    const { probe } = await checkerProbing(answers);
    answers.a = false;
    await jest.advanceTimersByTimeAsync(5_000);
    answers.a = true;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(probesOf(probe)).toBe(3);
    await expectNextProbeOfAIn(probe, 5_000);
  });

  it('tells onHealthyProbe after each pass that leaves the instance healthy, not before', async () => {
    const answers = { a: true };
    const passes: string[] = [];
    const checker = new HealthChecker(
      [TARGETS[0]!],
      scriptedProbe(answers),
      {},
      { onHealthyProbe: (id) => passes.push(`${id} ${checker.status(id)}`) },
    );
    checkers.push(checker);
    checker.start();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(passes).toEqual(['a healthy', 'a healthy']);
    answers.a = false;
    await jest.advanceTimersByTimeAsync(15_000);
    expect(checker.status('a')).toBe('unhealthy');
    answers.a = true;
    // The first pass leaves it unhealthy (2 are needed); the second, 1 s later, turns it healthy.
    await jest.advanceTimersByTimeAsync(1_000);
    expect(passes).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(passes).toEqual(['a healthy', 'a healthy', 'a healthy']);
  });

  it('aborts a probe at its 2 s deadline and counts it, and rejections, as failures', async () => {
    const signals: AbortSignal[] = [];
    const changes: HealthChange[] = [];
    const checker = newChecker(
      (target, signal) => {
        if (target.id === 'b') return Promise.reject(new Error('connect ECONNREFUSED'));
        signals.push(signal);
        return new Promise<boolean>(() => undefined);
      },
      (_id, change) => changes.push(change),
    );
    checker.start();
    await jest.advanceTimersByTimeAsync(1_999);
    expect(signals[0]?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(signals[0]?.reason).toBeInstanceOf(AttemptTimeoutError);
    // Each next probe starts 1 s (unhealthyInterval) after the last one ended: a's at 3 s and
    // 6 s, the latter timing out at 8 s; b's fail at once, at 1 s and 2 s.
    await jest.advanceTimersByTimeAsync(5_999);
    expect(checker.status('a')).toBe('unknown');
    await jest.advanceTimersByTimeAsync(1);
    expect(signals).toHaveLength(3);
    expect(checker.status('a')).toBe('unhealthy');
    expect(checker.status('b')).toBe('unhealthy');
    // Each turn says what the probe that made it ran into: b's at 2 s, a's at 8 s.
    expect(changes).toEqual([
      { state: 'unhealthy', reason: 'connect ECONNREFUSED' },
      { state: 'unhealthy', reason: 'upstream attempt timed out after 2000 ms' },
    ]);
  });

  it('treats a probe that throws synchronously as failed, with its error as the reason', async () => {
    const changes: HealthChange[] = [];
    const checker = newChecker(
      () => {
        throw new Error('bad probe');
      },
      (_id, change) => changes.push(change),
    );
    checker.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(checker.status('a')).toBe('unhealthy');
    expect(changes).toEqual([
      { state: 'unhealthy', reason: 'bad probe' },
      { state: 'unhealthy', reason: 'bad probe' },
    ]);
  });

  it('leaves no timers after stop(), aborts probes in flight and ignores their late answers', async () => {
    const signals: AbortSignal[] = [];
    const late: Array<(passed: boolean) => void> = [];
    const checker = newChecker((_target, signal) => {
      signals.push(signal);
      return new Promise<boolean>((resolve) => late.push(resolve));
    });
    const timersBefore = jest.getTimerCount();
    checker.start();
    expect(jest.getTimerCount()).toBe(timersBefore + 2);
    checker.stop();
    expect(jest.getTimerCount()).toBe(timersBefore);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
    late.forEach((resolve) => resolve(true));
    await jest.advanceTimersByTimeAsync(60_000);
    expect(jest.getTimerCount()).toBe(timersBefore);
    expect(checker.status('a')).toBe('unknown');
  });

  it('can be started again after stop, and start() twice does not double the probes', async () => {
    const probe = scriptedProbe({});
    const checker = newChecker(probe);
    checker.start();
    checker.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(probe).toHaveBeenCalledTimes(2);
    checker.stop();
    checker.start();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(probe).toHaveBeenCalledTimes(6);
  });

  it('takes unhealthyInterval as given, else 1 s but never above interval', () => {
    const unhealthyInterval = (options: HealthCheckOptions) =>
      new HealthChecker(TARGETS, scriptedProbe({}), options).options.unhealthyInterval;
    expect(unhealthyInterval({})).toBe(1_000);
    expect(unhealthyInterval({ interval: 300 })).toBe(300);
    expect(unhealthyInterval({ interval: 300, unhealthyInterval: 2_500 })).toBe(2_500);
  });

  it('rejects bad options and unknown ids', () => {
    expect(() => new HealthChecker(TARGETS, scriptedProbe({}), { timeout: 0 })).toThrow(
      /timeout must be an integer between 1/,
    );
    expect(() => new HealthChecker(TARGETS, scriptedProbe({}), { unhealthyInterval: 0.5 })).toThrow(
      /unhealthyInterval must be an integer between 1/,
    );
    expect(() => newChecker(scriptedProbe({})).status('zz')).toThrow(RangeError);
  });
});
