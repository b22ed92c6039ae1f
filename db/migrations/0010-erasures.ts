import type { Migration } from './types';

/**
 * Erasure (issue 9, UK GDPR art. 17; db/erasure.ts). `erasures`: one row per erasure, made here by
 * an administrator (`origin = 'here'`, pushed to the hub as an outbox row `erasure`) or pulled from
 * the hub (`'hub'`, made at another kiosk of the forum). It holds what the erasure was and why,
 * never what was erased: the enquiries' ids and references (JSON), the reason, when, and the
 * administrator's username. `erased_enquiries`: every enquiry id ever erased, so a copy of one that
 * arrives later from the hub, or a version still on its way, is erased as it lands.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'erasures',
  up(db) {
    db.exec(`
      CREATE TABLE erasures (
        id TEXT PRIMARY KEY,
        unit_id TEXT NOT NULL,
        enquiries TEXT NOT NULL CHECK (json_valid(enquiries)),
        reason TEXT NOT NULL CHECK (length(reason) > 0),
        erased_at TEXT NOT NULL,
        erased_by TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('here', 'hub')),
        recorded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX erasures_by_time ON erasures (erased_at, id);
      CREATE TABLE erased_enquiries (
        enquiry_id TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        erasure_id TEXT NOT NULL REFERENCES erasures (id)
      ) STRICT;
    `);
  },
};
