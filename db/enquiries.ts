import { AppFailure } from '../shared/ipc/result';
import {
  canMoveTo,
  formatReference,
  normaliseReference,
  type Contact,
  type EnquiryChannel,
  type EnquiryDetail,
  type EnquiryEvent,
  type EnquiryFilter,
  type EnquiryPage,
  type EnquiryRow,
  type EnquiryStatus,
  type EnquirySyncData,
  type PublicEnquiryStatus,
} from '../shared/enquiries/model';
import type { Body } from '../shared/directory/topics';
import type { ConsentWording } from '../shared/domain/privacy';
import type { Database } from './driver';
import { prepared } from './statements';

/** Who made a change: a staff member, or nobody named (a resident at the kiosk, or the hub). */
export interface Actor {
  readonly id: string | null;
  readonly name: string | null;
}

export interface NewEnquiry {
  readonly id: string;
  readonly unitId: string;
  readonly unitCode: string;
  readonly forumId: string;
  readonly deviceCode: string;
  readonly topicId: string;
  readonly body: Body;
  readonly summary: string;
  readonly details: string;
  readonly location: string;
  readonly streetKey: string;
  readonly channel: EnquiryChannel;
  readonly status: EnquiryStatus;
  readonly language: string | null;
  readonly contact: (Contact & { readonly consentAt: string }) | null;
  readonly createdAt: string;
}

interface EnquiryTableRow {
  rowid: number;
  id: string;
  reference: string;
  unit_id: string;
  forum_id: string;
  device_code: string;
  topic_id: string;
  body: Body;
  summary: string;
  details: string;
  location: string;
  street_key: string;
  channel: EnquiryChannel;
  status: EnquiryStatus;
  outcome: string | null;
  merged_into: string | null;
  language: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  contact_purpose: 'follow-up' | null;
  contact_consent_at: string | null;
  contact_wording: ConsentWording | null;
  created_at: string;
  updated_at: string;
  version: number;
  origin: 'local' | 'hub';
}

const ROW_COLUMNS = 'id, reference, created_at, topic_id, body, status, channel, unit_id, location, summary, merged_into';

function toRow(row: Pick<EnquiryTableRow, 'id' | 'reference' | 'created_at' | 'topic_id' | 'body' | 'status' | 'channel' | 'unit_id' | 'location' | 'summary' | 'merged_into'>): EnquiryRow {
  return {
    id: row.id,
    reference: row.reference,
    createdAt: row.created_at,
    topicId: row.topic_id,
    body: row.body,
    status: row.status,
    channel: row.channel,
    unitId: row.unit_id,
    location: row.location,
    summary: row.summary,
    mergedInto: row.merged_into,
  };
}

function contactOf(row: EnquiryTableRow): EnquiryDetail['contact'] {
  if (!row.contact_purpose || !row.contact_consent_at) return null;
  return {
    name: row.contact_name ?? '',
    phone: row.contact_phone ?? '',
    email: row.contact_email ?? '',
    purpose: row.contact_purpose,
    consentAt: row.contact_consent_at,
    // Left out rather than null, so a consent recorded before the wording was kept reads as before.
    ...(row.contact_wording && { wording: row.contact_wording }),
  };
}

function syncDataOf(row: EnquiryTableRow): EnquirySyncData {
  return {
    reference: row.reference,
    unitId: row.unit_id,
    forumId: row.forum_id,
    deviceCode: row.device_code,
    topic: row.topic_id,
    body: row.body,
    summary: row.summary,
    details: row.details,
    location: row.location,
    channel: row.channel,
    status: row.status,
    outcome: row.outcome,
    mergedInto: row.merged_into,
    language: row.language,
    contact: contactOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function notFound(): AppFailure {
  return new AppFailure({ code: 'enquiry/not-found', message: 'No enquiry with that id or reference.' });
}

function readRow(db: Database, id: string): EnquiryTableRow {
  const row = prepared(db, 'SELECT rowid, * FROM enquiries WHERE id = ?').get(id) as EnquiryTableRow | undefined;
  if (!row) throw notFound();
  return row;
}

/**
 * The row at the version the caller last saw; anything else means someone changed it meanwhile.
 * A copy of an enquiry raised at another kiosk is changed there (or through an agenda), never here.
 */
function readForChange(db: Database, id: string, version: number): EnquiryTableRow {
  const row = readRow(db, id);
  if (row.origin === 'hub') {
    throw new AppFailure({
      code: 'enquiry/held-elsewhere',
      message: `Enquiry ${row.reference} was raised at another kiosk of the unit: it is changed there, or through the forum's agenda.`,
    });
  }
  if (row.version !== version) {
    throw new AppFailure({
      code: 'enquiry/changed',
      message: `Enquiry ${row.reference} changed since it was opened (version ${row.version}, not ${version}).`,
    });
  }
  return row;
}

function addEvent(
  db: Database,
  event: { enquiryId: string; version: number; action: EnquiryEvent['action']; from?: EnquiryStatus | null; to?: EnquiryStatus | null; detail?: string | null },
  actor: Actor,
  at: string,
): void {
  prepared(db, 
    `INSERT INTO enquiry_events (enquiry_id, version, action, from_status, to_status, detail, actor_id, actor_name, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(event.enquiryId, event.version, event.action, event.from ?? null, event.to ?? null, event.detail ?? null, actor.id, actor.name, at);
}

/** The transactional outbox: the enquiry as it now stands, for the hub, written with the change itself. */
function enqueue(db: Database, id: string, at: string): void {
  const row = readRow(db, id);
  prepared(db, 'INSERT INTO outbox (entity, entity_id, version, payload, created_at) VALUES (?, ?, ?, ?, ?)').run(
    'enquiry',
    row.id,
    row.version,
    JSON.stringify(syncDataOf(row)),
    at,
  );
}

/** The next reference for this device: its own counter, so no two devices of a unit ever clash. */
function nextReference(db: Database, unitCode: string, deviceCode: string): string {
  const { last_sequence } = prepared(db, 
      `INSERT INTO reference_counters (unit_code, device_code, last_sequence) VALUES (?, ?, 1)
       ON CONFLICT (unit_code, device_code) DO UPDATE SET last_sequence = last_sequence + 1
       RETURNING last_sequence`,
    )
    .get(unitCode, deviceCode) as { last_sequence: number };
  return formatReference(unitCode, deviceCode, last_sequence);
}

/**
 * Saves a new enquiry with its reference, its first audit row and its outbox row, in one
 * transaction: when this returns, the enquiry is on disk (synchronous=FULL).
 */
export function createEnquiry(db: Database, enquiry: NewEnquiry, actor: Actor): { id: string; reference: string } {
  return db
    .transaction(() => {
      const reference = nextReference(db, enquiry.unitCode, enquiry.deviceCode);
      prepared(db, 
        `INSERT INTO enquiries (id, reference, unit_id, forum_id, device_code, topic_id, body, summary, details, location,
           street_key, channel, status, language, contact_name, contact_phone, contact_email, contact_purpose,
           contact_consent_at, contact_wording, created_at, updated_at, version)
         VALUES (@id, @reference, @unitId, @forumId, @deviceCode, @topicId, @body, @summary, @details, @location,
           @streetKey, @channel, @status, @language, @contactName, @contactPhone, @contactEmail, @contactPurpose,
           @contactConsentAt, @contactWording, @createdAt, @createdAt, 1)`,
      ).run({
        id: enquiry.id,
        reference,
        unitId: enquiry.unitId,
        forumId: enquiry.forumId,
        deviceCode: enquiry.deviceCode,
        topicId: enquiry.topicId,
        body: enquiry.body,
        summary: enquiry.summary,
        details: enquiry.details,
        location: enquiry.location,
        streetKey: enquiry.streetKey,
        channel: enquiry.channel,
        status: enquiry.status,
        language: enquiry.language,
        contactName: enquiry.contact?.name || null,
        contactPhone: enquiry.contact?.phone || null,
        contactEmail: enquiry.contact?.email || null,
        contactPurpose: enquiry.contact?.purpose ?? null,
        contactConsentAt: enquiry.contact?.consentAt ?? null,
        contactWording: enquiry.contact?.wording ?? null,
        createdAt: enquiry.createdAt,
      });
      addEvent(db, { enquiryId: enquiry.id, version: 1, action: 'created', to: enquiry.status }, actor, enquiry.createdAt);
      enqueue(db, enquiry.id, enquiry.createdAt);
      return { id: enquiry.id, reference };
    })
    .immediate();
}

export interface StatusChange {
  readonly id: string;
  readonly version: number;
  readonly status: EnquiryStatus;
  readonly outcome: string;
  readonly note: string;
}

/** Sets status and outcome on one row, with its audit and outbox rows. */
function applyStatus(db: Database, row: EnquiryTableRow, status: EnquiryStatus, outcome: string | null, detail: string | null, actor: Actor, at: string): void {
  const version = row.version + 1;
  prepared(db, 'UPDATE enquiries SET status = ?, outcome = ?, version = ?, updated_at = ? WHERE id = ?').run(status, outcome, version, at, row.id);
  addEvent(db, { enquiryId: row.id, version, action: 'status', from: row.status, to: status, detail }, actor, at);
  enqueue(db, row.id, at);
}

function mergedInto(db: Database, id: string): EnquiryTableRow[] {
  return prepared(db, 'SELECT rowid, * FROM enquiries WHERE merged_into = ? ORDER BY created_at').all(id) as EnquiryTableRow[];
}

/**
 * Moves an enquiry along its lifecycle. The enquiries merged into it follow, each with its own
 * audit and outbox rows, so every resident's reference shows the same outcome.
 */
export function changeStatus(db: Database, change: StatusChange, actor: Actor, at: string): void {
  db.transaction(() => {
    const row = readForChange(db, change.id, change.version);
    if (row.merged_into) {
      throw new AppFailure({ code: 'enquiry/merged', message: `Enquiry ${row.reference} follows the enquiry it was merged into.` });
    }
    if (!canMoveTo(row.status, change.status)) {
      throw new AppFailure({
        code: 'enquiry/transition',
        message: `Enquiry ${row.reference} cannot move from ${row.status} to ${change.status}.`,
      });
    }
    const outcome = change.outcome !== '' ? change.outcome : change.status === 'new' ? null : row.outcome;
    applyStatus(db, row, change.status, outcome, change.note || null, actor, at);
    for (const child of mergedInto(db, row.id)) applyStatus(db, child, change.status, outcome, row.reference, actor, at);
  }).immediate();
}

/** Sends an enquiry to another body than the one its topic proposed. */
export function routeEnquiry(db: Database, change: { id: string; version: number; body: Body }, actor: Actor, at: string): void {
  db.transaction(() => {
    const row = readForChange(db, change.id, change.version);
    if (row.merged_into) {
      throw new AppFailure({ code: 'enquiry/merged', message: `Enquiry ${row.reference} follows the enquiry it was merged into.` });
    }
    if (row.body === change.body) return;
    const version = row.version + 1;
    prepared(db, 'UPDATE enquiries SET body = ?, version = ?, updated_at = ? WHERE id = ?').run(change.body, version, at, row.id);
    addEvent(db, { enquiryId: row.id, version, action: 'routed', detail: change.body }, actor, at);
    enqueue(db, row.id, at);
  }).immediate();
}

/**
 * Merges a duplicate into another enquiry: the duplicate keeps its reference (its resident can
 * still check it) and from now on follows the other's status and outcome. Enquiries already merged
 * into the duplicate move with it.
 */
export function mergeEnquiry(db: Database, change: { id: string; version: number; into: string }, actor: Actor, at: string): void {
  db.transaction(() => {
    const duplicate = readForChange(db, change.id, change.version);
    const target = readRow(db, change.into);
    if (duplicate.merged_into || target.merged_into || target.id === duplicate.id) {
      throw new AppFailure({ code: 'enquiry/merged', message: 'Only enquiries not merged already can be merged.' });
    }
    for (const row of [duplicate, ...mergedInto(db, duplicate.id)]) {
      const version = row.version + 1;
      prepared(db, 'UPDATE enquiries SET merged_into = ?, status = ?, outcome = ?, version = ?, updated_at = ? WHERE id = ?').run(
        target.id,
        target.status,
        target.outcome,
        version,
        at,
        row.id,
      );
      addEvent(db, { enquiryId: row.id, version, action: 'merged', from: row.status, to: target.status, detail: target.reference }, actor, at);
      addEvent(db, { enquiryId: target.id, version: target.version, action: 'merged-in', detail: row.reference }, actor, at);
      enqueue(db, row.id, at);
    }
  }).immediate();
}

/** A status and outcome the hub set (a pulled `enquiry-status` change). */
export interface HubStatusChange {
  readonly id: string;
  readonly reference: string;
  /**
   * The version of the enquiry the hub decided on: the last one this kiosk pushed. Older than the
   * version held here means the kiosk changed it since; the hub answers that push with its status again.
   */
  readonly version: number;
  readonly status: EnquiryStatus;
  readonly outcome: string | null;
  /** Absent: unchanged. An enquiry this kiosk does not hold cannot be merged into, and is ignored. */
  readonly mergedInto?: string | null;
  /** When the hub made the change; shown as the enquiry's last update and in its history. */
  readonly updatedAt: string;
}

const HUB: Actor = { id: null, name: null };

/**
 * Applies a status and outcome set on the hub to this kiosk's enquiry (found by id, or else by
 * reference) when the hub decided on the version held here or a newer one. It writes an audit row
 * and no outbox row: the hub owns status and outcome, and echoing them back would only answer stale.
 * The version stays: it counts the kiosk's own content, and the hub sends each later status at the
 * version it holds. Duplicates merged into it follow, as they do a change made at the desk. Call it
 * inside the transaction that also stores the pull cursor. False when nothing changed (not held
 * here, decided on an older version, or already so).
 */
export function applyHubStatus(db: Database, change: HubStatusChange): boolean {
  const row =
    (prepared(db, 'SELECT rowid, * FROM enquiries WHERE id = ?').get(change.id) as EnquiryTableRow | undefined) ??
    (prepared(db, 'SELECT rowid, * FROM enquiries WHERE reference = ?').get(change.reference) as EnquiryTableRow | undefined);
  if (!row || change.version < row.version) return false;
  let target = row.merged_into;
  if (change.mergedInto === null) target = null;
  else if (change.mergedInto !== undefined && change.mergedInto !== row.id && prepared(db, 'SELECT 1 FROM enquiries WHERE id = ?').get(change.mergedInto)) {
    target = change.mergedInto;
  }
  if (row.status === change.status && row.outcome === change.outcome && row.merged_into === target) return false;
  const update = prepared(db, 'UPDATE enquiries SET status = ?, outcome = ?, merged_into = ?, updated_at = ? WHERE id = ?');
  update.run(change.status, change.outcome, target, change.updatedAt, row.id);
  addEvent(db, { enquiryId: row.id, version: row.version, action: 'hub-status', from: row.status, to: change.status }, HUB, change.updatedAt);
  for (const child of mergedInto(db, row.id)) {
    if (child.status === change.status && child.outcome === change.outcome) continue;
    update.run(change.status, change.outcome, row.id, change.updatedAt, child.id);
    addEvent(db, { enquiryId: child.id, version: child.version, action: 'hub-status', from: child.status, to: change.status, detail: row.reference }, HUB, change.updatedAt);
  }
  return true;
}

/** An enquiry raised at another kiosk of the unit, as the hub passed it on (a pulled `enquiry` change). */
export interface EnquiryCopyRecord {
  readonly id: string;
  readonly version: number;
  readonly reference: string;
  readonly unitId: string;
  readonly forumId: string;
  readonly topicId: string;
  readonly body: Body;
  readonly summary: string;
  readonly location: string;
  readonly streetKey: string;
  readonly channel: EnquiryChannel;
  readonly status: EnquiryStatus;
  readonly outcome: string | null;
  readonly mergedInto: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Stores or refreshes the copy of an enquiry raised at another kiosk (origin `hub`): no details, no
 * contact, no outbox row. An enquiry raised here is never overwritten by a copy, and an older copy
 * never replaces a newer one. A `mergedInto` this kiosk does not hold is left out. Call inside the
 * pull page's transaction. True when something changed.
 */
export function storeEnquiryCopy(db: Database, copy: EnquiryCopyRecord): boolean {
  const held = prepared(db, 'SELECT origin, version FROM enquiries WHERE id = ? OR reference = ?').get(copy.id, copy.reference) as
    | { origin: 'local' | 'hub'; version: number }
    | undefined;
  if (held && (held.origin === 'local' || held.version > copy.version)) return false;
  const mergedInto = copy.mergedInto !== null && prepared(db, 'SELECT 1 FROM enquiries WHERE id = ?').get(copy.mergedInto) ? copy.mergedInto : null;
  const known = prepared(db, 'SELECT 1 FROM units WHERE id = ?').get(copy.unitId) && prepared(db, 'SELECT 1 FROM forums WHERE id = ?').get(copy.forumId);
  if (!known) return false;
  return (
    prepared(
      db,
      `INSERT INTO enquiries (id, reference, unit_id, forum_id, device_code, topic_id, body, summary, details, location,
         street_key, channel, status, outcome, merged_into, created_at, updated_at, version, origin)
       VALUES (@id, @reference, @unitId, @forumId, '', @topicId, @body, @summary, '', @location,
         @streetKey, @channel, @status, @outcome, @mergedInto, @createdAt, @updatedAt, @version, 'hub')
       ON CONFLICT (id) DO UPDATE SET topic_id = excluded.topic_id, body = excluded.body, summary = excluded.summary,
         location = excluded.location, street_key = excluded.street_key, status = excluded.status, outcome = excluded.outcome,
         merged_into = excluded.merged_into, updated_at = excluded.updated_at, version = excluded.version
       WHERE enquiries.origin = 'hub'`,
    ).run({ ...copy, mergedInto }).changes === 1
  );
}

interface EventRow {
  version: number;
  action: EnquiryEvent['action'];
  from_status: EnquiryStatus | null;
  to_status: EnquiryStatus | null;
  detail: string | null;
  actor_name: string | null;
  at: string;
}

/** Open enquiries on the same topic and street since `since`; the street key must not be empty. */
export function findSimilar(db: Database, topicId: string, street: string, since: string, excludeId: string | null): EnquiryRow[] {
  if (street === '') return [];
  const rows = prepared(db, 
      `SELECT ${ROW_COLUMNS} FROM enquiries
       WHERE topic_id = ? AND street_key = ? AND created_at >= ? AND id IS NOT ?
         AND status NOT IN ('closed', 'resolved-at-desk')
       ORDER BY created_at`,
    )
    .all(topicId, street, since, excludeId) as EnquiryTableRow[];
  return rows.map(toRow);
}

export function getEnquiry(db: Database, id: string, similarSince: string): EnquiryDetail {
  const row = readRow(db, id);
  const history = (prepared(db, 'SELECT * FROM enquiry_events WHERE enquiry_id = ? ORDER BY id').all(id) as EventRow[]).map(
    (e): EnquiryEvent => ({
      version: e.version,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      detail: e.detail,
      actorName: e.actor_name,
      at: e.at,
    }),
  );
  return {
    ...toRow(row),
    version: row.version,
    forumId: row.forum_id,
    replica: row.origin === 'hub',
    details: row.details,
    outcome: row.outcome,
    language: row.language,
    contact: contactOf(row),
    updatedAt: row.updated_at,
    history,
    merged: mergedInto(db, id).map((m) => ({ id: m.id, reference: m.reference, createdAt: m.created_at })),
    similar: row.merged_into ? [] : findSimilar(db, row.topic_id, row.street_key, similarSince, row.id).filter((s) => s.mergedInto === null),
  };
}

/** What a resident may see by reference. Null when there is no such reference. */
export function findPublicStatus(db: Database, typedReference: string): PublicEnquiryStatus | null {
  const reference = normaliseReference(typedReference);
  if (!reference) return null;
  const row = prepared(db, 
      `SELECT e.reference, e.topic_id, e.body, e.status, e.outcome, e.created_at, e.updated_at, f.name AS forum_name
       FROM enquiries e JOIN forums f ON f.id = e.forum_id WHERE e.reference = ?`,
    )
    .get(reference) as
    | { reference: string; topic_id: string; body: Body; status: EnquiryStatus; outcome: string | null; created_at: string; updated_at: string; forum_name: string }
    | undefined;
  if (!row) return null;
  return {
    reference: row.reference,
    topicId: row.topic_id,
    body: row.body,
    status: row.status,
    outcome: row.outcome,
    forumName: row.forum_name,
    raisedAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Words typed into the staff search as an FTS5 query: every word must match, each as a prefix. */
function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words.map((word) => `"${word}"*`).join(' ');
}

/** Above this many word matches, the list is walked in date order rather than the matches sorted (tests/bench/enquiries.ts). */
const WALK_WHEN_MATCHES_OVER = 500;

export interface ListWindow {
  readonly offset: number;
  readonly limit: number;
  /** `from` and `to` of the filter as instants (the backend knows the kiosk's time zone). */
  readonly fromInstant?: string;
  readonly toInstant?: string;
}

/** One page of the staff list, newest first, with the total the filter matches. */
export function listEnquiries(db: Database, filter: EnquiryFilter, window: ListWindow): EnquiryPage {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    where.push(sql);
    params.push(value);
  };
  if (filter.status) add('status = ?', filter.status);
  if (filter.topicId) add('topic_id = ?', filter.topicId);
  if (filter.body) add('body = ?', filter.body);
  if (filter.unitId) add('unit_id = ?', filter.unitId);
  if (filter.forumId) add('forum_id = ?', filter.forumId);
  if (window.fromInstant) add('created_at >= ?', window.fromInstant);
  if (window.toInstant) add('created_at < ?', window.toInstant);
  let textMatches: number | null = null;
  if (filter.text) {
    const reference = normaliseReference(filter.text);
    const query = ftsQuery(filter.text);
    if (reference) add('reference = ?', reference);
    else if (query) {
      // The index counts its own matches cheaply. Few matches: fetch them and sort. Many: walk the
      // list newest first and keep those that match (the "+" stops SQLite choosing the other way).
      textMatches = (prepared(db, 'SELECT count(*) AS n FROM enquiry_search WHERE enquiry_search MATCH ?').get(query) as { n: number }).n;
      const matching = 'rowid IN (SELECT rowid FROM enquiry_search WHERE enquiry_search MATCH ?)';
      add(textMatches > WALK_WHEN_MATCHES_OVER ? `+${matching}` : matching, query);
    }
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  // With the words as the only filter, the index's count is the list's count.
  const total =
    textMatches !== null && where.length === 1
      ? textMatches
      : (prepared(db, `SELECT count(*) AS n FROM enquiries ${clause}`).get(...params) as { n: number }).n;
  const rows = prepared(db, `SELECT ${ROW_COLUMNS} FROM enquiries ${clause} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`).all(
    ...params,
    window.limit,
    window.offset,
  ) as EnquiryTableRow[];
  return { total, offset: window.offset, rows: rows.map(toRow) };
}

export interface OutboxSummary {
  /** Changes not yet accepted by the hub. */
  readonly waiting: number;
  /** Changes the hub refused; kept for staff to see. */
  readonly rejected: number;
}

export function outboxSummary(db: Database): OutboxSummary {
  const row = prepared(db, 'SELECT count(*) FILTER (WHERE rejected_at IS NULL) AS waiting, count(*) FILTER (WHERE rejected_at IS NOT NULL) AS rejected FROM outbox')
    .get() as { waiting: number; rejected: number };
  return row;
}
