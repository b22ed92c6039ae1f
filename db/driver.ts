// The only module that imports the SQLite driver: better-sqlite3-multiple-ciphers, better-sqlite3
// built with SQLite3 Multiple Ciphers (the same API), so a file can be encrypted with a key.
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

export type Database = BetterSqlite3.Database;
export type Statement<P extends unknown[] = unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;

/** A database key: 32 random bytes as 64 hexadecimal characters (`newDatabaseKey`). */
export const DATABASE_KEY = /^[0-9a-f]{64}$/;

export interface OpenOptions {
  readonly readonly?: boolean;
  /**
   * Encrypts the file with this key (ChaCha20-Poly1305, SQLite3 Multiple Ciphers' default: every
   * page encrypted and authenticated). Null or absent: a plain SQLite file.
   */
  readonly key?: string | null;
}

/** The key given does not open the file (or the file's first page is damaged, which reads the same). */
export class DatabaseKeyError extends Error {
  constructor(readonly file: string) {
    super(
      `The database key does not open ${file}. Either the key is not the one this file was encrypted with, or the file's ` +
        'first page is damaged. Nothing has been changed. Start the app with the right key; if the key is right, restore a backup.',
    );
    this.name = 'DatabaseKeyError';
  }
}

/** Sets the key on a connection just opened, before anything else reads the file. */
function applyKey(db: Database, key: string): void {
  // Checked, so nothing but hex can reach the pragma's text.
  if (!DATABASE_KEY.test(key)) throw new Error('A database key is 64 hexadecimal characters.');
  db.pragma(`hexkey='${key}'`);
}

/**
 * The first 16 bytes of every plain SQLite file. An encrypted file starts with random bytes, so a
 * file with this header is not encrypted (yet).
 */
const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the file exists and is a plain (unencrypted) SQLite database; false for an encrypted, empty or missing one. */
export function isPlainDatabase(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const header = Buffer.alloc(16);
    return readSync(fd, header, 0, 16, 0) === 16 && header.equals(PLAIN_HEADER);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a database file with the settings every onestop database uses:
 * WAL journal, foreign keys enforced, and `synchronous=FULL` so that a write the UI called saved
 * survives a power cut.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const db = new BetterSqlite3(file, { readonly: options.readonly ?? false, timeout: 5000 });
  try {
    if (options.key) {
      applyKey(db, options.key);
      try {
        db.prepare('SELECT count(*) FROM sqlite_schema').get();
      } catch (error) {
        if ((error as { code?: unknown }).code === 'SQLITE_NOTADB') throw new DatabaseKeyError(file);
        throw error;
      }
    }
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    // Freed space is zeroed, so text that retention or an erasure replaced (or a sent outbox row)
    // does not linger in free pages (README, "Erasure"; the cost is in tests/bench/erasure.ts). ON,
    // not FAST: FAST leaves freelist pages as they were, and a long enquiry's overflow pages go there.
    db.pragma('secure_delete = ON');
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
  // An encrypted file cannot be read from memory (its pages are decrypted as they are read from disk).
  if (!bytes.subarray(0, 16).equals(PLAIN_HEADER)) throw new Error('Only a plain database can be read from memory.');
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

/**
 * Encrypts a plain database file where it lies, safely: the file is copied beside itself, the copy
 * encrypted (`rekey`, which needs a rollback journal, so the copy leaves WAL mode first) and checked
 * (every page, and every table's row count against the original), then flushed and renamed over the
 * original. A crash at any point leaves either the plain file or the encrypted one, never neither.
 * The plain file's bytes are overwritten before it goes. Returns false when there was nothing to do.
 */
export function encryptDatabaseFile(file: string, key: string): boolean {
  if (!isPlainDatabase(file)) return false;
  const plain = new BetterSqlite3(file, { timeout: 5000 });
  const counts = new Map<string, number>();
  const copy = `${file}.encrypting`;
  try {
    // Everything in the WAL into the main file, so a copy of the main file is the whole database.
    plain.pragma('wal_checkpoint(TRUNCATE)');
    for (const table of plain.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'").pluck().all() as string[]) {
      counts.set(table, plain.prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`).pluck().get() as number);
    }
    rmQuietly(copy);
    plain.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
  } finally {
    plain.close();
  }
  try {
    const encrypting = new BetterSqlite3(copy, { timeout: 5000 });
    try {
      encrypting.pragma('journal_mode = DELETE');
      applyRekey(encrypting, key);
    } finally {
      encrypting.close();
    }
    const check = openDatabase(copy, { key });
    try {
      if (check.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error('The encrypted copy failed its integrity check.');
      for (const [table, count] of counts) {
        const now = check.prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`).pluck().get() as number;
        if (now !== count) throw new Error(`The encrypted copy's ${table} holds ${now} rows, not ${count}.`);
      }
    } finally {
      check.close();
    }
    if (isPlainDatabase(copy)) throw new Error('The copy is still plain after rekey.');
    flush(copy);
    overwriteAndRemove(`${file}-wal`);
    rmQuietly(`${file}-shm`);
    const doomed = `${file}.plain-removing`;
    renameSync(file, doomed);
    renameSync(copy, file);
    flushFolder(file);
    overwriteAndRemove(doomed);
    return true;
  } catch (error) {
    rmQuietly(copy);
    rmQuietly(`${copy}-journal`);
    throw error;
  }
}

function applyRekey(db: Database, key: string): void {
  if (!DATABASE_KEY.test(key)) throw new Error('A database key is 64 hexadecimal characters.');
  db.pragma(`hexrekey='${key}'`);
}

function rmQuietly(file: string): void {
  rmSync(file, { force: true });
}

function flush(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function flushFolder(file: string): void {
  const fd = openSync(dirname(file), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Zeroes a file's bytes before removing it: a plain copy of residents' data should not linger in free blocks. */
function overwriteAndRemove(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  const fd = openSync(file, 'r+');
  try {
    const zeros = Buffer.alloc(Math.min(size, 1024 * 1024));
    for (let at = 0; at < size; at += zeros.length) writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  rmSync(file, { force: true });
}

/**
 * Copies a database with `VACUUM INTO` on a connection of its own in a worker thread, then makes the
 * copy self-contained (rollback journal) and checks every page, all off the main thread: on a big
 * kiosk this takes seconds, and the screens' calls must not wait for it. The copy is encrypted with
 * the same key as the source (SQLite3 Multiple Ciphers' VACUUM INTO keeps the key). The source may be
 * in use: the copy is one consistent snapshot of it.
 */
export function copyDatabaseInBackground(source: string, target: string, key: string | null): Promise<void> {
  if (key !== null && !DATABASE_KEY.test(key)) return Promise.reject(new Error('A database key is 64 hexadecimal characters.'));
  const driver = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
  return new Promise((resolve, reject) => {
    const worker = new Worker(COPY_WORKER, { eval: true, workerData: { driver, source, target, key } });
    let settled = false;
    worker.once('message', (answer: { ok: true } | { ok: false; message: string; code?: string }) => {
      settled = true;
      if (answer.ok) resolve();
      else reject(Object.assign(new Error(answer.message), answer.code ? { code: answer.code } : {}));
    });
    worker.once('error', (error: unknown) => {
      settled = true;
      reject(error instanceof Error ? error : new Error(String(error)));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The copy's worker stopped (exit ${code}).`));
    });
  });
}

// CommonJS, evaluated in the worker: the driver is required by the path the main thread resolved.
const COPY_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { source, target, key } = workerData;
const quoted = (text) => "'" + text.replace(/'/g, "''") + "'";
try {
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    if (key) db.pragma("hexkey='" + key + "'");
    db.exec('VACUUM INTO ' + quoted(target));
  } finally {
    db.close();
  }
  const copy = new Database(target, { timeout: 5000 });
  try {
    if (key) copy.pragma("hexkey='" + key + "'");
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error('The copy failed its check: ' + check), { code: 'SQLITE_CORRUPT' });
  } finally {
    copy.close();
  }
  parentPort.postMessage({ ok: true });
} catch (error) {
  parentPort.postMessage({ ok: false, message: String((error && error.message) || error), code: error && typeof error.code === 'string' ? error.code : undefined });
}
`;
