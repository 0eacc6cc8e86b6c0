import { upstreamFailure } from '../gateway-errors';

/** Runs a call to a required upstream; any failure becomes the problem clients should see. */
export async function required<T>(service: 'catalog' | 'cart', call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw upstreamFailure(service, error);
  }
}
