import type { Migration } from '../../db/migrations/types';

/**
 * The hub's first schema: devices (tokens as hashes only), enquiries as the kiosks last sent them,
 * every enquiry version ever accepted (the permanent key that turns a late resend into `duplicate`),
 * and the pull log whose sequence is the kiosks' cursor.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'devices, enquiries, versions and pull changes',
  up(db) {
    db.exec(`
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        unit_id TEXT NOT NULL,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        last_push_at TEXT
      ) STRICT;

      CREATE TABLE enquiries (
        id TEXT PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        unit_id TEXT NOT NULL,
        forum_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        topic_group TEXT NOT NULL,
        status TEXT NOT NULL,
        outcome TEXT,
        merged_into TEXT,
        -- 'kiosk' until the hub records a status; then the hub keeps status and outcome.
        status_owner TEXT NOT NULL CHECK (status_owner IN ('kiosk', 'hub')),
        version INTEGER NOT NULL CHECK (version >= 1),
        data TEXT NOT NULL CHECK (json_valid(data)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        device_id TEXT NOT NULL REFERENCES devices (id),
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX enquiries_forum_created ON enquiries (forum_id, created_at, id);
      CREATE INDEX enquiries_merged_into ON enquiries (merged_into) WHERE merged_into IS NOT NULL;

      CREATE TABLE enquiry_versions (
        enquiry_id TEXT NOT NULL REFERENCES enquiries (id),
        version INTEGER NOT NULL,
        device_id TEXT NOT NULL REFERENCES devices (id),
        received_at TEXT NOT NULL,
        PRIMARY KEY (enquiry_id, version)
      ) STRICT;

      CREATE TABLE pull_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        unit_id TEXT,
        entity TEXT NOT NULL CHECK (entity IN ('enquiry-status', 'directory', 'meeting')),
        entity_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        data TEXT NOT NULL CHECK (json_valid(data)),
        -- The device whose push caused the change: it has it already, so it is not sent back.
        origin_device_id TEXT REFERENCES devices (id),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX pull_changes_unit ON pull_changes (unit_id, seq);
      CREATE INDEX pull_changes_entity ON pull_changes (entity, entity_id, version);
    `);
  },
};
