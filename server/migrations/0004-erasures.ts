import type { Migration } from '../../db/migrations/types';

/**
 * Erasure (issue 9; README, "Erasure"): an administrator on a kiosk erases one person's enquiries
 * (UK GDPR art. 17) and the kiosk pushes it as an `erasure`.
 * - `pull_changes` again, its entity also allowing `erasure` (the erasure passed on to the forum's
 *   other kiosks). A CHECK cannot be altered in SQLite, so the table is rebuilt as 0002 did, with its
 *   rows, sequence numbers and AUTOINCREMENT counter: the kiosks' cursors count on them.
 * - `record_versions` again, its entity also allowing `erasure`: a resent erasure is `duplicate`,
 *   another claiming its version `stale`, as for meetings and agenda items.
 * - `erasures`: every accepted version of an erasure, its data as received (ids, references, the
 *   reason, when and by whom; no personal data), the record that it was done.
 * - `erased_enquiries`: every enquiry id an erasure named, held or not yet, so a push of it that
 *   arrives later (a kiosk that had not heard, one restored from an old backup) is stored anonymised.
 *   No foreign key to `erasures`: its key is (id, version), and an erased id outlives any version.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'erasures',
  up(db) {
    const counter = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'pull_changes'").get() as { seq: number } | undefined;
    db.exec(`
      CREATE TABLE pull_changes_v3 (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        unit_id TEXT,
        entity TEXT NOT NULL CHECK (entity IN ('enquiry-status', 'enquiry', 'directory', 'meeting', 'erasure')),
        entity_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        data TEXT NOT NULL CHECK (json_valid(data)),
        -- The device whose push caused the change: it has it already, so it is not sent back.
        origin_device_id TEXT REFERENCES devices (id),
        created_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO pull_changes_v3 (seq, unit_id, entity, entity_id, version, data, origin_device_id, created_at)
        SELECT seq, unit_id, entity, entity_id, version, data, origin_device_id, created_at FROM pull_changes;
      DROP TABLE pull_changes;
      ALTER TABLE pull_changes_v3 RENAME TO pull_changes;
      CREATE INDEX pull_changes_unit ON pull_changes (unit_id, seq);
      CREATE INDEX pull_changes_entity ON pull_changes (entity, entity_id, version);

      CREATE TABLE record_versions_v2 (
        entity TEXT NOT NULL CHECK (entity IN ('meeting', 'agenda-item', 'erasure')),
        record_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        -- SHA-256 of the data as accepted: the same again is a resend, anything else a conflict.
        data_hash TEXT NOT NULL,
        device_id TEXT REFERENCES devices (id),
        received_at TEXT NOT NULL,
        PRIMARY KEY (entity, record_id, version)
      ) STRICT;
      INSERT INTO record_versions_v2 (entity, record_id, version, data_hash, device_id, received_at)
        SELECT entity, record_id, version, data_hash, device_id, received_at FROM record_versions;
      DROP TABLE record_versions;
      ALTER TABLE record_versions_v2 RENAME TO record_versions;

      CREATE TABLE erasures (
        id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        forum_id TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        device_id TEXT NOT NULL REFERENCES devices (id),
        -- The erasure's data as received: ids, references, reason, when, by whom.
        data TEXT NOT NULL CHECK (json_valid(data)),
        received_at TEXT NOT NULL,
        PRIMARY KEY (id, version)
      ) STRICT;

      CREATE TABLE erased_enquiries (
        enquiry_id TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        -- The first erasure that named it.
        erasure_id TEXT NOT NULL
      ) STRICT;
    `);
    // The counter goes on from where it was, even past rows that might have been deleted.
    if (counter) {
      db.prepare("DELETE FROM sqlite_sequence WHERE name = 'pull_changes'").run();
      db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('pull_changes', ?)").run(counter.seq);
    }
  },
};
