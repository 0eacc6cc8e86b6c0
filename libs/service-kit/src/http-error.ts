import type { FieldError } from '@cartwheel/contracts';

export interface HttpErrorOptions {
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  /** Extra response headers such as `Retry-After` or `Allow`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * An error that already knows its HTTP answer. Every error a route throws on purpose is one of
 * these, with a fixed `code` from a catalog; the edge turns it into RFC 9457 problem+json.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, title: string, options: HttpErrorOptions = {}) {
    // No stack: the answer is the whole story, it is never logged with a trace, and capturing
    // one per 404 or 503 walked the async chain of the request (4% of a fail-fast 503's CPU).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(options.detail ?? title);
    Error.stackTraceLimit = limit;
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** A problem `type` URI per code, so clients can tell errors apart without parsing text. */
export function problemType(code: string): string {
  return `https://cartwheel.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}
