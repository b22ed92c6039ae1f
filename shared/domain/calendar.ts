/**
 * The years a date typed into onestop may fall in (a period's ends, a meeting, a filter). Beyond
 * them a date is a typing slip, not a council matter; and a period ending 9999-12-31 would end on a
 * day JavaScript dates cannot hold.
 */
export const CALENDAR_YEARS = { first: 2000, last: 2099 } as const;

/** Whether an ISO 8601 date or date-time (which starts with its four-digit year) falls in `CALENDAR_YEARS`. */
export function inCalendarYears(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  return year >= CALENDAR_YEARS.first && year <= CALENDAR_YEARS.last;
}
