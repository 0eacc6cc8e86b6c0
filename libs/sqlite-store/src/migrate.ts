import type { DatabaseSync } from 'node:sqlite';
import { immediate } from './transaction';

export interface Migration {
  /** 1, 2, 3…: applied in order, each once, recorded in `PRAGMA user_version`. */
  readonly version: number;
  readonly name: string;
  readonly up: (db: DatabaseSync) => void;
}

/**
 * Applies the migrations the file has not seen yet, all in one immediate transaction: two
 * processes starting together on one file serialise here and the second finds nothing to do.
 *
 * @returns the versions applied by this call.
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[]): number[] {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new RangeError(`migration versions must be 1..n, got ${m.version}`);
  });
  return immediate(db, () => {
    const { user_version: current } = db.prepare('PRAGMA user_version').get() as {
      user_version: number;
    };
    const pending = ordered.filter((m) => m.version > current);
    for (const m of pending) m.up(db);
    if (pending.length > 0) db.exec(`PRAGMA user_version = ${ordered.length}`);
    return pending.map((m) => m.version);
  });
}
