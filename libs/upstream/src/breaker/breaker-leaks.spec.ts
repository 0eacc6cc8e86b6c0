import { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import { InstanceBreaker } from './instance-breaker';

/** Listener count per process event, to prove breakers attach nothing process-wide. */
function processListenerCounts(): Record<string, number> {
  return Object.fromEntries(
    process.eventNames().map((name) => [String(name), process.listenerCount(name)]),
  );
}

describe('InstanceBreaker lifecycle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('leaves no timers, listeners or warnings after creating and shutting down 1000 breakers', async () => {
    const warning = jest.spyOn(process, 'emitWarning');
    const shutdowns = jest.spyOn(CircuitBreaker.prototype, 'shutdown');
    const processBefore = processListenerCounts();
    const timersBefore = jest.getTimerCount();

    const breakers = Array.from({ length: 1000 }, (_, i) => new InstanceBreaker(`instance-${i}`));
    breakers.forEach((breaker) => breaker.onStateChange(() => undefined));
    await Promise.all(breakers.map((breaker) => breaker.execute(() => Promise.resolve(1))));
    // One bucket-rotation interval per breaker: snapshots are off.
    expect(jest.getTimerCount()).toBe(timersBefore + 1000);

    breakers.forEach((breaker) => breaker.shutdown());

    expect(jest.getTimerCount()).toBe(timersBefore);
    expect(processListenerCounts()).toEqual(processBefore);
    expect(shutdowns).toHaveBeenCalledTimes(1000);
    for (const opossum of shutdowns.mock.contexts as EventEmitter[]) {
      expect(opossum.eventNames()).toEqual([]);
    }
    expect(warning).not.toHaveBeenCalled();
  });

  it('clears the pending reset timer of an open breaker on shutdown', async () => {
    const timersBefore = jest.getTimerCount();
    const breaker = new InstanceBreaker('a', { volumeThreshold: 1 });
    await breaker.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
    expect(breaker.state).toBe('open');
    // The bucket-rotation interval plus the reset timer that will half-open it.
    expect(jest.getTimerCount()).toBe(timersBefore + 2);
    breaker.shutdown();
    expect(jest.getTimerCount()).toBe(timersBefore);
  });
});
