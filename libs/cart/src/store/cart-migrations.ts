import type { Migration } from '@cartwheel/sqlite-store';

export const CART_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'carts, items and idempotency keys',
    up: (db) =>
      db.exec(`
        CREATE TABLE carts (
          id TEXT PRIMARY KEY,
          version INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE cart_items (
          cart_id TEXT NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
          product_id TEXT NOT NULL,
          quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
          position INTEGER NOT NULL,
          PRIMARY KEY (cart_id, product_id)
        ) STRICT;
        CREATE TABLE idempotency_keys (
          key TEXT PRIMARY KEY,
          fingerprint TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
          owner TEXT NOT NULL,
          response TEXT,
          locked_at INTEGER NOT NULL,
          created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
      `),
  },
];
