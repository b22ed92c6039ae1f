/**
 * `npm run bench` (encryption part): what encrypting the kiosk's database costs, each figure next to
 * the same work on a plain file, measured in the same run on the same disk. Not a test.
 *
 * - A resident's save (`enquiries:raise`, durable): encrypted against plain, p50 and p95.
 * - The staff list's first page over the whole table: encrypted against plain.
 * - Opening a kiosk of ENCRYPTION_BENCH_ENQUIRIES enquiries (default 100,000), with its start-up check.
 * - Encrypting a plain kiosk of that size where it lies (the one-off migration), against copying it.
 */
import { closeSync, copyFileSync, cpSync, fsyncSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend, DATABASE_FILE, type Backend } from '../../electron/backend/backend';
import { encryptDatabaseFile } from '../../db';
import { addBacklog } from '../support/enquiryBacklog';
import { ADMIN, configuredDataDir } from '../support/kiosk';
import { Random } from '../support/random';
import { percentile, timedRaises } from '../support/timing';
import { makeTempDir } from '../support/tempDir';

const COUNT = Number(process.env['ENCRYPTION_BENCH_ENQUIRIES'] ?? 100_000);
const KEY = 'be9c'.repeat(16);
const dir = makeTempDir('onestop-bench-crypt-');

function time<T>(work: () => T): [T, number] {
  const start = performance.now();
  const value = work();
  return [value, performance.now() - start];
}

async function listPages(backend: Backend, count: number): Promise<number[]> {
  const signIn = await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, 'desk');
  if (!signIn.ok) throw new Error('sign-in failed');
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    const result = await backend.dispatch('enquiries:list', { filter: i % 2 ? { text: 'pothole' } : {}, offset: 0, limit: 50 }, 'desk');
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    times.push(performance.now() - start);
  }
  return times;
}

// One plain kiosk with the backlog, copied: one copy stays plain, the other is encrypted where it lies.
const template = join(dir.path, 'template');
await configuredDataDir(template);
addBacklog(join(template, DATABASE_FILE), { count: COUNT, random: new Random(9), changedShare: 0.3 });
const megabytes = (statSync(join(template, DATABASE_FILE)).size / 1024 / 1024).toFixed(1);
const plainDir = join(dir.path, 'plain');
const cryptDir = join(dir.path, 'encrypted');
cpSync(template, plainDir, { recursive: true });
cpSync(template, cryptDir, { recursive: true });

const [, copyMs] = time(() => {
  copyFileSync(join(template, DATABASE_FILE), join(dir.path, 'copy.db'));
  const fd = openSync(join(dir.path, 'copy.db'), 'r');
  fsyncSync(fd);
  closeSync(fd);
});
const [, migrateMs] = time(() => encryptDatabaseFile(join(cryptDir, DATABASE_FILE), KEY));

const figures: Record<'plain' | 'encrypted', { open: number; saves: number[]; list: number[] }> = {
  plain: { open: 0, saves: [], list: [] },
  encrypted: { open: 0, saves: [], list: [] },
};
for (const [name, dataDir, key] of [
  ['plain', plainDir, null],
  ['encrypted', cryptDir, KEY],
] as const) {
  const [backend, openMs] = time(() => createBackend({ dataDir, key, autoBackup: false, sync: { autoStart: false }, log: () => {} }));
  await timedRaises(backend, 20);
  figures[name] = { open: openMs, saves: await timedRaises(backend, 300), list: await listPages(backend, 40) };
  backend.close();
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const { plain, encrypted } = figures;
const rows: [string, string, string][] = [
  [`open a kiosk of ${COUNT.toLocaleString('en-GB')} enquiries (${megabytes} MB), plain (anchor)`, `${plain.open.toFixed(0)} ms`, 'anchor'],
  ['open the same, encrypted', `${encrypted.open.toFixed(0)} ms`, ratio(encrypted.open, plain.open)],
  ['save, plain: p50 / p95 (anchor)', `${percentile(plain.saves, 50).toFixed(2)} / ${percentile(plain.saves, 95).toFixed(2)} ms`, 'anchor'],
  [
    'save, encrypted: p50 / p95',
    `${percentile(encrypted.saves, 50).toFixed(2)} / ${percentile(encrypted.saves, 95).toFixed(2)} ms`,
    `${ratio(percentile(encrypted.saves, 50), percentile(plain.saves, 50))} at p50`,
  ],
  ['staff list page (all, and a search), plain: p50 (anchor)', `${percentile(plain.list, 50).toFixed(1)} ms`, 'anchor'],
  ['staff list page, encrypted: p50', `${percentile(encrypted.list, 50).toFixed(1)} ms`, ratio(percentile(encrypted.list, 50), percentile(plain.list, 50))],
  ['copy the plain file and fsync (anchor)', `${copyMs.toFixed(0)} ms`, 'anchor'],
  ['encrypt the plain kiosk where it lies (once)', `${migrateMs.toFixed(0)} ms`, ratio(migrateMs, copyMs)],
];
console.log('\nEncryption at rest (SQLite3 Multiple Ciphers, ChaCha20-Poly1305)');
const width = Math.max(...rows.map((row) => row[0].length));
for (const [name, value, versus] of rows) console.log(`  ${name.padEnd(width)}  ${value.padStart(16)}  ${versus}`);
dir.remove();
