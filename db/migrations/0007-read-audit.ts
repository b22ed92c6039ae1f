import type { Migration } from './types';

/**
 * `read_audit`: who opened residents' personal data on this kiosk, and when (UK GDPR: an audit
 * trail of who saw what). One row per answer that carried it: which staff account (its id, and the
 * username and role it had then, so a row still reads after the account changes), which channel,
 * and which enquiry (or, for a list, how many and their references). Never the personal data
 * itself, nor what was searched for: a search may be a resident's name.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'audit of reads',
  up(db) {
    db.exec(`
      CREATE TABLE read_audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        username TEXT NOT NULL,
        role TEXT NOT NULL,
        channel TEXT NOT NULL,
        enquiry_id TEXT,
        reference TEXT,
        enquiries INTEGER NOT NULL CHECK (enquiries >= 0),
        detail TEXT
      ) STRICT;
      -- The export reads a period, oldest first.
      CREATE INDEX read_audit_by_time ON read_audit (at, id);
    `);
  },
};
