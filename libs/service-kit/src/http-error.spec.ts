import { HttpError, problemType } from './http-error';

describe('HttpError', () => {
  it('carries its answer and no stack frames, and leaves the stack limit as it was', () => {
    const limitBefore = Error.stackTraceLimit;
    const error = new HttpError(404, 'PRODUCT_NOT_FOUND', 'Product not found', {
      detail: 'No product a',
      headers: { 'Cache-Control': 'no-store' },
    });
    expect(error).toMatchObject({
      status: 404,
      code: 'PRODUCT_NOT_FOUND',
      title: 'Product not found',
      detail: 'No product a',
      headers: { 'Cache-Control': 'no-store' },
      message: 'No product a',
    });
    expect(error.stack).toBe('HttpError: No product a');
    expect(Error.stackTraceLimit).toBe(limitBefore);
    expect(new Error('plain').stack?.split('\n').length).toBeGreaterThan(1);
  });

  it('names its problem type after the code', () => {
    expect(problemType('PRODUCT_NOT_FOUND')).toBe(
      'https://cartwheel.dev/problems/product-not-found',
    );
  });
});
