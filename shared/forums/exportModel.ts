import type { Body } from '../directory/topics';
import type { EnquiryStatus } from '../enquiries/model';
import type { Decision, ExportAudience, Referral } from './model';

/**
 * What the export writers (CSV, PDF, DOCX, JSON, ICS) are given: documents already decided, with
 * nothing left for a writer to filter. `publication.ts` builds them from the agenda and the issues;
 * for a public audience it has already left out restricted items and removed what the chair
 * confirmed as personal data, and it never copies a minute, a reference or private details.
 */

/** Translates a document string (en-GB: the council's working language; see README "Exports"). */
export type DocumentTranslate = (key: string, options?: Readonly<Record<string, unknown>>) => string;

export interface PackMeeting {
  /** YYYY-MM-DD, London. */
  readonly date: string;
  readonly startsAt: string | null;
  readonly place: string | null;
  readonly cancelled: boolean;
}

export interface PackItem {
  /** 1-based, as numbered in this document (a public pack renumbers around restricted items). */
  readonly number: number;
  readonly title: string;
  readonly summary: string;
  /** Internal packs only: a public pack never holds a restricted item. */
  readonly restricted: boolean;
  readonly referral: Referral;
  readonly referralBody: string;
  /** Residents who raised it. */
  readonly raisedBy: number;
  /** Internal packs only; empty in a public pack. */
  readonly references: readonly string[];
  readonly decision: Decision | null;
  /** The public outcome (residents read it by reference). */
  readonly outcome: string | null;
  /** The internal minute; null in a public pack. */
  readonly minute: string | null;
}

export interface AgendaPack {
  readonly audience: ExportAudience;
  readonly forumId: string;
  readonly forumName: string;
  readonly meeting: PackMeeting;
  /** The chair's name as their account shows it; null when an administrator exports. */
  readonly chairName: string | null;
  /** ISO 8601 instant. */
  readonly generatedAt: string;
  readonly items: readonly PackItem[];
}

/** One issue in an issues export (CSV or JSON). */
export interface IssueRecord {
  readonly reference: string;
  /** YYYY-MM-DD, London. */
  readonly raisedOn: string;
  readonly topicId: string;
  readonly body: Body;
  readonly area: string | null;
  /** Public: house numbers removed when the chair confirmed them. */
  readonly location: string;
  readonly summary: string;
  readonly status: EnquiryStatus;
  readonly outcome: string | null;
  /** The reference of the enquiry it was merged into. */
  readonly mergedInto: string | null;
}

export interface IssuesDocument {
  readonly audience: ExportAudience;
  readonly forumId: string;
  readonly forumName: string;
  /** Inclusive London dates. */
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  readonly issues: readonly IssueRecord[];
}

/** A forum's meeting dates for a calendar (ICS). */
export interface MeetingCalendar {
  readonly forumId: string;
  readonly forumName: string;
  readonly meetings: readonly (PackMeeting & { readonly id: string; readonly version: number })[];
}
