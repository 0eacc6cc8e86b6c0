import type { ProblemDetails } from '@cartwheel/contracts';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { CommonErrors } from './common-errors';
import { HttpError, problemType } from './http-error';
import { JSON_BODY_LIMIT_BYTES } from './json-body';
import type { Logger } from './logger';
import { PROBLEM_JSON_TYPE, sendJson } from './send-json';

export function problemBody(req: Request, error: HttpError): ProblemDetails {
  return {
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    code: error.code,
    instance: req.originalUrl,
    requestId: req.id,
    ...(error.detail !== undefined && { detail: error.detail }),
    ...(error.errors !== undefined && { errors: [...error.errors] }),
  };
}

export function sendProblem(req: Request, res: Response, error: HttpError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  sendJson(res, error.status, problemBody(req, error), PROBLEM_JSON_TYPE);
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(CommonErrors.routeNotFound(req.method, req.path));
};

function clientStatus(err: unknown): number | undefined {
  const status =
    typeof err === 'object' && err !== null && 'status' in err ? err.status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * Client faults that Express and body-parser report as plain errors with a 4xx `status`: a path
 * segment that is not valid percent-encoding (the router's URIError), or a body that its
 * `Content-Encoding` cannot decode (a zlib error). Without this they would read as 500s.
 */
function fromClientFault(err: unknown): HttpError | undefined {
  const status = clientStatus(err);
  if (status === undefined) return undefined;
  if (err instanceof URIError) {
    return CommonErrors.validationFailed([
      { location: 'params', message: 'must be valid percent-encoded UTF-8' },
    ]);
  }
  if (status === 413) return CommonErrors.payloadTooLarge(JSON_BODY_LIMIT_BYTES);
  if (status === 415) return CommonErrors.unsupportedMediaType(undefined);
  return CommonErrors.malformedJson();
}

/**
 * The last handler of every app: known errors become their problem, anything else is logged with
 * its stack and answered as a bare 500 so internals never leak to clients.
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) return sendProblem(req, res, err);
    const clientFault = fromClientFault(err);
    if (clientFault !== undefined) return sendProblem(req, res, clientFault);
    logger.error({ err, requestId: req.id }, 'unhandled error');
    sendProblem(req, res, CommonErrors.internal());
  };
}
