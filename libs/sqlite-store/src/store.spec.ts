import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { migrate, type Migration } from './migrate';
import { openDatabase } from './open-database';
import { immediate } from './transaction';

describe('sqlite store', () => {
  let dir: string;
  const opened: DatabaseSync[] = [];
  const open = (): DatabaseSync => {
    const db = openDatabase(join(dir, 'nested', 'test.db'));
    opened.push(db);
    return db;
  };
  const migrations: Migration[] = [
    { version: 1, name: 'items', up: (db) => db.exec('CREATE TABLE items (n INTEGER NOT NULL)') },
    { version: 2, name: 'seed', up: (db) => db.exec('INSERT INTO items (n) VALUES (1), (2)') },
  ];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cartwheel-store-'));
  });
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.isOpen) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a file in WAL mode with full synchronous commits and a busy timeout', () => {
    const db = open();
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
    expect(db.prepare('PRAGMA busy_timeout').get()).toEqual({ timeout: 5000 });
  });

  it('applies each migration once, also across connections to the same file', () => {
    expect(migrate(open(), migrations)).toEqual([1, 2]);
    const second = open();
    expect(migrate(second, migrations)).toEqual([]);
    expect(second.prepare('SELECT count(*) AS c FROM items').get()).toEqual({ c: 2 });
    expect(second.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
  });

  it('applies only the new migrations of a newer release', () => {
    const db = open();
    migrate(db, migrations.slice(0, 1));
    expect(migrate(db, migrations)).toEqual([2]);
  });

  it('refuses gaps in migration versions', () => {
    expect(() => migrate(open(), migrations.slice(1))).toThrow(RangeError);
  });

  it('rolls a failed transaction back whole', () => {
    const db = open();
    migrate(db, migrations);
    expect(() =>
      immediate(db, () => {
        db.exec('INSERT INTO items (n) VALUES (3)');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.isTransaction).toBe(false);
    expect(db.prepare('SELECT count(*) AS c FROM items').get()).toEqual({ c: 2 });
  });

  it('commits a transaction so that another connection sees it', () => {
    const [a, b] = [open(), open()];
    migrate(a, migrations);
    immediate(a, () => a.exec('INSERT INTO items (n) VALUES (3)'));
    expect(b.prepare('SELECT sum(n) AS s FROM items').get()).toEqual({ s: 6 });
  });
});
