import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { openDatabase } from '../../db';
import { startHub, type RunningHub } from '../../server/hub';
import type { ChannelName, InputOf, SetupInput, ValueOf } from '../../shared/ipc/contract';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, CHAIR, RUGELEY_SETUP, addStaff, setUpKiosk } from '../support/kiosk';
import { pointAtHub } from '../support/enquiryBacklog';

/**
 * The forum's work across a unit's kiosks through a real hub on 127.0.0.1: an issue raised at the
 * touchscreen (K1) reaches the chair's desk PC (K2) as a copy; the agenda and the outcome the chair
 * records there reach the hub, the kiosk where the resident raised it, and a third kiosk (K3), where
 * the resident checks the reference. Meeting dates set on one kiosk reach the others.
 */

const RESIDENT = 'kiosk-screen';
const DESK = 'desk-screen';

let root: ReturnType<typeof makeTempDir>;
const templates = new Map<string, string>();
const setups: Record<string, SetupInput> = {
  K1: { ...RUGELEY_SETUP, deviceCode: 'K1' },
  K2: RUGELEY_SETUP,
  K3: { ...RUGELEY_SETUP, deviceCode: 'K3' },
  HED: { ...RUGELEY_SETUP, unitId: 'hednesford', deviceCode: 'K1' },
};

beforeAll(async () => {
  root = makeTempDir('onestop-forum-sync-');
  await Promise.all(
    Object.entries(setups).map(async ([name, setup]) => {
      const dir = join(root.path, 'templates', name);
      const backend = createBackend({ dataDir: dir, log: () => {} });
      try {
        await setUpKiosk(backend, setup);
        if (name === 'K2') await addStaff(backend.databasePath, CHAIR.username, CHAIR.pin, 'chair', 'rugeley');
      } finally {
        backend.close();
      }
      templates.set(name, dir);
    }),
  );
}, 60_000);
afterAll(() => root?.remove());

let hub: RunningHub;
let hubDir: ReturnType<typeof makeTempDir>;
let kiosks: Record<string, Backend>;
let clock: number;
const now = () => new Date(clock);

beforeEach(async () => {
  clock = Date.parse('2026-11-02T10:00:00Z');
  hubDir = makeTempDir('onestop-hub-');
  hub = await startHub({ dataDir: hubDir.path, port: 0, rateLimit: false });
  kiosks = {};
  for (const name of Object.keys(setups)) {
    const dir = join(root.path, `${name}-${Math.random().toString(36).slice(2)}`);
    cpSync(templates.get(name)!, dir, { recursive: true });
    const unitId = setups[name]!.unitId;
    const { token } = await hub.store.addDevice({ unitId, name, now: now() });
    pointAtHub(join(dir, 'onestop.db'), hub.url, token);
    kiosks[name] = createBackend({ dataDir: dir, now, log: () => {}, sync: { autoStart: false, timeoutMs: 5000 } });
  }
});
afterEach(async () => {
  for (const backend of Object.values(kiosks)) backend.close();
  await hub.close();
  hubDir.remove();
});

async function call<C extends ChannelName>(on: Backend, channel: C, input: InputOf<C>, caller: string = DESK): Promise<ValueOf<C>> {
  const result = await on.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ValueOf<C>;
}

/** Every kiosk syncs, in this order, `rounds` times: pushes first, then what the hub passed on. */
async function syncAll(order: readonly string[] = Object.keys(setups), rounds = 2): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const name of order) {
      const status = await kiosks[name]!.sync.syncNow();
      expect(status.lastError, `${name} synced`).toBeNull();
      expect(status.rejected.changes, `${name}: nothing refused`).toEqual([]);
    }
  }
}

function holds(name: string, reference: string): { origin: string; details: string; contact_email: string | null } | undefined {
  const db = openDatabase(kiosks[name]!.databasePath);
  try {
    return db.prepare('SELECT origin, details, contact_email FROM enquiries WHERE reference = ?').get(reference) as never;
  } finally {
    db.close();
  }
}

describe('the forum across the kiosks of a unit', () => {
  it("an outcome recorded on the chair's kiosk reaches the resident's reference at every kiosk of the unit", async () => {
    const k1 = kiosks.K1!;
    const k2 = kiosks.K2!;
    const raised = [];
    for (const n of [1, 3, 5, 7, 9]) {
      raised.push(
        await call(
          k1,
          'enquiries:raise',
          { topicId: 'roads', location: `${n} Church Street`, summary: `Pothole outside number ${n}`, contact: n === 1 ? { name: 'Jo Bloggs', phone: '', email: 'jo@example.org', purpose: 'follow-up' } : null },
          RESIDENT,
        ),
      );
    }
    await syncAll();

    // The chair's kiosk and the third kiosk hold copies: no details, no contact. Another unit holds nothing.
    expect(holds('K2', raised[0]!.reference)).toEqual({ origin: 'hub', details: '', contact_email: null });
    expect(holds('K3', raised[0]!.reference)?.origin).toBe('hub');
    expect(holds('HED', raised[0]!.reference)).toBeUndefined();

    await call(k2, 'auth:signIn', CHAIR);
    const meeting = await call(k2, 'forums:saveMeeting', { forumId: 'rugeley', date: '2026-11-26', startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false });
    const overview = await call(k2, 'forums:overview', { forumId: 'rugeley', from: '2026-11-01', to: '2026-11-02' });
    expect(overview.byGroup[0]).toEqual({ key: 'roads', issues: 5, streets: 1 });
    const agenda = await call(k2, 'forums:saveItem', {
      meetingId: meeting.id,
      title: 'Potholes on Church Street',
      summary: 'Five residents report potholes.',
      restricted: false,
      referral: 'cat',
      referralBody: '',
      enquiryIds: overview.issues.map((i) => i.id),
    });
    expect(agenda.items[0]!.raisedBy).toBe(5);
    await syncAll(['K2', 'K1', 'K3', 'HED']);
    expect((await call(k1, 'enquiries:check', { reference: raised[0]!.reference }, RESIDENT)).status).toBe('on-agenda');

    const decided = await call(k2, 'forums:recordOutcome', {
      id: agenda.items[0]!.id,
      version: agenda.items[0]!.version,
      decision: 'referred',
      outcome: 'Referred to the Community Action Team, who will report back in January.',
      minute: '',
    });
    expect(decided.items[0]!.decision).toBe('referred');
    // At the chair's kiosk at once, offline.
    expect((await call(k2, 'enquiries:check', { reference: raised[2]!.reference }, RESIDENT)).status).toBe('outcome-recorded');
    await syncAll(['K2', 'K1', 'K3', 'HED']);

    for (const name of ['K1', 'K2', 'K3']) {
      for (const receipt of raised) {
        expect(await call(kiosks[name]!, 'enquiries:check', { reference: receipt.reference }, RESIDENT), `${name} ${receipt.reference}`).toMatchObject({
          status: 'outcome-recorded',
          outcome: 'Referred to the Community Action Team, who will report back in January.',
        });
      }
    }
    const issues = await hub.store.listForumIssues({ forumId: 'rugeley', from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z' });
    expect(issues.map((i) => i.status)).toEqual(Array(5).fill('outcome-recorded'));
    // Nothing waits anywhere.
    for (const name of Object.keys(setups)) expect(kiosks[name]!.sync.status().waiting, name).toBe(0);
  });

  it('meeting dates set on one kiosk reach the other kiosks of the forum, and later changes follow', async () => {
    const k2 = kiosks.K2!;
    await call(k2, 'auth:signIn', ADMIN);
    const meeting = await call(k2, 'forums:saveMeeting', { forumId: 'rugeley', date: '2026-11-26', startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false });
    await syncAll();
    await call(kiosks.K1!, 'auth:signIn', ADMIN);
    expect(await call(kiosks.K1!, 'forums:meetings', { forumId: 'rugeley' })).toEqual([{ ...meeting, itemCount: 0 }]);

    const moved = await call(kiosks.K1!, 'forums:saveMeeting', { id: meeting.id, version: 1, forumId: 'rugeley', date: '2026-11-27', startsAt: '19:00', place: 'Rugeley Town Hall', cancelled: false });
    await syncAll();
    expect(await call(k2, 'forums:meetings', { forumId: 'rugeley' })).toEqual([{ ...moved, itemCount: 0 }]);
    await call(kiosks.HED!, 'auth:signIn', ADMIN);
    expect(await call(kiosks.HED!, 'forums:meetings', { forumId: 'rugeley' })).toEqual([]);
  });
});
