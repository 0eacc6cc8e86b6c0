import { fakeCandidates, pickSequence, tally } from '../testing';
import { SmoothWeightedRoundRobinBalancer } from './smooth-weighted-round-robin';

describe('SmoothWeightedRoundRobinBalancer', () => {
  it("reproduces nginx's order for weights a=5, b=1, c=1", () => {
    const balancer = new SmoothWeightedRoundRobinBalancer();
    const candidates = fakeCandidates({ a: 5, b: 1, c: 1 });
    const picks = pickSequence(() => balancer.pick(candidates), 14);
    expect(picks.join(' ')).toBe('a a b a c a a a a b a c a a');
  });

  it('gives exact 3:1 shares in every 4000-pick window for weights 3 and 1', () => {
    const balancer = new SmoothWeightedRoundRobinBalancer();
    const candidates = fakeCandidates({ a: 3, b: 1 });
    const picks = pickSequence(() => balancer.pick(candidates), 12_003);
    for (const start of [0, 1, 2, 3, 4000, 8003]) {
      expect(tally(picks.slice(start, start + 4000))).toEqual({ a: 3000, b: 1000 });
    }
  });

  it('skips unavailable instances and keeps exact shares among the others', () => {
    const balancer = new SmoothWeightedRoundRobinBalancer();
    const candidates = fakeCandidates({ a: 2, b: 1, c: 3 });
    pickSequence(() => balancer.pick(candidates), 5);
    candidates[2].available = false;
    const picks = pickSequence(() => balancer.pick(candidates), 300);
    expect(tally(picks)).toEqual({ a: 200, b: 100 });
  });

  it('resumes the full weights when an instance comes back', () => {
    const balancer = new SmoothWeightedRoundRobinBalancer();
    const candidates = fakeCandidates({ a: 2, b: 1, c: 3 });
    candidates[0].available = false;
    pickSequence(() => balancer.pick(candidates), 7);
    candidates[0].available = true;
    const picks = pickSequence(() => balancer.pick(candidates), 6000);
    expect(tally(picks.slice(-600))).toEqual({ a: 200, b: 100, c: 300 });
  });

  it('skips excluded ids and returns undefined when nothing is eligible', () => {
    const balancer = new SmoothWeightedRoundRobinBalancer();
    const candidates = fakeCandidates({ a: 5, b: 1 });
    expect(pickSequence(() => balancer.pick(candidates, new Set(['a'])), 3)).toEqual([
      'b',
      'b',
      'b',
    ]);
    expect(balancer.pick(candidates, new Set(['a', 'b']))).toBeUndefined();
    expect(balancer.pick([])).toBeUndefined();
  });
});
