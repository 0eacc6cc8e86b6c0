import { Deadline } from './deadline';
import { DeadlineExceededError, RequestCancelledError } from './errors';

describe('Deadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('aborts its signal with DeadlineExceededError when the time is up', () => {
    const deadline = new Deadline(100);
    jest.advanceTimersByTime(99);
    expect(deadline.signal.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect((deadline.signal.reason as DeadlineExceededError).deadlineMs).toBe(100);
  });

  it('counts from when the request started, when made later', () => {
    const deadline = new Deadline(100, Date.now, Date.now() - 60);
    expect(deadline.expiresAt).toBe(Date.now() + 40);
    jest.advanceTimersByTime(39);
    expect(deadline.signal.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(deadline.signal.aborted).toBe(true);
  });

  it('is aborted at once, with no timer, when made after its time is up', () => {
    const deadline = new Deadline(100, Date.now, Date.now() - 150);
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect((deadline.signal.reason as DeadlineExceededError).deadlineMs).toBe(100);
    expect(jest.getTimerCount()).toBe(0);
    deadline.dispose();
  });

  it('clears its timer on dispose and never aborts after it', () => {
    const deadline = new Deadline(100);
    expect(jest.getTimerCount()).toBe(1);
    deadline.dispose();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(1_000);
    expect(deadline.signal.aborted).toBe(false);
  });

  it('aborts at once with the reason it is given, and its timer is cleared', () => {
    const deadline = new Deadline(100);
    const reason = new RequestCancelledError();
    deadline.abort(reason);
    expect(deadline.signal.reason).toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(1_000);
    expect(deadline.signal.reason).toBe(reason);
  });

  it('keeps the first reason when aborted after its time was up', () => {
    const deadline = new Deadline(100);
    jest.advanceTimersByTime(100);
    deadline.abort(new RequestCancelledError());
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineExceededError);
  });
});
