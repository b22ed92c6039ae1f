import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { openDatabase, storeEnquiryCopy, reassertPendingAgendaStatus } from '../../db';
import type { ChannelName, InputOf, ValueOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import type { AgendaItemInput, AgendaView, MeetingView } from '../../shared/forums/model';
import type { AgendaItemData, MeetingData } from '../../shared/sync/protocol';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, CHAIR, STAFF, addStaff, copyOfKiosk, staffedKioskTemplate } from '../support/kiosk';

/**
 * The forum's work on one kiosk, through the backend's own dispatcher on a real SQLite file:
 * meetings, the chair's overview, the agenda and its outcomes, and who may touch which forum.
 */

const RESIDENT = 'kiosk-screen';
const DESK = 'desk-screen';
const OTHER_CHAIR = { username: 'hal.chair', pin: '864209' } as const;

let template: ReturnType<typeof makeTempDir>;
let dir: ReturnType<typeof makeTempDir>;
let clock: number;
let backend: Backend;
const now = () => new Date(clock);

beforeAll(async () => {
  template = await staffedKioskTemplate();
  const setup = createBackend({ dataDir: template.path, log: () => {} });
  try {
    await addStaff(setup.databasePath, OTHER_CHAIR.username, OTHER_CHAIR.pin, 'chair', 'hednesford');
  } finally {
    setup.close();
  }
});
afterAll(() => template.remove());

beforeEach(() => {
  dir = copyOfKiosk(template);
  clock = Date.parse('2026-11-02T10:00:00Z');
  backend = createBackend({ dataDir: dir.path, now, log: () => {}, sync: { autoStart: false } });
});
afterEach(() => {
  backend.close();
  dir.remove();
});

async function call<C extends ChannelName>(channel: C, input: InputOf<C>, caller: string = DESK): Promise<ValueOf<C>> {
  const result = await backend.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ValueOf<C>;
}

async function refusal(channel: ChannelName, input: unknown, caller: string = DESK): Promise<AppError> {
  const result = await backend.dispatch(channel, input, caller);
  if (result.ok) throw new Error(`${channel} succeeded: ${JSON.stringify(result.value)}`);
  return result.error;
}

const signIn = (who: { username: string; pin: string }, caller: string = DESK) => call('auth:signIn', who, caller);

/** A resident raises an issue at the touchscreen on the given day (London morning). */
async function raise(day: string, topicId: string, location: string, summary = `A problem at ${location}`): Promise<{ id: string; reference: string }> {
  const saved = clock;
  clock = Date.parse(`${day}T09:30:00Z`);
  try {
    const receipt = await call('enquiries:raise', { topicId, location, summary, contact: null }, RESIDENT);
    return { id: receipt.id, reference: receipt.reference };
  } finally {
    clock = saved;
  }
}

function outboxRows(entity: string): { entity_id: string; version: number; payload: string }[] {
  const db = openDatabase(backend.databasePath);
  try {
    return db.prepare('SELECT entity_id, version, payload FROM outbox WHERE entity = ? ORDER BY seq').all(entity) as never;
  } finally {
    db.close();
  }
}

async function meeting(date: string, forumId = 'rugeley'): Promise<MeetingView> {
  return call('forums:saveMeeting', { forumId, date, startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false });
}

function item(meetingId: string, enquiryIds: string[], extra: Partial<AgendaItemInput> = {}): AgendaItemInput {
  return { meetingId, title: 'Potholes on Church Street', summary: 'Residents report deep potholes.', restricted: false, referral: 'none', referralBody: '', enquiryIds, ...extra };
}

describe('meetings', () => {
  it('a chair sets their forum’s meeting dates, each a versioned change waiting for the hub', async () => {
    await signIn(CHAIR);
    const added = await meeting('2026-11-26');
    expect(added).toMatchObject({ forumId: 'rugeley', date: '2026-11-26', startsAt: '18:30', cancelled: false, version: 1, itemCount: 0 });
    const moved = await call('forums:saveMeeting', { id: added.id, version: 1, forumId: 'rugeley', date: '2026-11-27', startsAt: null, place: '', cancelled: false });
    expect(moved).toMatchObject({ date: '2026-11-27', startsAt: null, place: null, version: 2 });
    const cancelled = await call('forums:saveMeeting', { id: added.id, version: 2, forumId: 'rugeley', date: '2026-11-27', startsAt: null, place: '', cancelled: true });
    expect(cancelled.cancelled).toBe(true);

    expect(await call('forums:meetings', { forumId: 'rugeley' })).toEqual([cancelled]);
    const rows = outboxRows('meeting');
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
    expect(JSON.parse(rows[2]!.payload) as MeetingData).toMatchObject({ forumId: 'rugeley', date: '2026-11-27', cancelled: true });
  });

  it('refuses a change made against an older version, another forum for a chair, and a front-desk account', async () => {
    await signIn(CHAIR);
    const added = await meeting('2026-11-26');
    await call('forums:saveMeeting', { id: added.id, version: 1, forumId: 'rugeley', date: '2026-11-28', startsAt: null, place: '', cancelled: false });
    expect((await refusal('forums:saveMeeting', { id: added.id, version: 1, forumId: 'rugeley', date: '2026-11-29', startsAt: null, place: '', cancelled: false })).code).toBe('forums/changed');
    expect((await refusal('forums:saveMeeting', { forumId: 'hednesford', date: '2026-11-29', startsAt: null, place: '', cancelled: false })).code).toBe('forums/other-forum');
    expect((await refusal('forums:saveMeeting', { forumId: 'rugeley', date: '2026-11-31', startsAt: '25:00', place: '', cancelled: false })).fields).toMatchObject({
      date: { code: 'format' },
      startsAt: { code: 'format' },
    });

    await signIn(STAFF);
    expect((await refusal('forums:saveMeeting', { forumId: 'rugeley', date: '2026-11-29', startsAt: null, place: '', cancelled: false })).code).toBe('auth/forbidden');
    expect(await call('forums:meetings', { forumId: 'rugeley' })).toHaveLength(1);

    await signIn(ADMIN);
    expect((await meeting('2026-12-03', 'hednesford')).forumId).toBe('hednesford');
  });
});

describe("the chair's overview", () => {
  it('counts the issues since the last meeting by topic group, topic, body and area, with streets and a timeline', async () => {
    await signIn(CHAIR);
    await meeting('2026-10-15');
    await meeting('2026-11-26');
    await raise('2026-10-01', 'roads', '1 Church Street, Rugeley'); // before the last meeting
    await raise('2026-10-20', 'roads', '12 Church St., Rugeley');
    await raise('2026-10-21', 'roads', 'church street');
    await raise('2026-10-22', 'street-lights', 'Mill Lane, Brereton');
    await raise('2026-10-29', 'bin-collection', 'Hill Top, Etchinghill');
    await raise('2026-11-02', 'noise', 'somewhere');

    const view = await call('forums:overview', { forumId: 'rugeley' });
    expect(view.forumName).toBe('Rugeley Community Forum');
    expect(view).toMatchObject({ from: '2026-10-15', to: '2026-11-02', sinceLastMeeting: true });
    expect(view.lastMeeting?.date).toBe('2026-10-15');
    expect(view.nextMeeting?.date).toBe('2026-11-26');
    expect(view.issues).toHaveLength(5);
    expect(view.byGroup[0]).toEqual({ key: 'roads', issues: 3, streets: 2 });
    expect(view.byTopic[0]).toEqual({ key: 'roads', issues: 2, streets: 1 });
    expect(view.byBody).toContainEqual({ key: 'county', issues: 3, streets: 2 });
    expect(view.byArea).toEqual(
      expect.arrayContaining([
        { key: 'Rugeley', issues: 1, streets: 1 },
        { key: 'Brereton', issues: 1, streets: 1 },
        { key: 'Etchinghill', issues: 1, streets: 1 },
        { key: '', issues: 2, streets: 2 },
      ]),
    );
    expect(view.timeline.granularity).toBe('day');
    expect(view.timeline.points).toHaveLength(19);
    expect(view.timeline.points.reduce((n, p) => n + p.issues, 0)).toBe(5);

    const all = await call('forums:overview', { forumId: 'rugeley', from: '2026-01-01', to: '2026-11-02' });
    expect(all.sinceLastMeeting).toBe(false);
    expect(all.issues).toHaveLength(6);
    expect(all.timeline.granularity).toBe('month');
    expect(all.timeline.points[0]).toEqual({ start: '2026-01-01', issues: 0 });

    expect((await refusal('forums:overview', { forumId: 'rugeley', from: '2026-11-02', to: '2026-10-01' })).fields).toMatchObject({ to: { code: 'order' } });
    expect((await refusal('forums:overview', { forumId: 'hednesford' })).code).toBe('forums/other-forum');
  });

  it('counts a day in London time, and starts 90 days back when no meeting has been held', async () => {
    await signIn(CHAIR);
    const late = await raise('2026-06-30', 'roads', 'Church Street');
    const db = openDatabase(backend.databasePath);
    db.prepare('UPDATE enquiries SET created_at = ? WHERE id = ?').run('2026-06-30T23:30:00.000Z', late.id); // 00:30 on 1 July in London
    db.close();
    const july = await call('forums:overview', { forumId: 'rugeley', from: '2026-07-01', to: '2026-07-01' });
    expect(july.issues.map((i) => i.reference)).toEqual([late.reference]);
    const june = await call('forums:overview', { forumId: 'rugeley', from: '2026-06-30', to: '2026-06-30' });
    expect(june.issues).toEqual([]);

    const fallback = await call('forums:overview', { forumId: 'rugeley' });
    expect(fallback).toMatchObject({ from: '2026-08-04', to: '2026-11-02', sinceLastMeeting: false, lastMeeting: null });
  });
});

describe('the agenda', () => {
  async function fiveIssues() {
    const raised = [];
    for (const place of ['1 Church Street', '3 Church Street', '5 Church Street', '7 Church Street', '9 Church Street']) raised.push(await raise('2026-10-20', 'roads', place));
    return raised;
  }

  it('gathers five issues into one item raised by five residents, puts them on the agenda, and records the outcome residents see', async () => {
    await signIn(CHAIR);
    const m = await meeting('2026-11-26');
    const issues = await fiveIssues();
    const agenda = await call('forums:saveItem', item(m.id, issues.map((i) => i.id)));
    expect(agenda.items).toHaveLength(1);
    const [first] = agenda.items;
    expect(first).toMatchObject({ number: 1, title: 'Potholes on Church Street', raisedBy: 5, version: 1, decision: null });
    expect(first!.enquiries.map((e) => e.status)).toEqual(Array(5).fill('on-agenda'));
    expect((await call('enquiries:check', { reference: issues[0]!.reference }, RESIDENT)).status).toBe('on-agenda');

    const decided = await call('forums:recordOutcome', {
      id: first!.id,
      version: 1,
      decision: 'referred',
      outcome: 'Referred to the county highways team, who will repair the road by January.',
      minute: 'Cllr Jones to follow up with highways.',
    });
    expect(decided.items[0]).toMatchObject({ decision: 'referred', version: 2, minute: 'Cllr Jones to follow up with highways.' });
    for (const issue of issues) {
      expect(await call('enquiries:check', { reference: issue.reference }, RESIDENT)).toMatchObject({
        status: 'outcome-recorded',
        outcome: 'Referred to the county highways team, who will repair the road by January.',
      });
    }
    const detail = await call('enquiries:get', { id: issues[0]!.id });
    expect(detail.history.at(-1)).toMatchObject({ action: 'agenda', fromStatus: 'on-agenda', toStatus: 'outcome-recorded', detail: 'Potholes on Church Street' });

    const pushed = outboxRows('agenda-item').map((r) => ({ version: r.version, data: JSON.parse(r.payload) as AgendaItemData }));
    expect(pushed.map((p) => p.version)).toEqual([1, 2]);
    expect(pushed[1]!.data).toMatchObject({ meetingId: m.id, forumId: 'rugeley', position: 1, decision: 'referred', removed: false });
    expect([...pushed[1]!.data.enquiryIds].sort()).toEqual(issues.map((i) => i.id).sort());
  });

  it('counts duplicates merged into a linked issue as residents, and refuses issues that are merged, held by another item or another forum’s', async () => {
    await signIn(CHAIR);
    const m = await meeting('2026-11-26');
    const [a, b, c] = await fiveIssues();
    const bDetail = await call('enquiries:get', { id: b!.id });
    await call('enquiries:merge', { id: b!.id, version: bDetail.version, into: a!.id });

    const agenda = await call('forums:saveItem', item(m.id, [a!.id]));
    expect(agenda.items[0]!.raisedBy).toBe(2);
    expect((await call('enquiries:check', { reference: b!.reference }, RESIDENT)).status).toBe('on-agenda');

    expect((await refusal('forums:saveItem', item(m.id, [b!.id]))).code).toBe('forums/enquiry-unavailable');
    expect((await refusal('forums:saveItem', item(m.id, [a!.id, c!.id]))).code).toBe('forums/enquiry-unavailable');

    const db = openDatabase(backend.databasePath);
    const copyId = randomUUID();
    storeEnquiryCopy(db, {
      id: copyId,
      version: 1,
      reference: 'HED-K1-000001',
      unitId: 'hednesford',
      forumId: 'hednesford',
      topicId: 'roads',
      body: 'county',
      summary: 'Pothole',
      location: 'Market Street',
      streetKey: 'market street',
      channel: 'kiosk',
      status: 'new',
      outcome: null,
      mergedInto: null,
      createdAt: '2026-10-20T09:00:00.000Z',
      updatedAt: '2026-10-20T09:00:00.000Z',
    });
    db.close();
    expect((await refusal('forums:saveItem', item(m.id, [copyId]))).code).toBe('forums/enquiry-unavailable');
    expect(await call('enquiries:list', { filter: {}, offset: 0, limit: 50 })).toMatchObject({ total: 5 });
    expect((await refusal('enquiries:get', { id: copyId })).code).toBe('forums/other-forum');

    await signIn(ADMIN);
    expect(await call('enquiries:list', { filter: {}, offset: 0, limit: 50 })).toMatchObject({ total: 6 });
  });

  it('orders items by a full list, takes one off (its issues wait for the forum again) and refuses stale versions', async () => {
    await signIn(CHAIR);
    const m = await meeting('2026-11-26');
    const issues = await fiveIssues();
    await call('forums:saveItem', item(m.id, [issues[0]!.id], { title: 'First item' }));
    await call('forums:saveItem', item(m.id, [issues[1]!.id], { title: 'Second item' }));
    let agenda: AgendaView = await call('forums:saveItem', item(m.id, [issues[2]!.id, issues[3]!.id], { title: 'Third item', restricted: true, referral: 'pact' }));
    const [one, two, three] = agenda.items;

    agenda = await call('forums:orderItems', { meetingId: m.id, order: [three!.id, one!.id, two!.id] });
    expect(agenda.items.map((i) => [i.number, i.title])).toEqual([
      [1, 'Third item'],
      [2, 'First item'],
      [3, 'Second item'],
    ]);
    expect((await refusal('forums:orderItems', { meetingId: m.id, order: [three!.id, one!.id] })).code).toBe('forums/order');
    expect((await refusal('forums:orderItems', { meetingId: m.id, order: [three!.id, one!.id, one!.id] })).code).toBe('forums/order');

    const moved = agenda.items[1]!;
    expect((await refusal('forums:removeItem', { id: moved.id, version: moved.version - 1 })).code).toBe('forums/changed');
    agenda = await call('forums:removeItem', { id: moved.id, version: moved.version });
    expect(agenda.items.map((i) => [i.number, i.title])).toEqual([
      [1, 'Third item'],
      [2, 'Second item'],
    ]);
    expect((await call('enquiries:check', { reference: issues[0]!.reference }, RESIDENT)).status).toBe('for-forum');
    expect((await call('forums:meetings', { forumId: 'rugeley' }))[0]!.itemCount).toBe(2);

    // Editing an item that dropped an issue sends that issue back too; another item may then take it.
    const third = agenda.items[0]!;
    agenda = await call('forums:saveItem', item(m.id, [issues[2]!.id], { id: third.id, version: third.version, title: 'Third item', restricted: true, referral: 'body', referralBody: 'Staffordshire Fire and Rescue' }));
    expect(agenda.items[0]).toMatchObject({ referral: 'body', referralBody: 'Staffordshire Fire and Rescue', raisedBy: 1, restricted: true });
    expect((await call('enquiries:check', { reference: issues[3]!.reference }, RESIDENT)).status).toBe('for-forum');
    agenda = await call('forums:saveItem', item(m.id, [issues[3]!.id, issues[0]!.id], { title: 'Back again' }));
    expect(agenda.items).toHaveLength(3);

    const overview = await call('forums:overview', { forumId: 'rugeley', from: '2026-10-01', to: '2026-11-02' });
    const restricted = overview.issues.filter((i) => i.restricted).map((i) => i.reference);
    expect(restricted).toEqual([issues[2]!.reference]);
    expect(overview.issues.find((i) => i.id === issues[3]!.id)?.agendaItemId).toBe(agenda.items[2]!.id);
  });

  it('carrying an item forward sends its issues back for a later agenda; a cancelled meeting takes no items', async () => {
    await signIn(CHAIR);
    const m = await meeting('2026-11-26');
    const [a] = await fiveIssues();
    const agenda = await call('forums:saveItem', item(m.id, [a!.id]));
    await call('forums:recordOutcome', { id: agenda.items[0]!.id, version: 1, decision: 'carried-forward', outcome: 'Carried forward to the January meeting.', minute: '' });
    expect(await call('enquiries:check', { reference: a!.reference }, RESIDENT)).toMatchObject({ status: 'for-forum', outcome: 'Carried forward to the January meeting.' });

    const next = await meeting('2027-01-14');
    const later = await call('forums:saveItem', item(next.id, [a!.id]));
    expect(later.items[0]!.enquiries[0]!.status).toBe('on-agenda');

    const off = await call('forums:saveMeeting', { id: next.id, version: next.version, forumId: 'rugeley', date: next.date, startsAt: null, place: '', cancelled: true });
    expect((await refusal('forums:saveItem', item(off.id, [a!.id]))).code).toBe('forums/meeting-cancelled');
  });

  it("keeps a chair to their own forum's agenda, and front-desk accounts out", async () => {
    await signIn(CHAIR);
    const m = await meeting('2026-11-26');
    const [a] = await fiveIssues();
    await call('forums:saveItem', item(m.id, [a!.id]));

    await signIn(OTHER_CHAIR);
    expect((await refusal('forums:agenda', { meetingId: m.id })).code).toBe('forums/other-forum');
    expect((await refusal('forums:saveItem', item(m.id, [a!.id]))).code).toBe('forums/other-forum');
    expect(await call('enquiries:list', { filter: {}, offset: 0, limit: 50 })).toMatchObject({ total: 0 });
    expect((await refusal('enquiries:get', { id: a!.id })).code).toBe('forums/other-forum');

    await signIn(STAFF);
    expect((await refusal('forums:agenda', { meetingId: m.id })).code).toBe('auth/forbidden');
    expect((await refusal('forums:overview', { forumId: 'rugeley' }, RESIDENT)).code).toBe('auth/required');
  });
});

describe('copies of enquiries raised at another kiosk of the unit', () => {
  it('are listed and may go on an agenda, but their content and status are changed at their own kiosk', async () => {
    await signIn(CHAIR);
    const db = openDatabase(backend.databasePath);
    const copyId = randomUUID();
    const copy = {
      id: copyId,
      version: 2,
      reference: 'RUG-K1-000007',
      unitId: 'rugeley',
      forumId: 'rugeley',
      topicId: 'roads',
      body: 'county',
      summary: 'Pothole outside the school',
      location: 'Church Street',
      streetKey: 'church street',
      channel: 'kiosk',
      status: 'for-forum',
      outcome: null,
      mergedInto: null,
      createdAt: '2026-10-20T09:00:00.000Z',
      updatedAt: '2026-10-21T09:00:00.000Z',
    } as const;
    expect(storeEnquiryCopy(db, copy)).toBe(true);
    expect(storeEnquiryCopy(db, { ...copy, version: 1, summary: 'older' })).toBe(false);
    db.close();

    const detail = await call('enquiries:get', { id: copyId });
    expect(detail).toMatchObject({ replica: true, details: '', contact: null, summary: 'Pothole outside the school' });
    expect((await refusal('enquiries:setStatus', { id: copyId, version: 2, status: 'closed', outcome: '', note: '' })).code).toBe('enquiry/held-elsewhere');

    const m = await meeting('2026-11-26');
    const agenda = await call('forums:saveItem', item(m.id, [copyId]));
    expect(agenda.items[0]!.enquiries[0]!.status).toBe('on-agenda');

    // Until the hub has the item, a copy arriving meanwhile does not undo what the agenda said here.
    const again = openDatabase(backend.databasePath);
    storeEnquiryCopy(again, { ...copy, version: 3, status: 'for-forum' });
    reassertPendingAgendaStatus(again, copyId, new Date(clock).toISOString());
    again.close();
    expect((await call('enquiries:check', { reference: 'RUG-K1-000007' }, RESIDENT)).status).toBe('on-agenda');
  });
});
