/**
 * `npm run bench` (backups part): what the disk-fault protections cost on a kiosk holding 100,000
 * enquiries, each figure next to its anchor measured in the same run on the same disk. Not a test.
 *
 * - Start-up check: `PRAGMA quick_check` on every start, against opening the backend as a whole.
 * - Backup: the scheduled backup (VACUUM INTO on its own connection in a worker thread, made
 *   self-contained and checked there, then fsynced), against copying the same file and fsyncing it;
 *   and the event loop's longest pause meanwhile, against its longest pause with no backup.
 * - Saves during a backup: a resident's save while a backup runs, against the same saves with none.
 * - The same backup on an encrypted kiosk (the copy is encrypted under the same key).
 * - Restore: the restore command's work (check, copy, copy back every row of the replaced file,
 *   rebuild the search indexes, integrity check), against copying the file.
 *
 * BACKUP_BENCH_ENQUIRIES changes the size (default 100,000).
 */
import { closeSync, copyFileSync, cpSync, fsyncSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend, DATABASE_FILE } from '../../electron/backend/backend';
import { restoreBackup } from '../../electron/backend/restore';
import { encryptDatabaseFile, openDatabase } from '../../db';
import { addBacklog } from '../support/enquiryBacklog';
import { configuredDataDir } from '../support/kiosk';
import { Random } from '../support/random';
import { percentile, timedRaises } from '../support/timing';
import { makeTempDir } from '../support/tempDir';

const COUNT = Number(process.env['BACKUP_BENCH_ENQUIRIES'] ?? 100_000);
const dir = makeTempDir('onestop-bench-backup-');
const dataDir = join(dir.path, 'kiosk');
await configuredDataDir(dataDir);
const file = join(dataDir, DATABASE_FILE);
addBacklog(file, { count: COUNT, random: new Random(20261123), changedShare: 0.3 });
const megabytes = (statSync(file).size / 1024 / 1024).toFixed(1);

function ms(start: number): number {
  return performance.now() - start;
}

function copyWithFsync(from: string, to: string): number {
  const start = performance.now();
  copyFileSync(from, to);
  const fd = openSync(to, 'r');
  fsyncSync(fd);
  closeSync(fd);
  return ms(start);
}

/**
 * The longest stretch the event loop went without running a 5 ms timer: how long a call from a
 * screen arriving then would wait. (perf_hooks' histogram records nothing while the loop is blocked.)
 */
function loopGaps(): { stop(): Promise<number> } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return {
    async stop() {
      await new Promise((resolve) => setTimeout(resolve, 20));
      clearInterval(timer);
      return longest;
    },
  };
}

// Start-up: the whole open (migrations check, statistics, seeds, quick_check) and the check alone.
const openStart = performance.now();
const backend = createBackend({ dataDir, autoBackup: false, sync: { autoStart: false }, log: () => {} });
const openMs = ms(openStart);
const probe = openDatabase(file, { readonly: true });
const checkStart = performance.now();
probe.pragma('quick_check');
const checkMs = ms(checkStart);
probe.close();

// Saves with no backup running, then while backups run back to back.
await timedRaises(backend, 20);
const idle = await timedRaises(backend, 200);
// Saves one after another for as long as three backups take, so every phase of a backup meets some saves.
const during: number[] = [];
let backupMs = 0;
const backups = 3;
let backingUp = true;
const saving = (async () => {
  while (backingUp) {
    during.push(...(await timedRaises(backend, 1)));
    // Each save arrives as its own event, as an IPC call does: a loop of awaited calls that never
    // reaches the event loop would starve the backup, which copies its pages between events.
    await new Promise((resolve) => setImmediate(resolve));
  }
})();
// The event loop's longest pause: a call from a screen that arrives then waits that long.
const idleLoop = loopGaps();
await new Promise((resolve) => setTimeout(resolve, 1000));
const idlePause = await idleLoop.stop();
const loop = loopGaps();
for (let i = 0; i < backups; i += 1) {
  const start = performance.now();
  await backend.backups.runNow();
  backupMs += ms(start);
}
const backupPause = await loop.stop();
backingUp = false;
await saving;
const copyMs = copyWithFsync(file, join(dir.path, 'plain-copy.db'));
backend.close();

// The same kiosk encrypted, as every real kiosk is.
const KEY = 'bacc'.repeat(16);
const encryptedDir = join(dir.path, 'encrypted');
cpSync(dataDir, encryptedDir, { recursive: true });
rmSync(join(encryptedDir, 'backups'), { recursive: true, force: true });
encryptDatabaseFile(join(encryptedDir, DATABASE_FILE), KEY);
const encrypted = createBackend({ dataDir: encryptedDir, key: KEY, autoBackup: false, sync: { autoStart: false }, log: () => {} });
const encryptedLoop = loopGaps();
let encryptedBackupMs = 0;
for (let i = 0; i < backups; i += 1) {
  const start = performance.now();
  await encrypted.backups.runNow();
  encryptedBackupMs += ms(start);
}
const encryptedPause = await encryptedLoop.stop();
encrypted.close();

const restoreStart = performance.now();
const report = restoreBackup({ dataDir });
const restoreMs = ms(restoreStart);
const restoreCopyMs = copyWithFsync(join(dataDir, DATABASE_FILE), join(dir.path, 'plain-copy-2.db'));

const rows: [string, string, string][] = [
  [`open the backend (${megabytes} MB, ${COUNT.toLocaleString('en-GB')} enquiries)`, `${openMs.toFixed(0)} ms`, 'anchor'],
  ['  of which the start-up quick_check', `${checkMs.toFixed(0)} ms`, `${((checkMs / openMs) * 100).toFixed(0)}% of the open`],
  ['copy the file and fsync (anchor)', `${copyMs.toFixed(0)} ms`, 'anchor'],
  [`scheduled backup (mean of ${backups})`, `${(backupMs / backups).toFixed(0)} ms`, `${(backupMs / backups / copyMs).toFixed(1)}x the copy`],
  ['save, no backup running: p50 / p95 (anchor)', `${percentile(idle, 50).toFixed(1)} / ${percentile(idle, 95).toFixed(1)} ms`, 'anchor'],
  [
    `save while a backup runs (${during.length}): p50 / p95 / max`,
    `${percentile(during, 50).toFixed(1)} / ${percentile(during, 95).toFixed(1)} / ${Math.max(...during).toFixed(0)} ms`,
    `${(percentile(during, 95) / percentile(idle, 95)).toFixed(1)}x at p95; max vs idle max ${Math.max(...idle).toFixed(0)} ms`,
  ],
  ['longest event-loop pause, no backup (anchor)', `${idlePause.toFixed(0)} ms`, 'anchor'],
  ['longest event-loop pause during a backup', `${backupPause.toFixed(0)} ms`, 'the copy and its check run in a worker thread'],
  [`encrypted kiosk: scheduled backup (mean of ${backups})`, `${(encryptedBackupMs / backups).toFixed(0)} ms`, `${(encryptedBackupMs / backups / copyMs).toFixed(1)}x the copy`],
  ['encrypted kiosk: longest event-loop pause during a backup', `${encryptedPause.toFixed(0)} ms`, 'the copy and its check run in a worker thread'],
  ['copy the restored file and fsync (anchor)', `${restoreCopyMs.toFixed(0)} ms`, 'anchor'],
  [
    `restore with salvage (${report.salvaged?.reduce((sum, t) => sum + t.rows, 0).toLocaleString('en-GB')} rows copied back)`,
    `${restoreMs.toFixed(0)} ms`,
    `${(restoreMs / restoreCopyMs).toFixed(0)}x the copy`,
  ],
];
console.log('\nBackups, start-up check and restore');
const width = Math.max(...rows.map((row) => row[0].length));
for (const [name, value, versus] of rows) console.log(`  ${name.padEnd(width)}  ${value.padStart(16)}  ${versus}`);
dir.remove();
