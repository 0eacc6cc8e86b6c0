import { fakeCandidates, pickSequence } from '../testing';
import { RoundRobinBalancer } from './round-robin';

describe('RoundRobinBalancer', () => {
  it('cycles through instances in order and ignores weights', () => {
    const balancer = new RoundRobinBalancer(() => 0);
    const candidates = fakeCandidates({ a: 5, b: 1, c: 1 });
    expect(pickSequence(() => balancer.pick(candidates), 6)).toEqual([
      'a',
      'b',
      'c',
      'a',
      'b',
      'c',
    ]);
  });

  it.each([
    [0, 'a'],
    [0.3, 'b'],
    [0.5, 'c'],
    [0.99, 'd'],
  ])('starts at the index chosen by the injected random (%p -> %s)', (draw, first) => {
    const balancer = new RoundRobinBalancer(() => draw);
    expect(balancer.pick(fakeCandidates({ a: 1, b: 1, c: 1, d: 1 }))?.id).toBe(first);
  });

  it('draws the start index only once', () => {
    const random = jest.fn(() => 0.5);
    const balancer = new RoundRobinBalancer(random);
    const candidates = fakeCandidates({ a: 1, b: 1 });
    pickSequence(() => balancer.pick(candidates), 10);
    expect(random).toHaveBeenCalledTimes(1);
  });

  it('steps over unavailable and excluded instances', () => {
    const balancer = new RoundRobinBalancer(() => 0);
    const candidates = fakeCandidates({ a: 1, b: 1, c: 1, d: 1 });
    candidates[1].available = false;
    const picks = pickSequence(() => balancer.pick(candidates, new Set(['d'])), 4);
    expect(picks).toEqual(['a', 'c', 'a', 'c']);
  });

  it('returns undefined when nothing is eligible', () => {
    const balancer = new RoundRobinBalancer(() => 0);
    const candidates = fakeCandidates({ a: 1 });
    candidates[0].available = false;
    expect(balancer.pick(candidates)).toBeUndefined();
    expect(balancer.pick([])).toBeUndefined();
  });
});
