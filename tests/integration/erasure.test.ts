/**
 * Erasure (issue 9, part 3) on real kiosks (SQLite files) and a real hub on 127.0.0.1, on each hub
 * store: an administrator finds one person's enquiries, here and at the hub, and erases them with a
 * reason. This kiosk's rows lose the person's words and contact details at once; the erasure
 * reaches the hub through sync, and from there the unit's other kiosk, which erases its own copy
 * of the enquiry it raised; another forum is untouched. A reason is required and may not name the
 * person, and a refusal changes nothing. Nothing of the words is left in the kiosk file's bytes. An
 * erasure pulled twice is recorded once, and a copy that arrives after it is erased as it lands.
 * The hub's own rules (both stores, its bytes on disk): tests/integration/hub-erasure.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/backend';
import { openDatabase, recordErasure } from '../../db';
import { startHub, type RunningHub } from '../../server/hub';
import type { InputOf, SetupInput } from '../../shared/ipc/contract';
import type { LogEnquiryInput } from '../../shared/enquiries/model';
import { ANONYMISED } from '../../shared/enquiries/retention';
import type { Result } from '../../shared/ipc/result';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, RUGELEY_SETUP, STAFF } from '../support/kiosk';
import { DESK, call, kioskTemplates, kiosksOnHub, openKiosk } from '../support/forumKiosks';
import { HUB_STORES, openTestHubStorage, storeTitle, type TestHubStorage } from '../support/hubStores';

const setups: Record<string, SetupInput> = {
  K1: { ...RUGELEY_SETUP, deviceCode: 'K1' },
  K2: RUGELEY_SETUP,
  HED: { ...RUGELEY_SETUP, unitId: 'hednesford', deviceCode: 'K1' },
};

let root: ReturnType<typeof makeTempDir>;
let templates: Map<string, string>;

beforeAll(async () => {
  root = makeTempDir('onestop-erasure-');
  templates = await kioskTemplates(root.path, setups);
}, 60_000);
afterAll(() => root?.remove());

const SIAN = { name: 'Siân Owen', phone: '07700 900123', email: 'Sian.Owen@example.org', purpose: 'follow-up' as const };
// Words only she wrote, to look for afterwards anywhere they could be left.
const WORDS = ['Quillerbrook walking frame', 'Marrowgate Close', 'ring Siân Owen on Tuesdays'];

function logged(summary: string, location: string, details: string, person: typeof SIAN | null): LogEnquiryInput {
  return { channel: 'desk', topicId: 'bin-collection', location, summary, details, contact: person, status: 'new' };
}

/** Every row of the tables that hold an enquiry's words, for before-and-after comparisons. */
function snapshot(databasePath: string): { enquiries: unknown[]; events: unknown[]; outbox: unknown[]; erasures: unknown[]; erased: unknown[] } {
  const db = openDatabase(databasePath, { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return {
      enquiries: all('SELECT * FROM enquiries ORDER BY id'),
      events: all('SELECT * FROM enquiry_events ORDER BY id'),
      outbox: all('SELECT * FROM outbox ORDER BY seq'),
      erasures: all('SELECT * FROM erasures ORDER BY id'),
      erased: all('SELECT * FROM erased_enquiries ORDER BY enquiry_id'),
    };
  } finally {
    db.close();
  }
}

/** The kiosk file's bytes and its WAL's, as UTF-8 and UTF-16 text, to look for words in. */
function fileText(databasePath: string): string {
  const bytes = [databasePath, `${databasePath}-wal`].filter(existsSync).map((file) => readFileSync(file));
  const all = Buffer.concat(bytes);
  return all.toString('latin1') + all.toString('utf8') + all.toString('utf16le');
}

for (const variant of HUB_STORES) {
  describe.skipIf(!variant.available)(`erasure ${storeTitle(variant)}`, () => {
    let storage: TestHubStorage;
    let hub: RunningHub;
    let kiosks: Record<string, Backend>;
    const refs: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const now = () => new Date('2026-11-20T10:00:00Z');

    beforeEach(async () => {
      storage = await openTestHubStorage(variant.name, 'erasure');
      hub = await startHub({ ...storage.storage, port: 0, rateLimit: false, now });
      kiosks = await kiosksOnHub(root.path, templates, setups, hub, now);
      const log = async (kiosk: string, key: string, input: LogEnquiryInput) => {
        const receipt = await call(kiosks[kiosk]!, 'enquiries:log', input);
        refs[key] = receipt.reference;
        ids[key] = receipt.id;
      };
      await log('K2', 'sian', logged(`Assisted bin missed: ${WORDS[0]}`, WORDS[1]!, WORDS[2]!, SIAN));
      await log('K2', 'text', logged('Fly-tipping behind the shops', 'Market Street', 'Rang for Siân Owen, who saw it happen', null));
      await log('K2', 'other', logged('Street light out', 'Market Street', 'No contact wanted', { ...SIAN, name: 'Brian Evans', email: 'brian@example.org', phone: '07700 900999' }));
      await log('K1', 'k1', logged('Overgrown hedge on the footpath', 'Sandy Lane', 'Asked for a call back after 5pm', SIAN));
      await log('HED', 'hed', logged('Noise from the pub', 'Station Road', 'Late at night', SIAN));
      for (const name of ['K1', 'HED', 'K2', 'K1']) await call(kiosks[name]!, 'sync:now', undefined);
      // Erasure is for administrators: the desk's staff sign out, the administrator signs in.
      await call(kiosks['K2']!, 'auth:signOut', undefined);
      await call(kiosks['K2']!, 'auth:signIn', ADMIN);
    }, 60_000);
    afterEach(async () => {
      for (const backend of Object.values(kiosks)) backend.close();
      await hub.close();
      await storage.dispose();
    });

    const REASON = 'Objection upheld by the data protection officer, case 2026/114.';
    const erase = (references: string[], reason = REASON, query = 'Siân Owen') => call(kiosks['K2']!, 'privacy:erase', { query, references, reason });
    const refusal = async (input: InputOf<'privacy:erase'>, on = 'K2') => {
      const result: Result<unknown> = await kiosks[on]!.dispatch('privacy:erase', input, DESK);
      expect(result.ok).toBe(false);
      return result.ok ? null : result.error;
    };
    const found = async (query: string, on = 'K2') => (await call(kiosks[on]!, 'privacy:search', { query })).results.map((r) => r.reference).sort();
    const hubEnquiry = async (key: string) =>
      (await hub.store.listForumIssues({ forumId: key === 'hed' ? 'hednesford' : 'rugeley', from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' })).find(
        (issue) => issue.reference === refs[key],
      )!;

    it('erases here at once (and says so in a later subject-access copy), then at the hub and on the unit’s other kiosk through sync; another forum and another person are untouched', async () => {
      expect(await found('Siân Owen')).toEqual([refs['sian'], refs['text'], refs['k1']].sort());
      const answer = await erase([refs['sian']!, refs['text']!, refs['k1']!]);
      expect(answer.references.slice().sort()).toEqual([refs['sian'], refs['text'], refs['k1']].sort());
      // K2 holds its own two and the publishable copy of K1's.
      expect(answer.here).toBe(3);
      expect(answer.notFound).toEqual([]);
      expect(answer.hub.state).toBe('searched');

      // Here, at once: the words and contact details are gone, reference, topic and status stay.
      const detail = await call(kiosks['K2']!, 'enquiries:get', { id: ids['sian']! });
      expect(detail).toMatchObject({ reference: refs['sian'], topicId: 'bin-collection', status: 'new', summary: ANONYMISED, location: ANONYMISED, details: '', contact: null });
      const listed = await call(kiosks['K2']!, 'enquiries:list', { filter: { text: 'Quillerbrook' }, offset: 0, limit: 20 });
      expect(listed.total).toBe(0);
      expect((await call(kiosks['K2']!, 'enquiries:get', { id: ids['other']! })).contact?.name).toBe('Brian Evans');
      expect(await call(kiosks['K2']!, 'privacy:erasures', undefined)).toMatchObject([
        { id: answer.id, erasedBy: ADMIN.username, reason: REASON, origin: 'here', sync: 'waiting', references: answer.references },
      ]);

      // Asked again by reference, the copy for the person says what was erased, when and why.
      const exported = await call(kiosks['K2']!, 'privacy:export', { query: refs['sian']!, references: [refs['sian']!], format: 'json' });
      const document = JSON.parse(Buffer.from(exported.base64, 'base64').toString('utf8')) as { enquiries: { kiosk: Record<string, unknown>; erasures: unknown[] }[] };
      expect(document.enquiries).toHaveLength(1);
      expect(document.enquiries[0]!.kiosk).toMatchObject({ summary: ANONYMISED, contact_name: null });
      expect(document.enquiries[0]!.erasures).toEqual([{ at: answer.erasedAt, reason: REASON, origin: 'here' }]);
      const pdf = await call(kiosks['K2']!, 'privacy:export', { query: refs['sian']!, references: [refs['sian']!], format: 'pdf' });
      const pdfText = (await extractText(await getDocumentProxy(new Uint8Array(Buffer.from(pdf.base64, 'base64'))), { mergePages: true })).text.replace(/\s+/g, ' ');
      expect(pdfText).toContain("Erased at the person's request");
      expect(pdfText).toContain(`Reason: ${REASON}`);
      expect(pdfText).not.toMatch(/Quillerbrook|Marrowgate/);

      // The hub, after K2's next sync.
      await call(kiosks['K2']!, 'sync:now', undefined);
      expect((await call(kiosks['K2']!, 'privacy:erasures', undefined))[0]).toMatchObject({ sync: 'sent', refusal: null });
      for (const key of ['sian', 'text', 'k1']) {
        const held = await hubEnquiry(key);
        expect(held.data, key).toMatchObject({ reference: refs[key], summary: ANONYMISED, location: ANONYMISED });
        expect(held.data['contact'] ?? null, key).toBeNull();
        expect(JSON.stringify(held.data), key).not.toMatch(/Owen|Quillerbrook|Marrowgate|hedge|5pm/i);
      }
      expect((await hubEnquiry('hed')).data).toMatchObject({ summary: 'Noise from the pub', contact: { name: 'Siân Owen' } });
      expect((await hubEnquiry('other')).data).toMatchObject({ contact: { name: 'Brian Evans' } });
      expect(await found('Siân Owen')).toEqual([]);

      // K1 hears of it and erases the enquiry it raised itself, recording who erased it and why.
      await call(kiosks['K1']!, 'sync:now', undefined);
      await call(kiosks['K1']!, 'auth:signOut', undefined);
      await call(kiosks['K1']!, 'auth:signIn', ADMIN);
      expect(await call(kiosks['K1']!, 'enquiries:get', { id: ids['k1']! })).toMatchObject({ summary: ANONYMISED, details: '', contact: null });
      expect(await call(kiosks['K1']!, 'privacy:erasures', undefined)).toMatchObject([
        { id: answer.id, erasedBy: ADMIN.username, reason: REASON, origin: 'hub', sync: 'received' },
      ]);
      // Another forum's kiosk keeps its own.
      await call(kiosks['HED']!, 'sync:now', undefined);
      expect(await call(kiosks['HED']!, 'enquiries:get', { id: ids['hed']! })).toMatchObject({ summary: 'Noise from the pub', contact: { name: 'Siân Owen' } });
    });

    it('needs a reason that does not name the person, and a refusal changes nothing', async () => {
      const before = snapshot(kiosks['K2']!.databasePath);
      const wanted = [refs['sian']!];
      expect((await refusal({ query: 'Siân Owen', references: wanted, reason: '' }))?.fields?.['reason']).toEqual({ code: 'too-short', params: { min: 10 } });
      expect((await refusal({ query: 'Siân Owen', references: wanted, reason: '   short    ' }))?.fields?.['reason']?.code).toBe('too-short');
      expect((await refusal({ query: 'Siân Owen', references: wanted, reason: 'Mrs OWEN asked us to remove it.' }))?.fields?.['reason']).toEqual({ code: 'personal' });
      expect((await refusal({ query: '07700 900123', references: wanted, reason: 'Asked by phone from 07700900123.' }))?.fields?.['reason']).toEqual({ code: 'personal' });
      expect((await refusal({ query: 'sian.owen@example.org', references: wanted, reason: 'Emailed from SIAN.OWEN@example.org' }))?.fields?.['reason']).toEqual({ code: 'personal' });
      // References the search does not find (another person's; another forum's) are not erased.
      expect((await refusal({ query: 'Siân Owen', references: [refs['other']!, refs['hed']!], reason: REASON }))?.code).toBe('privacy/not-found');
      // Staff at the desk may search and export, not erase.
      await call(kiosks['K1']!, 'auth:signIn', STAFF);
      expect((await refusal({ query: 'Siân Owen', references: [refs['k1']!], reason: REASON }, 'K1'))?.code).toBe('auth/forbidden');
      expect(snapshot(kiosks['K2']!.databasePath)).toEqual(before);
    });

    it('leaves none of the words in the kiosk file’s bytes', async () => {
      const path = kiosks['K2']!.databasePath;
      const before = fileText(path);
      for (const word of [...WORDS, 'quillerbrook', 'marrowgate', SIAN.email, SIAN.phone]) expect(before, word).toContain(word);
      await erase([refs['sian']!, refs['text']!]);
      const after = fileText(path);
      // The search index keeps words folded to lower case, without accents.
      for (const word of [...WORDS, 'quillerbrook', 'marrowgate', SIAN.email, SIAN.phone, 'Siân Owen']) expect(after, word).not.toContain(word);
    });

    it('is recorded once when pulled again, and a copy that arrives after it is erased as it lands', async () => {
      // K1 raises another enquiry for her, not yet sent; the hub already recorded an erasure naming it (made at K2 with the hub unreachable from K1).
      const late = await call(kiosks['K1']!, 'enquiries:log', logged('Bin not returned', 'Sandy Lane', `${WORDS[0]} again`, SIAN));
      const erasure = { id: '6f0d3c1e-2a54-4f63-9a5e-0c7d1d8f4b21', unitId: 'rugeley', enquiries: [{ id: late.id, reference: late.reference }], reason: REASON, erasedAt: now().toISOString(), erasedBy: ADMIN.username };
      kiosks['K2']!.close();
      const db = openDatabase(join(kiosks['K2']!.databasePath));
      try {
        recordErasure(db, { ...erasure, origin: 'hub' }, now().toISOString());
      } finally {
        db.close();
      }
      kiosks['K2'] = openKiosk(join(kiosks['K2']!.databasePath, '..'), now);
      await call(kiosks['K2'], 'auth:signIn', ADMIN);
      await call(kiosks['K1']!, 'sync:now', undefined);
      await call(kiosks['K2'], 'sync:now', undefined);
      expect(await call(kiosks['K2'], 'enquiries:get', { id: late.id })).toMatchObject({ reference: late.reference, summary: ANONYMISED, location: ANONYMISED });

      // K2's own erasure, pulled again from the start by K1: one record, the enquiry still erased.
      const answer = await erase([refs['k1']!]);
      await call(kiosks['K2'], 'sync:now', undefined);
      await call(kiosks['K1']!, 'sync:now', undefined);
      const k1Path = kiosks['K1']!.databasePath;
      const once = snapshot(k1Path);
      kiosks['K1']!.close();
      const k1 = openDatabase(k1Path);
      try {
        k1.prepare("UPDATE sync_state SET pull_cursor = ''").run();
      } finally {
        k1.close();
      }
      kiosks['K1'] = openKiosk(join(k1Path, '..'), now);
      await call(kiosks['K1'], 'auth:signIn', STAFF);
      await call(kiosks['K1'], 'sync:now', undefined);
      const again = snapshot(k1Path);
      expect(again.erasures).toEqual(once.erasures);
      expect(again.erasures.map((row) => (row as { id: string }).id)).toContain(answer.id);
      expect(again.enquiries.find((row) => (row as { id: string }).id === ids['k1'])).toMatchObject({ summary: ANONYMISED, contact_name: null, details: '' });
    });
  });
}
