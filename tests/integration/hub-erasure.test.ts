/**
 * Erasure on the hub (issue 9; server/README.md, "Erasure"), over both stores: a real hub on
 * 127.0.0.1 with a forum of two units (Rugeley and Brereton) and Cannock beside it. A Rugeley kiosk
 * pushes a person's enquiries, its unit's other kiosk pulls the copies, then the first kiosk pushes
 * an `erasure`: the hub's rows and its pull log are compared whole before and after, the
 * subject-access search and the kiosks' pulls are asked what a person would see, refusals are shown
 * to change nothing, and an erased enquiry pushed again is stored anonymised. On SQLite, the bytes of
 * the database file and its WAL are searched for the erased words.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPlainDatabase } from '../../db/driver';
import { unitsConfigSchema, type UnitsConfig } from '../../shared/domain/units';
import { ANONYMISED, anonymisedEnquiryData } from '../../shared/enquiries/retention';
import { pullResponseSchema, pushResponseSchema, type PullChange, type PushChange, type PushResult } from '../../shared/sync/protocol';
import sampleUnits from '../../assets/config/units.json' with { type: 'json' };
import { hubDatabaseFile, startHub, type RunningHub } from '../../server/hub';
import type { NewDevice } from '../../server/store';
import { HUB_STORES, openTestHubStorage, storeTitle, type TestHubStorage } from '../support/hubStores';

/** The sample units and Brereton, a second unit of the Rugeley forum: an erasure reaches every unit of the forum. */
const UNITS: UnitsConfig = unitsConfigSchema.parse([
  ...sampleUnits,
  { id: 'brereton', code: 'BRE', name: 'Brereton', shopName: 'Brereton library', forum: { id: 'rugeley', name: 'Rugeley Community Forum' }, areas: ['Brereton'] },
]);
const NOW = new Date('2026-07-15T10:00:00Z');

/** The person whose enquiries are erased: every one of these must leave the hub. */
const PERSON = {
  name: 'Persephone Quillfeather',
  phone: '07700 900555',
  email: 'persephone.quill@example.org',
  summary: 'Fence of number 12 Zanzibar Close set alight again',
  details: 'Lives with her brother Octavius, who is unwell',
  location: 'Zanzibar Close, Rugeley',
};
const SECRETS = Object.values(PERSON);

let storage: TestHubStorage;
let hub: RunningHub;
let k1: NewDevice;
let k2: NewDevice;
let brereton: NewDevice;
let cannock: NewDevice;
let sequence = 0;

interface TestEnquiry {
  readonly id: string;
  readonly reference: string;
  readonly data: Record<string, unknown>;
}

function enquiry(unitId: 'rugeley' | 'cannock', person: boolean, over: Record<string, unknown> = {}): TestEnquiry {
  sequence++;
  const reference = `${unitId === 'rugeley' ? 'RUG' : 'CAN'}-K1-${String(sequence).padStart(6, '0')}`;
  const createdAt = new Date(Date.UTC(2026, 5, 1, 9, 0, sequence)).toISOString();
  return {
    id: randomUUID(),
    reference,
    data: {
      reference,
      unitId,
      forumId: unitId,
      deviceCode: 'K1',
      topic: 'roads',
      body: 'county',
      summary: person ? `${PERSON.summary} (${sequence})` : `Pothole number ${sequence} on Church Street`,
      details: person ? PERSON.details : '',
      location: person ? PERSON.location : 'Church Street',
      channel: 'desk',
      status: 'for-forum',
      outcome: 'Passed to the county',
      mergedInto: null,
      language: 'pl',
      contact: person ? { name: PERSON.name, phone: PERSON.phone, email: PERSON.email, purpose: 'follow-up', consentAt: createdAt } : null,
      futureField: person ? `${PERSON.name} said so` : 'nothing',
      createdAt,
      updatedAt: createdAt,
      ...over,
    },
  };
}

const enquiryChange = (e: TestEnquiry, version = 1, over: Record<string, unknown> = {}): PushChange => ({ id: e.id, entity: 'enquiry', version, data: { ...e.data, ...over } });

function erasureChange(enquiries: readonly { id: string; reference: string }[], over: Record<string, unknown> = {}, id: string = randomUUID()): PushChange {
  return {
    id,
    entity: 'erasure',
    version: 1,
    data: {
      unitId: 'rugeley',
      enquiries: enquiries.map((e) => ({ id: e.id, reference: e.reference })),
      reason: 'The resident asked for her enquiries to be erased (art. 17); identity checked at the desk.',
      erasedAt: '2026-07-15T09:30:00+01:00',
      erasedBy: 'admin.rugeley',
      kioskOnlyField: 'not passed on',
      ...over,
    },
  };
}

async function push(device: NewDevice, changes: readonly PushChange[]): Promise<PushResult[]> {
  const response = await fetch(`${hub.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ changes }),
  });
  expect(response.status).toBe(200);
  return pushResponseSchema.parse(await response.json()).results;
}
const statuses = async (device: NewDevice, changes: readonly PushChange[]) => (await push(device, changes)).map((r) => r.status);

async function pullAll(device: NewDevice, cursor = ''): Promise<{ changes: PullChange[]; cursor: string }> {
  const changes: PullChange[] = [];
  for (;;) {
    const response = await fetch(`${hub.url}/api/v1/sync/pull?cursor=${cursor}&limit=100`, { headers: { authorization: `Bearer ${device.token}` } });
    expect(response.status).toBe(200);
    const page = pullResponseSchema.parse(await response.json());
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) return { changes, cursor };
  }
}

async function subjectSearch(device: NewDevice, query: string): Promise<{ reference: string }[]> {
  const response = await fetch(`${hub.url}/api/v1/subject-access/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { enquiries: { reference: string }[] }).enquiries;
}

type Row = Record<string, unknown>;
const dataOf = (row: Row) => JSON.parse(row.data as string) as Row;
type DataRow = Row & { data: Row };
const withData = (rows: Row[]): DataRow[] => rows.map((row) => ({ ...row, data: dataOf(row) }));
const enquiryRows = async () => withData(await storage.rows('SELECT * FROM enquiries ORDER BY reference'));
const pullRows = async () => withData(await storage.rows('SELECT * FROM pull_changes ORDER BY seq'));

/** Everything the hub holds but the devices' last push time, which every push sets, applied or not. */
async function hubState(): Promise<Record<string, Row[]>> {
  return {
    enquiries: await enquiryRows(),
    pull: await pullRows(),
    versions: await storage.rows('SELECT * FROM enquiry_versions ORDER BY enquiry_id, version'),
    records: await storage.rows('SELECT * FROM record_versions ORDER BY entity, record_id, version'),
    erasures: await storage.rows('SELECT * FROM erasures ORDER BY id, version'),
    erased: await storage.rows('SELECT * FROM erased_enquiries ORDER BY enquiry_id'),
    devices: await storage.rows('SELECT id, unit_id, name, created_at, revoked_at FROM devices ORDER BY id'),
  };
}

/** The person's words anywhere in what the hub holds (every table, every column). */
async function secretsHeld(): Promise<string[]> {
  const text = JSON.stringify(await hubState());
  return SECRETS.filter((secret) => text.includes(secret));
}

/** What an erasure leaves of a copy in the pull log (which never held details, language or contact). */
const anonymisedCopy = (data: Row): Row => ({ ...data, summary: ANONYMISED, location: ANONYMISED });

for (const variant of HUB_STORES) {
  describe.skipIf(!variant.available)(`erasure on the hub ${storeTitle(variant)}`, () => {
    let mine1: TestEnquiry, mine2: TestEnquiry, other: TestEnquiry, cannockOne: TestEnquiry;

    beforeEach(async () => {
      storage = await openTestHubStorage(variant.name, 'erasure');
      hub = await startHub({ ...storage.storage, port: 0, units: UNITS, now: () => NOW });
      const add = (unitId: string, name: string) => hub.store.addDevice({ unitId, name, now: NOW });
      k1 = await add('rugeley', 'Rugeley K1');
      k2 = await add('rugeley', 'Rugeley K2');
      brereton = await add('brereton', 'Brereton K1');
      cannock = await add('cannock', 'Cannock K1');
      mine1 = enquiry('rugeley', true);
      mine2 = enquiry('rugeley', true, { status: 'closed', outcome: 'Fire service informed' });
      other = enquiry('rugeley', false);
      cannockOne = enquiry('cannock', false);
      expect(await statuses(k1, [mine1, mine2, other].map((e) => enquiryChange(e)))).toEqual(['applied', 'applied', 'applied']);
      expect(await statuses(cannock, [enquiryChange(cannockOne)])).toEqual(['applied']);
    });
    afterEach(async () => {
      await hub?.close();
      await storage?.dispose();
    });

    it("reaches the hub: the enquiries and their pull-log copies anonymised, subject access finds nothing, the forum's other kiosks are told", async () => {
      const k2Pulled = await pullAll(k2);
      expect(k2Pulled.changes.filter((c) => c.entity === 'enquiry').map((c) => c.id)).toEqual([mine1.id, mine2.id, other.id]);
      const k1Cursor = (await pullAll(k1)).cursor;
      const breretonCursor = (await pullAll(brereton)).cursor;
      expect((await subjectSearch(k2, PERSON.name)).map((e) => e.reference).sort()).toEqual([mine1.reference, mine2.reference]);
      const enquiriesBefore = await enquiryRows();
      const pullBefore = await pullRows();

      const erasure = erasureChange([mine1, mine2]);
      expect(await push(k1, [erasure])).toEqual([{ id: erasure.id, version: 1, status: 'applied' }]);

      // The two enquiries: free text and contact gone, everything else as it was; the other untouched.
      const erased = new Set([mine1.id, mine2.id]);
      expect(await enquiryRows()).toEqual(
        enquiriesBefore.map((row) =>
          erased.has(row.id as string) ? { ...row, data: anonymisedEnquiryData(row.data), anonymised_version: 1, contact_checked_version: 1 } : row,
        ),
      );
      const held = await storage.row('SELECT reference, status, outcome, data FROM enquiries WHERE id = ?', [mine2.id]);
      expect({ ...held, data: dataOf(held!) }).toEqual({
        reference: mine2.reference,
        status: 'closed',
        outcome: 'Fire service informed',
        data: {
          reference: mine2.reference,
          unitId: 'rugeley',
          forumId: 'rugeley',
          deviceCode: 'K1',
          topic: 'roads',
          body: 'county',
          summary: ANONYMISED,
          details: '',
          location: ANONYMISED,
          channel: 'desk',
          status: 'closed',
          outcome: 'Fire service informed',
          mergedInto: null,
          language: null,
          contact: null,
          createdAt: mine2.data.createdAt,
          updatedAt: mine2.data.updatedAt,
        },
      });

      // The pull log: the copies anonymised, then the erasure for each unit of the forum (not Cannock's), picked fields only.
      const pullAfter = await pullRows();
      expect(pullAfter.slice(0, pullBefore.length)).toEqual(
        pullBefore.map((row) => (row.entity === 'enquiry' && erased.has(row.entity_id as string) ? { ...row, data: anonymisedCopy(row.data) } : row)),
      );
      const picked = Object.fromEntries(Object.entries(erasure.data).filter(([key]) => key !== 'kioskOnlyField'));
      const told = { entity: 'erasure', entity_id: erasure.id, version: 1, origin_device_id: k1.deviceId, data: picked };
      expect(pullAfter.slice(pullBefore.length).map((row: Row) => Object.fromEntries(['unit_id', 'entity', 'entity_id', 'version', 'origin_device_id', 'data'].map((key) => [key, row[key]])))).toEqual([
        { unit_id: 'rugeley', ...told },
        { unit_id: 'brereton', ...told },
      ]);
      expect(await storage.rows('SELECT id, version, forum_id, unit_id, device_id, data FROM erasures')).toEqual([
        { id: erasure.id, version: 1, forum_id: 'rugeley', unit_id: 'rugeley', device_id: k1.deviceId, data: JSON.stringify(erasure.data) },
      ]);
      expect(await storage.rows('SELECT * FROM erased_enquiries ORDER BY reference')).toEqual([
        { enquiry_id: mine1.id, reference: mine1.reference, erasure_id: erasure.id },
        { enquiry_id: mine2.id, reference: mine2.reference, erasure_id: erasure.id },
      ]);
      expect(await secretsHeld()).toEqual([]);

      // What people see: subject access finds nothing by her name, phone or email; the issues show the marker.
      for (const query of [PERSON.name, PERSON.phone, PERSON.email]) expect(await subjectSearch(k2, query)).toEqual([]);
      const issues = (await (await fetch(`${hub.url}/api/v1/forums/rugeley/issues?from=2026-01-01&to=2026-12-31`, { headers: { authorization: `Bearer ${k2.token}` } })).json()) as {
        issues: { reference: string; summary: string; location: string }[];
      };
      expect(issues.issues.filter((i) => i.reference !== other.reference).map((i) => [i.reference, i.summary, i.location])).toEqual([
        [mine1.reference, ANONYMISED, ANONYMISED],
        [mine2.reference, ANONYMISED, ANONYMISED],
      ]);

      // K2 and Brereton hear of it; K1, which made it, does not get its own back.
      const erasureData = { unitId: 'rugeley', enquiries: [mine1, mine2].map((e) => ({ id: e.id, reference: e.reference })), reason: erasure.data.reason, erasedAt: erasure.data.erasedAt, erasedBy: 'admin.rugeley' };
      expect((await pullAll(k2, k2Pulled.cursor)).changes.map(({ entity, id, version, data }) => ({ entity, id, version, data }))).toEqual([
        { entity: 'erasure', id: erasure.id, version: 1, data: erasureData },
      ]);
      expect((await pullAll(brereton, breretonCursor)).changes.map((c) => [c.entity, c.id])).toEqual([['erasure', erasure.id]]);
      expect((await pullAll(k1, k1Cursor)).changes).toEqual([]);
      // A kiosk pulling from the beginning (a new hub address, a restored kiosk) gets only the anonymised copies.
      const fromStart = await pullAll(k2);
      expect(fromStart.changes.filter((c) => c.entity === 'enquiry' && erased.has(c.id)).map((c) => c.data)).toEqual(
        k2Pulled.changes.filter((c) => c.entity === 'enquiry' && erased.has(c.id)).map((c) => anonymisedCopy(c.data)),
      );
      expect(SECRETS.filter((secret) => JSON.stringify(fromStart).includes(secret))).toEqual([]);
    });

    it('a reason is required: without one, or an empty one, the erasure is rejected and nothing changes', async () => {
      const before = await hubState();
      const withReason = erasureChange([mine1]);
      const missing = { ...withReason, data: Object.fromEntries(Object.entries(withReason.data).filter(([key]) => key !== 'reason')) };
      const empty = erasureChange([mine1], { reason: '' });
      const results = await push(k1, [missing, empty]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      for (const result of results) expect(result.error).toMatch(/data\.reason/);
      expect(await hubState()).toEqual(before);
    });

    it("another forum's enquiry, a wrong reference or another unit's erasure rejects the whole erasure, changing nothing", async () => {
      const before = await hubState();
      const withCannock = await push(k1, [erasureChange([mine1, cannockOne, mine2])]);
      expect(withCannock[0]).toMatchObject({ status: 'rejected', error: expect.stringContaining(cannockOne.reference) as unknown });
      const wrongReference = await push(k1, [erasureChange([mine1, { id: mine2.id, reference: 'RUG-K1-999999' }])]);
      expect(wrongReference[0]).toMatchObject({ status: 'rejected', error: expect.stringContaining('RUG-K1-999999') as unknown });
      const otherUnit = await push(k1, [erasureChange([mine1], { unitId: 'cannock' })]);
      expect(otherUnit[0]).toMatchObject({ status: 'rejected', error: expect.stringContaining('data.unitId') as unknown });
      // Cannock's kiosk cannot erase Rugeley's enquiries either.
      const fromCannock = await push(cannock, [erasureChange([mine1], { unitId: 'cannock' })]);
      expect(fromCannock[0]).toMatchObject({ status: 'rejected', error: expect.stringContaining(mine1.reference) as unknown });
      expect(await hubState()).toEqual(before);
      expect(await secretsHeld()).toEqual(SECRETS);
    });

    it('is idempotent: the same erasure again is a duplicate and changes nothing; a second one naming an erased enquiry applies', async () => {
      const erasure = erasureChange([mine1]);
      expect(await statuses(k1, [erasure])).toEqual(['applied']);
      const after = await hubState();
      expect(await statuses(k1, [erasure])).toEqual(['duplicate']);
      // The same id and version with other data: another change took that version first.
      expect(await statuses(k1, [{ ...erasure, data: { ...erasure.data, reason: 'Another reason' } }])).toEqual(['stale']);
      expect(await hubState()).toEqual(after);

      const second = erasureChange([mine1, mine2]);
      expect(await statuses(k1, [second])).toEqual(['applied']);
      const rows = await enquiryRows();
      expect(rows.filter((row) => row.id === mine1.id || row.id === mine2.id).map((row) => row.data.summary)).toEqual([ANONYMISED, ANONYMISED]);
      expect(await storage.rows('SELECT enquiry_id, erasure_id FROM erased_enquiries ORDER BY reference')).toEqual([
        { enquiry_id: mine1.id, erasure_id: erasure.id },
        { enquiry_id: mine2.id, erasure_id: second.id },
      ]);
      expect(await secretsHeld()).toEqual([]);
    });

    it('is sticky: an erased enquiry pushed again with its words, or one erased before it arrived, is stored and copied anonymised', async () => {
      const k2Cursor = (await pullAll(k2)).cursor;
      const notYet = enquiry('rugeley', true);
      expect(await statuses(k1, [erasureChange([mine1, notYet])])).toEqual(['applied']);
      expect(await secretsHeld()).toEqual(SECRETS);

      // A kiosk restored from an old backup sends version 2 with the old words, and a status the hub takes as before.
      expect(await statuses(k1, [enquiryChange(mine1, 2, { status: 'closed' }), enquiryChange(notYet)])).toEqual(['applied', 'applied']);
      const rows = await storage.rows('SELECT id, version, status, anonymised_version, contact_checked_version, data FROM enquiries WHERE id IN (?, ?) ORDER BY reference', [mine1.id, notYet.id]);
      expect(withData(rows)).toEqual([
        { id: mine1.id, version: 2, status: 'closed', anonymised_version: 2, contact_checked_version: 2, data: anonymisedEnquiryData({ ...mine1.data, status: 'closed' }) },
        { id: notYet.id, version: 1, status: 'for-forum', anonymised_version: 1, contact_checked_version: 1, data: anonymisedEnquiryData(notYet.data) },
      ]);
      const copies = (await pullAll(k2, k2Cursor)).changes.filter((c) => c.entity === 'enquiry');
      expect(copies.map((c) => [c.id, c.version, c.data.summary, c.data.location, c.data.status])).toEqual([
        [mine1.id, 2, ANONYMISED, ANONYMISED, 'closed'],
        [notYet.id, 1, ANONYMISED, ANONYMISED, 'for-forum'],
      ]);
      // Mine2 was not erased: the same restored kiosk's words for it still count.
      expect(await secretsHeld()).toEqual(SECRETS);
      expect(await statuses(k1, [erasureChange([mine2])])).toEqual(['applied']);
      expect(await secretsHeld()).toEqual([]);
    });

    if (variant.name === 'sqlite') it('leaves none of the erased words in the bytes of the database file or its WAL (a plain store)', async () => {
      const file = hubDatabaseFile((storage.storage as { dataDir: string }).dataDir);
      expect(isPlainDatabase(file)).toBe(true);
      // A long enquiry, whose data spills onto overflow pages that an update frees.
      const long = enquiry('rugeley', true, { details: `${PERSON.details}. ${'Octavius needs the ramp repaired. '.repeat(150)}` });
      expect(await statuses(k1, [enquiryChange(long)])).toEqual(['applied']);
      await pullAll(k2);
      const bytes = () => Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
      const found = () => {
        const held = bytes();
        return [...SECRETS, 'Octavius needs the ramp'].filter((secret) => held.includes(Buffer.from(secret, 'utf8')));
      };
      expect(found()).toEqual([...SECRETS, 'Octavius needs the ramp']);

      expect(await statuses(k1, [erasureChange([mine1, mine2, long])])).toEqual(['applied']);
      expect(found()).toEqual([]);
    });
  });
}
