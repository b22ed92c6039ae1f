import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { openDatabase, optimize, type Database } from '../db/driver';
import { migrate } from '../db/migrate';
import { findTopic } from '../shared/directory/topics';
import { ENQUIRY_STATUSES, LIMITS } from '../shared/enquiries/model';
import {
  enquiryDataSchema,
  PULL_ENTITIES,
  type PullChange,
  type PullEntity,
  type PullResponse,
  type PushChange,
  type PushResult,
} from '../shared/sync/protocol';
import { HUB_MIGRATIONS } from './migrations';
import {
  HubStoreError,
  type AppendChangeInput,
  type ForumIssue,
  type ForumIssuesQuery,
  type HubDevice,
  type HubDeviceRecord,
  type HubStore,
  type NewDevice,
  type RecordedStatus,
  type RecordStatusInput,
} from './store';
import { hashToken, newToken } from './tokens';
import { hubUnits, type HubUnits } from './units';

/** The hub's database file inside its data folder. */
export const HUB_DATABASE_FILE = 'hub.db';

/** Topic ids the hub does not know (a kiosk with a newer directory) are grouped under this. */
export const OTHER_TOPIC_GROUP = 'other';

export interface SqliteHubStoreOptions {
  /** The database file; created and migrated if new. A file from a newer hub is refused untouched. */
  readonly file: string;
  /** Units and their forums (default: assets/config/units.json). */
  readonly units?: HubUnits;
}

/**
 * The fields of an enquiry's data the hub reads besides the required ones. Optional, so a kiosk one
 * version behind still syncs; when present they must make sense.
 */
const enquiryStateSchema = z.object({
  status: z.string().min(1).max(40).optional(),
  outcome: z.string().max(2000).nullable().optional(),
  mergedInto: z.uuid().nullable().optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});

interface EnquiryRow {
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

interface DeviceRow {
  id: string;
  unit_id: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
  last_push_at: string | null;
}

interface PullRow {
  seq: number;
  entity: PullEntity;
  id: string;
  version: number;
  data: string;
}

/** What an enquiry-status pull change says, for the kiosks of the enquiry's unit. */
interface StatusView {
  readonly status: string;
  readonly outcome: string | null;
  readonly mergedInto: string | null;
}

const sameView = (a: StatusView, b: StatusView) => a.status === b.status && a.outcome === b.outcome && a.mergedInto === b.mergedInto;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${['data', ...issue.path.map(String)].join('.')}: ${issue.message}`).join('; ');
}

function isConstraintError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT');
}

/** An ISO 8601 instant in UTC, so stored times sort and compare as text whatever offset a kiosk used. */
const utc = (iso: string) => new Date(iso).toISOString();

/** Opens (creating and migrating if needed) the hub's embedded SQLite store. */
export function openSqliteHubStore(options: SqliteHubStoreOptions): HubStore {
  const units = options.units ?? hubUnits();
  const db = openDatabase(options.file);
  try {
    migrate(db, HUB_MIGRATIONS);
    optimize(db, true);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteHubStore(db, units);
}

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
        `SELECT * FROM enquiries WHERE forum_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, id`,
      ),
    };
  }

  addDevice(input: { unitId: string; name: string; now: Date }): Promise<NewDevice> {
    return this.run(() => {
      this.knownUnit(input.unitId);
      const name = input.name.trim();
      if (name.length < 1 || name.length > 80) throw new HubStoreError('invalid', 'A device name needs 1 to 80 characters.');
      const device = { deviceId: randomUUID(), token: newToken() };
      this.statements.insertDevice.run(device.deviceId, input.unitId, name, hashToken(device.token), input.now.toISOString());
      return device;
    });
  }

  listDevices(): Promise<readonly HubDeviceRecord[]> {
    return this.run(() =>
      (this.statements.listDevices.all() as DeviceRow[]).map((row) => ({
        id: row.id,
        unitId: row.unit_id,
        name: row.name,
        createdAt: row.created_at,
        revokedAt: row.revoked_at,
        lastPushAt: row.last_push_at,
      })),
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
    return this.run(() =>
      this.db
        .transaction(() => {
          const results = changes.map((change): PushResult => {
            try {
              return applyOne(change);
            } catch (error) {
              if (!isConstraintError(error)) throw error;
              return { id: change.id, version: change.version, status: 'rejected', error: `The change conflicts with what the hub holds: ${error.message}.` };
            }
          });
          this.statements.touchDevice.run(at, device.id);
          return results;
        })
        .immediate(),
    );
  }

  private applyChange(device: HubDevice, change: PushChange, at: string): PushResult {
    const answer = (status: PushResult['status']): PushResult => ({ id: change.id, version: change.version, status });
    const rejected = (error: string): PushResult => ({ ...answer('rejected'), error });

    if (change.entity !== 'enquiry') return rejected(`Unknown entity "${change.entity}": this hub takes only enquiry changes.`);
    const existing = this.statements.enquiry.get(change.id) as EnquiryRow | undefined;
    if (existing && existing.unit_id !== device.unitId) {
      return rejected(`Enquiry ${existing.reference} belongs to unit "${existing.unit_id}", not to this device's unit "${device.unitId}".`);
    }
    // Checked before the data, so a resend is harmless however late it comes and whatever it holds.
    if (this.statements.versionSeen.get(change.id, change.version)) return answer('duplicate');

    const parsed = enquiryDataSchema.safeParse(change.data);
    if (!parsed.success) return rejected(`The enquiry's data is not valid: ${describeIssues(parsed.error)}.`);
    const state = enquiryStateSchema.safeParse(change.data);
    if (!state.success) return rejected(`The enquiry's data is not valid: ${describeIssues(state.error)}.`);
    const data = parsed.data;
    if (data.unitId !== device.unitId) {
      return rejected(`data.unitId is "${data.unitId}", but this device belongs to unit "${device.unitId}".`);
    }
    const unit = this.units.get(device.unitId);
    if (!unit) return rejected(`Unit "${device.unitId}" is not in the hub's unit configuration.`);

    if (existing && change.version <= existing.version) return answer('stale');
    if (existing && existing.reference !== data.reference) {
      return rejected(`An enquiry's reference never changes: this one is ${existing.reference}, the change says ${data.reference}.`);
    }
    const holder = this.statements.enquiryByReference.get(data.reference) as EnquiryRow | undefined;
    if (holder && holder.id !== change.id) return rejected(`Reference ${data.reference} already belongs to another enquiry.`);

    const sent: StatusView = {
      status: state.data.status ?? existing?.status ?? 'new',
      outcome: state.data.outcome !== undefined ? state.data.outcome : (existing?.outcome ?? null),
      mergedInto: state.data.mergedInto !== undefined ? state.data.mergedInto : (existing?.merged_into ?? null),
    };
    const content = {
      id: change.id,
      topic: data.topic,
      topicGroup: findTopic(data.topic)?.group ?? OTHER_TOPIC_GROUP,
      version: change.version,
      // The whole data as sent: fields this hub does not know are kept for the hub that will.
      data: JSON.stringify(change.data),
      updatedAt: utc(state.data.updatedAt ?? at),
      deviceId: device.id,
      receivedAt: at,
    };

    if (!existing) {
      this.statements.insertEnquiry.run({
        ...content,
        reference: data.reference,
        unitId: unit.id,
        forumId: unit.forum.id,
        createdAt: utc(data.createdAt),
        ...sent,
      });
    } else {
      // Once the hub has recorded a status, the forum owns status and outcome: a kiosk's newer
      // version updates the content, and the kiosk hears the hub's status back (below).
      const before: StatusView = { status: existing.status, outcome: existing.outcome, mergedInto: existing.merged_into };
      const after: StatusView = existing.status_owner === 'hub' ? { ...before, mergedInto: sent.mergedInto } : sent;
      this.statements.updateEnquiry.run({ ...content, ...after });
      if (!sameView(after, sent)) {
        this.appendStatus(existing, after, change.version, at, null, at);
      } else if (!sameView(after, before)) {
        // The unit's other kiosks learn it; the device that sent it has it already.
        this.appendStatus(existing, after, change.version, state.data.updatedAt ?? at, device.id, at);
      }
    }
    this.statements.insertVersion.run(change.id, change.version, device.id, at);
    return answer('applied');
  }

  private appendStatus(enquiry: EnquiryRow, view: StatusView, version: number, updatedAt: string, originDeviceId: string | null, at: string): void {
    const data = {
      reference: enquiry.reference,
      status: view.status,
      outcome: view.outcome,
      updatedAt,
      mergedInto: view.mergedInto,
    };
    this.statements.appendChange.run(enquiry.unit_id, 'enquiry-status', enquiry.id, version, JSON.stringify(data), originDeviceId, at);
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
      if (!(ENQUIRY_STATUSES as readonly string[]).includes(input.status)) {
        throw new HubStoreError('invalid', `"${input.status}" is not a status. Use one of: ${ENQUIRY_STATUSES.join(', ')}.`);
      }
      if (input.outcome && input.outcome.length > LIMITS.outcome.max) {
        throw new HubStoreError('invalid', `An outcome holds at most ${LIMITS.outcome.max} characters.`);
      }
      const at = input.now.toISOString();
      return this.db
        .transaction((): RecordedStatus => {
          const row = this.statements.enquiryByReference.get(input.reference) as EnquiryRow | undefined;
          if (!row) throw new HubStoreError('unknown-reference', `No enquiry with reference ${input.reference} has reached the hub.`);
          const outcome = input.outcome !== undefined ? input.outcome : input.status === 'new' ? null : row.outcome;
          let changed = 0;
          // Enquiries merged into this one follow it, as they do on the kiosk.
          for (const target of [row, ...(this.statements.mergedInto.all(row.id) as EnquiryRow[])]) {
            this.statements.recordStatus.run(input.status, outcome, at, target.id);
            if (target.status === input.status && target.outcome === outcome) continue;
            this.appendStatus(target, { status: input.status, outcome, mergedInto: target.merged_into }, target.version, at, null, at);
            changed++;
          }
          return { id: row.id, reference: row.reference, unitId: row.unit_id, status: input.status, outcome, changed };
        })
        .immediate();
    });
  }

  appendChange(change: AppendChangeInput): Promise<{ seq: number; version: number }> {
    return this.run(() => {
      if (!(PULL_ENTITIES as readonly string[]).includes(change.entity)) {
        throw new HubStoreError('invalid', `"${change.entity}" is not a pull entity. Use one of: ${PULL_ENTITIES.join(', ')}.`);
      }
      if (change.unitId !== null) this.knownUnit(change.unitId);
      if (change.version !== undefined && !(Number.isSafeInteger(change.version) && change.version >= 1)) {
        throw new HubStoreError('invalid', 'A version is a whole number from 1.');
      }
      return this.db
        .transaction(() => {
          const last = this.statements.lastChangeVersion.get({ entity: change.entity, id: change.id, unitId: change.unitId }) as { version: number | null };
          const version = change.version ?? (last.version ?? 0) + 1;
          const { seq } = this.statements.appendChange.get(
            change.unitId,
            change.entity,
            change.id,
            version,
            JSON.stringify(change.data),
            null,
            change.now.toISOString(),
          ) as { seq: number };
          return { seq, version };
        })
        .immediate();
    });
  }

  listForumIssues(query: ForumIssuesQuery): Promise<readonly ForumIssue[]> {
    return this.run(() => {
      const [from, to] = [query.from, query.to].map((instant) => {
        const time = Date.parse(instant);
        if (Number.isNaN(time)) throw new HubStoreError('invalid', `"${instant}" is not an ISO 8601 date and time.`);
        return new Date(time).toISOString();
      });
      return (this.statements.forumIssues.all(query.forumId, from, to) as EnquiryRow[]).map((row) => ({
        id: row.id,
        reference: row.reference,
        unitId: row.unit_id,
        forumId: row.forum_id,
        topic: row.topic,
        topicGroup: row.topic_group,
        status: row.status,
        outcome: row.outcome,
        mergedInto: row.merged_into,
        version: row.version,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        data: JSON.parse(row.data) as Record<string, unknown>,
      }));
    });
  }

  close(): Promise<void> {
    return this.run(() => {
      if (!this.db.open) return;
      optimize(this.db);
      this.db.close();
    });
  }

  private knownUnit(unitId: string): void {
    if (!this.units.has(unitId)) {
      throw new HubStoreError('unknown-unit', `Unknown unit "${unitId}". Known units: ${[...this.units.keys()].join(', ')}.`);
    }
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
