/** Methods the gateway sends upstream. */
export type UpstreamMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

/**
 * One request to a service, independent of which instance gets it. `path` is built by the caller
 * only from fixed segments and ids that passed the contracts' patterns, and is resolved against
 * the configured base URL alone: there is no way to name another host.
 */
export interface UpstreamRequest {
  readonly method: UpstreamMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Which instance answered. */
  readonly instanceId: string;
}

/** Sends one attempt to one instance; answers every status below 500 as a response. */
export interface Transport {
  send(
    instance: { readonly id: string; readonly url: URL },
    request: UpstreamRequest,
    signal: AbortSignal,
  ): Promise<UpstreamResponse>;
  /** Closes every pooled socket. */
  close(): Promise<void>;
}
