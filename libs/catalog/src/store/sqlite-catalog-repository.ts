import type {
  Category,
  CreateProductBody,
  Product,
  ProductId,
  UpdateProductBody,
} from '@cartwheel/contracts';
import { immediate, migrate, openDatabase } from '@cartwheel/sqlite-store';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { join } from 'node:path';
import type {
  CatalogRepository,
  ProductDeleteResult,
  ProductListOptions,
  ProductSlice,
  ProductWriteFailure,
  ProductWriteResult,
} from './catalog-repository';
import { CATALOG_MIGRATIONS } from './catalog-migrations';

interface ProductRow {
  id: string;
  name: string;
  description: string;
  category: string;
  price_amount: number;
  price_currency: string;
  version: number;
  updated_at: string;
}

const COLUMNS =
  'id, name, description, category, price_amount, price_currency, version, updated_at';

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    category: row.category,
    price: { amount: row.price_amount, currency: row.price_currency },
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export const CATALOG_DB_FILE = 'catalog.sqlite';

/**
 * SQLite's own lower() folds ASCII only, so `lower('Éclair')` stays `Éclair` and a search for
 * "éclair" missed it; search folds both sides with JavaScript's full Unicode lower-casing.
 */
const FOLD_FUNCTION = 'catalog_fold';
const fold = (value: unknown): string | null =>
  typeof value === 'string' ? value.toLowerCase() : null;

export class SqliteCatalogRepository implements CatalogRepository {
  readonly #db: DatabaseSync;

  private constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Opens `<dataDir>/catalog.sqlite`, migrating and seeding it on first use. */
  static open(dataDir: string): SqliteCatalogRepository {
    const db = openDatabase(join(dataDir, CATALOG_DB_FILE));
    try {
      migrate(db, CATALOG_MIGRATIONS);
      db.function(FOLD_FUNCTION, { deterministic: true }, fold);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteCatalogRepository(db);
  }

  async listProducts(options: ProductListOptions): Promise<ProductSlice> {
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    if (options.afterId !== undefined) {
      where.push('id > ?');
      params.push(options.afterId);
    }
    if (options.category !== undefined) {
      where.push('category = ?');
      params.push(options.category);
    }
    if (options.search !== undefined) {
      // instr() rather than LIKE: a search for "50%" or "a_b" means those characters.
      where.push(
        `(instr(${FOLD_FUNCTION}(name), ?) > 0 OR instr(${FOLD_FUNCTION}(description), ?) > 0)`,
      );
      const needle = fold(options.search) ?? '';
      params.push(needle, needle);
    }
    const sql = `SELECT ${COLUMNS} FROM products ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...params, options.limit + 1) as unknown as ProductRow[];
    return {
      items: rows.slice(0, options.limit).map(toProduct),
      hasMore: rows.length > options.limit,
    };
  }

  async getProduct(id: ProductId): Promise<Product | undefined> {
    const row = this.#db.prepare(`SELECT ${COLUMNS} FROM products WHERE id = ?`).get(id);
    return row === undefined ? undefined : toProduct(row as unknown as ProductRow);
  }

  async getProducts(ids: readonly ProductId[]): Promise<Product[]> {
    const rows = this.#db
      .prepare(
        `SELECT ${COLUMNS} FROM products WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(JSON.stringify(ids)) as unknown as ProductRow[];
    return rows.map(toProduct);
  }

  async createProduct(input: CreateProductBody): Promise<ProductWriteResult> {
    return immediate(this.#db, () => {
      if (this.#version(input.id) !== undefined) return { ok: false, reason: 'exists' };
      if (!this.#categoryExists(input.category)) return { ok: false, reason: 'unknown-category' };
      const row = this.#db
        .prepare(
          `INSERT INTO products (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING ${COLUMNS}`,
        )
        .get(
          input.id,
          input.name,
          input.description,
          input.category,
          input.price.amount,
          input.price.currency,
          new Date().toISOString(),
        ) as unknown as ProductRow;
      return { ok: true, product: toProduct(row) };
    });
  }

  async updateProduct(
    id: ProductId,
    input: UpdateProductBody,
    expectedVersion: number | undefined,
  ): Promise<ProductWriteResult> {
    return immediate(this.#db, () => {
      const refused = this.#checkVersion(id, expectedVersion);
      if (refused !== undefined) return refused;
      if (!this.#categoryExists(input.category)) return { ok: false, reason: 'unknown-category' };
      const row = this.#db
        .prepare(
          `UPDATE products SET name = ?, description = ?, category = ?, price_amount = ?,
             price_currency = ?, version = version + 1, updated_at = ?
           WHERE id = ? RETURNING ${COLUMNS}`,
        )
        .get(
          input.name,
          input.description,
          input.category,
          input.price.amount,
          input.price.currency,
          new Date().toISOString(),
          id,
        ) as unknown as ProductRow;
      return { ok: true, product: toProduct(row) };
    });
  }

  async deleteProduct(
    id: ProductId,
    expectedVersion: number | undefined,
  ): Promise<ProductDeleteResult> {
    return immediate(this.#db, () => {
      const refused = this.#checkVersion(id, expectedVersion);
      if (refused !== undefined) return refused;
      this.#db.prepare('DELETE FROM products WHERE id = ?').run(id);
      return { ok: true };
    });
  }

  async listCategories(): Promise<Category[]> {
    const rows = this.#db
      .prepare(
        `SELECT c.id AS id, c.name AS name, count(p.id) AS productCount
         FROM categories c LEFT JOIN products p ON p.category = c.id
         GROUP BY c.id ORDER BY c.id`,
      )
      .all() as unknown as Category[];
    return rows.map((r) => ({ id: r.id, name: r.name, productCount: r.productCount }));
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }

  /** Why a write to `id` at `expectedVersion` may not happen, if it may not. */
  #checkVersion(id: string, expectedVersion: number | undefined): ProductWriteFailure | undefined {
    const current = this.#version(id);
    if (current === undefined) return { ok: false, reason: 'not-found' };
    if (expectedVersion !== undefined && expectedVersion !== current) {
      return { ok: false, reason: 'version-mismatch', currentVersion: current };
    }
    return undefined;
  }

  #version(id: string): number | undefined {
    const row = this.#db.prepare('SELECT version FROM products WHERE id = ?').get(id);
    return row === undefined ? undefined : (row as { version: number }).version;
  }

  #categoryExists(id: string): boolean {
    return this.#db.prepare('SELECT 1 FROM categories WHERE id = ?').get(id) !== undefined;
  }
}
