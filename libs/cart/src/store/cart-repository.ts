import type { Cart, CartId, ProductId } from '@cartwheel/contracts';

export type CartWriteFailure =
  | { readonly ok: false; readonly reason: 'cart-not-found' }
  | { readonly ok: false; readonly reason: 'line-not-found' }
  | { readonly ok: false; readonly reason: 'version-mismatch'; readonly currentVersion: number }
  | {
      readonly ok: false;
      readonly reason: 'line-quantity-exceeded';
      readonly currentQuantity: number;
    }
  | { readonly ok: false; readonly reason: 'too-many-lines' };

export type CartWriteResult = { readonly ok: true; readonly cart: Cart } | CartWriteFailure;

/** An HTTP answer as stored for an `Idempotency-Key`, replayed byte for byte. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/**
 * Ties a write to its idempotency key: the repository records `toResponse(result)` in the same
 * transaction as the write, so a crash can never keep one without the other.
 */
export interface IdempotentWrite<R> {
  readonly key: string;
  /** The claim's owner token: the response is recorded (and the write kept) only if it still owns the key. */
  readonly owner: string;
  readonly toResponse: (result: R) => StoredResponse;
}

export type IdempotencyClaim =
  | { readonly kind: 'claimed'; readonly owner: string }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'fingerprint-mismatch' }
  | { readonly kind: 'in-progress' };

/** Async so that a PostgreSQL implementation fits the same interface. */
export interface CartRepository {
  createCart(id: CartId, idempotency?: IdempotentWrite<Cart>): Promise<Cart>;
  getCart(id: CartId): Promise<Cart | undefined>;
  addItem(
    id: CartId,
    productId: ProductId,
    quantity: number,
    expectedVersion: number | undefined,
    idempotency?: IdempotentWrite<CartWriteResult>,
  ): Promise<CartWriteResult>;
  /** Sets a line's quantity, adding the line if needed; 0 removes it. */
  setQuantity(
    id: CartId,
    productId: ProductId,
    quantity: number,
    expectedVersion: number | undefined,
  ): Promise<CartWriteResult>;
  removeItem(
    id: CartId,
    productId: ProductId,
    expectedVersion: number | undefined,
  ): Promise<CartWriteResult>;
  deleteCart(id: CartId, expectedVersion: number | undefined): Promise<CartWriteResult>;
  /**
   * Claims a key for a request with this fingerprint: `claimed` means go ahead, anything else is
   * the answer. A claim left pending by a crash is taken over after `staleAfterMs`.
   */
  claimIdempotencyKey(key: string, fingerprint: string): Promise<IdempotencyClaim>;
  /**
   * Forgets a pending claim whose write failed unexpectedly, so that a retry can run; only the
   * owner's claim, never one a later retry has taken over.
   */
  releaseIdempotencyKey(key: string, owner: string): Promise<void>;
  close(): Promise<void>;
}
