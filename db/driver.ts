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
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
