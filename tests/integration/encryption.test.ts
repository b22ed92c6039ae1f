/**
 * Encryption at rest (issue 9, part 1): the kiosk's database file, its WAL and its backups hold no
 * readable text; the wrong key is refused with a clear message and changes nothing; a plain kiosk
 * from before is encrypted where it lies and loses nothing; backups and the restore command work
 * with the key; the hub's embedded store is encrypted when a key is configured.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, DATABASE_FILE, type Backend } from '../../electron/backend/backend';
import { BACKUP_FOLDER, checkBackup, listBackups } from '../../electron/backend/backups';
import { loadOrCreateDatabaseKey, KeyStorageError, type KeyProtector } from '../../electron/main/databaseKey';
import { DatabaseKeyError, isPlainDatabase, openDatabase } from '../../db';
import type { RaiseIssueInput } from '../../shared/enquiries/model';
import { ADMIN, configuredDataDir } from '../support/kiosk';
import { makeTempDir } from '../support/tempDir';

const KEY = '5eed'.repeat(16);
const OTHER_KEY = 'bad0'.repeat(16);
const ROOT = join(import.meta.dirname, '../..');
const KIOSK = 'kiosk-screen';
const DESK = 'desk-screen';

// Words that appear nowhere else in the file: if any is found in the bytes, text is readable.
const SECRET_SUMMARY = 'Zanzibarquux pothole outside number 17';
const SECRET_NAME = 'Wilhelmina Quorndonfield';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(): string {
  const dir = makeTempDir('onestop-crypt-');
  cleanups.push(() => dir.remove());
  return dir.path;
}

function open(dataDir: string, key: string | null): Backend {
  const backend = createBackend({ dataDir, key, sync: { autoStart: false }, autoBackup: false, log: () => {} });
  cleanups.push(() => backend.close());
  return backend;
}

function closeLast(backend: Backend): void {
  backend.close();
  cleanups.pop();
}

function issue(n: number, withName = false): RaiseIssueInput {
  return {
    topicId: 'roads',
    location: 'Mill Lane',
    summary: `${SECRET_SUMMARY} (${n})`,
    contact: withName ? { name: SECRET_NAME, phone: '01543 462621', email: 'quorndonfield@example.org', purpose: 'follow-up' } : null,
    language: 'en-GB',
  };
}

async function raise(backend: Backend, n: number, withName = false): Promise<void> {
  const result = await backend.dispatch('enquiries:raise', issue(n, withName), KIOSK);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
}

async function summaries(backend: Backend): Promise<string[]> {
  const signIn = await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, DESK);
  expect(signIn.ok).toBe(true);
  const result = await backend.dispatch('enquiries:list', { filter: {}, offset: 0, limit: 200 }, DESK);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return (result.value as { rows: { summary: string }[] }).rows.map((row) => row.summary).sort();
}

/** Every file under the folder, as bytes: the database, its WAL, backups, anything left behind. */
function everyFile(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, bytes: readFileSync(path) };
    });
}

function readableIn(dir: string, ...needles: string[]): string[] {
  const found: string[] = [];
  for (const { path, bytes } of everyFile(dir)) {
    for (const needle of needles) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        if (bytes.includes(Buffer.from(needle, encoding))) found.push(`${needle} in ${path} (${encoding})`);
      }
    }
  }
  return found;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, script), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, ONESTOP_DB_KEY: undefined, ONESTOP_DB_KEY_FILE: undefined, ONESTOP_HUB_DB_KEY: undefined, ONESTOP_HUB_DB_KEY_FILE: undefined, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the kiosk database, encrypted', () => {
  it('holds no readable enquiry text or contact details on disk: the file, its WAL and its backups', async () => {
    const dataDir = tempDir();
    const backend = open(dataDir, KEY);
    await backend.dispatch('kiosk:setup', { unitId: 'rugeley', deviceCode: 'K2', hubUrl: '', defaultLanguage: 'en-GB', displayMode: 'kiosk', admin: ADMIN }, 'setup');
    for (let n = 1; n <= 20; n += 1) await raise(backend, n, n % 2 === 0);
    await backend.backups.runNow();
    // While open, the newest pages are in the WAL: it must be encrypted too.
    expect(existsSync(join(dataDir, `${DATABASE_FILE}-wal`))).toBe(true);
    expect(readableIn(dataDir, 'Zanzibarquux', 'Quorndonfield', '01543 462621', 'quorndonfield@example.org')).toEqual([]);
    closeLast(backend);
    expect(readableIn(dataDir, 'Zanzibarquux', 'Quorndonfield', '01543 462621', 'quorndonfield@example.org', 'SQLite format 3')).toEqual([]);
    // The check can see text: the same saves in a plain kiosk are found.
    const plainDir = tempDir();
    await configuredDataDir(plainDir);
    const plain = open(plainDir, null);
    await raise(plain, 1, true);
    closeLast(plain);
    expect(readableIn(plainDir, 'Zanzibarquux', 'Quorndonfield').length).toBeGreaterThan(0);

    const again = open(dataDir, KEY);
    expect((await summaries(again)).length).toBe(20);
  });

  it('refuses the wrong key with a clear message, and changes nothing', async () => {
    const dataDir = tempDir();
    await configuredDataDir(dataDir);
    const first = open(dataDir, KEY);
    await raise(first, 1);
    closeLast(first);
    const file = join(dataDir, DATABASE_FILE);
    const before = sha256(file);
    expect(() => createBackend({ dataDir, key: OTHER_KEY, sync: { autoStart: false }, autoBackup: false })).toThrow(DatabaseKeyError);
    expect(() => createBackend({ dataDir, key: OTHER_KEY, sync: { autoStart: false }, autoBackup: false })).toThrow(
      /The database key does not open .*onestop\.db\. .*Nothing has been changed\./,
    );
    expect(sha256(file)).toBe(before);
    expect(readdirSync(dataDir).sort()).toEqual([DATABASE_FILE]);
    const right = open(dataDir, KEY);
    expect(await summaries(right)).toEqual([issue(1).summary]);
  });

  it('encrypts a plain kiosk from before where it lies, its backups too, losing nothing and leaving no plain copy behind', async () => {
    const dataDir = tempDir();
    await configuredDataDir(dataDir);
    const plain = open(dataDir, null);
    for (let n = 1; n <= 30; n += 1) await raise(plain, n, n % 3 === 0);
    await plain.backups.runNow();
    for (let n = 31; n <= 35; n += 1) await raise(plain, n);
    const expected = await summaries(plain);
    const counts = (db: ReturnType<typeof openDatabase>) =>
      Object.fromEntries(
        (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'").pluck().all() as string[]).map((t) => [
          t,
          db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get(),
        ]),
      );
    // Left open, so the newest saves are still in the WAL when the key arrives: they must come too.
    const file = join(dataDir, DATABASE_FILE);
    const probe = openDatabase(file, { readonly: true });
    const before = counts(probe);
    probe.close();
    closeLast(plain);
    expect(isPlainDatabase(file)).toBe(true);

    const encrypted = open(dataDir, KEY);
    expect(await summaries(encrypted)).toEqual(expected);
    expect(isPlainDatabase(file)).toBe(false);
    closeLast(encrypted);
    const check = openDatabase(file, { key: KEY, readonly: true });
    expect(counts(check)).toEqual(before);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    const backups = listBackups(dataDir);
    expect(backups).toHaveLength(1);
    expect(isPlainDatabase(backups[0]!.path)).toBe(false);
    expect(checkBackup(backups[0]!.path, KEY)).toMatchObject({ ok: true });
    expect(readableIn(dataDir, 'Zanzibarquux', 'Quorndonfield')).toEqual([]);
    expect(readdirSync(dataDir).filter((name) => /encrypting|plain-removing/.test(name))).toEqual([]);
  });

  it('backs up encrypted, restores with the key (and not without it), and a damaged first page is told from a wrong key', async () => {
    const dataDir = tempDir();
    await configuredDataDir(dataDir);
    const backend = open(dataDir, KEY);
    await raise(backend, 1);
    const backup = await backend.backups.runNow();
    await raise(backend, 2);
    closeLast(backend);
    expect(isPlainDatabase(backup.path)).toBe(false);
    expect(checkBackup(backup.path, KEY)).toMatchObject({ ok: true });
    expect(checkBackup(backup.path, null)).toMatchObject({ ok: false });

    // Page 1 overwritten: the key no longer opens the file, but it opens the backup, so the file is damaged.
    const file = join(dataDir, DATABASE_FILE);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x42), 0, 4096, 0);
    closeSync(fd);
    const degraded = open(dataDir, KEY);
    expect(await degraded.dispatch('storage:status', undefined, KIOSK)).toMatchObject({
      ok: true,
      value: { problem: { kind: 'corrupt', readOnlyCopyOf: 'backup', backupTakenAt: backup.takenAt } },
    });
    closeLast(degraded);

    const withoutKey = run('electron/backend/restoreCli.ts', ['--data', dataDir]);
    expect(withoutKey.code).toBe(1);
    expect(withoutKey.stderr).toContain('passed its check');
    const keyFile = join(tempDir(), 'kiosk.key');
    writeFileSync(keyFile, `${KEY}\n`);
    const restored = run('electron/backend/restoreCli.ts', ['--data', dataDir, '--key-file', keyFile]);
    expect(restored, restored.stderr).toMatchObject({ code: 0 });
    expect(isPlainDatabase(file)).toBe(false);
    const healthy = open(dataDir, KEY);
    expect(await summaries(healthy)).toEqual([issue(1).summary]);
    expect(readableIn(join(dataDir, BACKUP_FOLDER), 'Zanzibarquux')).toEqual([]);
  });
});

describe('where the key comes from', () => {
  it('the browser host takes the key from the environment, refuses a bad one, and without one makes a development key file beside the data', async () => {
    const dataDir = tempDir();
    const bad = run('electron/browser-host/cli.ts', ['--port', '0', '--data', dataDir], { ONESTOP_DB_KEY: 'not-a-key' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ONESTOP_DB_KEY does not hold a database key');
    expect(bad.stderr).not.toContain('not-a-key');

    // The documented command (DESIGN.md: --port PORT --data DIR) still starts. A renderer of its own:
    // the tests run before the build, so out/renderer may not exist yet.
    const renderer = tempDir();
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>onestop</title>');
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'electron/browser-host/cli.ts'), '--port', '0', '--data', dataDir, '--renderer', renderer], {
      cwd: ROOT,
      env: { ...process.env, ONESTOP_DB_KEY: undefined, ONESTOP_DB_KEY_FILE: undefined },
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('onestop browser host: http')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`host exited ${code}: ${output}`)));
    });
    child.kill('SIGTERM');
    await once(child, 'exit');
    expect(output).toContain('no database key given');
    expect(output).toContain('for development and tests only');
    const keyFile = join(dataDir, 'database.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(isPlainDatabase(join(dataDir, DATABASE_FILE))).toBe(false);
    const db = openDatabase(join(dataDir, DATABASE_FILE), { key, readonly: true });
    expect(db.prepare('SELECT count(*) FROM units').pluck().get()).toBeGreaterThan(0);
    db.close();
  });

  it("Electron's key: made once, kept encrypted by safe storage, and never silently replaced", () => {
    const dir = tempDir();
    const file = join(dir, 'database.key');
    // Electron's safeStorage stands in here: a reversible transform the test can see through.
    const protector: KeyProtector = {
      isEncryptionAvailable: () => true,
      encryptString: (text) => Buffer.from(`sealed:${Buffer.from(text).toString('base64')}`),
      decryptString: (sealed) => {
        const text = sealed.toString();
        if (!text.startsWith('sealed:')) throw new Error('cannot decrypt');
        return Buffer.from(text.slice(7), 'base64').toString();
      },
    };
    const key = loadOrCreateDatabaseKey(file, protector);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file).toString()).not.toContain(key);
    expect(loadOrCreateDatabaseKey(file, protector)).toBe(key);
    writeFileSync(file, 'garbage');
    expect(() => loadOrCreateDatabaseKey(file, protector)).toThrow(KeyStorageError);
    expect(readFileSync(file, 'utf8')).toBe('garbage');
    expect(() => loadOrCreateDatabaseKey(join(dir, 'other.key'), { ...protector, isEncryptionAvailable: () => false })).toThrow(/safe storage is not available/);
    expect(existsSync(join(dir, 'other.key'))).toBe(false);
  });
});

describe("the hub's embedded store", () => {
  it('is encrypted when ONESTOP_HUB_DB_KEY is set: a plain store is encrypted where it lies, every command opens it, a wrong key is refused', () => {
    const dataDir = tempDir();
    const add = (name: string, env: NodeJS.ProcessEnv) => run('server/cli.ts', ['device', 'add', '--data', dataDir, '--unit', 'rugeley', '--name', name], env);
    expect(add('Plainfield Kiosk', {}).code).toBe(0);
    const hubFile = join(dataDir, 'hub.db');
    expect(isPlainDatabase(hubFile)).toBe(true);
    expect(add('Cryptfield Kiosk', { ONESTOP_HUB_DB_KEY: KEY }).code).toBe(0);
    expect(isPlainDatabase(hubFile)).toBe(false);
    expect(readableIn(dataDir, 'Plainfield', 'Cryptfield')).toEqual([]);
    const list = run('server/cli.ts', ['device', 'list', '--data', dataDir], { ONESTOP_HUB_DB_KEY: KEY });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Plainfield Kiosk');
    expect(list.stdout).toContain('Cryptfield Kiosk');
    const wrong = run('server/cli.ts', ['device', 'list', '--data', dataDir], { ONESTOP_HUB_DB_KEY: OTHER_KEY });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The database key does not open');
    expect(wrong.stderr).not.toContain(OTHER_KEY);
  });
});
