import type { ParsedInputOf } from '../../shared/ipc/contract';
import type { AgendaView, ExportFile, ExportReview, ForumIssue, MeetingView, RedactionKind } from '../../shared/forums/model';
import type { DocumentTranslate } from '../../shared/forums/exportModel';
import { agendaPack, issuesDocument, reviewAgenda, reviewIssues } from '../../shared/forums/publication';
import { agendaCsv, issuesCsv } from '../../shared/forums/csv';
import { agendaJson, issuesJson } from '../../shared/forums/committeeJson';
import { documentTranslator } from '../../shared/i18n/documents';
import { agendaDocx, agendaPdf, issuesDocx, issuesPdf, meetingsIcs } from './exports';

/**
 * Turns what the chair asked for into a file: reviews a public export for personal data, builds
 * the document (publication.ts decides what a public one may hold) and writes it in the format
 * chosen. Loaded on first use by forums.ts; the caller's right to the forum is checked there.
 */

export type ExportInput = ParsedInputOf<'forums:export'>;

interface ForumRef {
  readonly id: string;
  readonly name: string;
}

/** What an export is made from, read by forums.ts. */
export type ExportSource =
  | { readonly kind: 'meetings'; readonly forum: ForumRef; readonly meetings: readonly MeetingView[] }
  | { readonly kind: 'agenda'; readonly agenda: AgendaView; readonly chairName: string | null }
  | { readonly kind: 'issues'; readonly forum: ForumRef; readonly issues: readonly ForumIssue[]; readonly referenceOf: (id: string) => string | null };

const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  ics: 'text/calendar; charset=utf-8',
} as const;

function file(fileName: string, format: keyof typeof MIME, content: string | Uint8Array): ExportFile {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  return { fileName, mimeType: MIME[format], base64: bytes.toString('base64'), bytes: bytes.length };
}

let translate: DocumentTranslate | undefined;
const documents = (): DocumentTranslate => (translate ??= documentTranslator());
const redacted = (kind: RedactionKind) => documents()(`redacted.${kind}`);

/** The scrubber's findings for a public export, for the chair to confirm; nothing for an internal one. */
export function reviewExport(input: ExportInput, source: ExportSource): ExportReview {
  if (input.kind === 'meetings' || input.audience === 'internal') return { findings: [], restrictedLeftOut: 0 };
  if (source.kind === 'agenda') return reviewAgenda(source.agenda);
  if (source.kind === 'issues') return reviewIssues(source.issues);
  return { findings: [], restrictedLeftOut: 0 };
}

/** The file; a public one only once every finding of its review has the chair's decision. */
export async function writeExport(
  input: ExportInput,
  source: ExportSource,
  options: { readonly generatedAt: string; readonly assetsDir?: string },
): Promise<ExportFile> {
  const t = documents();
  const { generatedAt } = options;
  const pdf = options.assetsDir !== undefined ? { assetsDir: options.assetsDir } : {};
  if (input.kind === 'meetings' && source.kind === 'meetings') {
    const calendar = {
      forumId: source.forum.id,
      forumName: source.forum.name,
      meetings: source.meetings.map((m) => ({ id: m.id, version: m.version, date: m.date, startsAt: m.startsAt, place: m.place, cancelled: m.cancelled })),
    };
    return file(`${source.forum.id}-forum-meetings.ics`, 'ics', meetingsIcs(calendar, t, { now: new Date(generatedAt) }));
  }
  if (input.kind === 'agenda' && source.kind === 'agenda') {
    const { agenda } = source;
    const pack = agendaPack(agenda, input.audience, input.decisions, { chairName: source.chairName, generatedAt }, redacted);
    const name = `${agenda.meeting.forumId}-forum-agenda-${agenda.meeting.date}-${input.audience}`;
    switch (input.format) {
      case 'pdf':
        return file(`${name}.pdf`, 'pdf', await agendaPdf(pack, t, pdf));
      case 'docx':
        return file(`${name}.docx`, 'docx', await agendaDocx(pack, t));
      case 'csv':
        return file(`${name}.csv`, 'csv', agendaCsv(pack, t));
      case 'json':
        return file(`${name}.json`, 'json', agendaJson(pack));
    }
  }
  if (input.kind === 'issues' && source.kind === 'issues') {
    const doc = issuesDocument(
      source.issues,
      input.audience,
      input.decisions,
      { forumId: source.forum.id, forumName: source.forum.name, from: input.from, to: input.to, generatedAt },
      redacted,
      source.referenceOf,
    );
    const name = `${source.forum.id}-forum-issues-${input.from}-to-${input.to}-${input.audience}`;
    switch (input.format) {
      case 'csv':
        return file(`${name}.csv`, 'csv', issuesCsv(doc, t));
      case 'json':
        return file(`${name}.json`, 'json', issuesJson(doc));
      case 'pdf':
        return file(`${name}.pdf`, 'pdf', await issuesPdf(doc, t, pdf));
      case 'docx':
        return file(`${name}.docx`, 'docx', await issuesDocx(doc, t));
    }
  }
  throw new Error(`Export ${input.kind} does not match its source ${source.kind}.`);
}
