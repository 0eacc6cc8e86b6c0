import type { ResolvedOutlierOptions } from './outlier-options';

/**
 * Where one instance stands. `probation` follows an ejection: the instance may take exactly one
 * trial attempt, whose outcome readmits it or ejects it again for longer.
 */
export type EjectionStatus =
  | { readonly kind: 'admitted' }
  | { readonly kind: 'ejected'; readonly until: number }
  | { readonly kind: 'probation'; readonly trialInFlight: boolean };

/** How an attempt ended for outlier purposes; `skipped` means it was never sent (breaker open). */
export type AttemptVerdict = 'success' | 'failure' | 'skipped';

/**
 * What a verdict asks of the detector: nothing, a first ejection, or a re-ejection from
 * probation; or what it did itself, readmit the instance after its trial.
 */
export type EjectionRequest = 'none' | 'eject' | 're-eject' | 'readmitted';

const ADMITTED: EjectionStatus = { kind: 'admitted' };

/** One instance's ejection state machine. Pure: the caller passes the time in. */
export class HostEjection {
  #status: EjectionStatus = ADMITTED;
  #consecutiveFailures = 0;
  #ejections = 0;
  #multiplier = 0;
  #admittedSince = 0;

  constructor(private readonly options: ResolvedOutlierOptions) {}

  get consecutiveFailures(): number {
    return this.#consecutiveFailures;
  }

  get ejections(): number {
    return this.#ejections;
  }

  status(now: number): EjectionStatus {
    if (this.#status.kind === 'ejected' && now >= this.#status.until) {
      this.#status = { kind: 'probation', trialInFlight: false };
    }
    return this.#status;
  }

  isAvailable(now: number): boolean {
    const status = this.status(now);
    return status.kind === 'admitted' || (status.kind === 'probation' && !status.trialInFlight);
  }

  /** Claims the right to send one attempt now; in probation only the first claim succeeds. */
  tryAcquire(now: number): boolean {
    if (!this.isAvailable(now)) return false;
    if (this.#status.kind === 'probation')
      this.#status = { kind: 'probation', trialInFlight: true };
    return true;
  }

  record(now: number, verdict: AttemptVerdict): EjectionRequest {
    const status = this.status(now);
    // Late results of attempts sent before the ejection say nothing new; only the trial counts.
    const stale =
      status.kind === 'ejected' || (status.kind === 'probation' && !status.trialInFlight);
    if (stale) return 'none';
    if (verdict === 'skipped') {
      if (status.kind === 'probation') this.#status = { kind: 'probation', trialInFlight: false };
      return 'none';
    }
    if (verdict === 'success') {
      this.#consecutiveFailures = 0;
      if (status.kind !== 'probation') return 'none';
      this.#status = ADMITTED;
      this.#admittedSince = now;
      return 'readmitted';
    }
    if (status.kind === 'probation') return 're-eject';
    this.#consecutiveFailures += 1;
    return this.#consecutiveFailures >= this.options.consecutiveFailures ? 'eject' : 'none';
  }

  /**
   * Readmits an ejected instance, or one in probation, at once, and clears its failure streak;
   * the multiplier stays, so a relapse is ejected for longer. Returns whether it was out.
   */
  readmit(now: number): boolean {
    if (this.status(now).kind === 'admitted') return false;
    this.#status = ADMITTED;
    this.#admittedSince = now;
    this.#consecutiveFailures = 0;
    return true;
  }

  /**
   * Ejects for `base * multiplier`, capped at the maximum (Envoy). The multiplier grows by one per
   * ejection and, as in Envoy, shrinks by one per `interval` the instance stayed admitted.
   */
  eject(now: number): Extract<EjectionStatus, { kind: 'ejected' }> {
    const { baseEjectionTime, maxEjectionTime, interval } = this.options;
    const forgiven = Math.floor((now - this.#admittedSince) / interval);
    const ceiling = Math.ceil(maxEjectionTime / baseEjectionTime);
    const stillPenalised =
      this.#status.kind === 'probation' ? this.#multiplier : this.#multiplier - forgiven;
    this.#multiplier = Math.min(ceiling, Math.max(0, stillPenalised) + 1);
    const duration = Math.min(maxEjectionTime, baseEjectionTime * this.#multiplier);
    const ejected = { kind: 'ejected', until: now + duration } as const;
    this.#status = ejected;
    this.#ejections += 1;
    this.#consecutiveFailures = 0;
    return ejected;
  }
}
