import type { ErasureEntry } from '../shared/enquiries/subjectAccess';
import type { ErasureData } from '../shared/sync/protocol';
import type { Database } from './driver';
import { anonymiseEnquiry } from './retention';
import { prepared } from './statements';

/**
 * Erasure on the kiosk (migration 0010; README, "Erasure"). An erasure made here or pulled from the
 * hub is recorded once, and every enquiry it names that this kiosk holds (raised here, or a copy of
 * one raised at another kiosk) has its free text and contact details replaced as retention does
 * (`anonymiseEnquiry`: the row, the status notes, the versions waiting in the outbox). An erasure
 * made here also gets an outbox row `erasure`, written in the same transaction, which carries it to
 * the hub and from there to the forum's other kiosks.
 */

export interface ErasureRecord extends ErasureData {
  /** The erasure's id (a UUID made where it was made). */
  readonly id: string;
  /** `here`: made on this kiosk by an administrator; `hub`: made at another kiosk, pulled from the hub. */
  readonly origin: 'here' | 'hub';
}

/** What recording an erasure did here. */
export interface ErasureApplied {
  /** False when this erasure was recorded before (a page pulled again): nothing was written. */
  readonly recorded: boolean;
  /** The enquiries it names that this kiosk holds, now erased (references). */
  readonly erasedHere: readonly string[];
}

/**
 * Records an erasure and erases what it names, in one transaction (nested in the caller's, such as
 * a pull page's). Recording the same erasure again changes nothing; an enquiry erased before is
 * erased again (harmless), and one this kiosk does not hold is remembered, so a copy of it that
 * arrives later is erased as it lands (`eraseIfErased`).
 */
export function recordErasure(db: Database, erasure: ErasureRecord, at: string): ErasureApplied {
  // Only the id and reference of each, whatever else a pulled erasure's list carried.
  const named = erasure.enquiries.map(({ id, reference }) => ({ id, reference }));
  return db.transaction((): ErasureApplied => {
    const inserted = prepared(
      db,
      `INSERT INTO erasures (id, unit_id, enquiries, reason, erased_at, erased_by, origin, recorded_at)
       VALUES (@id, @unitId, @enquiries, @reason, @erasedAt, @erasedBy, @origin, @at) ON CONFLICT (id) DO NOTHING`,
    ).run({
      id: erasure.id,
      unitId: erasure.unitId,
      enquiries: JSON.stringify(named),
      reason: erasure.reason,
      erasedAt: erasure.erasedAt,
      erasedBy: erasure.erasedBy,
      origin: erasure.origin,
      at,
    });
    if (inserted.changes === 0) return { recorded: false, erasedHere: [] };
    const remember = prepared(db, 'INSERT INTO erased_enquiries (enquiry_id, reference, erasure_id) VALUES (?, ?, ?) ON CONFLICT (enquiry_id) DO NOTHING');
    const held = prepared(db, 'SELECT reference FROM enquiries WHERE id = ?');
    const erasedHere: string[] = [];
    for (const enquiry of named) {
      remember.run(enquiry.id, enquiry.reference, erasure.id);
      const row = held.get(enquiry.id) as { reference: string } | undefined;
      if (!row) continue;
      anonymiseEnquiry(db, enquiry.id);
      erasedHere.push(row.reference);
    }
    if (erasure.origin === 'here') {
      const data: ErasureData = {
        unitId: erasure.unitId,
        enquiries: named,
        reason: erasure.reason,
        erasedAt: erasure.erasedAt,
        erasedBy: erasure.erasedBy,
      };
      prepared(db, "INSERT INTO outbox (entity, entity_id, version, payload, created_at) VALUES ('erasure', ?, 1, ?, ?)").run(erasure.id, JSON.stringify(data), at);
    }
    return { recorded: true, erasedHere };
  })();
}

/** Erases the enquiry again if an erasure named it: for a copy or version that arrived after the erasure. True when it did. */
export function eraseIfErased(db: Database, enquiryId: string): boolean {
  if (!prepared(db, 'SELECT 1 FROM erased_enquiries WHERE enquiry_id = ?').get(enquiryId)) return false;
  anonymiseEnquiry(db, enquiryId);
  return true;
}

/**
 * What is left of erased words after the rows are rewritten, cleared (outside a transaction, after
 * an erasure): the full-text index merged into one segment (FTS5 keeps a deleted row's terms in
 * older segments until a merge), and the WAL checkpointed and truncated (it holds the old pages).
 * With `secure_delete` on (db/driver.ts) the freed space is zeroed as it goes.
 */
export function purgeErasedRemains(db: Database): void {
  prepared(db, "INSERT INTO enquiry_search (enquiry_search) VALUES ('optimize')").run();
  db.pragma('wal_checkpoint(TRUNCATE)');
}

interface ErasureRow {
  id: string;
  enquiries: string;
  reason: string;
  erased_at: string;
  erased_by: string;
  origin: 'here' | 'hub';
  outbox_seq: number | null;
  rejected_at: string | null;
  last_error: string | null;
}

/** The latest erasures, newest first. */
export function listErasures(db: Database, limit: number): ErasureEntry[] {
  const rows = prepared(
    db,
    `SELECT e.id, e.enquiries, e.reason, e.erased_at, e.erased_by, e.origin, o.seq AS outbox_seq, o.rejected_at, o.last_error
     FROM erasures e LEFT JOIN outbox o ON o.entity = 'erasure' AND o.entity_id = e.id
     ORDER BY e.erased_at DESC, e.id LIMIT ?`,
  ).all(limit) as ErasureRow[];
  return rows.map((row) => ({
    id: row.id,
    erasedAt: row.erased_at,
    erasedBy: row.erased_by,
    reason: row.reason,
    references: (JSON.parse(row.enquiries) as { reference: string }[]).map((e) => e.reference),
    origin: row.origin,
    sync: row.origin === 'hub' ? 'received' : row.outbox_seq === null ? 'sent' : row.rejected_at ? 'refused' : 'waiting',
    refusal: row.rejected_at ? row.last_error : null,
  }));
}
