import { getEventListeners } from 'node:events';
import { linkSignals } from './linked-signal';

describe('linkSignals', () => {
  it('aborts with the reason of whichever source aborts first', () => {
    const a = new AbortController();
    const b = new AbortController();
    const linked = linkSignals(a.signal, b.signal);
    b.abort(new Error('deadline'));
    expect(linked.signal.aborted).toBe(true);
    expect((linked.signal.reason as Error).message).toBe('deadline');
    a.abort(new Error('late'));
    expect((linked.signal.reason as Error).message).toBe('deadline');
  });

  it('is a source itself when that source is already aborted', () => {
    const a = new AbortController();
    a.abort(new Error('gone'));
    expect(linkSignals(a.signal, new AbortController().signal).signal).toBe(a.signal);
  });

  it('leaves no listener on a long-lived source after dispose, however many links were made', () => {
    const deadline = new AbortController();
    for (let i = 0; i < 10_000; i += 1) {
      const attempt = new AbortController();
      linkSignals(attempt.signal, deadline.signal).dispose();
    }
    expect(getEventListeners(deadline.signal, 'abort')).toHaveLength(0);
  });
});
