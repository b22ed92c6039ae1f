import type { TFunction } from 'i18next';
import { ANONYMISED } from '../../shared/enquiries/retention';

const LONDON = 'Europe/London';
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(language, { timeZone: LONDON, ...options });
    formatters.set(key, found);
  }
  return found;
}

/** "17:00", in the person's language, on London's clock whatever the machine's zone. */
export function formatTime(iso: string, language: string): string {
  return formatter(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** "Monday", "Wednesday 24 December 2026" and the like, for a calendar date "YYYY-MM-DD". */
export function formatDate(isoDate: string, language: string, options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' }): string {
  // Noon UTC is the same calendar day in London in every season.
  return formatter(language, options).format(new Date(`${isoDate}T12:00:00Z`));
}

function londonDate(at: Date): string {
  return formatter('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** "today at 09:00", "tomorrow at 09:00" or "on Monday at 09:00". */
export function formatWhen(iso: string, language: string, t: TFunction, now = new Date()): string {
  const at = new Date(iso);
  const time = formatTime(iso, language);
  const day = londonDate(at);
  if (day === londonDate(now)) return t('service.today', { time });
  if (day === londonDate(new Date(now.getTime() + 24 * 3600_000))) return t('service.tomorrow', { time });
  return t('service.onDay', { day: formatter(language, { weekday: 'long' }).format(at), time });
}

/** "09:00" from a schedule's "09:00" or "09:00:00". */
export function clockText(time: string): string {
  return time.slice(0, 5);
}

/** The London calendar day of an instant, e.g. "23 November 2026". */
export function formatDay(iso: string, language: string): string {
  return formatter(language, { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}

/** A short date and time on London's clock, e.g. "23 Nov 2026, 09:12". */
export function formatDateTime(iso: string, language: string): string {
  return formatter(language, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** "today at 09:12", "yesterday at 09:12" or "on 23 Nov 2026 at 09:12": when something happened, on London's clock. */
export function formatSince(iso: string, language: string, t: TFunction, now = new Date()): string {
  const at = new Date(iso);
  const time = formatTime(iso, language);
  const day = londonDate(at);
  if (day === londonDate(now)) return t('sync.today', { time });
  if (day === londonDate(new Date(now.getTime() - 24 * 3600_000))) return t('sync.yesterday', { time });
  return t('sync.onDate', { date: formatter(language, { day: 'numeric', month: 'short', year: 'numeric' }).format(at), time });
}

/**
 * A resident's words as stored, or, where retention or an erasure removed them (the marker
 * `[anonymised]`), saying so in the reader's language.
 */
export function heldText(text: string, t: TFunction): string {
  return text === ANONYMISED ? t('common.removedText') : text;
}
