import { BREAKER_DEFAULTS, resolveBreakerOptions, toOpossumOptions } from './breaker-options';
import { InstanceBreaker } from './instance-breaker';

describe('resolveBreakerOptions', () => {
  it('defaults to the Hystrix/opossum values', () => {
    expect(resolveBreakerOptions()).toEqual(BREAKER_DEFAULTS);
    expect(BREAKER_DEFAULTS).toMatchObject({
      errorThresholdPercentage: 50,
      rollingCountTimeout: 10_000,
      rollingCountBuckets: 10,
      volumeThreshold: 20,
      resetTimeout: 10_000,
      attemptTimeout: 1_000,
    });
  });

  it.each([
    [
      { resetTimeout: 5_000 },
      /resetTimeout must be an integer between 10000 and 3600000, got 5000/,
    ],
    [{ attemptTimeout: 10_000 }, /attemptTimeout must be an integer between 1 and 9999/],
    [{ errorThresholdPercentage: 0 }, /errorThresholdPercentage must be an integer between 1/],
    [{ volumeThreshold: 2.5 }, /volumeThreshold must be an integer/],
    [{ rollingCountBuckets: 7 }, /rollingCountTimeout \(10000\) must be divisible by/],
  ])('rejects %p with a RangeError naming the problem', (options, message) => {
    expect(() => resolveBreakerOptions(options)).toThrow(RangeError);
    expect(() => new InstanceBreaker('a', options)).toThrow(message);
  });
});

describe('toOpossumOptions', () => {
  it('builds a fresh object per breaker, so opossum cannot mutate a shared one', () => {
    const resolved = resolveBreakerOptions();
    const first = toOpossumOptions(resolved, 'a');
    const second = toOpossumOptions(resolved, 'b');
    expect(first).not.toBe(second);
    expect(first).toMatchObject({ timeout: false, allowWarmUp: false, enableSnapshots: false });
  });

  it('leaves a frozen, shared options object intact across many breakers', () => {
    jest.useFakeTimers();
    const shared = Object.freeze({ volumeThreshold: 3 });
    const breakers = ['a', 'b'].map((id) => new InstanceBreaker(id, shared));
    expect(shared).toEqual({ volumeThreshold: 3 });
    expect(breakers.map((breaker) => breaker.options.volumeThreshold)).toEqual([3, 3]);
    for (const breaker of breakers) breaker.shutdown();
    jest.useRealTimers();
  });

  it('filters out exactly the errors the predicate does not count', () => {
    const resolved = resolveBreakerOptions({ isFailure: (error) => error === 'counts' });
    const { errorFilter } = toOpossumOptions(resolved, 'a');
    expect(errorFilter?.('counts')).toBe(false);
    expect(errorFilter?.('ignored')).toBe(true);
  });
});
