/**
 * Opening hours from ORUK schedules (see the conventions in `oruk.ts`): is a service open now, when
 * does it close or next open, and what are its hours this week. Pure: only `Date` and `Intl`.
 *
 * Rules:
 * - Times are Europe/London wall-clock (a schedule's `timezone` is ignored); dates are "YYYY-MM-DD".
 * - `freq` WEEKLY and MONTHLY are both read as "every week on `byday`" (the schema allows no
 *   positional days such as "1MO"); `interval` is ignored. A schedule with times but no `byday` opens
 *   on no day.
 * - `valid_from`/`valid_to` are inclusive. A schedule with dates and no times is a closure.
 * - `closes_at` "23:59" means the end of the day, so 00:00–23:59 every day is 24/7. A closing time at
 *   or before the opening time runs past midnight (22:00–02:00; 00:00–00:00 is the whole day).
 * - An opening belongs to the day it starts: a closure or bank holiday on that day cancels all of it,
 *   including the part after midnight.
 * - A closed reason ('closure', 'bank-holiday') is given only for a day the service would otherwise
 *   have opened; any other closed day is just outside its hours. 'no-hours' means no opening schedule
 *   applies today or later.
 * - 'always-open' means open without a break for the whole 21-day look-ahead; a 24/7 service with a
 *   closure or bank holiday coming up is 'open' until then.
 */

/** An ORUK weekday code. */
export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

/** The fields of an ORUK schedule (`OrukSchedule`) that opening hours read. */
export type OpeningSchedule = {
  freq?: 'WEEKLY' | 'MONTHLY' | null;
  /** Comma-separated weekdays, e.g. "MO,TU,WE,TH,FR". */
  byday?: string | null;
  /** "HH:MM" (seconds, if any, are ignored). */
  opens_at?: string | null;
  /** "HH:MM"; at or before `opens_at` means past midnight. */
  closes_at?: string | null;
  /** "YYYY-MM-DD", inclusive. */
  valid_from?: string | null;
  /** "YYYY-MM-DD", inclusive. */
  valid_to?: string | null;
};

/** What opening hours depend on besides the time: the schedules and the bank holidays. */
export type OpeningHoursInput = {
  schedules: readonly OpeningSchedule[];
  /** England and Wales bank holidays, "YYYY-MM-DD". */
  bankHolidays: readonly string[];
  /** The service's `x_onestop_bank_holidays === 'open'`. */
  openOnBankHolidays: boolean;
};

/** Why a service is closed on a day it would otherwise open. */
export type ClosedDayReason = 'closure' | 'bank-holiday';

/** Whether a service is open at a moment, and until when or from when. */
export type OpeningStatus =
  | { state: 'always-open' }
  | { state: 'open'; closesAt: Date }
  | {
      state: 'closed';
      /** The next opening within 21 days, or null if none. */
      opensAt: Date | null;
      reason: ClosedDayReason | 'outside-hours' | 'no-hours';
    };

/** One day of `weeklyHours`. */
export type DayHours = {
  date: string;
  weekday: Weekday;
  /** Start-of-day order; `closes` earlier than `opens` runs past midnight. */
  openings: { opens: string; closes: string }[];
  closedReason?: ClosedDayReason;
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const LOOKAHEAD_DAYS = 21;
/** Index = `Date#getUTCDay()`. */
const WEEKDAYS: readonly Weekday[] = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$/;

let londonFormat: Intl.DateTimeFormat | undefined;
const INSTANT_CACHE_LIMIT = 10_000;
const instantCache = new Map<string, number>();

/**
 * The Europe/London wall clock at an instant: its date, weekday and minutes since midnight
 * (seconds dropped).
 */
export function londonWallClock(at: Date): { date: string; weekday: Weekday; minutes: number } {
  londonFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of londonFormat.formatToParts(at)) part[p.type] = p.value;
  const date = `${(part.year ?? '').padStart(4, '0')}-${part.month ?? ''}-${part.day ?? ''}`;
  return { date, weekday: weekdayOf(date), minutes: Number(part.hour) * 60 + Number(part.minute) };
}

/**
 * The instant at which London's wall clock shows `date` at `minutes` past midnight (1440 is the
 * next midnight). In the spring-forward gap it is the first instant after the gap (01:30 on the
 * last Sunday of March is 01:00Z); in the autumn overlap, the first of the two (BST).
 * @throws RangeError if `date` is not "YYYY-MM-DD".
 */
export function londonInstant(date: string, minutes: number): Date {
  const key = `${date} ${minutes}`;
  let ms = instantCache.get(key);
  if (ms === undefined) {
    // A directory list asks for the same few times on the same dates for every service.
    if (instantCache.size >= INSTANT_CACHE_LIMIT) instantCache.clear();
    ms = findLondonInstant(utcMidnight(date) + minutes * MINUTE_MS);
    instantCache.set(key, ms);
  }
  return new Date(ms);
}

/** The instant for a London wall time given as milliseconds on a UTC-labelled clock. */
function findLondonInstant(local: number): number {
  // The offsets either side of this wall time; they differ only near a clock change.
  const offsets = new Set([offsetMinutes(local - DAY_MS), offsetMinutes(local + DAY_MS)]);
  const valid = [...offsets].map((o) => local - o * MINUTE_MS).filter((t) => local - t === offsetMinutes(t) * MINUTE_MS);
  if (valid.length > 0) return Math.min(...valid);
  // In the gap: no instant shows this time. Find the instant the offset changes, to the minute.
  const candidates = [...offsets].map((o) => local - o * MINUTE_MS);
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  const before = offsetMinutes(lo);
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / MINUTE_MS / 2) * MINUTE_MS;
    if (offsetMinutes(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Whether a service is open at `at`: 'always-open' when it stays open for the whole 21-day
 * look-ahead (24/7 with no closure or bank holiday in the way), otherwise open until `closesAt`
 * (back-to-back and overlapping openings merged), or closed with the next opening and why.
 */
export function openingStatus(input: OpeningHoursInput & { at: Date }): OpeningStatus {
  const atMs = input.at.getTime();
  const today = londonWallClock(input.at).date;
  const rules = compile(input);
  if (!rules.openings.some((o) => o.validTo === null || o.validTo >= today)) {
    return { state: 'closed', opensAt: null, reason: 'no-hours' };
  }

  // Yesterday for openings running past midnight; a day past the look-ahead so a 24/7 run reaches its end.
  const last = addDays(today, LOOKAHEAD_DAYS + 1);
  const windowEnd = londonInstant(addDays(last, 1), 0).getTime();
  const spans: { start: number; end: number }[] = [];
  for (let date = addDays(today, -1); date <= last; date = addDays(date, 1)) {
    if (closedReason(rules, date) !== undefined) continue;
    for (const o of openingsOn(rules, date)) {
      const start = londonInstant(date, o.opens).getTime();
      const end = londonInstant(date, o.closes).getTime();
      if (end > start) spans.push({ start, end });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    const prev = merged.at(-1);
    if (prev !== undefined && span.start <= prev.end) prev.end = Math.max(prev.end, span.end);
    else merged.push({ ...span });
  }

  const current = merged.find((s) => s.start <= atMs && atMs < s.end);
  if (current !== undefined) {
    return current.end >= windowEnd ? { state: 'always-open' } : { state: 'open', closesAt: new Date(current.end) };
  }
  const next = merged.find((s) => s.start > atMs && s.start <= atMs + LOOKAHEAD_DAYS * DAY_MS);
  return {
    state: 'closed',
    opensAt: next === undefined ? null : new Date(next.start),
    reason: closedReason(rules, today) ?? 'outside-hours',
  };
}

/**
 * The opening hours for the seven days starting at `from`, for the service detail screen. Each
 * day lists the openings that start on it, back-to-back ones merged; a day cancelled by a closure
 * or a bank holiday has no openings and says why.
 */
export function weeklyHours(input: OpeningHoursInput & { from: string }): DayHours[] {
  const rules = compile(input);
  const days: DayHours[] = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(input.from, i);
    const weekday = weekdayOf(date);
    const reason = closedReason(rules, date);
    if (reason !== undefined) {
      days.push({ date, weekday, openings: [], closedReason: reason });
      continue;
    }
    const openings = openingsOn(rules, date).sort((a, b) => a.opens - b.opens || a.closes - b.closes);
    const merged: Opening[] = [];
    for (const o of openings) {
      const prev = merged.at(-1);
      if (prev !== undefined && o.opens <= prev.closes) {
        if (o.closes > prev.closes) merged[merged.length - 1] = { ...prev, closes: o.closes, closesText: o.closesText };
      } else merged.push(o);
    }
    days.push({ date, weekday, openings: merged.map((o) => ({ opens: o.opensText, closes: o.closesText })) });
  }
  return days;
}

// --- Internals -----------------------------------------------------------------------------------

/** A recurring opening with times in minutes from the start day's midnight (closes may pass 1440). */
type Opening = {
  days: ReadonlySet<Weekday>;
  validFrom: string | null;
  validTo: string | null;
  opens: number;
  closes: number;
  opensText: string;
  closesText: string;
};

type Rules = {
  openings: Opening[];
  closures: { from: string | null; to: string | null }[];
  bankHolidays: ReadonlySet<string> | null;
};

function compile(input: OpeningHoursInput): Rules {
  const openings: Opening[] = [];
  const closures: Rules['closures'] = [];
  for (const s of input.schedules) {
    const validFrom = s.valid_from ?? null;
    const validTo = s.valid_to ?? null;
    const opensText = s.opens_at ?? null;
    const closesText = s.closes_at ?? null;
    if (opensText === null && closesText === null) {
      if (validFrom !== null || validTo !== null) closures.push({ from: validFrom, to: validTo });
      continue;
    }
    const opens = clockMinutes(opensText);
    let closes = clockMinutes(closesText);
    // Malformed (or only one time): better no hours than wrong ones.
    if (opensText === null || closesText === null || opens === null || closes === null) continue;
    if (closes === 23 * 60 + 59) closes = 1440;
    else if (closes <= opens) closes += 1440;
    const days = new Set((s.byday ?? '').split(',').filter(isWeekday));
    openings.push({ days, validFrom, validTo, opens, closes, opensText: opensText.slice(0, 5), closesText: closesText.slice(0, 5) });
  }
  return { openings, closures, bankHolidays: input.openOnBankHolidays ? null : new Set(input.bankHolidays) };
}

function openingsOn(rules: Rules, date: string): Opening[] {
  const weekday = weekdayOf(date);
  return rules.openings.filter((o) => o.days.has(weekday) && within(date, o.validFrom, o.validTo));
}

/** Why a day the service would open has no openings, or undefined if it opens (or never would). */
function closedReason(rules: Rules, date: string): ClosedDayReason | undefined {
  if (openingsOn(rules, date).length === 0) return undefined;
  if (rules.closures.some((c) => within(date, c.from, c.to))) return 'closure';
  if (rules.bankHolidays?.has(date)) return 'bank-holiday';
  return undefined;
}

function within(date: string, from: string | null, to: string | null): boolean {
  return (from === null || date >= from) && (to === null || date <= to);
}

function clockMinutes(text: string | null): number | null {
  const m = CLOCK.exec(text ?? '');
  return m === null ? null : Number(m[1]) * 60 + Number(m[2]);
}

function isWeekday(code: string): code is Weekday {
  return (WEEKDAYS as readonly string[]).includes(code);
}

function utcMidnight(date: string): number {
  const m = ISO_DATE.exec(date);
  if (m === null) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  return WEEKDAYS[new Date(utcMidnight(date)).getUTCDay()]!;
}

/** London's offset from UTC at an instant, in minutes (0 in winter, 60 in summer). */
function offsetMinutes(ms: number): number {
  const instant = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
  const wall = londonWallClock(new Date(instant));
  return (utcMidnight(wall.date) + wall.minutes * MINUTE_MS - instant) / MINUTE_MS;
}
