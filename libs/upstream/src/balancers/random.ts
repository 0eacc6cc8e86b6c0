import { randomIndex, systemRandom, type Random } from '../random';
import { eligibleCandidates, type Balancer, type BalancerCandidate } from './balancer';

/** Uniform random choice among eligible instances, ignoring weights. */
export class RandomBalancer implements Balancer {
  readonly #random: Random;

  constructor(random: Random = systemRandom) {
    this.#random = random;
  }

  pick<C extends BalancerCandidate>(
    candidates: readonly C[],
    exclude?: ReadonlySet<string>,
  ): C | undefined {
    const eligible = eligibleCandidates(candidates, exclude);
    if (eligible.length === 0) return undefined;
    return eligible[randomIndex(this.#random, eligible.length)];
  }
}
