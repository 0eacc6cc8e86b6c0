import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface OpenDatabaseOptions {
  /** How long a writer waits for another process's write lock before failing (SQLITE_BUSY). */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) a SQLite file set up for several processes sharing it: WAL lets
 * readers run beside the one writer, `synchronous=FULL` makes a commit durable before we
 * acknowledge it (so a SIGKILL or power cut loses nothing acknowledged), and the busy timeout
 * makes a second process wait for the lock instead of failing.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): DatabaseSync {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5_000)}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
