import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { agendaDocx, agendaPdf, fontFiles, issuesDocx, issuesPdf, meetingsIcs } from '../../electron/backend/exports';
import { agendaJson, issuesJson } from '../../shared/forums/committeeJson';
import { agendaCsv, issuesCsv, neutraliseCell, toCsv } from '../../shared/forums/csv';
import type { AgendaPack, IssueRecord, IssuesDocument, MeetingCalendar, PackItem } from '../../shared/forums/exportModel';
import { documentDate, documentTranslator } from '../../shared/i18n/documents';
import { resources } from '../../shared/i18n/resources';
import { makeTempDir } from '../support/tempDir';

/**
 * The export writers, read back from their bytes: PDF text through pdf.js (unpdf), DOCX unzipped
 * and its XML read, CSV parsed with csv-parse, JSON parsed, ICS read line by line. The documents
 * are built here directly: deciding what a public one may hold is publication.ts's job, tested
 * there; these tests check that a writer prints everything it is given, and only that.
 */

const t = documentTranslator();
const english = resources['en-GB'].translation;
const REPO = resolve(import.meta.dirname, '../..');

const GENERATED_AT = '2025-10-07T08:15:00.000Z';
/** The meeting's date in words, as the documents print it ("Tuesday 14 October 2025"; ICU may add a comma). */
const MEETING_DAY = documentDate(t, '2025-10-14', 'long');

/** Text awkward for every format: quotes, commas, line breaks, Polish, Romanian, Urdu, an emoji. */
const AWKWARD = 'Mrs O\'Neill said "it\'s dangerous", twice,\nthen: Dąbrowski & Ștefan; اردو میں شکایت 👍';

const internalItems: PackItem[] = [
  {
    number: 1,
    title: 'Potholes on Church Street',
    summary: 'Deep potholes outside the primary school; three residents have damaged tyres since August.',
    restricted: false,
    referral: 'body',
    referralBody: 'Staffordshire County Council Highways',
    raisedBy: 5,
    references: ['RUG-K2-000417', 'RUG-K2-000418', 'RUG-K1-000090'],
    decision: 'referred',
    outcome: 'Referred to County Highways for repair before the winter.',
    minute: 'Cllr Patel to chase Highways if nothing is done by November.',
  },
  {
    number: 2,
    title: 'Antisocial behaviour at Brereton park',
    summary: 'Groups gathering after dark near the play area, bottles left on the grass.',
    restricted: false,
    referral: 'pact',
    referralBody: '',
    raisedBy: 3,
    references: ['RUG-K1-000101'],
    decision: null,
    outcome: null,
    minute: null,
  },
  {
    number: 3,
    title: 'Housing repair for a named tenant',
    summary: 'Damp in a council flat; the tenant has a medical condition.',
    restricted: true,
    referral: 'none',
    referralBody: '',
    raisedBy: 1,
    references: ['RUG-K2-000502'],
    decision: 'action-agreed',
    outcome: 'Housing officer to visit.',
    minute: 'Tenant known to adult social care; see case notes.',
  },
  {
    number: 4,
    title: 'Fly-tipping behind the garages',
    summary: AWKWARD,
    restricted: false,
    referral: 'cat',
    referralBody: '',
    raisedBy: 2,
    references: ['RUG-K2-000610', 'RUG-K2-000611'],
    decision: 'closed',
    outcome: 'Cleared by the district council on 2 October.',
    minute: 'No further action.',
  },
];

const internalPack: AgendaPack = {
  audience: 'internal',
  forumId: 'rugeley',
  forumName: 'Rugeley Community Forum',
  meeting: { date: '2025-10-14', startsAt: '18:30', place: 'Rugeley Town Hall, Market Square', cancelled: false },
  chairName: 'Cllr Anita Patel',
  generatedAt: GENERATED_AT,
  items: internalItems,
};

/** What publication.ts makes of it: no restricted item (renumbered), no references, no minutes. */
const publicPack: AgendaPack = {
  ...internalPack,
  audience: 'public',
  items: internalItems
    .filter((item) => !item.restricted)
    .map((item, index) => ({ ...item, number: index + 1, references: [], minute: null })),
};

const ISSUE_TOPICS = ['roads', 'fly-tipping', 'antisocial-behaviour', 'street-lights', 'bin-collection'] as const;
const BODY_OF = { roads: 'county', 'fly-tipping': 'district', 'antisocial-behaviour': 'police', 'street-lights': 'county', 'bin-collection': 'district' } as const;

function issue(index: number, overrides: Partial<IssueRecord> = {}): IssueRecord {
  const topicId = ISSUE_TOPICS[index % ISSUE_TOPICS.length]!;
  return {
    reference: `RUG-K${1 + (index % 3)}-${String(100 + index).padStart(6, '0')}`,
    raisedOn: `2025-0${7 + (index % 3)}-${String(1 + (index % 28)).padStart(2, '0')}`,
    topicId,
    body: BODY_OF[topicId],
    area: index % 4 === 0 ? null : 'Brereton',
    location: `${index % 2 === 0 ? '' : `${index} `}Church Street, Brereton`,
    summary: `Issue ${index}: ${index % 2 === 0 ? 'lights out along the footpath by the canal' : 'bags dumped again by the garages, getting worse every week'}`,
    status: index % 5 === 0 ? 'closed' : 'for-forum',
    outcome: index % 5 === 0 ? 'Cleared by the district council.' : null,
    mergedInto: index % 7 === 6 ? 'RUG-K1-000100' : null,
    ...overrides,
  };
}

function issuesDoc(issues: readonly IssueRecord[], audience: 'internal' | 'public' = 'internal'): IssuesDocument {
  return { audience, forumId: 'rugeley', forumName: 'Rugeley Community Forum', from: '2025-07-01', to: '2025-09-30', generatedAt: GENERATED_AT, issues };
}

/** Whitespace folded, so text wrapped across lines of a page compares with the one-line original. */
const folded = (text: string) => text.replace(/\s+/g, ' ').trim();

async function pdfText(bytes: Uint8Array): Promise<{ pages: string[]; all: string }> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false });
  return { pages: text.map(folded), all: folded(text.join(' ')) };
}

// ---------------------------------------------------------------------------------------------

describe('document words', () => {
  it('come from the documents resource, with topic, body and status names as the screens have them', () => {
    expect(t('agenda.heading')).toBe('Agenda');
    expect(t('topics.roads')).toBe(english.topics.roads);
    expect(t('bodyNames.county')).toBe(english.bodyNames.county);
    expect(t('enquiryStatus.for-forum')).toBe(english.enquiryStatus['for-forum']);
    expect(t('agenda.raisedBy', { count: 1 })).toBe('Raised by 1 resident');
    expect(t('agenda.raisedBy', { count: 5 })).toBe('Raised by 5 residents');
    expect(t('issues.count', { count: 10_000 })).toBe('10,000 issues');
    expect(t('redacted.phone')).toMatch(/removed/);
    expect(MEETING_DAY).toMatch(/^Tuesday,? 14 October 2025$/);
    expect(documentDate(t, '2025-03-30', 'short')).toBe('30 Mar 2025');
  });
});

describe('PDF agenda pack', () => {
  it('holds the forum, the meeting and every item with its referral and outcome, numbered pages and metadata', async () => {
    const bytes = await agendaPdf(internalPack, t);
    const { pages, all } = await pdfText(bytes);

    expect(all).toContain('Rugeley Community Forum');
    expect(all).toContain('Agenda');
    expect(all).toContain(MEETING_DAY);
    expect(all).toContain('18:30');
    expect(all).toContain('Rugeley Town Hall, Market Square');
    expect(all).toContain('Cllr Anita Patel');
    expect(all).toContain('Internal: not for publication');
    for (const item of internalItems) {
      expect(all).toContain(`${item.number}. ${item.title}`);
      // The Urdu and the emoji are not in Noto Sans: the Latin text around them must still be there.
      expect(all).toContain(folded(item.summary.split('اردو')[0]!));
      expect(all).toContain(`Raised by ${item.raisedBy} resident`);
      if (item.outcome) expect(all).toContain(`Outcome: ${item.outcome}`);
      if (item.minute) expect(all).toContain(`Minute: ${item.minute}`);
      for (const reference of item.references) expect(all).toContain(reference);
    }
    expect(all).toContain('Referred to Staffordshire County Council Highways');
    expect(all).toContain('Referred to the Partners and Communities Together meeting (PACT)');
    expect(all).toContain('Referred to the Community Action Team (CAT)');
    expect(all).toContain('Decision: Action agreed');
    // The restricted marker sits with item 3 only.
    expect(all.match(/Restricted: Schedule 12A, information about an individual/g)).toHaveLength(1);
    expect(all.indexOf('Restricted: Schedule 12A')).toBeGreaterThan(all.indexOf('3. Housing repair'));
    expect(all.indexOf('Restricted: Schedule 12A')).toBeLessThan(all.indexOf('4. Fly-tipping'));
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));

    const { info } = await getMeta(new Uint8Array(bytes), { parseDates: true });
    expect(info.Title).toBe(`Rugeley Community Forum: agenda for ${MEETING_DAY}`);
    expect(info.Author).toBe('Rugeley Community Forum');
    expect(info.Subject).toBe(`Community Forum agenda for the meeting on ${MEETING_DAY}`);
    expect(info.CreationDate).toEqual(new Date(GENERATED_AT));
  });

  it('gives the same bytes for the same pack', async () => {
    const [first, second] = await Promise.all([agendaPdf(internalPack, t), agendaPdf(internalPack, t)]);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('a public pack holds nothing marked restricted or internal', async () => {
    const { all } = await pdfText(await agendaPdf(publicPack, t));
    expect(all).toContain('Public version');
    expect(all).not.toMatch(/Restricted|Internal|Schedule 12A|Minute|Enquiries:/);
    expect(all).not.toContain('Housing repair');
    for (const reference of internalItems.flatMap((item) => item.references)) expect(all).not.toContain(reference);
    for (const item of publicPack.items) expect(all).toContain(`${item.number}. ${item.title}`);
  });

  it('says when a meeting is cancelled, its time is not set, or the agenda is empty', async () => {
    const pack: AgendaPack = { ...publicPack, chairName: null, meeting: { ...publicPack.meeting, startsAt: null, place: null, cancelled: true }, items: [] };
    const { all } = await pdfText(await agendaPdf(pack, t));
    expect(all).toContain('This meeting has been cancelled.');
    expect(all).toContain('Time: To be confirmed');
    expect(all).toContain('There are no items on this agenda.');
    expect(all).not.toContain('Chair:');
  });

  it('prints text its font cannot show without failing', async () => {
    const strange = 'Lone \uD800 surrogate, nul \u0000, right-to-left \u202E override, ਪੰਜਾਬੀ, 👩🏽‍🔧, \uFFFF end';
    const pack: AgendaPack = { ...publicPack, items: [{ ...publicPack.items[0]!, title: `Title ${strange}`, summary: strange }] };
    const { all } = await pdfText(await agendaPdf(pack, t));
    expect(all).toContain('1. Title Lone');
    expect(all).toContain('end');
  });
});

describe('PDF issues list', () => {
  it('lists every issue over several pages, the header and page number on each', async () => {
    const issues = Array.from({ length: 240 }, (_, i) => issue(i));
    const bytes = await issuesPdf(issuesDoc(issues), t);
    const { pages, all } = await pdfText(bytes);
    expect(pages.length).toBeGreaterThan(3);
    expect(all).toContain('240 issues');
    expect(all).toContain('From 1 July 2025 to 30 September 2025');
    for (const i of issues) {
      expect(all).toContain(i.reference);
      expect(all).toContain(i.summary);
    }
    expect(all).toContain('Merged into RUG-K1-000100');
    expect(all).toContain(english.topics['fly-tipping']);
    expect(all).toContain(english.bodyNames.police);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(page).toMatch(/Reference Raised on/);
    });
    // Each issue once: the page breaks neither drop nor repeat a row.
    for (const i of issues) expect(all.split(i.reference).length - 1 - (all.split(`Merged into ${i.reference}`).length - 1)).toBe(1);
  });

  it('says so when there are no issues', async () => {
    const { pages, all } = await pdfText(await issuesPdf(issuesDoc([], 'public'), t));
    expect(pages).toHaveLength(1);
    expect(all).toContain('No issues were raised in this period.');
    expect(all).toContain('Page 1 of 1');
  });
});

// ---------------------------------------------------------------------------------------------

/** The paragraphs of a WordprocessingML part, as text (line breaks as "\n"). */
function paragraphs(xml: string): { style: string | null; text: string }[] {
  const decode = (text: string) =>
    text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((match) => {
    const body = match[1] ?? match[2] ?? '';
    const style = /<w:pStyle w:val="([^"]+)"\/>/.exec(body)?.[1] ?? null;
    const text = [...body.matchAll(/<w:br\/>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => (m[0] === '<w:br/>' ? '\n' : decode(m[1] ?? ''))).join('');
    return { style, text };
  });
}

function docxParts(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

describe('DOCX', () => {
  it('the agenda opens as a Word package with every item as a numbered Heading 2, its summary and outcome', async () => {
    const parts = docxParts(await agendaDocx(internalPack, t));
    expect(parts['[Content_Types].xml']).toContain('wordprocessingml.document.main+xml');
    const document = parts['word/document.xml']!;
    const found = paragraphs(document);
    const texts = found.map((p) => p.text);

    expect(found.find((p) => p.style === 'Title')?.text).toBe('Rugeley Community Forum');
    expect(found.find((p) => p.style === 'Heading1')?.text).toBe('Agenda');
    const headings = found.filter((p) => p.style === 'Heading2');
    expect(headings.map((h) => h.text)).toEqual(internalItems.map((item) => item.title));
    // Word numbers them: every item heading carries the agenda's decimal numbering.
    expect(document.match(/<w:pStyle w:val="Heading2"\/><w:numPr>/g)).toHaveLength(internalItems.length);
    expect(parts['word/numbering.xml']).toMatch(/<w:numFmt w:val="decimal"\/>[\s\S]*<w:lvlText w:val="%1."\/>/);
    expect(parts['word/styles.xml']).toContain('w:styleId="Heading2"');

    for (const item of internalItems) {
      expect(texts).toContain(item.summary.replace(/\r\n?/g, '\n'));
      if (item.outcome) expect(texts).toContain(`Outcome: ${item.outcome}`);
      if (item.minute) expect(texts).toContain(`Minute: ${item.minute}`);
    }
    expect(texts).toContain(`Date: ${MEETING_DAY}`);
    expect(texts).toContain('Chair: Cllr Anita Patel');
    expect(texts).toContain('Restricted: Schedule 12A, information about an individual');
    expect(texts).toContain('Referred to the Community Action Team (CAT)');
    expect(parts['word/footer1.xml']).toMatch(/PAGE[\s\S]*NUMPAGES/);
    expect(parts['docProps/core.xml']).toContain('Rugeley Community Forum');
  });

  it('a public agenda holds nothing marked restricted or internal', async () => {
    const parts = docxParts(await agendaDocx(publicPack, t));
    const text = paragraphs(parts['word/document.xml']!).map((p) => p.text).join('\n');
    expect(text).toContain('Public version');
    expect(text).not.toMatch(/Restricted|Internal|Schedule 12A|Minute|Enquiries:/);
    expect(paragraphs(parts['word/footer1.xml']!).map((p) => p.text).join(' ')).not.toContain('Internal');
  });

  it('keeps the package valid XML whatever the resident typed', async () => {
    const pack: AgendaPack = { ...publicPack, items: [{ ...publicPack.items[0]!, summary: 'bad \uD800 \u0000 \uFFFF <b>&amp;</b> end' }] };
    const document = docxParts(await agendaDocx(pack, t))['word/document.xml']!;
    // eslint-disable-next-line no-control-regex -- looking for what XML 1.0 forbids
    expect(document).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(paragraphs(document).map((p) => p.text)).toContain('bad \uFFFD \uFFFD \uFFFD <b>&amp;</b> end');
  });

  it('the issues are a table with a repeating header row and one row per issue', async () => {
    const issues = Array.from({ length: 30 }, (_, i) => issue(i));
    const parts = docxParts(await issuesDocx(issuesDoc(issues), t));
    const document = parts['word/document.xml']!;
    expect(document.match(/<w:tr>|<w:tr /g)).toHaveLength(issues.length + 1);
    expect(document).toMatch(/<w:tblHeader\/>/);
    expect(document).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    const texts = paragraphs(document).map((p) => p.text);
    expect(texts).toContain('Issues raised');
    for (const i of issues) {
      expect(texts.some((text) => text.startsWith(`${i.reference}\n`))).toBe(true);
      expect(texts).toContain(i.summary);
    }
  });
});

// ---------------------------------------------------------------------------------------------

const BOM = '\uFEFF';
const readCsv = (text: string): string[][] => parse(text, { bom: true });

describe('CSV', () => {
  it('is UTF-8 with a BOM, CRLF rows, the header in words, and reads back exactly', () => {
    const awkward = [
      issue(0, { summary: AWKWARD, location: 'Flat 2, "The Maltings", Brereton' }),
      issue(1, { summary: 'Windows line\r\nbreak', location: 'Flat 2\nThe Maltings', outcome: 'A lone\rreturn' }),
      issue(2, { area: null, outcome: null, mergedInto: null }),
    ];
    const csv = issuesCsv(issuesDoc(awkward), t);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [headerLine] = csv.slice(1).split('\r\n');
    expect(headerLine).toBe('Reference,Raised on,Topic,Responsible body,Area,Location,Summary,Status,Outcome,Merged into');

    const rows = readCsv(csv);
    expect(rows).toHaveLength(awkward.length + 1);
    rows.slice(1).forEach((row, index) => {
      const original = awkward[index]!;
      expect(row).toEqual([
        original.reference,
        original.raisedOn,
        english.topics[original.topicId as keyof typeof english.topics],
        english.bodyNames[original.body],
        original.area ?? '',
        original.location,
        original.summary,
        english.enquiryStatus[original.status],
        original.outcome ?? '',
        original.mergedInto ?? '',
      ]);
    });
    // Every row ends in CRLF: with quoted line breaks taken out, no bare LF or CR is left.
    const unquoted = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted).not.toMatch(/[^\r]\n|\r[^\n]/);
  });

  it('the agenda has internal-only columns only when internal', () => {
    const internal = readCsv(agendaCsv(internalPack, t));
    expect(internal[0]).toEqual(['Number', 'Title', 'Summary', 'Raised by (residents)', 'Referral', 'Restricted (Schedule 12A)', 'Enquiry references', 'Decision', 'Outcome', 'Minute']);
    expect(internal.slice(1).map((row) => row[5])).toEqual(['No', 'No', 'Yes', 'No']);
    expect(internal[1]![6]).toBe('RUG-K2-000417; RUG-K2-000418; RUG-K1-000090');
    expect(internal[4]![2]).toBe(AWKWARD);
    expect(internal[1]![7]).toBe('Referred');

    const publicRows = readCsv(agendaCsv(publicPack, t));
    expect(publicRows[0]).toEqual(['Number', 'Title', 'Summary', 'Raised by (residents)', 'Referral', 'Decision', 'Outcome']);
    expect(publicRows.slice(1).map((row) => row[1])).toEqual(publicPack.items.map((item) => item.title));
    expect(publicRows.flat().join(' ')).not.toMatch(/RUG-K|Cllr Patel to chase/);
  });

  // OWASP CSV injection: a cell starting with = + - @ tab or CR is prefixed with ', and (our rule,
  // csv.ts) so is one whose first character after leading whitespace is = + - or @.
  const cases: readonly [string, string][] = [
    ['=1+1', "'=1+1"],
    ['+44 1543 462621', "'+44 1543 462621"],
    ['-2', "'-2"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ["=cmd|'/c calc'!A1", "'=cmd|'/c calc'!A1"],
    [' =1+1', "' =1+1"],
    ['\n  @SUM(1)', "'\n  @SUM(1)"],
    ['\u00A0+1', "'\u00A0+1"],
    ['Pothole - 2 metres wide', 'Pothole - 2 metres wide'],
    ['email a@b.example = fine', 'email a@b.example = fine'],
    ['Twenty-two bins', 'Twenty-two bins'],
    ["'already quoted", "'already quoted"],
    ['', ''],
  ];
  it.each(cases)('neutraliseCell(%j) is %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it('neutralises every text cell it writes, not numbers it made itself', () => {
    const rows = readCsv(toCsv(['=Header', 'count'], [...cases.map(([input], i): [string, number] => [input, -i]), ['x', 0]]));
    expect(rows[0]).toEqual(["'=Header", 'count']);
    cases.forEach(([, expected], i) => expect(rows[i + 1]).toEqual([expected, String(-i)]));
    const summaries = readCsv(issuesCsv(issuesDoc([issue(3, { summary: '=1+1', location: '@here', outcome: '-5' })]), t));
    expect(summaries[1]!.slice(5, 7)).toEqual(["'@here", "'=1+1"]);
    expect(summaries[1]![8]).toBe("'-5");
  });

  it('refuses a row of the wrong length', () => {
    expect(() => toCsv(['a', 'b'], [['1']])).toThrow(/1 cells, the header 2/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('committee JSON', () => {
  it('the agenda has the agenda-item shape, keys in a fixed order, internal fields only when internal', () => {
    const text = agendaJson(internalPack);
    expect(text).toBe(agendaJson(internalPack));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "forum": {\n    "id": "rugeley"');
    const agenda = JSON.parse(text) as Record<string, unknown> & { items: Record<string, unknown>[] };
    expect(Object.keys(agenda)).toEqual(['forum', 'meeting', 'audience', 'generatedAt', 'items']);
    expect(agenda.meeting).toEqual({ date: '2025-10-14', startsAt: '18:30', place: 'Rugeley Town Hall, Market Square', cancelled: false });
    expect(Object.keys(agenda.items[0]!)).toEqual(['number', 'title', 'text', 'restricted', 'minute', 'internalMinute', 'decision', 'referral', 'raisedBy', 'references']);
    expect(agenda.items[0]).toEqual({
      number: 1,
      title: 'Potholes on Church Street',
      text: internalItems[0]!.summary,
      restricted: false,
      minute: internalItems[0]!.outcome,
      internalMinute: internalItems[0]!.minute,
      decision: 'referred',
      referral: { kind: 'body', body: 'Staffordshire County Council Highways' },
      raisedBy: 5,
      references: ['RUG-K2-000417', 'RUG-K2-000418', 'RUG-K1-000090'],
    });
    expect(agenda.items.map((item) => item.referral)).toEqual([
      { kind: 'body', body: 'Staffordshire County Council Highways' },
      { kind: 'pact', body: null },
      { kind: 'none', body: null },
      { kind: 'cat', body: null },
    ]);
    expect(agenda.items[2]!.restricted).toBe(true);
    expect(agenda.items[3]!.text).toBe(AWKWARD);

    const publicAgenda = JSON.parse(agendaJson(publicPack)) as { audience: string; items: Record<string, unknown>[] };
    expect(publicAgenda.audience).toBe('public');
    for (const item of publicAgenda.items) {
      expect(Object.keys(item)).toEqual(['number', 'title', 'text', 'restricted', 'minute', 'decision', 'referral', 'raisedBy']);
      expect(item.restricted).toBe(false);
    }
  });

  it('the issues list every issue with machine values', () => {
    const issues = [issue(0), issue(6)];
    const parsed = JSON.parse(issuesJson(issuesDoc(issues, 'public'))) as Record<string, unknown> & { issues: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['forum', 'period', 'audience', 'generatedAt', 'count', 'issues']);
    expect(parsed.period).toEqual({ from: '2025-07-01', to: '2025-09-30' });
    expect(parsed.count).toBe(2);
    expect(parsed.issues[1]).toEqual({
      reference: issues[1]!.reference,
      raisedOn: issues[1]!.raisedOn,
      topic: issues[1]!.topicId,
      body: issues[1]!.body,
      area: issues[1]!.area,
      location: issues[1]!.location,
      summary: issues[1]!.summary,
      status: issues[1]!.status,
      outcome: null,
      mergedInto: 'RUG-K1-000100',
    });
  });
});

// ---------------------------------------------------------------------------------------------

const calendar: MeetingCalendar = {
  forumId: 'rugeley',
  forumName: 'Rugeley Community Forum',
  meetings: [
    // British Summer Time: 18:30 in London is 17:30 UTC.
    { id: '3f1c1d52-7a39-4c4b-9d43-0d7a3f0a1b01', version: 1, date: '2025-10-14', startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false },
    // The clocks go back at 02:00 on Sunday 26 October 2025: 18:30 that evening is GMT.
    { id: '3f1c1d52-7a39-4c4b-9d43-0d7a3f0a1b02', version: 3, date: '2025-10-26', startsAt: '18:30', place: 'Brereton Village Hall, Main Road; Room 2', cancelled: false },
    { id: '3f1c1d52-7a39-4c4b-9d43-0d7a3f0a1b03', version: 2, date: '2025-11-11', startsAt: '19:00', place: null, cancelled: true },
    { id: '3f1c1d52-7a39-4c4b-9d43-0d7a3f0a1b04', version: 1, date: '2025-12-31', startsAt: null, place: 'Rugeley Library', cancelled: false },
  ],
};

/** The calendar's events, each as its unfolded property lines. */
function events(ics: string): Map<string, string>[] {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  const out: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') {
      current = new Map();
    } else if (line === 'END:VEVENT' && current) {
      out.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      current.set(line.slice(0, colon), line.slice(colon + 1));
    }
  }
  return out;
}

describe('ICS', () => {
  const now = new Date('2025-10-07T08:15:00Z');

  it('publishes one event per meeting, updated in place by id and version, London times across the clock change', () => {
    const ics = meetingsIcs(calendar, t, { now });
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('\r\nMETHOD:PUBLISH\r\n');
    expect(ics.match(/^BEGIN:VEVENT$/gm)).toHaveLength(calendar.meetings.length);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    const [summer, afterChange, cancelled, allDay] = events(ics);
    calendar.meetings.forEach((meeting, index) => {
      const event = events(ics)[index]!;
      expect(event.get('UID')).toBe(`${meeting.id}@onestop`);
      expect(event.get('SEQUENCE')).toBe(String(meeting.version - 1));
      expect(event.get('DTSTAMP')).toBe('20251007T081500Z');
    });
    expect(summer!.get('DTSTART')).toBe('20251014T173000Z');
    expect(summer!.get('DURATION')).toBe('PT2H');
    expect(summer!.get('SUMMARY')).toBe('Rugeley Community Forum meeting');
    expect(summer!.get('LOCATION')).toBe('Rugeley Town Hall');
    expect(summer!.get('STATUS')).toBe('CONFIRMED');
    expect(afterChange!.get('DTSTART')).toBe('20251026T183000Z');
    expect(afterChange!.get('LOCATION')).toBe('Brereton Village Hall\\, Main Road\\; Room 2');
    expect(cancelled!.get('STATUS')).toBe('CANCELLED');
    expect(cancelled!.get('SUMMARY')).toBe('Cancelled: Rugeley Community Forum meeting');
    expect(cancelled!.has('LOCATION')).toBe(false);
    expect(allDay!.get('DTSTART;VALUE=DATE')).toBe('20251231');
    expect(allDay!.get('DTEND;VALUE=DATE')).toBe('20260101');
    expect(allDay!.has('DURATION')).toBe(false);
  });

  it('does not depend on the time zone of the machine writing it', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      const elsewhere = meetingsIcs(calendar, t, { now });
      process.env.TZ = 'UTC';
      expect(meetingsIcs(calendar, t, { now })).toBe(elsewhere);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('writes an empty calendar for a forum with no meetings', () => {
    const ics = meetingsIcs({ ...calendar, meetings: [] }, t, { now });
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('X-WR-CALNAME:Rugeley Community Forum: meetings');
    expect(ics).not.toContain('BEGIN:VEVENT');
  });
});

// ---------------------------------------------------------------------------------------------

describe('PDF fonts', () => {
  it('are found from the source tree, or in the assets folder a packaged app names', async () => {
    const found = fontFiles();
    expect(found.regular).toBe(join(REPO, 'assets', 'fonts', 'NotoSans-Regular.ttf'));
    const dir = makeTempDir('onestop-assets-');
    try {
      cpSync(join(REPO, 'assets', 'fonts'), join(dir.path, 'fonts'), { recursive: true });
      expect(fontFiles(dir.path).bold).toBe(join(dir.path, 'fonts', 'NotoSans-Bold.ttf'));
      const { all } = await pdfText(await agendaPdf(publicPack, t, { assetsDir: dir.path }));
      expect(all).toContain('Rugeley Community Forum');
      expect(() => fontFiles(join(dir.path, 'missing'))).toThrow(/missing/);
    } finally {
      dir.remove();
    }
  });
});
