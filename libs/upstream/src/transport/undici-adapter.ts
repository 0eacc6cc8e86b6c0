import { AxiosHeaders, type AxiosAdapter, type AxiosResponse } from 'axios';
import { Pool } from 'undici';

export interface UndiciAdapterOptions {
  readonly connectionsPerOrigin: number;
  readonly idleSocketTimeoutMs: number;
  readonly maxBodyBytes: number;
}

export interface UndiciAdapter {
  readonly adapter: AxiosAdapter;
  close(): Promise<void>;
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
 * An axios adapter that sends through undici's `Pool`, one pool per origin. axios stays the API
 * (config, headers, JSON transforms, `validateStatus`); only the socket layer changes, because
 * node:http's Agent costs the gateway a large share of its CPU per request (see bench/README.md).
 */
export function createUndiciAdapter(options: UndiciAdapterOptions): UndiciAdapter {
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: options.connectionsPerOrigin,
        keepAliveTimeout: options.idleSocketTimeoutMs,
        keepAliveMaxTimeout: options.idleSocketTimeoutMs,
        pipelining: 1,
      });
      pools.set(origin, pool);
    }
    return pool;
  };

  const adapter: AxiosAdapter = async (config) => {
    // Not axios.getUri(): it merges the whole config again, a measurable cost per request.
    const url = new URL(config.url ?? '/', config.baseURL);
    const params = config.params as Record<string, string> | undefined;
    if (params !== undefined)
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const method = (config.method ?? 'get').toUpperCase() as 'GET';
    const data: unknown = config.data;
    const response = await poolFor(url.origin).request({
      path: `${url.pathname}${url.search}`,
      method,
      headers: requestHeaders(config.headers),
      body: typeof data === 'string' || Buffer.isBuffer(data) ? data : null,
      signal: config.signal as AbortSignal | undefined,
      maxRedirections: 0,
    } as Parameters<Pool['request']>[0]);
    const declared = Number(response.headers['content-length'] ?? 0);
    if (declared > options.maxBodyBytes) {
      response.body.destroy();
      throw new RangeError(`upstream body of ${declared} bytes is over ${options.maxBodyBytes}`);
    }
    const answer: AxiosResponse = {
      data: await response.body.text(),
      status: response.statusCode,
      statusText: '',
      headers: new AxiosHeaders(response.headers as Record<string, string>),
      config,
      request: {},
    };
    return answer;
  };

  return {
    adapter,
    close: async () => {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      pools.clear();
    },
  };
}
