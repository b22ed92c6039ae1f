import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { copyDatabaseInBackground, encryptDatabaseFile, isPlainDatabase, openDatabase, type Database } from '../../db';
import type { StorageProblemKind } from '../../shared/ipc/contract';

/** Backups live beside the database, in their own folder, so a restore needs nothing but the data folder. */
export const BACKUP_FOLDER = 'backups';
const NAME = /^onestop-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:-\d{3})?Z)\.db$/;
const PARTIAL = /^onestop-.*\.db\.partial(?:-journal)?$/;

export interface BackupFile {
  readonly path: string;
  readonly fileName: string;
  /** When the backup was taken (ISO 8601), read from its name. */
  readonly takenAt: string;
  readonly bytes: number;
}

/** A backup's name sorts by time: `onestop-2026-11-23T17-40-12-345Z.db`. */
function backupName(at: Date): string {
  return `onestop-${at.toISOString().replace(/:/g, '-').replace('.', '-')}.db`;
}

function takenAtOf(stamp: string): string {
  const [date, time] = stamp.split('T') as [string, string];
  const [h, m, s, ms = '000'] = time.replace('Z', '').split('-');
  return `${date}T${h}:${m}:${s}.${ms}Z`;
}

/** The backups in a data folder, newest first. */
export function listBackups(dataDir: string): BackupFile[] {
  const folder = join(dataDir, BACKUP_FOLDER);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .flatMap((fileName) => {
      const match = NAME.exec(fileName);
      if (!match) return [];
      const path = join(folder, fileName);
      try {
        return [{ path, fileName, takenAt: takenAtOf(match[1]!), bytes: statSync(path).size }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/**
 * Opens a backup read-only and runs SQLite's quick check over every page. A backup that fails is
 * never used for a restore or the read-only directory.
 */
export function checkBackup(path: string, key: string | null = null): { ok: true; schemaVersion: number } | { ok: false; problem: string } {
  let db: Database | null = null;
  try {
    db = openDatabase(path, { readonly: true, key: key && !isPlainDatabase(path) ? key : null });
    const result = db.pragma('quick_check', { simple: true });
    if (result !== 'ok') return { ok: false, problem: String(result) };
    return { ok: true, schemaVersion: db.pragma('user_version', { simple: true }) as number };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}

/** The newest backup that passes its check, or null. */
export function newestGoodBackup(dataDir: string, maxSchemaVersion: number, key: string | null = null): BackupFile | null {
  for (const backup of listBackups(dataDir)) {
    const check = checkBackup(backup.path, key);
    if (check.ok && check.schemaVersion <= maxSchemaVersion) return backup;
  }
  return null;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Takes one backup with VACUUM INTO on a connection of its own in a worker thread (saves carry on
 * meanwhile, and the copy of an encrypted database is encrypted under the same key), made a
 * self-contained file (rollback journal, no -wal beside it) and checked page by page there too,
 * then flushes it to disk and only then gives it its final name. Older backups beyond `keep` are
 * removed afterwards, so a backup that failed (a full disk, a damaged database) never costs a good one.
 */
export async function takeBackup(databasePath: string, dataDir: string, at: Date, keep: number, key: string | null = null): Promise<BackupFile> {
  const folder = join(dataDir, BACKUP_FOLDER);
  mkdirSync(folder, { recursive: true });
  const fileName = backupName(at);
  const finalPath = join(folder, fileName);
  const partial = `${finalPath}.partial`;
  try {
    await copyDatabaseInBackground(databasePath, partial, key);
    fsyncPath(partial);
    renameSync(partial, finalPath);
    fsyncPath(folder);
  } catch (error) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    throw error;
  }
  pruneBackups(dataDir, keep);
  return { path: finalPath, fileName, takenAt: at.toISOString(), bytes: statSync(finalPath).size };
}

/** Encrypts, where they lie, the backups a kiosk took before its database was encrypted. */
export function encryptBackups(dataDir: string, key: string): number {
  let encrypted = 0;
  for (const backup of listBackups(dataDir)) if (encryptDatabaseFile(backup.path, key)) encrypted += 1;
  return encrypted;
}

/** Keeps the newest `keep` backups and removes the rest, and any partial file an interrupted backup left. */
export function pruneBackups(dataDir: string, keep: number): string[] {
  const removed: string[] = [];
  for (const backup of listBackups(dataDir).slice(Math.max(1, keep))) {
    rmSync(backup.path, { force: true });
    removed.push(backup.fileName);
  }
  const folder = join(dataDir, BACKUP_FOLDER);
  for (const name of readdirSync(folder)) {
    if (PARTIAL.test(name)) rmSync(join(folder, name), { force: true });
  }
  return removed;
}

export interface BackupSchedulerOptions {
  /** The database file to back up (read on a connection of the backup's own). */
  readonly databasePath: string;
  readonly dataDir: string;
  readonly now: () => Date;
  /** Read at every check, so a changed setting applies without a restart. */
  readonly settings: () => { readonly backupEveryHours: number; readonly backupsKept: number };
  /** Why a backup failed, when the reason is the storage (full, read-only...); null once one succeeds. */
  readonly classify: (error: unknown) => StorageProblemKind | null;
  readonly log: (message: string, error: unknown) => void;
  /** The database's key, so backups are encrypted like it (null: a plain database). */
  readonly key?: string | null;
}

const CHECK_EVERY_MS = 60_000;

/**
 * Takes a backup whenever the newest one is older than the configured interval (a minute after
 * starting, on a kiosk that has none), checking once a minute so a changed interval or a wrong clock corrects itself.
 * One backup at a time; a failure is reported (`failed`) and retried at the next check.
 */
export class BackupScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BackupFile> | null = null;
  private lastFailure: StorageProblemKind | 'other' | null = null;

  constructor(private readonly options: BackupSchedulerOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runIfDue().catch(() => {}), CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** When the next backup is due: the newest one's time plus the interval (now, if there is none). */
  nextDueAt(): Date {
    const newest = listBackups(this.options.dataDir)[0];
    const now = this.options.now();
    if (!newest) return now;
    return new Date(Date.parse(newest.takenAt) + this.options.settings().backupEveryHours * 3600_000);
  }

  /** Takes a backup if one is due; resolves to it, or to null when none was due. */
  async runIfDue(): Promise<BackupFile | null> {
    if (this.nextDueAt().getTime() > this.options.now().getTime()) return null;
    return this.runNow();
  }

  /** Takes a backup now (or joins the one under way). */
  runNow(): Promise<BackupFile> {
    this.running ??= takeBackup(this.options.databasePath, this.options.dataDir, this.options.now(), this.options.settings().backupsKept, this.options.key ?? null)
      .then(
        (backup) => {
          this.lastFailure = null;
          return backup;
        },
        (error: unknown) => {
          this.lastFailure = this.options.classify(error) ?? 'other';
          this.options.log('A scheduled backup failed', error);
          throw error;
        },
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Why the last backup failed (a storage problem, or 'other'), or null when it succeeded. */
  get failed(): StorageProblemKind | 'other' | null {
    return this.lastFailure;
  }
}
