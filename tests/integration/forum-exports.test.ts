import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'csv-parse/sync';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import type { ChannelName, InputOf, ValueOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import type { AgendaView, ExportFile, ExportRequest, RedactionDecision } from '../../shared/forums/model';
import documents from '../../shared/i18n/documents/en-GB.json' with { type: 'json' };
import { makeTempDir } from '../support/tempDir';
import { CHAIR, copyOfKiosk, staffedKioskTemplate } from '../support/kiosk';

/**
 * Exports through the backend, read back from their bytes: the public agenda of a meeting with a
 * restricted item holds no trace of it in any format; a public export waits for the chair to
 * confirm every piece of personal data the scrubber flags, and then carries none of what was
 * removed; the internal export carries everything.
 */

const RESIDENT = 'kiosk-screen';
const DESK = 'desk-screen';

let template: ReturnType<typeof makeTempDir>;
let dir: ReturnType<typeof makeTempDir>;
let backend: Backend;
let clock: number;
const now = () => new Date(clock);

beforeAll(async () => {
  template = await staffedKioskTemplate();
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

async function refusal(channel: ChannelName, input: unknown): Promise<AppError> {
  const result = await backend.dispatch(channel, input, DESK);
  if (result.ok) throw new Error(`${channel} succeeded`);
  return result.error;
}

const RESTRICTED = {
  title: 'Dispute between neighbours at Ivy Cottage',
  summary: 'Concerns about the conduct of one household, raised in confidence.',
  outcome: 'Referred to the police neighbourhood team in confidence.',
  minute: 'PC Dawson to visit the household privately.',
};
const PUBLIC_SUMMARY = 'Deep potholes reported. Call John Smith on 07700 900123 or email john.smith@example.org about 14 Church Street.';

/** An agenda with an open item (whose summary holds personal data) and a restricted one, both decided. */
async function agendaWithRestrictedItem(): Promise<{ agenda: AgendaView; references: string[] }> {
  await call('auth:signIn', CHAIR);
  const meeting = await call('forums:saveMeeting', { forumId: 'rugeley', date: '2026-11-26', startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false });
  const references: string[] = [];
  const ids: string[] = [];
  for (const place of ['Church Street', 'Church Street, Rugeley', 'Ivy Lane']) {
    const receipt = await call('enquiries:raise', { topicId: 'roads', location: place, summary: `Problem at ${place}`, contact: null }, RESIDENT);
    references.push(receipt.reference);
    ids.push(receipt.id);
  }
  const first = await call('forums:saveItem', {
    meetingId: meeting.id,
    title: 'Potholes on Church Street',
    summary: PUBLIC_SUMMARY,
    restricted: false,
    referral: 'cat',
    referralBody: '',
    enquiryIds: ids.slice(0, 2),
  });
  const both = await call('forums:saveItem', { meetingId: meeting.id, ...RESTRICTED, restricted: true, referral: 'pact', referralBody: '', enquiryIds: [ids[2]!] });
  expect(first.items).toHaveLength(1);
  const [open, closed] = both.items;
  await call('forums:recordOutcome', { id: open!.id, version: open!.version, decision: 'referred', outcome: 'The CAT will repair the road in January.', minute: 'Internal note on costs.' });
  const agenda = await call('forums:recordOutcome', { id: closed!.id, version: closed!.version, decision: 'referred', outcome: RESTRICTED.outcome, minute: RESTRICTED.minute });
  return { agenda, references };
}

async function exported(request: ExportRequest): Promise<{ file: ExportFile; text: string }> {
  const file = await call('forums:export', request);
  const bytes = Buffer.from(file.base64, 'base64');
  expect(bytes.length).toBe(file.bytes);
  if (file.fileName.endsWith('.pdf')) {
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    return { file, text: text.replace(/\s+/g, ' ') };
  }
  if (file.fileName.endsWith('.docx')) {
    const xml = strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!);
    return { file, text: xml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') };
  }
  return { file, text: bytes.toString('utf8') };
}

const decideAll = (findings: readonly { id: string }[], decision: RedactionDecision) => Object.fromEntries(findings.map((f) => [f.id, decision]));

describe('agenda exports', () => {
  it('a public agenda in every format holds no trace of the restricted item, and none of the personal data removed', async () => {
    const { agenda, references } = await agendaWithRestrictedItem();
    const review = await call('forums:review', { kind: 'agenda', meetingId: agenda.meeting.id, format: 'pdf', audience: 'public' });
    expect(review.restrictedLeftOut).toBe(1);
    const flagged = review.findings.map((f) => [f.kind, f.text]);
    expect(flagged).toEqual(
      expect.arrayContaining([
        ['name', 'John Smith'],
        ['phone', '07700 900123'],
        ['email', 'john.smith@example.org'],
        ['address', expect.stringContaining('14 Church Street')],
      ]),
    );

    const unconfirmed = await refusal('forums:export', { kind: 'agenda', meetingId: agenda.meeting.id, format: 'pdf', audience: 'public', decisions: {} });
    expect(unconfirmed.code).toBe('forums/redaction-unconfirmed');

    const decisions = decideAll(review.findings, 'remove');
    for (const format of ['pdf', 'docx', 'csv', 'json'] as const) {
      const { file, text } = await exported({ kind: 'agenda', meetingId: agenda.meeting.id, format, audience: 'public', decisions });
      expect(file.fileName).toBe(`rugeley-forum-agenda-2026-11-26-public.${format}`);
      for (const trace of [RESTRICTED.title, RESTRICTED.summary, RESTRICTED.outcome, RESTRICTED.minute, 'Ivy', 'Schedule 12A', 'Internal note on costs', ...references]) {
        expect(text, `${format} must not hold "${trace}"`).not.toContain(trace);
      }
      for (const removed of ['John Smith', '07700 900123', 'john.smith@example.org', '14 Church Street']) {
        expect(text, `${format} must not hold "${removed}"`).not.toContain(removed);
      }
      expect(text, format).toContain('Potholes on Church Street');
      expect(text, format).toContain('The CAT will repair the road in January.');
      expect(text, format).toContain(documents.redacted.phone);
    }
  });

  it('keeps what the chair said is not personal data, and the internal pack holds everything', async () => {
    const { agenda, references } = await agendaWithRestrictedItem();
    const review = await call('forums:review', { kind: 'agenda', meetingId: agenda.meeting.id, format: 'docx', audience: 'public' });
    const kept = await exported({ kind: 'agenda', meetingId: agenda.meeting.id, format: 'json', audience: 'public', decisions: decideAll(review.findings, 'keep') });
    const items = (JSON.parse(kept.text) as { items: { number: number; text: string; restricted: boolean }[] }).items;
    expect(items).toEqual([expect.objectContaining({ number: 1, text: PUBLIC_SUMMARY, restricted: false })]);

    expect((await call('forums:review', { kind: 'agenda', meetingId: agenda.meeting.id, format: 'pdf', audience: 'internal' })).findings).toEqual([]);
    for (const format of ['pdf', 'docx', 'csv', 'json'] as const) {
      const { text } = await exported({ kind: 'agenda', meetingId: agenda.meeting.id, format, audience: 'internal', decisions: {} });
      for (const expected of [RESTRICTED.title, RESTRICTED.minute, 'Internal note on costs.', references[0]!, references[2]!]) {
        expect(text, `${format} holds "${expected}"`).toContain(expected);
      }
    }
  });
});

describe('issues and meeting exports', () => {
  it("a public issues export leaves out the restricted item's issues and neutralises formulas; the calendar lists the meetings", async () => {
    const { references } = await agendaWithRestrictedItem();
    await call('enquiries:raise', { topicId: 'noise', location: 'Market Square', summary: '=HYPERLINK("http://evil.example","click")', contact: null }, RESIDENT);
    const request = { kind: 'issues', forumId: 'rugeley', from: '2026-11-01', to: '2026-11-02', format: 'csv', audience: 'public' } as const;
    const review = await call('forums:review', { ...request, decisions: {} });
    expect(review.restrictedLeftOut).toBe(1);
    const { file, text } = await exported({ ...request, decisions: decideAll(review.findings, 'remove') });
    expect(file.mimeType).toBe('text/csv; charset=utf-8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows: string[][] = parse(text.slice(1));
    expect(rows).toHaveLength(1 + 3);
    expect(text).not.toContain(references[2]!);
    expect(rows.some((row) => row.includes(`'=HYPERLINK("http://evil.example","click")`))).toBe(true);

    const internal = await exported({ ...request, audience: 'internal', decisions: {} });
    expect(internal.text).toContain(references[2]!);

    const ics = await exported({ kind: 'meetings', forumId: 'rugeley', format: 'ics' });
    expect(ics.file.fileName).toBe('rugeley-forum-meetings.ics');
    expect(ics.text).toContain('BEGIN:VCALENDAR');
    expect(ics.text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics.text).toContain('DTSTART:20261126T183000Z');

    expect((await refusal('forums:export', { ...request, from: '2026-11-03', decisions: {} })).fields).toMatchObject({ to: { code: 'order' } });
    expect((await refusal('forums:export', { kind: 'meetings', forumId: 'hednesford', format: 'ics' })).code).toBe('forums/other-forum');
  });
});
