import {
  AttemptTimeoutError,
  BreakerOpenError,
  DeadlineExceededError,
  InstanceEjectedError,
  InvalidUpstreamsError,
  RequestCancelledError,
  UPSTREAM_ERROR_CODES,
  UpstreamBadStatusError,
  UpstreamConnectionError,
  UpstreamUnavailableError,
  isUpstreamError,
  type UpstreamError,
} from './errors';

const limitBefore = Error.stackTraceLimit;
/** One example of every class in the catalog, so a new code cannot be added without a class. */
const EXAMPLES: readonly UpstreamError[] = [
  new BreakerOpenError('a'),
  new InstanceEjectedError('a'),
  new AttemptTimeoutError(1000),
  new DeadlineExceededError(3000),
  new RequestCancelledError(),
  new UpstreamConnectionError('refused', { cause: new Error('ECONNREFUSED') }),
  new UpstreamBadStatusError(503),
  new UpstreamUnavailableError('catalog'),
  new InvalidUpstreamsError('empty'),
];

describe('error catalog', () => {
  it('has exactly one class per code', () => {
    expect(EXAMPLES.map((error) => error.code).sort()).toEqual([...UPSTREAM_ERROR_CODES].sort());
  });

  it.each(EXAMPLES.map((error) => [error.code, error] as const))(
    '%s is an Error with an HTTP status and a class name',
    (_code, error) => {
      expect(error).toBeInstanceOf(Error);
      expect(isUpstreamError(error)).toBe(true);
      // Every failure is the gateway's or its upstream's (5xx), but for the client's own leaving.
      if (error instanceof RequestCancelledError) expect(error.status).toBe(499);
      else expect(error.status).toBeGreaterThanOrEqual(500);
      expect(error.name).toBe(error.constructor.name);
    },
  );

  it.each(EXAMPLES.map((error) => [error.code, error] as const))(
    '%s is made without stack frames, and leaves the stack limit as it was',
    (_code, error) => {
      expect(error.stack).toBe(`${error.name}: ${error.message}`);
      expect(Error.stackTraceLimit).toBe(limitBefore);
      expect(new Error('plain').stack?.split('\n').length).toBeGreaterThan(1);
    },
  );

  it('does not claim foreign errors', () => {
    expect(isUpstreamError(new Error('x'))).toBe(false);
  });
});
