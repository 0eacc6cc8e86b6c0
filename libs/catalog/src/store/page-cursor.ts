import { PRODUCT_ID_PATTERN } from '@cartwheel/contracts';

/**
 * Cursors are opaque to clients (base64url of a small JSON document) so that the keyset behind
 * them can change without breaking anyone; a cursor that does not decode is a 400.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId }), 'utf8').toString('base64url');
}

/** @returns the id to continue after, or undefined when the cursor is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const after = (value as Record<string, unknown>)['after'];
    return typeof after === 'string' && PRODUCT_ID_PATTERN.test(after) ? after : undefined;
  } catch {
    return undefined;
  }
}
