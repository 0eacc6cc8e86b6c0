/**
 * `half-open` admits exactly one trial attempt; its outcome closes or re-opens the breaker.
 * A breaker that has been shut down reports `open`: it admits nothing, which is all a caller
 * needs to know.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** The slice of opossum's breaker the state is read from. */
export interface OpossumStateView {
  readonly closed: boolean;
  readonly halfOpen: boolean;
  readonly pendingClose: boolean;
  readonly isShutdown: boolean;
}

export function readBreakerState(view: OpossumStateView): BreakerState {
  if (view.isShutdown) return 'open';
  if (view.closed) return 'closed';
  return view.halfOpen ? 'half-open' : 'open';
}

/** Closed, or half-open with its single trial slot still free (opossum's `pendingClose`). */
export function admitsAttempt(view: OpossumStateView): boolean {
  if (view.isShutdown) return false;
  return view.closed || (view.halfOpen && view.pendingClose);
}
