/**
 * Disk faults (issue 8, part 2): a full disk, a read-only data folder and a damaged database file,
 * made real (a small tmpfs, remounted read-only; pages overwritten), with the backend, its backups
 * and the restore command. What a person would notice: the staff screens' status says what happened;
 * residents can still search the directory; nothing saved before is lost; a save is refused with a
 * storage error rather than accepted and lost.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, writeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, DATABASE_FILE, type Backend } from '../../electron/backend/backend';
import { BACKUP_FOLDER, checkBackup, listBackups } from '../../electron/backend/backups';
import { openDatabase } from '../../db';
import type { RaiseIssueInput } from '../../shared/enquiries/model';
import { ADMIN, configuredDataDir } from '../support/kiosk';
import { makeTempDir } from '../support/tempDir';
import { damageTable } from '../support/damage';
import { mountTmpfs, TMPFS_SKIP_REASON, type Tmpfs } from '../support/tmpfs';

const KIOSK = 'kiosk-screen';
const DESK = 'desk-screen';
const ROOT = join(import.meta.dirname, '../..');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(): string {
  const dir = makeTempDir('onestop-disk-');
  cleanups.push(() => dir.remove());
  return dir.path;
}

function tmpfs(bytes: number): Tmpfs {
  const fs = mountTmpfs(bytes);
  cleanups.push(() => fs.unmount());
  return fs;
}

function open(dataDir: string, now?: () => Date): Backend {
  const backend = createBackend({ dataDir, sync: { autoStart: false }, autoBackup: false, log: () => {}, ...(now && { now }) });
  cleanups.push(() => backend.close());
  return backend;
}

function issue(n: number): RaiseIssueInput {
  return { topicId: 'roads', location: 'Mill Lane', summary: `Pothole by the bus stop, number ${n}`, contact: null, language: 'en-GB' };
}

async function raise(backend: Backend, n: number) {
  return backend.dispatch('enquiries:raise', issue(n), KIOSK);
}

async function raiseOk(backend: Backend, n: number): Promise<string> {
  const result = await raise(backend, n);
  if (!result.ok) throw new Error(`raise ${n} failed: ${JSON.stringify(result.error)}`);
  return (result.value as { reference: string }).reference;
}

async function signInAdmin(backend: Backend): Promise<void> {
  const result = await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, DESK);
  expect(result).toMatchObject({ ok: true });
}

/** The summaries staff see in their list, all of them. */
async function summaries(backend: Backend): Promise<string[]> {
  const result = await backend.dispatch('enquiries:list', { filter: {}, offset: 0, limit: 200 }, DESK);
  if (!result.ok) throw new Error(`list failed: ${JSON.stringify(result.error)}`);
  return (result.value as { rows: { summary: string }[] }).rows.map((item) => item.summary).sort();
}

async function directoryWorks(backend: Backend): Promise<void> {
  const result = await backend.dispatch('directory:search', { query: 'bins' }, KIOSK);
  if (!result.ok) throw new Error(`directory search failed: ${JSON.stringify(result.error)}`);
  expect((result.value as { hits: unknown[] }).hits.length).toBeGreaterThan(0);
}

async function storage(backend: Backend) {
  const result = await backend.dispatch('storage:status', undefined, KIOSK);
  if (!result.ok) throw new Error('storage:status failed');
  return result.value as Awaited<ReturnType<Backend['storageStatus']>>;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Fills the file system with one file until the disk says no; returns a function that frees it. */
function fillDisk(fs: Tmpfs): () => void {
  const filler = join(fs.path, 'filler.bin');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) {
      try {
        writeSync(fd, chunk);
      } catch {
        // What is left is smaller than a chunk: fill it byte by byte.
        try {
          for (;;) writeSync(fd, chunk, 0, 512);
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return () => rmSync(filler, { force: true });
}

/** The restore command, run as IT support would run it. */
function restoreCommand(...args: string[]) {
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'electron/backend/restoreCli.ts'), ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}


describe.skipIf(TMPFS_SKIP_REASON !== null)(`a full disk${TMPFS_SKIP_REASON ? ` (skipped: ${TMPFS_SKIP_REASON})` : ''}`, () => {
  it('refuses saves with storage/full, says so to staff, keeps the directory and everything saved, and recovers once there is room', async () => {
    const fs = tmpfs(16 * 1024 * 1024);
    const dataDir = join(fs.path, 'data');
    await configuredDataDir(dataDir);
    const backend = open(dataDir);
    await signInAdmin(backend);
    const saved: number[] = [];
    for (let n = 1; n <= 5; n += 1) {
      await raiseOk(backend, n);
      saved.push(n);
    }
    const free = fillDisk(fs);

    // SQLite may still fit a few saves into pages it already has: keep saving until the disk says no.
    let refused: Awaited<ReturnType<typeof raise>> | null = null;
    for (let n = 6; n < 400 && !refused; n += 1) {
      const result = await raise(backend, n);
      if (result.ok) saved.push(n);
      else refused = result;
    }
    expect(refused).toMatchObject({ ok: false, error: { code: 'storage/full' } });
    expect(await storage(backend)).toMatchObject({ problem: { kind: 'full', readOnlyCopyOf: null }, dataDir });
    // Staff can still read, residents can still search.
    expect(await summaries(backend)).toEqual(saved.map((n) => issue(n).summary).sort());
    await directoryWorks(backend);

    free();
    await raiseOk(backend, 1000);
    expect((await storage(backend)).problem).toBeNull();
    backend.close();
    cleanups.pop();

    const reopened = open(dataDir);
    await signInAdmin(reopened);
    expect(await summaries(reopened)).toEqual([...saved, 1000].map((n) => issue(n).summary).sort());
    const db = openDatabase(join(dataDir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('a backup that fails on a full disk leaves the older backups as they were and says why', async () => {
    const fs = tmpfs(16 * 1024 * 1024);
    const dataDir = join(fs.path, 'data');
    await configuredDataDir(dataDir);
    let clock = new Date('2026-11-23T09:00:00Z');
    const backend = open(dataDir, () => clock);
    await raiseOk(backend, 1);
    const first = await backend.backups.runNow();
    const before = sha256(first.path);
    clock = new Date('2026-11-23T14:00:00Z');
    const free = fillDisk(fs);
    await expect(backend.backups.runIfDue()).rejects.toMatchObject({ code: expect.stringMatching(/SQLITE_FULL|ENOSPC|SQLITE_IOERR/) as unknown });
    expect(await storage(backend)).toMatchObject({ backupFailed: 'full', lastBackup: { takenAt: first.takenAt } });
    expect(readdirSync(join(dataDir, BACKUP_FOLDER))).toEqual([first.fileName]);
    expect(sha256(first.path)).toBe(before);
    free();
    const second = await backend.backups.runIfDue();
    expect(second).not.toBeNull();
    expect((await storage(backend)).backupFailed).toBeNull();
  });
});

describe.skipIf(TMPFS_SKIP_REASON !== null)(`a read-only data folder${TMPFS_SKIP_REASON ? ` (skipped: ${TMPFS_SKIP_REASON})` : ''}`, () => {
  it('starts on a read-only copy of its own file: staff read, residents search, saves are refused, the folder is untouched', async () => {
    const fs = tmpfs(32 * 1024 * 1024);
    const dataDir = join(fs.path, 'data');
    await configuredDataDir(dataDir);
    const first = open(dataDir);
    for (let n = 1; n <= 3; n += 1) await raiseOk(first, n);
    first.close();
    cleanups.pop();
    const files = readdirSync(dataDir).sort();
    const hash = sha256(join(dataDir, DATABASE_FILE));
    fs.remount('ro');

    const backend = open(dataDir);
    expect(await storage(backend)).toMatchObject({ problem: { kind: 'read-only', readOnlyCopyOf: 'own-file' } });
    await directoryWorks(backend);
    expect(await backend.dispatch('kiosk:status', undefined, KIOSK)).toMatchObject({ ok: true, value: { configured: true, unit: { id: 'rugeley' } } });
    await signInAdmin(backend);
    expect(await summaries(backend)).toEqual([1, 2, 3].map((n) => issue(n).summary).sort());
    expect(await raise(backend, 4)).toMatchObject({ ok: false, error: { code: 'storage/read-only' } });
    expect(await backend.dispatch('storage:backup', undefined, DESK)).toMatchObject({ ok: false, error: { code: 'storage/read-only' } });
    // A wrong PIN still counts towards a lock, in memory: the copy cannot be written.
    for (let i = 0; i < 4; i += 1) {
      expect(await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: '000000' }, 'other')).toMatchObject({ error: { code: 'auth/invalid-credentials' } });
    }
    expect(await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: '000000' }, 'other')).toMatchObject({ error: { code: 'auth/locked' } });
    backend.close();
    cleanups.pop();
    expect(readdirSync(dataDir).sort()).toEqual(files);
    expect(sha256(join(dataDir, DATABASE_FILE))).toBe(hash);

    fs.remount('rw');
    const writable = open(dataDir);
    expect((await storage(writable)).problem).toBeNull();
    await raiseOk(writable, 4);
    await signInAdmin(writable);
    expect(await summaries(writable)).toEqual([1, 2, 3, 4].map((n) => issue(n).summary).sort());
  });
});

describe('a damaged database file', () => {
  it('opens the newest good backup read-only, never touches the damaged file, and the restore command brings back what it can read', async () => {
    const dataDir = tempDir();
    await configuredDataDir(dataDir);
    let clock = new Date('2026-11-23T09:00:00Z');
    const backend = open(dataDir, () => clock);
    const before = [1, 2, 3];
    for (const n of before) await raiseOk(backend, n);
    const backup = await backend.backups.runNow();
    clock = new Date('2026-11-23T10:30:00Z');
    const after = [4, 5];
    for (const n of after) await raiseOk(backend, n);
    backend.close();
    cleanups.pop();

    // The directory's pages go bad; the enquiries' pages are still readable.
    const file = join(dataDir, DATABASE_FILE);
    damageTable(file, 'services');
    const damagedHash = sha256(file);

    const degraded = open(dataDir, () => clock);
    expect(await storage(degraded)).toMatchObject({ problem: { kind: 'corrupt', readOnlyCopyOf: 'backup', backupTakenAt: backup.takenAt } });
    await directoryWorks(degraded);
    await signInAdmin(degraded);
    expect(await summaries(degraded)).toEqual(before.map((n) => issue(n).summary).sort());
    expect(await raise(degraded, 6)).toMatchObject({ ok: false, error: { code: 'storage/corrupt' } });
    degraded.close();
    cleanups.pop();
    expect(sha256(file)).toBe(damagedHash);

    const restored = restoreCommand('--data', dataDir);
    expect(restored, restored.stderr).toMatchObject({ code: 0 });
    expect(restored.stdout).toContain(`Restored the backup ${backup.path}`);
    expect(restored.stdout).toMatch(/services: \d+ rows could not be read/);
    const kept = readdirSync(dataDir).find((name) => name.startsWith('replaced-'))!;
    expect(sha256(join(dataDir, kept, DATABASE_FILE))).toBe(damagedHash);

    const healthy = open(dataDir, () => clock);
    expect((await storage(healthy)).problem).toBeNull();
    await directoryWorks(healthy);
    await signInAdmin(healthy);
    // The two saved after the backup came back from the damaged file.
    expect(await summaries(healthy)).toEqual([...before, ...after].map((n) => issue(n).summary).sort());
    const next = await raiseOk(healthy, 6);
    // The directory could not be read in full, so references move on by the margin rather than risk a repeat.
    expect(Number(next.slice(-6))).toBeGreaterThan(1005);
  });

  it('a file that is not a database at all: the backup comes back, and new references skip past any the hub may hold', async () => {
    const dataDir = tempDir();
    await configuredDataDir(dataDir);
    const backend = open(dataDir);
    const refs = [await raiseOk(backend, 1), await raiseOk(backend, 2)];
    await backend.backups.runNow();
    refs.push(await raiseOk(backend, 3));
    backend.close();
    cleanups.pop();
    const file = join(dataDir, DATABASE_FILE);
    writeFileSync(file, Buffer.alloc(readFileSync(file).length, 0x42));

    const degraded = open(dataDir);
    expect(await storage(degraded)).toMatchObject({ problem: { kind: 'corrupt', readOnlyCopyOf: 'backup' } });
    degraded.close();
    cleanups.pop();

    const result = restoreCommand('--data', dataDir);
    expect(result, result.stderr).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('could not be opened, so nothing was copied back');
    expect(result.stdout).toContain('New references skip 1000 numbers');
    const healthy = open(dataDir);
    await signInAdmin(healthy);
    expect(await summaries(healthy)).toEqual([1, 2].map((n) => issue(n).summary).sort());
    const next = await raiseOk(healthy, 4);
    expect(refs).not.toContain(next);
    expect(Number(next.slice(-6))).toBe(1003);
  });

  it('with no backup at all, starts on the sample directory and says so; setup is refused rather than lost', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, DATABASE_FILE), Buffer.alloc(64 * 1024, 0x42));
    const backend = open(dataDir);
    expect(await storage(backend)).toMatchObject({ problem: { kind: 'corrupt', readOnlyCopyOf: 'nothing', backupTakenAt: null } });
    await directoryWorks(backend);
    expect(await backend.dispatch('kiosk:status', undefined, KIOSK)).toMatchObject({ ok: true, value: { configured: false } });
    const setup = await backend.dispatch(
      'kiosk:setup',
      { unitId: 'rugeley', deviceCode: 'K2', hubUrl: '', defaultLanguage: 'en-GB', displayMode: 'kiosk', admin: ADMIN },
      KIOSK,
    );
    expect(setup).toMatchObject({ ok: false, error: { code: 'storage/corrupt' } });
  });
});

describe('scheduled backups', () => {
  it('takes one when due, keeps the configured number, and each is a checked, self-contained copy of what was saved', async () => {
    const dataDir = tempDir();
    await configuredDataDir(dataDir);
    let clock = new Date('2026-11-23T08:00:00Z');
    const backend = open(dataDir, () => clock);
    await signInAdmin(backend);
    expect(await backend.dispatch('settings:update', { backupEveryHours: 4, backupsKept: 3 }, DESK)).toMatchObject({ ok: true });
    await raiseOk(backend, 1);
    expect(await backend.backups.runIfDue()).not.toBeNull();
    clock = new Date('2026-11-23T11:59:00Z');
    expect(await backend.backups.runIfDue()).toBeNull();

    const taken: string[] = [];
    for (let hour = 12; hour <= 24; hour += 4) {
      clock = new Date(Date.parse('2026-11-23T00:00:00Z') + hour * 3600_000);
      await raiseOk(backend, hour);
      const backup = await backend.backups.runIfDue();
      expect(backup).not.toBeNull();
      taken.push(backup!.fileName);
    }
    const backups = listBackups(dataDir);
    expect(backups.map((b) => b.fileName)).toEqual(taken.slice(-3).reverse());
    for (const backup of backups) {
      expect(checkBackup(backup.path)).toMatchObject({ ok: true });
      expect(existsSync(`${backup.path}-wal`)).toBe(false);
    }
    const newest = openDatabase(backups[0]!.path, { readonly: true });
    expect(newest.prepare('SELECT count(*) FROM enquiries').pluck().get()).toBe(5);
    newest.close();
    expect(await storage(backend)).toMatchObject({ lastBackup: { takenAt: backups[0]!.takenAt }, backupsKept: 3, backupFailed: null });
    await signInAdmin(backend); // the clock moved on 16 hours: the session has timed out
    expect(await backend.dispatch('settings:update', { backupsKept: 0 }, DESK)).toMatchObject({ ok: false, error: { code: 'input/invalid', fields: { backupsKept: { code: 'too-small' } } } });
  });

  it('a backup taken while saves go on holds every save acknowledged before it began, and passes its check', async () => {
    const dataDir = tempDir();
    await configuredDataDir(dataDir);
    const backend = open(dataDir);
    for (let n = 1; n <= 50; n += 1) await raiseOk(backend, n);
    const during = Promise.all(Array.from({ length: 50 }, (_, i) => raiseOk(backend, 100 + i)));
    const backup = await backend.backups.runNow();
    await during;
    const copy = openDatabase(backup.path, { readonly: true });
    const count = copy.prepare('SELECT count(*) FROM enquiries').pluck().get() as number;
    copy.close();
    expect(count).toBeGreaterThanOrEqual(50);
    expect(count).toBeLessThanOrEqual(100);
    expect(checkBackup(backup.path)).toMatchObject({ ok: true });
  });
});

describe('the restore command', () => {
  it('lists backups, refuses while the app has the folder open, refuses a damaged backup, and changes nothing when it refuses', async () => {
    const dataDir = tempDir();
    await configuredDataDir(dataDir);
    const backend = open(dataDir);
    await raiseOk(backend, 1);
    const backup = await backend.backups.runNow();

    const list = restoreCommand('--data', dataDir, '--list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(backup.path);
    expect(list.stdout).toContain('checked ok');

    const running = restoreCommand('--data', dataDir);
    expect(running.code).toBe(1);
    expect(running.stderr).toContain('has this data folder open. Close it first');
    backend.close();
    cleanups.pop();

    const hash = sha256(join(dataDir, DATABASE_FILE));
    const bad = join(dataDir, 'not-a-backup.db');
    writeFileSync(bad, 'this is not a database');
    const refused = restoreCommand('--data', dataDir, '--from', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('failed its check');
    expect(refused.stderr).toContain('Nothing was changed.');
    expect(sha256(join(dataDir, DATABASE_FILE))).toBe(hash);
    expect(readdirSync(dataDir).some((name) => name.startsWith('replaced-'))).toBe(false);

    expect(restoreCommand('--data').code).toBe(2);
    expect(restoreCommand('--bogus').code).toBe(2);
  });

  it('--no-salvage goes back to the backup exactly, keeping the replaced file', async () => {
    const dataDir = tempDir();
    await configuredDataDir(dataDir);
    const backend = open(dataDir);
    await signInAdmin(backend);
    await raiseOk(backend, 1);
    await backend.backups.runNow();
    await raiseOk(backend, 2);
    backend.close();
    cleanups.pop();
    const result = restoreCommand('--data', dataDir, '--no-salvage');
    expect(result, result.stderr).toMatchObject({ code: 0 });
    const restored = open(dataDir);
    await signInAdmin(restored);
    expect(await summaries(restored)).toEqual([issue(1).summary]);
  });
});
