import { isEligible, type Balancer, type BalancerCandidate } from './balancer';

/**
 * nginx's smooth weighted round robin (ngx_http_upstream_get_peer): on every pick each eligible
 * instance's `current` grows by its weight, the largest `current` wins (first in list order on a
 * tie) and pays back the total. Over any window of `sum(weights)` picks each instance is chosen
 * exactly `weight` times, spread out rather than in bursts: weights a=5, b=1, c=1 give
 * `a a b a c a a`.
 *
 * Unavailable or excluded instances sit the round out as nginx's down peers do: their `current`
 * is frozen, so the others keep exact shares among themselves and a returning instance resumes
 * where it left off. nginx's `effective_weight` (lowered on failures) is not used because
 * breakers and outlier ejection already take failing instances out.
 */
export class SmoothWeightedRoundRobinBalancer implements Balancer {
  readonly #current = new Map<string, number>();

  pick<C extends BalancerCandidate>(
    candidates: readonly C[],
    exclude?: ReadonlySet<string>,
  ): C | undefined {
    let best: C | undefined;
    let bestCurrent = 0;
    let total = 0;
    for (const candidate of candidates) {
      if (!isEligible(candidate, exclude)) continue;
      const current = (this.#current.get(candidate.id) ?? 0) + candidate.weight;
      this.#current.set(candidate.id, current);
      total += candidate.weight;
      if (best === undefined || current > bestCurrent) {
        best = candidate;
        bestCurrent = current;
      }
    }
    if (best !== undefined) this.#current.set(best.id, bestCurrent - total);
    return best;
  }
}
