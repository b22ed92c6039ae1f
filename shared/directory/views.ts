import type { Body, UrgentLine } from './topics';

/**
 * What the resident screens receive about services. Dates cross the IPC boundary as ISO strings:
 * the browser host's bridge is JSON, and the renderer formats them in the person's language.
 */

export interface ServiceSummary {
  readonly id: string;
  readonly name: string;
  readonly organizationName: string;
  readonly body: Body;
  readonly topicIds: readonly string[];
  readonly status: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  readonly description: string;
  /** The language its name and description are in: the screen's where translated, else English. */
  readonly contentLanguage: string;
}

export type OpeningView =
  | { readonly state: 'always-open' }
  | { readonly state: 'open'; readonly closesAt: string }
  | { readonly state: 'closed'; readonly opensAt: string | null; readonly reason: 'closure' | 'bank-holiday' | 'outside-hours' | 'no-hours' };

export interface DayHours {
  readonly date: string;
  readonly weekday: string;
  readonly openings: readonly { readonly opens: string; readonly closes: string }[];
  readonly closedReason?: 'closure' | 'bank-holiday';
}

export interface LocationView {
  readonly id: string;
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly postalCode: string | null;
  readonly transportation: string | null;
  readonly phones: readonly PhoneView[];
  /** Present when this service keeps its own hours at this place. */
  readonly opening: OpeningView | null;
  readonly week: readonly DayHours[] | null;
  /** True for the unit's own One Stop Shop: "You are here". */
  readonly isThisShop: boolean;
}

export interface PhoneView {
  readonly number: string;
  readonly description: string | null;
}

export interface ServiceDetail extends ServiceSummary {
  readonly url: string | null;
  readonly email: string | null;
  readonly phones: readonly PhoneView[];
  readonly feesDescription: string | null;
  readonly eligibilityDescription: string | null;
  readonly minimumAge: number | null;
  readonly maximumAge: number | null;
  readonly languages: readonly string[];
  readonly areas: readonly string[];
  readonly locations: readonly LocationView[];
  readonly opening: OpeningView;
  readonly week: readonly DayHours[];
  /** "Information last checked on ..." (ISO date). */
  readonly assuredDate: string;
  readonly urgent: readonly UrgentLine[];
}

export interface DirectorySearchResult {
  readonly hits: readonly ServiceSummary[];
  /** Topics the query is about, best first: the screen says who deals with them, and urgent advice first. */
  readonly topicIds: readonly string[];
}

export interface DirectoryInfo {
  readonly services: number;
  /** The bundled sample directory is loaded: every screen that shows services says so. */
  readonly sample: boolean;
}
