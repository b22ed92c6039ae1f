import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { openDatabase, type Database } from '../../db';
import type { ChannelName, InputOf, ValueOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import type { EnquiryDetail, EnquiryStatus, EnquirySyncData, RaiseIssueInput, LogEnquiryInput } from '../../shared/enquiries/model';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, CHAIR, RUGELEY_SETUP, STAFF, setUpKiosk, staffedKioskTemplate, copyOfKiosk } from '../support/kiosk';

const DAY = 86_400_000;
const KIOSK = 'kiosk-screen';
const DESK = 'desk-screen';


let template: ReturnType<typeof makeTempDir>;
let dir: ReturnType<typeof makeTempDir>;
let clock: number;
let backend: Backend;
let logged: unknown[];
const now = () => new Date(clock);
const open = (dataDir: string = dir.path) => createBackend({ dataDir, now, log: (_message, error) => logged.push(error) });

beforeAll(async () => {
  template = await staffedKioskTemplate();
});
afterAll(() => template.remove());

beforeEach(() => {
  dir = copyOfKiosk(template);
  clock = Date.parse('2026-11-23T09:00:00Z');
  logged = [];
  backend = open();
});
afterEach(() => {
  backend.close();
  dir.remove();
});

/** Calls a channel that must succeed, and gives its value. */
async function call<C extends ChannelName>(channel: C, input: InputOf<C>, caller: string = DESK, on: Backend = backend): Promise<ValueOf<C>> {
  const result = await on.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ValueOf<C>;
}

/** Calls a channel that must fail, and gives its error. */
async function refusal(channel: string, input: unknown, caller: string = DESK): Promise<AppError> {
  const result = await backend.dispatch(channel, input, caller);
  if (result.ok) throw new Error(`${channel} succeeded: ${JSON.stringify(result.value)}`);
  return result.error;
}

async function signIn(caller: string = DESK, username: string = ADMIN.username, pin: string = ADMIN.pin) {
  return call('auth:signIn', { username, pin }, caller);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Reads the backend's database file through a second, read-only connection. */
function inDatabase<T>(read: (db: Database) => T): T {
  const db = openDatabase(backend.databasePath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const count = (table: string) => inDatabase((db) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

/** The status a resident's issue starts in: new, until the desk has looked at it. */
const RAISED: EnquiryStatus = 'new';

const ISSUE: RaiseIssueInput = {
  topicId: 'roads',
  location: '12 Church Street',
  summary: 'Deep pothole by the bus stop',
  contact: null,
};

const raise = (input: Partial<RaiseIssueInput> = {}, on: Backend = backend) => call('enquiries:raise', { ...ISSUE, ...input }, KIOSK, on);

const LOGGED: LogEnquiryInput = {
  channel: 'desk',
  topicId: 'bin-collection',
  location: 'Mill Lane',
  summary: 'Bins missed three weeks running',
  details: '',
  contact: null,
  status: 'new',
};

const logEnquiry = (input: Partial<LogEnquiryInput> = {}) => call('enquiries:log', { ...LOGGED, ...input });

const get = (id: string) => call('enquiries:get', { id });

async function setStatus(detail: Pick<EnquiryDetail, 'id' | 'version'>, status: EnquiryStatus, extra: { outcome?: string; note?: string } = {}) {
  return call('enquiries:setStatus', { id: detail.id, version: detail.version, status, outcome: extra.outcome ?? '', note: extra.note ?? '' });
}

interface EventRow {
  version: number;
  action: string;
  from_status: string | null;
  to_status: string | null;
  detail: string | null;
  actor_id: string | null;
  actor_name: string | null;
  at: string;
}

const eventsOf = (id: string) =>
  inDatabase((db) => db.prepare('SELECT * FROM enquiry_events WHERE enquiry_id = ? ORDER BY id').all(id) as EventRow[]);

const outboxOf = (id: string) =>
  inDatabase((db) =>
    (db.prepare("SELECT version, payload FROM outbox WHERE entity = 'enquiry' AND entity_id = ? ORDER BY seq").all(id) as { version: number; payload: string }[]).map(
      (row) => ({ version: row.version, data: JSON.parse(row.payload) as EnquirySyncData }),
    ),
  );

describe('residents raise an issue and check it by reference', () => {
  it('answers with a receipt once saved, numbering this device’s references in order', async () => {
    const first = await raise();
    expect(first.id).toMatch(UUID);
    expect(first).toEqual({
      id: first.id,
      reference: 'RUG-K2-000001',
      forumName: 'Rugeley Community Forum',
      createdAt: '2026-11-23T09:00:00.000Z',
    });
    const second = await raise({ topicId: 'antisocial-behaviour', location: 'Elmore Park', summary: 'Youths on the bandstand roof' });
    expect(second.reference).toBe('RUG-K2-000002');
    expect(second.id).not.toBe(first.id);

    const rows = inDatabase((db) => db.prepare('SELECT * FROM enquiries ORDER BY reference').all()) as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      id: first.id,
      reference: 'RUG-K2-000001',
      unit_id: 'rugeley',
      forum_id: 'rugeley',
      device_code: 'K2',
      topic_id: 'roads',
      body: 'county',
      channel: 'kiosk',
      status: RAISED,
      street_key: 'church street',
      details: '',
      version: 1,
      merged_into: null,
      contact_phone: null,
    });
    // Anti-social behaviour belongs first to the district council.
    expect(rows[1]).toMatchObject({ topic_id: 'antisocial-behaviour', body: 'district', street_key: 'elmore park' });
    expect(eventsOf(first.id)).toEqual([
      expect.objectContaining({ version: 1, action: 'created', from_status: null, to_status: RAISED, actor_id: null, actor_name: null }),
    ]);

    // The counter is on disk with the enquiries: a restart goes on from where it was.
    backend.close();
    backend = open();
    expect((await raise()).reference).toBe('RUG-K2-000003');
  });

  it('finds an issue by its reference however it is typed, and shows nothing personal', async () => {
    const receipt = await raise({
      summary: 'Pothole outside number 12, my car tyre burst',
      contact: { name: 'Pat Resident', phone: '01889 256000', email: 'pat@example.org', purpose: 'follow-up' },
    });
    for (const typed of ['RUG-K2-000001', 'rug-k2-000001', ' Rug K2 000001 ', 'rug.k2.000001', 'RUGK2000001', 'rugk2000001']) {
      const status = await call('enquiries:check', { reference: typed }, KIOSK);
      expect(status, typed).toEqual({
        reference: 'RUG-K2-000001',
        topicId: 'roads',
        body: 'county',
        status: RAISED,
        outcome: null,
        forumName: 'Rugeley Community Forum',
        raisedAt: receipt.createdAt,
        updatedAt: receipt.createdAt,
      });
      expect(Object.keys(status).sort()).toEqual(['body', 'forumName', 'outcome', 'raisedAt', 'reference', 'status', 'topicId', 'updatedAt']);
      const text = JSON.stringify(status);
      for (const secret of ['Pothole', 'Church', 'Pat', '01889', 'pat@example.org', receipt.id]) expect(text).not.toContain(secret);
    }
  });

  it('answers a reference that does not exist, or cannot be one, without running a query for junk', async () => {
    await raise();
    expect(await refusal('enquiries:check', { reference: 'RUG-K2-000002' }, KIOSK)).toMatchObject({ code: 'enquiry/not-found' });
    expect(await refusal('enquiries:check', { reference: 'RUG-K1-000001' }, KIOSK)).toMatchObject({ code: 'enquiry/not-found' });
    expect(await refusal('enquiries:check', { reference: 'my pothole' }, KIOSK)).toMatchObject({
      code: 'input/invalid',
      fields: { reference: { code: 'format' } },
    });
    expect(await refusal('enquiries:check', { reference: '  ' }, KIOSK)).toMatchObject({
      code: 'input/invalid',
      fields: { reference: { code: 'required' } },
    });
  });

  it('keeps contact details with the time consent was given, and the language used, for staff only', async () => {
    const receipt = await raise({
      language: 'ur',
      contact: { name: ' Pat\u0000 Resident ', phone: '', email: 'pat@example.org', purpose: 'follow-up' },
    });
    await signIn();
    const detail = await get(receipt.id);
    expect(detail).toMatchObject({
      reference: receipt.reference,
      language: 'ur',
      contact: { name: 'Pat Resident', phone: '', email: 'pat@example.org', purpose: 'follow-up', consentAt: receipt.createdAt },
    });
    const row = inDatabase((db) => db.prepare('SELECT contact_name, contact_phone, contact_email, contact_purpose, contact_consent_at FROM enquiries').get());
    expect(row).toEqual({
      contact_name: 'Pat Resident',
      contact_phone: null,
      contact_email: 'pat@example.org',
      contact_purpose: 'follow-up',
      contact_consent_at: receipt.createdAt,
    });
  });

  it('cannot raise an issue before the kiosk is set up', async () => {
    const other = makeTempDir();
    const fresh = open(other.path);
    try {
      const result = await fresh.dispatch('enquiries:raise', ISSUE, KIOSK);
      expect(result).toMatchObject({ ok: false, error: { code: 'kiosk/not-configured' } });
    } finally {
      fresh.close();
      other.remove();
    }
  });
});

describe('an enquiry’s lifecycle', () => {
  let adminId: string;
  beforeEach(async () => {
    adminId = (await signIn()).staffId;
  });

  it('moves through valid steps, one version, one audit row and one outbox row per change', async () => {
    let detail = await logEnquiry({ channel: 'phone', details: 'Caller says\nthe whole street was missed' });
    expect(detail).toMatchObject({ reference: 'RUG-K2-000001', version: 1, status: 'new', channel: 'phone', body: 'district', outcome: null });
    const created = detail.createdAt;

    const steps: { status: EnquiryStatus; outcome?: string; note?: string; expectOutcome: string | null }[] = [
      { status: 'referred', note: 'Passed to waste services', expectOutcome: null },
      { status: 'for-forum', expectOutcome: null },
      { status: 'on-agenda', expectOutcome: null },
      { status: 'outcome-recorded', outcome: 'Collections moved to Tuesdays from March', expectOutcome: 'Collections moved to Tuesdays from March' },
      // An outcome stays when the next step says nothing new.
      { status: 'closed', expectOutcome: 'Collections moved to Tuesdays from March' },
      // Reopening starts again: the old outcome no longer stands.
      { status: 'new', expectOutcome: null },
    ];
    for (const [i, step] of steps.entries()) {
      clock += 60_000;
      const before = detail.version;
      detail = await setStatus(detail, step.status, step);
      expect(detail, step.status).toMatchObject({
        version: before + 1,
        status: step.status,
        outcome: step.expectOutcome,
        updatedAt: new Date(clock).toISOString(),
        createdAt: created,
      });
      expect(detail.history, step.status).toHaveLength(i + 2);
    }

    const events = eventsOf(detail.id);
    expect(events.map((e) => [e.version, e.action, e.from_status, e.to_status])).toEqual([
      [1, 'created', null, 'new'],
      [2, 'status', 'new', 'referred'],
      [3, 'status', 'referred', 'for-forum'],
      [4, 'status', 'for-forum', 'on-agenda'],
      [5, 'status', 'on-agenda', 'outcome-recorded'],
      [6, 'status', 'outcome-recorded', 'closed'],
      [7, 'status', 'closed', 'new'],
    ]);
    for (const event of events) expect(event).toMatchObject({ actor_name: ADMIN.displayName, actor_id: adminId });
    expect(events[1]!.detail).toBe('Passed to waste services');
    expect(events.map((e) => e.at)).toEqual(events.map((_, i) => new Date(Date.parse(created) + i * 60_000).toISOString()));
    expect(detail.history.map((h) => [h.version, h.action, h.fromStatus, h.toStatus, h.actorName])).toEqual(
      events.map((e) => [e.version, e.action, e.from_status, e.to_status, e.actor_name]),
    );

    const outbox = outboxOf(detail.id);
    expect(outbox.map((o) => o.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const statuses = ['new', ...steps.map((s) => s.status)];
    const outcomes = [null, ...steps.map((s) => s.expectOutcome)];
    for (const [i, { data }] of outbox.entries()) {
      expect(data, `version ${i + 1}`).toMatchObject({
        reference: 'RUG-K2-000001',
        unitId: 'rugeley',
        forumId: 'rugeley',
        deviceCode: 'K2',
        topic: 'bin-collection',
        summary: 'Bins missed three weeks running',
        details: 'Caller says\nthe whole street was missed',
        channel: 'phone',
        createdAt: created,
        status: statuses[i],
        outcome: outcomes[i],
        updatedAt: new Date(Date.parse(created) + i * 60_000).toISOString(),
      });
    }
  });

  it('refuses a step the lifecycle does not allow, and writes nothing', async () => {
    const detail = await logEnquiry();
    expect(await refusal('enquiries:setStatus', { id: detail.id, version: 1, status: 'on-agenda', outcome: '', note: '' })).toMatchObject({
      code: 'enquiry/transition',
    });
    expect(await refusal('enquiries:setStatus', { id: detail.id, version: 1, status: 'new', outcome: '', note: '' })).toMatchObject({
      code: 'enquiry/transition',
    });
    expect(await get(detail.id)).toMatchObject({ version: 1, status: 'new' });
    expect(eventsOf(detail.id)).toHaveLength(1);
    expect(outboxOf(detail.id)).toHaveLength(1);
  });

  it('refuses a change made on an out-of-date copy, so two desks cannot overwrite each other', async () => {
    await signIn('second-desk');
    const opened = await logEnquiry();
    const byFirst = await setStatus(opened, 'referred');
    expect(byFirst.version).toBe(2);
    // The second desk still shows version 1.
    expect(await refusal('enquiries:setStatus', { id: opened.id, version: 1, status: 'closed', outcome: 'Sorted', note: '' }, 'second-desk')).toMatchObject({
      code: 'enquiry/changed',
    });
    expect(await refusal('enquiries:route', { id: opened.id, version: 1, body: 'county' }, 'second-desk')).toMatchObject({ code: 'enquiry/changed' });
    expect(await refusal('enquiries:setStatus', { id: opened.id, version: 3, status: 'closed', outcome: '', note: '' })).toMatchObject({
      code: 'enquiry/changed',
    });
    expect(await get(opened.id)).toMatchObject({ version: 2, status: 'referred', body: 'district', outcome: null });
    expect(eventsOf(opened.id)).toHaveLength(2);
    expect(outboxOf(opened.id)).toHaveLength(2);
  });

  it('answers not-found for an id that is not there', async () => {
    const id = randomUUID();
    expect(await refusal('enquiries:get', { id })).toMatchObject({ code: 'enquiry/not-found' });
    expect(await refusal('enquiries:setStatus', { id, version: 1, status: 'closed', outcome: '', note: '' })).toMatchObject({ code: 'enquiry/not-found' });
  });

  it('shows residents the outcome staff wrote, never the staff note', async () => {
    const receipt = await raise();
    let detail = await get(receipt.id);
    detail = await setStatus(detail, 'for-forum');
    detail = await setStatus(detail, 'on-agenda', { note: 'Chair wants photos' });
    detail = await setStatus(detail, 'outcome-recorded', { outcome: 'Highways will resurface the street in May', note: 'Councillor Patel to chase' });
    const status = await call('enquiries:check', { reference: receipt.reference }, KIOSK);
    expect(status).toMatchObject({ status: 'outcome-recorded', outcome: 'Highways will resurface the street in May', updatedAt: detail.updatedAt });
    expect(JSON.stringify(status)).not.toMatch(/Chair|Patel/);
  });
});

describe('the outbox is written in the same transaction as the change', () => {
  const TRIGGER = "CREATE TRIGGER outbox_refuses BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox refused'); END";

  function withSecondConnection(sql: string): void {
    const db = openDatabase(backend.databasePath);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  }

  it('a new enquiry whose outbox row fails leaves no enquiry, no audit row and no used reference', async () => {
    withSecondConnection(TRIGGER);
    expect(await refusal('enquiries:raise', ISSUE, KIOSK)).toMatchObject({ code: 'internal' });
    expect(String(logged[0])).toContain('outbox refused');
    expect(count('enquiries')).toBe(0);
    expect(count('enquiry_events')).toBe(0);
    expect(count('outbox')).toBe(0);
    expect(count('reference_counters')).toBe(0);
    expect(inDatabase((db) => db.prepare("SELECT count(*) AS n FROM enquiry_search WHERE enquiry_search MATCH 'pothole'").get())).toEqual({ n: 0 });

    withSecondConnection('DROP TRIGGER outbox_refuses');
    expect((await raise()).reference).toBe('RUG-K2-000001');
    expect(count('enquiries')).toBe(1);
    expect(count('outbox')).toBe(1);
  });

  it('a status change whose outbox row fails leaves the enquiry as it was', async () => {
    const receipt = await raise();
    await signIn();
    withSecondConnection(TRIGGER);
    expect(await refusal('enquiries:setStatus', { id: receipt.id, version: 1, status: 'for-forum', outcome: '', note: '' })).toMatchObject({
      code: 'internal',
    });
    withSecondConnection('DROP TRIGGER outbox_refuses');
    expect(await get(receipt.id)).toMatchObject({ version: 1, status: RAISED });
    expect(count('outbox')).toBe(1);
    expect(eventsOf(receipt.id)).toHaveLength(1);
    // The same change goes through once the outbox takes rows again.
    expect(await setStatus({ id: receipt.id, version: 1 }, 'for-forum')).toMatchObject({ version: 2, status: 'for-forum' });
  });
});

describe('references across the devices of one unit', () => {
  it('two kiosks of a unit never hand out the same reference', async () => {
    const other = makeTempDir();
    const k1 = open(other.path);
    try {
      await setUpKiosk(k1, { ...RUGELEY_SETUP, deviceCode: 'K1' });
      const references: { device: string; reference: string }[] = [];
      for (let i = 0; i < 200; i++) {
        references.push({ device: 'K1', reference: (await raise({}, k1)).reference });
        references.push({ device: 'K2', reference: (await raise()).reference });
      }
      expect(new Set(references.map((r) => r.reference)).size).toBe(400);
      for (const { device, reference } of references) expect(reference).toMatch(new RegExp(`^RUG-${device}-\\d{6}$`));
      const k1Sequences = references.filter((r) => r.device === 'K1').map((r) => Number(r.reference.slice(-6)));
      expect(k1Sequences).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(references.at(-1)!.reference).toBe('RUG-K2-000200');
    } finally {
      k1.close();
      other.remove();
    }
  });
});

describe('routing and merging', () => {
  beforeEach(() => signIn());

  it('routes an enquiry to another body, with an audit row and an outbox row', async () => {
    const receipt = await raise();
    clock += 60_000;
    const routed = await call('enquiries:route', { id: receipt.id, version: 1, body: 'district' });
    expect(routed).toMatchObject({ body: 'district', version: 2, status: RAISED, updatedAt: new Date(clock).toISOString() });
    expect(routed.history.at(-1)).toMatchObject({ version: 2, action: 'routed', detail: 'district', actorName: ADMIN.displayName, fromStatus: null });
    expect(outboxOf(receipt.id).map((o) => [o.version, o.data.body])).toEqual([
      [1, 'county'],
      [2, 'district'],
    ]);
    expect(await call('enquiries:check', { reference: receipt.reference }, KIOSK)).toMatchObject({ body: 'district' });

    // Routing to the body it already has changes nothing.
    const again = await call('enquiries:route', { id: receipt.id, version: 2, body: 'district' });
    expect(again.version).toBe(2);
    expect(eventsOf(receipt.id)).toHaveLength(2);
    expect(outboxOf(receipt.id)).toHaveLength(2);
  });

  it('merges a duplicate: it keeps its reference and follows the other’s status and outcome', async () => {
    const first = await raise({ location: 'Church Street', summary: 'Pothole by the bus stop' });
    clock += 60_000;
    const duplicate = await raise({ location: '14 Church St.', summary: 'Big hole in the road near the shelter' });
    expect((await get(duplicate.id)).similar.map((s) => s.id)).toEqual([first.id]);

    clock += 60_000;
    await setStatus({ id: first.id, version: 1 }, 'for-forum');
    clock += 60_000;
    let target = await call('enquiries:merge', { id: duplicate.id, version: 1, into: first.id });
    expect(target).toMatchObject({ id: first.id, version: 2, status: 'for-forum', merged: [{ id: duplicate.id, reference: duplicate.reference, createdAt: duplicate.createdAt }] });
    expect(target.history.at(-1)).toMatchObject({ action: 'merged-in', detail: duplicate.reference, actorName: ADMIN.displayName });
    // A merged duplicate is no longer offered as similar.
    expect(target.similar).toEqual([]);

    let merged = await get(duplicate.id);
    // Merged, the duplicate takes the status of the enquiry it joined.
    expect(merged).toMatchObject({ mergedInto: first.id, version: 2, status: 'for-forum', similar: [] });
    expect(merged.history.at(-1)).toMatchObject({ version: 2, action: 'merged', fromStatus: RAISED, toStatus: 'for-forum', detail: first.reference });

    // The duplicate cannot be moved on its own.
    expect(await refusal('enquiries:setStatus', { id: duplicate.id, version: 2, status: 'on-agenda', outcome: '', note: '' })).toMatchObject({
      code: 'enquiry/merged',
    });
    expect(await refusal('enquiries:merge', { id: duplicate.id, version: 2, into: first.id })).toMatchObject({ code: 'enquiry/merged' });
    expect(await refusal('enquiries:merge', { id: first.id, version: 2, into: duplicate.id })).toMatchObject({ code: 'enquiry/merged' });

    clock += 60_000;
    target = await setStatus(target, 'on-agenda');
    clock += 60_000;
    target = await setStatus(target, 'outcome-recorded', { outcome: 'Resurfacing booked for May' });
    merged = await get(duplicate.id);
    expect(merged).toMatchObject({ status: 'outcome-recorded', outcome: 'Resurfacing booked for May', version: 4, updatedAt: target.updatedAt });
    expect(merged.history.slice(-2).map((h) => [h.action, h.fromStatus, h.toStatus, h.detail])).toEqual([
      ['status', 'for-forum', 'on-agenda', first.reference],
      ['status', 'on-agenda', 'outcome-recorded', first.reference],
    ]);
    expect(outboxOf(duplicate.id).map((o) => [o.version, o.data.status, o.data.mergedInto, o.data.outcome])).toEqual([
      [1, RAISED, null, null],
      [2, 'for-forum', first.id, null],
      [3, 'on-agenda', first.id, null],
      [4, 'outcome-recorded', first.id, 'Resurfacing booked for May'],
    ]);

    // The resident who raised the duplicate sees what happened to the issue, by their own reference.
    expect(await call('enquiries:check', { reference: duplicate.reference.toLowerCase() }, KIOSK)).toMatchObject({
      reference: duplicate.reference,
      status: 'outcome-recorded',
      outcome: 'Resurfacing booked for May',
    });
  });

  it('a merged duplicate takes the enquiries merged into it along', async () => {
    const a = await raise({ summary: 'Pothole one' });
    const b = await raise({ summary: 'Pothole two' });
    const c = await raise({ summary: 'Pothole three' });
    await call('enquiries:merge', { id: c.id, version: 1, into: b.id });
    const result = await call('enquiries:merge', { id: b.id, version: 1, into: a.id });
    expect(result.merged.map((m) => m.id).sort()).toEqual([b.id, c.id].sort());
    expect(await get(c.id)).toMatchObject({ mergedInto: a.id, version: 3 });
    expect(await get(b.id)).toMatchObject({ mergedInto: a.id, version: 2, merged: [] });

    const closed = await setStatus(result, 'closed', { outcome: 'Repaired' });
    expect(closed.version).toBe(2);
    for (const id of [b.id, c.id]) expect(await get(id)).toMatchObject({ status: 'closed', outcome: 'Repaired' });
  });

  it('refuses a merge from an out-of-date copy of the duplicate', async () => {
    const a = await raise();
    const b = await raise();
    await setStatus({ id: b.id, version: 1 }, 'closed');
    expect(await refusal('enquiries:merge', { id: b.id, version: 1, into: a.id })).toMatchObject({ code: 'enquiry/changed' });
    expect(await refusal('enquiries:merge', { id: b.id, version: 2, into: randomUUID() })).toMatchObject({ code: 'enquiry/not-found' });
    expect(await get(b.id)).toMatchObject({ mergedInto: null, version: 2 });
  });
});

describe('the duplicate hint', () => {
  it('counts open enquiries on the same topic and street from the last 30 days only', async () => {
    const start = clock;
    const at = async (daysAgo: number, input: Partial<RaiseIssueInput>) => {
      clock = start - daysAgo * DAY;
      return raise(input);
    };
    await at(31, { location: 'Church Street' });
    const within = await at(29, { location: '3 church st' });
    await at(2, { location: 'Church Street', topicId: 'pavements' });
    await at(2, { location: 'Church Lane' });
    const toClose = await at(2, { location: 'Church Street' });
    const recent = await at(1, { location: 'Flat 2, 7a Church St.' });
    clock = start;
    await signIn();
    await setStatus({ id: toClose.id, version: 1 }, 'closed');

    const hint = await call('enquiries:similar', { topicId: 'roads', location: '14 Church Street' });
    expect(hint.count).toBe(2);
    expect(hint.rows.map((r) => r.id)).toEqual([within.id, recent.id]);
    expect(await call('enquiries:similar', { topicId: 'roads', location: 'church street', excludeId: recent.id })).toMatchObject({
      count: 1,
      rows: [{ id: within.id }],
    });
    expect(await call('enquiries:similar', { topicId: 'street-lights', location: 'Church Street' })).toEqual({ count: 0, rows: [] });
    expect((await get(recent.id)).similar.map((r) => r.id)).toEqual([within.id]);

    // Two days on, the 29-day-old one has left the window.
    clock += 2 * DAY;
    await signIn();
    expect(await call('enquiries:similar', { topicId: 'roads', location: 'Church Street' })).toMatchObject({ count: 1, rows: [{ id: recent.id }] });
    expect((await get(recent.id)).similar).toEqual([]);
  });

  it('finds nothing for a location with no street in it', async () => {
    await raise({ location: '12' });
    await raise({ location: '12' });
    await signIn();
    expect(await call('enquiries:similar', { topicId: 'roads', location: '12' })).toEqual({ count: 0, rows: [] });
  });
});

describe('the staff list', () => {
  /** Five enquiries either side of London midnights, in summer time and in winter; the last logged at the desk. */
  async function seed(): Promise<Record<'e1' | 'e2' | 'e3' | 'e4' | 'e5', string>> {
    clock = Date.parse('2026-07-01T22:30:00Z'); // London: 1 July, 23:30
    const e1 = await raise({ topicId: 'roads', location: 'Church Street', summary: 'Pothole outside the library' });
    clock = Date.parse('2026-07-01T23:30:00Z'); // London: 2 July, 00:30
    const e2 = await raise({ topicId: 'pavements', location: 'Café Row', summary: 'Broken paving slab by the bakery' });
    clock = Date.parse('2026-07-02T12:00:00Z');
    const e3 = await raise({ topicId: 'bin-collection', location: 'Market Square', summary: 'Overflowing bins behind the market' });
    clock = Date.parse('2026-07-03T09:00:00Z');
    const e4 = await raise({ topicId: 'roads', location: 'Mill Lane', summary: 'Street flooded after rain' });
    clock = Date.parse('2026-12-01T00:30:00Z'); // London (GMT): 1 December, 00:30
    await signIn();
    const e5 = await logEnquiry({
      topicId: 'antisocial-behaviour',
      body: 'police',
      status: 'referred',
      location: 'Elmore Park',
      summary: 'Youths gathering at the skate park',
      details: 'Most evenings after nine',
    });
    return { e1: e1.id, e2: e2.id, e3: e3.id, e4: e4.id, e5: e5.id };
  }

  it('filters by status, topic, body, unit and London dates, newest first, with the total', async () => {
    const e = await seed();
    const list = async (filter: InputOf<'enquiries:list'>['filter']) => {
      const page = await call('enquiries:list', { filter, offset: 0, limit: 50 });
      expect(page.total, JSON.stringify(filter)).toBe(page.rows.length);
      return page.rows.map((row) => Object.entries(e).find(([, id]) => id === row.id)?.[0]);
    };
    expect(await list({})).toEqual(['e5', 'e4', 'e3', 'e2', 'e1']);
    expect(await list({ status: RAISED })).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(await list({ status: 'referred' })).toEqual(['e5']);
    expect(await list({ status: 'closed' })).toEqual([]);
    expect(await list({ topicId: 'roads' })).toEqual(['e4', 'e1']);
    expect(await list({ body: 'police' })).toEqual(['e5']);
    expect(await list({ body: 'county' })).toEqual(['e4', 'e2', 'e1']);
    expect(await list({ unitId: 'rugeley' })).toEqual(['e5', 'e4', 'e3', 'e2', 'e1']);
    expect(await list({ unitId: 'cannock' })).toEqual([]);
    expect(await list({ from: '2026-07-01', to: '2026-07-01' })).toEqual(['e1']);
    expect(await list({ from: '2026-07-02', to: '2026-07-02' })).toEqual(['e3', 'e2']);
    expect(await list({ from: '2026-07-02' })).toEqual(['e5', 'e4', 'e3', 'e2']);
    expect(await list({ to: '2026-07-02' })).toEqual(['e3', 'e2', 'e1']);
    expect(await list({ from: '2026-12-01', to: '2026-12-01' })).toEqual(['e5']);
    expect(await list({ to: '2026-11-30' })).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(await list({ from: '2026-07-04', to: '2026-11-30' })).toEqual([]);
    expect(await list({ topicId: 'roads', from: '2026-07-02' })).toEqual(['e4']);
    expect(await list({ topicId: 'roads', to: '2026-07-01' })).toEqual(['e1']);
    expect(await list({ status: RAISED, body: 'county', from: '2026-07-02', to: '2026-07-02' })).toEqual(['e2']);

    const page = await call('enquiries:list', { filter: { topicId: 'antisocial-behaviour' }, offset: 0, limit: 10 });
    expect(page.rows).toEqual([
      {
        id: e.e5,
        reference: 'RUG-K2-000005',
        createdAt: '2026-12-01T00:30:00.000Z',
        topicId: 'antisocial-behaviour',
        body: 'police',
        status: 'referred',
        channel: 'desk',
        unitId: 'rugeley',
        location: 'Elmore Park',
        summary: 'Youths gathering at the skate park',
        mergedInto: null,
      },
    ]);
  });

  it('searches words by their beginnings, in any order, and references however typed', async () => {
    const e = await seed();
    const search = async (text: string, extra: Partial<InputOf<'enquiries:list'>['filter']> = {}) => {
      const page = await call('enquiries:list', { filter: { text, ...extra }, offset: 0, limit: 50 });
      return page.rows.map((row) => Object.entries(e).find(([, id]) => id === row.id)?.[0]);
    };
    expect(await search('overfl bin')).toEqual(['e3']);
    expect(await search('MARKET overflowing')).toEqual(['e3']);
    expect(await search('library pothole')).toEqual(['e1']);
    expect(await search('pothole market')).toEqual([]);
    expect(await search('cafe')).toEqual(['e2']);
    expect(await search('nine')).toEqual(['e5']);
    expect(await search('skate')).toEqual(['e5']);
    expect(await search('street', { topicId: 'roads' })).toEqual(['e4', 'e1']);
    expect(await search('skate', { status: RAISED })).toEqual([]);
    expect(await search('rug k2 000003')).toEqual(['e3']);
    expect(await search('rugk2000003')).toEqual(['e3']);
    expect(await search(' RUG-K2-000005 ')).toEqual(['e5']);
    expect(await search('RUG-K2-000009')).toEqual([]);
    // Characters FTS5 would read as syntax are only separators here.
    expect(await search('"pothole" -(library* ^')).toEqual(['e1']);
    // Every word must match: "or" is a word like any other here, not an operator.
    expect(await search('pothole OR market')).toEqual([]);
    expect(await search('\u0000 \u202E')).toEqual(['e5', 'e4', 'e3', 'e2', 'e1']);
  });

  it('pages through the list with offset and limit', async () => {
    const e = await seed();
    const pageOf = async (offset: number, limit: number, filter: InputOf<'enquiries:list'>['filter'] = {}) => {
      const page = await call('enquiries:list', { filter, offset, limit });
      return { total: page.total, offset: page.offset, ids: page.rows.map((row) => row.id) };
    };
    expect(await pageOf(0, 2)).toEqual({ total: 5, offset: 0, ids: [e.e5, e.e4] });
    expect(await pageOf(2, 2)).toEqual({ total: 5, offset: 2, ids: [e.e3, e.e2] });
    expect(await pageOf(4, 2)).toEqual({ total: 5, offset: 4, ids: [e.e1] });
    expect(await pageOf(6, 2)).toEqual({ total: 5, offset: 6, ids: [] });
    expect(await pageOf(1, 1, { topicId: 'roads' })).toEqual({ total: 2, offset: 1, ids: [e.e1] });
    expect(await refusal('enquiries:list', { filter: {}, offset: 0, limit: 0 })).toMatchObject({ fields: { limit: { code: 'too-small' } } });
    expect(await refusal('enquiries:list', { filter: {}, offset: -1, limit: 201 })).toMatchObject({
      fields: { offset: { code: 'too-small' }, limit: { code: 'too-large', params: { max: 200 } } },
    });
    expect(await refusal('enquiries:list', { filter: { from: '2026-13-01' }, offset: 0, limit: 10 })).toMatchObject({
      fields: { 'filter.from': { code: 'format' } },
    });
  });
});

describe('roles', () => {
  /** Every channel only staff may use, with input that passes its schema. */
  async function staffChannels(): Promise<[string, unknown][]> {
    const [a, b, c] = [await raise(), await raise(), await raise()];
    return [
      ['enquiries:log', LOGGED],
      ['enquiries:list', { filter: {}, offset: 0, limit: 10 }],
      ['enquiries:get', { id: a.id }],
      ['enquiries:similar', { topicId: 'roads', location: 'Church Street' }],
      ['enquiries:setStatus', { id: a.id, version: 1, status: 'for-forum', outcome: '', note: '' }],
      ['enquiries:route', { id: b.id, version: 1, body: 'district' }],
      ['enquiries:merge', { id: c.id, version: 1, into: a.id }],
      ['sync:status', undefined],
      ['staff:list', undefined],
      ['staff:add', { displayName: 'New Person', username: 'new.person', pin: '112233', role: 'staff', forumId: null }],
      ['staff:setDisabled', { id: randomUUID(), disabled: true }],
      ['staff:resetPin', { id: randomUUID(), pin: '112233' }],
    ];
  }

  const staffOnly = ['enquiries:log', 'enquiries:similar', 'enquiries:route'];

  it('a resident at the touchscreen reaches no staff channel, and nothing changes', async () => {
    for (const [channel, input] of await staffChannels()) {
      expect(await refusal(channel, input, KIOSK), channel).toMatchObject({ code: 'auth/required' });
    }
    expect(count('enquiries')).toBe(3);
    expect(count('enquiry_events')).toBe(3);
    expect(count('outbox')).toBe(3);
    expect(count('staff')).toBe(3);
  });

  it('front-desk staff work on enquiries but cannot manage accounts', async () => {
    await signIn(DESK, STAFF.username, STAFF.pin);
    for (const [channel, input] of await staffChannels()) {
      const result = await backend.dispatch(channel, input, DESK);
      if (channel.startsWith('staff:')) expect(result, channel).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });
      else expect(result, channel).toMatchObject({ ok: true });
    }
    const actors = inDatabase((db) => db.prepare("SELECT DISTINCT actor_name FROM enquiry_events WHERE action <> 'created' OR actor_name IS NOT NULL").all());
    expect(actors).toEqual([{ actor_name: STAFF.username }]);
    expect(count('staff')).toBe(3);
  });

  it('a forum chair changes and merges enquiries but does not log, route or use the duplicate hint', async () => {
    await signIn(DESK, CHAIR.username, CHAIR.pin);
    for (const [channel, input] of await staffChannels()) {
      const result = await backend.dispatch(channel, input, DESK);
      if (channel.startsWith('staff:') || staffOnly.includes(channel)) {
        expect(result, channel).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });
      } else expect(result, channel).toMatchObject({ ok: true });
    }
    expect(count('enquiries')).toBe(3);
  });

  it('an administrator may use every staff channel', async () => {
    await signIn();
    for (const [channel, input] of await staffChannels()) {
      const result = await backend.dispatch(channel, input, DESK);
      // The random ids of the last two name no account: the role check passed, the lookup did not.
      if (channel === 'staff:setDisabled' || channel === 'staff:resetPin') expect(result, channel).toMatchObject({ ok: false, error: { code: 'staff/not-found' } });
      else expect(result, channel).toMatchObject({ ok: true });
    }
  });
});

describe('bad input', () => {
  it('comes back field by field, and nothing is saved', async () => {
    const refused = await refusal(
      'enquiries:raise',
      { topicId: 'roads', location: 'x', summary: 'Hole', contact: { name: '', phone: '01889', email: 'pat@', purpose: 'follow-up' } },
      KIOSK,
    );
    expect(refused).toEqual({
      code: 'input/invalid',
      message: refused.message,
      fields: {
        location: { code: 'too-short', params: { min: 2 } },
        summary: { code: 'too-short', params: { min: 5 } },
        'contact.phone': { code: 'format' },
        'contact.email': { code: 'format' },
      },
    });
    expect(await refusal('enquiries:raise', { topicId: 'potholes', contact: null }, KIOSK)).toMatchObject({
      fields: { topicId: { code: 'format' }, location: { code: 'required' }, summary: { code: 'required' } },
    });
    expect(
      await refusal('enquiries:raise', { ...ISSUE, location: 'l'.repeat(121), summary: 's'.repeat(201), contact: { name: '', phone: '', email: '', purpose: 'follow-up' } }, KIOSK),
    ).toMatchObject({
      fields: {
        location: { code: 'too-long', params: { max: 120 } },
        summary: { code: 'too-long', params: { max: 200 } },
        'contact.phone': { code: 'required' },
      },
    });
    expect(await refusal('enquiries:raise', { ...ISSUE, summary: '\u0000\u0001\u0002\u0003\u202EHole' }, KIOSK)).toMatchObject({
      fields: { summary: { code: 'too-short' } },
    });
    expect(count('enquiries')).toBe(0);
    expect(count('reference_counters')).toBe(0);
  });

  it('has control characters and bidi overrides stripped before it is saved', async () => {
    const receipt = await raise({ location: ' Church\u0000 Street\u202E ', summary: 'Pothole\u0007 by the\r\nbus\u2066 stop\u009B' });
    await signIn();
    const logged = await logEnquiry({ details: 'Line one\u0000\r\nLine\u202E two' });
    const rows = inDatabase((db) => db.prepare('SELECT id, location, summary, details, street_key FROM enquiries ORDER BY reference').all());
    expect(rows).toEqual([
      { id: receipt.id, location: 'Church Street', summary: 'Pothole by the bus stop', details: '', street_key: 'church street' },
      { id: logged.id, location: 'Mill Lane', summary: 'Bins missed three weeks running', details: 'Line one\nLine two', street_key: 'mill lane' },
    ]);
    expect(outboxOf(receipt.id)[0]!.data.summary).toBe('Pothole by the bus stop');
  });

  it('for status changes, routes and merges is refused by field', async () => {
    await signIn();
    expect(await refusal('enquiries:setStatus', { id: 'RUG-K2-000001', version: 0, status: 'done', outcome: '', note: 'n'.repeat(501) })).toMatchObject({
      fields: { id: { code: 'format' }, version: { code: 'too-small' }, status: { code: 'format' }, note: { code: 'too-long', params: { max: 500 } } },
    });
    expect(await refusal('enquiries:route', { id: randomUUID(), version: 1, body: 'parish' })).toMatchObject({ fields: { body: { code: 'format' } } });
    const id = randomUUID();
    expect(await refusal('enquiries:merge', { id, version: 1, into: id })).toMatchObject({ fields: { into: { code: 'format' } } });
  });
});

describe('sync:status', () => {
  it('counts the changes waiting for the hub, and those it refused', async () => {
    await signIn();
    expect(await call('sync:status', undefined)).toMatchObject({ waiting: 0, rejected: { count: 0, changes: [] }, hubConfigured: false, online: null });
    const a = await raise();
    await raise();
    expect(await call('sync:status', undefined)).toMatchObject({ waiting: 2, rejected: { count: 0 } });
    await setStatus({ id: a.id, version: 1 }, 'for-forum');
    expect(await call('sync:status', undefined)).toMatchObject({ waiting: 3, rejected: { count: 0 } });

    const db = openDatabase(backend.databasePath);
    try {
      db.prepare("UPDATE outbox SET rejected_at = '2026-11-23T09:05:00.000Z' WHERE seq = (SELECT min(seq) FROM outbox)").run();
    } finally {
      db.close();
    }
    await call('settings:update', { hubUrl: 'https://hub.example.org' });
    // An address without this kiosk's token is not enough to sync.
    expect(await call('sync:status', undefined)).toMatchObject({ waiting: 2, rejected: { count: 1 }, hubConfigured: false });
    await call('settings:update', { hubToken: 'a'.repeat(43) });
    expect(await call('sync:status', undefined)).toMatchObject({
      waiting: 2,
      rejected: { count: 1, changes: [{ reference: a.reference, version: 1, rejectedAt: '2026-11-23T09:05:00.000Z' }] },
      hubConfigured: true,
    });
  });
});
