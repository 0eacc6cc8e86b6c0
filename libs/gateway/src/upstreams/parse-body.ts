import type { z } from 'zod';
import { UpstreamContractError } from '../gateway-errors';

/** Upstream bodies are untrusted like any input: parsed with the same contract schemas. */
export function parseBody<S extends z.ZodType>(
  service: string,
  schema: S,
  body: unknown,
): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new UpstreamContractError(service, result.error.issues[0]?.message ?? 'invalid body');
  }
  return result.data;
}
