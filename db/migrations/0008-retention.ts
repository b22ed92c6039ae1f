import type { Migration } from './types';

/**
 * `retention_log`: what the retention job removed (issue 9; shared/enquiries/retention.ts). One
 * row per kind per batch, and one with `removed = 0` per kind when a run found nothing due, so the
 * last run is known even when it removed nothing. `refs` holds the enquiries' references (or, for
 * the audit of reads, the deleted rows' ids), space-separated; never the removed data itself.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'retention log',
  up(db) {
    db.exec(`
      CREATE TABLE retention_log (
        id INTEGER PRIMARY KEY,
        run_at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('contact', 'enquiry', 'read-audit')),
        removed INTEGER NOT NULL CHECK (removed >= 0),
        cutoff TEXT NOT NULL,
        refs TEXT NOT NULL
      ) STRICT;
      CREATE INDEX retention_log_by_run ON retention_log (run_at, id);
    `);
  },
};
