import type { Migration } from '../../db/migrations/types';

/**
 * The forums' side of the hub (issue 6, forum chairs):
 * - `pull_changes` again, its entity also allowing `enquiry` (the copies of a unit's enquiries for
 *   its other kiosks). A CHECK cannot be altered in SQLite, so the table is rebuilt with its rows,
 *   its sequence numbers and its AUTOINCREMENT counter: the kiosks' cursors count on them, and a
 *   number handed out twice would let a kiosk skip a change.
 * - `meetings`: forum meeting dates, set on a kiosk or with the CLI, the hub's current version of each;
 * - `agenda_items`: the agenda items chairs built on their kiosks, the forum's record of them, and
 *   `agenda_item_enquiries`, which enquiries each item (not removed) gathers, so the issues
 *   endpoints say which item holds an issue without reading JSON in SQL;
 * - `record_versions`: every accepted `(entity, id, version)` of a meeting or agenda item, with a
 *   hash of its data, kept for good like `enquiry_versions`: a resend weeks later is `duplicate`, a
 *   different change claiming a version already taken is `stale`. Enquiries keep `enquiry_versions`.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'enquiry copies, meetings, agenda items, record versions',
  up(db) {
    const counter = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'pull_changes'").get() as { seq: number } | undefined;
    db.exec(`
      CREATE TABLE pull_changes_v2 (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        unit_id TEXT,
        entity TEXT NOT NULL CHECK (entity IN ('enquiry-status', 'enquiry', 'directory', 'meeting')),
        entity_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        data TEXT NOT NULL CHECK (json_valid(data)),
        -- The device whose push caused the change: it has it already, so it is not sent back.
        origin_device_id TEXT REFERENCES devices (id),
        created_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO pull_changes_v2 (seq, unit_id, entity, entity_id, version, data, origin_device_id, created_at)
        SELECT seq, unit_id, entity, entity_id, version, data, origin_device_id, created_at FROM pull_changes;
      DROP TABLE pull_changes;
      ALTER TABLE pull_changes_v2 RENAME TO pull_changes;
      CREATE INDEX pull_changes_unit ON pull_changes (unit_id, seq);
      CREATE INDEX pull_changes_entity ON pull_changes (entity, entity_id, version);

      CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        forum_id TEXT NOT NULL,
        date TEXT NOT NULL,
        starts_at TEXT,
        place TEXT,
        cancelled INTEGER NOT NULL CHECK (cancelled IN (0, 1)),
        version INTEGER NOT NULL CHECK (version >= 1),
        -- The meeting's data as last accepted, fields this hub does not know included.
        data TEXT NOT NULL CHECK (json_valid(data)),
        updated_at TEXT NOT NULL,
        -- The device that pushed the current version; null when it was set with the CLI.
        device_id TEXT REFERENCES devices (id),
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX meetings_forum_date ON meetings (forum_id, date, id);

      CREATE TABLE agenda_items (
        id TEXT PRIMARY KEY,
        forum_id TEXT NOT NULL,
        -- No foreign key: an item may reach the hub before its meeting if the meeting's push failed.
        meeting_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        restricted INTEGER NOT NULL CHECK (restricted IN (0, 1)),
        removed INTEGER NOT NULL CHECK (removed IN (0, 1)),
        -- What the forum decided; null while the item waits for its meeting.
        decision TEXT,
        version INTEGER NOT NULL CHECK (version >= 1),
        data TEXT NOT NULL CHECK (json_valid(data)),
        device_id TEXT NOT NULL REFERENCES devices (id),
        updated_at TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX agenda_items_forum ON agenda_items (forum_id, meeting_id, position);

      CREATE TABLE agenda_item_enquiries (
        agenda_item_id TEXT NOT NULL REFERENCES agenda_items (id),
        enquiry_id TEXT NOT NULL REFERENCES enquiries (id),
        PRIMARY KEY (agenda_item_id, enquiry_id)
      ) STRICT;
      CREATE INDEX agenda_item_enquiries_enquiry ON agenda_item_enquiries (enquiry_id);

      CREATE TABLE record_versions (
        entity TEXT NOT NULL CHECK (entity IN ('meeting', 'agenda-item')),
        record_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        -- SHA-256 of the data as accepted: the same again is a resend, anything else a conflict.
        data_hash TEXT NOT NULL,
        device_id TEXT REFERENCES devices (id),
        received_at TEXT NOT NULL,
        PRIMARY KEY (entity, record_id, version)
      ) STRICT;
    `);
    // The counter goes on from where it was, even past rows that might have been deleted.
    if (counter) {
      db.prepare("DELETE FROM sqlite_sequence WHERE name = 'pull_changes'").run();
      db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('pull_changes', ?)").run(counter.seq);
    }
  },
};
