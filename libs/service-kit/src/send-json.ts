import type { ServerResponse } from 'node:http';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_JSON_TYPE = 'application/problem+json; charset=utf-8';

/**
 * Answers `status` with `body` as JSON, as `res.status(status).json(body)` does for a Cartwheel
 * route, without what Express adds on each call: a mime lookup for the charset, the Content-Type
 * parsed and formatted again, the app's JSON settings read, and a freshness check, which routes
 * that set an ETag do themselves. Node.js itself leaves the body out of an answer to HEAD.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, type = JSON_TYPE) {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
