import { ProblemDetails, type BranchStatus } from '@cartwheel/contracts';
import { HttpError } from '@cartwheel/service-kit';
import { UpstreamConnectionError, UpstreamError } from '@cartwheel/upstream';

/** An upstream answered with a body that breaks the contract: its bug, our 502. */
export class UpstreamContractError extends Error {
  readonly code = 'UPSTREAM_BAD_RESPONSE';
  constructor(
    readonly service: string,
    detail: string,
  ) {
    super(`${service} answered outside its contract: ${detail}`);
    this.name = 'UpstreamContractError';
  }
}

/** How long a client should wait before retrying when no instance is available. */
export const RETRY_AFTER_SECONDS = 5;

/** The gateway's own errors beyond the common ones; codes are stable. */
export const GatewayErrors = {
  unavailable: (service: string) =>
    new HttpError(503, 'UPSTREAM_UNAVAILABLE', `The ${service} service is unavailable`, {
      detail: `No ${service} instance can take the request now.`,
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    }),
  timeout: (service: string) =>
    new HttpError(504, 'UPSTREAM_TIMEOUT', `The ${service} service did not answer in time`),
  failed: (service: string) =>
    new HttpError(502, 'UPSTREAM_ERROR', `The ${service} service failed`, {
      detail: `The ${service} service answered with an error or could not be reached.`,
    }),
  productNotFound: (id: string) =>
    new HttpError(404, 'PRODUCT_NOT_FOUND', 'No such product', {
      detail: `Product '${id}' does not exist.`,
    }),
} as const;

/** Maps an upstream failure (by class and code, never by message) to the problem clients get. */
export function upstreamFailure(service: string, error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  // Refused everywhere: nothing was sent, so "unavailable, retry later" is true and safe. A reset
  // may come after the service acted, so it stays a 502 that invites no blind retry.
  if (error instanceof UpstreamConnectionError && error.refused)
    return GatewayErrors.unavailable(service);
  if (error instanceof UpstreamError) {
    switch (error.code) {
      case 'UPSTREAM_BREAKER_OPEN':
      case 'UPSTREAM_EJECTED':
      case 'UPSTREAM_UNAVAILABLE':
        return GatewayErrors.unavailable(service);
      case 'UPSTREAM_TIMEOUT':
      case 'UPSTREAM_DEADLINE':
        return GatewayErrors.timeout(service);
      default:
        return GatewayErrors.failed(service);
    }
  }
  return GatewayErrors.failed(service);
}

/**
 * A service's 4xx problem, relayed to our client with its status, code and text (the service
 * knows best why the request is wrong), but with our own instance and request id.
 */
export function relayProblem(
  service: string,
  response: {
    readonly status: number;
    readonly body: unknown;
    readonly headers: Readonly<Record<string, string>>;
  },
): HttpError {
  const { status, body } = response;
  const parsed = ProblemDetails.safeParse(body);
  if (!parsed.success)
    throw new UpstreamContractError(service, `a ${status} without a problem body`);
  const { code, title, detail, errors } = parsed.data;
  // The headers that tell the client what to do next: the current ETag after a 412, when to
  // retry after a 409 IDEMPOTENCY_KEY_IN_USE.
  const headers: Record<string, string> = {};
  if (response.headers['etag'] !== undefined) headers['ETag'] = response.headers['etag'];
  if (response.headers['retry-after'] !== undefined)
    headers['Retry-After'] = response.headers['retry-after'];
  return new HttpError(status, code, title, {
    ...(detail !== undefined && { detail }),
    ...(errors !== undefined && { errors }),
    headers,
  });
}

/** The problem for a branch that ended without data, from its status. */
export function branchFailure(service: string, status: BranchStatus): HttpError {
  if (status === 'breaker-open') return GatewayErrors.unavailable(service);
  if (status === 'timeout') return GatewayErrors.timeout(service);
  return GatewayErrors.failed(service);
}
