import { Axios, AxiosError, type AxiosAdapter } from 'axios';
import type { LookupFunction } from 'node:net';
import { UpstreamBadStatusError, UpstreamConnectionError } from '../errors';
import type { Transport, UpstreamRequest, UpstreamResponse } from './upstream-request';
import { createUndiciAdapter } from './undici-adapter';

export interface AxiosTransportOptions {
  /** Sockets per instance (origin) at most; more requests queue in the pool. Default 64. */
  readonly maxSocketsPerInstance?: number;
  /**
   * Idle pooled sockets are closed after this long. Below the services' keep-alive timeout
   * (65 s), so the gateway closes idle sockets first and never writes on one the service is
   * closing. Default 30000.
   */
  readonly idleSocketTimeoutMs?: number;
  /**
   * A connection not made within this long fails as not connected, so the attempt fails over at
   * once (a POST too: nothing was sent). Default 500, below the breaker's default attempt
   * timeout (1000): a blackholed instance (SYNs unanswered) then costs a request one connect
   * timeout instead of a whole attempt, and its probes and queued requests are let go after it
   * rather than after undici's 10 s.
   */
  readonly connectTimeoutMs?: number;
  /** Largest upstream body accepted, in bytes. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Resolves instance host names; default `dns.lookup`, shared by waiting connections. */
  readonly lookup?: LookupFunction;
}

/** See `AxiosTransportOptions.connectTimeoutMs`. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 500;

const JSON_TYPE = 'application/json';
const RESPONSE_HEADERS = ['etag', 'location', 'idempotent-replayed', 'retry-after', 'content-type'];

function pickHeaders(headers: Record<string, unknown>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of RESPONSE_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}

/**
 * Error codes that mean no connection was made, so nothing was sent: refused or unreachable, not
 * made within the connect timeout, or the name did not resolve (`ENOTFOUND`: no such name;
 * `EAI_AGAIN`: no answer in time, as from a container engine's DNS while it reloads).
 */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The system or client error code, from axios's error or the socket error it wraps. */
function errorCode(error: unknown): string {
  if (error instanceof AxiosError && error.code !== undefined) return error.code;
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : 'ERR_UNKNOWN';
}

/** Only `/segment/segment` of unreserved characters: no `//host`, no `..`, no scheme. */
const SAFE_PATH = /^(?:\/[A-Za-z0-9._~-]+)+$/;

export function assertRelativePath(path: string): void {
  if (!SAFE_PATH.test(path) || path.split('/').some((s) => s === '.' || s === '..')) {
    throw new RangeError(`refusing upstream path ${JSON.stringify(path)}`);
  }
}

/** JSON when it parses, else the text as it came: the caller's schema check reports it. */
function parseJsonLeniently(text: string): unknown {
  if (text.length === 0) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * An axios client that merges nothing into a request but what the request says. `axios.create`
 * copies axios's global defaults (headers per method, XSRF names, transitional flags, JSON
 * transforms) and mergeConfig walks all of them on every call: about 12 of the 20 µs axios
 * spent per call in a micro-benchmark. Bodies are serialised and parsed by the transport.
 */
function leanAxios(adapter: AxiosAdapter): Axios {
  return new Axios({
    adapter,
    // Every status is data: the resilience layer, not axios, decides what a failure is.
    validateStatus: null,
    transformRequest: [],
    transformResponse: [],
  });
}

/**
 * axios over undici's Pool: bounded sockets per instance, no redirects followed, no proxy taken
 * from the environment, bodies bounded, and every status handed back as data. 5xx answers throw
 * `UpstreamBadStatusError`.
 */
export function createAxiosTransport(options: AxiosTransportOptions = {}): Transport {
  const undici = createUndiciAdapter({
    connectionsPerOrigin: options.maxSocketsPerInstance ?? 64,
    idleSocketTimeoutMs: options.idleSocketTimeoutMs ?? 30_000,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    responseHeaders: pickHeaders,
    ...(options.lookup !== undefined && { lookup: options.lookup }),
  });
  const client = leanAxios(undici.adapter);

  return {
    async send(instance, request: UpstreamRequest, signal): Promise<UpstreamResponse> {
      assertRelativePath(request.path);
      try {
        const hasBody = request.body !== undefined;
        const response = await client.request<string>({
          baseURL: instance.url.href,
          url: request.path,
          method: request.method,
          params: request.query,
          headers: hasBody ? { ...request.headers, 'content-type': JSON_TYPE } : request.headers,
          data: hasBody ? JSON.stringify(request.body) : undefined,
          signal,
        });
        const answer: UpstreamResponse = {
          status: response.status,
          headers: pickHeaders(response.headers as Record<string, unknown>),
          body: parseJsonLeniently(response.data),
          instanceId: instance.id,
        };
        if (answer.status >= 500) throw new UpstreamBadStatusError(answer.status);
        return answer;
      } catch (error) {
        if (error instanceof UpstreamBadStatusError) throw error;
        // An abort carries its reason (our timeout or the caller's deadline): pass that on.
        if (signal.aborted) throw signal.reason;
        const code = errorCode(error);
        throw new UpstreamConnectionError(`${instance.id}: ${code}`, {
          cause: error,
          refused: NOT_CONNECTED.has(code),
        });
      }
    },
    close: () => undici.close(),
  };
}
