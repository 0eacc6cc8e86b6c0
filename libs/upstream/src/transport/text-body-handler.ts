import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

/** Thrown when an upstream body is larger than the adapter accepts. */
export class UpstreamBodyTooLargeError extends RangeError {
  readonly code = 'UPSTREAM_BODY_TOO_LARGE';
}

export interface TextResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * An undici dispatch handler that collects one response body as text, refusing more than
 * `maxBytes` whether or not a length was declared, and aborts the request when `signal` does.
 *
 * Why not `pool.request()`: it wraps every response in a Readable stream and an AsyncResource,
 * which the gateway then only drains into one string; that machinery was most of undici's own
 * share of the gateway's CPU per proxied request (see bench/README.md).
 */
export class TextBodyHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private statusCode = 0;
  private headers: IncomingHttpHeaders = {};
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (response: TextResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {
    // Until undici hands over a controller the request is only queued: onRequestStart aborts it.
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private readonly onAbort = (): void => {
    this.controller?.abort(this.signal?.reason as Error);
  };

  // undici calls this again if it retries the request on a fresh socket: start over.
  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    this.chunks = [];
    this.size = 0;
    if (this.signal?.aborted) controller.abort(this.signal.reason as Error);
  }

  // Also called for 1xx interim answers; the final one overwrites them.
  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.statusCode = statusCode;
    this.headers = headers;
    const declared = Number(headers['content-length']);
    if (declared > this.maxBytes) controller.abort(this.tooLarge());
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      controller.abort(this.tooLarge());
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    const only = this.chunks.length === 1 ? this.chunks[0] : undefined;
    const body = only ?? Buffer.concat(this.chunks, this.size);
    this.resolve({
      statusCode: this.statusCode,
      headers: this.headers,
      body: body.toString('utf8'),
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    this.reject(error);
  }

  private tooLarge(): UpstreamBodyTooLargeError {
    return new UpstreamBodyTooLargeError(`upstream body is over ${this.maxBytes} bytes`);
  }
}

/**
 * @example
 * const { statusCode, body } = await dispatchForText(pool, { path: '/products/a', method: 'GET' }, 1 << 20, signal);
 */
export function dispatchForText(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<TextResponse> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(options, new TextBodyHandler(maxBytes, signal, resolve, reject));
  });
}
