import { AppFailure } from '../shared/ipc/result';
import type { EnquiryStatus } from '../shared/enquiries/model';
import {
  DECISION_STATUS,
  FORUM_LIMITS,
  type AgendaEnquiry,
  type AgendaItemView,
  type Decision,
  type ForumIssue,
  type MeetingView,
  type Referral,
} from '../shared/forums/model';
import type { AgendaItemData, MeetingData } from '../shared/sync/protocol';
import type { Database } from './driver';
import type { Actor } from './enquiries';
import { prepared } from './statements';

/**
 * The forum's work on the kiosk (migration 0006): meetings set here, agenda items and the enquiries
 * they gather, and the statuses an agenda gives those enquiries. Every change is one transaction
 * with its outbox row, as enquiries are. An agenda item's status reaches its enquiries here at once
 * (a resident at this kiosk sees it straight away) and reaches the hub as the item itself, which
 * then owns those statuses and tells the unit's other kiosks.
 */

// ---------------------------------------------------------------------------------------------
// Meetings

interface MeetingRow {
  id: string;
  forum_id: string;
  date: string;
  starts_at: string | null;
  place: string | null;
  cancelled: number;
  version: number;
  item_count: number;
}

const MEETING_COLUMNS = `m.id, m.forum_id, m.date, m.starts_at, m.place, m.cancelled, m.version,
  (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id AND a.removed = 0) AS item_count`;

function meetingOf(row: MeetingRow): MeetingView {
  return {
    id: row.id,
    forumId: row.forum_id,
    date: row.date,
    startsAt: row.starts_at,
    place: row.place,
    cancelled: row.cancelled === 1,
    version: row.version,
    itemCount: row.item_count,
  };
}

export function meetingViews(db: Database, forumId: string): MeetingView[] {
  return (prepared(db, `SELECT ${MEETING_COLUMNS} FROM meetings m WHERE m.forum_id = ? ORDER BY m.date, m.starts_at, m.id`).all(forumId) as MeetingRow[]).map(
    meetingOf,
  );
}

export function meetingView(db: Database, id: string): MeetingView | null {
  const row = prepared(db, `SELECT ${MEETING_COLUMNS} FROM meetings m WHERE m.id = ?`).get(id) as MeetingRow | undefined;
  return row ? meetingOf(row) : null;
}

function meetingNotFound(): AppFailure {
  return new AppFailure({ code: 'forums/meeting-not-found', message: 'No meeting with that id on this kiosk.' });
}

function changed(what: string, held: number, seen: number): AppFailure {
  return new AppFailure({ code: 'forums/changed', message: `${what} changed since it was opened (version ${held}, not ${seen}).` });
}

export interface MeetingChange {
  /** A new meeting's id (made by the caller), or the meeting being changed. */
  readonly id: string;
  /** The version the person saw; null for a new meeting. */
  readonly version: number | null;
  readonly forumId: string;
  readonly date: string;
  readonly startsAt: string | null;
  readonly place: string | null;
  readonly cancelled: boolean;
}

/** Adds or changes a meeting here, with its outbox row for the hub (which tells the forum's other kiosks). */
export function saveMeeting(db: Database, change: MeetingChange, at: string): MeetingView {
  return db
    .transaction(() => {
      let version = 1;
      if (change.version !== null) {
        const held = meetingView(db, change.id);
        if (!held || held.forumId !== change.forumId) throw meetingNotFound();
        if (held.version !== change.version) throw changed('The meeting', held.version, change.version);
        version = held.version + 1;
      }
      const data: MeetingData = {
        forumId: change.forumId,
        date: change.date,
        startsAt: change.startsAt,
        place: change.place,
        cancelled: change.cancelled,
        updatedAt: at,
      };
      const payload = JSON.stringify(data);
      prepared(
        db,
        `INSERT INTO meetings (id, forum_id, date, starts_at, place, cancelled, version, payload, received_at, updated_at)
         VALUES (@id, @forumId, @date, @startsAt, @place, @cancelled, @version, @payload, @at, @at)
         ON CONFLICT (id) DO UPDATE SET date = excluded.date, starts_at = excluded.starts_at, place = excluded.place,
           cancelled = excluded.cancelled, version = excluded.version, payload = excluded.payload, updated_at = excluded.updated_at`,
      ).run({ ...change, cancelled: change.cancelled ? 1 : 0, version, payload, at });
      enqueue(db, 'meeting', change.id, version, payload, at);
      return meetingView(db, change.id)!;
    })
    .immediate();
}

function enqueue(db: Database, entity: 'meeting' | 'agenda-item', id: string, version: number, payload: string, at: string): void {
  prepared(db, 'INSERT INTO outbox (entity, entity_id, version, payload, created_at) VALUES (?, ?, ?, ?, ?)').run(entity, id, version, payload, at);
}

// ---------------------------------------------------------------------------------------------
// The issues a forum holds on this kiosk

/** A forum issue as stored: the shared view but the area, which the backend reads from the unit's areas. */
export type ForumIssueRow = Omit<ForumIssue, 'area'>;

/**
 * An item holds an enquiry while it is on the agenda and not carried forward; a carried-forward
 * item lets its enquiries go onto a later agenda.
 */
const HOLDING = `a.removed = 0 AND (a.decision IS NULL OR a.decision <> 'carried-forward')`;

/** The enquiries of a forum created in [fromInstant, toInstant), oldest first, with their agenda item. */
export function forumIssues(db: Database, forumId: string, fromInstant: string, toInstant: string): ForumIssueRow[] {
  const rows = prepared(
    db,
    `SELECT e.id, e.reference, e.created_at AS createdAt, e.unit_id AS unitId, e.topic_id AS topicId, e.body,
       e.location, e.street_key AS street, e.summary, e.status, e.outcome, e.merged_into AS mergedInto,
       (SELECT a.id FROM agenda_item_enquiries l JOIN agenda_items a ON a.id = l.item_id
          WHERE l.enquiry_id = e.id AND ${HOLDING} ORDER BY a.updated_at DESC LIMIT 1) AS agendaItemId,
       EXISTS (SELECT 1 FROM agenda_item_enquiries l JOIN agenda_items a ON a.id = l.item_id
          WHERE l.enquiry_id IN (e.id, e.merged_into) AND a.removed = 0 AND a.restricted = 1) AS restricted,
       e.origin = 'hub' AS replica
     FROM enquiries e
     WHERE e.forum_id = ? AND e.created_at >= ? AND e.created_at < ?
     ORDER BY e.created_at, e.id`,
  ).all(forumId, fromInstant, toInstant) as (Omit<ForumIssueRow, 'restricted' | 'replica'> & { restricted: number; replica: number })[];
  return rows.map((row) => ({ ...row, restricted: row.restricted === 1, replica: row.replica === 1 }));
}

// ---------------------------------------------------------------------------------------------
// Agenda items

interface ItemRow {
  id: string;
  meeting_id: string;
  forum_id: string;
  position: number;
  title: string;
  summary: string;
  restricted: number;
  referral: Referral;
  referral_body: string;
  decision: Decision | null;
  outcome: string | null;
  minute: string | null;
  removed: number;
  version: number;
  updated_at: string;
}

interface LinkedEnquiryRow {
  id: string;
  reference: string;
  created_at: string;
  topic_id: string;
  location: string;
  summary: string;
  status: EnquiryStatus;
  outcome: string | null;
  forum_id: string;
  merged_into: string | null;
  version: number;
  merged_count: number;
}

function itemNotFound(): AppFailure {
  return new AppFailure({ code: 'forums/item-not-found', message: 'No such item on this agenda.' });
}

function readItem(db: Database, id: string): ItemRow {
  const row = prepared(db, 'SELECT * FROM agenda_items WHERE id = ?').get(id) as ItemRow | undefined;
  if (!row || row.removed === 1) throw itemNotFound();
  return row;
}

function readItemForChange(db: Database, id: string, version: number): ItemRow {
  const row = readItem(db, id);
  if (row.version !== version) throw changed(`Agenda item "${row.title}"`, row.version, version);
  return row;
}

function linkedEnquiries(db: Database, itemId: string): LinkedEnquiryRow[] {
  return prepared(
    db,
    `SELECT e.id, e.reference, e.created_at, e.topic_id, e.location, e.summary, e.status, e.outcome, e.forum_id,
       e.merged_into, e.version, (SELECT count(*) FROM enquiries m WHERE m.merged_into = e.id) AS merged_count
     FROM agenda_item_enquiries l JOIN enquiries e ON e.id = l.enquiry_id
     WHERE l.item_id = ? ORDER BY e.created_at, e.id`,
  ).all(itemId) as LinkedEnquiryRow[];
}

function activeItems(db: Database, meetingId: string): ItemRow[] {
  return prepared(db, 'SELECT * FROM agenda_items WHERE meeting_id = ? AND removed = 0 ORDER BY position, created_at, id').all(meetingId) as ItemRow[];
}

/** A meeting's agenda, items in order and numbered 1, 2, 3... */
export function agendaItems(db: Database, meetingId: string): AgendaItemView[] {
  return activeItems(db, meetingId).map((row, index) => {
    const linked = linkedEnquiries(db, row.id);
    const enquiries: AgendaEnquiry[] = linked.map((e) => ({
      id: e.id,
      reference: e.reference,
      createdAt: e.created_at,
      topicId: e.topic_id,
      location: e.location,
      summary: e.summary,
      status: e.status,
    }));
    const linkedIds = new Set(linked.map((e) => e.id));
    // Duplicates merged into a linked enquiry count as residents too, unless linked themselves.
    const mergedOnly = linked.reduce((n, e) => n + e.merged_count, 0) - linked.filter((e) => e.merged_into !== null && linkedIds.has(e.merged_into)).length;
    return {
      id: row.id,
      meetingId: row.meeting_id,
      number: index + 1,
      title: row.title,
      summary: row.summary,
      restricted: row.restricted === 1,
      referral: row.referral,
      referralBody: row.referral_body,
      decision: row.decision,
      outcome: row.outcome,
      minute: row.minute,
      version: row.version,
      updatedAt: row.updated_at,
      enquiries,
      raisedBy: linked.length + mergedOnly,
    };
  });
}

/** The status an item gives the enquiries it gathers. */
function statusFor(item: Pick<ItemRow, 'removed' | 'decision'>): EnquiryStatus {
  if (item.removed === 1) return 'for-forum';
  return item.decision ? DECISION_STATUS[item.decision] : 'on-agenda';
}

/**
 * Sets the status (and, when given, the outcome) an agenda gave one enquiry and the duplicates
 * merged into it, with an `agenda` audit row each. No outbox row for the enquiry: the agenda item
 * carries the decision to the hub, which owns statuses from then on.
 */
function giveStatus(db: Database, enquiryId: string, status: EnquiryStatus, outcome: string | null | undefined, detail: string, actor: Actor, at: string): void {
  const update = prepared(db, 'UPDATE enquiries SET status = ?, outcome = ?, updated_at = ? WHERE id = ?');
  const event = prepared(
    db,
    `INSERT INTO enquiry_events (enquiry_id, version, action, from_status, to_status, detail, actor_id, actor_name, at)
     VALUES (?, ?, 'agenda', ?, ?, ?, ?, ?, ?)`,
  );
  const rows = prepared(db, 'SELECT id, status, outcome, version FROM enquiries WHERE id = ? OR merged_into = ?').all(enquiryId, enquiryId) as {
    id: string;
    status: EnquiryStatus;
    outcome: string | null;
    version: number;
  }[];
  for (const row of rows) {
    const nextOutcome = outcome === undefined ? row.outcome : outcome;
    if (row.status === status && row.outcome === nextOutcome) continue;
    update.run(status, nextOutcome, at, row.id);
    event.run(row.id, row.version, row.status, status, detail, actor.id, actor.name, at);
  }
}

function itemData(db: Database, row: ItemRow, at: string): AgendaItemData {
  const enquiryIds = (prepared(db, 'SELECT enquiry_id FROM agenda_item_enquiries WHERE item_id = ? ORDER BY enquiry_id').all(row.id) as { enquiry_id: string }[]).map(
    (link) => link.enquiry_id,
  );
  return {
    meetingId: row.meeting_id,
    forumId: row.forum_id,
    position: row.position,
    title: row.title,
    summary: row.summary,
    restricted: row.restricted === 1,
    referral: row.referral,
    referralBody: row.referral_body,
    enquiryIds,
    decision: row.decision,
    outcome: row.outcome,
    minute: row.minute,
    removed: row.removed === 1,
    updatedAt: at,
  };
}

/** Writes the item's outbox row at its current version. */
function enqueueItem(db: Database, id: string, at: string): void {
  const row = prepared(db, 'SELECT * FROM agenda_items WHERE id = ?').get(id) as ItemRow;
  enqueue(db, 'agenda-item', row.id, row.version, JSON.stringify(itemData(db, row, at)), at);
}

export interface ItemChange {
  readonly meetingId: string;
  /** A new item's id (made by the caller), or the item being changed. */
  readonly id: string;
  readonly version: number | null;
  readonly title: string;
  readonly summary: string;
  readonly restricted: boolean;
  readonly referral: Referral;
  readonly referralBody: string;
  readonly enquiryIds: readonly string[];
}

/**
 * Adds an item at the end of the agenda, or changes one. Its enquiries must be the meeting's
 * forum's, not merged into another, not closed and not held by another item; they go on the
 * agenda, and any the item no longer gathers go back to waiting for the forum.
 */
export function saveItem(db: Database, change: ItemChange, actor: Actor, at: string): void {
  db.transaction(() => {
    const meeting = meetingView(db, change.meetingId);
    if (!meeting) throw meetingNotFound();
    if (meeting.cancelled) throw new AppFailure({ code: 'forums/meeting-cancelled', message: 'The meeting is cancelled: its agenda cannot change.' });
    let before: ItemRow | null = null;
    if (change.version !== null) {
      before = readItemForChange(db, change.id, change.version);
      if (before.meeting_id !== change.meetingId) throw itemNotFound();
    } else if (activeItems(db, change.meetingId).length >= FORUM_LIMITS.items.max) {
      throw new AppFailure({ code: 'forums/too-many-items', message: `An agenda holds at most ${FORUM_LIMITS.items.max} items.` });
    }

    const unavailable: string[] = [];
    const enquiry = prepared(db, 'SELECT id, reference, forum_id, merged_into, status FROM enquiries WHERE id = ?');
    const heldElsewhere = prepared(
      db,
      `SELECT 1 FROM agenda_item_enquiries l JOIN agenda_items a ON a.id = l.item_id WHERE l.enquiry_id = ? AND a.id <> ? AND ${HOLDING}`,
    );
    for (const id of change.enquiryIds) {
      const row = enquiry.get(id) as { id: string; reference: string; forum_id: string; merged_into: string | null; status: EnquiryStatus } | undefined;
      if (!row || row.forum_id !== meeting.forumId || row.merged_into !== null || row.status === 'closed' || heldElsewhere.get(id, change.id)) {
        unavailable.push(row?.reference ?? id);
      }
    }
    if (unavailable.length > 0) {
      throw new AppFailure({
        code: 'forums/enquiry-unavailable',
        message: `These cannot go on this item: ${unavailable.join(', ')} (another forum's, merged, closed or on another item).`,
      });
    }

    const fields = {
      id: change.id,
      title: change.title,
      summary: change.summary,
      restricted: change.restricted ? 1 : 0,
      referral: change.referral,
      referralBody: change.referral === 'body' ? change.referralBody : '',
      at,
      actor: actor.id,
    };
    if (before) {
      prepared(
        db,
        `UPDATE agenda_items SET title = @title, summary = @summary, restricted = @restricted, referral = @referral,
           referral_body = @referralBody, version = version + 1, updated_at = @at, updated_by = @actor WHERE id = @id`,
      ).run(fields);
    } else {
      const position = activeItems(db, change.meetingId).length + 1;
      prepared(
        db,
        `INSERT INTO agenda_items (id, meeting_id, forum_id, position, title, summary, restricted, referral, referral_body,
           version, created_at, updated_at, updated_by)
         VALUES (@id, @meetingId, @forumId, @position, @title, @summary, @restricted, @referral, @referralBody, 1, @at, @at, @actor)`,
      ).run({ ...fields, meetingId: meeting.id, forumId: meeting.forumId, position });
    }

    const previous = new Set(linkedEnquiries(db, change.id).map((e) => e.id));
    const next = new Set(change.enquiryIds);
    const unlink = prepared(db, 'DELETE FROM agenda_item_enquiries WHERE item_id = ? AND enquiry_id = ?');
    const link = prepared(db, 'INSERT OR IGNORE INTO agenda_item_enquiries (item_id, enquiry_id) VALUES (?, ?)');
    const item = readItem(db, change.id);
    for (const id of previous) {
      if (next.has(id)) continue;
      unlink.run(change.id, id);
      giveStatus(db, id, 'for-forum', undefined, item.title, actor, at);
    }
    const status = statusFor(item);
    for (const id of next) {
      link.run(change.id, id);
      giveStatus(db, id, status, item.decision ? item.outcome : undefined, item.title, actor, at);
    }
    enqueueItem(db, change.id, at);
  }).immediate();
}

/** Puts a meeting's items in a new order; `order` must list every item on the agenda once. */
export function orderItems(db: Database, meetingId: string, order: readonly string[], actor: Actor, at: string): void {
  db.transaction(() => {
    if (!meetingView(db, meetingId)) throw meetingNotFound();
    const items = activeItems(db, meetingId);
    const ids = new Set(items.map((i) => i.id));
    if (order.length !== items.length || new Set(order).size !== order.length || order.some((id) => !ids.has(id))) {
      throw new AppFailure({ code: 'forums/order', message: 'The new order must list every item on the agenda once.' });
    }
    renumber(db, order, actor, at);
  }).immediate();
}

/** Gives each item its position in `order` (1-based), versioning and sending only those that moved. */
function renumber(db: Database, order: readonly string[], actor: Actor, at: string): void {
  const move = prepared(db, 'UPDATE agenda_items SET position = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND position <> ?');
  order.forEach((id, index) => {
    if (move.run(index + 1, at, actor.id, id, index + 1).changes === 1) enqueueItem(db, id, at);
  });
}

/** Takes an item off the agenda: its enquiries go back to waiting for the forum, the rest close up. */
export function removeItem(db: Database, id: string, version: number, actor: Actor, at: string): string {
  return db
    .transaction(() => {
      const row = readItemForChange(db, id, version);
      prepared(db, 'UPDATE agenda_items SET removed = 1, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?').run(at, actor.id, id);
      for (const e of linkedEnquiries(db, id)) giveStatus(db, e.id, 'for-forum', undefined, row.title, actor, at);
      enqueueItem(db, id, at);
      renumber(
        db,
        activeItems(db, row.meeting_id).map((i) => i.id),
        actor,
        at,
      );
      return row.meeting_id;
    })
    .immediate();
}

export interface OutcomeChange {
  readonly id: string;
  readonly version: number;
  readonly decision: Decision;
  readonly outcome: string;
  readonly minute: string;
}

/**
 * Records what the forum decided on an item. Every enquiry it gathers (and every duplicate merged
 * into one) takes the decision's status and the public outcome, here at once and, through the hub,
 * at every kiosk of the unit.
 */
export function recordOutcome(db: Database, change: OutcomeChange, actor: Actor, at: string): string {
  return db
    .transaction(() => {
      const row = readItemForChange(db, change.id, change.version);
      prepared(
        db,
        'UPDATE agenda_items SET decision = ?, outcome = ?, minute = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?',
      ).run(change.decision, change.outcome, change.minute === '' ? null : change.minute, at, actor.id, change.id);
      const status = DECISION_STATUS[change.decision];
      for (const e of linkedEnquiries(db, change.id)) giveStatus(db, e.id, status, change.outcome, row.title, actor, at);
      enqueueItem(db, change.id, at);
      return row.meeting_id;
    })
    .immediate();
}

export function itemMeetingId(db: Database, id: string): string {
  return readItem(db, id).meeting_id;
}

/**
 * While an agenda item's latest change still waits in the outbox, the status it gave stands on this
 * kiosk against anything the hub sends meanwhile (the hub has not heard the decision yet); once
 * the hub has it, the hub's word counts. Call after applying a pulled change to `enquiryId`.
 */
export function reassertPendingAgendaStatus(db: Database, enquiryId: string, at: string): void {
  const item = prepared(
    db,
    `SELECT a.* FROM agenda_item_enquiries l JOIN agenda_items a ON a.id = l.item_id
     WHERE l.enquiry_id = ? AND EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'agenda-item' AND o.entity_id = a.id AND o.version = a.version)
     ORDER BY a.updated_at DESC LIMIT 1`,
  ).get(enquiryId) as ItemRow | undefined;
  if (!item) return;
  giveStatus(db, enquiryId, statusFor(item), item.decision ? item.outcome : undefined, item.title, { id: null, name: null }, at);
}

/** The forum an enquiry belongs to, or null when this kiosk does not hold it. */
export function enquiryForumId(db: Database, id: string): string | null {
  return (prepared(db, 'SELECT forum_id FROM enquiries WHERE id = ?').get(id) as { forum_id: string } | undefined)?.forum_id ?? null;
}

/** An enquiry's reference by id, or null when this kiosk does not hold it. */
export function enquiryReference(db: Database, id: string): string | null {
  return (prepared(db, 'SELECT reference FROM enquiries WHERE id = ?').get(id) as { reference: string } | undefined)?.reference ?? null;
}
