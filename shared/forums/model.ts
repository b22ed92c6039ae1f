import { z } from 'zod';
import { inCalendarYears } from '../domain/calendar';
import { cleanText, lineOfText } from '../domain/text';
import { unitIdSchema } from '../domain/units';
import type { Body } from '../directory/topics';
import type { EnquiryStatus } from '../enquiries/model';

/**
 * The Community Forum's side of the domain (../../../shared/DOMAIN.md, "Forum chairs"): meetings,
 * the chair's view of the issues raised, the agenda built from them, the outcomes recorded after the
 * meeting, and what may be exported to whom. Pure types and schemas; the grouping is in grouping.ts,
 * the redaction in redaction.ts, the export shapes in exportModel.ts.
 */

const dateSchema = z.iso.date().refine(inCalendarYears, { message: 'format' });
const idSchema = z.uuid();
const versionSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const multiline = (max: number) =>
  z
    .string()
    .transform((value) => cleanText(value, true))
    .pipe(z.string().max(max));

export const FORUM_LIMITS = {
  place: { max: 120 },
  title: { min: 3, max: 120 },
  summary: { max: 1000 },
  referralBody: { max: 120 },
  outcome: { min: 3, max: 500 },
  minute: { max: 2000 },
  /** Enquiries one agenda item may gather. */
  itemEnquiries: { max: 200 },
  /** Items on one agenda. */
  items: { max: 100 },
} as const;

/** When no meeting has been held yet, the chair's view starts this many days back. */
export const DEFAULT_PERIOD_DAYS = 90;

// ---------------------------------------------------------------------------------------------
// Meetings. Set by a chair (their own forum) or an administrator, on any kiosk; synced through the
// hub to every kiosk of the forum's units. A meeting is cancelled, never deleted: residents and
// other kiosks may already have seen it.

export const meetingInputSchema = z.object({
  /** Absent: a new meeting. */
  id: idSchema.optional(),
  /** The version being changed; required with `id`. */
  version: versionSchema.optional(),
  forumId: unitIdSchema,
  date: dateSchema,
  /** Local time "HH:MM", or null when not fixed yet. */
  startsAt: z
    .string()
    .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'format')
    .nullable(),
  place: lineOfText(0, FORUM_LIMITS.place.max),
  cancelled: z.boolean().default(false),
});
export type MeetingInput = z.input<typeof meetingInputSchema>;

export interface MeetingView {
  readonly id: string;
  readonly forumId: string;
  /** YYYY-MM-DD, London. */
  readonly date: string;
  readonly startsAt: string | null;
  readonly place: string | null;
  readonly cancelled: boolean;
  readonly version: number;
  /** Items on its agenda held by this kiosk. */
  readonly itemCount: number;
}

// ---------------------------------------------------------------------------------------------
// The chair's view: the issues raised for a forum in a period.

export const forumPeriodSchema = z
  .object({
    forumId: unitIdSchema,
    /** Inclusive, London dates. Absent: since the last meeting held (DEFAULT_PERIOD_DAYS back if none). */
    from: dateSchema.optional(),
    to: dateSchema.optional(),
  })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { path: ['to'], message: 'order' });
export type ForumPeriodInput = z.input<typeof forumPeriodSchema>;

/** One issue as the chair sees it: publishable fields only (no private details, no contact). */
export interface ForumIssue {
  readonly id: string;
  readonly reference: string;
  readonly createdAt: string;
  readonly unitId: string;
  readonly topicId: string;
  readonly body: Body;
  readonly location: string;
  /** The unit area named in the location, or null when none is. */
  readonly area: string | null;
  /** streetKey(location): how streets are counted. */
  readonly street: string;
  readonly summary: string;
  readonly status: EnquiryStatus;
  readonly outcome: string | null;
  readonly mergedInto: string | null;
  /** The agenda item that holds it, if any. */
  readonly agendaItemId: string | null;
  /** On a restricted (Schedule 12A) item: never in a public output. */
  readonly restricted: boolean;
  /** Raised at another kiosk of the unit (a copy from the hub): its content is changed there. */
  readonly replica: boolean;
}

/** A count of issues sharing one key (a topic group, a topic id, a body, an area; '' for no area named). */
export interface IssueGroup {
  readonly key: string;
  readonly issues: number;
  /** Distinct streets (street keys) among them. */
  readonly streets: number;
}

export type TimelineGranularity = 'day' | 'week' | 'month';

export interface TimelinePoint {
  /** The first day of the bucket, YYYY-MM-DD. */
  readonly start: string;
  readonly issues: number;
}

export interface ForumOverview {
  readonly forumId: string;
  readonly forumName: string;
  readonly from: string;
  readonly to: string;
  /** The period is the default one, from the last meeting held. */
  readonly sinceLastMeeting: boolean;
  readonly lastMeeting: MeetingView | null;
  readonly nextMeeting: MeetingView | null;
  /** Every issue in the period, oldest first (merged duplicates included, marked). */
  readonly issues: readonly ForumIssue[];
  /** By topic group (the resident screen's tiles: "Roads and pavements"), most issues first. */
  readonly byGroup: readonly IssueGroup[];
  /** By topic, most issues first. */
  readonly byTopic: readonly IssueGroup[];
  readonly byBody: readonly IssueGroup[];
  readonly byArea: readonly IssueGroup[];
  readonly timeline: { readonly granularity: TimelineGranularity; readonly points: readonly TimelinePoint[] };
}

// ---------------------------------------------------------------------------------------------
// The agenda.

/** Where an item is sent: the Community Action Team, the police-community meeting, or a named body. */
export const REFERRALS = ['none', 'cat', 'pact', 'body'] as const;
export type Referral = (typeof REFERRALS)[number];

/**
 * What the forum decided on an item, and the status every linked enquiry takes (a resident sees it
 * by reference). Carried forward goes back to "for the forum" for the next meeting.
 */
export const DECISIONS = ['referred', 'action-agreed', 'noted', 'closed', 'carried-forward'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_STATUS: Readonly<Record<Decision, EnquiryStatus>> = {
  referred: 'outcome-recorded',
  'action-agreed': 'outcome-recorded',
  noted: 'outcome-recorded',
  closed: 'closed',
  'carried-forward': 'for-forum',
};

export const agendaItemInputSchema = z
  .object({
    meetingId: idSchema,
    /** Absent: a new item at the end of the agenda. */
    id: idSchema.optional(),
    version: versionSchema.optional(),
    title: lineOfText(FORUM_LIMITS.title.min, FORUM_LIMITS.title.max),
    /** What may be published about it; never a resident's own words unless the chair kept them. */
    summary: multiline(FORUM_LIMITS.summary.max),
    /** Schedule 12A: information about an individual. Never in a public output. */
    restricted: z.boolean(),
    referral: z.enum(REFERRALS),
    /** The body referred to, when `referral` is `body`. */
    referralBody: lineOfText(0, FORUM_LIMITS.referralBody.max),
    enquiryIds: z.array(idSchema).min(1).max(FORUM_LIMITS.itemEnquiries.max),
  })
  .superRefine((item, context) => {
    if (item.referral === 'body' && item.referralBody === '') context.addIssue({ code: 'custom', path: ['referralBody'], message: 'required' });
    if (item.id !== undefined && item.version === undefined) context.addIssue({ code: 'custom', path: ['version'], message: 'required' });
    if (new Set(item.enquiryIds).size !== item.enquiryIds.length) context.addIssue({ code: 'custom', path: ['enquiryIds'], message: 'format' });
  });
export type AgendaItemInput = z.input<typeof agendaItemInputSchema>;

/** The agenda's new order: every item of the meeting, each once. */
export const agendaOrderSchema = z.object({
  meetingId: idSchema,
  order: z.array(idSchema).min(1).max(FORUM_LIMITS.items.max),
});

export const removeAgendaItemSchema = z.object({ id: idSchema, version: versionSchema });

export const recordOutcomeSchema = z.object({
  id: idSchema,
  version: versionSchema,
  decision: z.enum(DECISIONS),
  /** What residents read by reference, and what a public minute says. */
  outcome: lineOfText(FORUM_LIMITS.outcome.min, FORUM_LIMITS.outcome.max),
  /** The internal minute: never published. */
  minute: multiline(FORUM_LIMITS.minute.max),
});
export type RecordOutcomeInput = z.input<typeof recordOutcomeSchema>;

/** An enquiry as an agenda item lists it. */
export interface AgendaEnquiry {
  readonly id: string;
  readonly reference: string;
  readonly createdAt: string;
  readonly topicId: string;
  readonly location: string;
  readonly summary: string;
  readonly status: EnquiryStatus;
}

export interface AgendaItemView {
  readonly id: string;
  readonly meetingId: string;
  /** 1-based position on the agenda. */
  readonly number: number;
  readonly title: string;
  readonly summary: string;
  readonly restricted: boolean;
  readonly referral: Referral;
  readonly referralBody: string;
  readonly decision: Decision | null;
  readonly outcome: string | null;
  readonly minute: string | null;
  readonly version: number;
  readonly updatedAt: string;
  readonly enquiries: readonly AgendaEnquiry[];
  /** Residents who raised it: the linked enquiries and the duplicates merged into them. */
  readonly raisedBy: number;
}

export interface AgendaView {
  readonly meeting: MeetingView;
  readonly forumName: string;
  readonly items: readonly AgendaItemView[];
}

// ---------------------------------------------------------------------------------------------
// Exports. Internal: everything the forum holds that is not contact data. Public: only public
// summaries and outcomes, redacted, and never a restricted item.

export const EXPORT_AUDIENCES = ['internal', 'public'] as const;
export type ExportAudience = (typeof EXPORT_AUDIENCES)[number];

export const AGENDA_FORMATS = ['pdf', 'docx', 'csv', 'json'] as const;
export const ISSUES_FORMATS = ['csv', 'json', 'pdf', 'docx'] as const;

/** A chair's answer to one flagged piece of text: remove it, or keep it (it is not personal data). */
export const redactionDecisionSchema = z.enum(['remove', 'keep']);
export type RedactionDecision = z.infer<typeof redactionDecisionSchema>;

const decisionsSchema = z.record(z.string().min(1).max(200), redactionDecisionSchema).default({});

export const exportRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('agenda'),
    meetingId: idSchema,
    format: z.enum(AGENDA_FORMATS),
    audience: z.enum(EXPORT_AUDIENCES),
    /** Public only: the chair's answer for every finding of `forums:review`, by finding id. */
    decisions: decisionsSchema,
  }),
  z.object({
    kind: z.literal('issues'),
    forumId: unitIdSchema,
    from: dateSchema,
    to: dateSchema,
    format: z.enum(ISSUES_FORMATS),
    audience: z.enum(EXPORT_AUDIENCES),
    decisions: decisionsSchema,
  }),
  z.object({ kind: z.literal('meetings'), forumId: unitIdSchema, format: z.literal('ics') }),
]);
export type ExportRequest = z.input<typeof exportRequestSchema>;

/** What `forums:review` takes: a public export, before the chair's decisions. */
export type ReviewRequest = Extract<z.output<typeof exportRequestSchema>, { audience: 'public' }>;

/** A file for the person to save. Bytes travel as base64: IPC and the browser host carry JSON. */
export interface ExportFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly base64: string;
  readonly bytes: number;
}

export const REDACTION_KINDS = ['name', 'phone', 'email', 'address'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** One piece of text the scrubber flagged; offsets are UTF-16 indexes into the field's text. */
export interface RedactionFinding {
  readonly kind: RedactionKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A flagged piece of a public output, for the chair to confirm. */
export interface ReviewFinding extends RedactionFinding {
  /** Stable for the same text: `${sourceId}:${field}:${start}-${end}`. */
  readonly id: string;
  /** The agenda item or enquiry reference it is in, as the chair knows it ("Item 3", "RUG-K2-000417"). */
  readonly source: string;
  readonly field: 'title' | 'summary' | 'outcome' | 'location' | 'referralBody';
  /** The field's whole text, so the finding can be shown in context. */
  readonly context: string;
}

export interface ExportReview {
  readonly findings: readonly ReviewFinding[];
  /** Restricted items left out of the public output. */
  readonly restrictedLeftOut: number;
}
