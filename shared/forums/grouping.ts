import { findTopic } from '../directory/topics';
import { DEFAULT_PERIOD_DAYS, type ForumIssue, type IssueGroup, type MeetingView, type TimelineGranularity, type TimelinePoint } from './model';

/**
 * How the chair's view counts: issues grouped by a key with the streets they are on, the period
 * "since the last meeting", and issues over time. Pure, so the kiosk and tests share one truth.
 */

const DAY_MS = 86_400_000;

/** YYYY-MM-DD plus (or minus) whole days, on the calendar (no clock involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();

/**
 * The unit area a location names ("Mill Lane, Chadsmoor" → "Chadsmoor"), or null. The longest
 * matching name wins ("Cannock Wood" before "Cannock"); whole words only.
 */
export function areaOf(location: string, areas: readonly string[]): string | null {
  const text = ` ${fold(location).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  let found: string | null = null;
  for (const area of areas) {
    const name = fold(area).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    if (name !== '' && text.includes(` ${name} `) && (found === null || area.length > found.length)) found = area;
  }
  return found;
}

/** Issues counted by key, with the distinct streets among them; most issues first, then by key. */
export function groupIssues(issues: readonly ForumIssue[], keyOf: (issue: ForumIssue) => string): IssueGroup[] {
  const groups = new Map<string, { issues: number; streets: Set<string> }>();
  for (const issue of issues) {
    const key = keyOf(issue);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { issues: 0, streets: new Set() }));
    group.issues++;
    if (issue.street !== '') group.streets.add(issue.street);
  }
  return [...groups]
    .map(([key, group]) => ({ key, issues: group.issues, streets: group.streets.size }))
    .sort((a, b) => b.issues - a.issues || a.key.localeCompare(b.key));
}

export const byTopicGroup = (issue: ForumIssue) => findTopic(issue.topicId)?.group ?? 'other';
export const byTopic = (issue: ForumIssue) => issue.topicId;
export const byBody = (issue: ForumIssue) => issue.body;
export const byArea = (issue: ForumIssue) => issue.area ?? '';

/** Buckets small enough to show a shape, few enough to read: days up to a month, weeks up to half a year, then months. */
export function granularityFor(from: string, to: string): TimelineGranularity {
  const days = daysBetween(from, to) + 1;
  if (days <= 31) return 'day';
  if (days <= 183) return 'week';
  return 'month';
}

/** The first day of the bucket holding `date`: itself, its Monday, or the first of its month. */
export function bucketStart(date: string, granularity: TimelineGranularity): string {
  if (granularity === 'day') return date;
  if (granularity === 'month') return `${date.slice(0, 7)}-01`;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/**
 * Issues per bucket over [from, to] (London dates), every bucket present, empty ones as 0.
 * `dayOf` gives an issue's London date.
 */
export function timeline(
  issues: readonly ForumIssue[],
  from: string,
  to: string,
  dayOf: (issue: ForumIssue) => string,
): { granularity: TimelineGranularity; points: TimelinePoint[] } {
  const granularity = granularityFor(from, to);
  const counts = new Map<string, number>();
  for (let start = bucketStart(from, granularity); start <= to; ) {
    counts.set(start, 0);
    start = granularity === 'day' ? addDays(start, 1) : granularity === 'week' ? addDays(start, 7) : nextMonth(start);
  }
  for (const issue of issues) {
    const start = bucketStart(dayOf(issue), granularity);
    const count = counts.get(start);
    if (count !== undefined) counts.set(start, count + 1);
  }
  return { granularity, points: [...counts].map(([start, n]) => ({ start, issues: n })) };
}

function nextMonth(firstOfMonth: string): string {
  const [year, month] = firstOfMonth.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/**
 * The chair's default period: from the day of the last meeting held (before today, not cancelled)
 * to today; with no meeting held yet, the last DEFAULT_PERIOD_DAYS days.
 */
export function defaultPeriod(
  meetings: readonly MeetingView[],
  today: string,
): { from: string; to: string; lastMeeting: MeetingView | null; nextMeeting: MeetingView | null } {
  const held = meetings.filter((m) => !m.cancelled && m.date < today).sort((a, b) => a.date.localeCompare(b.date));
  const next = meetings.filter((m) => !m.cancelled && m.date >= today).sort((a, b) => a.date.localeCompare(b.date));
  const lastMeeting = held.at(-1) ?? null;
  return {
    from: lastMeeting ? lastMeeting.date : addDays(today, -DEFAULT_PERIOD_DAYS),
    to: today,
    lastMeeting,
    nextMeeting: next[0] ?? null,
  };
}
