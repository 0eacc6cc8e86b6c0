import { CommonErrors } from './common-errors';

/** A strong ETag from a resource version: `"7"`. Versions change on every write. */
export function versionEtag(version: number): string {
  return `"${version}"`;
}

/** True when an `If-None-Match` header lists the ETag (weak comparison, RFC 9110 13.1.2). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Reads `If-Match` as an expected version: undefined when absent or `*`, else the version.
 * Only our own strong ETags are meaningful; anything else can never match, so it fails as 400.
 */
export function expectedVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*"(\d{1,9})"\s*$/.exec(header);
  if (match === null) {
    throw CommonErrors.badHeader(
      'If-Match',
      'Send one ETag as returned by this service, e.g. "3".',
    );
  }
  return Number(match[1]);
}
