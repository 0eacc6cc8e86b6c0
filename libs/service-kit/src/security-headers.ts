import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * helmet's default headers, computed once. With its default options every header helmet sets
 * is the same on every response, so running its middleware per request (a dozen `setHeader`
 * calls through a chain of closures) only repeats work; helmet stays the source of the values.
 */
export function securityHeaders(): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const res = {
    setHeader(name: string, value: string) {
      headers.set(name, value);
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
  };
  let ran = false;
  helmet()({} as IncomingMessage, res as unknown as ServerResponse, () => {
    ran = true;
  });
  // helmet calls `next` synchronously; had that changed, an empty list would go unnoticed.
  if (!ran || headers.size === 0) throw new Error('helmet did not produce its headers');
  return [...headers];
}
