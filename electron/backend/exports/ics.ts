import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { londonInstant } from '../../../shared/directory/openingHours';
import type { DocumentTranslate, MeetingCalendar } from '../../../shared/forums/exportModel';

/**
 * A forum's meeting dates as an iCalendar file (RFC 5545, the `ics` package), for residents',
 * councillors' and officers' calendars.
 *
 * - One VEVENT per meeting; `UID` is the meeting's id + "@onestop" and `SEQUENCE` its version − 1,
 *   so a calendar that imported an earlier file updates the event instead of adding a second one;
 *   a cancelled meeting stays in the file with `STATUS:CANCELLED` (and says so in its title, since
 *   several calendar apps do not show the status), so the update removes it there too.
 * - `METHOD:PUBLISH`: a published schedule, not an invitation anyone answers.
 * - A meeting with a start time lasts two hours (DEFAULT_DURATION). Its start is the London wall
 *   time (`meeting.startsAt` on `meeting.date`, Europe/London) converted to the instant it names
 *   and written in UTC (`DTSTART:20251028T190000Z`). The `ics` package writes no `TZID` and no
 *   `VTIMEZONE`; its "local" times are the zone of the machine running it (a kiosk set to another
 *   zone, or a server in UTC, would move every meeting) or floating times that each reader places
 *   in their own zone. A UTC instant worked out here from London's rules is exact on both sides of
 *   a clock change and shows at the right local time in every calendar.
 * - A meeting without a time yet is an all-day event on its date (`DTSTART;VALUE=DATE`, ending the
 *   next day, exclusive, as RFC 5545 counts).
 */

const DEFAULT_DURATION = { hours: 2 } as const;
const PRODUCT_ID = 'onestop/forum-meetings';

export interface IcsOptions {
  /** DTSTAMP, when the file is made (default: now); fixed in tests for byte-stable output. */
  readonly now?: Date;
}

function dateParts(date: string): [number, number, number] {
  const [year, month, day] = date.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined || [year, month, day].some(Number.isNaN)) {
    throw new Error(`Not a meeting date: ${date}`);
  }
  return [year, month, day];
}

function nextDay(date: string): DateArray {
  const [year, month, day] = dateParts(date);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
}

function utcParts(instant: Date): DateArray {
  return [instant.getUTCFullYear(), instant.getUTCMonth() + 1, instant.getUTCDate(), instant.getUTCHours(), instant.getUTCMinutes()];
}

/** The meetings as an iCalendar file (CRLF lines, folded at 75 octets by the `ics` package). */
export function meetingsIcs(calendar: MeetingCalendar, t: DocumentTranslate, options: IcsOptions = {}): string {
  const timestamp = (options.now ?? new Date()).getTime();
  const events = calendar.meetings.map((meeting): EventAttributes => {
    const common = {
      uid: `${meeting.id}@onestop`,
      sequence: meeting.version - 1,
      timestamp,
      title: t(meeting.cancelled ? 'calendar.cancelledTitle' : 'calendar.title', { forum: calendar.forumName }),
      status: meeting.cancelled ? 'CANCELLED' : 'CONFIRMED',
      ...(meeting.place ? { location: meeting.place } : {}),
    } as const;
    if (meeting.startsAt === null) {
      return { ...common, start: dateParts(meeting.date), end: nextDay(meeting.date) };
    }
    const [hours, minutes] = meeting.startsAt.split(':').map(Number);
    const start = londonInstant(meeting.date, (hours ?? 0) * 60 + (minutes ?? 0));
    return { ...common, start: utcParts(start), startInputType: 'utc', startOutputType: 'utc', duration: DEFAULT_DURATION };
  });
  const { error, value } = createEvents(events, {
    productId: PRODUCT_ID,
    method: 'PUBLISH',
    calName: t('calendar.name', { forum: calendar.forumName }),
  });
  if (error !== null || value === null) {
    throw new Error(`The meetings calendar for ${calendar.forumId} could not be written: ${error?.message ?? 'no output'}`, { cause: error });
  }
  return value;
}
