import { IdempotencyKey } from '@cartwheel/contracts';
import { CommonErrors, problemBody, type HttpError } from '@cartwheel/service-kit';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { CartErrors } from './cart-errors';
import type { CartRepository, IdempotentWrite, StoredResponse } from './store/cart-repository';
import { IdempotencyClaimLostError } from './store/sqlite-cart-repository';

export function problemResponse(req: Request, error: HttpError): StoredResponse {
  return {
    status: error.status,
    headers: { ...error.headers, 'Content-Type': 'application/problem+json' },
    body: problemBody(req, error),
  };
}

export function sendStored(res: Response, stored: StoredResponse): void {
  res.status(stored.status).set(stored.headers);
  if (stored.body === undefined) res.end();
  else res.send(stored.body);
}

/** Same method, same target, same (parsed) body: the same request. */
function fingerprint(req: Request, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([req.method, req.path, body]))
    .digest('hex');
}

/**
 * Runs a POST at most once per `Idempotency-Key`: a retry with the same body gets the first
 * answer again (`Idempotent-Replayed: true`), a different body 422, a concurrent twin 409.
 * Without the header the write simply runs.
 */
export async function idempotent<R>(
  req: Request,
  res: Response,
  repository: CartRepository,
  body: unknown,
  toResponse: (result: R) => StoredResponse,
  write: (idempotency: IdempotentWrite<R> | undefined) => Promise<R>,
): Promise<void> {
  const header = req.get('idempotency-key');
  if (header === undefined) {
    sendStored(res, toResponse(await write(undefined)));
    return;
  }
  const parsed = IdempotencyKey.safeParse(header);
  if (!parsed.success)
    throw CommonErrors.badHeader('Idempotency-Key', 'must be 1-255 printable ASCII characters');
  const key = parsed.data;
  const claim = await repository.claimIdempotencyKey(key, fingerprint(req, body));
  switch (claim.kind) {
    case 'replay':
      res.set('Idempotent-Replayed', 'true');
      sendStored(res, claim.response);
      return;
    case 'fingerprint-mismatch':
      throw CartErrors.idempotencyKeyReused();
    case 'in-progress':
      throw CartErrors.idempotencyKeyInUse();
    case 'claimed':
      try {
        sendStored(res, toResponse(await write({ key, owner: claim.owner, toResponse })));
      } catch (error) {
        await repository.releaseIdempotencyKey(key, claim.owner);
        if (error instanceof IdempotencyClaimLostError) throw CartErrors.idempotencyKeyInUse();
        throw error;
      }
  }
}
