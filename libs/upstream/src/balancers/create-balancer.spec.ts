import { mulberry32 } from '../random';
import { fakeCandidates, pickSequence } from '../testing';
import { BALANCER_STRATEGIES, createBalancer, type BalancerStrategy } from './create-balancer';
import { LeastRequestBalancer } from './least-request';
import { RandomBalancer } from './random';
import { RoundRobinBalancer } from './round-robin';
import { SmoothWeightedRoundRobinBalancer } from './smooth-weighted-round-robin';
import { WeightedRandomBalancer } from './weighted-random';

describe('createBalancer', () => {
  it.each([
    ['round-robin', RoundRobinBalancer],
    ['weighted-round-robin', SmoothWeightedRoundRobinBalancer],
    ['random', RandomBalancer],
    ['weighted-random', WeightedRandomBalancer],
    ['least-request', LeastRequestBalancer],
  ] as const)('builds %s', (strategy, type) => {
    expect(createBalancer(strategy)).toBeInstanceOf(type);
  });

  it('covers every listed strategy and passes the injected random on', () => {
    const candidates = fakeCandidates({ a: 1, b: 2, c: 3 });
    for (const strategy of BALANCER_STRATEGIES) {
      const run = () => {
        const balancer = createBalancer(strategy, { random: mulberry32(99) });
        return pickSequence(() => balancer.pick(candidates), 30);
      };
      expect(run()).toEqual(run());
    }
  });

  it('rejects an unknown strategy name that slipped past the types', () => {
    expect(() => createBalancer('fastest' as BalancerStrategy)).toThrow(RangeError);
  });
});
