import { systemRandom, randomIndex, type Random } from '../random';
import { isEligible, type Balancer, type BalancerCandidate } from './balancer';

/**
 * Plain round robin over the candidate list, ignoring weights. The cursor starts at a random
 * index (drawn once, on the first pick) so many gateway processes do not hit the same instance
 * in lock step after a deploy, as Envoy does. Unavailable or excluded instances are stepped over
 * without disturbing the order of the rest.
 */
export class RoundRobinBalancer implements Balancer {
  readonly #random: Random;
  #cursor: number | undefined;

  constructor(random: Random = systemRandom) {
    this.#random = random;
  }

  pick<C extends BalancerCandidate>(
    candidates: readonly C[],
    exclude?: ReadonlySet<string>,
  ): C | undefined {
    const count = candidates.length;
    if (count === 0) return undefined;
    this.#cursor ??= randomIndex(this.#random, count);
    for (let step = 0; step < count; step++) {
      const index = (this.#cursor + step) % count;
      const candidate = candidates[index];
      if (isEligible(candidate, exclude)) {
        this.#cursor = (index + 1) % count;
        return candidate;
      }
    }
    return undefined;
  }
}
