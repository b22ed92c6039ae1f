// The only module that imports the SQLite driver: swapping it (e.g. for an encrypting build) happens here.
import BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;
export type Statement<P extends unknown[] = unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;

export interface OpenOptions {
  readonly readonly?: boolean;
}

/**
 * Opens a database file with the settings every onestop database uses:
 * WAL journal, foreign keys enforced, and `synchronous=FULL` so that a write the UI called saved
 * survives a power cut.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const db = new BetterSqlite3(file, { readonly: options.readonly ?? false, timeout: 5000 });
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    // 16 MB of page cache: the staff list's counts read whole indexes of 100,000 enquiries.
    db.pragma('cache_size = -16000');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens a copy of a database file held in memory, for reading when its folder cannot be written.
 * A file in WAL mode says so in its header (bytes 18 and 19), and SQLite will not read such a file
 * from memory; the copy is marked as a rollback-journal file instead. What is still only in the
 * WAL file beside it is not part of the copy.
 */
export function openDatabaseFromBytes(bytes: Buffer): Database {
  const copy = Buffer.from(bytes);
  if (copy.length >= 20 && copy[18] === 2 && copy[19] === 2) copy[18] = copy[19] = 1;
  const db = new BetterSqlite3(copy);
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Keeps the query planner's statistics current (SQLite's advice for every connection): `opening`
 * analyses tables that have none, with a bounded effort; later calls redo only what changed a lot.
 * Call it after migrating: a database this app refuses must be left untouched.
 */
export function optimize(db: Database, opening = false): void {
  db.pragma('analysis_limit = 400');
  db.pragma(opening ? 'optimize = 0x10002' : 'optimize');
}
