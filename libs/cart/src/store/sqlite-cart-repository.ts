import {
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  type Cart,
  type CartId,
  type ProductId,
} from '@cartwheel/contracts';
import { immediate, migrate, openDatabase } from '@cartwheel/sqlite-store';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { CART_MIGRATIONS } from './cart-migrations';
import type {
  CartRepository,
  CartWriteResult,
  IdempotencyClaim,
  IdempotentWrite,
  StoredResponse,
} from './cart-repository';

export const CART_DB_FILE = 'cart.sqlite';

/** The claim on an Idempotency-Key was taken over by a retry; this request's write is void. */
export class IdempotencyClaimLostError extends Error {
  readonly code = 'IDEMPOTENCY_CLAIM_LOST';
  constructor(readonly key: string) {
    super(`the claim on idempotency key ${key} was taken over`);
    this.name = 'IdempotencyClaimLostError';
  }
}

export interface SqliteCartRepositoryOptions {
  readonly now?: () => number;
  /** Keys are answered from the store for this long (at least the 24 h clients may retry in). */
  readonly idempotencyRetentionMs?: number;
  /** A pending key older than this belongs to a request that died; a retry may take it over. */
  readonly idempotencyStaleAfterMs?: number;
}

interface CartRow {
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

interface KeyRow {
  fingerprint: string;
  state: 'pending' | 'done';
  response: string | null;
  locked_at: number;
}

type Lines = Map<string, number>;

export class SqliteCartRepository implements CartRepository {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #retentionMs: number;
  readonly #staleAfterMs: number;

  private constructor(db: DatabaseSync, options: SqliteCartRepositoryOptions) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#retentionMs = options.idempotencyRetentionMs ?? 48 * 3600_000;
    this.#staleAfterMs = options.idempotencyStaleAfterMs ?? 30_000;
  }

  /** Opens `<dataDir>/cart.sqlite`; several processes may share it. */
  static open(dataDir: string, options: SqliteCartRepositoryOptions = {}): SqliteCartRepository {
    const db = openDatabase(join(dataDir, CART_DB_FILE));
    try {
      migrate(db, CART_MIGRATIONS);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteCartRepository(db, options);
  }

  async createCart(id: CartId, idempotency?: IdempotentWrite<Cart>): Promise<Cart> {
    return immediate(this.#db, () => {
      const now = new Date(this.#now()).toISOString();
      this.#db
        .prepare('INSERT INTO carts (id, version, created_at, updated_at) VALUES (?, 1, ?, ?)')
        .run(id, now, now);
      const cart: Cart = { id, version: 1, items: [], createdAt: now, updatedAt: now };
      if (idempotency) this.#recordResponse(idempotency, idempotency.toResponse(cart));
      return cart;
    });
  }

  async getCart(id: CartId): Promise<Cart | undefined> {
    const row = this.#cartRow(id);
    return row === undefined ? undefined : this.#toCart(row);
  }

  async addItem(
    id: CartId,
    productId: ProductId,
    quantity: number,
    expectedVersion: number | undefined,
    idempotency?: IdempotentWrite<CartWriteResult>,
  ): Promise<CartWriteResult> {
    return this.#write(id, expectedVersion, idempotency, (lines) => {
      const current = lines.get(productId);
      if (current === undefined && lines.size >= MAX_CART_LINES) {
        return { ok: false, reason: 'too-many-lines' };
      }
      const next = (current ?? 0) + quantity;
      if (next > MAX_LINE_QUANTITY) {
        return { ok: false, reason: 'line-quantity-exceeded', currentQuantity: current ?? 0 };
      }
      lines.set(productId, next);
      return undefined;
    });
  }

  async setQuantity(
    id: CartId,
    productId: ProductId,
    quantity: number,
    expectedVersion: number | undefined,
  ): Promise<CartWriteResult> {
    return this.#write(id, expectedVersion, undefined, (lines) => {
      if (quantity === 0) {
        lines.delete(productId);
        return undefined;
      }
      if (!lines.has(productId) && lines.size >= MAX_CART_LINES) {
        return { ok: false, reason: 'too-many-lines' };
      }
      lines.set(productId, quantity);
      return undefined;
    });
  }

  async removeItem(
    id: CartId,
    productId: ProductId,
    expectedVersion: number | undefined,
  ): Promise<CartWriteResult> {
    return this.#write(id, expectedVersion, undefined, (lines) =>
      lines.delete(productId) ? undefined : { ok: false, reason: 'line-not-found' },
    );
  }

  async deleteCart(id: CartId, expectedVersion: number | undefined): Promise<CartWriteResult> {
    return immediate(this.#db, () => {
      const row = this.#cartRow(id);
      if (row === undefined) return { ok: false, reason: 'cart-not-found' };
      if (expectedVersion !== undefined && expectedVersion !== row.version) {
        return { ok: false, reason: 'version-mismatch', currentVersion: row.version };
      }
      const cart = this.#toCart(row);
      this.#db.prepare('DELETE FROM carts WHERE id = ?').run(id);
      return { ok: true, cart };
    });
  }

  async claimIdempotencyKey(key: string, fingerprint: string): Promise<IdempotencyClaim> {
    return immediate(this.#db, () => {
      const now = this.#now();
      const owner = randomUUID();
      this.#db
        .prepare('DELETE FROM idempotency_keys WHERE created_at < ?')
        .run(now - this.#retentionMs);
      const row = this.#db
        .prepare(
          'SELECT fingerprint, state, response, locked_at FROM idempotency_keys WHERE key = ?',
        )
        .get(key) as KeyRow | undefined;
      if (row === undefined) {
        this.#db
          .prepare(
            `INSERT INTO idempotency_keys (key, fingerprint, state, owner, locked_at, created_at)
             VALUES (?, ?, 'pending', ?, ?, ?)`,
          )
          .run(key, fingerprint, owner, now, now);
        return { kind: 'claimed', owner };
      }
      if (row.fingerprint !== fingerprint) return { kind: 'fingerprint-mismatch' };
      if (row.state === 'done' && row.response !== null) {
        return { kind: 'replay', response: JSON.parse(row.response) as StoredResponse };
      }
      if (now - row.locked_at < this.#staleAfterMs) return { kind: 'in-progress' };
      this.#db
        .prepare('UPDATE idempotency_keys SET locked_at = ?, owner = ? WHERE key = ?')
        .run(now, owner, key);
      return { kind: 'claimed', owner };
    });
  }

  async releaseIdempotencyKey(key: string, owner: string): Promise<void> {
    this.#db
      .prepare("DELETE FROM idempotency_keys WHERE key = ? AND owner = ? AND state = 'pending'")
      .run(key, owner);
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }

  /**
   * Every item write: lock, check the version, change the lines in memory, write them back and
   * bump the version, all in one immediate transaction.
   */
  #write(
    id: CartId,
    expectedVersion: number | undefined,
    idempotency: IdempotentWrite<CartWriteResult> | undefined,
    change: (lines: Lines) => CartWriteResult | undefined,
  ): Promise<CartWriteResult> {
    const result = immediate(this.#db, (): CartWriteResult => {
      const outcome = this.#applyChange(id, expectedVersion, change);
      if (idempotency) this.#recordResponse(idempotency, idempotency.toResponse(outcome));
      return outcome;
    });
    return Promise.resolve(result);
  }

  #applyChange(
    id: CartId,
    expectedVersion: number | undefined,
    change: (lines: Lines) => CartWriteResult | undefined,
  ): CartWriteResult {
    const row = this.#cartRow(id);
    if (row === undefined) return { ok: false, reason: 'cart-not-found' };
    if (expectedVersion !== undefined && expectedVersion !== row.version) {
      return { ok: false, reason: 'version-mismatch', currentVersion: row.version };
    }
    const lines: Lines = new Map(this.#items(id).map((i) => [i.productId, i.quantity]));
    const before = [...lines];
    const refused = change(lines);
    if (refused !== undefined) return refused;
    // A write that changes nothing (quantity set to what it is, 0 for an absent line) keeps the
    // version, so a client's ETag stays valid and a repeated PUT is a true no-op.
    const after = [...lines];
    const unchanged =
      before.length === after.length &&
      before.every(([id, q], i) => after[i]?.[0] === id && after[i]?.[1] === q);
    if (unchanged) return { ok: true, cart: this.#toCart(row) };
    const updatedAt = new Date(this.#now()).toISOString();
    this.#db.prepare('DELETE FROM cart_items WHERE cart_id = ?').run(id);
    const insert = this.#db.prepare(
      'INSERT INTO cart_items (cart_id, product_id, quantity, position) VALUES (?, ?, ?, ?)',
    );
    let position = 0;
    for (const [productId, quantity] of lines) insert.run(id, productId, quantity, position++);
    this.#db
      .prepare('UPDATE carts SET version = version + 1, updated_at = ? WHERE id = ?')
      .run(updatedAt, id);
    return {
      ok: true,
      cart: this.#toCart({ ...row, version: row.version + 1, updated_at: updatedAt }),
    };
  }

  /**
   * Records the answer in the write's own transaction. If a retry has taken the key over in the
   * meantime (this request stalled past the staleness limit), the write is rolled back whole, so
   * one key never makes two writes.
   */
  #recordResponse(write: { key: string; owner: string }, response: StoredResponse): void {
    const { changes } = this.#db
      .prepare(
        "UPDATE idempotency_keys SET state = 'done', response = ? WHERE key = ? AND owner = ? AND state = 'pending'",
      )
      .run(JSON.stringify(response), write.key, write.owner);
    if (changes !== 1) throw new IdempotencyClaimLostError(write.key);
  }

  #cartRow(id: string): CartRow | undefined {
    return this.#db
      .prepare('SELECT id, version, created_at, updated_at FROM carts WHERE id = ?')
      .get(id) as CartRow | undefined;
  }

  #items(id: string): Array<{ productId: string; quantity: number }> {
    return this.#db
      .prepare(
        'SELECT product_id AS productId, quantity FROM cart_items WHERE cart_id = ? ORDER BY position',
      )
      .all(id) as Array<{ productId: string; quantity: number }>;
  }

  #toCart(row: CartRow): Cart {
    return {
      id: row.id,
      version: row.version,
      items: this.#items(row.id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
