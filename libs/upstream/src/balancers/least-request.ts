import { randomIndex, systemRandom, type Random } from '../random';
import { requireInteger, requireNumber } from '../validate';
import { eligibleCandidates, type Balancer, type BalancerCandidate } from './balancer';

export interface LeastRequestOptions {
  /** How many distinct instances to sample per pick. Envoy's `choice_count`, default 2. */
  readonly choiceCount?: number;
  /**
   * Envoy's `active_request_bias`: an instance scores `weight / (inFlight + 1) ** bias` and the
   * highest score wins. 1.0 (Envoy's default) weighs load and weight equally; 0 ignores load.
   */
  readonly activeRequestBias?: number;
}

/**
 * Envoy's least request balancer as power of N choices: sample `choiceCount` distinct eligible
 * instances at random and keep the one with the best weight-per-load score. With equal weights
 * that is simply the fewest requests in flight. Sampling instead of scanning avoids the herd
 * that a global "least loaded" causes when many gateways see the same idle instance.
 */
export class LeastRequestBalancer implements Balancer {
  readonly #random: Random;
  readonly #choiceCount: number;
  readonly #bias: number;

  constructor(options: LeastRequestOptions = {}, random: Random = systemRandom) {
    this.#choiceCount = requireInteger('choiceCount', options.choiceCount ?? 2, 2, 100);
    this.#bias = requireNumber('activeRequestBias', options.activeRequestBias ?? 1, 0, 10);
    this.#random = random;
  }

  pick<C extends BalancerCandidate>(
    candidates: readonly C[],
    exclude?: ReadonlySet<string>,
  ): C | undefined {
    const pool = eligibleCandidates(candidates, exclude);
    let best: C | undefined;
    let bestScore = -Infinity;
    const draws = Math.min(this.#choiceCount, pool.length);
    // A partial Fisher-Yates shuffle: each draw takes a not-yet-sampled instance.
    for (let drawn = 0; drawn < draws; drawn++) {
      const index = drawn + randomIndex(this.#random, pool.length - drawn);
      const candidate = pool[index];
      pool[index] = pool[drawn];
      pool[drawn] = candidate;
      const score = candidate.weight / (candidate.inFlight + 1) ** this.#bias;
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }
}
