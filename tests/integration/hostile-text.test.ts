import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { getDocumentProxy } from 'unpdf';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { openDatabase } from '../../db';
import { startHub, type RunningHub } from '../../server/hub';
import type { ChannelName, InputOf, ValueOf } from '../../shared/ipc/contract';
import type { ExportRequest } from '../../shared/forums/model';
import { pushResponseSchema } from '../../shared/sync/protocol';
import { pointAtHub } from '../support/enquiryBacklog';
import { CHAIR, STAFF, copyOfKiosk, staffedKioskTemplate } from '../support/kiosk';
import { HUB_STORES, openTestHubStorage, storeTitle, type TestHubStorage } from '../support/hubStores';
import { makeTempDir } from '../support/tempDir';

/**
 * Hostile text (issue 8): markup, script URLs, bidi overrides, a 5,000-character word, zero-width
 * characters, XML-invalid characters, formula starters, SQL and FTS5 syntax
 * (tests/fixtures/hostile-text.json) go in through every way a kiosk takes text and come out of
 * every way it gives text back: the database, staff search, directory search, the PDF, DOCX and
 * CSV exports, and a real hub on 127.0.0.1 (its JSON and CSV, and the copies it passes on).
 * The browser side is tests/e2e/hostile-text.spec.ts.
 */

interface Sample {
  readonly id: string;
  readonly note: string;
  readonly text: string;
  readonly stored?: string;
  readonly csv?: string;
}
// Read with JSON.parse: Vite's JSON import refuses the lone surrogate the fixture holds on purpose.
const hostile = JSON.parse(readFileSync(new URL('../fixtures/hostile-text.json', import.meta.url), 'utf8')) as { samples: Sample[]; searches: { query: string; note: string }[] };
const SAMPLES: readonly Sample[] = hostile.samples;
const SEARCHES: readonly { query: string; note: string }[] = hostile.searches;
const sample = (id: string): Sample => SAMPLES.find((s) => s.id === id) ?? (() => { throw new Error(`no sample ${id}`); })();

/** Bidi embeddings, overrides and isolates, C0/C1 controls but tab and line breaks: never kept, never served. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** What XML 1.0 cannot carry (besides the controls above): U+FFFE, U+FFFF and lone surrogates. */
const XML_INVALID = /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** What the kiosk keeps of a sample typed into a field holding `max` characters (the text is cut first, as the screens' maxLength does). */
function kept(s: Sample, max: number): string {
  const typed = s.text.slice(0, max);
  // SQLite holds UTF-8: a lone surrogate is written as U+FFFD.
  return (s.stored !== undefined && s.text.length <= max ? s.stored : typed).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const RESIDENT = 'kiosk-screen';
const DESK = 'desk-screen';
/** Field limits (shared/enquiries/model.ts LIMITS, shared/forums/model.ts FORUM_LIMITS). */
const MAX = { summary: 200, location: 120, details: 2000, title: 120, itemSummary: 1000, outcome: 500, minute: 2000 } as const;

let template: ReturnType<typeof makeTempDir>;
beforeAll(async () => {
  template = await staffedKioskTemplate();
}, 60_000);
afterAll(() => template.remove());

async function call<C extends ChannelName>(on: Backend, channel: C, input: InputOf<C>, caller: string = DESK): Promise<ValueOf<C>> {
  const result = await on.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ValueOf<C>;
}

function count(databasePath: string, sql: string): number {
  const db = openDatabase(databasePath, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Every sample raised at the touchscreen (summary and location) and logged at the desk (summary, location, details). */
async function saveEverySample(backend: Backend): Promise<Map<string, { raised: string; logged: string }>> {
  const ids = new Map<string, { raised: string; logged: string }>();
  await call(backend, 'auth:signIn', STAFF);
  for (const s of SAMPLES) {
    const raised = await call(backend, 'enquiries:raise', { topicId: 'roads', location: s.text.slice(0, MAX.location), summary: s.text.slice(0, MAX.summary), contact: null }, RESIDENT);
    const logged = await call(backend, 'enquiries:log', {
      channel: 'desk',
      topicId: 'roads',
      location: s.text.slice(0, MAX.location),
      summary: s.text.slice(0, MAX.summary),
      details: s.text.slice(0, MAX.details),
      contact: null,
      status: 'for-forum',
    });
    ids.set(s.id, { raised: raised.id, logged: logged.id });
  }
  await call(backend, 'auth:signOut', undefined);
  return ids;
}

// ---------------------------------------------------------------------------------------------
// The kiosk: saved text, search.

describe('hostile text on the kiosk', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let backend: Backend;
  beforeEach(() => {
    dir = copyOfKiosk(template);
    backend = createBackend({ dataDir: dir.path, now: () => new Date('2026-11-02T10:00:00Z'), log: () => {}, sync: { autoStart: false } });
  });
  afterEach(() => {
    backend.close();
    dir.remove();
  });

  it('is saved exactly as typed, but for bidi and control characters, which are stripped; joiners and SQL text are kept and no row is lost or added', async () => {
    const before = count(backend.databasePath, 'SELECT count(*) AS n FROM enquiries');
    const ids = await saveEverySample(backend);
    expect(count(backend.databasePath, 'SELECT count(*) AS n FROM enquiries')).toBe(before + 2 * SAMPLES.length);
    expect(count(backend.databasePath, "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'enquiries'")).toBe(1);

    await call(backend, 'auth:signIn', STAFF);
    for (const s of SAMPLES) {
      for (const id of Object.values(ids.get(s.id)!)) {
        const detail = await call(backend, 'enquiries:get', { id });
        expect(detail.summary, s.id).toBe(kept(s, MAX.summary));
        expect(detail.location, s.id).toBe(kept(s, MAX.location));
        for (const text of [detail.summary, detail.location, detail.details]) expect(text, s.id).not.toMatch(FORBIDDEN);
      }
    }
    const joiners = await call(backend, 'enquiries:get', { id: ids.get('zwj-zwnj')!.logged });
    expect(joiners.summary).toContain('\u200C');
    expect(joiners.summary).toContain('👩\u200D👩\u200D👧');
    expect(joiners.details).toBe(sample('zwj-zwnj').text);
    expect((await call(backend, 'enquiries:get', { id: ids.get('long-word')!.logged })).details).toBe(sample('long-word').text.slice(0, MAX.details));
  });

  it('a 5,000-character summary is refused as a field error, not cut or failed', async () => {
    const result = await backend.dispatch('enquiries:raise', { topicId: 'roads', location: 'Church Street', summary: sample('long-word').text, contact: null }, RESIDENT);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('input/invalid');
      expect(Object.keys(result.error.fields ?? {})).toEqual(['summary']);
    }
  });

  it('staff search and directory search take SQL, LIKE and FTS5 syntax as plain words', async () => {
    await saveEverySample(backend);
    await call(backend, 'auth:signIn', STAFF);
    const everything = (await call(backend, 'enquiries:list', { filter: {}, offset: 0, limit: 200 })).total;
    const found = async (text: string) => (await call(backend, 'enquiries:list', { filter: { text }, offset: 0, limit: 200 })).rows.map((row) => row.summary);
    for (const { query, note } of SEARCHES) {
      const rows = await found(query);
      // Words are searched for as words; punctuation alone is no filter at all (db/enquiries.ts ftsQuery).
      if (/[\p{L}\p{N}]/u.test(query)) expect(rows.length, `${note}: ${JSON.stringify(query)} must not match everything`).toBeLessThan(everything);
      else expect(rows.length, `${note}: ${JSON.stringify(query)} is no filter`).toBe(Math.min(everything, 200));
      const directory = await backend.dispatch('directory:search', { query }, RESIDENT);
      expect(directory.ok, `directory: ${note}`).toBe(true);
    }
    // The literal text is found, and only it.
    expect(new Set(await found('DROP TABLE enquiries'))).toEqual(new Set([sample('sql-drop').text]));
    expect(new Set(await found('100%'))).toEqual(new Set([sample('like-wildcards').text]));
    expect(new Set(await found('_sure_'))).toEqual(new Set([sample('like-wildcards').text]));
    expect(new Set(await found('NEAR(pothole'))).toEqual(new Set([sample('fts-syntax').text]));
    expect(new Set(await found('\u202Egnp.exe'))).toEqual(new Set([sample('rtl-override').stored]));
    expect(count(backend.databasePath, 'SELECT count(*) AS n FROM enquiries')).toBe(everything);
  });
});

// ---------------------------------------------------------------------------------------------
// The exports: PDF, DOCX, CSV.

interface ExportedText {
  readonly bytes: Buffer;
}

/** Every piece of text pdf.js finds on each page, with where it is drawn. */
async function pdfText(bytes: Buffer): Promise<{ text: string; pages: { width: number; items: { str: string; x: number; right: number }[] }[] }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const pages = [];
  let text = '';
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    const items = content.items.flatMap((item) => ('str' in item && item.str !== '' ? [{ str: item.str, x: item.transform[4] as number, right: (item.transform[4] as number) + item.width }] : []));
    text += items.map((item) => item.str).join('');
    pages.push({ width: page.view[2]!, items });
  }
  return { text, pages };
}

// jsdom's XML parser (saxes) is strict: it refuses what XML 1.0 forbids, as Word does. jsdom ships no types.
interface XmlNode {
  readonly textContent: string | null;
}
interface XmlDocument {
  getElementsByTagName(name: string): ArrayLike<XmlNode> & Iterable<XmlNode>;
}
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: { DOMParser: new () => { parseFromString(xml: string, type: string): XmlDocument } } };
};

/** word/document.xml, parsed by a conforming XML parser (jsdom's, saxes): null when the XML is not well-formed. */
function parseDocx(bytes: Buffer): { xml: string; document: XmlDocument | null } {
  const xml = strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!);
  const { DOMParser } = new JSDOM('').window;
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  return { xml, document: document.getElementsByTagName('parsererror').length > 0 ? null : document };
}

/** What a PDF must never hold that user text could have made: scripts, launches, links, actions on opening. */
const PDF_ACTIONS = ['/JS', '/JavaScript', '/Launch', '/URI', '/OpenAction', '/AA', '/SubmitForm', '/ImportData'];

describe('hostile text in the exports', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let backend: Backend;
  let meetingId: string;
  const clock = Date.parse('2026-11-02T10:00:00Z');

  beforeAll(async () => {
    dir = copyOfKiosk(template);
    backend = createBackend({ dataDir: dir.path, now: () => new Date(clock), log: () => {}, sync: { autoStart: false } });
    const ids = await saveEverySample(backend);
    await call(backend, 'auth:signIn', CHAIR);
    const meeting = await call(backend, 'forums:saveMeeting', { forumId: 'rugeley', date: '2026-11-26', startsAt: '18:30', place: sample('svg-onload').text, cancelled: false });
    meetingId = meeting.id;
    // One agenda item per sample: its text as title, summary, outcome and minute.
    for (const s of SAMPLES) {
      const agenda = await call(backend, 'forums:saveItem', {
        meetingId,
        title: `Item ${s.text}`.slice(0, MAX.title),
        summary: s.text.slice(0, MAX.itemSummary),
        restricted: false,
        referral: 'none',
        referralBody: '',
        enquiryIds: [ids.get(s.id)!.raised],
      });
      const item = agenda.items.at(-1)!;
      await call(backend, 'forums:recordOutcome', { id: item.id, version: item.version, decision: 'noted', outcome: `Outcome ${s.text}`.slice(0, MAX.outcome), minute: s.text.slice(0, MAX.minute) });
    }
  }, 60_000);
  afterAll(() => {
    backend.close();
    dir.remove();
  });

  const exportOf = async (request: ExportRequest): Promise<ExportedText> => {
    const file = await call(backend, 'forums:export', request);
    return { bytes: Buffer.from(file.base64, 'base64') };
  };
  const agenda = (format: 'pdf' | 'docx' | 'csv') => exportOf({ kind: 'agenda', meetingId, format, audience: 'internal', decisions: {} });
  const issues = (format: 'pdf' | 'docx' | 'csv') => exportOf({ kind: 'issues', forumId: 'rugeley', from: '2026-11-01', to: '2026-11-02', format, audience: 'internal', decisions: {} });

  it('PDFs carry the text as text: no script, link or launch action, nothing drawn outside the margins, and the words read back', async () => {
    for (const [name, make, margin] of [
      ['agenda', () => agenda('pdf'), 56],
      ['issues', () => issues('pdf'), 36],
    ] as const) {
      const { bytes } = await make();
      const raw = bytes.toString('latin1');
      for (const action of PDF_ACTIONS) expect(raw, `${name} PDF holds ${action}`).not.toMatch(new RegExp(`${action.replace('/', '\\/')}\\b`));
      const { text, pages } = await pdfText(bytes);
      for (const page of pages) {
        for (const item of page.items) {
          expect(item.x, `${name}: "${item.str.slice(0, 40)}" starts inside the left margin`).toBeGreaterThanOrEqual(margin - 0.5);
          expect(item.right, `${name}: "${item.str.slice(0, 40)}" ends inside the right margin`).toBeLessThanOrEqual(page.width - margin + 0.5);
        }
      }
      const flat = text.replace(/\s+/g, '');
      for (const id of ['script-tag', 'img-onerror', 'svg-onload', 'javascript-link', 'sql-drop', 'like-wildcards', 'fts-syntax', 'formula-equals']) {
        expect(flat, `${name} PDF reads back ${id}`).toContain(sample(id).text.replace(/\s+/g, ''));
      }
      expect(flat, `${name} PDF reads back the text once freed of its bidi overrides`).toContain('Invoicegnp.exeforbins');
      // The long word, broken over lines: pdf.js may number the pieces; the letters run on in order.
      expect(flat.replace(/…/g, ''), `${name} PDF holds the long word`).toContain('Llanfairpwllgwyngyll'.repeat(8));
    }
  });

  it('DOCX files parse as XML, hold the markup as text and no XML-invalid character', async () => {
    for (const [name, make] of [
      ['agenda', () => agenda('docx')],
      ['issues', () => issues('docx')],
    ] as const) {
      const { xml, document } = parseDocx((await make()).bytes);
      expect(document, `${name}: word/document.xml is well-formed XML`).not.toBeNull();
      expect(xml).not.toMatch(XML_INVALID);
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
      expect(document!.getElementsByTagName('script')).toHaveLength(0);
      expect(document!.getElementsByTagName('img')).toHaveLength(0);
      expect(document!.getElementsByTagName('svg')).toHaveLength(0);
      const text = Array.from(document!.getElementsByTagName('w:t'), (node) => node.textContent).join('');
      for (const id of ['script-tag', 'img-onerror', 'svg-onload', 'javascript-link', 'sql-drop', 'zwj-zwnj', 'fts-syntax']) expect(text, `${name}: ${id}`).toContain(kept(sample(id), MAX.summary));
      expect(text).toContain('Odd \uFFFD\uFFFD chars \uFFFD here');
      expect(text).not.toMatch(FORBIDDEN);
    }
  });

  it('CSV cells hold each text exactly, formula starters neutralised, one cell each, no bidi controls', async () => {
    const agendaRows = parse<Record<string, string>>((await agenda('csv')).bytes.toString('utf8'), { bom: true, columns: true });
    const issueRows = parse<Record<string, string>>((await issues('csv')).bytes.toString('utf8'), { bom: true, columns: true });
    expect(agendaRows).toHaveLength(SAMPLES.length);
    for (const row of [...agendaRows, ...issueRows]) for (const cell of Object.values(row)) expect(cell).not.toMatch(FORBIDDEN);
    const summaries = agendaRows.map((row) => row['Summary']);
    const issueSummaries = issueRows.map((row) => row['Summary']);
    for (const s of SAMPLES) {
      const expected = kept(s, MAX.summary);
      const cell = s.csv ?? expected;
      expect(summaries, s.id).toContain(s.csv ?? kept(s, MAX.itemSummary));
      expect(issueSummaries, s.id).toContain(cell);
    }
    // The minute column is multi-line text: a sample with a line break stays one cell.
    const outcomes = agendaRows.map((row) => row['Minute']);
    expect(outcomes).toContain(kept(sample('long-word'), MAX.minute));
  });
});

// ---------------------------------------------------------------------------------------------
// The hub, on each of its stores (tests/support/hubStores.ts).

for (const variant of HUB_STORES) {
  describe.skipIf(!variant.available)(`hostile text through a real hub ${storeTitle(variant)}`, () => {
    let hub: RunningHub;
    let storage: TestHubStorage;
    let kioskDir: ReturnType<typeof makeTempDir>;
    let otherDir: ReturnType<typeof makeTempDir>;
    let kiosk: Backend;
    let other: Backend;
    let token: string;
    const now = () => new Date('2026-11-02T10:00:00Z');

    beforeAll(async () => {
      storage = await openTestHubStorage(variant.name, 'hostile-text');
      hub = await startHub({ ...storage.storage, port: 0, rateLimit: false, now });
      kioskDir = copyOfKiosk(template);
      otherDir = copyOfKiosk(template);
      const device = await hub.store.addDevice({ unitId: 'rugeley', name: 'K2', now: now() });
      token = device.token;
      pointAtHub(join(kioskDir.path, 'onestop.db'), hub.url, device.token);
      const second = await hub.store.addDevice({ unitId: 'rugeley', name: 'K9', now: now() });
      pointAtHub(join(otherDir.path, 'onestop.db'), hub.url, second.token);
      kiosk = createBackend({ dataDir: kioskDir.path, now, log: () => {}, sync: { autoStart: false, timeoutMs: 5000 } });
      other = createBackend({ dataDir: otherDir.path, now, log: () => {}, sync: { autoStart: false, timeoutMs: 5000 } });
    }, 60_000);
    afterAll(async () => {
      kiosk.close();
      other.close();
      await hub.close();
      await storage.dispose();
      for (const d of [kioskDir, otherDir]) d.remove();
    });

    const api = (path: string) => `${hub.url}/api/v1${path}`;
    const bearer = () => ({ authorization: `Bearer ${token}` });
    const issuesJson = async () => {
      const response = await fetch(api('/forums/rugeley/issues?from=2026-10-01&to=2026-11-30'), { headers: bearer() });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json\b/);
      return ((await response.json()) as { issues: { id: string; reference: string; summary: string; location: string; outcome: string | null }[] }).issues;
    };
    const issuesCsv = async () => {
      const response = await fetch(api('/forums/rugeley/issues.csv?from=2026-10-01&to=2026-11-30'), { headers: bearer() });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv\b/);
      return parse<Record<string, string>>(await response.text(), { bom: true, columns: true });
    };

    it('a kiosk sync carries the text intact to the hub, whose JSON and CSV serve it as text', async () => {
      await saveEverySample(kiosk);
      const status = await kiosk.sync.syncNow();
      expect(status.lastError).toBeNull();
      expect(status.rejected.changes).toEqual([]);
      const served = await issuesJson();
      const csv = await issuesCsv();
      for (const s of SAMPLES) {
        expect(served.map((issue) => issue.summary), s.id).toContain(kept(s, MAX.summary));
        expect(csv.map((row) => row['summary']), s.id).toContain(s.csv ?? kept(s, MAX.summary));
      }
      for (const row of csv) for (const cell of Object.values(row)) expect(cell).not.toMatch(FORBIDDEN);
    });

    /** An enquiry change as a device other than our kiosk might push it. */
    const enquiryPush = (reference: string, text: string) => {
      const createdAt = '2026-11-02T09:00:00Z';
      return {
        id: randomUUID(),
        entity: 'enquiry',
        version: 1,
        data: {
          reference,
          unitId: 'rugeley',
          forumId: 'rugeley',
          deviceCode: 'K7',
          topic: 'roads',
          body: 'county',
          summary: text,
          details: text,
          location: `\u202E${text}`,
          channel: 'kiosk',
          status: 'for-forum',
          outcome: text,
          mergedInto: null,
          language: 'en-GB',
          contact: null,
          createdAt,
          updatedAt: createdAt,
        },
      };
    };
    const pushRaw = (changes: unknown[]) =>
      fetch(api('/sync/push'), { method: 'POST', headers: { ...bearer(), 'content-type': 'application/json' }, body: JSON.stringify({ changes }) });

    /** The issue as the hub's JSON and CSV serve it: no bidi or control character, nothing XML or a spreadsheet cannot hold. */
    const expectServedClean = async (reference: string) => {
      const served = (await issuesJson()).find((issue) => issue.reference === reference);
      expect(served, `${reference} is served`).toBeDefined();
      for (const text of [served!.summary, served!.location, served!.outcome ?? '']) {
        expect(text).not.toMatch(FORBIDDEN);
        expect(text).not.toMatch(XML_INVALID);
      }
      expect(served!.summary).toContain('gnp.exe');
      const row = (await issuesCsv()).find((r) => r['reference'] === reference);
      for (const cell of Object.values(row!)) expect(cell).not.toMatch(FORBIDDEN);
    };

    it('text pushed straight to the hub with bidi controls, C1 controls and a lone surrogate is served back without them', async () => {
      const response = await pushRaw([enquiryPush('RUG-K7-000001', 'Pay \u202Egnp.exe\u202C now \u2067isolated\u2069 \uD800 lone \u0085 end')]);
      expect(response.status).toBe(200);
      expect(pushResponseSchema.parse(await response.json()).results.map((r) => r.status)).toEqual(['applied']);
      await expectServedClean('RUG-K7-000001');
    });

    it('text with NUL pushed straight to the hub is served back without it, or refused for that change alone', async () => {
      const response = await pushRaw([enquiryPush('RUG-K7-000002', 'Pay \u202Egnp.exe\u202C now\u0000 end')]);
      expect(response.status).toBe(200);
      const [result] = pushResponseSchema.parse(await response.json()).results;
      // PostgreSQL cannot hold NUL in text, and refuses that change; SQLite keeps it, and the endpoints must not serve it.
      if (result!.status === 'rejected') expect(result!.error).toEqual(expect.any(String));
      else {
        expect(result!.status).toBe('applied');
        await expectServedClean('RUG-K7-000002');
      }
    });

    const pulled = async (reference: string) => {
      const status = await other.sync.syncNow();
      expect(status.lastError).toBeNull();
      const db = openDatabase(other.databasePath, { readonly: true });
      try {
        return db.prepare('SELECT summary, location, outcome FROM enquiries WHERE reference = ?').get(reference) as Record<string, string | null> | undefined;
      } finally {
        db.close();
      }
    };

    // The hub stores pushed text as sent (server/storeRules.ts); the kiosk cleans what it pulls
    // (electron/backend/sync.ts: copies, outcomes and meeting places, with receivedText), so a hostile
    // device's bidi override or control character never reaches another kiosk's database or screens.
    it('a copy of a hostile push that another kiosk pulls holds no bidi or control character', async () => {
      const copy = await pulled('RUG-K7-000001');
      expect(copy, 'the copy reached the other kiosk').toBeDefined();
      for (const text of Object.values(copy!)) expect(text ?? '', 'a pulled copy keeps no bidi or control character').not.toMatch(FORBIDDEN);
    });

    it('an outcome a hostile agenda item pushes, pulled by another kiosk, holds no bidi or control character', async () => {
      const meetingId = randomUUID();
      const enquiry = (await issuesJson()).find((issue) => issue.reference === 'RUG-K7-000001')!;
      const push = async (changes: unknown[]) => {
        const response = await fetch(api('/sync/push'), { method: 'POST', headers: { ...bearer(), 'content-type': 'application/json' }, body: JSON.stringify({ changes }) });
        return pushResponseSchema.parse(await response.json()).results.map((r) => r.status);
      };
      const updatedAt = '2026-11-02T09:30:00Z';
      expect(await push([{ id: meetingId, entity: 'meeting', version: 1, data: { forumId: 'rugeley', date: '2026-11-26', startsAt: '18:30', place: 'Town Hall', cancelled: false, updatedAt } }])).toEqual(['applied']);
      const item = {
        meetingId, forumId: 'rugeley', position: 1, title: 'Item', summary: 'Summary', restricted: false, referral: 'none', referralBody: '',
        enquiryIds: [enquiry.id], decision: 'noted', outcome: 'Fixed \u202Egnp.exe\u202C done', minute: null, removed: false, updatedAt,
      };
      expect(await push([{ id: randomUUID(), entity: 'agenda-item', version: 1, data: item }])).toEqual(['applied']);
      const copy = await pulled('RUG-K7-000001');
      expect(copy?.outcome).toContain('gnp.exe');
      expect(copy!.outcome).not.toMatch(FORBIDDEN);
    });
  });
}
