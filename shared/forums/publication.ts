import { londonWallClock } from '../directory/openingHours';
import { AppFailure } from '../ipc/result';
import type { AgendaPack, IssueRecord, IssuesDocument, PackItem } from './exportModel';
import type {
  AgendaItemView,
  AgendaView,
  ExportAudience,
  ExportReview,
  ForumIssue,
  RedactionDecision,
  RedactionFinding,
  RedactionKind,
  ReviewFinding,
} from './model';
import { applyRedactions, findPersonalData } from './redaction';

/**
 * What may be published, and to whom (DOMAIN.md, "Privacy"). The export writers are handed the
 * documents built here and filter nothing themselves (exportModel.ts).
 *
 * - Internal: everything the forum holds that is not contact data, restricted items included and
 *   marked, with references and the internal minute.
 * - Public: never a restricted (Schedule 12A) item, nor anything merged into one; a public agenda is
 *   renumbered around what was left out so no gap gives it away; no references on agenda items, no
 *   minutes; and every piece of text the scrubber flagged is either removed or kept, as the chair
 *   decided in the review. A public document is refused while any finding of its review is
 *   undecided: a finding the chair never saw would otherwise be published unchecked.
 *
 * The review is computed from the same data the export is built from, so a finding's id
 * (`sourceId:field:start-end`) names the same piece of text in both. If the text changed between
 * review and export, its findings have new ids, they lack a decision, and the export is refused with
 * `forums/redaction-unconfirmed` (the screen then reviews again, keeping the decisions that still apply).
 */

type Replacement = (kind: RedactionKind) => string;
type Decisions = Readonly<Record<string, RedactionDecision>>;
type ReviewField = ReviewFinding['field'];

/** A finding's id: stable for the same text in the same field of the same item or enquiry. */
export function findingId(sourceId: string, field: ReviewField, finding: Pick<RedactionFinding, 'start' | 'end'>): string {
  return `${sourceId}:${field}:${finding.start}-${finding.end}`;
}

/** One field of one item or enquiry to be reviewed. */
interface FieldText {
  /** What the id is made from: the item's or enquiry's id. */
  readonly sourceId: string;
  /** What the chair reads (ReviewFinding.source). */
  readonly source: string;
  readonly field: ReviewField;
  readonly text: string;
}

function findingsIn({ sourceId, source, field, text }: FieldText): ReviewFinding[] {
  return findPersonalData(text).map((finding) => ({ ...finding, id: findingId(sourceId, field, finding), source, field, context: text }));
}

/** Refuses a public document while any finding of its review has no decision. */
function requireDecisions(findings: readonly ReviewFinding[], decisions: Decisions): void {
  const undecided = findings.filter((finding) => decisions[finding.id] !== 'remove' && decisions[finding.id] !== 'keep');
  if (undecided.length > 0) {
    throw new AppFailure({
      code: 'forums/redaction-unconfirmed',
      message: `${undecided.length} flagged piece(s) of text have no decision (first: ${undecided[0]!.id}); review the export again.`,
    });
  }
}

/** The field's text with the findings the chair chose to remove replaced. */
function redacted(field: FieldText, decisions: Decisions, replacement: Replacement): string {
  const removed = findingsIn(field).filter((finding) => decisions[finding.id] === 'remove');
  return removed.length === 0 ? field.text : applyRedactions(field.text, removed, replacement);
}

// ---------------------------------------------------------------------------------------------
// The agenda.

/** The agenda fields a public pack may carry, with the text of each (outcome only once recorded). */
function agendaFields(item: AgendaItemView): FieldText[] {
  // The chair knows an item by its number on the agenda they built (the screen says "Item 3"); a
  // public pack renumbers around restricted items, but the review happens before that.
  const source = String(item.number);
  const fields: FieldText[] = [
    { sourceId: item.id, source, field: 'title', text: item.title },
    { sourceId: item.id, source, field: 'summary', text: item.summary },
    { sourceId: item.id, source, field: 'referralBody', text: item.referralBody },
  ];
  if (item.outcome !== null) fields.push({ sourceId: item.id, source, field: 'outcome', text: item.outcome });
  return fields;
}

const inAgendaOrder = (view: AgendaView): AgendaItemView[] => [...view.items].sort((a, b) => a.number - b.number);

/**
 * What the scrubber flags in the public agenda: the title, summary, body referred to and outcome of
 * every item that is not restricted, in agenda order. `source` is the item's number on the agenda
 * as a string ("3"): the screen words it ("Item 3").
 */
export function reviewAgenda(view: AgendaView): ExportReview {
  const items = inAgendaOrder(view);
  const published = items.filter((item) => !item.restricted);
  return {
    findings: published.flatMap((item) => agendaFields(item).flatMap(findingsIn)),
    restrictedLeftOut: items.length - published.length,
  };
}

/**
 * The agenda pack for an audience. Internal: every item as numbered on the agenda, with its
 * references and minute. Public: restricted items left out and the rest numbered 1..n, no references
 * or minutes, and the flagged text the chair chose to remove replaced by `replacement(kind)`.
 * @throws AppFailure `forums/redaction-unconfirmed` for a public pack while a finding has no decision.
 */
export function agendaPack(
  view: AgendaView,
  audience: ExportAudience,
  decisions: Decisions,
  meta: { readonly chairName: string | null; readonly generatedAt: string },
  replacement: Replacement,
): AgendaPack {
  const { meeting } = view;
  const header = {
    audience,
    forumId: meeting.forumId,
    forumName: view.forumName,
    meeting: { date: meeting.date, startsAt: meeting.startsAt, place: meeting.place, cancelled: meeting.cancelled },
    chairName: meta.chairName,
    generatedAt: meta.generatedAt,
  };
  const items = inAgendaOrder(view);
  if (audience === 'internal') {
    return {
      ...header,
      items: items.map(
        (item): PackItem => ({
          number: item.number,
          title: item.title,
          summary: item.summary,
          restricted: item.restricted,
          referral: item.referral,
          referralBody: item.referralBody,
          raisedBy: item.raisedBy,
          references: item.enquiries.map((enquiry) => enquiry.reference),
          decision: item.decision,
          outcome: item.outcome,
          minute: item.minute,
        }),
      ),
    };
  }
  requireDecisions(reviewAgenda(view).findings, decisions);
  const published = items.filter((item) => !item.restricted);
  return {
    ...header,
    items: published.map((item, index): PackItem => {
      const [title, summary, referralBody, outcome] = agendaFields(item);
      return {
        number: index + 1,
        title: redacted(title!, decisions, replacement),
        summary: redacted(summary!, decisions, replacement),
        restricted: false,
        referral: item.referral,
        referralBody: redacted(referralBody!, decisions, replacement),
        raisedBy: item.raisedBy,
        references: [],
        decision: item.decision,
        outcome: outcome ? redacted(outcome, decisions, replacement) : null,
        minute: null,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// The issues.

/** The issue fields a public document carries as free text: what the resident typed, and the outcome. */
function issueFields(issue: ForumIssue): FieldText[] {
  const fields: FieldText[] = [
    { sourceId: issue.id, source: issue.reference, field: 'location', text: issue.location },
    { sourceId: issue.id, source: issue.reference, field: 'summary', text: issue.summary },
  ];
  // Staff may word an outcome with a name in it ("passed to Mr Khan at Highways"): it is published too.
  if (issue.outcome !== null) fields.push({ sourceId: issue.id, source: issue.reference, field: 'outcome', text: issue.outcome });
  return fields;
}

/**
 * The issues a public document leaves out: those on a restricted agenda item, and duplicates merged
 * into one of them (the same matter about an individual, raised again), however long the chain.
 */
function leftOutOfPublic(issues: readonly ForumIssue[]): ReadonlySet<string> {
  const byId = new Map(issues.map((issue) => [issue.id, issue]));
  const restricted = new Set<string>();
  for (const issue of issues) {
    const seen = new Set<string>();
    for (let at: ForumIssue | undefined = issue; at && !seen.has(at.id); at = at.mergedInto === null ? undefined : byId.get(at.mergedInto)) {
      seen.add(at.id);
      if (at.restricted) {
        restricted.add(issue.id);
        break;
      }
    }
  }
  return restricted;
}

/**
 * What the scrubber flags in the public issues: the place, summary and outcome of every issue that
 * may be published, by its reference (`source`). `restrictedLeftOut` counts the issues left out.
 */
export function reviewIssues(issues: readonly ForumIssue[]): ExportReview {
  const leftOut = leftOutOfPublic(issues);
  return {
    findings: issues.filter((issue) => !leftOut.has(issue.id)).flatMap((issue) => issueFields(issue).flatMap(findingsIn)),
    restrictedLeftOut: leftOut.size,
  };
}

/** The London date (YYYY-MM-DD) of an ISO instant: an issue raised at 00:30 BST is raised that day. */
function londonDate(instant: string): string {
  const at = new Date(instant);
  return Number.isNaN(at.getTime()) ? instant.slice(0, 10) : londonWallClock(at).date;
}

/**
 * The issues document for an audience, in the order given. Internal: every issue as held. Public:
 * without the issues of restricted items (and what was merged into them), with the flagged text the
 * chair chose to remove replaced; a merged issue names the reference it was merged into only when
 * that one is published too.
 * @throws AppFailure `forums/redaction-unconfirmed` for a public document while a finding has no decision.
 */
export function issuesDocument(
  issues: readonly ForumIssue[],
  audience: ExportAudience,
  decisions: Decisions,
  meta: { readonly forumId: string; readonly forumName: string; readonly from: string; readonly to: string; readonly generatedAt: string },
  replacement: Replacement,
  referenceOf: (id: string) => string | null,
): IssuesDocument {
  const header = { audience, forumId: meta.forumId, forumName: meta.forumName, from: meta.from, to: meta.to, generatedAt: meta.generatedAt };
  const record = (issue: ForumIssue, location: string, summary: string, outcome: string | null, mergedInto: string | null): IssueRecord => ({
    reference: issue.reference,
    raisedOn: londonDate(issue.createdAt),
    topicId: issue.topicId,
    body: issue.body,
    area: issue.area,
    location,
    summary,
    status: issue.status,
    outcome,
    mergedInto,
  });
  if (audience === 'internal') {
    return {
      ...header,
      issues: issues.map((issue) => record(issue, issue.location, issue.summary, issue.outcome, issue.mergedInto === null ? null : referenceOf(issue.mergedInto))),
    };
  }
  requireDecisions(reviewIssues(issues).findings, decisions);
  const leftOut = leftOutOfPublic(issues);
  return {
    ...header,
    issues: issues
      .filter((issue) => !leftOut.has(issue.id))
      .map((issue) => {
        const [location, summary, outcome] = issueFields(issue);
        const mergedInto = issue.mergedInto === null || leftOut.has(issue.mergedInto) ? null : referenceOf(issue.mergedInto);
        return record(
          issue,
          redacted(location!, decisions, replacement),
          redacted(summary!, decisions, replacement),
          outcome ? redacted(outcome, decisions, replacement) : null,
          mergedInto,
        );
      }),
  };
}
