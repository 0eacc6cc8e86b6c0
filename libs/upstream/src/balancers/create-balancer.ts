import { systemRandom, type Random } from '../random';
import type { Balancer } from './balancer';
import { LeastRequestBalancer, type LeastRequestOptions } from './least-request';
import { RandomBalancer } from './random';
import { RoundRobinBalancer } from './round-robin';
import { SmoothWeightedRoundRobinBalancer } from './smooth-weighted-round-robin';
import { WeightedRandomBalancer } from './weighted-random';

export const BALANCER_STRATEGIES = [
  'round-robin',
  'weighted-round-robin',
  'random',
  'weighted-random',
  'least-request',
] as const;
export type BalancerStrategy = (typeof BALANCER_STRATEGIES)[number];

export interface BalancerDependencies {
  readonly random?: Random;
  readonly leastRequest?: LeastRequestOptions;
}

/**
 * Builds a fresh balancer (each keeps its own cursor or weights) from a strategy name, so a
 * config value like `UPSTREAM_BALANCER=least-request` picks the algorithm.
 *
 * @example createBalancer('weighted-round-robin').pick(pool.instances)
 */
export function createBalancer(
  strategy: BalancerStrategy,
  dependencies: BalancerDependencies = {},
): Balancer {
  const random = dependencies.random ?? systemRandom;
  switch (strategy) {
    case 'round-robin':
      return new RoundRobinBalancer(random);
    case 'weighted-round-robin':
      return new SmoothWeightedRoundRobinBalancer();
    case 'random':
      return new RandomBalancer(random);
    case 'weighted-random':
      return new WeightedRandomBalancer(random);
    case 'least-request':
      return new LeastRequestBalancer(dependencies.leastRequest, random);
    default:
      return assertNever(strategy);
  }
}

function assertNever(strategy: never): never {
  throw new RangeError(`unknown balancer strategy: ${String(strategy)}`);
}
