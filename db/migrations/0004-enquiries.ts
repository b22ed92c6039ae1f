import type { Migration } from './types';

const STATUSES = `('new', 'resolved-at-desk', 'referred', 'for-forum', 'on-agenda', 'outcome-recorded', 'closed')`;

/**
 * Enquiries, their audit trail, the per-device reference counter and the transactional outbox.
 * Contact details sit in their own columns so retention can clear them without touching the rest.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'enquiries, audit and outbox',
  up(db) {
    db.exec(`
      CREATE TABLE enquiries (
        id TEXT PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        unit_id TEXT NOT NULL REFERENCES units (id),
        forum_id TEXT NOT NULL REFERENCES forums (id),
        device_code TEXT NOT NULL,
        topic_id TEXT NOT NULL,
        body TEXT NOT NULL,
        summary TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL,
        street_key TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('kiosk', 'desk', 'phone')),
        status TEXT NOT NULL CHECK (status IN ${STATUSES}),
        outcome TEXT,
        merged_into TEXT REFERENCES enquiries (id),
        language TEXT,
        contact_name TEXT,
        contact_phone TEXT,
        contact_email TEXT,
        contact_purpose TEXT,
        contact_consent_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1)
      ) STRICT;

      -- The staff list pages newest first; each index ends in (created_at DESC, id), the list's
      -- order, so a page deep in the list is read from the index instead of sorted.
      CREATE INDEX enquiries_by_created ON enquiries (created_at DESC, id);
      CREATE INDEX enquiries_by_status ON enquiries (status, created_at DESC, id);
      CREATE INDEX enquiries_by_topic ON enquiries (topic_id, created_at DESC, id);
      CREATE INDEX enquiries_by_body ON enquiries (body, created_at DESC, id);
      CREATE INDEX enquiries_by_unit ON enquiries (unit_id, created_at DESC, id);
      -- Staff filter by status with a body or a topic most; statistics alone cannot tell the planner
      -- that one status is rare, so these pairs have their own indexes (tests/bench/enquiries.ts).
      CREATE INDEX enquiries_by_status_body ON enquiries (status, body, created_at DESC, id);
      CREATE INDEX enquiries_by_status_topic ON enquiries (status, topic_id, created_at DESC, id);
      CREATE INDEX enquiries_by_street ON enquiries (topic_id, street_key, created_at);
      CREATE INDEX enquiries_by_merge ON enquiries (merged_into) WHERE merged_into IS NOT NULL;

      CREATE TABLE enquiry_events (
        id INTEGER PRIMARY KEY,
        enquiry_id TEXT NOT NULL REFERENCES enquiries (id),
        version INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('created', 'status', 'routed', 'merged', 'merged-in')),
        from_status TEXT,
        to_status TEXT,
        detail TEXT,
        actor_id TEXT,
        actor_name TEXT,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX enquiry_events_by_enquiry ON enquiry_events (enquiry_id, id);

      CREATE TABLE reference_counters (
        unit_code TEXT NOT NULL,
        device_code TEXT NOT NULL,
        last_sequence INTEGER NOT NULL,
        PRIMARY KEY (unit_code, device_code)
      ) STRICT;

      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        rejected_at TEXT,
        UNIQUE (entity, entity_id, version)
      ) STRICT;

      -- Staff full-text search; kept in step with the table by triggers.
      CREATE VIRTUAL TABLE enquiry_search USING fts5 (
        reference, summary, location, details,
        content = 'enquiries', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );
      CREATE TRIGGER enquiries_search_insert AFTER INSERT ON enquiries BEGIN
        INSERT INTO enquiry_search (rowid, reference, summary, location, details)
        VALUES (new.rowid, new.reference, new.summary, new.location, new.details);
      END;
      CREATE TRIGGER enquiries_search_update AFTER UPDATE OF reference, summary, location, details ON enquiries BEGIN
        INSERT INTO enquiry_search (enquiry_search, rowid, reference, summary, location, details)
        VALUES ('delete', old.rowid, old.reference, old.summary, old.location, old.details);
        INSERT INTO enquiry_search (rowid, reference, summary, location, details)
        VALUES (new.rowid, new.reference, new.summary, new.location, new.details);
      END;
      CREATE TRIGGER enquiries_search_delete AFTER DELETE ON enquiries BEGIN
        INSERT INTO enquiry_search (enquiry_search, rowid, reference, summary, location, details)
        VALUES ('delete', old.rowid, old.reference, old.summary, old.location, old.details);
      END;
    `);
  },
};
