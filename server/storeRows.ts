import type { ForumIssue, HubDeviceRecord, HubMeeting } from './store';
import type { HeldEnquiry, IssueAgendaLink } from './storeRules';

/**
 * The hub's rows as both stores read them: the SQLite and PostgreSQL schemas have the same tables
 * and columns, and differ only in how a flag comes back (0/1 from SQLite, a boolean from PostgreSQL).
 */
type Flag = number | boolean;
const isSet = (flag: Flag) => flag === true || flag === 1;

export interface EnquiryRow {
  id: string;
  reference: string;
  unit_id: string;
  forum_id: string;
  topic: string;
  topic_group: string;
  status: string;
  outcome: string | null;
  merged_into: string | null;
  status_owner: 'kiosk' | 'hub';
  version: number;
  data: string;
  created_at: string;
  updated_at: string;
}

export interface MeetingRow {
  id: string;
  forum_id: string;
  date: string;
  starts_at: string | null;
  place: string | null;
  cancelled: Flag;
  version: number;
  data: string;
  updated_at: string;
}

export interface DeviceRow {
  id: string;
  unit_id: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
  last_push_at: string | null;
}

/** An agenda item holding one of a forum's enquiries (`forumIssues` below). */
export interface IssueAgendaRow {
  enquiry_id: string;
  item_id: string;
  meeting_id: string;
  meeting_date: string | null;
  position: number;
  restricted: Flag;
  updated_at: string;
}

export const heldEnquiry = (row: EnquiryRow): HeldEnquiry => ({
  id: row.id,
  reference: row.reference,
  unitId: row.unit_id,
  status: row.status,
  outcome: row.outcome,
  mergedInto: row.merged_into,
  statusOwner: row.status_owner,
  version: row.version,
  createdAt: row.created_at,
});

export const deviceRecord = (row: DeviceRow): HubDeviceRecord => ({
  id: row.id,
  unitId: row.unit_id,
  name: row.name,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  lastPushAt: row.last_push_at,
});

export const meetingView = (row: MeetingRow): HubMeeting => ({
  id: row.id,
  forumId: row.forum_id,
  date: row.date,
  startsAt: row.starts_at,
  place: row.place,
  cancelled: isSet(row.cancelled),
  version: row.version,
  updatedAt: row.updated_at,
});

const agendaLink = (row: IssueAgendaRow): IssueAgendaLink => ({
  enquiryId: row.enquiry_id,
  itemId: row.item_id,
  meetingId: row.meeting_id,
  meetingDate: row.meeting_date,
  position: row.position,
  restricted: isSet(row.restricted),
  updatedAt: row.updated_at,
});

/** Of the agenda items holding one enquiry, the one to name: the latest meeting's, then the latest changed. */
function laterLink(a: IssueAgendaLink, b: IssueAgendaLink): IssueAgendaLink {
  const [dateA, dateB] = [a.meetingDate ?? '', b.meetingDate ?? ''];
  if (dateA !== dateB) return dateA > dateB ? a : b;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? a : b;
  return a.itemId > b.itemId ? a : b;
}

/** A forum's issues from their rows and the rows of the agenda items holding them (the store's `listForumIssues`). */
export function forumIssues(rows: readonly (EnquiryRow & { merged_into_reference: string | null })[], links: readonly IssueAgendaRow[]): ForumIssue[] {
  const items = new Map<string, IssueAgendaLink>();
  for (const link of links.map(agendaLink)) {
    const held = items.get(link.enquiryId);
    items.set(link.enquiryId, held ? laterLink(held, link) : link);
  }
  return rows.map((row): ForumIssue => {
    const item = items.get(row.id);
    return {
      id: row.id,
      reference: row.reference,
      unitId: row.unit_id,
      forumId: row.forum_id,
      topic: row.topic,
      topicGroup: row.topic_group,
      status: row.status,
      outcome: row.outcome,
      mergedInto: row.merged_into,
      mergedIntoReference: row.merged_into_reference,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      data: JSON.parse(row.data) as Record<string, unknown>,
      agenda: item
        ? { meetingId: item.meetingId, meetingDate: item.meetingDate, itemId: item.itemId, position: item.position, restricted: item.restricted }
        : null,
    };
  });
}
