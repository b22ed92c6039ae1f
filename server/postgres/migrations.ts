import type { Pool } from 'pg';
import { DatabaseTooNewError } from '../../db/migrate';

/**
 * The hub's PostgreSQL schema, in numbered migrations of its own (the SQLite store's history does
 * not apply: a PostgreSQL hub starts at the schema SQLite reached with its 0002). Shipped ones are
 * never edited: add a new one.
 *
 * The tables and columns are the SQLite store's, so both read the same way: ids and times as text
 * (times ISO 8601 in UTC, compared as text), `data` as the JSON text a kiosk sent (text, not jsonb:
 * kept exactly, and a `\u0000` escape in a resident's words stays storable), versions as bigint
 * (the contract allows any safe integer).
 */
export interface PostgresMigration {
  /** Equals its position in the list, starting at 1; recorded in `schema_migrations`. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const schema: PostgresMigration = {
  version: 1,
  name: 'devices, enquiries, versions, pull changes, meetings, agenda items, rate limits',
  sql: `
    CREATE TABLE devices (
      id text PRIMARY KEY,
      unit_id text NOT NULL,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at text NOT NULL,
      revoked_at text,
      last_push_at text
    );

    CREATE TABLE enquiries (
      id text PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      unit_id text NOT NULL,
      forum_id text NOT NULL,
      topic text NOT NULL,
      topic_group text NOT NULL,
      status text NOT NULL,
      outcome text,
      merged_into text,
      -- 'kiosk' until the hub records a status; then the hub keeps status and outcome.
      status_owner text NOT NULL CHECK (status_owner IN ('kiosk', 'hub')),
      version bigint NOT NULL CHECK (version >= 1),
      data text NOT NULL,
      created_at text NOT NULL,
      updated_at text NOT NULL,
      device_id text NOT NULL REFERENCES devices (id),
      received_at text NOT NULL
    );
    CREATE INDEX enquiries_forum_created ON enquiries (forum_id, created_at, id);
    CREATE INDEX enquiries_merged_into ON enquiries (merged_into) WHERE merged_into IS NOT NULL;

    -- Every enquiry version ever accepted: the permanent key that makes a late resend 'duplicate'.
    CREATE TABLE enquiry_versions (
      enquiry_id text NOT NULL REFERENCES enquiries (id),
      version bigint NOT NULL,
      device_id text NOT NULL REFERENCES devices (id),
      received_at text NOT NULL,
      PRIMARY KEY (enquiry_id, version)
    );

    -- The pull log. seq is handed out only while the pull-log lock is held (see store.ts), so seq
    -- order is commit order. CACHE 1: a process caching numbers would hand them out out of order.
    CREATE TABLE pull_changes (
      seq bigint GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY,
      unit_id text,
      entity text NOT NULL CHECK (entity IN ('enquiry-status', 'enquiry', 'directory', 'meeting')),
      entity_id text NOT NULL,
      version bigint NOT NULL CHECK (version >= 1),
      data text NOT NULL,
      -- The device whose push caused the change: it has it already, so it is not sent back.
      origin_device_id text REFERENCES devices (id),
      created_at text NOT NULL
    );
    CREATE INDEX pull_changes_unit ON pull_changes (unit_id, seq);
    CREATE INDEX pull_changes_entity ON pull_changes (entity, entity_id, version);

    CREATE TABLE meetings (
      id text PRIMARY KEY,
      forum_id text NOT NULL,
      date text NOT NULL,
      starts_at text,
      place text,
      cancelled boolean NOT NULL,
      version bigint NOT NULL CHECK (version >= 1),
      data text NOT NULL,
      updated_at text NOT NULL,
      -- The device that pushed the current version; null when it was set with the CLI.
      device_id text REFERENCES devices (id),
      received_at text NOT NULL
    );
    CREATE INDEX meetings_forum_date ON meetings (forum_id, date, id);

    CREATE TABLE agenda_items (
      id text PRIMARY KEY,
      forum_id text NOT NULL,
      -- No foreign key: an item may reach the hub before its meeting if the meeting's push failed.
      meeting_id text NOT NULL,
      position integer NOT NULL,
      restricted boolean NOT NULL,
      removed boolean NOT NULL,
      decision text,
      version bigint NOT NULL CHECK (version >= 1),
      data text NOT NULL,
      device_id text NOT NULL REFERENCES devices (id),
      updated_at text NOT NULL,
      received_at text NOT NULL
    );
    CREATE INDEX agenda_items_forum ON agenda_items (forum_id, meeting_id, position);

    CREATE TABLE agenda_item_enquiries (
      agenda_item_id text NOT NULL REFERENCES agenda_items (id),
      enquiry_id text NOT NULL REFERENCES enquiries (id),
      PRIMARY KEY (agenda_item_id, enquiry_id)
    );
    CREATE INDEX agenda_item_enquiries_enquiry ON agenda_item_enquiries (enquiry_id);

    CREATE TABLE record_versions (
      entity text NOT NULL CHECK (entity IN ('meeting', 'agenda-item')),
      record_id text NOT NULL,
      version bigint NOT NULL CHECK (version >= 1),
      -- SHA-256 of the data as accepted: the same again is a resend, anything else a conflict.
      data_hash text NOT NULL,
      device_id text REFERENCES devices (id),
      received_at text NOT NULL,
      PRIMARY KEY (entity, record_id, version)
    );

    -- Requests per device (or address) in the current fixed window, shared by every hub process.
    CREATE TABLE rate_limits (
      key text PRIMARY KEY,
      -- Milliseconds since 1970 on the database's clock, so processes with skewed clocks agree.
      window_start bigint NOT NULL,
      count integer NOT NULL
    );
  `,
};

/** Retention (README, "Retention"): as the SQLite store's 0003. */
const retention: PostgresMigration = {
  version: 2,
  name: 'retention',
  sql: `
    ALTER TABLE enquiries ADD COLUMN contact_checked_version bigint;
    ALTER TABLE enquiries ADD COLUMN anonymised_version bigint;
    CREATE TABLE retention_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      run_at text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('contact', 'enquiry')),
      removed integer NOT NULL CHECK (removed >= 0),
      cutoff text NOT NULL,
      refs text NOT NULL
    );
  `,
};

/** Erasure (README, "Erasure"): as the SQLite store's 0004; the entity checks take `erasure`. */
const erasures: PostgresMigration = {
  version: 3,
  name: 'erasures',
  sql: `
    ALTER TABLE pull_changes DROP CONSTRAINT pull_changes_entity_check,
      ADD CONSTRAINT pull_changes_entity_check CHECK (entity IN ('enquiry-status', 'enquiry', 'directory', 'meeting', 'erasure'));
    ALTER TABLE record_versions DROP CONSTRAINT record_versions_entity_check,
      ADD CONSTRAINT record_versions_entity_check CHECK (entity IN ('meeting', 'agenda-item', 'erasure'));

    -- Every accepted version of an erasure, its data as received (no personal data): the record that it was done.
    CREATE TABLE erasures (
      id text NOT NULL,
      version bigint NOT NULL CHECK (version >= 1),
      forum_id text NOT NULL,
      unit_id text NOT NULL,
      device_id text NOT NULL REFERENCES devices (id),
      data text NOT NULL,
      received_at text NOT NULL,
      PRIMARY KEY (id, version)
    );

    -- Every enquiry id an erasure named, held or not yet: a later push of it is stored anonymised.
    CREATE TABLE erased_enquiries (
      enquiry_id text PRIMARY KEY,
      reference text NOT NULL,
      -- The first erasure that named it.
      erasure_id text NOT NULL
    );
  `,
};

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [schema, retention, erasures];

/** Session-level advisory lock key: one hub process migrates at a time; the others wait, then find nothing to do. */
const MIGRATION_LOCK = 7_100_000_001;

/**
 * Brings the database up to the newest schema, one transaction per migration (DDL is transactional
 * in PostgreSQL: a failed migration leaves the previous version whole). A database a newer hub has
 * migrated is refused untouched (`DatabaseTooNewError`). Returns the schema version.
 */
export async function migratePostgres(pool: Pool, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<number> {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) throw new Error(`Migration list out of order at ${m.name}`);
  });
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
      const current = rows[0]?.version ?? 0;
      if (current > migrations.length) throw new DatabaseTooNewError(current, migrations.length, 'database');
      for (const migration of migrations.slice(current)) {
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      return migrations.length;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
