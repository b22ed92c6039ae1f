import type { Migration } from './types';

/**
 * The forum's work on the kiosk:
 * - `enquiries.origin`: `local` for enquiries raised or logged here, `hub` for copies of the unit's
 *   enquiries raised at its other kiosks (publishable fields only: no details, no contact). A copy
 *   is never pushed back; its content belongs to the kiosk that made it.
 * - `enquiry_events` again, its action also allowing `agenda` (the status an agenda item gave).
 * - `meetings.updated_at`: meetings are now also set here, not only received.
 * - `agenda_items` and `agenda_item_enquiries`: the agenda a chair builds on this kiosk, and which
 *   enquiries each item gathers. Removed items are kept (removed = 1) so the hub hears of it.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'forums: enquiry copies, agenda items, meeting edits',
  up(db) {
    db.exec(`
      ALTER TABLE enquiries ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'hub'));

      CREATE TABLE enquiry_events_v6 (
        id INTEGER PRIMARY KEY,
        enquiry_id TEXT NOT NULL REFERENCES enquiries (id),
        version INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('created', 'status', 'routed', 'merged', 'merged-in', 'hub-status', 'agenda')),
        from_status TEXT,
        to_status TEXT,
        detail TEXT,
        actor_id TEXT,
        actor_name TEXT,
        at TEXT NOT NULL
      ) STRICT;
      INSERT INTO enquiry_events_v6 (id, enquiry_id, version, action, from_status, to_status, detail, actor_id, actor_name, at)
        SELECT id, enquiry_id, version, action, from_status, to_status, detail, actor_id, actor_name, at FROM enquiry_events;
      DROP TABLE enquiry_events;
      ALTER TABLE enquiry_events_v6 RENAME TO enquiry_events;
      CREATE INDEX enquiry_events_by_enquiry ON enquiry_events (enquiry_id, id);

      -- The chair's view reads one forum's enquiries by date.
      CREATE INDEX enquiries_by_forum ON enquiries (forum_id, created_at, id);

      ALTER TABLE meetings ADD COLUMN updated_at TEXT;

      CREATE TABLE agenda_items (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings (id),
        forum_id TEXT NOT NULL,
        position INTEGER NOT NULL CHECK (position >= 1),
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        restricted INTEGER NOT NULL CHECK (restricted IN (0, 1)),
        referral TEXT NOT NULL CHECK (referral IN ('none', 'cat', 'pact', 'body')),
        referral_body TEXT NOT NULL,
        decision TEXT CHECK (decision IN ('referred', 'action-agreed', 'noted', 'closed', 'carried-forward')),
        outcome TEXT,
        minute TEXT,
        removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
        version INTEGER NOT NULL CHECK (version >= 1),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT
      ) STRICT;
      CREATE INDEX agenda_items_by_meeting ON agenda_items (meeting_id, removed, position);

      CREATE TABLE agenda_item_enquiries (
        item_id TEXT NOT NULL REFERENCES agenda_items (id),
        enquiry_id TEXT NOT NULL REFERENCES enquiries (id),
        PRIMARY KEY (item_id, enquiry_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX agenda_item_enquiries_by_enquiry ON agenda_item_enquiries (enquiry_id, item_id);
    `);
  },
};
