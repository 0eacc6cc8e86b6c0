import type { BalancerCandidate } from '../balancers/balancer';

/** A balancer candidate whose load and availability a test sets directly. */
export class FakeCandidate implements BalancerCandidate {
  inFlight = 0;
  available = true;

  constructor(
    readonly id: string,
    readonly weight = 1,
  ) {}

  isAvailable(): boolean {
    return this.available;
  }
}

/** `fakeCandidates({ a: 5, b: 1 })` -> candidates a (weight 5) and b (weight 1), in that order. */
export function fakeCandidates(weights: Record<string, number>): FakeCandidate[] {
  return Object.entries(weights).map(([id, weight]) => new FakeCandidate(id, weight));
}

/** Picks `count` times and returns the chosen ids ('-' when nothing was eligible). */
export function pickSequence(pick: () => BalancerCandidate | undefined, count: number): string[] {
  return Array.from({ length: count }, () => pick()?.id ?? '-');
}

/** How often each id occurs in a pick sequence. */
export function tally(ids: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of ids) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
}
