import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { encryptDatabaseFile, MIGRATIONS, migrate, rebuildServiceSearch, schemaVersion, type Database } from '../../db';
import { openWithKey } from './openStore';
import { formatReference } from '../../shared/enquiries/model';
import { checkBackup, listBackups, type BackupFile } from './backups';
import { DATABASE_FILE } from './backend';

export interface RestoreOptions {
  readonly dataDir: string;
  /** A backup file to restore; default: the newest one in the data folder that passes its check. */
  readonly from?: string;
  /** Copy back what can still be read from the file being replaced (default true). */
  readonly salvage?: boolean;
  readonly now?: () => Date;
  /** The database key: the restored file is encrypted with it (a plain backup is encrypted on the way in). */
  readonly key?: string | null;
}

export interface TableSalvage {
  readonly table: string;
  /** Rows read from the replaced file and written over the backup's (new or newer rows). */
  readonly rows: number;
  /** Rows (or whole stretches of them) that could not be read. */
  readonly unreadable: number;
}

export interface RestoreReport {
  readonly backup: { readonly path: string; readonly takenAt: string | null };
  /** Where the replaced database's files were moved (nothing is deleted), or null if there was none. */
  readonly keptAs: string | null;
  /** What was copied back from the replaced file, table by table; null when it could not be opened at all. */
  readonly salvaged: readonly TableSalvage[] | null;
  readonly enquiries: { readonly inBackup: number; readonly afterRestore: number };
  /**
   * When the replaced file could not be read in full, each device's reference counter is moved on by
   * this much, so a new enquiry never reuses a reference the hub may already hold.
   */
  readonly referencesSkipped: number;
}

export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

const REFERENCE_MARGIN = 1000;
const WINDOW = 500;

/**
 * Puts a backup in place of the kiosk's database, with the app closed:
 * 1. checks the backup (every page, and a schema this app knows);
 * 2. moves the current database and its WAL into `replaced-<time>/` beside it, never deleting them;
 * 3. copies the backup in under a temporary name, brings it up to this app's schema;
 * 4. copies back every row it can still read from the replaced file (newer rows win: an enquiry
 *    saved or changed after the backup comes back as it was last saved), stretch by stretch, so a
 *    damaged page costs only the rows on it;
 * 5. rebuilds the search indexes, checks the result (integrity and foreign keys), and only then
 *    gives it the database's name.
 * If anything fails before the last step, the replaced files are moved back.
 */
export function restoreBackup(options: RestoreOptions): RestoreReport {
  const { dataDir } = options;
  const now = options.now ?? (() => new Date());
  const key = options.key ?? null;
  const backup = pickBackup(dataDir, options.from, key);
  const databasePath = join(dataDir, DATABASE_FILE);
  const stamp = now().toISOString().replace(/[:.]/g, '-');
  const keptDir = join(dataDir, `replaced-${stamp}`);
  const existing = [databasePath, `${databasePath}-wal`, `${databasePath}-shm`].filter((file) => existsSync(file));
  if (existing.length > 0) {
    mkdirSync(keptDir, { recursive: true });
    for (const file of existing) renameSync(file, join(keptDir, basename(file)));
  }
  const restoring = `${databasePath}.restoring`;
  try {
    rmSync(restoring, { force: true });
    copyFileSync(backup.path, restoring);
    if (key) encryptDatabaseFile(restoring, key);
    const db = openWithKey(restoring, key);
    let report: Omit<RestoreReport, 'backup' | 'keptAs'>;
    try {
      migrate(db);
      const inBackup = countEnquiries(db);
      const replaced = existing.length > 0 ? join(keptDir, DATABASE_FILE) : null;
      const salvaged = replaced && (options.salvage ?? true) ? salvageFrom(db, replaced, key) : null;
      const complete = salvaged !== null && salvaged.every((table) => table.unreadable === 0);
      const referencesSkipped = existing.length > 0 && !complete ? REFERENCE_MARGIN : 0;
      settleReferenceCounters(db, referencesSkipped);
      db.exec("INSERT INTO enquiry_search (enquiry_search) VALUES ('rebuild')");
      rebuildServiceSearch(db);
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new RestoreError(`The restored database failed its check: ${String(integrity)}`);
      const orphans = db.pragma('foreign_key_check') as unknown[];
      if (orphans.length > 0) throw new RestoreError(`The restored database has ${orphans.length} rows whose linked row is missing.`);
      report = { salvaged, enquiries: { inBackup, afterRestore: countEnquiries(db) }, referencesSkipped };
    } finally {
      db.close();
    }
    renameSync(restoring, databasePath);
    return { backup: { path: backup.path, takenAt: backup.takenAt }, keptAs: existing.length > 0 ? keptDir : null, ...report };
  } catch (error) {
    rmSync(restoring, { force: true });
    rmSync(`${restoring}-wal`, { force: true });
    rmSync(`${restoring}-shm`, { force: true });
    for (const file of existing) renameSync(join(keptDir, basename(file)), file);
    if (existing.length > 0) rmSync(keptDir, { recursive: true, force: true });
    throw error;
  }
}

function pickBackup(dataDir: string, from: string | undefined, key: string | null): { path: string; takenAt: string | null } {
  if (from !== undefined) {
    if (!existsSync(from)) throw new RestoreError(`There is no backup file at ${from}.`);
    const check = checkBackup(from, key);
    if (!check.ok) throw new RestoreError(`${from} cannot be used: it failed its check (${check.problem}).`);
    if (check.schemaVersion > MIGRATIONS.length) {
      throw new RestoreError(`${from} was made by a newer version of onestop (schema ${check.schemaVersion}; this app knows up to ${MIGRATIONS.length}).`);
    }
    const listed = listBackups(dataDir).find((backup) => backup.path === from);
    return { path: from, takenAt: listed?.takenAt ?? null };
  }
  const candidates: BackupFile[] = listBackups(dataDir);
  if (candidates.length === 0) throw new RestoreError(`There are no backups in ${join(dataDir, 'backups')}.`);
  for (const backup of candidates) {
    const check = checkBackup(backup.path, key);
    if (check.ok && check.schemaVersion <= MIGRATIONS.length) return backup;
  }
  throw new RestoreError(`None of the ${candidates.length} backups in ${join(dataDir, 'backups')} passed its check.`);
}

function countEnquiries(db: Database): number {
  return db.prepare('SELECT count(*) FROM enquiries').pluck().get() as number;
}

/**
 * Copies rows from the replaced file over the restored one. The replaced file is read from a copy in
 * the temp folder (SQLite may replay its WAL, which must not touch the kept original). Tables are read
 * in stretches of rowids; a stretch that hits a damaged page is read again row by row.
 */
function salvageFrom(db: Database, replacedFile: string, key: string | null): TableSalvage[] | null {
  const folder = mkdtempSync(join(tmpdir(), 'onestop-salvage-'));
  try {
    const copy = join(folder, DATABASE_FILE);
    copyFileSync(replacedFile, copy);
    if (existsSync(`${replacedFile}-wal`)) copyFileSync(`${replacedFile}-wal`, `${copy}-wal`);
    let source: Database;
    try {
      source = openWithKey(copy, key);
      if (schemaVersion(source) !== schemaVersion(db)) migrate(source);
    } catch {
      return null;
    }
    try {
      return salvageTables(db, source);
    } finally {
      source.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function salvageTables(db: Database, source: Database): TableSalvage[] {
  // Ordinary tables only: full-text indexes and their shadow tables are rebuilt afterwards.
  const virtual = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'").pluck().all() as string[];
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").pluck().all() as string[]).filter(
    (name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)),
  );
  const results: TableSalvage[] = [];
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const table of tables) results.push(salvageTable(db, source, table));
    })();
  } finally {
    db.pragma('foreign_keys = ON');
  }
  return results;
}

function salvageTable(db: Database, source: Database, table: string): TableSalvage {
  const quoted = quote(table);
  const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]).map(quote);
  const list = columns.join(', ');
  const withoutRowid = /WITHOUT ROWID\s*;?\s*$/i.test(db.prepare("SELECT sql FROM sqlite_schema WHERE name = ?").pluck().get(table) as string);
  if (withoutRowid) {
    // Small link tables: read whole, and replace the backup's rows only if every row could be read.
    let rows: unknown[][];
    try {
      rows = source.prepare(`SELECT ${list} FROM ${quoted}`).raw().all() as unknown[][];
    } catch {
      return { table, rows: 0, unreadable: 1 };
    }
    db.exec(`DELETE FROM ${quoted}`);
    const insert = db.prepare(`INSERT OR REPLACE INTO ${quoted} (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
    for (const values of rows) insert.run(...values);
    return { table, rows: rows.length, unreadable: 0 };
  }
  const insert = db.prepare(`INSERT OR REPLACE INTO ${quoted} (rowid, ${list}) VALUES (${['?', ...columns.map(() => '?')].join(', ')})`);
  const readRange = source.prepare(`SELECT rowid, ${list} FROM ${quoted} WHERE rowid BETWEEN ? AND ?`).raw();
  let bounds: { low: number | null; high: number | null };
  try {
    bounds = source.prepare(`SELECT min(rowid) AS low, max(rowid) AS high FROM ${quoted}`).get() as typeof bounds;
  } catch {
    return { table, rows: 0, unreadable: 1 };
  }
  db.exec('CREATE TEMP TABLE IF NOT EXISTS salvage_seen (id INTEGER PRIMARY KEY); DELETE FROM temp.salvage_seen');
  const seen = db.prepare('INSERT OR IGNORE INTO temp.salvage_seen (id) VALUES (?)');
  let rows = 0;
  let unreadable = 0;
  const write = (values: unknown[]) => {
    insert.run(...values);
    seen.run(values[0]);
    rows += 1;
  };
  if (bounds.low !== null && bounds.high !== null) {
    for (let start = bounds.low; start <= bounds.high; start += WINDOW) {
      const end = Math.min(start + WINDOW - 1, bounds.high);
      try {
        for (const values of readRange.all(start, end) as unknown[][]) write(values);
      } catch {
        for (let rowid = start; rowid <= end; rowid += 1) {
          try {
            for (const values of readRange.all(rowid, rowid) as unknown[][]) write(values);
          } catch {
            unreadable += 1;
          }
        }
      }
    }
  }
  // Read in full: the replaced file is the newer truth, so rows it no longer has (an outbox row sent,
  // say) go too. Otherwise the backup's rows stay: better a row too many than one lost.
  if (unreadable === 0) db.exec(`DELETE FROM ${quoted} WHERE rowid NOT IN (SELECT id FROM temp.salvage_seen)`);
  return { table, rows, unreadable };
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Each device's reference counter must be past every reference it has handed out: those restored,
 * and (when the replaced file could not be read in full) any the backup does not know of, which the
 * margin skips.
 */
function settleReferenceCounters(db: Database, margin: number): void {
  // This kiosk's own counter may not exist yet in an early backup: it is the one that most needs the margin.
  db.prepare(
    `INSERT OR IGNORE INTO reference_counters (unit_code, device_code, last_sequence)
     SELECT u.code, json_extract(d.value, '$'), 0
       FROM settings AS s JOIN units AS u ON u.id = json_extract(s.value, '$')
       JOIN settings AS d ON d.key = 'deviceCode'
      WHERE s.key = 'unitId'`,
  ).run();
  const devices = db.prepare('SELECT unit_code AS unitCode, device_code AS deviceCode, last_sequence AS last FROM reference_counters').all() as {
    unitCode: string;
    deviceCode: string;
    last: number;
  }[];
  const highest = db.prepare('SELECT max(reference) FROM enquiries WHERE reference >= ? AND reference < ?').pluck();
  const update = db.prepare('UPDATE reference_counters SET last_sequence = ? WHERE unit_code = ? AND device_code = ?');
  for (const device of devices) {
    const prefix = formatReference(device.unitCode, device.deviceCode, 0).replace(/0+$/, '');
    const top = highest.get(prefix, `${prefix}\uffff`) as string | null;
    const used = top ? Number(top.slice(prefix.length)) : 0;
    update.run(Math.max(device.last, Number.isFinite(used) ? used : 0) + margin, device.unitCode, device.deviceCode);
  }
}
