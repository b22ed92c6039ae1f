/**
 * Retention on the hub (issue 9, part 2), over both stores: enquiries pushed by a real kiosk device
 * to a real hub on 127.0.0.1 with chosen dates and statuses; the job at a fixed time changes exactly
 * the due rows (whole rows of enquiries, versions and the pull log compared before and after), logs
 * the references, changes nothing on a second run, and a shorter period moves the boundary. The
 * command line's `retention run --dry-run` prints what is due and changes nothing; without it, it
 * removes the same.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pushResponseSchema, type PushChange } from '../../shared/sync/protocol';
import { ANONYMISED } from '../../shared/enquiries/retention';
import { startHub, type RunningHub } from '../../server/hub';
import type { NewDevice } from '../../server/store';
import { DEFAULT_HUB_RETENTION } from '../../server/retention';
import { HUB_STORES, openTestHubStorage, storeTitle, type TestHubStorage } from '../support/hubStores';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const execFileAsync = promisify(execFile);
const RUN_AT = new Date('2025-06-01T10:00:00Z');

let storage: TestHubStorage;
let hub: RunningHub;
let k1: NewDevice;
let k2: NewDevice;
let sequence = 0;

interface Pushed {
  readonly id: string;
  readonly reference: string;
  readonly data: Record<string, unknown>;
}

function enquiry(name: string, createdAt: string, status: string, updatedAt = createdAt): Pushed {
  sequence++;
  const reference = `RUG-K1-${String(sequence).padStart(6, '0')}`;
  return {
    id: randomUUID(),
    reference,
    data: {
      reference,
      unitId: 'rugeley',
      forumId: 'rugeley',
      deviceCode: 'K1',
      topic: 'bin-collection',
      body: 'district',
      summary: `Bins missed for ${name}`,
      details: `${name} lives alone`,
      location: `${name} Street`,
      channel: 'desk',
      status,
      outcome: null,
      mergedInto: null,
      language: 'pl',
      contact: { name, phone: '07700 900123', email: `${name.toLowerCase()}@example.org`, purpose: 'follow-up', consentAt: createdAt },
      createdAt,
      updatedAt,
    },
  };
}

async function push(device: NewDevice, changes: readonly PushChange[]): Promise<void> {
  const response = await fetch(`${hub.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ changes }),
  });
  expect(response.status).toBe(200);
  const results = pushResponseSchema.parse(await response.json()).results;
  expect(results.map((r) => r.status)).toEqual(changes.map(() => 'applied'));
}

type Row = Record<string, unknown>;
const enquiryRows = () => storage.rows('SELECT * FROM enquiries ORDER BY reference') as Promise<Row[]>;
const pullRows = () => storage.rows('SELECT * FROM pull_changes ORDER BY seq') as Promise<Row[]>;
const versionRows = () => storage.rows('SELECT * FROM enquiry_versions ORDER BY enquiry_id, version') as Promise<Row[]>;
const logRows = () => storage.rows('SELECT run_at, kind, removed, cutoff, refs FROM retention_log ORDER BY id') as Promise<Row[]>;
const everything = async (): Promise<[Row[], Row[], Row[]]> => [await enquiryRows(), await pullRows(), await versionRows()];

/** What anonymising leaves of an enquiry's data, or of a copy in the pull log (which never had details, language or contact). */
const anonymisedData = (data: Row): Row => {
  const blanks: Row = { summary: ANONYMISED, location: ANONYMISED, details: '', language: null, contact: null };
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, key in blanks ? blanks[key] : value]));
};

for (const variant of HUB_STORES) {
  describe.skipIf(!variant.available)(`retention on the hub ${storeTitle(variant)}`, () => {
    let old: Pushed, closedLong: Pushed, resolved: Pushed, closedRecent: Pushed, referred: Pushed, young: Pushed;

    beforeEach(async () => {
      storage = await openTestHubStorage(variant.name, 'retention');
      hub = await startHub({ ...storage.storage, port: 0 });
      k1 = await hub.store.addDevice({ unitId: 'rugeley', name: 'Rugeley K1', now: RUN_AT });
      k2 = await hub.store.addDevice({ unitId: 'rugeley', name: 'Rugeley K2', now: RUN_AT });
      old = enquiry('Olwen', '2019-01-10T09:00:00.000Z', 'closed', '2019-02-01T10:00:00.000Z');
      closedLong = enquiry('Carys', '2024-05-01T09:00:00.000Z', 'closed', '2024-05-31T10:00:00.000Z');
      resolved = enquiry('Rhys', '2024-05-02T09:00:00.000Z', 'resolved-at-desk', '2024-05-30T10:00:00.000Z');
      closedRecent = enquiry('Bryn', '2024-05-03T09:00:00.000Z', 'closed', '2024-06-02T10:00:00.000Z');
      referred = enquiry('Dilys', '2023-01-03T09:00:00.000Z', 'referred', '2023-01-04T10:00:00.000Z');
      young = enquiry('Gethin', '2019-06-02T09:00:00.000Z', 'new');
      await push(k1, [old, closedLong, resolved, closedRecent, referred, young].map((e) => ({ id: e.id, entity: 'enquiry', version: 1, data: e.data })));
    });
    afterEach(async () => {
      await hub?.close();
      await storage?.dispose();
    });

    it('removes contact a year after closing and anonymises after six years, its pull-log copies too; logs it; a second run changes nothing', async () => {
      const [enquiriesBefore, pullBefore, versionsBefore] = await everything();
      const report = await hub.store.applyRetention({ now: RUN_AT, periods: DEFAULT_HUB_RETENTION });

      const dataOf = (row: Row) => JSON.parse(row.data as string) as Row;
      const expected = enquiriesBefore.map((row) => {
        const data = dataOf(row);
        if (row.reference === old.reference) return { ...row, data: anonymisedData(data), anonymised_version: 1, contact_checked_version: 1 };
        if (row.reference === closedLong.reference || row.reference === resolved.reference) return { ...row, data: { ...data, contact: null }, contact_checked_version: 1 };
        return { ...row, data };
      });
      expect((await enquiryRows()).map((row) => ({ ...row, data: dataOf(row) }))).toEqual(expected);
      // The copy K2 would pull of the old enquiry is anonymised; every other pull change is as it was.
      expect((await pullRows()).map((row) => ({ ...row, data: dataOf(row) }))).toEqual(
        pullBefore.map((row) => ({ ...row, data: row.entity_id === old.id ? anonymisedData(dataOf(row)) : dataOf(row) })),
      );
      expect(await versionRows()).toEqual(versionsBefore);
      const pulled = (await (await fetch(`${hub.url}/api/v1/sync/pull?cursor=&limit=500`, { headers: { authorization: `Bearer ${k2.token}` } })).json()) as {
        changes: { id: string; data: Row }[];
      };
      expect(pulled.changes.find((c) => c.id === old.id)!.data).toMatchObject({ summary: ANONYMISED, location: ANONYMISED });
      expect(JSON.stringify(pulled.changes.find((c) => c.id === old.id))).not.toMatch(/Olwen/);

      const contactRefs = [old.reference, closedLong.reference, resolved.reference].sort();
      expect(report.removed.contact).toEqual({ count: 3, refs: contactRefs });
      expect(report.removed.enquiry).toEqual({ count: 1, refs: [old.reference] });
      const log = await logRows();
      expect(log).toEqual([
        { run_at: RUN_AT.toISOString(), kind: 'contact', removed: 3, cutoff: '2024-06-01T10:00:00.000Z', refs: contactRefs.join(' ') },
        { run_at: RUN_AT.toISOString(), kind: 'enquiry', removed: 1, cutoff: '2019-06-01T10:00:00.000Z', refs: old.reference },
      ]);
      expect(JSON.stringify(log)).not.toMatch(/Olwen|Carys|Rhys|07700|example\.org|lives alone|Street/);

      const afterFirst = await everything();
      const second = await hub.store.applyRetention({ now: new Date('2025-06-01T11:00:00Z'), periods: DEFAULT_HUB_RETENTION });
      expect([second.removed.contact?.count, second.removed.enquiry?.count]).toEqual([0, 0]);
      expect(await everything()).toEqual(afterFirst);

      // A newer version from the kiosk, still with contact (its period is longer), is due again: the hub applies its own.
      await push(k1, [{ id: closedLong.id, entity: 'enquiry', version: 2, data: closedLong.data }]);
      const third = await hub.store.applyRetention({ now: new Date('2025-06-01T12:00:00Z'), periods: DEFAULT_HUB_RETENTION });
      expect(third.removed.contact).toEqual({ count: 1, refs: [closedLong.reference] });
      const held = await storage.row('SELECT data FROM enquiries WHERE id = ?', [closedLong.id]);
      expect(JSON.parse(held!.data as string)).toMatchObject({ contact: null, summary: 'Bins missed for Carys' });
    });

    it('a shorter period moves the boundary', async () => {
      await hub.store.applyRetention({ now: RUN_AT, periods: DEFAULT_HUB_RETENTION });
      const contactOf = async (e: Pushed) => (JSON.parse((await storage.row('SELECT data FROM enquiries WHERE id = ?', [e.id]))!.data as string) as Row).contact;
      expect(await contactOf(closedRecent)).not.toBeNull();
      const report = await hub.store.applyRetention({ now: RUN_AT, periods: { contactMonths: 6, enquiryYears: 6 } });
      expect(report.removed.contact).toEqual({ count: 1, refs: [closedRecent.reference] });
      expect(await contactOf(closedRecent)).toBeNull();
      // Never a status that is not final, however old.
      expect(await contactOf(referred)).not.toBeNull();
      const anonymise = await hub.store.applyRetention({ now: RUN_AT, periods: { contactMonths: 6, enquiryYears: 5 } });
      expect(anonymise.removed.enquiry?.refs).toContain(young.reference);
    });

    it('the command line: retention run --dry-run prints what is due and changes nothing; without it, removes it', async () => {
      await hub.close();
      const before = await everything();
      // The real clock: 2019 and 2024 dates are long due by now.
      const { stdout } = await execFileAsync(TSX, ['server/cli.ts', 'retention', 'run', ...storage.cliArgs, '--dry-run'], { cwd: ROOT });
      const dry = JSON.parse(stdout) as { dryRun: boolean; removed: Record<string, { count: number; refs: string[] }>; periods: unknown };
      expect(dry.dryRun).toBe(true);
      expect(dry.periods).toEqual(DEFAULT_HUB_RETENTION);
      expect(dry.removed.contact!.refs).toEqual(expect.arrayContaining([old.reference, closedLong.reference, resolved.reference, closedRecent.reference]));
      expect(dry.removed.contact!.refs).not.toContain(referred.reference);
      expect(dry.removed.enquiry!.refs).toEqual(expect.arrayContaining([old.reference, young.reference]));
      expect(await everything()).toEqual(before);
      expect(await logRows()).toEqual([]);

      const real = JSON.parse((await execFileAsync(TSX, ['server/cli.ts', 'retention', 'run', ...storage.cliArgs], { cwd: ROOT })).stdout) as typeof dry;
      expect(real.dryRun).toBe(false);
      expect(real.removed).toEqual(dry.removed);
      expect((await logRows()).length).toBe(2);
      // A period of 0 is refused with the option's name.
      await expect(execFileAsync(TSX, ['server/cli.ts', 'retention', 'run', ...storage.cliArgs, '--contact-months', '0'], { cwd: ROOT })).rejects.toMatchObject({
        stderr: expect.stringContaining('--contact-months') as unknown,
      });
    });
  });
}
