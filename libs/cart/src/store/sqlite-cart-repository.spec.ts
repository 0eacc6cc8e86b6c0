import { MAX_CART_LINES, MAX_LINE_QUANTITY, type Cart } from '@cartwheel/contracts';
import { tempDir, type TempDir } from '@cartwheel/service-kit/testing';
import { randomUUID } from 'node:crypto';
import type { CartWriteResult, IdempotentWrite, StoredResponse } from './cart-repository';
import {
  IdempotencyClaimLostError,
  SqliteCartRepository,
  type SqliteCartRepositoryOptions,
} from './sqlite-cart-repository';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const STALE_MS = 30_000;
const RETENTION_MS = 48 * 3600_000;

/** A clock the test moves by hand, so that staleness and retention need no real waiting. */
class ManualClock {
  #now = T0;
  readonly now = (): number => this.#now;
  advance(ms: number): void {
    this.#now += ms;
  }
}

const stored = (status: number, body: unknown): StoredResponse => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body,
});

/** Claims a key that must be free, returning the claim's owner token. */
async function claim(repo: SqliteCartRepository, key: string, fingerprint = 'fp'): Promise<string> {
  const result = await repo.claimIdempotencyKey(key, fingerprint);
  if (result.kind !== 'claimed') throw new Error(`expected to claim ${key}, got ${result.kind}`);
  return result.owner;
}

/** The way the routes record an add: the cart on success, the reason on refusal. */
const recordAdd = (key: string, owner: string): IdempotentWrite<CartWriteResult> => ({
  key,
  owner,
  toResponse: (result) =>
    result.ok ? stored(200, result.cart) : stored(409, { reason: result.reason }),
});

function expectCart(result: CartWriteResult): Cart {
  if (!result.ok) throw new Error(`expected a cart, got '${result.reason}'`);
  return result.cart;
}

describe('SqliteCartRepository', () => {
  let dir: TempDir;
  let clock: ManualClock;
  const opened: SqliteCartRepository[] = [];

  const open = (options: SqliteCartRepositoryOptions = {}): SqliteCartRepository => {
    const repository = SqliteCartRepository.open(dir.path, { now: clock.now, ...options });
    opened.push(repository);
    return repository;
  };

  /** A repository holding one empty cart. */
  async function withCart(): Promise<{ repo: SqliteCartRepository; id: string }> {
    const repo = open();
    const id = randomUUID();
    await repo.createCart(id);
    return { repo, id };
  }

  beforeEach(() => {
    dir = tempDir('cartwheel-cart-repo-');
    clock = new ManualClock();
  });

  afterEach(async () => {
    for (const repository of opened.splice(0)) await repository.close();
    dir.remove();
  });

  describe('carts and lines', () => {
    it('creates an empty cart at version 1 and reads it back', async () => {
      const repo = open();
      const id = randomUUID();
      const created = await repo.createCart(id);
      const at = new Date(T0).toISOString();
      expect(created).toEqual({ id, version: 1, items: [], createdAt: at, updatedAt: at });
      expect(await repo.getCart(id)).toEqual(created);
      expect(await repo.getCart(randomUUID())).toBeUndefined();
    });

    it('merges an added product into its existing line', async () => {
      const { repo, id } = await withCart();
      await repo.addItem(id, 'apple', 2, undefined);
      const cart = expectCart(await repo.addItem(id, 'apple', 3, undefined));
      expect(cart.items).toEqual([{ productId: 'apple', quantity: 5 }]);
      expect(await repo.getCart(id)).toEqual(cart);
    });

    it('refuses to take a line past 99 and keeps the line as it was', async () => {
      const { repo, id } = await withCart();
      await repo.addItem(id, 'apple', 90, undefined);
      expect(await repo.addItem(id, 'apple', 10, undefined)).toEqual({
        ok: false,
        reason: 'line-quantity-exceeded',
        currentQuantity: 90,
      });
      const cart = expectCart(await repo.addItem(id, 'apple', 9, undefined));
      expect(cart.items).toEqual([{ productId: 'apple', quantity: MAX_LINE_QUANTITY }]);
      expect(cart.version).toBe(3);
    });

    it('holds 50 lines and refuses a 51st product, but still merges into a held one', async () => {
      const { repo, id } = await withCart();
      for (let i = 0; i < MAX_CART_LINES; i++) {
        expectCart(await repo.addItem(id, `p-${i}`, 1, undefined));
      }
      expect(await repo.addItem(id, 'one-too-many', 1, undefined)).toEqual({
        ok: false,
        reason: 'too-many-lines',
      });
      expect(await repo.setQuantity(id, 'one-too-many', 1, undefined)).toEqual({
        ok: false,
        reason: 'too-many-lines',
      });
      const cart = expectCart(await repo.addItem(id, 'p-0', 1, undefined));
      expect(cart.items).toHaveLength(MAX_CART_LINES);
      expect(cart.items[0]).toEqual({ productId: 'p-0', quantity: 2 });
      expect(cart.version).toBe(MAX_CART_LINES + 2);
    });

    it('sets a quantity, creating a missing line and removing a line at 0', async () => {
      const { repo, id } = await withCart();
      expect(expectCart(await repo.setQuantity(id, 'apple', 7, undefined)).items).toEqual([
        { productId: 'apple', quantity: 7 },
      ]);
      expect(expectCart(await repo.setQuantity(id, 'apple', 2, undefined)).items).toEqual([
        { productId: 'apple', quantity: 2 },
      ]);
      expect(expectCart(await repo.setQuantity(id, 'apple', 0, undefined)).items).toEqual([]);
      expect((await repo.getCart(id))?.items).toEqual([]);
    });

    it('removes a line, and reports a missing one without writing', async () => {
      const { repo, id } = await withCart();
      await repo.addItem(id, 'apple', 1, undefined);
      expect(expectCart(await repo.removeItem(id, 'apple', undefined)).items).toEqual([]);
      expect(await repo.removeItem(id, 'apple', undefined)).toEqual({
        ok: false,
        reason: 'line-not-found',
      });
      expect((await repo.getCart(id))?.version).toBe(3);
    });

    it('answers cart-not-found for every write to an unknown cart', async () => {
      const repo = open();
      const id = randomUUID();
      const missing = { ok: false, reason: 'cart-not-found' };
      expect(await repo.addItem(id, 'apple', 1, undefined)).toEqual(missing);
      expect(await repo.setQuantity(id, 'apple', 1, undefined)).toEqual(missing);
      expect(await repo.removeItem(id, 'apple', undefined)).toEqual(missing);
      expect(await repo.deleteCart(id, undefined)).toEqual(missing);
    });

    it('bumps the version on every write and refuses a stale expected version', async () => {
      const { repo, id } = await withCart();
      clock.advance(1_000);
      const v2 = expectCart(await repo.addItem(id, 'apple', 1, 1));
      expect(v2.version).toBe(2);
      expect(v2.updatedAt).toBe(new Date(T0 + 1_000).toISOString());
      expect(v2.createdAt).toBe(new Date(T0).toISOString());
      expect(expectCart(await repo.setQuantity(id, 'apple', 4, 2)).version).toBe(3);
      expect(expectCart(await repo.removeItem(id, 'apple', 3)).version).toBe(4);

      const mismatch = { ok: false, reason: 'version-mismatch', currentVersion: 4 };
      expect(await repo.addItem(id, 'apple', 1, 3)).toEqual(mismatch);
      expect(await repo.setQuantity(id, 'apple', 1, 5)).toEqual(mismatch);
      expect(await repo.removeItem(id, 'apple', 1)).toEqual(mismatch);
      expect(await repo.deleteCart(id, 2)).toEqual(mismatch);
      expect(await repo.getCart(id)).toEqual({ ...v2, version: 4, items: [] });
    });

    it('deletes a cart with its lines', async () => {
      const { repo, id } = await withCart();
      const kept = randomUUID();
      await repo.createCart(kept);
      await repo.addItem(kept, 'pear', 1, undefined);
      const last = expectCart(await repo.addItem(id, 'apple', 1, undefined));
      expect(await repo.deleteCart(id, 2)).toEqual({ ok: true, cart: last });
      expect(await repo.getCart(id)).toBeUndefined();
      expect(await repo.deleteCart(id, undefined)).toEqual({ ok: false, reason: 'cart-not-found' });
      expect((await repo.getCart(kept))?.items).toEqual([{ productId: 'pear', quantity: 1 }]);
    });

    it('keeps lines in the order they were first added', async () => {
      const { repo, id } = await withCart();
      for (const productId of ['c', 'a', 'b']) await repo.addItem(id, productId, 1, undefined);
      await repo.addItem(id, 'a', 1, undefined);
      await repo.setQuantity(id, 'c', 5, undefined);
      await repo.removeItem(id, 'a', undefined);
      await repo.addItem(id, 'a', 1, undefined);
      await repo.setQuantity(id, 'd', 1, undefined);
      expect((await repo.getCart(id))?.items).toEqual([
        { productId: 'c', quantity: 5 },
        { productId: 'b', quantity: 1 },
        { productId: 'a', quantity: 1 },
        { productId: 'd', quantity: 1 },
      ]);
    });
  });

  describe('idempotency keys', () => {
    it('claims a new key, then answers in-progress while it is pending', async () => {
      const repo = open();
      expect(await repo.claimIdempotencyKey('k1', 'fp')).toMatchObject({ kind: 'claimed' });
      clock.advance(STALE_MS - 1);
      expect(await repo.claimIdempotencyKey('k1', 'fp')).toEqual({ kind: 'in-progress' });
    });

    it('refuses the key for a request with another fingerprint', async () => {
      const repo = open();
      const owner = await claim(repo, 'k1');
      expect(await repo.claimIdempotencyKey('k1', 'other')).toEqual({
        kind: 'fingerprint-mismatch',
      });
      await repo.createCart(randomUUID(), {
        key: 'k1',
        owner,
        toResponse: (cart) => stored(201, cart),
      });
      expect(await repo.claimIdempotencyKey('k1', 'other')).toEqual({
        kind: 'fingerprint-mismatch',
      });
    });

    it('replays the response stored with a create, in the same transaction', async () => {
      const repo = open();
      const owner = await claim(repo, 'create');
      const cart = await repo.createCart(randomUUID(), {
        key: 'create',
        owner,
        toResponse: (created) => stored(201, created),
      });
      expect(await repo.claimIdempotencyKey('create', 'fp')).toEqual({
        kind: 'replay',
        response: stored(201, cart),
      });
    });

    it('replays the response stored with an add, also a refusal', async () => {
      const { repo, id } = await withCart();
      const added = await claim(repo, 'add');
      const cart = expectCart(
        await repo.addItem(id, 'apple', 1, undefined, recordAdd('add', added)),
      );
      const refused = await claim(repo, 'refused');
      await repo.addItem(id, 'apple', 1, 1, recordAdd('refused', refused));

      expect(await repo.claimIdempotencyKey('add', 'fp')).toEqual({
        kind: 'replay',
        response: stored(200, cart),
      });
      expect(await repo.claimIdempotencyKey('refused', 'fp')).toEqual({
        kind: 'replay',
        response: stored(409, { reason: 'version-mismatch' }),
      });
      expect(await repo.getCart(id)).toEqual(cart);
    });

    it('lets a retry take over a pending claim once it is stale', async () => {
      const repo = open();
      await repo.claimIdempotencyKey('k1', 'fp');
      clock.advance(STALE_MS);
      expect(await repo.claimIdempotencyKey('k1', 'fp')).toMatchObject({ kind: 'claimed' });
      // The takeover renews the lock, so a third attempt waits again.
      clock.advance(STALE_MS - 1);
      expect(await repo.claimIdempotencyKey('k1', 'fp')).toEqual({ kind: 'in-progress' });
    });

    it('voids a stalled write whose claim a retry has taken over, and keeps its release harmless', async () => {
      const { repo, id } = await withCart();
      const stalled = await claim(repo, 'k1');
      clock.advance(STALE_MS);
      const retry = await claim(repo, 'k1');
      await expect(
        repo.addItem(id, 'apple', 1, undefined, recordAdd('k1', stalled)),
      ).rejects.toBeInstanceOf(IdempotencyClaimLostError);
      await repo.releaseIdempotencyKey('k1', stalled);
      expect(await repo.claimIdempotencyKey('k1', 'fp')).toEqual({ kind: 'in-progress' });
      expect((await repo.getCart(id))?.items).toEqual([]);
      const cart = expectCart(
        await repo.addItem(id, 'apple', 1, undefined, recordAdd('k1', retry)),
      );
      expect(cart.items).toEqual([{ productId: 'apple', quantity: 1 }]);
      expect(await repo.claimIdempotencyKey('k1', 'fp')).toMatchObject({ kind: 'replay' });
    });

    it('honours a configured staleness', async () => {
      const repo = open({ idempotencyStaleAfterMs: 10 });
      await repo.claimIdempotencyKey('k1', 'fp');
      clock.advance(9);
      expect(await repo.claimIdempotencyKey('k1', 'fp')).toEqual({ kind: 'in-progress' });
      clock.advance(1);
      expect(await repo.claimIdempotencyKey('k1', 'fp')).toMatchObject({ kind: 'claimed' });
    });

    it('forgets a released claim so that a retry, even with another body, can claim it', async () => {
      const repo = open();
      await repo.releaseIdempotencyKey('k1', await claim(repo, 'k1'));
      expect(await repo.claimIdempotencyKey('k1', 'other')).toMatchObject({ kind: 'claimed' });
    });

    it('never releases a key whose answer is stored', async () => {
      const repo = open();
      const owner = await claim(repo, 'k1');
      const cart = await repo.createCart(randomUUID(), {
        key: 'k1',
        owner,
        toResponse: (created) => stored(201, created),
      });
      await repo.releaseIdempotencyKey('k1', owner);
      expect(await repo.claimIdempotencyKey('k1', 'fp')).toEqual({
        kind: 'replay',
        response: stored(201, cart),
      });
    });

    it('purges keys older than the retention', async () => {
      const repo = open();
      const owner = await claim(repo, 'k1');
      await repo.createCart(randomUUID(), {
        key: 'k1',
        owner,
        toResponse: (cart) => stored(201, cart),
      });
      clock.advance(RETENTION_MS);
      expect(await repo.claimIdempotencyKey('k1', 'fp')).toMatchObject({ kind: 'replay' });
      clock.advance(1);
      expect(await repo.claimIdempotencyKey('k1', 'other')).toMatchObject({ kind: 'claimed' });
    });

    it('honours a configured retention', async () => {
      const repo = open({ idempotencyRetentionMs: 1_000 });
      await repo.claimIdempotencyKey('k1', 'fp');
      clock.advance(1_001);
      expect(await repo.claimIdempotencyKey('k1', 'other')).toMatchObject({ kind: 'claimed' });
    });
  });

  describe('two connections to one file', () => {
    it("sees the other connection's carts, versions and idempotency keys", async () => {
      const first = open();
      const second = open();
      const id = randomUUID();
      const owner = await claim(first, 'k1');
      const created = await first.createCart(id, {
        key: 'k1',
        owner,
        toResponse: (cart) => stored(201, cart),
      });
      expect(await second.getCart(id)).toEqual(created);
      expect(await second.claimIdempotencyKey('k1', 'fp')).toEqual({
        kind: 'replay',
        response: stored(201, created),
      });

      await second.claimIdempotencyKey('k2', 'fp');
      expect(await first.claimIdempotencyKey('k2', 'fp')).toEqual({ kind: 'in-progress' });

      expectCart(await second.addItem(id, 'apple', 1, 1));
      expect(await first.addItem(id, 'apple', 1, 1)).toEqual({
        ok: false,
        reason: 'version-mismatch',
        currentVersion: 2,
      });
      expect((await first.getCart(id))?.items).toEqual([{ productId: 'apple', quantity: 1 }]);
    });

    it('keeps data across close and reopen', async () => {
      const { repo, id } = await withCart();
      await repo.addItem(id, 'apple', 3, undefined);
      await repo.close();
      await repo.close();
      const reopened = open();
      expect((await reopened.getCart(id))?.items).toEqual([{ productId: 'apple', quantity: 3 }]);
    });
  });
});
