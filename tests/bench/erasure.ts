/**
 * `npm run bench` (erasure part): what an erasure costs on a kiosk, and what zeroing freed space
 * (`secure_delete`, which erasure and retention rely on) costs every save, each figure next to its
 * anchor measured in the same run on the same disk. Not a test.
 *
 * - Erasing one person's three enquiries (`privacy:erase`: the search again, the rows rewritten and
 *   recorded, the search index merged, the WAL truncated) on an encrypted kiosk of
 *   ERASURE_BENCH_ENQUIRIES enquiries (default 100,000), against the subject-access search alone.
 * - A save and the hub's acknowledgement deleting its outbox row, with `secure_delete` on (as
 *   shipped) against off, p50 and p95.
 * - The staff list searched by text, which is an audited read (a durable `read_audit` row per
 *   search), through the backend, against the same page read without the audit on a second
 *   connection to the same file, p50 and p95.
 */
import { cpSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend, DATABASE_FILE } from '../../electron/backend/backend';
import { createEnquiry, encryptDatabaseFile, listEnquiries, openDatabase, settlePush, type Database } from '../../db';
import { addBacklog } from '../support/enquiryBacklog';
import { ADMIN, STAFF, addStaff, configuredDataDir } from '../support/kiosk';
import { Random } from '../support/random';
import { percentile } from '../support/timing';
import { makeTempDir } from '../support/tempDir';
import { call } from '../support/forumKiosks';

const COUNT = Number(process.env['ERASURE_BENCH_ENQUIRIES'] ?? 100_000);
const CYCLES = 400;
const KEY = 'e7a5'.repeat(16);
const dir = makeTempDir('onestop-bench-erasure-');

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** A save (with its outbox row) then the hub's acknowledgement deleting that row, as a kiosk does all day. */
function saveAndSettle(db: Database, n: number): number {
  const start = performance.now();
  const id = randomUUID();
  createEnquiry(
    db,
    {
      id,
      unitId: 'rugeley',
      unitCode: 'RUG',
      forumId: 'rugeley',
      deviceCode: 'K2',
      topicId: 'roads',
      body: 'county',
      summary: `Pothole number ${n} outside the shop on Mill Lane, getting deeper every week`,
      details: 'Caller says a cyclist came off here last winter; they would like to hear back.',
      location: 'Mill Lane',
      streetKey: 'mill lane',
      channel: 'phone',
      status: 'new',
      language: 'en-GB',
      contact: { name: `Resident ${n}`, phone: '07700 900123', email: '', purpose: 'follow-up', consentAt: new Date().toISOString() },
      createdAt: new Date().toISOString(),
    },
    { id: null, name: 'bench' },
  );
  const seq = (db.prepare('SELECT seq FROM outbox WHERE entity_id = ?').get(id) as { seq: number }).seq;
  settlePush(db, { done: [seq], rejected: [], failed: [] }, new Date().toISOString());
  return performance.now() - start;
}

const template = join(dir.path, 'template');
await configuredDataDir(template);
addBacklog(join(template, DATABASE_FILE), { count: COUNT, random: new Random(11), changedShare: 0.3 });
await addStaff(join(template, DATABASE_FILE), STAFF.username, STAFF.pin, 'staff');

// secure_delete: the same plain kiosk twice, the pragma on (as opened) and off, cycles interleaved so both see the same disk.
const onDir = join(dir.path, 'secure-on');
const offDir = join(dir.path, 'secure-off');
cpSync(template, onDir, { recursive: true });
cpSync(template, offDir, { recursive: true });
const on = openDatabase(join(onDir, DATABASE_FILE));
const off = openDatabase(join(offDir, DATABASE_FILE));
off.pragma('secure_delete = OFF');
const onTimes: number[] = [];
const offTimes: number[] = [];
for (let i = 0; i < CYCLES; i += 1) {
  onTimes.push(saveAndSettle(on, i));
  offTimes.push(saveAndSettle(off, i));
}
on.close();
off.close();

// Erasure on an encrypted kiosk, as shipped.
const kioskDir = join(dir.path, 'kiosk');
cpSync(template, kioskDir, { recursive: true });
encryptDatabaseFile(join(kioskDir, DATABASE_FILE), KEY);
const backend = createBackend({ dataDir: kioskDir, key: KEY, log: () => {}, sync: { autoStart: false }, autoBackup: false });
await call(backend, 'auth:signIn', STAFF);
await call(backend, 'auth:signIn', ADMIN, 'admin');
const people = ['Quentin Marsh-Abbott', 'Philippa Oyelaran-Moss', 'Tobiah Venkataraman'];
for (const name of people) {
  for (const summary of ['Bin not collected', 'Street light out', 'Pothole by the school']) {
    await call(backend, 'enquiries:log', {
      channel: 'desk',
      topicId: 'roads',
      location: 'Mill Lane',
      summary,
      details: `${name} asked to be rung back`,
      contact: { name, phone: '07700 900321', email: '', purpose: 'follow-up' },
      status: 'new',
    });
  }
}
const searchTimes: number[] = [];
const eraseTimes: number[] = [];
for (const name of people) {
  searchTimes.push(await timed(() => call(backend, 'privacy:search', { query: name }, 'admin')));
  const found = await call(backend, 'privacy:search', { query: name }, 'admin');
  eraseTimes.push(
    await timed(() =>
      call(backend, 'privacy:erase', { query: name, references: found.results.map((r) => r.reference), reason: 'Objection upheld by the data protection officer.' }, 'admin'),
    ),
  );
}
// The audit's cost on the staff list's text search: the same query and page, audited through the backend and read plainly.
const reader = openDatabase(join(kioskDir, DATABASE_FILE), { key: KEY, readonly: true });
const auditedTimes: number[] = [];
const plainTimes: number[] = [];
const words = ['pothole', 'bin', 'light', 'school', 'lane', 'drain'];
// In two runs, not interleaved: each audit row written would empty the reader's page cache (another
// connection changed the file), which would make the unaudited anchor look slower than it is.
for (let i = 0; i < CYCLES; i += 1) {
  const text = words[i % words.length]!;
  auditedTimes.push(await timed(() => call(backend, 'enquiries:list', { filter: { text }, offset: 0, limit: 50 })));
}
for (let i = 0; i < CYCLES; i += 1) {
  const text = words[i % words.length]!;
  const start = performance.now();
  listEnquiries(reader, { text }, { offset: 0, limit: 50 });
  plainTimes.push(performance.now() - start);
}
reader.close();
backend.close();
dir.remove();

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const median = (values: readonly number[]) => percentile(values, 50);
console.log(`erasure bench: ${COUNT.toLocaleString('en-GB')} enquiries on the kiosk`);
console.log(
  `  erase one person's 3 enquiries (encrypted): median ${ms(median(eraseTimes))} of ${eraseTimes.length}` +
    ` | anchor: the subject-access search alone ${ms(median(searchTimes))} (${ratio(median(eraseTimes), median(searchTimes))})`,
);
console.log(
  `  save + acknowledgement, secure_delete on: p50 ${ms(percentile(onTimes, 50))}, p95 ${ms(percentile(onTimes, 95))}` +
    ` | anchor: off p50 ${ms(percentile(offTimes, 50))}, p95 ${ms(percentile(offTimes, 95))} (${ratio(percentile(onTimes, 50), percentile(offTimes, 50))} at p50; ${CYCLES} each)`,
);
console.log(
  `  staff list text search, audited (encrypted): p50 ${ms(percentile(auditedTimes, 50))}, p95 ${ms(percentile(auditedTimes, 95))}` +
    ` | anchor: the same page unaudited p50 ${ms(percentile(plainTimes, 50))}, p95 ${ms(percentile(plainTimes, 95))} (${ratio(percentile(auditedTimes, 50), percentile(plainTimes, 50))} at p50; ${CYCLES} each)`,
);
