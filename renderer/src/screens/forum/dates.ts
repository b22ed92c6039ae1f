/**
 * Calendar dates ("YYYY-MM-DD") as the forum works with them: London's, whatever the machine's
 * zone, since a meeting, a period and an issue's day are all the forum's local days.
 */

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in London. */
export function londonToday(now: Date = new Date()): string {
  return LONDON_DAY.format(now);
}

/** The London calendar day of an instant. */
export function londonDay(iso: string): string {
  return LONDON_DAY.format(new Date(iso));
}

/** A calendar date moved by whole days (negative: back), on the calendar, not the clock. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** A calendar date moved by whole months, kept to the month's last day (31 March less one month: 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1, 12));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0, 12)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
