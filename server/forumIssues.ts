import { z } from 'zod';
import { londonInstant, londonWallClock } from '../shared/directory/openingHours';
import { toCsv } from '../shared/forums/csv';
import { receivedText } from '../shared/domain/text';
import { CALENDAR_YEARS, inCalendarYears } from '../shared/domain/calendar';
import { DEFAULT_PERIOD_DAYS } from '../shared/forums/model';
import type { ForumIssue } from './store';

/**
 * The forum issues endpoints' contract (`GET /api/v1/forums/FORUM/issues` and `.../issues.csv`):
 * the issues raised for a forum in a period, for chairs and integrators. Publishable fields only:
 * an enquiry's private details, its contact details and any field the hub does not know never
 * leave the hub this way (../../shared/DOMAIN.md, "Privacy"), so each field is picked by name.
 */

export const forumParamsSchema = z.object({
  forum: z.string().min(1).max(80).describe('The forum id, as in the unit configuration (e.g. `rugeley`).'),
});

/** A bound: a London calendar day, or an instant. */
const boundSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .refine(inCalendarYears, { message: `a date from ${CALENDAR_YEARS.first} to ${CALENDAR_YEARS.last}` });

export const forumIssuesQuerySchema = z.object({
  from: boundSchema
    .optional()
    .describe(`YYYY-MM-DD (from the start of that London day) or an ISO 8601 instant. Default: ${DEFAULT_PERIOD_DAYS} days before \`to\`.`),
  to: boundSchema
    .optional()
    .describe('YYYY-MM-DD (to the end of that London day, inclusive) or an ISO 8601 instant (inclusive). Default: today in London.'),
});
export type ForumIssuesQueryInput = z.infer<typeof forumIssuesQuerySchema>;

export const publishedIssueSchema = z.object({
  id: z.string(),
  reference: z.string(),
  unitId: z.string(),
  /** The topic id. */
  topic: z.string(),
  topicGroup: z.string().describe('The topic group; `other` for a topic the hub does not know.'),
  body: z.string().nullable().describe('The responsible body (district, county, nhs, police...); null when the kiosk did not send one.'),
  location: z.string(),
  summary: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  mergedInto: z.string().nullable().describe('The reference of the enquiry this one duplicates, if any.'),
  createdAt: z.string(),
  updatedAt: z.string(),
  agenda: z
    .object({
      meetingId: z.string(),
      itemId: z.string(),
      position: z.number().int(),
      restricted: z.boolean().describe('Schedule 12A: the item is about an individual and is never published.'),
    })
    .nullable()
    .describe('The agenda item that takes it up (the latest meeting’s), or null.'),
});
export type PublishedIssue = z.infer<typeof publishedIssueSchema>;

export const forumIssuesResponseSchema = z.object({
  forum: z.object({ id: z.string(), name: z.string() }),
  /** The bounds as asked for, or as defaulted. */
  from: z.string(),
  to: z.string(),
  issues: z.array(publishedIssueSchema),
});
export type ForumIssuesResponse = z.infer<typeof forumIssuesResponseSchema>;

/** The period asked for, as the store's half-open range of instants and as London days for a file name. */
export interface IssuesPeriod {
  readonly from: string;
  readonly to: string;
  /** Inclusive. */
  readonly fromInstant: string;
  /** Exclusive. */
  readonly toInstant: string;
  readonly fromDay: string;
  readonly toDay: string;
}

const DAY_MS = 86_400_000;
const isDay = (bound: string) => /^\d{4}-\d{2}-\d{2}$/.test(bound);

/** A calendar day `days` later (or earlier): arithmetic on the date alone, no time zone involved. */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Resolves the query to a period. Days are London calendar days (GMT or BST, whichever London
 * keeps that day: `londonInstant` asks Intl), `to` inclusive. Null when `from` comes after `to`.
 */
export function resolvePeriod(query: ForumIssuesQueryInput, now: Date): IssuesPeriod | null {
  const to = query.to ?? londonWallClock(now).date;
  const toInstant = isDay(to) ? londonInstant(to, 24 * 60).getTime() : Date.parse(to) + 1;
  const from = query.from ?? (isDay(to) ? addDays(to, -DEFAULT_PERIOD_DAYS) : new Date(Date.parse(to) - DEFAULT_PERIOD_DAYS * DAY_MS).toISOString());
  const fromInstant = isDay(from) ? londonInstant(from, 0).getTime() : Date.parse(from);
  if (fromInstant >= toInstant) return null;
  return {
    from,
    to,
    fromInstant: new Date(fromInstant).toISOString(),
    toInstant: new Date(toInstant).toISOString(),
    fromDay: isDay(from) ? from : londonWallClock(new Date(fromInstant)).date,
    toDay: isDay(to) ? to : londonWallClock(new Date(toInstant - 1)).date,
  };
}

/**
 * Text as the endpoints serve it: what a kiosk would have kept of it (cleanText: no control
 * characters, no bidi overrides or isolates, one line), and a lone surrogate as U+FFFD. The hub
 * stores what a device pushed as it came, and a device other than our kiosk, or a hostile one with
 * a stolen token, could push a right-to-left override into a summary; a chair's spreadsheet or an
 * integrator's page must not show "gnp.exe" for "exe.png".
 */
function served(value: string): string;
function served(value: string | null): string | null;
function served(value: string | null): string | null {
  return value === null ? null : receivedText(value);
}

const text = (value: unknown): string | null => (typeof value === 'string' ? served(value) : null);

/** An issue as the endpoints publish it: each field picked by name, nothing from `data` passed on whole. */
export function publishedIssue(issue: ForumIssue): PublishedIssue {
  return {
    id: issue.id,
    reference: served(issue.reference),
    unitId: issue.unitId,
    topic: served(issue.topic),
    topicGroup: issue.topicGroup,
    body: text(issue.data.body),
    location: text(issue.data.location) ?? '',
    summary: text(issue.data.summary) ?? '',
    status: issue.status,
    outcome: served(issue.outcome),
    mergedInto: served(issue.mergedIntoReference),
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    agenda: issue.agenda && {
      meetingId: issue.agenda.meetingId,
      itemId: issue.agenda.itemId,
      position: issue.agenda.position,
      restricted: issue.agenda.restricted,
    },
  };
}

/** The CSV's columns: the JSON's, with the agenda flattened to the meeting's date, the item's number and its restricted flag. */
export const ISSUES_CSV_HEADER = [
  'id',
  'reference',
  'unitId',
  'topic',
  'topicGroup',
  'body',
  'location',
  'summary',
  'status',
  'outcome',
  'mergedInto',
  'createdAt',
  'updatedAt',
  'meetingDate',
  'itemPosition',
  'restricted',
] as const;

/** The issues as CSV (UTF-8 with BOM, CRLF, every cell neutralised against formula injection by `toCsv`). */
export function issuesCsv(issues: readonly ForumIssue[]): string {
  const rows = issues.map((issue) => {
    const published = publishedIssue(issue);
    return [
      published.id,
      published.reference,
      published.unitId,
      published.topic,
      published.topicGroup,
      published.body,
      published.location,
      published.summary,
      published.status,
      published.outcome,
      published.mergedInto,
      published.createdAt,
      published.updatedAt,
      issue.agenda?.meetingDate ?? null,
      issue.agenda?.position ?? null,
      issue.agenda ? String(issue.agenda.restricted) : null,
    ];
  });
  return toCsv([...ISSUES_CSV_HEADER], rows);
}
