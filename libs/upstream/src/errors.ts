/**
 * The upstream error catalog. Every failure this lib reports is one of these classes, each with a
 * fixed `code` and the HTTP status the gateway should answer with, so the edge maps errors to
 * RFC 9457 problem+json by `code` and nothing ever matches on message text.
 */
export const UPSTREAM_ERROR_CODES = [
  'UPSTREAM_BREAKER_OPEN',
  'UPSTREAM_EJECTED',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_DEADLINE',
  'UPSTREAM_CANCELLED',
  'UPSTREAM_CONNECTION',
  'UPSTREAM_BAD_STATUS',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_CONFIG_INVALID',
] as const;
export type UpstreamErrorCode = (typeof UPSTREAM_ERROR_CODES)[number];

export abstract class UpstreamError extends Error {
  abstract readonly code: UpstreamErrorCode;
  /** The status the gateway answers its own client with (not the upstream's status). */
  abstract readonly status: number;

  /**
   * Made without a stack. These are expected outcomes, thousands a second while a service is
   * down, and capturing a stack walked the whole async chain each time: 8% of the gateway's CPU
   * when answering fail-fast 503s. The code says what happened, and a wrapped socket error keeps
   * its own stack as `cause`.
   */
  constructor(message: string, options?: ErrorOptions) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, options);
    Error.stackTraceLimit = limit;
  }
}

/** The instance's circuit breaker refused the attempt; nothing was sent. */
export class BreakerOpenError extends UpstreamError {
  override readonly name = 'BreakerOpenError';
  readonly code = 'UPSTREAM_BREAKER_OPEN';
  readonly status = 503;
  constructor(readonly instanceId: string) {
    super(`circuit breaker for upstream ${instanceId} is open`);
  }
}

/** Outlier detection has ejected the instance (or its one probation trial is taken); nothing was sent. */
export class InstanceEjectedError extends UpstreamError {
  override readonly name = 'InstanceEjectedError';
  readonly code = 'UPSTREAM_EJECTED';
  readonly status = 503;
  constructor(readonly instanceId: string) {
    super(`upstream ${instanceId} is ejected by outlier detection`);
  }
}

/** The attempt outlived its own deadline and was aborted through its signal. */
export class AttemptTimeoutError extends UpstreamError {
  override readonly name = 'AttemptTimeoutError';
  readonly code = 'UPSTREAM_TIMEOUT';
  readonly status = 504;
  constructor(readonly timeoutMs: number) {
    super(`upstream attempt timed out after ${timeoutMs} ms`);
  }
}

/** The whole request's deadline passed (across attempts and backoffs); nothing more is tried. */
export class DeadlineExceededError extends UpstreamError {
  override readonly name = 'DeadlineExceededError';
  readonly code = 'UPSTREAM_DEADLINE';
  readonly status = 504;
  constructor(readonly deadlineMs: number) {
    super(`request deadline of ${deadlineMs} ms passed`);
  }
}

/**
 * The caller gave up before the answer came (its client went away), and the attempt was aborted.
 * It says nothing about the instance: breakers and outlier detection count it neither way.
 * 499 is nginx's "client closed request": no client receives it, but logs and metrics say it.
 */
export class RequestCancelledError extends UpstreamError {
  override readonly name = 'RequestCancelledError';
  readonly code = 'UPSTREAM_CANCELLED';
  readonly status = 499;
  constructor() {
    super('the client closed the request before it was answered');
  }
}

/** The upstream could not be reached (refused, reset, DNS...). Callers wrap their client's error. */
export class UpstreamConnectionError extends UpstreamError {
  override readonly name = 'UpstreamConnectionError';
  readonly code = 'UPSTREAM_CONNECTION';
  readonly status = 502;
  /**
   * True when no connection was made (refused, unreachable, a name that did not resolve): the
   * request was certainly not sent, so failing over at once is safe and cheap. False when it may
   * have been (a reset).
   */
  readonly refused: boolean;
  constructor(message: string, options?: ErrorOptions & { refused?: boolean }) {
    super(message, options);
    this.refused = options?.refused ?? false;
  }
}

/** The upstream answered with a status the caller treats as an error; `upstreamStatus` is theirs. */
export class UpstreamBadStatusError extends UpstreamError {
  override readonly name = 'UpstreamBadStatusError';
  readonly code = 'UPSTREAM_BAD_STATUS';
  readonly status = 502;
  constructor(readonly upstreamStatus: number) {
    super(`upstream answered with status ${upstreamStatus}`);
  }
}

/** No instance of the service could take the request: fail fast instead of queueing. */
export class UpstreamUnavailableError extends UpstreamError {
  override readonly name = 'UpstreamUnavailableError';
  readonly code = 'UPSTREAM_UNAVAILABLE';
  readonly status = 503;
  constructor(readonly service: string) {
    super(`no available instance of upstream service ${service}`);
  }
}

/** An upstream list (e.g. `CATALOG_UPSTREAMS`) is malformed; `problem` says what and where. */
export class InvalidUpstreamsError extends UpstreamError {
  override readonly name = 'InvalidUpstreamsError';
  readonly code = 'UPSTREAM_CONFIG_INVALID';
  readonly status = 500;
  constructor(readonly problem: string) {
    super(`invalid upstream list: ${problem}`);
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}
