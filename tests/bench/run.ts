/**
 * `npm run bench`: figures for the foundation, each printed next to the anchor it is compared with,
 * measured in the same run on the same disk. Not a test: nothing here passes or fails.
 *
 * - IPC dispatch (schema validation, role check, handler) for `kiosk:status`, against the same
 *   handler's queries called directly: what the contract's safety costs per call.
 * - A durable settings write (SQLite transaction, WAL, synchronous=FULL), against one raw write of
 *   the same bytes followed by fsync on the same disk: what SQLite adds on top of the disk's own cost.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Bench, type Task } from 'tinybench';
import { createBackend } from '../../electron/backend/backend';
import { findUnit, openDatabase, readSettings, writeSettings } from '../../db';
import { makeTempDir } from '../support/tempDir';
import { setUpKiosk } from '../support/kiosk';

const dir = makeTempDir('onestop-bench-');
const backend = createBackend({ dataDir: dir.path });
await setUpKiosk(backend);
const db = openDatabase(join(dir.path, 'onestop.db'));
const payload = JSON.stringify({ hubUrl: 'https://hub.example.org', idleTimeoutSeconds: 90 });
const unitId = String(readSettings(db)['unitId']);
const rawFile = openSync(join(dir.path, 'raw.bin'), 'w');
let counter = 0;

const bench = new Bench({ time: 1500, warmupTime: 200 });
bench
  .add('dispatch kiosk:status (validate + role + handler)', async () => {
    await backend.dispatch('kiosk:status', undefined, 'bench');
  })
  .add('anchor: the handler\'s query called directly', () => {
    // The backend keeps settings in memory, so the handler's only database work is reading the unit.
    findUnit(db, unitId);
  })
  .add('durable settings write (transaction, synchronous=FULL)', () => {
    writeSettings(db, { hubUrl: `https://hub${counter++ % 10}.example.org`, idleTimeoutSeconds: 90 });
  })
  .add('anchor: raw write + fsync of the same bytes', () => {
    writeSync(rawFile, payload, 0);
    fsyncSync(rawFile);
  });

await bench.run();

function stats(task: Task) {
  const result = task.result as { latency?: { p50: number; p99: number }; throughput?: { mean: number } } | undefined;
  if (!result?.latency) throw new Error(`${task.name} did not complete`);
  return { p50: result.latency.p50, p99: result.latency.p99 };
}

const [dispatch, direct, durable, raw] = bench.tasks.map(stats) as [ReturnType<typeof stats>, ...ReturnType<typeof stats>[]];
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
console.log('onestop bench (foundation)\n');
console.table(
  bench.tasks.map((task) => ({ task: task.name, p50: us(stats(task).p50), p99: us(stats(task).p99) })),
);
console.log(`IPC dispatch vs direct queries: ${(dispatch.p50 / direct!.p50).toFixed(2)}x at p50`);
console.log(`durable settings write vs raw fsync: ${(durable!.p50 / raw!.p50).toFixed(2)}x at p50, ${(durable!.p99 / raw!.p99).toFixed(2)}x at p99`);

closeSync(rawFile);
db.close();
backend.close();
dir.remove();
