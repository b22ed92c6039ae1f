import { z } from 'zod';
import { inCalendarYears } from '../domain/calendar';
import { cleanText, lineOfText } from '../domain/text';
import { BODIES, TOPIC_IDS, type Body } from '../directory/topics';
import { LANGUAGE_CODES } from '../i18n/languages';
import { CONSENT_WORDINGS } from '../domain/privacy';

/**
 * An enquiry's life, in order. "On an agenda" and "outcome recorded" are the forum's steps; the
 * others are the front desk's.
 */
export const ENQUIRY_STATUSES = [
  'new',
  'resolved-at-desk',
  'referred',
  'for-forum',
  'on-agenda',
  'outcome-recorded',
  'closed',
] as const;
export type EnquiryStatus = (typeof ENQUIRY_STATUSES)[number];

/** Which status may follow which. Reopening a closed enquiry starts it again as new. */
export const STATUS_TRANSITIONS: Readonly<Record<EnquiryStatus, readonly EnquiryStatus[]>> = {
  new: ['resolved-at-desk', 'referred', 'for-forum', 'closed'],
  'resolved-at-desk': ['closed', 'new'],
  referred: ['for-forum', 'resolved-at-desk', 'closed'],
  'for-forum': ['on-agenda', 'referred', 'closed'],
  'on-agenda': ['outcome-recorded', 'for-forum'],
  'outcome-recorded': ['closed', 'for-forum'],
  closed: ['new'],
};

export function canMoveTo(from: EnquiryStatus, to: EnquiryStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

/** How the enquiry reached us. */
export const ENQUIRY_CHANNELS = ['kiosk', 'desk', 'phone'] as const;
export type EnquiryChannel = (typeof ENQUIRY_CHANNELS)[number];

/** Why contact details are held. Only one purpose exists today: telling the person what happened. */
export const CONTACT_PURPOSES = ['follow-up'] as const;
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number];

export const LIMITS = {
  summary: { min: 5, max: 200 },
  details: { max: 2000 },
  location: { min: 2, max: 120 },
  outcome: { max: 500 },
  note: { max: 500 },
  contactName: { max: 80 },
} as const;

/** Days back the duplicate hint looks for the same topic on the same street. */
export const DUPLICATE_WINDOW_DAYS = 30;

// ---------------------------------------------------------------------------------------------
// References: unit code, device code, sequence. Unique without coordination because each device
// code is unique within its unit and each device counts for itself.

const REFERENCE = /^([A-Z]{3})-([A-Z][0-9]{1,3})-([0-9]{6,9})$/;

export function formatReference(unitCode: string, deviceCode: string, sequence: number): string {
  return `${unitCode}-${deviceCode}-${String(sequence).padStart(6, '0')}`;
}

/**
 * Reads a reference as a person may type it: any case, spaces or dots for dashes, or no separators
 * at all (then the sequence is the last six digits). Null when it cannot be a reference.
 */
export function normaliseReference(typed: string): string | null {
  const upper = cleanText(typed).toUpperCase();
  const parts = upper.split(/[\s.\-_/]+/).filter(Boolean);
  let candidate: string;
  if (parts.length === 3) candidate = parts.join('-');
  else {
    const compact = /^([A-Z]{3})([A-Z][0-9]{1,3})([0-9]{6})$/.exec(parts.join(''));
    if (!compact) return null;
    candidate = `${compact[1]}-${compact[2]}-${compact[3]}`;
  }
  return REFERENCE.test(candidate) ? candidate : null;
}

export const referenceSchema = z
  .string()
  .max(40)
  .transform((typed, context) => {
    const reference = normaliseReference(typed);
    if (reference) return reference;
    context.addIssue({ code: 'custom', message: typed.trim() === '' ? 'required' : 'format' });
    return z.NEVER;
  });

// ---------------------------------------------------------------------------------------------
// Streets: the duplicate hint compares streets, not the exact words typed.

const STREET_WORDS: Readonly<Record<string, string>> = {
  rd: 'road',
  st: 'street',
  ave: 'avenue',
  av: 'avenue',
  ln: 'lane',
  dr: 'drive',
  cl: 'close',
  cres: 'crescent',
  ct: 'court',
  gdns: 'gardens',
  gr: 'grove',
  pl: 'place',
  sq: 'square',
  tce: 'terrace',
};

/**
 * A comparable key for a street or area: lower case, accents and punctuation gone, house numbers
 * ("12", "12a", "flat 3") dropped, common abbreviations written out. "12 Church St." and
 * "church street" give the same key.
 */
export function streetKey(location: string): string {
  const words = location
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if ((word === 'flat' || word === 'unit' || word === 'no') && /^\d/.test(words[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (/^\d+[a-z]?$/.test(word)) continue;
    kept.push(STREET_WORDS[word] ?? word);
  }
  return kept.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Input schemas. Every text is cleaned of control characters before its length is checked.

const topicSchema = z.enum(TOPIC_IDS as [string, ...string[]]);
const multiline = (max: number) =>
  z
    .string()
    .transform((value) => cleanText(value, true))
    .pipe(z.string().max(max));
const optionalLine = (max: number) => lineOfText(0, max);

/** UK phone numbers as people write them: at least 10 digits, with spaces, brackets, dashes or +44. */
const phoneSchema = optionalLine(30).refine((value) => value === '' || (/^[0-9+()\s-]+$/.test(value) && (value.match(/[0-9]/g) ?? []).length >= 10), 'format');
const emailSchema = optionalLine(120).refine((value) => value === '' || z.email().safeParse(value).success, 'format');

/**
 * Optional contact details, held only for the purpose stated. A phone number or an email address
 * is needed, or there is nothing to contact.
 */
export const contactSchema = z
  .object({
    name: optionalLine(LIMITS.contactName.max),
    phone: phoneSchema,
    email: emailSchema,
    purpose: z.enum(CONTACT_PURPOSES),
    /**
     * The version of the words the person was shown when they agreed (shared/domain/privacy.ts),
     * recorded with the consent. Absent from older clients and from copies made before it existed.
     */
    wording: z.enum(CONSENT_WORDINGS).optional(),
  })
  .superRefine((contact, context) => {
    if (contact.phone === '' && contact.email === '') {
      context.addIssue({ code: 'custom', path: ['phone'], message: 'required' });
    }
  });
export type ContactInput = z.input<typeof contactSchema>;
export type Contact = z.output<typeof contactSchema>;

/** A resident raising an issue for their forum at the touchscreen. */
export const raiseIssueSchema = z.object({
  topicId: topicSchema,
  location: lineOfText(LIMITS.location.min, LIMITS.location.max),
  summary: lineOfText(LIMITS.summary.min, LIMITS.summary.max),
  contact: contactSchema.nullable(),
  /** The language the resident used, so staff know how to reply. */
  language: z.enum(LANGUAGE_CODES).optional(),
});
export type RaiseIssueInput = z.input<typeof raiseIssueSchema>;

/** Staff logging an enquiry made in person or by phone. */
export const logEnquirySchema = z.object({
  channel: z.enum(['desk', 'phone']),
  topicId: topicSchema,
  body: z.enum(BODIES).optional(),
  location: lineOfText(LIMITS.location.min, LIMITS.location.max),
  summary: lineOfText(LIMITS.summary.min, LIMITS.summary.max),
  details: multiline(LIMITS.details.max),
  contact: contactSchema.nullable(),
  status: z.enum(['new', 'resolved-at-desk', 'referred', 'for-forum']),
});
export type LogEnquiryInput = z.input<typeof logEnquirySchema>;

const versionSchema = z.number().int().min(1);
const idSchema = z.uuid();

export const changeStatusSchema = z.object({
  id: idSchema,
  version: versionSchema,
  status: z.enum(ENQUIRY_STATUSES),
  /** What happened, in words a resident may read by reference. */
  outcome: optionalLine(LIMITS.outcome.max),
  /** A note for staff only, kept in the history. */
  note: optionalLine(LIMITS.note.max),
});

export const routeSchema = z.object({ id: idSchema, version: versionSchema, body: z.enum(BODIES) });

export const mergeSchema = z
  .object({ id: idSchema, version: versionSchema, into: idSchema })
  .refine((m) => m.id !== m.into, { path: ['into'], message: 'format' });

const dateSchema = z.iso.date().refine(inCalendarYears, { message: 'format' });

export const ENQUIRY_PAGE_MAX = 200;

export const enquiryFilterSchema = z.object({
  status: z.enum(ENQUIRY_STATUSES).optional(),
  topicId: topicSchema.optional(),
  body: z.enum(BODIES).optional(),
  unitId: z.string().max(40).optional(),
  /** One forum's enquiries: a chair's list is always held to their own forum. */
  forumId: z.string().max(40).optional(),
  /** From this day, inclusive (kiosk's local date, YYYY-MM-DD). */
  from: dateSchema.optional(),
  /** To this day, inclusive. */
  to: dateSchema.optional(),
  text: z
    .string()
    .max(200)
    .transform((q) => cleanText(q))
    .optional(),
});
export type EnquiryFilter = z.output<typeof enquiryFilterSchema>;

export const enquiryListSchema = z.object({
  filter: enquiryFilterSchema,
  offset: z.number().int().min(0).max(10_000_000),
  limit: z.number().int().min(1).max(ENQUIRY_PAGE_MAX),
});
export type EnquiryListInput = z.input<typeof enquiryListSchema>;

export const similarSchema = z.object({
  topicId: topicSchema,
  location: z.string().max(LIMITS.location.max),
  excludeId: idSchema.optional(),
});

// ---------------------------------------------------------------------------------------------
// What the screens see.

/** One row of the staff list. */
export interface EnquiryRow {
  readonly id: string;
  readonly reference: string;
  readonly createdAt: string;
  readonly topicId: string;
  readonly body: Body;
  readonly status: EnquiryStatus;
  readonly channel: EnquiryChannel;
  readonly unitId: string;
  readonly location: string;
  readonly summary: string;
  /** The enquiry this one was merged into, if any. */
  readonly mergedInto: string | null;
}

export interface EnquiryPage {
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly EnquiryRow[];
}

export interface EnquiryEvent {
  readonly version: number;
  /** `hub-status`: the forum hub set the status and outcome (the hub owns them once it has the enquiry). */
  readonly action: 'created' | 'status' | 'routed' | 'merged' | 'merged-in' | 'hub-status' | 'agenda';
  readonly fromStatus: EnquiryStatus | null;
  readonly toStatus: EnquiryStatus | null;
  /**
   * The body routed to, the reference merged, the staff note, (hub-status on a duplicate) the main
   * enquiry's reference, or (agenda) the agenda item's title.
   */
  readonly detail: string | null;
  readonly actorName: string | null;
  readonly at: string;
}

export interface EnquiryDetail extends EnquiryRow {
  readonly version: number;
  readonly forumId: string;
  /** Raised at another kiosk of the unit (a copy from the hub, without details or contact): changed there or through the agenda. */
  readonly replica: boolean;
  readonly details: string;
  readonly outcome: string | null;
  readonly language: string | null;
  readonly contact: (Contact & { readonly consentAt: string }) | null;
  readonly updatedAt: string;
  readonly history: readonly EnquiryEvent[];
  /** Enquiries merged into this one: with this one, "raised by N residents". */
  readonly merged: readonly Pick<EnquiryRow, 'id' | 'reference' | 'createdAt'>[];
  /** Open enquiries on the same topic and street in the last 30 days, not merged yet. */
  readonly similar: readonly EnquiryRow[];
}

/** What a resident sees by reference: never the summary they typed, never personal data. */
export interface PublicEnquiryStatus {
  readonly reference: string;
  readonly topicId: string;
  readonly body: Body;
  readonly status: EnquiryStatus;
  readonly outcome: string | null;
  readonly forumName: string;
  readonly raisedAt: string;
  readonly updatedAt: string;
}

/** The receipt a resident takes away. */
export interface EnquiryReceipt {
  readonly id: string;
  readonly reference: string;
  readonly forumName: string;
  readonly createdAt: string;
}

export interface SimilarEnquiries {
  readonly count: number;
  readonly rows: readonly EnquiryRow[];
}

/** The enquiry as it travels to the hub in an outbox row's payload (DESIGN.md, push CHANGE data). */
export interface EnquirySyncData {
  readonly reference: string;
  readonly unitId: string;
  readonly forumId: string;
  readonly deviceCode: string;
  readonly topic: string;
  readonly body: Body;
  readonly summary: string;
  readonly details: string;
  readonly location: string;
  readonly channel: EnquiryChannel;
  readonly status: EnquiryStatus;
  readonly outcome: string | null;
  readonly mergedInto: string | null;
  readonly language: string | null;
  readonly contact: (Contact & { readonly consentAt: string }) | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}
