import type { ProblemDetails } from '@cartwheel/contracts';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { CommonErrors } from './common-errors';
import { HttpError, problemType } from './http-error';
import type { Logger } from './logger';

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
  const body = problemBody(req, error);
  res.status(error.status).set(error.headers).type('application/problem+json').send(body);
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(CommonErrors.routeNotFound(req.method, req.path));
};

/**
 * The last handler of every app: known errors become their problem, anything else is logged with
 * its stack and answered as a bare 500 so internals never leak to clients.
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) return sendProblem(req, res, err);
    logger.error({ err, requestId: req.id }, 'unhandled error');
    sendProblem(req, res, CommonErrors.internal());
  };
}
