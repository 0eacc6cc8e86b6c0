import type { FieldError } from '@cartwheel/contracts';
import { HttpError } from './http-error';

/**
 * The errors every service can answer with. Domain libraries add their own catalogs in the same
 * shape; each code is stable and documented in the README.
 */
export const CommonErrors = {
  routeNotFound: (method: string, path: string) =>
    new HttpError(404, 'ROUTE_NOT_FOUND', 'No such route', { detail: `${method} ${path}` }),
  methodNotAllowed: (allow: readonly string[]) =>
    new HttpError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed', {
      headers: { Allow: allow.join(', ') },
    }),
  validationFailed: (errors: readonly FieldError[]) =>
    new HttpError(400, 'VALIDATION_FAILED', 'The request is not valid', {
      detail: errors.map((e) => `${e.location}: ${e.message}`).join('; '),
      errors,
    }),
  malformedJson: () =>
    new HttpError(400, 'MALFORMED_JSON', 'The body is not valid JSON', {
      detail: 'Send a JSON document (RFC 8259).',
    }),
  payloadTooLarge: (limitBytes: number) =>
    new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The body is too large', {
      detail: `Bodies are limited to ${limitBytes} bytes.`,
    }),
  unsupportedMediaType: (received: string | undefined) =>
    new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be application/json', {
      detail: `Content-Type was ${received ? `'${received}'` : 'missing'}.`,
      headers: { 'Accept-Post': 'application/json', 'Accept-Patch': 'application/json' },
    }),
  preconditionFailed: (current: string) =>
    new HttpError(412, 'PRECONDITION_FAILED', 'The resource has changed', {
      detail: `If-Match does not match the current ETag ${current}.`,
      headers: { ETag: current },
    }),
  badHeader: (name: string, message: string) =>
    new HttpError(400, 'INVALID_HEADER', `The ${name} header is not valid`, { detail: message }),
  notReady: () =>
    new HttpError(503, 'NOT_READY', 'The service is not ready', {
      headers: { 'Retry-After': '1' },
    }),
  internal: () => new HttpError(500, 'INTERNAL', 'Internal error'),
} as const;
