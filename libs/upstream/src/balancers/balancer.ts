/** What a balancer needs to know about an instance; `UpstreamInstance` is one. */
export interface BalancerCandidate {
  readonly id: string;
  readonly weight: number;
  readonly inFlight: number;
  isAvailable(): boolean;
}

/**
 * Chooses one instance for the next attempt. Strategies only ever return an available instance
 * that is not in `exclude`, which is how a failover attempt lands on a *different* instance.
 * `undefined` means nothing qualifies; the caller decides what that means (the gateway: 503).
 */
export interface Balancer {
  pick<C extends BalancerCandidate>(
    candidates: readonly C[],
    exclude?: ReadonlySet<string>,
  ): C | undefined;
}

const NOTHING_EXCLUDED: ReadonlySet<string> = new Set();

export function isEligible(
  candidate: BalancerCandidate,
  exclude: ReadonlySet<string> = NOTHING_EXCLUDED,
): boolean {
  return !exclude.has(candidate.id) && candidate.isAvailable();
}

export function eligibleCandidates<C extends BalancerCandidate>(
  candidates: readonly C[],
  exclude?: ReadonlySet<string>,
): C[] {
  return candidates.filter((candidate) => isEligible(candidate, exclude));
}
