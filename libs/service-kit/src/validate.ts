import type { FieldError } from '@cartwheel/contracts';
import type { z } from 'zod';
import { CommonErrors } from './common-errors';

/** Where a value came from, so that field errors read `body.quantity` or `query.limit`. */
export type InputLocation = 'body' | 'query' | 'params' | 'headers';

export function fieldErrors(location: InputLocation, error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const at = (...path: PropertyKey[]) => [location, ...path.map(String)].join('.');
    // One error per unknown field, located at the field itself, so clients need not parse text.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        location: at(...issue.path, key),
        message: 'is not a known field',
      }));
    }
    return [{ location: at(...issue.path), message: issue.message }];
  });
}

/**
 * Parses untrusted input with a contract schema, or throws a 400 problem that lists every field
 * error at once (a client fixing one field at a time would need many round trips).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: InputLocation,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw CommonErrors.validationFailed(fieldErrors(location, result.error));
  return result.data;
}
