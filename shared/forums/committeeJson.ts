import type { Body } from '../directory/topics';
import type { EnquiryStatus } from '../enquiries/model';
import type { AgendaPack, IssuesDocument } from './exportModel';
import type { Decision, ExportAudience, Referral } from './model';

/**
 * JSON for other systems: committee management systems (ModernGov and the like) hold a meeting as
 * a list of agenda items, each with a number, a title, its text, a restricted ("exempt") flag and
 * the minute recorded against it. The agenda export keeps to that shape so a democratic services
 * officer can map it field by field; the issues export is the same list the CSV holds.
 *
 * Values are machine values, not words: ids for topics, bodies, statuses, decisions and referral
 * kinds (the CSV, PDF and DOCX carry the words). Keys always come in the order documented here
 * and the output is pretty-printed (two spaces, one trailing newline), so the same pack always
 * gives the same bytes and a diff between two exports reads cleanly.
 *
 * Agenda (`agendaJson`):
 * ```
 * {
 *   "forum": { "id": "rugeley", "name": "Rugeley Community Forum" },
 *   "meeting": { "date": "2025-10-14", "startsAt": "19:00" | null, "place": "…" | null, "cancelled": false },
 *   "audience": "public" | "internal",
 *   "generatedAt": "2025-10-01T09:30:00.000Z",
 *   "items": [{
 *     "number": 1,                      // as numbered in this document
 *     "title": "…",
 *     "text": "…",                      // the public summary
 *     "restricted": false,              // Schedule 12A; always false in a public export
 *     "minute": "…" | null,             // the outcome residents read, once recorded
 *     "internalMinute": "…" | null,     // internal exports only: the minute not for publication
 *     "decision": "referred" | "action-agreed" | "noted" | "closed" | "carried-forward" | null,
 *     "referral": { "kind": "none" | "cat" | "pact" | "body", "body": "…" | null },
 *     "raisedBy": 5,                    // residents who raised it
 *     "references": ["RUG-K2-000417"]   // internal exports only
 *   }]
 * }
 * ```
 *
 * Issues (`issuesJson`):
 * ```
 * {
 *   "forum": { "id", "name" }, "period": { "from": "YYYY-MM-DD", "to": "YYYY-MM-DD" },
 *   "audience", "generatedAt", "count": 2,
 *   "issues": [{ "reference", "raisedOn", "topic", "body", "area", "location", "summary", "status", "outcome", "mergedInto" }]
 * }
 * ```
 */

export interface CommitteeAgendaItem {
  readonly number: number;
  readonly title: string;
  readonly text: string;
  readonly restricted: boolean;
  readonly minute: string | null;
  readonly internalMinute?: string | null;
  readonly decision: Decision | null;
  readonly referral: { readonly kind: Referral; readonly body: string | null };
  readonly raisedBy: number;
  readonly references?: readonly string[];
}

export interface CommitteeAgenda {
  readonly forum: { readonly id: string; readonly name: string };
  readonly meeting: { readonly date: string; readonly startsAt: string | null; readonly place: string | null; readonly cancelled: boolean };
  readonly audience: ExportAudience;
  readonly generatedAt: string;
  readonly items: readonly CommitteeAgendaItem[];
}

export interface CommitteeIssue {
  readonly reference: string;
  readonly raisedOn: string;
  readonly topic: string;
  readonly body: Body;
  readonly area: string | null;
  readonly location: string;
  readonly summary: string;
  readonly status: EnquiryStatus;
  readonly outcome: string | null;
  readonly mergedInto: string | null;
}

export interface CommitteeIssues {
  readonly forum: { readonly id: string; readonly name: string };
  readonly period: { readonly from: string; readonly to: string };
  readonly audience: ExportAudience;
  readonly generatedAt: string;
  readonly count: number;
  readonly issues: readonly CommitteeIssue[];
}

const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The agenda in the agenda-item shape above. Internal-only fields are absent, not null, in a public export. */
export function agendaJson(pack: AgendaPack): string {
  const internal = pack.audience === 'internal';
  const agenda: CommitteeAgenda = {
    forum: { id: pack.forumId, name: pack.forumName },
    meeting: { date: pack.meeting.date, startsAt: pack.meeting.startsAt, place: pack.meeting.place, cancelled: pack.meeting.cancelled },
    audience: pack.audience,
    generatedAt: pack.generatedAt,
    items: pack.items.map((item) => ({
      number: item.number,
      title: item.title,
      text: item.summary,
      restricted: item.restricted,
      minute: item.outcome,
      ...(internal ? { internalMinute: item.minute } : {}),
      decision: item.decision,
      referral: { kind: item.referral, body: item.referral === 'body' ? item.referralBody : null },
      raisedBy: item.raisedBy,
      ...(internal ? { references: [...item.references] } : {}),
    })),
  };
  return pretty(agenda);
}

/** The issues in the shape above. */
export function issuesJson(doc: IssuesDocument): string {
  const issues: CommitteeIssues = {
    forum: { id: doc.forumId, name: doc.forumName },
    period: { from: doc.from, to: doc.to },
    audience: doc.audience,
    generatedAt: doc.generatedAt,
    count: doc.issues.length,
    issues: doc.issues.map((issue) => ({
      reference: issue.reference,
      raisedOn: issue.raisedOn,
      topic: issue.topicId,
      body: issue.body,
      area: issue.area,
      location: issue.location,
      summary: issue.summary,
      status: issue.status,
      outcome: issue.outcome,
      mergedInto: issue.mergedInto,
    })),
  };
  return pretty(issues);
}
