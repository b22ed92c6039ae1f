import { z } from 'zod';
import { doubleMetaphone } from 'double-metaphone';
import { distance } from 'fastest-levenshtein';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { cleanText } from '../domain/text';
import { normaliseReference } from './model';

/**
 * Subject access (UK GDPR art. 15; README, "Subject access"): finding everything held about one
 * person from what staff type: a name, a phone number, an email address or a reference. One
 * implementation for the kiosk and the hub, so a person is found the same way on both.
 *
 * Names are matched generously on purpose (a person gives their name as they say it, and it was
 * typed by them or by staff as they heard it): staff see each result with the name it matched and
 * what it matched on, and untick any that is not the person before exporting.
 */

/** What one search looks for, read from the text typed (see `parseSubjectQuery`). */
export type SubjectQuery =
  | { readonly kind: 'name'; readonly tokens: readonly string[] }
  | { readonly kind: 'phone'; readonly number: string; readonly national: string }
  | { readonly kind: 'email'; readonly email: string }
  | { readonly kind: 'reference'; readonly reference: string };

export type SubjectQueryKind = SubjectQuery['kind'];

/** What a result matched on, shown beside it so staff can judge it is the person. */
export const SUBJECT_MATCHES = ['reference', 'email', 'phone', 'contact-name', 'text-name', 'text-phone', 'text-email'] as const;
export type SubjectMatch = (typeof SUBJECT_MATCHES)[number];

/** One enquiry as either side holds it, reduced to what the matching reads. */
export interface SubjectCandidate {
  readonly reference: string;
  readonly contactName: string | null;
  readonly contactPhone: string | null;
  readonly contactEmail: string | null;
  /** Free text a name, number or address may appear in: summary, place, private details, outcome. */
  readonly text: readonly (string | null | undefined)[];
}

export const SUBJECT_QUERY_MAX = 200;

/** The typed search, for the IPC channel and the hub endpoint: some text that reads as one of the four kinds. */
export const subjectSearchSchema = z.object({
  query: z
    .string()
    .max(SUBJECT_QUERY_MAX)
    .transform((q) => cleanText(q).trim())
    .refine((q) => parseSubjectQuery(q) !== null, { message: 'format' }),
});

/**
 * A name's words as compared: accents and case dropped (Siân = sian), apostrophes joined
 * (O'Brien = obrien), hyphens, dots and runs of spaces as one space (Owen-Jones = owen jones).
 */
export function nameTokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`ʼ]/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** A phone number as stored and compared: E.164 when libphonenumber can read it (GB by default), else its digits. */
export function normalisePhone(text: string): { number: string; national: string } | null {
  const parsed = parsePhoneNumberFromString(text, 'GB');
  if (parsed?.isPossible()) return { number: parsed.number, national: parsed.nationalNumber };
  const digits = text.replace(/\D/g, '');
  return digits.length >= 6 ? { number: digits, national: digits.replace(/^0+/, '') } : null;
}

export function normaliseEmail(text: string): string {
  return text.trim().toLowerCase();
}

/**
 * Reads what staff typed: a reference (`rug k2 000417`), an email (has an @), a phone number (mostly
 * digits, at least 6), else a name (at least two letters). Null for anything else (nothing to find).
 */
export function parseSubjectQuery(typed: string): SubjectQuery | null {
  const text = cleanText(typed).trim();
  if (text === '') return null;
  const reference = normaliseReference(text);
  if (reference) return { kind: 'reference', reference };
  if (/^[^\s@]+@[^\s@]+$/u.test(text)) return { kind: 'email', email: normaliseEmail(text) };
  if (/^[+\d\s().-]+$/u.test(text)) {
    const phone = normalisePhone(text);
    return phone ? { kind: 'phone', ...phone } : null;
  }
  const tokens = nameTokens(text);
  return tokens.join('').length >= 2 ? { kind: 'name', tokens } : null;
}

function sounds(word: string): readonly string[] {
  const [primary, secondary] = doubleMetaphone(word);
  return primary === secondary ? [primary] : [primary, secondary];
}

/**
 * One word of a name against another: the same, an initial of it, one letter apart from four
 * letters up (Owen and Owens), or sounding
 * alike by Double Metaphone (Thomson and Thompson, Philips and Phillips, Sian and Sean).
 */
export function sameNameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === 1 || b.length === 1) return a[0] === b[0];
  if (Math.min(a.length, b.length) >= 4 && distance(a, b) <= 1) return true;
  const sa = sounds(a);
  return sounds(b).some((code) => code.length >= 2 && sa.includes(code));
}

/**
 * A name typed against a name held. One word ("Owen") matches any word of the name held. Several:
 * the first matches the held name's first word (or initial) and the last matches one of its later
 * words (a middle name or a double-barrelled surname may sit between): "S. Owen" and "Sian Owens"
 * find "Siân Owen"; "Siân Evans", "Brian Owen" and "Owen Price" do not.
 */
export function nameMatches(query: readonly string[], held: readonly string[]): boolean {
  if (query.length === 0 || held.length === 0) return false;
  if (query.length === 1) return held.some((word) => sameNameWord(query[0]!, word));
  if (held.length === 1) return false;
  const [first] = query;
  const last = query[query.length - 1]!;
  return sameNameWord(first!, held[0]!) && held.slice(1).some((word) => sameNameWord(last, word));
}

/**
 * A name of two or more words written in free text, as a phrase, accents and case aside ("rang for
 * sian owen"). Exact words only: sounding-alike in free text would sweep in streets and other people.
 */
export function textMentionsName(query: readonly string[], text: string): boolean {
  if (query.length < 2 || query.some((word) => word.length < 2)) return false;
  return ` ${nameTokens(text).join(' ')} `.includes(` ${query.join(' ')} `);
}

/** What `candidate` matched `query` on; empty when it is not the person's. */
export function matchSubject(query: SubjectQuery, candidate: SubjectCandidate): SubjectMatch[] {
  const found: SubjectMatch[] = [];
  const text = candidate.text.filter((t): t is string => typeof t === 'string' && t !== '');
  switch (query.kind) {
    case 'reference':
      if (candidate.reference === query.reference) found.push('reference');
      break;
    case 'email':
      if (candidate.contactEmail && normaliseEmail(candidate.contactEmail) === query.email) found.push('email');
      if (text.some((t) => t.toLowerCase().includes(query.email))) found.push('text-email');
      break;
    case 'phone': {
      // Parsing is dear and most numbers share no digits with the one sought: compare digits first.
      const digits = candidate.contactPhone?.replace(/\D/g, '') ?? '';
      const held = digits.endsWith(query.national.slice(-6)) && candidate.contactPhone ? normalisePhone(candidate.contactPhone) : null;
      if (held && (held.number === query.number || held.national === query.national)) found.push('phone');
      if (query.national.length >= 6 && text.some((t) => t.replace(/\D/g, '').includes(query.national))) found.push('text-phone');
      break;
    }
    case 'name':
      if (candidate.contactName && nameMatches(query.tokens, nameTokens(candidate.contactName))) found.push('contact-name');
      if (text.some((t) => textMentionsName(query.tokens, t))) found.push('text-name');
      break;
  }
  return found;
}

/**
 * An enquiry the hub holds that matched, as the hub answers `POST /api/v1/subject-access/search`:
 * the whole data as the kiosk that raised it pushed it (contact and private details included: it is
 * the person's own data, for their export), with where and when the hub got it.
 */
export const hubSubjectEnquirySchema = z.object({
  id: z.string(),
  reference: z.string(),
  unitId: z.string(),
  forumId: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  version: z.number().int(),
  receivedAt: z.string(),
  data: z.record(z.string(), z.unknown()),
  matchedOn: z.array(z.enum(SUBJECT_MATCHES)),
});
export type HubSubjectEnquiry = z.infer<typeof hubSubjectEnquirySchema>;

export const hubSubjectResponseSchema = z.object({
  /** The forum whose enquiries were searched (the asking device's unit's forum). */
  forumId: z.string(),
  enquiries: z.array(hubSubjectEnquirySchema),
});
export type HubSubjectResponse = z.infer<typeof hubSubjectResponseSchema>;

/** The free text of an enquiry's data as pushed to the hub, for `matchSubject`. */
export function candidateOfData(reference: string, data: Record<string, unknown>): SubjectCandidate {
  const contact = (data['contact'] && typeof data['contact'] === 'object' ? data['contact'] : {}) as Record<string, unknown>;
  const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return {
    reference,
    contactName: str(contact['name']),
    contactPhone: str(contact['phone']),
    contactEmail: str(contact['email']),
    text: [str(data['summary']), str(data['location']), str(data['details']), str(data['outcome'])],
  };
}

/** Whether the hub was asked, and what came of it: an export never leaves the hub out silently. */
export type HubSearchState =
  | { readonly state: 'searched'; readonly forumId: string; readonly found: number }
  | { readonly state: 'not-configured' }
  | { readonly state: 'unreachable'; readonly reason: string };

/** One enquiry found, as the staff screen lists it before the export. */
export interface SubjectResult {
  readonly reference: string;
  readonly createdAt: string;
  readonly status: string;
  /** The contact name held (kiosk's or hub's), so staff can tell one person from another. */
  readonly contactName: string | null;
  /** `kiosk`: raised here; `hub`: held at the hub only (raised at another kiosk); `both`. */
  readonly heldAt: 'kiosk' | 'hub' | 'both';
  readonly matchedOn: readonly SubjectMatch[];
}

export interface SubjectSearchAnswer {
  readonly kind: SubjectQueryKind;
  readonly results: readonly SubjectResult[];
  readonly hub: HubSearchState;
}

/** At most this many enquiries in one export (far more than one person raises). */
export const SUBJECT_EXPORT_MAX = 2000;

/** The export: the same search again, the references staff kept ticked, and the format. */
export const subjectExportSchema = subjectSearchSchema.extend({
  references: z.array(z.string().min(1).max(40)).min(1).max(SUBJECT_EXPORT_MAX),
  format: z.enum(['json', 'pdf']),
});

/** An erasure's reason: enough to say why, in a few words, without personal details. */
export const ERASURE_REASON = { min: 10, max: 500 } as const;

/**
 * Erasure (UK GDPR art. 17; README, "Erasure"), for administrators: the same search again, the
 * references staff kept ticked, and the reason, which is recorded and sent to the hub. The reason
 * must not hold what was searched for (`reasonNamesSubject`).
 */
export const subjectEraseSchema = subjectSearchSchema.extend({
  references: z.array(z.string().min(1).max(40)).min(1).max(SUBJECT_EXPORT_MAX),
  reason: z
    .string()
    .transform((value) => cleanText(value, true).trim())
    .pipe(z.string().min(ERASURE_REASON.min).max(ERASURE_REASON.max)),
});

/**
 * Whether an erasure's reason repeats what identifies the person searched for: a word of the name
 * (of three letters or more, accents and case aside), the phone number's digits, or the email
 * address. The reason outlives the erasure and goes to the hub, so it must say why, not who.
 */
export function reasonNamesSubject(query: SubjectQuery, reason: string): boolean {
  switch (query.kind) {
    case 'name': {
      const words = new Set(nameTokens(reason));
      return query.tokens.some((token) => token.length >= 3 && words.has(token));
    }
    case 'phone':
      return query.national.length >= 6 && reason.replace(/\D/g, '').includes(query.national);
    case 'email':
      return reason.toLowerCase().includes(query.email);
    case 'reference':
      // A reference is the council's own number, not the person's: the record lists them anyway.
      return false;
  }
}

/** What an erasure did, as the administrator is told. */
export interface ErasureAnswer {
  /** The erasure's id, as recorded here and at the hub. */
  readonly id: string;
  readonly erasedAt: string;
  /** Every enquiry erased: references, newest first. */
  readonly references: readonly string[];
  /** How many of them this kiosk held (erased now); the rest are held only at the hub (erased when it syncs). */
  readonly here: number;
  /** References ticked that the search no longer finds (changed meanwhile): not erased. */
  readonly notFound: readonly string[];
  /** Whether the hub was searched: when it was not, enquiries held only there were not erased. */
  readonly hub: HubSearchState;
}

/** An erasure as an administrator sees it in the list: what, why, who, and whether the hub has it. */
export interface ErasureEntry {
  readonly id: string;
  readonly erasedAt: string;
  readonly erasedBy: string;
  readonly reason: string;
  readonly references: readonly string[];
  readonly origin: 'here' | 'hub';
  /**
   * For one made here: `waiting` (in the outbox), `refused` (the hub refused it: `refusal` says why),
   * `sent` (the hub has it). For one pulled from the hub: `received`.
   */
  readonly sync: 'waiting' | 'refused' | 'sent' | 'received';
  readonly refusal: string | null;
}
