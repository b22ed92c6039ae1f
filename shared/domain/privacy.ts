/**
 * The purpose and consent ledger (UK GDPR, issue 9): every piece of personal data the kiosk
 * collects, what it is held for, on what lawful basis, who sees it, where it goes and how long it
 * is kept. The resident's screens, the staff form and the privacy page all read this one list, so
 * what a person is told cannot drift from what the code keeps.
 *
 * The lawful basis for an enquiry is the council's public task; consent is asked only for an
 * optional use (being contacted about what happened), and is recorded with the wording shown.
 */

import { DEFAULT_SETTINGS } from './settings';

/** Why a piece of data may be held at all. */
export const LAWFUL_BASES = ['public-task', 'consent'] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/** Who can read it. The public never see personal data: agendas are redacted. */
export const AUDIENCES = ['desk-staff', 'forum-chair', 'administrator'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** How long it is kept, as one of the retention rules the retention job applies. */
export const RETENTION_RULES = ['contact-after-close', 'enquiry-anonymised', 'read-audit'] as const;
export type RetentionRule = (typeof RETENTION_RULES)[number];

/**
 * The retention periods the kiosk ships with, taken from the settings' defaults (the retention
 * job's own), so the words residents read cannot drift from what the job removes.
 */
export interface RetentionPeriods {
  /** Contact details are removed this many months after the enquiry is closed. */
  readonly contactMonthsAfterClose: number;
  /** Enquiries are anonymised (summary, place, details emptied) this many years after they were raised. */
  readonly enquiryAnonymiseYears: number;
  /** The audit of staff reads is kept this many years. */
  readonly readAuditYears: number;
}

export const RETENTION_DEFAULTS: RetentionPeriods = {
  contactMonthsAfterClose: DEFAULT_SETTINGS.retentionContactMonths,
  enquiryAnonymiseYears: DEFAULT_SETTINGS.retentionEnquiryYears,
  readAuditYears: DEFAULT_SETTINGS.retentionReadAuditYears,
};

/** The periods residents are told. */
export const SHOWN_RETENTION: RetentionPeriods = RETENTION_DEFAULTS;

/** The pieces of personal data the kiosk collects, in the order the privacy page lists them. */
export const PERSONAL_DATA = ['contactName', 'contactPhone', 'contactEmail', 'issueWords', 'language', 'staffDetails', 'readAudit'] as const;
export type PersonalData = (typeof PERSONAL_DATA)[number];

export interface LedgerLine {
  readonly data: PersonalData;
  /** What it is for: one purpose per line, said to the person in `raise.privacy.items.<data>.why`. */
  readonly purpose: 'follow-up' | 'deal-with-issue' | 'reply-in-language' | 'check-use';
  readonly basis: LawfulBasis;
  /** Asked of the resident at the kiosk (false: staff write it, or the kiosk records it itself). */
  readonly askedAtKiosk: boolean;
  readonly seenBy: readonly Audience[];
  /** Copied to the forum hub with the enquiry (kept by the council, never published). */
  readonly toHub: boolean;
  /**
   * Passed to another body (county, NHS, police). Never done by the kiosk: staff tell the body
   * about the problem, and a person's details go only if they say yes at the desk.
   */
  readonly toOtherBody: false;
  readonly retention: RetentionRule;
}

export const LEDGER: readonly LedgerLine[] = [
  { data: 'contactName', purpose: 'follow-up', basis: 'consent', askedAtKiosk: true, seenBy: ['desk-staff'], toHub: true, toOtherBody: false, retention: 'contact-after-close' },
  { data: 'contactPhone', purpose: 'follow-up', basis: 'consent', askedAtKiosk: true, seenBy: ['desk-staff'], toHub: true, toOtherBody: false, retention: 'contact-after-close' },
  { data: 'contactEmail', purpose: 'follow-up', basis: 'consent', askedAtKiosk: true, seenBy: ['desk-staff'], toHub: true, toOtherBody: false, retention: 'contact-after-close' },
  { data: 'issueWords', purpose: 'deal-with-issue', basis: 'public-task', askedAtKiosk: true, seenBy: ['desk-staff', 'forum-chair'], toHub: true, toOtherBody: false, retention: 'enquiry-anonymised' },
  { data: 'language', purpose: 'reply-in-language', basis: 'public-task', askedAtKiosk: false, seenBy: ['desk-staff'], toHub: true, toOtherBody: false, retention: 'enquiry-anonymised' },
  { data: 'staffDetails', purpose: 'deal-with-issue', basis: 'public-task', askedAtKiosk: false, seenBy: ['desk-staff'], toHub: true, toOtherBody: false, retention: 'enquiry-anonymised' },
  { data: 'readAudit', purpose: 'check-use', basis: 'public-task', askedAtKiosk: false, seenBy: ['administrator'], toHub: false, toOtherBody: false, retention: 'read-audit' },
];

export function ledgerLine(data: PersonalData): LedgerLine {
  return LEDGER.find((line) => line.data === data)!;
}

/**
 * The wording a person agreed to, recorded with their consent (`contact_wording`). Bump the
 * version whenever the consent text (`raise.privacy.consent.*`) changes meaning in any language,
 * and keep the old versions here: stored consents still name them.
 */
export const CONSENT_WORDINGS = ['follow-up-1'] as const;
export type ConsentWording = (typeof CONSENT_WORDINGS)[number];

/** The version the screens show now, per optional use. */
export const CURRENT_CONSENT_WORDING = { 'follow-up': 'follow-up-1' } as const satisfies Record<string, ConsentWording>;

/** The i18n key of the consent text for a recorded wording version, so a record can be read back in words. */
export const CONSENT_WORDING_KEYS: Readonly<Record<ConsentWording, string>> = {
  'follow-up-1': 'raise.privacy.consent.followUp',
};

/** The number a rule's period is said with, and its unit, for the words residents read. */
export function retentionPeriod(rule: RetentionRule, periods: RetentionPeriods = RETENTION_DEFAULTS): { readonly count: number; readonly unit: 'months' | 'years' } {
  switch (rule) {
    case 'contact-after-close':
      return { count: periods.contactMonthsAfterClose, unit: 'months' };
    case 'enquiry-anonymised':
      return { count: periods.enquiryAnonymiseYears, unit: 'years' };
    case 'read-audit':
      return { count: periods.readAuditYears, unit: 'years' };
  }
}

/** The i18n key (under `raise.privacy.keep`) saying how long a rule keeps data, with `count`. */
export const RETENTION_WORDS: Readonly<Record<RetentionRule, string>> = {
  'contact-after-close': 'contactAfterClose',
  'enquiry-anonymised': 'enquiryAnonymised',
  'read-audit': 'readAudit',
};
