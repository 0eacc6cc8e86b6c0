import type { IncomingHttpHeaders } from 'node:http';
import type { LookupFunction } from 'node:net';
import type { AxiosAdapter, AxiosHeaders, AxiosResponse } from 'axios';
import { Pool } from 'undici';
import { coalescedLookup } from './coalesced-lookup';
import { dispatchForText } from './text-body-handler';
import { timedConnector } from './timed-connector';

export interface UndiciAdapterOptions {
  readonly connectionsPerOrigin: number;
  readonly idleSocketTimeoutMs: number;
  /** A connection not made within this long fails with undici's `ConnectTimeoutError`. */
  readonly connectTimeoutMs: number;
  readonly maxBodyBytes: number;
  /**
   * Picks the response headers handed to axios; default: every header. axios builds its
   * AxiosHeaders with a case-insensitive search of the names so far for each header it adds, and
   * a Cartwheel service answers with about 20 headers (its security headers among them) of which
   * a caller may need a handful.
   */
  readonly responseHeaders?: (headers: IncomingHttpHeaders) => Record<string, string>;
  /**
   * Resolves upstream host names; default `dns.lookup`. Connections waiting for the same name
   * share one call of it (see `coalescedLookup`).
   */
  readonly lookup?: LookupFunction;
}

export interface UndiciAdapter {
  readonly adapter: AxiosAdapter;
  close(): Promise<void>;
}

/** One configured base URL: its pool and the path prefix every request path goes under. */
interface Base {
  readonly pool: Pool;
  readonly prefix: string;
}

function requestHeaders(headers: AxiosHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers.toJSON(true))) {
    if (typeof value === 'string') flat[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') flat[name] = String(value);
  }
  return flat;
}

/**
 * An axios adapter that sends through undici's `Pool`, one pool per base URL. axios stays the
 * API (config, headers, `validateStatus`, interceptors); only the socket layer changes, because
 * node:http's Agent costs the gateway a large share of its CPU per request (see bench/README.md).
 * Paths are joined to the base as strings: callers pass only checked relative paths, and a
 * `new URL` per request was a measurable share of the adapter's cost.
 */
export function createUndiciAdapter(options: UndiciAdapterOptions): UndiciAdapter {
  const bases = new Map<string, Base>();
  const lookup = coalescedLookup(options.lookup);
  const baseFor = (baseURL: string): Base => {
    let base = bases.get(baseURL);
    if (base === undefined) {
      const url = new URL(baseURL);
      const pool = new Pool(url.origin, {
        connections: options.connectionsPerOrigin,
        keepAliveTimeout: options.idleSocketTimeoutMs,
        keepAliveMaxTimeout: options.idleSocketTimeoutMs,
        pipelining: 1,
        // Off: every attempt has its own deadline (the breaker's attempt timeout aborts its
        // signal), so undici's timers would only be set and cleared again on each request.
        headersTimeout: 0,
        bodyTimeout: 0,
        connect: timedConnector(options.connectTimeoutMs, { lookup }),
      });
      base = { pool, prefix: url.pathname.replace(/\/+$/, '') };
      bases.set(baseURL, base);
    }
    return base;
  };

  const adapter: AxiosAdapter = async (config) => {
    if (config.baseURL === undefined) throw new TypeError('the undici adapter needs a baseURL');
    const { pool, prefix } = baseFor(config.baseURL);
    const params = config.params as Record<string, string> | undefined;
    const query = params === undefined ? '' : `?${new URLSearchParams(params).toString()}`;
    const data: unknown = config.data;
    const response = await dispatchForText(
      pool,
      {
        path: `${prefix}${config.url ?? '/'}${query}`,
        method: (config.method ?? 'get').toUpperCase(),
        headers: requestHeaders(config.headers),
        body: typeof data === 'string' || Buffer.isBuffer(data) ? data : null,
      },
      options.maxBodyBytes,
      config.signal as AbortSignal | undefined,
    );
    const answer: AxiosResponse<string> = {
      data: response.body,
      status: response.statusCode,
      statusText: '',
      headers: options.responseHeaders?.(response.headers) ?? response.headers,
      config,
      request: {},
    };
    return answer;
  };

  return {
    adapter,
    close: async () => {
      const pools = [...bases.values()].map(({ pool }) => pool.close());
      bases.clear();
      await Promise.all(pools);
    },
  };
}
