/**
 * Retention (issue 9, part 2) on a real backend and SQLite file, on an injected clock: enquiries
 * are logged at chosen times with contact details, private details and status notes, then the
 * clock moves on and the job runs. Exactly the due rows change (whole rows compared before and
 * after), the log says what went, a second run changes nothing, and a new setting moves the boundary.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { openDatabase, type Database } from '../../db';
import type { ChannelName, InputOf, ValueOf } from '../../shared/ipc/contract';
import type { EnquiryStatus, LogEnquiryInput } from '../../shared/enquiries/model';
import { ANONYMISED } from '../../shared/enquiries/retention';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, STAFF, copyOfKiosk, staffedKioskTemplate } from '../support/kiosk';

const DESK = 'desk-screen';
const ADMIN_SCREEN = 'admin-screen';

let template: ReturnType<typeof makeTempDir>;
let dir: ReturnType<typeof makeTempDir>;
let clock: number;
let backend: Backend;
const now = () => new Date(clock);
const at = (iso: string) => (clock = Date.parse(iso));

beforeAll(async () => {
  template = await staffedKioskTemplate();
});
afterAll(() => template.remove());
beforeEach(() => {
  dir = copyOfKiosk(template);
  at('2019-01-10T09:00:00Z');
  backend = createBackend({ dataDir: dir.path, now, sync: { autoStart: false }, autoBackup: false, log: () => {} });
});
afterEach(() => {
  backend.close();
  dir.remove();
});

/** Signs the caller in again first: the clock jumps months between calls, past any session. */
async function call<C extends ChannelName>(channel: C, input: InputOf<C>, caller = DESK): Promise<ValueOf<C>> {
  if (channel !== 'auth:signIn') await call('auth:signIn', caller === DESK ? STAFF : ADMIN, caller);
  const result = await backend.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ValueOf<C>;
}

function inDatabase<T>(read: (db: Database) => T): T {
  const db = openDatabase(backend.databasePath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

type Row = Record<string, unknown>;
const enquiryRows = () => inDatabase((db) => db.prepare('SELECT * FROM enquiries ORDER BY reference').all() as Row[]);
const eventRows = () => inDatabase((db) => db.prepare('SELECT * FROM enquiry_events ORDER BY id').all() as Row[]);
const outboxRows = () => inDatabase((db) => db.prepare('SELECT * FROM outbox ORDER BY seq').all() as Row[]);
const readRows = () => inDatabase((db) => db.prepare('SELECT * FROM read_audit ORDER BY id').all() as Row[]);
const logRows = () => inDatabase((db) => db.prepare('SELECT run_at, kind, removed, cutoff, refs FROM retention_log ORDER BY id').all() as Row[]);
const searchHits = (word: string) =>
  inDatabase((db) => (db.prepare('SELECT count(*) AS n FROM enquiry_search WHERE enquiry_search MATCH ?').get(word) as { n: number }).n);

/** Logs an enquiry at `when` with contact and private details, then moves it to `status` at `closedAt` with a note. */
async function enquiry(when: string, name: string, status: EnquiryStatus = 'new', closedAt?: string) {
  at(when);
  const input: LogEnquiryInput = {
    channel: 'desk',
    topicId: 'bin-collection',
    location: `${name} Street`,
    summary: `Bins missed for ${name}`,
    details: `${name} lives alone`,
    contact: { name, phone: '07700 900123', email: `${name.toLowerCase()}@example.org`, purpose: 'follow-up', wording: 'follow-up-1' },
    status: 'new',
  };
  const logged = await call('enquiries:log', input);
  if (status === 'new') return logged;
  at(closedAt ?? when);
  return call('enquiries:setStatus', { id: logged.id, version: logged.version, status, outcome: '', note: `Rang ${name} back` });
}

const CONTACT_COLUMNS = ['contact_name', 'contact_phone', 'contact_email', 'contact_purpose', 'contact_consent_at', 'contact_wording'];
const withoutContact = (row: Row): Row => ({ ...row, ...Object.fromEntries(CONTACT_COLUMNS.map((c) => [c, null])) });
const anonymised = (row: Row): Row => ({ ...withoutContact(row), summary: ANONYMISED, location: ANONYMISED, details: '', street_key: '', language: null });

describe('retention removes exactly what is due on a fixed clock', () => {
  it('clears contact details a year after closing, anonymises enquiries after six years, deletes reads after two; logs it; a second run changes nothing', async () => {
    await call('auth:signIn', STAFF);
    // Raised 2019-01-10: anonymised at 2025-06-01 (over six years), whatever its status.
    const old = await enquiry('2019-01-10T09:00:00Z', 'Olwen', 'closed', '2019-02-01T10:00:00Z');
    // Closed 2024-05-31: a year and a day before the run. Contact goes, the rest stays.
    const closedLong = await enquiry('2024-05-01T09:00:00Z', 'Carys', 'closed', '2024-05-31T10:00:00Z');
    // Resolved at the desk 2024-05-30: final too.
    const resolved = await enquiry('2024-05-02T09:00:00Z', 'Rhys', 'resolved-at-desk', '2024-05-30T10:00:00Z');
    // Closed 2024-06-02: eleven months and thirty days before. Not due.
    const closedRecent = await enquiry('2024-05-03T09:00:00Z', 'Bryn', 'closed', '2024-06-02T10:00:00Z');
    // Referred two years ago: not closed, so its contact stays however old.
    const referred = await enquiry('2023-01-03T09:00:00Z', 'Dilys', 'referred', '2023-01-04T10:00:00Z');
    // Raised 2019-06-02, six years less a day before the run: kept whole (and open).
    const young = await enquiry('2019-06-02T09:00:00Z', 'Gethin');

    // Reads: one 2023-05-31 (due), one 2023-06-02 (kept).
    await call('auth:signIn', ADMIN, ADMIN_SCREEN);
    at('2023-05-31T12:00:00Z');
    await call('enquiries:get', { id: young.id }, ADMIN_SCREEN);
    at('2023-06-02T12:00:00Z');
    await call('enquiries:get', { id: referred.id }, ADMIN_SCREEN);

    at('2025-06-01T10:00:00Z');
    const enquiriesBefore = enquiryRows();
    const eventsBefore = eventRows();
    const outboxBefore = outboxRows();
    const readsBefore = readRows();
    // Logging and changing an enquiry shows it, so those were audited reads too: 2019 to 2025.
    const READ_CUTOFF = '2023-06-01T10:00:00.000Z';
    const dueReads = readsBefore.filter((r) => (r.at as string) < READ_CUTOFF);
    const keptReads = readsBefore.filter((r) => (r.at as string) >= READ_CUTOFF);
    expect(dueReads.map((r) => r.at)).toContain('2023-05-31T12:00:00.000Z');
    expect(keptReads.map((r) => r.at)).toContain('2023-06-02T12:00:00.000Z');
    expect(searchHits('Olwen')).toBe(1);

    const report = backend.retention.runNow();

    const byRef = (rows: Row[]) => new Map(rows.map((row) => [row.reference as string, row]));
    const before = byRef(enquiriesBefore);
    const expected = enquiriesBefore.map((row) => {
      if (row.reference === old.reference) return anonymised(row);
      if (row.reference === closedLong.reference || row.reference === resolved.reference) return withoutContact(row);
      return row;
    });
    expect(enquiryRows()).toEqual(expected);
    // Nothing else about the changed ones moved: not their version, not when they last changed.
    expect(before.get(old.reference)!.version).toBe(byRef(enquiryRows()).get(old.reference)!.version);

    // The old enquiry's status note is gone; every other event is as it was.
    expect(eventRows()).toEqual(eventsBefore.map((e) => (e.enquiry_id === old.id && e.action === 'status' ? { ...e, detail: ANONYMISED } : e)));
    // Outbox rows still waiting would not carry the removed data to the hub.
    const outboxAfter = outboxRows();
    expect(outboxAfter.map((o) => ({ ...o, payload: null }))).toEqual(outboxBefore.map((o) => ({ ...o, payload: null })));
    for (const row of outboxAfter) {
      const payload = JSON.parse(row.payload as string) as Record<string, unknown>;
      const original = JSON.parse(outboxBefore.find((o) => o.seq === row.seq)!.payload as string) as Record<string, unknown>;
      if (row.entity_id === old.id) expect(payload).toEqual({ ...original, summary: ANONYMISED, location: ANONYMISED, details: '', language: null, contact: null });
      else if (row.entity_id === closedLong.id || row.entity_id === resolved.id) expect(payload).toEqual({ ...original, contact: null });
      else expect(payload).toEqual(original);
    }
    // The search index no longer finds the anonymised words.
    expect(searchHits('Olwen')).toBe(0);
    expect(searchHits('Gethin')).toBe(1);
    expect(readRows()).toEqual(keptReads);

    // The six-year-old one was closed long ago too: its contact goes first, then the rest of it.
    expect(report.removed.contact).toEqual({ count: 3, refs: [old.reference, resolved.reference, closedLong.reference] });
    expect(report.removed.enquiry).toEqual({ count: 1, refs: [old.reference] });
    expect(report.removed['read-audit']).toEqual({ count: dueReads.length, refs: dueReads.map((r) => String(r.id)) });
    const log = logRows();
    expect(log).toEqual([
      { run_at: '2025-06-01T10:00:00.000Z', kind: 'contact', removed: 3, cutoff: '2024-06-01T10:00:00.000Z', refs: `${old.reference} ${resolved.reference} ${closedLong.reference}` },
      { run_at: '2025-06-01T10:00:00.000Z', kind: 'enquiry', removed: 1, cutoff: '2019-06-01T10:00:00.000Z', refs: old.reference },
      { run_at: '2025-06-01T10:00:00.000Z', kind: 'read-audit', removed: dueReads.length, cutoff: READ_CUTOFF, refs: dueReads.map((r) => r.id).join(' ') },
    ]);
    // The log holds references and ids only, never what was removed.
    expect(JSON.stringify(log)).not.toMatch(/Olwen|Carys|Rhys|07700|example\.org|lives alone|Street/);
    expect(await call('retention:status', undefined, ADMIN_SCREEN)).toEqual({
      lastRun: { at: '2025-06-01T10:00:00.000Z', removed: { contact: 3, enquiry: 1, 'read-audit': dueReads.length } },
    });
    // Only administrators read it.
    await call('auth:signIn', STAFF);
    expect((await backend.dispatch('retention:status', undefined, DESK)).ok).toBe(false);

    // Again an hour later: nothing more changes; the run is still logged, with nothing removed.
    const afterFirst = [enquiryRows(), eventRows(), outboxRows(), readRows()];
    at('2025-06-01T11:00:00Z');
    expect(backend.retention.runIfDue()).toBeNull();
    const second = backend.retention.runNow();
    expect(Object.values(second.removed).map((kind) => kind.count)).toEqual([0, 0, 0]);
    expect([enquiryRows(), eventRows(), outboxRows(), readRows()]).toEqual(afterFirst);
    expect(logRows().slice(3).map((row) => [row.kind, row.removed, row.refs])).toEqual([
      ['contact', 0, ''],
      ['enquiry', 0, ''],
      ['read-audit', 0, ''],
    ]);
    // A day later the hourly check runs it again, and Bryn's, closed a year and an hour before, is due now.
    at('2025-06-02T11:00:01Z');
    expect(backend.retention.runIfDue()?.removed.contact).toEqual({ count: 1, refs: [closedRecent.reference] });
    expect(byRef(enquiryRows()).get(closedRecent.reference)!.contact_name).toBeNull();
    expect(byRef(enquiryRows()).get(referred.reference)!.contact_name).toBe('Dilys');
  });

  it('an administrator changing a period moves the boundary', async () => {
    await call('auth:signIn', STAFF);
    const a = await enquiry('2024-01-05T09:00:00Z', 'Alys', 'closed', '2024-03-01T10:00:00Z');
    const b = await enquiry('2024-01-06T09:00:00Z', 'Bethan', 'closed', '2024-09-01T10:00:00Z');
    at('2025-06-01T10:00:00Z');
    backend.retention.runNow();
    const held = () => new Map(enquiryRows().map((row) => [row.reference, row.contact_name]));
    expect(held()).toEqual(new Map([[a.reference, null], [b.reference, 'Bethan']]));

    await call('auth:signIn', ADMIN, ADMIN_SCREEN);
    await call('settings:update', { retentionContactMonths: 6 }, ADMIN_SCREEN);
    backend.retention.runNow();
    expect(held()).toEqual(new Map([[a.reference, null], [b.reference, null]]));
    // Never 0: a period of nothing is refused.
    await call('auth:signIn', ADMIN, ADMIN_SCREEN);
    const zero = await backend.dispatch('settings:update', { retentionContactMonths: 0 }, ADMIN_SCREEN);
    expect(zero.ok).toBe(false);
  });
});
