/**
 * The audit of reads (issue 9, part 5) on a real backend and SQLite file, on an injected clock:
 * opening an enquiry notes who, when and which; a resident checking a reference notes nothing; an
 * administrator's export holds exactly the reads in the period asked, and never the personal data;
 * nobody else may export; a read that cannot be noted (a read-only copy) gives nothing out.
 */
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, DATABASE_FILE, type Backend } from '../../electron/backend/backend';
import { openDatabase, type Database } from '../../db';
import type { ChannelName, InputOf, ValueOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import type { ExportFile } from '../../shared/forums/model';
import type { LogEnquiryInput } from '../../shared/enquiries/model';
import { makeTempDir } from '../support/tempDir';
import { damageTable } from '../support/damage';
import { ADMIN, CHAIR, STAFF, copyOfKiosk, staffedKioskTemplate } from '../support/kiosk';

const KIOSK = 'kiosk-screen';
const DESK = 'desk-screen';
const ADMIN_SCREEN = 'admin-screen';
const CHAIR_SCREEN = 'chair-screen';

let template: ReturnType<typeof makeTempDir>;
let dir: ReturnType<typeof makeTempDir>;
let clock: number;
let backend: Backend;
const now = () => new Date(clock);
const open = () => createBackend({ dataDir: dir.path, now, sync: { autoStart: false }, autoBackup: false, log: () => {} });

beforeAll(async () => {
  template = await staffedKioskTemplate();
});
afterAll(() => template.remove());

beforeEach(() => {
  dir = copyOfKiosk(template);
  clock = Date.parse('2026-11-20T09:00:00Z');
  backend = open();
});
afterEach(() => {
  backend.close();
  dir.remove();
});

async function call<C extends ChannelName>(channel: C, input: InputOf<C>, caller: string, on: Backend = backend): Promise<ValueOf<C>> {
  const result = await on.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ValueOf<C>;
}

async function refusal(channel: ChannelName, input: unknown, caller: string, on: Backend = backend): Promise<AppError> {
  const result = await on.dispatch(channel, input, caller);
  if (result.ok) throw new Error(`${channel} succeeded: ${JSON.stringify(result.value)}`);
  return result.error;
}

async function signIn(caller: string, account: { username: string; pin: string }, on: Backend = backend) {
  return call('auth:signIn', account, caller, on);
}

function inDatabase<T>(read: (db: Database) => T): T {
  const db = openDatabase(backend.databasePath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

interface AuditRow {
  at: string;
  staff_id: string;
  username: string;
  role: string;
  channel: string;
  enquiry_id: string | null;
  reference: string | null;
  enquiries: number;
  detail: string | null;
}

const auditRows = () => inDatabase((db) => db.prepare('SELECT at, staff_id, username, role, channel, enquiry_id, reference, enquiries, detail FROM read_audit ORDER BY id').all() as AuditRow[]);

/** Every cell of the audit table as one text, to look for personal data in it. */
const auditText = () => JSON.stringify(inDatabase((db) => db.prepare('SELECT * FROM read_audit').all()));

const JANE = { name: 'Jane Whitmore', phone: '07700 900123', email: 'jane.whitmore@example.org', purpose: 'follow-up' } as const;
const PRIVATE_DETAILS = 'Lives alone since her husband died; struggles with the stairs';

const LOGGED: LogEnquiryInput = {
  channel: 'desk',
  topicId: 'bin-collection',
  location: '14 Mill Lane',
  summary: 'Assisted bin collection missed again',
  details: PRIVATE_DETAILS,
  contact: JANE,
  status: 'new',
};

/** What must never be in the audit log or its export: the resident's contact details and private details. */
const PERSONAL = [JANE.name, JANE.phone, JANE.email, PRIVATE_DETAILS, 'Whitmore', '900123'];

function textOf(file: ExportFile): string {
  return Buffer.from(file.base64, 'base64').toString('utf8');
}

const exportAs = (input: InputOf<'audit:export'>, caller = ADMIN_SCREEN) => call('audit:export', input, caller);

describe('reads are audited', () => {
  it('opening an enquiry notes who opened which, and when; never the data it showed', async () => {
    const { staffId } = await signIn(DESK, STAFF);
    const logged = await call('enquiries:log', LOGGED, DESK);
    expect(logged.contact).toMatchObject({ name: JANE.name });

    clock = Date.parse('2026-11-20T10:15:00Z');
    const { staffId: adminId } = await signIn(ADMIN_SCREEN, ADMIN);
    const opened = await call('enquiries:get', { id: logged.id }, ADMIN_SCREEN);
    expect(opened.details).toBe(PRIVATE_DETAILS);
    expect(auditRows()).toEqual([
      // The log's answer is the whole enquiry, contact details and all: that is a read too.
      { at: '2026-11-20T09:00:00.000Z', staff_id: staffId, username: STAFF.username, role: 'staff', channel: 'enquiries:log', enquiry_id: logged.id, reference: logged.reference, enquiries: 1, detail: null },
      { at: '2026-11-20T10:15:00.000Z', staff_id: adminId, username: ADMIN.username, role: 'admin', channel: 'enquiries:get', enquiry_id: logged.id, reference: logged.reference, enquiries: 1, detail: null },
    ]);

    // Changing its status answers with the enquiry again: noted as well.
    clock = Date.parse('2026-11-20T11:00:00Z');
    await signIn(DESK, STAFF);
    await call('enquiries:setStatus', { id: logged.id, version: opened.version, status: 'referred', outcome: '', note: '' }, DESK);
    expect(auditRows().at(-1)).toMatchObject({ at: '2026-11-20T11:00:00.000Z', username: STAFF.username, channel: 'enquiries:setStatus', enquiry_id: logged.id });

    const text = auditText();
    for (const personal of PERSONAL) expect(text).not.toContain(personal);
  });

  it('an enquiry that is not there notes nothing: nothing was opened', async () => {
    await signIn(DESK, STAFF);
    const logged = await call('enquiries:log', LOGGED, DESK);
    const before = auditRows().length;
    expect(await refusal('enquiries:get', { id: '00000000-0000-4000-8000-000000000000' }, DESK)).toMatchObject({ code: 'enquiry/not-found' });
    expect(auditRows().length).toBe(before);
    expect(auditRows().map((row) => row.reference)).toEqual([logged.reference]);
  });

  it('a text search of the list is one note with the references it showed, never the words searched; a plain list is not a read of private data', async () => {
    await signIn(DESK, STAFF);
    const first = await call('enquiries:log', LOGGED, DESK);
    const second = await call('enquiries:log', { ...LOGGED, location: '16 Mill Lane', contact: null }, DESK);
    await call('enquiries:log', { ...LOGGED, summary: 'Streetlight out by the school', topicId: 'street-lights', details: '', contact: null }, DESK);
    const before = auditRows().length;

    await call('enquiries:list', { filter: {}, offset: 0, limit: 50 }, DESK);
    expect(auditRows().length).toBe(before);

    // The search reaches private details: "stairs" is only in them.
    const page = await call('enquiries:list', { filter: { text: 'stairs' }, offset: 0, limit: 50 }, DESK);
    expect(page.rows.map((row) => row.reference).sort()).toEqual([first.reference, second.reference].sort());
    const row = auditRows().at(-1)!;
    expect(row).toMatchObject({ channel: 'enquiries:list', username: STAFF.username, enquiry_id: null, enquiries: 2 });
    expect(row.detail!.split(' ').sort()).toEqual([first.reference, second.reference].sort());
    expect(auditText()).not.toContain('stairs');
  });

  it('a resident raising an issue and checking it by reference, not signed in, notes nothing', async () => {
    const receipt = await call('enquiries:raise', { topicId: 'roads', location: 'Church Street', summary: 'Deep pothole by the bus stop', contact: { name: JANE.name, phone: JANE.phone, email: '', purpose: 'follow-up' } }, KIOSK);
    const status = await call('enquiries:check', { reference: receipt.reference }, KIOSK);
    expect(status.reference).toBe(receipt.reference);
    expect(auditRows()).toEqual([]);
  });
});

describe('the export of the audit', () => {
  /** Staff open enquiries on several days; London days (summer time) decide what is in a period. */
  async function readOnDays(): Promise<{ reference: string; at: string }[]> {
    await signIn(DESK, STAFF);
    clock = Date.parse('2026-06-30T08:00:00Z');
    const logged = await call('enquiries:log', LOGGED, DESK);
    const reads: { reference: string; at: string }[] = [{ reference: logged.reference, at: new Date(clock).toISOString() }];
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    for (const at of ['2026-07-01T10:00:00Z', '2026-07-01T23:30:00Z', '2026-07-02T12:00:00Z', '2026-07-03T22:59:59Z', '2026-07-03T23:00:00Z']) {
      clock = Date.parse(at);
      // Staff sessions end after a while idle: sign in again, as the desk would.
      await signIn(DESK, STAFF);
      await call('enquiries:get', { id: logged.id }, DESK);
      reads.push({ reference: logged.reference, at: new Date(clock).toISOString() });
    }
    clock = Date.parse('2026-07-10T09:00:00Z');
    await signIn(ADMIN_SCREEN, ADMIN);
    return reads;
  }

  it('CSV: exactly the reads in the period (London days, both ends), parseable, with no contact data', async () => {
    await readOnDays();
    const file = await exportAs({ from: '2026-07-02', to: '2026-07-03', format: 'csv' });
    expect(file).toMatchObject({ fileName: 'read-audit-2026-07-02-to-2026-07-03.csv', mimeType: 'text/csv; charset=utf-8' });
    const text = textOf(file);
    expect(text.startsWith('\ufeff')).toBe(true);
    const records = parse<Record<string, string>>(text, { bom: true, columns: true });
    expect(records.map((r) => [r.at, r.channel, r.username, r.role])).toEqual([
      ['2026-07-01T23:30:00.000Z', 'enquiries:get', STAFF.username, 'staff'],
      ['2026-07-02T12:00:00.000Z', 'enquiries:get', STAFF.username, 'staff'],
      ['2026-07-03T22:59:59.000Z', 'enquiries:get', STAFF.username, 'staff'],
    ]);
    expect(Object.keys(records[0]!)).toEqual(['at', 'username', 'role', 'staffId', 'channel', 'reference', 'enquiryId', 'enquiries', 'detail']);
    for (const personal of [...PERSONAL, LOGGED.summary, LOGGED.location]) expect(text).not.toContain(personal);
  });

  it('JSON: the same rows; open ends take everything before or after', async () => {
    const reads = await readOnDays();
    const all = JSON.parse(textOf(await exportAs({ format: 'json' }))) as { reads: { at: string; reference: string; channel: string }[] };
    expect(all.reads.map((r) => [r.at, r.reference])).toEqual(reads.map((r) => [r.at, r.reference]));
    const untilFirst = JSON.parse(textOf(await exportAs({ to: '2026-07-01', format: 'json' }))) as typeof all;
    expect(untilFirst.reads.map((r) => r.at)).toEqual(['2026-06-30T08:00:00.000Z', '2026-07-01T10:00:00.000Z']);
    const fromFourth = await exportAs({ from: '2026-07-04', format: 'json' });
    expect(fromFourth.fileName).toBe('read-audit-from-2026-07-04.json');
    expect((JSON.parse(textOf(fromFourth)) as typeof all).reads.map((r) => r.at)).toEqual(['2026-07-03T23:00:00.000Z']);
  });

  it('only an administrator may export; bad dates are refused field by field', async () => {
    await readOnDays();
    await signIn(DESK, STAFF);
    await signIn(CHAIR_SCREEN, CHAIR);
    expect(await refusal('audit:export', { format: 'csv' }, DESK)).toMatchObject({ code: 'auth/forbidden' });
    expect(await refusal('audit:export', { format: 'csv' }, CHAIR_SCREEN)).toMatchObject({ code: 'auth/forbidden' });
    expect(await refusal('audit:export', { format: 'csv' }, KIOSK)).toMatchObject({ code: 'auth/required' });
    expect(await refusal('audit:export', { from: '2150-01-01', format: 'csv' }, ADMIN_SCREEN)).toMatchObject({ code: 'input/invalid', fields: { from: { code: 'format' } } });
    expect(await refusal('audit:export', { from: '2026-07-03', to: '2026-07-02', format: 'csv' }, ADMIN_SCREEN)).toMatchObject({ code: 'input/invalid', fields: { to: { code: 'order' } } });
    expect(await refusal('audit:export', { to: '2026-02-30', format: 'json' }, ADMIN_SCREEN)).toMatchObject({ code: 'input/invalid', fields: { to: { code: 'format' } } });
  });
});


describe('a read that cannot be noted', () => {
  it('on a read-only copy (damaged file, opened from its backup) the enquiry is refused with the storage error, and nothing personal is given', async () => {
    await signIn(DESK, STAFF);
    const logged = await call('enquiries:log', LOGGED, DESK);
    await signIn(ADMIN_SCREEN, ADMIN);
    await call('storage:backup', undefined, ADMIN_SCREEN);
    backend.close();
    damageTable(join(dir.path, DATABASE_FILE), 'services');

    backend = open();
    expect(backend.storageStatus().problem).toMatchObject({ kind: 'corrupt', readOnlyCopyOf: 'backup' });
    await signIn(DESK, STAFF);
    // The copy still reads: the plain list (publishable fields only) is shown.
    expect((await call('enquiries:list', { filter: {}, offset: 0, limit: 50 }, DESK)).rows.map((r) => r.reference)).toEqual([logged.reference]);
    const refused = await backend.dispatch('enquiries:get', { id: logged.id }, DESK);
    expect(refused).toMatchObject({ ok: false, error: { code: 'storage/corrupt' } });
    expect(Object.keys(refused)).toEqual(['ok', 'error']);
    expect(JSON.stringify(refused)).not.toContain(JANE.phone);
    expect(await refusal('enquiries:list', { filter: { text: 'stairs' }, offset: 0, limit: 50 }, DESK)).toMatchObject({ code: 'storage/corrupt' });
  });
});
