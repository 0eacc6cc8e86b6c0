import { mulberry32 } from '../random';
import { fakeCandidates, pickSequence, tally } from '../testing';
import { WeightedRandomBalancer } from './weighted-random';

describe('WeightedRandomBalancer', () => {
  it('replays the same sequence for the same seed', () => {
    const candidates = fakeCandidates({ a: 3, b: 2, c: 1 });
    const run = (seed: number) => {
      const balancer = new WeightedRandomBalancer(mulberry32(seed));
      return pickSequence(() => balancer.pick(candidates), 100);
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  it('approaches the weights over many picks', () => {
    const balancer = new WeightedRandomBalancer(mulberry32(2024));
    const candidates = fakeCandidates({ a: 3, b: 1 });
    const counts = tally(pickSequence(() => balancer.pick(candidates), 40_000));
    expect((counts['a'] ?? 0) / 40_000).toBeCloseTo(0.75, 2);
  });

  it('maps the ends of the random range onto the first and last instance', () => {
    const candidates = fakeCandidates({ a: 3, b: 1 });
    expect(new WeightedRandomBalancer(() => 0).pick(candidates)?.id).toBe('a');
    expect(new WeightedRandomBalancer(() => 0.74).pick(candidates)?.id).toBe('a');
    expect(new WeightedRandomBalancer(() => 0.75).pick(candidates)?.id).toBe('b');
    expect(new WeightedRandomBalancer(() => 0.999999).pick(candidates)?.id).toBe('b');
  });

  it('shares traffic among the remaining instances when one is unavailable or excluded', () => {
    const balancer = new WeightedRandomBalancer(mulberry32(5));
    const candidates = fakeCandidates({ a: 3, b: 1, c: 6 });
    candidates[2].available = false;
    const picks = pickSequence(() => balancer.pick(candidates), 2000);
    expect(new Set(picks)).toEqual(new Set(['a', 'b']));
    expect(pickSequence(() => balancer.pick(candidates, new Set(['a'])), 20)).toEqual(
      Array(20).fill('b'),
    );
    expect(balancer.pick(candidates, new Set(['a', 'b']))).toBeUndefined();
  });
});
