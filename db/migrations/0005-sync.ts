import type { Migration } from './types';

/**
 * What the kiosk keeps of its conversation with the hub:
 * - `sync_state`: one row with the pull cursor (and the hub it belongs to), the last success, the
 *   last attempt and the last error, so staff see them after a restart and no pulled change is
 *   applied twice or skipped;
 * - `meetings`: forum meeting dates the hub sends (the chairs' agenda work reads them);
 * - `directory_updates`: the latest directory update the hub sent under each id, and what became of it;
 * - `enquiry_events` again, its action also allowing `hub-status` (a status and outcome the hub
 *   set). A CHECK cannot be altered in SQLite, so the table is rebuilt with its rows and ids.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'sync state, meetings, directory updates, hub status events',
  up(db) {
    db.exec(`
      CREATE TABLE enquiry_events_v5 (
        id INTEGER PRIMARY KEY,
        enquiry_id TEXT NOT NULL REFERENCES enquiries (id),
        version INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('created', 'status', 'routed', 'merged', 'merged-in', 'hub-status')),
        from_status TEXT,
        to_status TEXT,
        detail TEXT,
        actor_id TEXT,
        actor_name TEXT,
        at TEXT NOT NULL
      ) STRICT;
      INSERT INTO enquiry_events_v5 (id, enquiry_id, version, action, from_status, to_status, detail, actor_id, actor_name, at)
        SELECT id, enquiry_id, version, action, from_status, to_status, detail, actor_id, actor_name, at FROM enquiry_events;
      DROP TABLE enquiry_events;
      ALTER TABLE enquiry_events_v5 RENAME TO enquiry_events;
      CREATE INDEX enquiry_events_by_enquiry ON enquiry_events (enquiry_id, id);

      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- The hub sequence applied last, and the hub address it counts on: another hub starts from the beginning.
        pull_cursor TEXT NOT NULL DEFAULT '',
        pull_hub_url TEXT NOT NULL DEFAULT '',
        last_success_at TEXT,
        last_attempt_at TEXT,
        last_error_code TEXT,
        last_error_message TEXT
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);

      -- Rejected changes are listed for staff by when they were refused.
      CREATE INDEX outbox_rejected ON outbox (rejected_at) WHERE rejected_at IS NOT NULL;

      CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        forum_id TEXT NOT NULL,
        date TEXT NOT NULL,
        starts_at TEXT,
        place TEXT,
        cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
        version INTEGER NOT NULL,
        -- Everything the hub sent, fields this kiosk does not model included.
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX meetings_by_forum ON meetings (forum_id, date);

      CREATE TABLE directory_updates (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        received_at TEXT NOT NULL,
        -- imported: ORUK services written to the directory; kept: stored only (not ORUK, or refused by the import).
        outcome TEXT NOT NULL CHECK (outcome IN ('imported', 'kept')),
        detail TEXT
      ) STRICT;
    `);
  },
};
