import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` in one `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so two
 * processes never both read a row and then both write it (a deferred transaction would fail
 * the second with SQLITE_BUSY at its first write instead of waiting).
 */
export function immediate<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
