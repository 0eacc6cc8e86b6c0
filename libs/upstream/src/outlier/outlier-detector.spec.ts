import { OutlierDetector } from './outlier-detector';
import type { OutlierOptions } from './outlier-options';

const START = 1_000_000;

function setup(ids: string[] = ['a', 'b', 'c'], options: OutlierOptions = {}) {
  let now = START;
  const detector = new OutlierDetector(ids, options, () => now);
  const advance = (ms: number) => {
    now += ms;
  };
  const fail = (id: string, times: number) => {
    for (let i = 0; i < times; i++) if (detector.tryAcquire(id)) detector.record(id, 'failure');
  };
  /** Waits out the current ejection and lets the single probation trial end with `verdict`. */
  const trial = (id: string, verdict: 'success' | 'failure') => {
    const until = detector.snapshot(id).ejectedUntil ?? now;
    advance(until - now);
    expect(detector.tryAcquire(id)).toBe(true);
    detector.record(id, verdict);
  };
  return { detector, advance, fail, trial, now: () => now };
}

describe('OutlierDetector', () => {
  it('ejects after exactly 5 consecutive failures, for the 30 s base time', () => {
    const { detector, fail } = setup();
    fail('a', 4);
    expect(detector.isAvailable('a')).toBe(true);
    fail('a', 1);
    expect(detector.isAvailable('a')).toBe(false);
    expect(detector.snapshot('a')).toEqual({
      state: 'ejected',
      consecutiveFailures: 0,
      ejections: 1,
      ejectedUntil: START + 30_000,
    });
  });

  it('resets the streak on a success', () => {
    const { detector, fail } = setup();
    fail('a', 4);
    detector.record('a', 'success');
    fail('a', 4);
    expect(detector.snapshot('a')).toMatchObject({ state: 'admitted', consecutiveFailures: 4 });
  });

  it('readmits on probation after the ejection time: one trial, whose success restores it', () => {
    const { detector, fail, advance } = setup();
    fail('a', 5);
    advance(29_999);
    expect(detector.isAvailable('a')).toBe(false);
    expect(detector.tryAcquire('a')).toBe(false);
    advance(1);
    expect(detector.snapshot('a').state).toBe('probation');
    expect(detector.tryAcquire('a')).toBe(true);
    expect(detector.isAvailable('a')).toBe(false);
    expect(detector.tryAcquire('a')).toBe(false);
    detector.record('a', 'success');
    expect(detector.snapshot('a')).toMatchObject({ state: 'admitted', consecutiveFailures: 0 });
    expect(detector.isAvailable('a')).toBe(true);
  });

  it('returns the ejection and the readmission it caused, and nothing for other verdicts', () => {
    const { detector, fail, advance } = setup();
    fail('a', 4);
    expect(detector.tryAcquire('a')).toBe(true);
    expect(detector.record('a', 'failure')).toEqual({
      gate: 'ejection',
      state: 'ejected',
      until: START + 30_000,
    });
    // A late result while ejected changes nothing, so says nothing.
    expect(detector.record('a', 'failure')).toBeUndefined();
    advance(30_000);
    expect(detector.tryAcquire('a')).toBe(true);
    expect(detector.record('a', 'failure')).toEqual({
      gate: 'ejection',
      state: 'ejected',
      until: START + 30_000 + 60_000,
    });
    advance(60_000);
    expect(detector.tryAcquire('a')).toBe(true);
    expect(detector.record('a', 'success')).toEqual({
      gate: 'ejection',
      state: 'readmitted',
      by: 'trial',
    });
    expect(detector.record('a', 'success')).toBeUndefined();
    expect(detector.record('b', 'failure')).toBeUndefined();
  });

  it('ejects longer each time the probation trial fails, capped at 300 s', () => {
    const { detector, fail, trial, now } = setup();
    fail('a', 5);
    const lengths: number[] = [];
    for (let i = 0; i < 12; i++) {
      trial('a', 'failure');
      lengths.push((detector.snapshot('a').ejectedUntil ?? 0) - now());
    }
    expect(lengths.slice(0, 3)).toEqual([60_000, 90_000, 120_000]);
    expect(lengths.slice(-3)).toEqual([300_000, 300_000, 300_000]);
    expect(detector.snapshot('a').ejections).toBe(13);
  });

  it('forgives one step of the multiplier per interval the instance stays admitted', () => {
    const relapseAfter = (healthyMs: number) => {
      const { detector, fail, trial, advance, now } = setup();
      fail('a', 5);
      trial('a', 'failure'); // second ejection: 60 s
      trial('a', 'success');
      advance(healthyMs);
      fail('a', 5);
      return (detector.snapshot('a').ejectedUntil ?? 0) - now();
    };
    expect(relapseAfter(0)).toBe(90_000);
    expect(relapseAfter(10_000)).toBe(60_000);
    expect(relapseAfter(60_000)).toBe(30_000);
  });

  it('ignores stale results while ejected, and a skipped trial frees the slot', () => {
    const { detector, fail, advance } = setup();
    fail('a', 5);
    detector.record('a', 'success');
    expect(detector.snapshot('a').state).toBe('ejected');
    advance(30_000);
    detector.record('a', 'failure'); // not the trial: nobody acquired it
    expect(detector.snapshot('a').state).toBe('probation');
    expect(detector.tryAcquire('a')).toBe(true);
    detector.record('a', 'skipped');
    expect(detector.isAvailable('a')).toBe(true);
  });

  it("allows only one ejection at a time under Envoy's 10% cap, since none ejected always allows one", () => {
    const { detector, fail, trial } = setup();
    fail('a', 5);
    fail('b', 7);
    expect(detector.snapshot('b')).toMatchObject({ state: 'admitted', consecutiveFailures: 7 });
    trial('a', 'success');
    fail('b', 1);
    expect(detector.snapshot('b').state).toBe('ejected');
  });

  it('ejects as many as maxEjectionPercent allows', () => {
    const { detector, fail } = setup(['a', 'b', 'c'], { maxEjectionPercent: 100 });
    fail('a', 5);
    fail('b', 5);
    fail('c', 5);
    expect(['a', 'b', 'c'].map((id) => detector.isAvailable(id))).toEqual([false, false, false]);
  });

  it('readmits an ejected instance, or one in probation, on a passing health probe (Envoy)', () => {
    const { detector, fail, advance, now } = setup();
    expect(detector.readmitAfterHealthyProbe('a')).toBeUndefined();
    fail('a', 5);
    advance(1_000);
    expect(detector.readmitAfterHealthyProbe('a')).toEqual({
      gate: 'ejection',
      state: 'readmitted',
      by: 'health-check',
    });
    expect(detector.isAvailable('a')).toBe(true);
    expect(detector.snapshot('a')).toEqual({
      state: 'admitted',
      consecutiveFailures: 0,
      ejections: 1,
    });
    // The penalty stays: a relapse right away is ejected for twice the base time.
    fail('a', 5);
    expect((detector.snapshot('a').ejectedUntil ?? 0) - now()).toBe(60_000);
    advance(60_000);
    expect(detector.tryAcquire('a')).toBe(true);
    expect(detector.readmitAfterHealthyProbe('a')?.state).toBe('readmitted');
    // The trial's late failure counts as the first of a new streak, not as a failed trial.
    expect(detector.record('a', 'failure')).toBeUndefined();
    expect(detector.snapshot('a')).toMatchObject({ state: 'admitted', consecutiveFailures: 1 });
  });

  it('leaves ejections to their timer when healthyProbeReadmits is off', () => {
    const { detector, fail } = setup(['a', 'b'], { healthyProbeReadmits: false });
    fail('a', 5);
    expect(detector.readmitAfterHealthyProbe('a')).toBeUndefined();
    expect(detector.snapshot('a').state).toBe('ejected');
    expect(
      () => new OutlierDetector(['a'], { healthyProbeReadmits: 'yes' as unknown as boolean }),
    ).toThrow('healthyProbeReadmits must be true or false, got yes');
  });

  it('rejects unknown ids and bad options', () => {
    const { detector } = setup();
    expect(() => detector.isAvailable('zz')).toThrow(RangeError);
    expect(() => new OutlierDetector(['a'], { maxEjectionTime: 1_000 })).toThrow(
      /maxEjectionTime must be an integer between 30000 and/,
    );
    expect(() => new OutlierDetector(['a'], { consecutiveFailures: 0 })).toThrow(RangeError);
  });
});
