import type { Migration } from '@cartwheel/sqlite-store';
import { SEED_CATEGORIES, SEED_CURRENCY, SEED_PRODUCTS } from './seed-catalog';

/**
 * Seeding is a migration, so it happens exactly once per store: a product an admin deletes
 * stays deleted across restarts, and two instances starting together seed once.
 */
export const CATALOG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'products and categories',
    up: (db) =>
      db.exec(`
        CREATE TABLE categories (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL
        ) STRICT;
        CREATE TABLE products (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          description TEXT NOT NULL,
          category TEXT NOT NULL REFERENCES categories (id),
          price_amount INTEGER NOT NULL CHECK (price_amount >= 0),
          price_currency TEXT NOT NULL,
          version INTEGER NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX products_by_category ON products (category, id);
      `),
  },
  {
    version: 2,
    name: 'seed catalog',
    up: (db) => {
      const now = new Date().toISOString();
      const category = db.prepare('INSERT INTO categories (id, name) VALUES (?, ?)');
      for (const c of SEED_CATEGORIES) category.run(c.id, c.name);
      const product = db.prepare(
        `INSERT INTO products (id, name, description, category, price_amount, price_currency, version, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
      );
      for (const p of SEED_PRODUCTS) {
        product.run(p.id, p.name, p.description, p.category, p.priceCents, SEED_CURRENCY, now);
      }
    },
  },
];
