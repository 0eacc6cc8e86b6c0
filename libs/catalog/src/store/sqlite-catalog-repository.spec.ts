import { Product, type CreateProductBody } from '@cartwheel/contracts';
import { tempDir, type TempDir } from '@cartwheel/service-kit/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProductListOptions } from './catalog-repository';
import { SEED_PRODUCTS } from './seed-catalog';
import { CATALOG_DB_FILE, SqliteCatalogRepository } from './sqlite-catalog-repository';

const newProduct = (overrides: Partial<CreateProductBody> = {}): CreateProductBody => ({
  id: 'test-widget',
  name: 'Test Widget',
  description: 'A widget made for tests.',
  category: 'kitchen',
  price: { amount: 1234, currency: 'EUR' },
  ...overrides,
});

describe('SqliteCatalogRepository', () => {
  let dir: TempDir;
  const opened: SqliteCatalogRepository[] = [];
  const open = (): SqliteCatalogRepository => {
    const repository = SqliteCatalogRepository.open(dir.path);
    opened.push(repository);
    return repository;
  };

  /** Every product matching `options`, page by page through the keyset cursor. */
  async function walk(
    repository: SqliteCatalogRepository,
    options: Omit<ProductListOptions, 'limit' | 'afterId'> = {},
    limit = 7,
  ): Promise<Product[]> {
    const all: Product[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await repository.listProducts({ ...options, limit, afterId });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      all.push(...page.items);
      if (!page.hasMore) return all;
      expect(page.items).toHaveLength(limit);
      afterId = page.items.at(-1)?.id;
    }
  }

  const ids = (products: readonly Product[]): string[] => products.map((p) => p.id);

  beforeEach(() => {
    dir = tempDir('cartwheel-catalog-repo-');
  });
  afterEach(async () => {
    for (const repository of opened.splice(0)) await repository.close();
    dir.remove();
  });

  describe('seeding', () => {
    it('seeds at least 60 valid products in at least 6 categories', async () => {
      const repository = open();
      expect(existsSync(join(dir.path, CATALOG_DB_FILE))).toBe(true);
      const products = await walk(repository, {}, 100);
      expect(products.length).toBeGreaterThanOrEqual(60);
      expect(products).toHaveLength(SEED_PRODUCTS.length);
      for (const product of products) {
        expect(Product.parse(product)).toEqual(product);
        expect(Number.isInteger(product.price.amount)).toBe(true);
        expect(product.price.currency).toMatch(/^[A-Z]{3}$/);
        expect(product.version).toBe(1);
      }
      const categories = await repository.listCategories();
      expect(categories.filter((c) => c.productCount > 0).length).toBeGreaterThanOrEqual(6);
      expect(categories.reduce((sum, c) => sum + c.productCount, 0)).toBe(products.length);
      expect(new Set(products.map((p) => p.category))).toEqual(
        new Set(categories.filter((c) => c.productCount > 0).map((c) => c.id)),
      );
    });

    it('seeds once when a second instance opens the same folder', async () => {
      const first = open();
      const second = open();
      const third = open();
      for (const repository of [first, second, third]) {
        const products = await walk(repository, {}, 100);
        expect(products).toHaveLength(SEED_PRODUCTS.length);
        expect(new Set(ids(products)).size).toBe(SEED_PRODUCTS.length);
      }
    });

    it('keeps a deleted product deleted after reopening', async () => {
      const first = open();
      expect(await first.deleteProduct('chef-knife-8in', undefined)).toEqual({ ok: true });
      await first.close();

      const reopened = open();
      expect(await reopened.getProduct('chef-knife-8in')).toBeUndefined();
      expect(await walk(reopened, {}, 100)).toHaveLength(SEED_PRODUCTS.length - 1);
    });

    it('keeps a written product and its version after reopening', async () => {
      const first = open();
      await first.createProduct(newProduct());
      await first.updateProduct('test-widget', newProduct({ name: 'Renamed' }), 1);
      await first.close();

      const product = await open().getProduct('test-widget');
      expect(product).toMatchObject({ name: 'Renamed', version: 2 });
    });
  });

  describe('listProducts', () => {
    it('walks every product exactly once, in id order, with keyset pages', async () => {
      const repository = open();
      const products = await walk(repository, {}, 7);
      const walked = ids(products);
      expect(walked).toHaveLength(SEED_PRODUCTS.length);
      expect(new Set(walked).size).toBe(walked.length);
      expect(walked).toEqual([...SEED_PRODUCTS.map((p) => p.id)].sort());
    });

    it('gives an exact last page without a phantom next page', async () => {
      const repository = open();
      const page = await repository.listProducts({ limit: SEED_PRODUCTS.length });
      expect(page).toMatchObject({ hasMore: false });
      expect(page.items).toHaveLength(SEED_PRODUCTS.length);
      const lastId = page.items.at(-1)?.id;
      expect(await repository.listProducts({ limit: 5, afterId: lastId })).toEqual({
        items: [],
        hasMore: false,
      });
    });

    it('filters by category, also across pages', async () => {
      const repository = open();
      const coffee = await walk(repository, { category: 'coffee' }, 3);
      const expected = SEED_PRODUCTS.filter((p) => p.category === 'coffee').map((p) => p.id);
      expect(ids(coffee)).toEqual([...expected].sort());
      expect(coffee.every((p) => p.category === 'coffee')).toBe(true);
      expect(await walk(repository, { category: 'no-such-category' })).toEqual([]);
    });

    it.each(['sTaInLeSs StEeL', 'CAST IRON', 'Pakkawood', 'skillet', 'E'])(
      'searches name and description case-insensitively: %s',
      async (query) => {
        const repository = open();
        const needle = query.toLowerCase();
        const expected = SEED_PRODUCTS.filter(
          (p) =>
            p.name.toLowerCase().includes(needle) || p.description.toLowerCase().includes(needle),
        ).map((p) => p.id);
        expect(expected.length).toBeGreaterThan(0);
        expect(ids(await walk(repository, { search: query }, 4))).toEqual([...expected].sort());
      },
    );

    it('matches a description-only and a name-only word', async () => {
      const repository = open();
      // "pakkawood" is only in the chef knife's description, "Skillet" only in a name.
      expect(ids(await walk(repository, { search: 'PAKKAWOOD' }))).toEqual(['chef-knife-8in']);
      expect(ids(await walk(repository, { search: 'SKILLET' }))).toEqual([
        'cast-iron-skillet-12in',
      ]);
    });

    it('combines search and category', async () => {
      const repository = open();
      const found = await walk(repository, { search: 'cast iron', category: 'fitness' });
      expect(ids(found)).toEqual(['kettlebell-16kg']);
    });

    it('treats % and _ in a search literally', async () => {
      const repository = open();
      expect(await walk(repository, { search: '%' })).toEqual([]);
      expect(await walk(repository, { search: '_' })).toEqual([]);
      await repository.createProduct(newProduct({ id: 'mug-sale', name: 'Mug 50% off' }));
      await repository.createProduct(newProduct({ id: 'mug-snake', name: 'snake_case Mug' }));
      await repository.createProduct(newProduct({ id: 'mug-plain', name: 'snakeXcase 50X Mug' }));

      expect(ids(await walk(repository, { search: '%' }))).toEqual(['mug-sale']);
      expect(ids(await walk(repository, { search: '50%' }))).toEqual(['mug-sale']);
      expect(ids(await walk(repository, { search: '_' }))).toEqual(['mug-snake']);
      expect(ids(await walk(repository, { search: 'SNAKE_CASE' }))).toEqual(['mug-snake']);
      expect(ids(await walk(repository, { search: 'mug' }))).toHaveLength(3);
    });

    it('folds non-ASCII letters when searching', async () => {
      const repository = open();
      await repository.createProduct(
        newProduct({ id: 'eclair-mould', name: 'Éclair Mould', description: 'ÜBER gut' }),
      );
      for (const query of ['ÉCLAIR', 'éclair', 'Éclair', 'über']) {
        expect(ids(await walk(repository, { search: query }))).toEqual(['eclair-mould']);
      }
    });
  });

  describe('getProduct and getProducts', () => {
    it('gets one product, or undefined for an unknown id', async () => {
      const repository = open();
      const knife = await repository.getProduct('chef-knife-8in');
      expect(knife).toMatchObject({ id: 'chef-knife-8in', category: 'kitchen', version: 1 });
      expect(await repository.getProduct('no-such-product')).toBeUndefined();
    });

    it('looks up a batch: found ones in id order, unknown ids omitted', async () => {
      const repository = open();
      const batch = await repository.getProducts([
        'yoga-mat-6mm',
        'no-such-product',
        'chef-knife-8in',
      ]);
      expect(ids(batch)).toEqual(['chef-knife-8in', 'yoga-mat-6mm']);
      expect(batch[0]).toEqual(await repository.getProduct('chef-knife-8in'));
      expect(await repository.getProducts([])).toEqual([]);
      expect(await repository.getProducts(['no-such-product'])).toEqual([]);
    });
  });

  describe('writes', () => {
    afterEach(() => {
      jest.useRealTimers();
    });

    it('creates a product at version 1, refusing duplicates and unknown categories', async () => {
      jest.useFakeTimers({ now: new Date('2030-01-02T03:04:05.000Z') });
      const repository = open();
      const input = newProduct();
      const created = await repository.createProduct(input);
      expect(created).toEqual({
        ok: true,
        product: { ...input, version: 1, updatedAt: '2030-01-02T03:04:05.000Z' },
      });
      expect(await repository.getProduct(input.id)).toEqual(created.ok && created.product);

      expect(await repository.createProduct(newProduct({ name: 'Again' }))).toEqual({
        ok: false,
        reason: 'exists',
      });
      expect(await repository.getProduct(input.id)).toMatchObject({ name: input.name });

      expect(
        await repository.createProduct(newProduct({ id: 'other', category: 'no-such-category' })),
      ).toEqual({ ok: false, reason: 'unknown-category' });
      expect(await repository.getProduct('other')).toBeUndefined();
    });

    it('updates with an expected version and increments it', async () => {
      const repository = open();
      const changed = newProduct({
        name: 'Better Knife',
        price: { amount: 9900, currency: 'USD' },
      });
      jest.useFakeTimers({ now: new Date('2031-06-07T08:09:10.000Z') });

      const first = await repository.updateProduct('chef-knife-8in', changed, 1);
      expect(first).toMatchObject({
        ok: true,
        product: {
          id: 'chef-knife-8in',
          name: 'Better Knife',
          price: { amount: 9900, currency: 'USD' },
          version: 2,
          updatedAt: '2031-06-07T08:09:10.000Z',
        },
      });

      expect(await repository.updateProduct('chef-knife-8in', newProduct(), 1)).toEqual({
        ok: false,
        reason: 'version-mismatch',
        currentVersion: 2,
      });
      expect(await repository.getProduct('chef-knife-8in')).toMatchObject({
        name: 'Better Knife',
        version: 2,
      });

      const unconditional = await repository.updateProduct('chef-knife-8in', changed, undefined);
      expect(unconditional).toMatchObject({ ok: true, product: { version: 3 } });
    });

    it('refuses to update an unknown product or move it to an unknown category', async () => {
      const repository = open();
      expect(await repository.updateProduct('no-such-product', newProduct(), undefined)).toEqual({
        ok: false,
        reason: 'not-found',
      });
      expect(await repository.getProduct('no-such-product')).toBeUndefined();
      const before = await repository.getProduct('chef-knife-8in');
      expect(
        await repository.updateProduct('chef-knife-8in', newProduct({ category: 'nope' }), 1),
      ).toEqual({ ok: false, reason: 'unknown-category' });
      expect(await repository.getProduct('chef-knife-8in')).toEqual(before);
    });

    it('deletes with an optional expected version', async () => {
      const repository = open();
      const kitchenCount = async (): Promise<number | undefined> =>
        (await repository.listCategories()).find((c) => c.id === 'kitchen')?.productCount;
      const before = await kitchenCount();

      expect(await repository.deleteProduct('chef-knife-8in', 2)).toEqual({
        ok: false,
        reason: 'version-mismatch',
        currentVersion: 1,
      });
      expect(await repository.getProduct('chef-knife-8in')).toBeDefined();

      expect(await repository.deleteProduct('chef-knife-8in', 1)).toEqual({ ok: true });
      expect(await repository.getProduct('chef-knife-8in')).toBeUndefined();
      expect(await kitchenCount()).toBe((before ?? 0) - 1);
      expect(await repository.deleteProduct('chef-knife-8in', undefined)).toEqual({
        ok: false,
        reason: 'not-found',
      });
    });

    it('sees writes of another instance on the same file', async () => {
      const writer = open();
      const reader = open();
      await writer.createProduct(newProduct());
      expect(await reader.getProduct('test-widget')).toMatchObject({ version: 1 });
      await writer.deleteProduct('test-widget', 1);
      expect(await reader.getProduct('test-widget')).toBeUndefined();
    });
  });

  it('closes idempotently', async () => {
    const repository = open();
    await repository.close();
    await expect(repository.close()).resolves.toBeUndefined();
  });
});
