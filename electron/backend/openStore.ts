import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseKeyError, encryptDatabaseFile, isPlainDatabase, MIGRATIONS, openDatabase, openDatabaseFromBytes, type Database } from '../../db';
import { prepareDirectorySearch } from '../../db/directorySearch';
import type { StorageProblemKind, StorageStatus } from '../../shared/ipc/contract';
import { encryptBackups, newestGoodBackup, type BackupFile } from './backups';
import { storageProblemOf } from './storage';

type CopySource = NonNullable<StorageStatus['problem']>['readOnlyCopyOf'];

/** The database the backend runs on: the kiosk's own file, or, when that cannot be used, a read-only copy. */
export interface OpenedStore {
  readonly db: Database;
  /** Null: the kiosk's own file, open for saving. */
  readonly degraded: {
    readonly kind: StorageProblemKind;
    readonly copyOf: Exclude<CopySource, null>;
    readonly backup: BackupFile | null;
  } | null;
  /** Removes the temporary copy, if there is one (after the database is closed). */
  readonly cleanUp: () => void;
}

/**
 * Opens the kiosk's database and readies it (`prepare`: migrations, seeds). When the disk or the file
 * stops that (the data folder is read-only, the disk is full, the file is damaged or unreadable), the
 * kiosk still starts, on a read-only copy, so residents keep their directory and staff can read:
 * - a full disk, a read-only folder or a disk error: a copy of the kiosk's own file (and its WAL);
 * - a damaged file: a copy of the newest backup that passes its check;
 * - if neither can be read: an empty database with the bundled sample directory.
 * The kiosk's own file is never written to, moved or deleted here: restoring is a separate, deliberate
 * step (restore.ts). Errors that are not about storage (a database from a newer app) still stop the start.
 */
export function openKioskStore(dataDir: string, databasePath: string, prepare: (db: Database) => void, key: string | null = null): OpenedStore {
  let kind: StorageProblemKind;
  try {
    mkdirSync(dataDir, { recursive: true });
    if (key) {
      // A kiosk that ran before encryption: its file and backups are encrypted where they lie (copy, check, swap).
      encryptDatabaseFile(databasePath, key);
      encryptBackups(dataDir, key);
    }
    const db = openWithKey(databasePath, key);
    try {
      // Every page, once per start: a damaged file is found here, not half-way through a resident's save.
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
      prepare(db);
      return { db, degraded: null, cleanUp: () => {} };
    } catch (error) {
      db.close();
      throw error;
    }
  } catch (error) {
    // A first page that will not decrypt reads the same as a wrong key. If a backup opens with this
    // key, the key is right and the file is damaged; otherwise say the key is wrong and change nothing.
    const problem = error instanceof DatabaseKeyError ? (newestGoodBackup(dataDir, MIGRATIONS.length, key) ? 'corrupt' : null) : storageProblemOf(error, dataDir);
    if (problem === null) throw error;
    kind = problem;
  }

  const sources: { copyOf: Exclude<CopySource, null>; files: string[]; backup: BackupFile | null }[] = [];
  const backup = newestGoodBackup(dataDir, MIGRATIONS.length, key);
  if (kind !== 'corrupt' && existsSync(databasePath)) {
    sources.push({ copyOf: 'own-file', files: [databasePath, `${databasePath}-wal`].filter((file) => existsSync(file)), backup: null });
  }
  if (backup) sources.push({ copyOf: 'backup', files: [backup.path], backup });
  sources.push({ copyOf: 'nothing', files: [], backup: null });

  for (const source of sources) {
    const copy = readOnlyCopy(source.files, prepare, key);
    if (copy) return { db: copy.db, degraded: { kind, copyOf: source.copyOf, backup: source.backup }, cleanUp: copy.cleanUp };
  }
  throw new Error('The kiosk could not open even an empty database in memory.');
}

/**
 * A private copy of a database, readied and then made read-only (`query_only`): every save is
 * refused by SQLite itself, so nothing a person enters is ever accepted and then lost with the copy.
 * The copy goes to the temp folder, where SQLite can replay a WAL; if that cannot be written either,
 * the main file is read into memory (without its WAL).
 */
function readOnlyCopy(files: readonly string[], prepare: (db: Database) => void, key: string | null): { db: Database; cleanUp: () => void } | null {
  const attempts: (() => { db: Database; cleanUp: () => void })[] = [
    () => {
      const folder = mkdtempSync(join(tmpdir(), 'onestop-read-only-'));
      const cleanUp = () => rmSync(folder, { recursive: true, force: true });
      try {
        const target = join(folder, 'copy.db');
        const [main, wal] = files;
        if (main) copyFileSync(main, target);
        if (wal) copyFileSync(wal, `${target}-wal`);
        return { db: openWithKey(target, key), cleanUp };
      } catch (error) {
        cleanUp();
        throw error;
      }
    },
    () => ({ db: files[0] ? openDatabaseFromBytes(readFileSync(files[0])) : openDatabase(':memory:'), cleanUp: () => {} }),
  ];
  for (const attempt of attempts) {
    let opened: { db: Database; cleanUp: () => void } | null = null;
    try {
      opened = attempt();
      if (opened.db.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('The copy is damaged too.');
      prepare(opened.db);
      prepareDirectorySearch(opened.db);
      opened.db.pragma('query_only = ON');
      return opened;
    } catch {
      opened?.db.close();
      opened?.cleanUp();
    }
  }
  return null;
}

/** Opens a file with the key when it is encrypted, without when it is plain (a copy made before encryption). */
export function openWithKey(file: string, key: string | null): Database {
  return openDatabase(file, { key: key && !isPlainDatabase(file) ? key : null });
}
