import { systemRandom, type Random } from '../random';
import { eligibleCandidates, type Balancer, type BalancerCandidate } from './balancer';

/**
 * Random choice with probability proportional to weight among eligible instances: one draw,
 * then a walk along the cumulative weights. Shares converge on the weights only on average;
 * use the smooth weighted round robin when exact shares matter.
 */
export class WeightedRandomBalancer implements Balancer {
  readonly #random: Random;

  constructor(random: Random = systemRandom) {
    this.#random = random;
  }

  pick<C extends BalancerCandidate>(
    candidates: readonly C[],
    exclude?: ReadonlySet<string>,
  ): C | undefined {
    const eligible = eligibleCandidates(candidates, exclude);
    const total = eligible.reduce((sum, candidate) => sum + candidate.weight, 0);
    let remaining = this.#random() * total;
    for (const candidate of eligible) {
      remaining -= candidate.weight;
      if (remaining < 0) return candidate;
    }
    // Only reachable through floating-point rounding at the very top of the range.
    return eligible.at(-1);
  }
}
