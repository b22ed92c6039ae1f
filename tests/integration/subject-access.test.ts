/**
 * Subject access (issue 9, part 3) on real kiosks (SQLite files) and a real hub on 127.0.0.1, on
 * each hub store: staff find one person's enquiries under spelling variants of the name, by phone in
 * any format, by email in any case and by reference, here and at the hub (raised at another kiosk
 * of the forum, never another forum's); a different person is not swept in; the export holds
 * everything (JSON) and reads as a document (PDF text through pdf.js); the search and the export
 * are audited reads that never note the name; an unreachable hub is said, not silently left out.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/backend';
import { openDatabase } from '../../db';
import { startHub, type RunningHub } from '../../server/hub';
import type { SetupInput } from '../../shared/ipc/contract';
import type { LogEnquiryInput } from '../../shared/enquiries/model';
import type { ExportFile } from '../../shared/forums/model';
import type { SubjectDocument, SubjectEnquiry } from '../../electron/backend/subjectAccess';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, CHAIR, RUGELEY_SETUP, STAFF } from '../support/kiosk';
import { DESK, call, kioskTemplates, kiosksOnHub } from '../support/forumKiosks';
import { HUB_STORES, openTestHubStorage, storeTitle, type TestHubStorage } from '../support/hubStores';

const CHAIR_SCREEN = 'chair-screen';

const setups: Record<string, SetupInput> = {
  K1: { ...RUGELEY_SETUP, deviceCode: 'K1' },
  K2: RUGELEY_SETUP,
  HED: { ...RUGELEY_SETUP, unitId: 'hednesford', deviceCode: 'K1' },
};

let root: ReturnType<typeof makeTempDir>;
let templates: Map<string, string>;

beforeAll(async () => {
  root = makeTempDir('onestop-subject-access-');
  templates = await kioskTemplates(root.path, setups);
}, 60_000);
afterAll(() => root?.remove());

const contact = (name: string, phone: string, email: string) => ({ name, phone, email, purpose: 'follow-up' as const });

function logged(summary: string, person: ReturnType<typeof contact> | null, details = ''): LogEnquiryInput {
  return { channel: 'desk', topicId: 'bin-collection', location: 'Church Street, Rugeley', summary, details, contact: person, status: 'new' };
}

const SIAN = contact('Siân Owen', '07700 900123', 'Sian.Owen@example.org');
const SIAN_DETAILS = 'Uses a walking frame; the bin has to come to the door';

const bytesOf = (file: ExportFile) => Buffer.from(file.base64, 'base64');
const pdfText = async (file: ExportFile) => (await extractText(await getDocumentProxy(new Uint8Array(bytesOf(file))), { mergePages: true })).text;

for (const variant of HUB_STORES) {
  describe.skipIf(!variant.available)(`subject access ${storeTitle(variant)}`, () => {
    let storage: TestHubStorage;
    let hub: RunningHub;
    let kiosks: Record<string, Backend>;
    const refs: Record<string, string> = {};
    const now = () => new Date('2026-11-20T10:00:00Z');

    beforeEach(async () => {
      storage = await openTestHubStorage(variant.name, 'subject-access');
      hub = await startHub({ ...storage.storage, port: 0, rateLimit: false, now });
      kiosks = await kiosksOnHub(root.path, templates, setups, hub, now);
      const log = async (kiosk: string, key: string, input: LogEnquiryInput) => {
        refs[key] = (await call(kiosks[kiosk]!, 'enquiries:log', input)).reference;
      };
      // On this kiosk (K2): the person, under the name as she gave it and as staff heard it, and in free text.
      await log('K2', 'sian', logged('Assisted bin collection missed', SIAN, SIAN_DETAILS));
      await log('K2', 'owens', logged('Bin left on the pavement', contact('SIAN  OWENS', '', 'sowens@example.org')));
      await log('K2', 'text', logged('Fly-tipping behind the shops', null, 'Rang for sian owen, who saw it happen'));
      // Other people: a similar surname, the same first name, the surname as a first name.
      await log('K2', 'brian', logged('Street light out', contact('Brian Owen', '07700 900999', 'brian@example.org')));
      await log('K2', 'evans', logged('Pothole', contact('Siân Evans', '01543 462621', 'sian.evans@example.org')));
      await log('K2', 'price', logged('Graffiti', contact('Owen Price', '07700 900555', 'owen.price@example.org')));
      // At the unit's other kiosk (K1), held on K2 only at the hub; and at another forum's kiosk.
      await log('K1', 'k1', logged('Overgrown hedge on the footpath', contact('Sian Owen', '+44 7700 900123', ''), 'Asked for a call back after 5pm'));
      await log('HED', 'hed', logged('Noise from the pub', contact('Siân Owen', '07700 900123', 'Sian.Owen@example.org')));
      await call(kiosks['K1']!, 'sync:now', undefined);
      await call(kiosks['HED']!, 'sync:now', undefined);
      // K2's own reach the hub too (and K1's copy, publishable fields only, reaches K2).
      await call(kiosks['K2']!, 'sync:now', undefined);
    }, 60_000);
    afterEach(async () => {
      for (const backend of Object.values(kiosks)) backend.close();
      await hub.close();
      await storage.dispose();
    });

    const found = async (query: string, on = 'K2') =>
      Object.fromEntries((await call(kiosks[on]!, 'privacy:search', { query })).results.map((r) => [r.reference, r.heldAt]));
    const expectRefs = (result: Record<string, string>, keys: string[]) =>
      expect(Object.keys(result).sort()).toEqual(keys.map((key) => refs[key]).sort());

    it('finds the person under spelling variants of the name, here and at the hub, and nobody else', async () => {
      for (const query of ['Siân Owen', 'sian owen', '  SIAN   OWEN ', 'Sian-Owen']) {
        const result = await found(query);
        expectRefs(result, ['sian', 'owens', 'text', 'k1']);
        expect(result[refs['k1']!]).toBe('hub');
        expect(result[refs['sian']!]).toBe('both');
      }
      // A variant spelling and an initial reach the contact names; free text only by the name written out.
      for (const query of ['Sian Owens', 'S. Owen']) expectRefs(await found(query), ['sian', 'owens', 'k1']);
    });

    it('finds her by phone in any format, by email in any case and by reference', async () => {
      for (const query of ['07700900123', '+44 7700 900123', '(07700) 900 123', '0044 7700 900123']) expectRefs(await found(query), ['sian', 'k1']);
      expectRefs(await found('SIAN.OWEN@EXAMPLE.ORG'), ['sian']);
      expectRefs(await found(refs['sian']!.toLowerCase().replace(/-/g, ' ')), ['sian']);
    });

    it('exports everything held as JSON and a readable PDF, and audits the search and the export without the name', async () => {
      const search = await call(kiosks['K2']!, 'privacy:search', { query: 'Siân Owen' });
      expect(search.hub).toEqual({ state: 'searched', forumId: 'rugeley', found: 4 });
      const references = search.results.filter((r) => r.reference !== refs['text']).map((r) => r.reference);
      const json = JSON.parse(bytesOf(await call(kiosks['K2']!, 'privacy:export', { query: 'Siân Owen', references, format: 'json' })).toString('utf8')) as SubjectDocument;
      const byReference = (reference: string | undefined): SubjectEnquiry => json.enquiries.find((e) => e.reference === reference)!;
      expect(json.hub.state).toBe('searched');
      expect(json.enquiries.map((e) => e.reference).sort()).toEqual(references.sort());
      const mine = byReference(refs['sian']);
      expect(mine.kiosk).toMatchObject({ contact_name: 'Siân Owen', contact_phone: '07700 900123', contact_email: 'Sian.Owen@example.org', details: SIAN_DETAILS, contact_purpose: 'follow-up' });
      expect(mine.history.map((e) => e['action'])).toEqual(['created']);
      // The reads of it: the log that answered with it, and the search just made.
      expect(mine.reads.map((r) => r.channel)).toEqual(['enquiries:log', 'privacy:search']);
      const atHub = byReference(refs['k1']);
      expect(atHub.heldAt).toBe('hub');
      // K2 holds a copy of it without the contact or the details; the hub's record is the whole one.
      expect(atHub.kiosk).toMatchObject({ origin: 'hub', contact_name: null, details: '' });
      expect(atHub.hub?.data).toMatchObject({ details: 'Asked for a call back after 5pm', contact: { name: 'Sian Owen', phone: '+44 7700 900123' } });

      const pdf = await call(kiosks['K2']!, 'privacy:export', { query: 'Siân Owen', references, format: 'pdf' });
      expect(bytesOf(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
      for (const expected of [refs['sian']!, refs['owens']!, refs['k1']!, 'Siân Owen', SIAN_DETAILS, 'Asked for a call back after 5pm', 'sowens@example.org', 'Held at the Community Forum hub', 'The hub was asked']) {
        expect(text).toContain(expected);
      }
      expect(text).not.toContain(refs['text']!);
      expect(text).not.toContain('Brian');

      const db = openDatabase(kiosks['K2']!.databasePath, { readonly: true });
      const audit = db.prepare("SELECT * FROM read_audit WHERE channel LIKE 'privacy:%' ORDER BY id").all() as { channel: string; detail: string; username: string }[];
      db.close();
      expect(audit.map((row) => row.channel)).toEqual(['privacy:search', 'privacy:export', 'privacy:export']);
      expect(audit[1]!.detail.split(' ').sort()).toEqual(references.sort());
      expect(audit.every((row) => row.username === STAFF.username)).toBe(true);
      expect(JSON.stringify(audit)).not.toMatch(/si[aâ]n|owen/i);
    });

    it('says in the export when the hub cannot be reached, and lists what this kiosk holds', async () => {
      await hub.close();
      const search = await call(kiosks['K2']!, 'privacy:search', { query: 'Siân Owen' });
      expect(search.hub.state).toBe('unreachable');
      expect(search.results.map((r) => r.reference).sort()).toEqual([refs['sian'], refs['owens'], refs['text']].sort());
      const pdf = await call(kiosks['K2']!, 'privacy:export', { query: 'Siân Owen', references: [refs['sian']!], format: 'pdf' });
      expect((await pdfText(pdf)).replace(/\s+/g, ' ')).toContain('could not be reached');
      hub = await startHub({ ...storage.storage, port: 0, rateLimit: false, now });
    });

    it("searches only the device's own forum at the hub, and is for front-desk staff and administrators", async () => {
      const hed = await call(kiosks['HED']!, 'privacy:search', { query: 'Siân Owen' });
      expect(hed.results.map((r) => r.reference)).toEqual([refs['hed']]);
      expect(hed.hub).toEqual({ state: 'searched', forumId: 'hednesford', found: 1 });

      await call(kiosks['K2']!, 'auth:signIn', CHAIR, CHAIR_SCREEN);
      const refused = await kiosks['K2']!.dispatch('privacy:search', { query: 'Siân Owen' }, CHAIR_SCREEN);
      expect(refused.ok ? null : refused.error.code).toBe('auth/forbidden');
      await call(kiosks['K2']!, 'auth:signIn', ADMIN, 'admin-screen');
      expect((await call(kiosks['K2']!, 'privacy:search', { query: 'Siân Owen' }, 'admin-screen')).results).toHaveLength(4);
      const invalid = await kiosks['K2']!.dispatch('privacy:search', { query: '@' }, DESK);
      expect(invalid.ok ? null : invalid.error.code).toBe('input/invalid');
    });
  });
}
