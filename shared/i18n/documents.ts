import i18next from 'i18next';
import documents from './documents/en-GB.json' with { type: 'json' };
import screens from './locales/en-GB.json' with { type: 'json' };
import { findTopic, type Body } from '../directory/topics';
import type { EnquiryStatus } from '../enquiries/model';
import type { DocumentTranslate } from '../forums/exportModel';
import type { Decision, Referral } from '../forums/model';

/**
 * The words the forum's documents print (agenda packs, issue lists, CSV headers, calendars).
 *
 * Documents are written in British English whatever language the kiosk shows: they are the
 * council's papers, read by officers, partners and the public at the meeting, and filed as its
 * record. So these strings are a separate resource (`documents/en-GB.json`), not part of the UI
 * locales that every kiosk language must translate; what residents wrote stays in their own words.
 * Topic, body and status names come from the UI's English file, so a document names them exactly
 * as the screens do.
 */

/** The language documents are written in. */
export const DOCUMENT_LANGUAGE = 'en-GB';

/** The document resource's shape: the reference for its keys. */
export type DocumentMessages = typeof documents;

const DOCUMENTS_NS = 'documents';
const SCREENS_NS = 'translation';

/**
 * A translate function for documents: a fresh i18next instance, initialised synchronously (every
 * resource is bundled), looking keys up in the documents resource first and then in the UI's
 * English file (`topics.*`, `bodyNames.*`, `enquiryStatus.*`). No HTML escaping: writers put text
 * into PDF, DOCX, CSV and ICS, each escaping by its own rules.
 */
export function documentTranslator(): DocumentTranslate {
  const instance = i18next.createInstance();
  void instance.init({
    lng: DOCUMENT_LANGUAGE,
    fallbackLng: DOCUMENT_LANGUAGE,
    supportedLngs: [DOCUMENT_LANGUAGE],
    resources: { [DOCUMENT_LANGUAGE]: { [DOCUMENTS_NS]: documents, [SCREENS_NS]: screens } },
    ns: [DOCUMENTS_NS, SCREENS_NS],
    defaultNS: DOCUMENTS_NS,
    fallbackNS: SCREENS_NS,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return (key, options) => instance.t(key, { ...options });
}

// ---------------------------------------------------------------------------------------------
// Names every writer prints the same way. `t` is a DocumentTranslate (documentTranslator()).

export type DateStyle = 'long' | 'medium' | 'short';

/** A London calendar date (YYYY-MM-DD) in words: long "Tuesday 14 October 2025", medium "14 October 2025", short "14 Oct 2025". */
export function documentDate(t: DocumentTranslate, date: string, style: DateStyle): string {
  const [year, month, day] = date.split('-').map(Number);
  // Midnight UTC of that day, formatted in UTC: the calendar day itself, whatever the machine's zone.
  const value = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
  return Number.isNaN(value.getTime()) ? date : t(`date.${style}`, { date: value });
}

/** A topic's name; one this build does not know (a newer directory elsewhere) is "Other", as on screen. */
export function topicName(t: DocumentTranslate, topicId: string): string {
  return findTopic(topicId) ? t(`topics.${topicId}`) : t('otherTopic');
}

export function bodyName(t: DocumentTranslate, body: Body): string {
  return t(`bodyNames.${body}`);
}

export function statusName(t: DocumentTranslate, status: EnquiryStatus): string {
  return t(`enquiryStatus.${status}`);
}

export function decisionName(t: DocumentTranslate, decision: Decision): string {
  return t(`decision.${decision}`);
}

/**
 * The names above, each worked out once per document: a 10,000-row export asks for the same few
 * dozen topics, bodies, statuses and dates over and over, and a translation costs far more than a
 * map lookup.
 */
export function documentNames(t: DocumentTranslate) {
  const cache = new Map<string, string>();
  const once = (key: string, make: () => string): string => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make();
      cache.set(key, value);
    }
    return value;
  };
  return {
    topic: (topicId: string) => once(`topic:${topicId}`, () => topicName(t, topicId)),
    body: (body: Body) => once(`body:${body}`, () => bodyName(t, body)),
    status: (status: EnquiryStatus) => once(`status:${status}`, () => statusName(t, status)),
    date: (date: string, style: DateStyle) => once(`date:${style}:${date}`, () => documentDate(t, date, style)),
  };
}
export type DocumentNames = ReturnType<typeof documentNames>;

/** "Referred to the Community Action Team (CAT)", "Referred to Network Rail"; null when not referred. */
export function referralText(t: DocumentTranslate, referral: Referral, body: string): string | null {
  switch (referral) {
    case 'none':
      return null;
    case 'body':
      return t('referral.body', { body });
    case 'cat':
    case 'pact':
      return t(`referral.${referral}`);
  }
}
