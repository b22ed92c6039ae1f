import { randomUUID } from 'node:crypto';
import { encryptDatabaseFile, openDatabase, optimize, type Database } from '../db/driver';
import { migrate } from '../db/migrate';
import {
  PUSH_ENTITIES,
  type MeetingData,
  type PullChange,
  type PullEntity,
  type PullResponse,
  type PushChange,
  type PushResult,
} from '../shared/sync/protocol';
import { HUB_MIGRATIONS } from './migrations';
import type { HubSubjectEnquiry, SubjectQuery } from '../shared/enquiries/subjectAccess';
import { matchSubjectRows, SUBJECT_ROWS_SQL, type SubjectRow } from './subjectAccess';
import {
  HubStoreError,
  type AppendChangeInput,
  type ForumIssue,
  type ForumIssuesQuery,
  type HubDevice,
  type HubDeviceRecord,
  type HubMeeting,
  type HubStore,
  type NewDevice,
  type RecordedStatus,
  type RecordStatusInput,
  type SavedMeeting,
  type SaveMeetingInput,
} from './store';
import {
  agendaStatus,
  checkAgendaItem,
  checkAppendChange,
  checkErasure,
  checkMeeting,
  checkRecordStatus,
  claimedErasureEnquiries,
  claimedMeeting,
  claimedReference,
  dataHash,
  erasedData,
  erasureChanges,
  forumUnits,
  instantOf,
  knownUnit,
  meetingChanges,
  meetingToSave,
  planEnquiry,
  recordedOutcome,
  statusChange,
  unitsOfForum,
  unknownEntity,
  utc,
  type PlannedChange,
} from './storeRules';
import { deviceRecord, forumIssues, heldEnquiry, meetingView, type DeviceRow, type EnquiryRow, type IssueAgendaRow, type MeetingRow } from './storeRows';
import { hashToken, newToken } from './tokens';
import { hubUnits, type HubUnits } from './units';
import { sqliteRetention, type HubRetentionInput } from './retention';
import type { RetentionRunReport } from '../shared/enquiries/retention';

/** The hub's database file inside its data folder. */
export const HUB_DATABASE_FILE = 'hub.db';

export interface SqliteHubStoreOptions {
  /** The database file; created and migrated if new. A file from a newer hub is refused untouched. */
  readonly file: string;
  /** Units and their forums (default: assets/config/units.json). */
  readonly units?: HubUnits;
  /** Encrypt the store with this key (64 hex characters); null or absent: a plain file. */
  readonly key?: string | null;
}

interface AgendaItemRow {
  id: string;
  forum_id: string;
  meeting_id: string;
  version: number;
}

/** Entities whose every accepted version is kept in `record_versions` (enquiries keep `enquiry_versions`). */
type VersionedRecord = 'meeting' | 'agenda-item' | 'erasure';

interface PullRow {
  seq: number;
  entity: PullEntity;
  id: string;
  version: number;
  data: string;
}

function isConstraintError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT');
}

/** Opens (creating and migrating if needed) the hub's embedded SQLite store. */
export function openSqliteHubStore(options: SqliteHubStoreOptions): HubStore {
  const units = options.units ?? hubUnits();
  // With a key, a plain store from before is encrypted where it lies (copy, check, swap), then opened with it.
  if (options.key) encryptDatabaseFile(options.file, options.key);
  const db = openDatabase(options.file, { key: options.key ?? null });
  try {
    // openDatabase zeroes freed space (secure_delete), so erased or anonymised words do not linger in the file.
    migrate(db, HUB_MIGRATIONS);
    optimize(db, true);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteHubStore(db, units);
}

/** Said to the device when a constraint refuses a change: the database's own wording is not for devices. */
const CONFLICT_REASON = 'The change conflicts with what the hub holds (a reference or id already used); it was not applied.';

class SqliteHubStore implements HubStore {
  private readonly statements;

  constructor(
    private readonly db: Database,
    private readonly units: HubUnits,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.statements = {
      insertDevice: p('INSERT INTO devices (id, unit_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)'),
      listDevices: p('SELECT id, unit_id, name, created_at, revoked_at, last_push_at FROM devices ORDER BY created_at, id'),
      deviceExists: p('SELECT 1 FROM devices WHERE id = ?'),
      revokeDevice: p('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      deviceByTokenHash: p('SELECT id, unit_id, name FROM devices WHERE token_hash = ? AND revoked_at IS NULL'),
      touchDevice: p('UPDATE devices SET last_push_at = ? WHERE id = ?'),
      enquiry: p('SELECT * FROM enquiries WHERE id = ?'),
      enquiryByReference: p('SELECT * FROM enquiries WHERE reference = ?'),
      mergedInto: p('SELECT * FROM enquiries WHERE merged_into = ? ORDER BY created_at, id'),
      versionSeen: p('SELECT 1 FROM enquiry_versions WHERE enquiry_id = ? AND version = ?'),
      insertVersion: p('INSERT INTO enquiry_versions (enquiry_id, version, device_id, received_at) VALUES (?, ?, ?, ?)'),
      insertEnquiry: p(
        `INSERT INTO enquiries (id, reference, unit_id, forum_id, topic, topic_group, status, outcome, merged_into,
           status_owner, version, data, created_at, updated_at, device_id, received_at)
         VALUES (@id, @reference, @unitId, @forumId, @topic, @topicGroup, @status, @outcome, @mergedInto,
           'kiosk', @version, @data, @createdAt, @updatedAt, @deviceId, @receivedAt)`,
      ),
      updateEnquiry: p(
        `UPDATE enquiries SET topic = @topic, topic_group = @topicGroup, status = @status, outcome = @outcome,
           merged_into = @mergedInto, version = @version, data = @data, updated_at = @updatedAt,
           device_id = @deviceId, received_at = @receivedAt
         WHERE id = @id`,
      ),
      recordStatus: p("UPDATE enquiries SET status = ?, outcome = ?, status_owner = 'hub', updated_at = ? WHERE id = ?"),
      erased: p('SELECT 1 FROM erased_enquiries x JOIN erasures e ON e.id = x.erasure_id WHERE x.enquiry_id = ? AND e.forum_id = ?'),
      markAnonymised: p('UPDATE enquiries SET anonymised_version = version, contact_checked_version = version WHERE id = ?'),
      eraseEnquiry: p('UPDATE enquiries SET data = ?, anonymised_version = version, contact_checked_version = version WHERE id = ?'),
      enquiryCopies: p("SELECT seq, data FROM pull_changes WHERE entity = 'enquiry' AND entity_id = ?"),
      eraseCopy: p('UPDATE pull_changes SET data = ? WHERE seq = ?'),
      erasure: p('SELECT forum_id, max(version) AS version FROM erasures WHERE id = ? GROUP BY forum_id'),
      insertErasure: p('INSERT INTO erasures (id, version, forum_id, unit_id, device_id, data, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertErased: p('INSERT OR IGNORE INTO erased_enquiries (enquiry_id, reference, erasure_id) VALUES (?, ?, ?)'),
      appendChange: p(
        `INSERT INTO pull_changes (unit_id, entity, entity_id, version, data, origin_device_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
      ),
      lastChangeVersion: p(
        `SELECT max(version) AS version FROM pull_changes
         WHERE entity = @entity AND entity_id = @id AND (unit_id = @unitId OR (unit_id IS NULL AND @unitId IS NULL))`,
      ),
      pull: p(
        `SELECT seq, entity, entity_id AS id, version, data FROM pull_changes
         WHERE seq > @after AND (unit_id = @unitId OR unit_id IS NULL)
           AND (origin_device_id IS NULL OR origin_device_id <> @deviceId)
         ORDER BY seq LIMIT @limit`,
      ),
      lastSeq: p('SELECT max(seq) AS seq FROM pull_changes'),
      forumIssues: p(
        `SELECT e.*, parent.reference AS merged_into_reference FROM enquiries e
         LEFT JOIN enquiries parent ON parent.id = e.merged_into
         WHERE e.forum_id = ? AND e.created_at >= ? AND e.created_at < ? ORDER BY e.created_at, e.id`,
      ),
      forumIssueItems: p(
        `SELECT l.enquiry_id, ai.id AS item_id, ai.meeting_id, m.date AS meeting_date, ai.position, ai.restricted, ai.updated_at
         FROM agenda_item_enquiries l
         JOIN agenda_items ai ON ai.id = l.agenda_item_id
         LEFT JOIN meetings m ON m.id = ai.meeting_id
         WHERE l.enquiry_id IN (SELECT id FROM enquiries WHERE forum_id = ? AND created_at >= ? AND created_at < ?)`,
      ),
      recordVersion: p('SELECT data_hash FROM record_versions WHERE entity = ? AND record_id = ? AND version = ?'),
      insertRecordVersion: p(
        'INSERT INTO record_versions (entity, record_id, version, data_hash, device_id, received_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      meeting: p('SELECT * FROM meetings WHERE id = ?'),
      forumMeetings: p('SELECT * FROM meetings WHERE forum_id = ? ORDER BY date, id'),
      upsertMeeting: p(
        `INSERT INTO meetings (id, forum_id, date, starts_at, place, cancelled, version, data, updated_at, device_id, received_at)
         VALUES (@id, @forumId, @date, @startsAt, @place, @cancelled, @version, @data, @updatedAt, @deviceId, @receivedAt)
         ON CONFLICT (id) DO UPDATE SET date = excluded.date, starts_at = excluded.starts_at, place = excluded.place,
           cancelled = excluded.cancelled, version = excluded.version, data = excluded.data, updated_at = excluded.updated_at,
           device_id = excluded.device_id, received_at = excluded.received_at`,
      ),
      agendaItem: p('SELECT id, forum_id, meeting_id, version FROM agenda_items WHERE id = ?'),
      upsertAgendaItem: p(
        `INSERT INTO agenda_items (id, forum_id, meeting_id, position, restricted, removed, decision, version, data, device_id, updated_at, received_at)
         VALUES (@id, @forumId, @meetingId, @position, @restricted, @removed, @decision, @version, @data, @deviceId, @updatedAt, @receivedAt)
         ON CONFLICT (id) DO UPDATE SET meeting_id = excluded.meeting_id, position = excluded.position,
           restricted = excluded.restricted, removed = excluded.removed, decision = excluded.decision, version = excluded.version,
           data = excluded.data, device_id = excluded.device_id, updated_at = excluded.updated_at, received_at = excluded.received_at`,
      ),
      itemEnquiries: p('SELECT enquiry_id FROM agenda_item_enquiries WHERE agenda_item_id = ? ORDER BY enquiry_id'),
      unlinkItem: p('DELETE FROM agenda_item_enquiries WHERE agenda_item_id = ?'),
      linkItem: p('INSERT INTO agenda_item_enquiries (agenda_item_id, enquiry_id) VALUES (?, ?)'),
      waitingElsewhere: p(
        `SELECT 1 FROM agenda_item_enquiries l JOIN agenda_items ai ON ai.id = l.agenda_item_id
         WHERE l.enquiry_id = ? AND l.agenda_item_id <> ? AND ai.decision IS NULL`,
      ),
    };
  }

  addDevice(input: { unitId: string; name: string; now: Date }): Promise<NewDevice> {
    return this.run(() => {
      knownUnit(this.units, input.unitId);
      const name = input.name.trim();
      if (name.length < 1 || name.length > 80) throw new HubStoreError('invalid', 'A device name needs 1 to 80 characters.');
      const device = { deviceId: randomUUID(), token: newToken() };
      this.statements.insertDevice.run(device.deviceId, input.unitId, name, hashToken(device.token), input.now.toISOString());
      return device;
    });
  }

  listDevices(): Promise<readonly HubDeviceRecord[]> {
    return this.run(() =>
      (this.statements.listDevices.all() as DeviceRow[]).map(deviceRecord),
    );
  }

  revokeDevice(deviceId: string, now: Date): Promise<boolean> {
    return this.run(() => {
      if (!this.statements.deviceExists.get(deviceId)) return false;
      this.statements.revokeDevice.run(now.toISOString(), deviceId);
      return true;
    });
  }

  findDeviceByTokenHash(tokenHash: string): Promise<HubDevice | null> {
    return this.run(() => {
      const row = this.statements.deviceByTokenHash.get(tokenHash) as Pick<DeviceRow, 'id' | 'unit_id' | 'name'> | undefined;
      return row ? { id: row.id, unitId: row.unit_id, name: row.name } : null;
    });
  }

  push(device: HubDevice, changes: readonly PushChange[], now: Date): Promise<PushResult[]> {
    const at = now.toISOString();
    // One transaction per request; each change in its own savepoint (a nested better-sqlite3
    // transaction), so a change that fails half-way leaves nothing behind and the others stand.
    const applyOne = this.db.transaction((change: PushChange) => this.applyChange(device, change, at));
    return this.run(() => {
      const results = this.db
        .transaction(() => {
          const results = changes.map((change): PushResult => {
            try {
              return applyOne(change);
            } catch (error) {
              if (!isConstraintError(error)) throw error;
              return { id: change.id, version: change.version, status: 'rejected', error: CONFLICT_REASON };
            }
          });
          this.statements.touchDevice.run(at, device.id);
          return results;
        })
        .immediate();
      // The erased words' old page images leave the WAL for the main file, whose freed space
      // secure_delete zeroed, and the WAL is cut to nothing. Outside the transaction: a checkpoint
      // cannot run inside one. If a reader holds old frames it stops short; the next one finishes.
      if (results.some((result, index) => result.status === 'applied' && changes[index]!.entity === 'erasure')) {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      }
      return results;
    });
  }

  private applyChange(device: HubDevice, change: PushChange, at: string): PushResult {
    switch (change.entity) {
      case 'enquiry':
        return this.applyEnquiry(device, change, at);
      case 'meeting':
        return this.applyMeeting(device, change, at);
      case 'agenda-item':
        return this.applyAgendaItem(device, change, at);
      case 'erasure':
        return this.applyErasure(device, change, at);
      default:
        return unknownEntity(change, PUSH_ENTITIES);
    }
  }

  private applyEnquiry(device: HubDevice, change: PushChange, at: string): PushResult {
    const existing = this.statements.enquiry.get(change.id) as EnquiryRow | undefined;
    const reference = claimedReference(change);
    const holder = reference === null ? undefined : (this.statements.enquiryByReference.get(reference) as EnquiryRow | undefined);
    const unit = this.units.get(device.unitId);
    const plan = planEnquiry({
      device,
      change,
      unit,
      existing: existing ? heldEnquiry(existing) : null,
      versionSeen: this.statements.versionSeen.get(change.id, change.version) !== undefined,
      referenceHolder: holder?.id ?? null,
      erased: unit !== undefined && this.statements.erased.get(change.id, unit.forum.id) !== undefined,
      at,
    });
    if (plan.write) {
      const { anonymised, ...row } = plan.write.row;
      (plan.write.insert ? this.statements.insertEnquiry : this.statements.updateEnquiry).run(row);
      if (anonymised) this.statements.markAnonymised.run(row.id);
      this.statements.insertVersion.run(change.id, change.version, device.id, at);
    }
    for (const planned of plan.changes) this.append(planned, at);
    return plan.result;
  }

  /** A meeting date set on a kiosk (`checkMeeting`): every unit of the forum hears of it but the kiosk that set it. */
  private applyMeeting(device: HubDevice, change: PushChange, at: string): PushResult {
    const existing = this.statements.meeting.get(change.id) as MeetingRow | undefined;
    const checked = checkMeeting({
      device,
      change,
      forum: this.units.get(device.unitId)?.forum,
      existing: existing ? { forumId: existing.forum_id, version: existing.version } : null,
      acceptedHash: this.acceptedHash('meeting', change),
    });
    if (checked.result) return checked.result;
    this.storeMeeting(change.id, checked.data, change.version, device.id, at);
    this.statements.insertRecordVersion.run('meeting', change.id, change.version, dataHash(change.data), device.id, at);
    this.announceMeeting(change.id, checked.data, change.version, device.id, at);
    return { id: change.id, version: change.version, status: 'applied' };
  }

  /**
   * An agenda item built on a chair's kiosk (`checkAgendaItem`): kept as the forum's record, and
   * every enquiry it gathers takes the status it implies, owned by the hub from then on (as
   * `recordStatus`). The enquiries' kiosks hear of it, all but the chair's kiosk, which applied it already.
   */
  private applyAgendaItem(device: HubDevice, change: PushChange, at: string): PushResult {
    const existing = this.statements.agendaItem.get(change.id) as AgendaItemRow | undefined;
    const meetingId = claimedMeeting(change);
    const meeting = meetingId === null ? undefined : (this.statements.meeting.get(meetingId) as MeetingRow | undefined);
    const checked = checkAgendaItem({
      device,
      change,
      forum: this.units.get(device.unitId)?.forum,
      existing: existing ? { forumId: existing.forum_id, version: existing.version } : null,
      acceptedHash: this.acceptedHash('agenda-item', change),
      meetingForumId: meeting?.forum_id ?? null,
    });
    if (checked.result) return checked.result;
    const data = checked.data;

    const updatedAt = utc(data.updatedAt);
    this.statements.upsertAgendaItem.run({
      id: change.id,
      forumId: data.forumId,
      meetingId: data.meetingId,
      position: data.position,
      restricted: data.restricted ? 1 : 0,
      removed: data.removed ? 1 : 0,
      decision: data.decision,
      version: change.version,
      data: JSON.stringify(change.data),
      deviceId: device.id,
      updatedAt,
      receivedAt: at,
    });
    this.statements.insertRecordVersion.run('agenda-item', change.id, change.version, dataHash(change.data), device.id, at);

    const before = (this.statements.itemEnquiries.all(change.id) as { enquiry_id: string }[]).map((row) => row.enquiry_id);
    // Enquiries another forum holds, or that have not reached the hub, are left alone.
    const gathered = [...new Set(data.enquiryIds)]
      .map((id) => this.statements.enquiry.get(id) as EnquiryRow | undefined)
      .filter((row): row is EnquiryRow => row !== undefined && row.forum_id === data.forumId);
    this.statements.unlinkItem.run(change.id);
    if (!data.removed) for (const row of gathered) this.statements.linkItem.run(change.id, row.id);

    const implied = agendaStatus(data);
    for (const row of gathered) {
      // Back to "for the forum" by removal only when no other item still waits to take it up: an
      // issue moved from one item to another keeps its place on the agenda, whichever arrives first.
      if (data.removed && this.statements.waitingElsewhere.get(row.id, change.id)) continue;
      this.setHubStatus(row.id, implied.status, implied.outcome, updatedAt, device.id, at);
    }
    const kept = new Set(gathered.map((row) => row.id));
    for (const id of before) {
      if (kept.has(id) || this.statements.waitingElsewhere.get(id, change.id)) continue;
      this.setHubStatus(id, 'for-forum', undefined, updatedAt, device.id, at);
    }
    return { id: change.id, version: change.version, status: 'applied' };
  }

  /**
   * An erasure made on a kiosk (`checkErasure`), all or nothing in this change's savepoint: every
   * enquiry it names that the hub holds, and every copy of it in the pull log, anonymised and marked
   * as dealt with by retention; the erasure and the ids it names recorded (an id not held yet is
   * anonymised when it arrives: `applyEnquiry`); the forum's other kiosks told.
   */
  private applyErasure(device: HubDevice, change: PushChange, at: string): PushResult {
    const unit = this.units.get(device.unitId);
    const held = new Map<string, EnquiryRow>();
    for (const id of claimedErasureEnquiries(change)) {
      const row = this.statements.enquiry.get(id) as EnquiryRow | undefined;
      if (row) held.set(id, row);
    }
    const existing = this.statements.erasure.get(change.id) as { forum_id: string; version: number } | undefined;
    const checked = checkErasure({
      device,
      change,
      unit,
      existing: existing ? { forumId: existing.forum_id, version: existing.version } : null,
      acceptedHash: this.acceptedHash('erasure', change),
      held: new Map([...held.values()].map((row) => [row.id, { id: row.id, reference: row.reference, forumId: row.forum_id }])),
    });
    if (checked.result) return checked.result;
    const data = checked.data;
    const forumId = unit!.forum.id;

    for (const row of held.values()) {
      this.statements.eraseEnquiry.run(erasedData(row.data), row.id);
      for (const copy of this.statements.enquiryCopies.all(row.id) as { seq: number; data: string }[]) {
        this.statements.eraseCopy.run(erasedData(copy.data), copy.seq);
      }
    }
    this.statements.insertErasure.run(change.id, change.version, forumId, device.unitId, device.id, JSON.stringify(change.data), at);
    for (const enquiry of data.enquiries) this.statements.insertErased.run(enquiry.id, enquiry.reference, change.id);
    this.statements.insertRecordVersion.run('erasure', change.id, change.version, dataHash(change.data), device.id, at);
    for (const planned of erasureChanges(unitsOfForum(this.units, forumId), change.id, data, change.version, device.id)) this.append(planned, at);
    return { id: change.id, version: change.version, status: 'applied' };
  }

  /** The data hash recorded for this (entity, id, version), if the hub accepted it before. */
  private acceptedHash(entity: VersionedRecord, change: PushChange): string | null {
    const seen = this.statements.recordVersion.get(entity, change.id, change.version) as { data_hash: string } | undefined;
    return seen?.data_hash ?? null;
  }

  private storeMeeting(id: string, data: MeetingData, version: number, deviceId: string | null, at: string): void {
    this.statements.upsertMeeting.run({
      id,
      forumId: data.forumId,
      date: data.date,
      startsAt: data.startsAt,
      place: data.place,
      cancelled: data.cancelled ? 1 : 0,
      version,
      data: JSON.stringify(data),
      updatedAt: utc(data.updatedAt),
      deviceId,
      receivedAt: at,
    });
  }

  private announceMeeting(id: string, data: MeetingData, version: number, originDeviceId: string | null, at: string) {
    return meetingChanges(unitsOfForum(this.units, data.forumId), id, data, version, originDeviceId).map((planned) => ({
      unitId: planned.unitId as string,
      seq: this.append(planned, at),
      version,
    }));
  }

  /** Appends a pull change; returns its sequence number. */
  private append(planned: PlannedChange, at: string): number {
    const { unitId, entity, id, version, data, originDeviceId } = planned;
    const { seq } = this.statements.appendChange.get(unitId, entity, id, version, JSON.stringify(data), originDeviceId, at) as { seq: number };
    return seq;
  }

  /**
   * Sets a status and outcome on the hub's behalf (the forum decided), as the kiosk does: the
   * enquiry and those merged into it, the hub owning their status from then on. `outcome`
   * undefined keeps the enquiry's. Each one whose status or outcome changes gets an
   * `enquiry-status` change for its unit, not sent to `originDeviceId` (the kiosk that made the
   * decision has it). Rows are read here, fresh: an item may gather an enquiry and one merged into
   * it, and the second must not be announced twice. Returns how many changed.
   */
  private setHubStatus(
    enquiryId: string,
    status: string,
    outcome: string | null | undefined,
    updatedAt: string,
    originDeviceId: string | null,
    at: string,
  ): number {
    const row = this.statements.enquiry.get(enquiryId) as EnquiryRow | undefined;
    if (!row) return 0;
    if (outcome === undefined) outcome = row.outcome;
    let changed = 0;
    for (const target of [row, ...(this.statements.mergedInto.all(row.id) as EnquiryRow[])]) {
      this.statements.recordStatus.run(status, outcome, updatedAt, target.id);
      if (target.status === status && target.outcome === outcome) continue;
      this.append(statusChange(heldEnquiry(target), { status, outcome, mergedInto: target.merged_into }, target.version, updatedAt, originDeviceId), at);
      changed++;
    }
    return changed;
  }

  pull(device: HubDevice, afterSeq: number, limit: number): Promise<PullResponse> {
    return this.run(() =>
      this.db
        .transaction(() => {
          const rows = this.statements.pull.all({ after: afterSeq, unitId: device.unitId, deviceId: device.id, limit: limit + 1 }) as PullRow[];
          const more = rows.length > limit;
          const page = rows.slice(0, limit);
          const changes = page.map((row): PullChange => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }));
          // With nothing more to send, the cursor moves past everything the device was not sent
          // (other units' changes, its own echoes), so the next pull does not walk them again.
          // Safe because SQLite commits one writer at a time: every seq up to max(seq) is visible.
          const last = more ? page[page.length - 1]!.seq : Math.max(afterSeq, (this.statements.lastSeq.get() as { seq: number | null }).seq ?? 0);
          return { changes, cursor: String(last), more };
        })
        .deferred(),
    );
  }

  recordStatus(input: RecordStatusInput): Promise<RecordedStatus> {
    return this.run(() => {
      checkRecordStatus(input);
      const at = input.now.toISOString();
      return this.db
        .transaction((): RecordedStatus => {
          const row = this.statements.enquiryByReference.get(input.reference) as EnquiryRow | undefined;
          if (!row) throw new HubStoreError('unknown-reference', `No enquiry with reference ${input.reference} has reached the hub.`);
          const outcome = recordedOutcome(input, row.outcome);
          // Enquiries merged into this one follow it, as they do on the kiosk.
          const changed = this.setHubStatus(row.id, input.status, outcome, at, null, at);
          return { id: row.id, reference: row.reference, unitId: row.unit_id, status: input.status, outcome, changed };
        })
        .immediate();
    });
  }

  appendChange(change: AppendChangeInput): Promise<{ seq: number; version: number }> {
    return this.run(() => {
      checkAppendChange(change, this.units);
      return this.db
        .transaction(() => {
          const last = this.statements.lastChangeVersion.get({ entity: change.entity, id: change.id, unitId: change.unitId }) as { version: number | null };
          const version = change.version ?? (last.version ?? 0) + 1;
          const seq = this.append({ unitId: change.unitId, entity: change.entity, id: change.id, version, data: change.data, originDeviceId: null }, change.now.toISOString());
          return { seq, version };
        })
        .immediate();
    });
  }

  saveMeeting(input: SaveMeetingInput): Promise<SavedMeeting> {
    return this.run(() => {
      const units = forumUnits(this.units, input.forumId);
      const at = input.now.toISOString();
      return this.db
        .transaction((): SavedMeeting => {
          const held = input.id === undefined ? undefined : (this.statements.meeting.get(input.id) as MeetingRow | undefined);
          const { id, version, data } = meetingToSave(input, held && { ...held, forumId: held.forum_id }, at);
          this.storeMeeting(id, data, version, null, at);
          this.statements.insertRecordVersion.run('meeting', id, version, dataHash(data), null, at);
          const appended = this.announceMeeting(id, data, version, null, at);
          const row = this.statements.meeting.get(id) as MeetingRow;
          return { ...meetingView(row), forumName: units[0]!.forum.name, data, units: appended };
        })
        .immediate();
    });
  }

  listMeetings(forumId: string): Promise<readonly HubMeeting[]> {
    return this.run(() => (this.statements.forumMeetings.all(forumId) as MeetingRow[]).map(meetingView));
  }

  listForumIssues(query: ForumIssuesQuery): Promise<readonly ForumIssue[]> {
    return this.run(() => {
      const [from, to] = [query.from, query.to].map((text) => {
        const instant = instantOf(text);
        if (instant === null) throw new HubStoreError('invalid', `"${text}" is not an ISO 8601 date and time.`);
        return instant;
      });
      return this.db
        .transaction(() => {
          const links = this.statements.forumIssueItems.all(query.forumId, from, to) as IssueAgendaRow[];
          const rows = this.statements.forumIssues.all(query.forumId, from, to) as (EnquiryRow & { merged_into_reference: string | null })[];
          return forumIssues(rows, links);
        })
        .deferred();
    });
  }

  findSubject(forumId: string, query: SubjectQuery): Promise<HubSubjectEnquiry[]> {
    return this.run(() => matchSubjectRows(this.db.prepare(`${SUBJECT_ROWS_SQL}?`).iterate(forumId) as Iterable<SubjectRow>, query));
  }

  applyRetention(input: HubRetentionInput): Promise<RetentionRunReport> {
    return sqliteRetention(this.db, input);
  }

  close(): Promise<void> {
    return this.run(() => {
      if (!this.db.open) return;
      optimize(this.db);
      this.db.close();
    });
  }

  /** The SQLite driver is synchronous; the interface is not, so PostgreSQL can take its place. */
  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
