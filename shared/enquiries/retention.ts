import type { EnquiryStatus } from './model';

/**
 * Retention (issue 9, UK GDPR storage limitation): how long each kind of personal data is kept, and
 * what "removed" means for it. Pure: the kiosk's job (db/retention.ts) and the hub's
 * (server/retention.ts) both plan from here, so the two cannot disagree on a boundary.
 *
 * - `contact`: an enquiry's contact details (name, phone, email, purpose and the time consent was
 *   given) are removed `contactMonths` after the enquiry was closed.
 * - `enquiry`: an enquiry is anonymised `enquiryYears` after it was raised, whatever its status:
 *   the free text that may name or describe a person (summary, private details, location, the
 *   staff's status notes) becomes {@link ANONYMISED}, its language and contact go; reference,
 *   topic, body, unit, forum, channel, status, public outcome and dates stay, so statistics still add up.
 * - `read-audit`: the audit of staff reads (read_audit) is kept `readAuditYears`.
 */
export const RETENTION_KINDS = ['contact', 'enquiry', 'read-audit'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/**
 * The statuses that close an enquiry. From them an enquiry can only be closed or reopened as new
 * (STATUS_TRANSITIONS): the desk has finished with it. `outcome-recorded` is not final (the forum
 * may carry it forward), nor is anything the forum or desk still works on. The time an enquiry was
 * closed is its last change (`updated_at`) while it holds one of these: any later change (a reopening,
 * a new outcome) starts the period again, so details are never removed early.
 */
export const FINAL_STATUSES = ['resolved-at-desk', 'closed'] as const satisfies readonly EnquiryStatus[];

export function isFinalStatus(status: string): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

/** What anonymised free text reads as: kept non-empty so every schema that wants a summary still accepts it. */
export const ANONYMISED = '[anonymised]';

export interface RetentionPeriods {
  /** Months after an enquiry is closed until its contact details are removed. */
  readonly contactMonths: number;
  /** Years after an enquiry is raised until it is anonymised. */
  readonly enquiryYears: number;
  /** Years the audit of reads is kept (the kiosk only: the hub has no read audit). */
  readonly readAuditYears: number;
}

export const DEFAULT_RETENTION: RetentionPeriods = { contactMonths: 12, enquiryYears: 6, readAuditYears: 2 };

/** Sensible bounds, never 0: a period of nothing would remove details the moment an enquiry closes. */
export const RETENTION_LIMITS: Readonly<Record<keyof RetentionPeriods, { readonly min: number; readonly max: number }>> = {
  contactMonths: { min: 1, max: 120 },
  enquiryYears: { min: 1, max: 20 },
  readAuditYears: { min: 1, max: 10 },
};

/** `instant` moved back by whole calendar months in UTC; the 31st of a shorter month becomes its last day. */
export function monthsBefore(instant: Date, months: number): Date {
  const year = instant.getUTCFullYear();
  const month = instant.getUTCMonth() - months;
  const target = new Date(Date.UTC(year, month, 1, instant.getUTCHours(), instant.getUTCMinutes(), instant.getUTCSeconds(), instant.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(instant.getUTCDate(), lastDay));
  return target;
}

/** The instants before which each kind is due at `now` (ISO 8601 UTC, compared as text with the stored times). */
export interface RetentionCutoffs {
  /** Closed enquiries last changed before this lose their contact details. */
  readonly contact: string;
  /** Enquiries raised before this are anonymised. */
  readonly enquiry: string;
  /** Reads noted before this are deleted. */
  readonly readAudit: string;
}

export function retentionCutoffs(now: Date, periods: RetentionPeriods): RetentionCutoffs {
  return {
    contact: monthsBefore(now, periods.contactMonths).toISOString(),
    enquiry: monthsBefore(now, periods.enquiryYears * 12).toISOString(),
    readAudit: monthsBefore(now, periods.readAuditYears * 12).toISOString(),
  };
}

/** The fields of an enquiry's data (as pushed to the hub, or a copy pulled from it) that anonymisation keeps as they are. */
const KEPT_FIELDS = ['reference', 'unitId', 'forumId', 'deviceCode', 'topic', 'body', 'channel', 'status', 'outcome', 'mergedInto', 'createdAt', 'updatedAt'] as const;

/**
 * An enquiry's data JSON anonymised: the kept fields as they were, summary and location as
 * {@link ANONYMISED}, details empty, language and contact null, where the data had them. Any
 * field not named here goes too: nobody can say what a field the hub does not know holds.
 */
export function anonymisedEnquiryData(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of KEPT_FIELDS) if (field in data) result[field] = data[field];
  if ('summary' in data) result.summary = ANONYMISED;
  if ('location' in data) result.location = ANONYMISED;
  if ('details' in data) result.details = '';
  if ('language' in data) result.language = null;
  if ('contact' in data) result.contact = null;
  return result;
}

/** The data without its contact details; null when it holds none (nothing to remove). */
export function withoutContact(data: Readonly<Record<string, unknown>>): Record<string, unknown> | null {
  if (data.contact === undefined || data.contact === null) return null;
  return { ...data, contact: null };
}

/** What one run removed, kind by kind: counts and the references (or, for reads, the audit rows' ids). */
export interface RetentionRunReport {
  readonly at: string;
  readonly dryRun: boolean;
  readonly cutoffs: Partial<RetentionCutoffs>;
  readonly removed: Partial<Record<RetentionKind, { readonly count: number; readonly refs: readonly string[] }>>;
}
