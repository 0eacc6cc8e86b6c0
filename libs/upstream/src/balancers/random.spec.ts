import { mulberry32 } from '../random';
import { fakeCandidates, pickSequence, tally } from '../testing';
import { RandomBalancer } from './random';

describe('RandomBalancer', () => {
  it('replays the same sequence for the same seed', () => {
    const candidates = fakeCandidates({ a: 1, b: 1, c: 1 });
    const first = new RandomBalancer(mulberry32(7));
    const second = new RandomBalancer(mulberry32(7));
    const other = new RandomBalancer(mulberry32(8));
    const picks = pickSequence(() => first.pick(candidates), 50);
    expect(pickSequence(() => second.pick(candidates), 50)).toEqual(picks);
    expect(pickSequence(() => other.pick(candidates), 50)).not.toEqual(picks);
  });

  it('spreads picks roughly evenly, ignoring weights', () => {
    const balancer = new RandomBalancer(mulberry32(1));
    const candidates = fakeCandidates({ a: 9, b: 1 });
    const counts = tally(pickSequence(() => balancer.pick(candidates), 10_000));
    expect(counts['a']).toBeGreaterThan(4800);
    expect(counts['a']).toBeLessThan(5200);
  });

  it('never returns unavailable or excluded instances', () => {
    const balancer = new RandomBalancer(mulberry32(3));
    const candidates = fakeCandidates({ a: 1, b: 1, c: 1 });
    candidates[0].available = false;
    const picks = pickSequence(() => balancer.pick(candidates, new Set(['c'])), 100);
    expect(new Set(picks)).toEqual(new Set(['b']));
    expect(balancer.pick(candidates, new Set(['b', 'c']))).toBeUndefined();
  });
});
