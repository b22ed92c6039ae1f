import type { Migration } from '../../db/migrations/types';

/**
 * Retention on the hub (issue 9; README, "Retention"):
 * - `enquiries.contact_checked_version` and `anonymised_version`: the enquiry version whose data the
 *   job last cleared of contact details, or anonymised. A newer version pushed since (a kiosk with a
 *   longer period, a reopening) makes it due again; versions, not clocks, so kiosks' clocks do not matter.
 * - `retention_log`: one row per kind per batch (and one with `removed = 0` per kind when a run found
 *   nothing), with the references it changed; never the removed data.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'retention',
  up(db) {
    db.exec(`
      ALTER TABLE enquiries ADD COLUMN contact_checked_version INTEGER;
      ALTER TABLE enquiries ADD COLUMN anonymised_version INTEGER;
      CREATE TABLE retention_log (
        id INTEGER PRIMARY KEY,
        run_at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('contact', 'enquiry')),
        removed INTEGER NOT NULL CHECK (removed >= 0),
        cutoff TEXT NOT NULL,
        refs TEXT NOT NULL
      ) STRICT;
    `);
  },
};
