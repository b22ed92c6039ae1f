import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg, { type PoolClient } from 'pg';
import { DatabaseTooNewError } from '../../db/migrate';
import type { HubSubjectEnquiry, SubjectQuery } from '../../shared/enquiries/subjectAccess';
import { matchSubjectRows, SUBJECT_ROWS_SQL, type SubjectRow } from '../subjectAccess';
import {
  PUSH_ENTITIES,
  type MeetingData,
  type PullChange,
  type PullEntity,
  type PullResponse,
  type PushChange,
  type PushResult,
} from '../../shared/sync/protocol';
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
  type RequestCount,
  type SavedMeeting,
  type SaveMeetingInput,
} from '../store';
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
  type EnquiryWrite,
  type PlannedChange,
} from '../storeRules';
import { deviceRecord, forumIssues, heldEnquiry, meetingView, type DeviceRow, type EnquiryRow, type IssueAgendaRow, type MeetingRow } from '../storeRows';
import { hashToken, newToken } from '../tokens';
import { hubUnits, type HubUnits } from '../units';
import { migratePostgres } from './migrations';
import { postgresRetention, type HubRetentionInput } from '../retention';
import type { RetentionRunReport } from '../../shared/enquiries/retention';

/**
 * The hub's store on PostgreSQL, for a district or shared service running several hub processes
 * behind a load balancer on one database. Every process is stateless: devices, revocations,
 * versions, the pull log and the rate-limit counters all live in the database.
 *
 * ## Concurrency
 * Transactions run at READ COMMITTED and serialise on what they change, not on everything:
 * - **Entity locks.** Before reading an enquiry, meeting, agenda item or erasure it may change, a
 *   transaction takes a transaction-scoped advisory lock on it (`pg_advisory_xact_lock`, keyed by
 *   kind and id). A second process handed the same change waits, then reads what the first
 *   committed (each statement at READ COMMITTED sees the latest commits) and answers `duplicate`
 *   or `stale`, exactly as if the two had come one after the other. The lock covers an id that
 *   has no row yet, which a row lock cannot. Uniqueness is still the database's: primary keys on
 *   every version table, `UNIQUE (reference)`; a violation the rules did not foresee (a race on a
 *   reference between two enquiries) sends the push through again change by change, and the
 *   change that lost is `rejected` with the rule's reason.
 * - **The pull log is gap-free.** A kiosk's cursor is a `seq`, and a reader must never pass a seq
 *   that commits later. Sequences are handed out when a row is inserted, not when it commits, so
 *   two writers could commit out of order. Here every append to `pull_changes` happens at the end
 *   of its transaction while holding one advisory lock, the pull-log lock, until COMMIT; so a seq
 *   is handed out only after every smaller seq's transaction has ended, and seq order is commit
 *   order (the identity has CACHE 1, so no process holds numbers back). A reader that sees seq N
 *   therefore sees every smaller seq that will ever exist, and may move its cursor past N. The
 *   lock is held for the final inserts and the commit only, and a push whose every change was a
 *   duplicate never takes it.
 * - Deadlocks (two pushes locking the same enquiries in opposite orders, very rare) and
 *   serialisation failures are retried with a short random pause: nothing was committed.
 */
export interface PostgresHubStoreOptions {
  /** `postgres://USER[:PASSWORD]@HOST:PORT/DATABASE`; the password may also come from PGPASSWORD or ~/.pgpass. */
  readonly url: string;
  /** Units and their forums (default: assets/config/units.json). */
  readonly units?: HubUnits;
  /** Connections per hub process (default 10). */
  readonly poolSize?: number;
}

/** Advisory lock keys: (kind, hashtext(id)) for entities; the pull log's own. */
const LOCK = { enquiry: 1, meeting: 2, 'agenda-item': 3, change: 4, erasure: 5 } as const;
const PULL_LOG_LOCK = 7_100_000_002;

const RETRYABLE = new Set(['40001', '40P01']);
const CONNECT_TIMEOUT_MS = 10_000;
const MAX_ATTEMPTS = 8;

/** How long a rate-limit row may sit past its window before a process sweeps it away. */
const RATE_LIMIT_SWEEP_MS = 60_000;

interface PgError extends Error {
  readonly code?: string;
}
const sqlState = (error: unknown) => (error instanceof Error ? (error as PgError).code : undefined);
/** Data exceptions (22: a NUL in text, an out-of-range number) and integrity violations (23): the change, not the hub. */
const isDataError = (error: unknown) => /^2[23]/.test(sqlState(error) ?? '');

/** A push that met a data error on its fast path: it is tried again change by change. */
class ChangeByChange extends Error {}

/** bigint columns (seq, versions, counts) as JS numbers: the contract keeps them within safe integers. */
const INT8_OID = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : (pg.types.getTypeParser(oid, format) as (value: string) => unknown),
};

/**
 * Opens the hub's store on the PostgreSQL database `url` names, migrating it (one process at a
 * time; the others wait). A database a newer hub migrated is refused untouched; a server that cannot
 * be reached is a `HubStoreError('unavailable')` that says which.
 */
export async function openPostgresHubStore(options: PostgresHubStoreOptions): Promise<HubStore> {
  const units = options.units ?? hubUnits();
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types,
    application_name: 'onestop-hub',
    // A server behind a network that drops packets answers "cannot connect" in seconds, not at the system's TCP timeout.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle connection the server drops must not take the process down; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    if (error instanceof DatabaseTooNewError) throw error;
    // The server cannot be reached, refuses the role, has no such database, or refused the migration.
    const reason = error instanceof Error ? error.message : String(error);
    throw new HubStoreError('unavailable', `Cannot open the hub's PostgreSQL database (${redactedUrl(options.url)}): ${reason}`);
  }
  return new PostgresHubStore(pool, units);
}

/** The connection string without its password, for messages. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unreadable connection string';
  }
}

/** One transaction: its client, and the pull changes it will append at its end under the pull-log lock. */
class Tx {
  readonly pending: PlannedChange[] = [];

  constructor(
    readonly client: PoolClient,
    readonly at: string,
  ) {}

  query<R extends pg.QueryResultRow>(sql: string, params: readonly unknown[] = []) {
    return this.client.query<R>(sql, params as unknown[]);
  }

  /** Waits for, then holds until the transaction ends, the lock on one entity. */
  async lock(kind: keyof typeof LOCK, id: string): Promise<void> {
    await this.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK[kind], id]);
  }

  /**
   * Locks several entities of a kind, one statement for them all, in id order, so two transactions
   * never wait on each other in a circle (unnest keeps the array's order).
   */
  async lockAll(kind: keyof typeof LOCK, ids: Iterable<string>): Promise<void> {
    const sorted = [...new Set(ids)].sort();
    if (sorted.length === 0) return;
    await this.query('SELECT pg_advisory_xact_lock($1, hashtext(id)) FROM unnest($2::text[]) AS id', [LOCK[kind], sorted]);
  }

  /**
   * Appends the pending pull changes, in order, under the pull-log lock (held until COMMIT, which
   * follows at once): see "The pull log is gap-free" above. Returns their seqs, in order.
   */
  async flush(): Promise<number[]> {
    if (this.pending.length === 0) return [];
    const rows = this.pending.splice(0);
    await this.query('SELECT pg_advisory_xact_lock($1)', [PULL_LOG_LOCK]);
    const { rows: inserted } = await this.query<{ seq: number }>(
      `INSERT INTO pull_changes (unit_id, entity, entity_id, version, data, origin_device_id, created_at)
       SELECT unit_id, entity, entity_id, version, data, origin_device_id, $7
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[])
         WITH ORDINALITY AS t (unit_id, entity, entity_id, version, data, origin_device_id, n)
       ORDER BY n
       RETURNING seq`,
      [
        rows.map((row) => row.unitId),
        rows.map((row) => row.entity),
        rows.map((row) => row.id),
        rows.map((row) => row.version),
        rows.map((row) => JSON.stringify(row.data)),
        rows.map((row) => row.originDeviceId),
        this.at,
      ],
    );
    // Numbers are handed out in the ORDER BY's order; RETURNING's order is not promised, so sort.
    return inserted.map((row) => row.seq).sort((a, b) => a - b);
  }
}

class PostgresHubStore implements HubStore {
  private lastSweep = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly units: HubUnits,
  ) {}

  async addDevice(input: { unitId: string; name: string; now: Date }): Promise<NewDevice> {
    knownUnit(this.units, input.unitId);
    const name = input.name.trim();
    if (name.length < 1 || name.length > 80) throw new HubStoreError('invalid', 'A device name needs 1 to 80 characters.');
    const device = { deviceId: randomUUID(), token: newToken() };
    await this.pool.query('INSERT INTO devices (id, unit_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
      device.deviceId,
      input.unitId,
      name,
      hashToken(device.token),
      input.now.toISOString(),
    ]);
    return device;
  }

  async listDevices(): Promise<readonly HubDeviceRecord[]> {
    const { rows } = await this.pool.query<DeviceRow>('SELECT id, unit_id, name, created_at, revoked_at, last_push_at FROM devices ORDER BY created_at, id');
    return rows.map(deviceRecord);
  }

  async revokeDevice(deviceId: string, now: Date): Promise<boolean> {
    const { rows } = await this.pool.query(
      `WITH found AS (SELECT id FROM devices WHERE id = $1),
            revoked AS (UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL)
       SELECT 1 FROM found`,
      [deviceId, now.toISOString()],
    );
    return rows.length > 0;
  }

  async findDeviceByTokenHash(tokenHash: string): Promise<HubDevice | null> {
    const { rows } = await this.pool.query<{ id: string; unit_id: string; name: string }>(
      'SELECT id, unit_id, name FROM devices WHERE token_hash = $1 AND revoked_at IS NULL',
      [tokenHash],
    );
    const row = rows[0];
    return row ? { id: row.id, unitId: row.unit_id, name: row.name } : null;
  }

  async push(device: HubDevice, changes: readonly PushChange[], now: Date): Promise<PushResult[]> {
    const at = now.toISOString();
    // The fast path applies the request in one transaction. A change the database refuses (data
    // the rules let through that a column cannot hold, a race on a unique reference) aborts it;
    // then the request runs again with a savepoint per change, so that change alone is rejected.
    let results: PushResult[];
    try {
      results = await this.transaction(at, (tx) => this.pushAll(tx, device, changes, false));
    } catch (error) {
      if (!(error instanceof ChangeByChange)) throw error;
      results = await this.transaction(at, (tx) => this.pushAll(tx, device, changes, true));
    }
    if (results.some((result, index) => result.status === 'applied' && changes[index]!.entity === 'erasure')) await this.vacuumErased();
    return results;
  }

  /**
   * After an erasure commits, the rows it replaced are still in the tables as dead tuple versions
   * until a VACUUM removes them; this one does it now rather than whenever autovacuum comes by.
   * Outside the transaction (VACUUM cannot run in one); it takes no lock that stops reads or
   * writes. Best effort: the erasure stands whatever happens here (a snapshot older than it keeps
   * its tuples until the next VACUUM; a role that does not own the tables gets a warning only).
   * The bytes of a removed tuple may stay in the data files until the space is reused, and in the
   * server's WAL and backups: README, "Erasure".
   */
  private async vacuumErased(): Promise<void> {
    await this.pool.query('VACUUM enquiries, pull_changes').catch(() => undefined);
  }

  private async pushAll(tx: Tx, device: HubDevice, changes: readonly PushChange[], oneByOne: boolean): Promise<PushResult[]> {
    const results: PushResult[] = [];
    if (!oneByOne) {
      try {
        // Consecutive enquiries (nearly every push) go together: a handful of statements for the
        // whole run instead of several per change, each a round trip to the server.
        for (let start = 0; start < changes.length; ) {
          let end = start + 1;
          if (changes[start]!.entity === 'enquiry') while (end < changes.length && changes[end]!.entity === 'enquiry') end++;
          results.push(...(await this.applyRun(tx, device, changes.slice(start, end))));
          start = end;
        }
      } catch (error) {
        if (isDataError(error)) throw new ChangeByChange();
        throw error;
      }
    } else {
      for (const change of changes) {
        const mark = tx.pending.length;
        await tx.query('SAVEPOINT change');
        try {
          results.push(...(await this.applyRun(tx, device, [change])));
          await tx.query('RELEASE SAVEPOINT change');
        } catch (error) {
          if (!isDataError(error)) throw error;
          await tx.query('ROLLBACK TO SAVEPOINT change');
          tx.pending.length = mark;
          results.push({
            id: change.id,
            version: change.version,
            status: 'rejected',
            // The device is told what kind of problem it was, not the database's own wording.
            error: /^22/.test(sqlState(error) ?? '')
              ? 'The change holds a value the hub cannot store (a NUL character, say); it was not applied.'
              : 'The change conflicts with what the hub holds (a reference or id already used); it was not applied.',
          });
        }
      }
    }
    await tx.query('UPDATE devices SET last_push_at = $1 WHERE id = $2', [tx.at, device.id]);
    await tx.flush();
    return results;
  }

  /** A run of enquiry changes, or one change of another entity. */
  private async applyRun(tx: Tx, device: HubDevice, run: readonly PushChange[]): Promise<PushResult[]> {
    const change = run[0]!;
    switch (change.entity) {
      case 'enquiry':
        return this.applyEnquiries(tx, device, run);
      case 'meeting':
        return [await this.applyMeeting(tx, device, change)];
      case 'agenda-item':
        return [await this.applyAgendaItem(tx, device, change)];
      case 'erasure':
        return [await this.applyErasure(tx, device, change)];
      default:
        return [unknownEntity(change, PUSH_ENTITIES)];
    }
  }

  /**
   * Enquiry changes, in order (`planEnquiry`): every enquiry of the run locked at once (in id order,
   * so two runs never wait on each other in a circle), what the rules need read in one statement,
   * each change planned against what the hub holds plus what the changes before it in the run did,
   * and the rows written with one statement per table.
   */
  private async applyEnquiries(tx: Tx, device: HubDevice, run: readonly PushChange[]): Promise<PushResult[]> {
    const ids = [...new Set(run.map((change) => change.id))].sort();
    await tx.lockAll('enquiry', ids);
    const references = [...new Set(run.map(claimedReference).filter((reference) => reference !== null))];
    const unit = this.units.get(device.unitId);
    // Read after the locks: an erasure naming one of these ids locks it too, so it is seen here once committed.
    const { rows } = await tx.query<{ existing: EnquiryRow[]; seen: { id: string; version: number }[]; holders: { id: string; reference: string }[]; erased: string[] }>(
      `SELECT (SELECT coalesce(json_agg(e), '[]'::json) FROM enquiries e WHERE e.id = ANY($1::text[])) AS existing,
              (SELECT coalesce(json_agg(json_build_object('id', v.enquiry_id, 'version', v.version)), '[]'::json)
                 FROM enquiry_versions v JOIN unnest($2::text[], $3::bigint[]) AS c (id, version)
                   ON v.enquiry_id = c.id AND v.version = c.version) AS seen,
              (SELECT coalesce(json_agg(json_build_object('id', h.id, 'reference', h.reference)), '[]'::json)
                 FROM enquiries h WHERE h.reference = ANY($4::text[])) AS holders,
              (SELECT coalesce(json_agg(x.enquiry_id), '[]'::json) FROM erased_enquiries x
                 WHERE x.enquiry_id = ANY($1::text[]) AND EXISTS (SELECT 1 FROM erasures r WHERE r.id = x.erasure_id AND r.forum_id = $5)) AS erased`,
      [ids, run.map((change) => change.id), run.map((change) => change.version), references, unit?.forum.id ?? null],
    );
    const { existing, seen, holders } = rows[0]!;
    const erased = new Set(rows[0]!.erased);
    const held = new Map(existing.map((row) => [row.id, heldEnquiry(row)]));
    const inDatabase = new Set(held.keys());
    const versionKey = (id: string, version: number) => `${id} ${version}`;
    const seenVersions = new Set(seen.map((row) => versionKey(row.id, row.version)));
    const holderOf = new Map(holders.map((row) => [row.reference, row.id]));

    const writes = new Map<string, EnquiryWrite>();
    const versions: { id: string; version: number }[] = [];
    const results = run.map((change) => {
      const before = held.get(change.id) ?? null;
      const reference = claimedReference(change);
      const plan = planEnquiry({
        device,
        change,
        unit,
        existing: before,
        versionSeen: seenVersions.has(versionKey(change.id, change.version)),
        referenceHolder: reference === null ? null : (holderOf.get(reference) ?? null),
        erased: erased.has(change.id),
        at: tx.at,
      });
      if (plan.write) {
        const row = plan.write.row;
        // What a later change of the same enquiry in this run must see.
        held.set(row.id, { ...row, statusOwner: before?.statusOwner ?? 'kiosk', createdAt: before?.createdAt ?? row.createdAt });
        seenVersions.add(versionKey(row.id, row.version));
        holderOf.set(row.reference, row.id);
        writes.set(row.id, row);
        versions.push({ id: row.id, version: row.version });
      }
      tx.pending.push(...plan.changes);
      return plan.result;
    });

    const all = [...writes.values()];
    const inserted = all.filter((row) => !inDatabase.has(row.id));
    const updated = all.filter((row) => inDatabase.has(row.id));
    const column = (list: EnquiryWrite[], key: keyof EnquiryWrite) => list.map((row) => row[key]);
    if (inserted.length > 0) {
      await tx.query(
        `INSERT INTO enquiries (id, reference, unit_id, forum_id, topic, topic_group, status, outcome, merged_into,
           status_owner, version, data, created_at, updated_at, device_id, received_at)
         SELECT id, reference, unit_id, forum_id, topic, topic_group, status, outcome, merged_into, 'kiosk', version, data,
           created_at, updated_at, $14, $15
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
           $10::bigint[], $11::text[], $12::text[], $13::text[])
           AS u (id, reference, unit_id, forum_id, topic, topic_group, status, outcome, merged_into, version, data, created_at, updated_at)`,
        [
          ...(['id', 'reference', 'unitId', 'forumId', 'topic', 'topicGroup', 'status', 'outcome', 'mergedInto', 'version', 'data', 'createdAt', 'updatedAt'] as const).map(
            (key) => column(inserted, key),
          ),
          device.id,
          tx.at,
        ],
      );
    }
    if (updated.length > 0) {
      await tx.query(
        `UPDATE enquiries e SET topic = u.topic, topic_group = u.topic_group, status = u.status, outcome = u.outcome,
           merged_into = u.merged_into, version = u.version, data = u.data, updated_at = u.updated_at, device_id = $10, received_at = $11
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[])
           AS u (id, topic, topic_group, status, outcome, merged_into, version, data, updated_at)
         WHERE e.id = u.id`,
        [
          ...(['id', 'topic', 'topicGroup', 'status', 'outcome', 'mergedInto', 'version', 'data', 'updatedAt'] as const).map((key) => column(updated, key)),
          device.id,
          tx.at,
        ],
      );
    }
    const anonymised = all.filter((row) => row.anonymised).map((row) => row.id);
    if (anonymised.length > 0) {
      await tx.query('UPDATE enquiries SET anonymised_version = version, contact_checked_version = version WHERE id = ANY($1::text[])', [anonymised]);
    }
    if (versions.length > 0) {
      await tx.query(
        `INSERT INTO enquiry_versions (enquiry_id, version, device_id, received_at)
         SELECT id, version, $3, $4 FROM unnest($1::text[], $2::bigint[]) AS v (id, version)`,
        [versions.map((v) => v.id), versions.map((v) => v.version), device.id, tx.at],
      );
    }
    return results;
  }

  /** A meeting date set on a kiosk (`checkMeeting`): every unit of the forum hears of it but the kiosk that set it. */
  private async applyMeeting(tx: Tx, device: HubDevice, change: PushChange): Promise<PushResult> {
    await tx.lock('meeting', change.id);
    const { rows } = await tx.query<{ forum_id: string | null; version: number | null; accepted: string | null }>(
      `SELECT m.forum_id, m.version,
              (SELECT data_hash FROM record_versions WHERE entity = 'meeting' AND record_id = $1 AND version = $2) AS accepted
       FROM (SELECT 1) one LEFT JOIN meetings m ON m.id = $1`,
      [change.id, change.version],
    );
    const held = rows[0]!;
    const checked = checkMeeting({
      device,
      change,
      forum: this.units.get(device.unitId)?.forum,
      existing: held.forum_id === null ? null : { forumId: held.forum_id, version: held.version! },
      acceptedHash: held.accepted,
    });
    if (checked.result) return checked.result;
    await this.storeMeeting(tx, change.id, checked.data, change.version, device.id, change.data);
    tx.pending.push(...meetingChanges(unitsOfForum(this.units, checked.data.forumId), change.id, checked.data, change.version, device.id));
    return { id: change.id, version: change.version, status: 'applied' };
  }

  /**
   * An agenda item built on a chair's kiosk (`checkAgendaItem`): kept as the forum's record, and
   * every enquiry it gathers takes the status it implies, owned by the hub from then on.
   */
  private async applyAgendaItem(tx: Tx, device: HubDevice, change: PushChange): Promise<PushResult> {
    await tx.lock('agenda-item', change.id);
    const { rows } = await tx.query<{ forum_id: string | null; version: number | null; accepted: string | null; meeting_forum: string | null }>(
      `SELECT ai.forum_id, ai.version,
              (SELECT data_hash FROM record_versions WHERE entity = 'agenda-item' AND record_id = $1 AND version = $2) AS accepted,
              (SELECT forum_id FROM meetings WHERE id = $3) AS meeting_forum
       FROM (SELECT 1) one LEFT JOIN agenda_items ai ON ai.id = $1`,
      [change.id, change.version, claimedMeeting(change)],
    );
    const held = rows[0]!;
    const checked = checkAgendaItem({
      device,
      change,
      forum: this.units.get(device.unitId)?.forum,
      existing: held.forum_id === null ? null : { forumId: held.forum_id, version: held.version! },
      acceptedHash: held.accepted,
      meetingForumId: held.meeting_forum,
    });
    if (checked.result) return checked.result;
    const data = checked.data;

    const updatedAt = utc(data.updatedAt);
    await tx.query(
      `INSERT INTO agenda_items (id, forum_id, meeting_id, position, restricted, removed, decision, version, data, device_id, updated_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET meeting_id = excluded.meeting_id, position = excluded.position,
         restricted = excluded.restricted, removed = excluded.removed, decision = excluded.decision, version = excluded.version,
         data = excluded.data, device_id = excluded.device_id, updated_at = excluded.updated_at, received_at = excluded.received_at`,
      [change.id, data.forumId, data.meetingId, data.position, data.restricted, data.removed, data.decision, change.version,
        JSON.stringify(change.data), device.id, updatedAt, tx.at],
    );
    await tx.query(
      "INSERT INTO record_versions (entity, record_id, version, data_hash, device_id, received_at) VALUES ('agenda-item', $1, $2, $3, $4, $5)",
      [change.id, change.version, dataHash(change.data), device.id, tx.at],
    );

    const before = (await tx.query<{ enquiry_id: string }>('SELECT enquiry_id FROM agenda_item_enquiries WHERE agenda_item_id = $1', [change.id])).rows.map(
      (row) => row.enquiry_id,
    );
    // Enquiries another forum holds, or that have not reached the hub, are left alone. (An
    // enquiry's forum never changes, so it is read before the enquiries are locked.)
    const wanted = [...new Set(data.enquiryIds)];
    const found = new Set(
      (await tx.query<{ id: string }>('SELECT id FROM enquiries WHERE id = ANY($1::text[]) AND forum_id = $2', [wanted, data.forumId])).rows.map((row) => row.id),
    );
    const gathered = wanted.filter((id) => found.has(id));
    await tx.lockAll('enquiry', [...gathered, ...before]);
    await tx.query('DELETE FROM agenda_item_enquiries WHERE agenda_item_id = $1', [change.id]);
    if (!data.removed && gathered.length > 0) {
      await tx.query('INSERT INTO agenda_item_enquiries (agenda_item_id, enquiry_id) SELECT $1, unnest($2::text[])', [change.id, gathered]);
    }

    const implied = agendaStatus(data);
    for (const id of gathered) {
      // Back to "for the forum" by removal only when no other item still waits to take it up: an
      // issue moved from one item to another keeps its place on the agenda, whichever arrives first.
      if (data.removed && (await this.waitingElsewhere(tx, id, change.id))) continue;
      await this.setHubStatus(tx, id, implied.status, implied.outcome, updatedAt, device.id);
    }
    const kept = new Set(gathered);
    for (const id of before) {
      if (kept.has(id) || (await this.waitingElsewhere(tx, id, change.id))) continue;
      await this.setHubStatus(tx, id, 'for-forum', undefined, updatedAt, device.id);
    }
    return { id: change.id, version: change.version, status: 'applied' };
  }

  /**
   * An erasure made on a kiosk (`checkErasure`; as the SQLite store's `applyErasure`). Every id it
   * names is locked first, held or not: an enquiry push racing it either commits first (and is
   * erased here) or waits and then finds the id in `erased_enquiries`.
   */
  private async applyErasure(tx: Tx, device: HubDevice, change: PushChange): Promise<PushResult> {
    await tx.lock('erasure', change.id);
    const ids = claimedErasureEnquiries(change);
    await tx.lockAll('enquiry', ids);
    const { rows } = await tx.query<{ held: { id: string; reference: string; forum_id: string; data: string }[]; forum_id: string | null; version: number | null; accepted: string | null }>(
      `SELECT (SELECT coalesce(json_agg(json_build_object('id', e.id, 'reference', e.reference, 'forum_id', e.forum_id, 'data', e.data)), '[]'::json)
                 FROM enquiries e WHERE e.id = ANY($3::text[])) AS held,
              r.forum_id, r.version,
              (SELECT data_hash FROM record_versions WHERE entity = 'erasure' AND record_id = $1 AND version = $2) AS accepted
       FROM (SELECT 1) one LEFT JOIN (SELECT forum_id, max(version) AS version FROM erasures WHERE id = $1 GROUP BY forum_id) r ON true`,
      [change.id, change.version, ids],
    );
    const found = rows[0]!;
    const unit = this.units.get(device.unitId);
    const checked = checkErasure({
      device,
      change,
      unit,
      existing: found.forum_id === null ? null : { forumId: found.forum_id, version: found.version! },
      acceptedHash: found.accepted,
      held: new Map(found.held.map((row) => [row.id, { id: row.id, reference: row.reference, forumId: row.forum_id }])),
    });
    if (checked.result) return checked.result;
    const data = checked.data;
    const forumId = unit!.forum.id;
    // An id named twice (with the same reference: `checkErasure` refuses two) is recorded once.
    const named = new Map(data.enquiries.map((enquiry) => [enquiry.id, enquiry.reference]));

    if (found.held.length > 0) {
      await tx.query(
        `UPDATE enquiries e SET data = u.data, anonymised_version = e.version, contact_checked_version = e.version
         FROM unnest($1::text[], $2::text[]) AS u (id, data) WHERE e.id = u.id`,
        [found.held.map((row) => row.id), found.held.map((row) => erasedData(row.data))],
      );
      const copies = await tx.query<{ seq: number; data: string }>("SELECT seq, data FROM pull_changes WHERE entity = 'enquiry' AND entity_id = ANY($1::text[])", [
        found.held.map((row) => row.id),
      ]);
      if (copies.rows.length > 0) {
        await tx.query('UPDATE pull_changes p SET data = u.data FROM unnest($1::bigint[], $2::text[]) AS u (seq, data) WHERE p.seq = u.seq', [
          copies.rows.map((copy) => copy.seq),
          copies.rows.map((copy) => erasedData(copy.data)),
        ]);
      }
    }
    await tx.query('INSERT INTO erasures (id, version, forum_id, unit_id, device_id, data, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      change.id,
      change.version,
      forumId,
      device.unitId,
      device.id,
      JSON.stringify(change.data),
      tx.at,
    ]);
    await tx.query(
      `INSERT INTO erased_enquiries (enquiry_id, reference, erasure_id)
       SELECT id, reference, $3 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u (id, reference, n) ORDER BY n
       ON CONFLICT (enquiry_id) DO NOTHING`,
      [[...named.keys()], [...named.values()], change.id],
    );
    await tx.query(
      "INSERT INTO record_versions (entity, record_id, version, data_hash, device_id, received_at) VALUES ('erasure', $1, $2, $3, $4, $5)",
      [change.id, change.version, dataHash(change.data), device.id, tx.at],
    );
    tx.pending.push(...erasureChanges(unitsOfForum(this.units, forumId), change.id, data, change.version, device.id));
    return { id: change.id, version: change.version, status: 'applied' };
  }

  private async waitingElsewhere(tx: Tx, enquiryId: string, itemId: string): Promise<boolean> {
    const { rows } = await tx.query(
      `SELECT 1 FROM agenda_item_enquiries l JOIN agenda_items ai ON ai.id = l.agenda_item_id
       WHERE l.enquiry_id = $1 AND l.agenda_item_id <> $2 AND ai.decision IS NULL LIMIT 1`,
      [enquiryId, itemId],
    );
    return rows.length > 0;
  }

  /**
   * The meeting's current version and its record version, whose hash is of `accepted` (the data as
   * pushed, or as the CLI set it). The caller holds the meeting's lock.
   */
  private async storeMeeting(tx: Tx, id: string, data: MeetingData, version: number, deviceId: string | null, accepted: unknown): Promise<void> {
    await tx.query(
      `INSERT INTO meetings (id, forum_id, date, starts_at, place, cancelled, version, data, updated_at, device_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE SET date = excluded.date, starts_at = excluded.starts_at, place = excluded.place,
         cancelled = excluded.cancelled, version = excluded.version, data = excluded.data, updated_at = excluded.updated_at,
         device_id = excluded.device_id, received_at = excluded.received_at`,
      [id, data.forumId, data.date, data.startsAt, data.place, data.cancelled, version, JSON.stringify(data), utc(data.updatedAt), deviceId, tx.at],
    );
    await tx.query(
      "INSERT INTO record_versions (entity, record_id, version, data_hash, device_id, received_at) VALUES ('meeting', $1, $2, $3, $4, $5)",
      [id, version, dataHash(accepted), deviceId, tx.at],
    );
  }

  /**
   * Sets a status and outcome on the hub's behalf (as the SQLite store's `setHubStatus`): the
   * enquiry and those merged into it, each locked, then read fresh. Returns how many changed.
   */
  private async setHubStatus(
    tx: Tx,
    enquiryId: string,
    status: string,
    outcome: string | null | undefined,
    updatedAt: string,
    originDeviceId: string | null,
  ): Promise<number> {
    await tx.lock('enquiry', enquiryId);
    const merged = (await tx.query<{ id: string }>('SELECT id FROM enquiries WHERE merged_into = $1', [enquiryId])).rows.map((row) => row.id);
    await tx.lockAll('enquiry', merged);
    const { rows } = await tx.query<EnquiryRow>(
      `SELECT * FROM enquiries WHERE id = $1 OR merged_into = $1
       ORDER BY (id = $1) DESC, created_at, id`,
      [enquiryId],
    );
    const row = rows[0];
    if (!row || row.id !== enquiryId) return 0;
    if (outcome === undefined) outcome = row.outcome;
    let changed = 0;
    for (const target of rows) {
      await tx.query("UPDATE enquiries SET status = $1, outcome = $2, status_owner = 'hub', updated_at = $3 WHERE id = $4", [
        status,
        outcome,
        updatedAt,
        target.id,
      ]);
      if (target.status === status && target.outcome === outcome) continue;
      tx.pending.push(statusChange(heldEnquiry(target), { status, outcome, mergedInto: target.merged_into }, target.version, updatedAt, originDeviceId));
      changed++;
    }
    return changed;
  }

  async pull(device: HubDevice, afterSeq: number, limit: number): Promise<PullResponse> {
    // One statement, so one snapshot: the page and the log's last seq are read at the same moment.
    const { rows } = await this.pool.query<{ horizon: number; page: { seq: number; entity: PullEntity; id: string; version: number; data: string }[] }>(
      `WITH page AS (
         SELECT seq, entity, entity_id AS id, version, data FROM pull_changes
         WHERE seq > $1 AND (unit_id = $2 OR unit_id IS NULL)
           AND (origin_device_id IS NULL OR origin_device_id <> $3)
         ORDER BY seq LIMIT $4
       )
       SELECT (SELECT coalesce(max(seq), 0) FROM pull_changes) AS horizon,
              (SELECT coalesce(json_agg(page ORDER BY seq), '[]'::json) FROM page) AS page`,
      [afterSeq, device.unitId, device.id, limit + 1],
    );
    const { horizon, page: found } = rows[0]!;
    const more = found.length > limit;
    const page = found.slice(0, limit);
    const changes = page.map((row): PullChange => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }));
    // With nothing more to send, the cursor moves past everything the device was not sent (other
    // units' changes, its own echoes). Safe because seq order is commit order (the pull-log lock):
    // no seq at or below the horizon this snapshot saw can commit later.
    const last = more ? page[page.length - 1]!.seq : Math.max(afterSeq, Number(horizon));
    return { changes, cursor: String(last), more };
  }

  async recordStatus(input: RecordStatusInput): Promise<RecordedStatus> {
    checkRecordStatus(input);
    const at = input.now.toISOString();
    return this.transaction(at, async (tx): Promise<RecordedStatus> => {
      const found = (await tx.query<{ id: string }>('SELECT id FROM enquiries WHERE reference = $1', [input.reference])).rows[0];
      if (!found) throw new HubStoreError('unknown-reference', `No enquiry with reference ${input.reference} has reached the hub.`);
      await tx.lock('enquiry', found.id);
      const row = (await tx.query<EnquiryRow>('SELECT * FROM enquiries WHERE id = $1', [found.id])).rows[0]!;
      const outcome = recordedOutcome(input, row.outcome);
      // Enquiries merged into this one follow it, as they do on the kiosk.
      const changed = await this.setHubStatus(tx, row.id, input.status, outcome, at, null);
      await tx.flush();
      return { id: row.id, reference: row.reference, unitId: row.unit_id, status: input.status, outcome, changed };
    });
  }

  async appendChange(change: AppendChangeInput): Promise<{ seq: number; version: number }> {
    checkAppendChange(change, this.units);
    return this.transaction(change.now.toISOString(), async (tx) => {
      // Two appends of the same entity at once must not both take the next version.
      await tx.lock('change', `${change.entity}:${change.id}`);
      const { rows } = await tx.query<{ version: number | null }>(
        `SELECT max(version) AS version FROM pull_changes
         WHERE entity = $1 AND entity_id = $2 AND unit_id IS NOT DISTINCT FROM $3`,
        [change.entity, change.id, change.unitId],
      );
      const version = change.version ?? (rows[0]?.version ?? 0) + 1;
      tx.pending.push({ unitId: change.unitId, entity: change.entity, id: change.id, version, data: change.data, originDeviceId: null });
      const [seq] = await tx.flush();
      return { seq: seq!, version };
    });
  }

  async saveMeeting(input: SaveMeetingInput): Promise<SavedMeeting> {
    const units = forumUnits(this.units, input.forumId);
    const at = input.now.toISOString();
    return this.transaction(at, async (tx): Promise<SavedMeeting> => {
      if (input.id !== undefined) await tx.lock('meeting', input.id);
      const held = input.id === undefined ? undefined : (await tx.query<MeetingRow>('SELECT * FROM meetings WHERE id = $1', [input.id])).rows[0];
      const { id, version, data } = meetingToSave(input, held && { ...held, forumId: held.forum_id }, at);
      await this.storeMeeting(tx, id, data, version, null, data);
      tx.pending.push(...meetingChanges(units, id, data, version, null));
      const seqs = await tx.flush();
      const row = (await tx.query<MeetingRow>('SELECT * FROM meetings WHERE id = $1', [id])).rows[0]!;
      return {
        ...meetingView(row),
        forumName: units[0]!.forum.name,
        data,
        units: units.map((unit, index) => ({ unitId: unit.id, seq: seqs[index]!, version })),
      };
    });
  }

  async listMeetings(forumId: string): Promise<readonly HubMeeting[]> {
    const { rows } = await this.pool.query<MeetingRow>('SELECT * FROM meetings WHERE forum_id = $1 ORDER BY date, id', [forumId]);
    return rows.map(meetingView);
  }

  async findSubject(forumId: string, query: SubjectQuery): Promise<HubSubjectEnquiry[]> {
    const { rows } = await this.pool.query<SubjectRow>(`${SUBJECT_ROWS_SQL}$1`, [forumId]);
    return matchSubjectRows(rows, query);
  }

  async listForumIssues(query: ForumIssuesQuery): Promise<readonly ForumIssue[]> {
    const [from, to] = [query.from, query.to].map((text) => {
      const instant = instantOf(text);
      if (instant === null) throw new HubStoreError('invalid', `"${text}" is not an ISO 8601 date and time.`);
      return instant;
    });
    const client = await this.pool.connect();
    try {
      // One snapshot for the issues and the items holding them.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const links = await client.query<IssueAgendaRow>(
        `SELECT l.enquiry_id, ai.id AS item_id, ai.meeting_id, m.date AS meeting_date, ai.position, ai.restricted, ai.updated_at
         FROM agenda_item_enquiries l
         JOIN agenda_items ai ON ai.id = l.agenda_item_id
         LEFT JOIN meetings m ON m.id = ai.meeting_id
         WHERE l.enquiry_id IN (SELECT id FROM enquiries WHERE forum_id = $1 AND created_at >= $2 AND created_at < $3)`,
        [query.forumId, from, to],
      );
      const issues = await client.query<EnquiryRow & { merged_into_reference: string | null }>(
        `SELECT e.*, parent.reference AS merged_into_reference FROM enquiries e
         LEFT JOIN enquiries parent ON parent.id = e.merged_into
         WHERE e.forum_id = $1 AND e.created_at >= $2 AND e.created_at < $3 ORDER BY e.created_at, e.id`,
        [query.forumId, from, to],
      );
      await client.query('COMMIT');
      return forumIssues(issues.rows, links.rows);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async countRequest(key: string, windowMs: number): Promise<RequestCount> {
    const { rows } = await this.pool.query<{ count: number; reset_in: number }>(
      `WITH now AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms)
       INSERT INTO rate_limits AS r (key, window_start, count)
       SELECT $1, ms, 1 FROM now
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN r.window_start + $2 <= excluded.window_start THEN 1 ELSE r.count + 1 END,
         window_start = CASE WHEN r.window_start + $2 <= excluded.window_start THEN excluded.window_start ELSE r.window_start END
       RETURNING count, window_start + $2 - (SELECT ms FROM now) AS reset_in`,
      [key, windowMs],
    );
    const now = Date.now();
    if (now - this.lastSweep > RATE_LIMIT_SWEEP_MS) {
      // Windows long over (devices gone quiet, addresses seen once) are swept now and then, by whichever process counts.
      this.lastSweep = now;
      await this.pool.query('DELETE FROM rate_limits WHERE window_start < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - $1', [
        windowMs + RATE_LIMIT_SWEEP_MS,
      ]);
    }
    const row = rows[0]!;
    return { count: row.count, resetInMs: Math.max(0, Number(row.reset_in)) };
  }

  applyRetention(input: HubRetentionInput): Promise<RetentionRunReport> {
    return postgresRetention(this.pool, input);
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  /**
   * Runs `work` in a READ COMMITTED transaction and commits it; a deadlock or serialisation
   * failure (nothing committed) is tried again after a short random pause.
   */
  private async transaction<T>(at: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(new Tx(client, at));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: unknown) => {
          broken = rollback instanceof Error ? rollback : new Error(String(rollback));
        });
        if (!RETRYABLE.has(sqlState(error) ?? '') || attempt >= MAX_ATTEMPTS) throw error;
      } finally {
        client.release(broken);
      }
      await sleep(Math.random() * 10 * attempt);
    }
  }
}
