import type { RejectedChange } from '../shared/sync/status';
import type { Database } from './driver';
import { prepared } from './statements';

/**
 * The outbox as the sync engine reads it (rows are written by the repositories, in the same
 * transaction as the change they carry: see enquiries.ts). Rows leave only when the hub has them.
 */

/** One change waiting for the hub. */
export interface OutboxRow {
  readonly seq: number;
  readonly entity: string;
  readonly entityId: string;
  readonly version: number;
  /** The change's data as JSON text, exactly as stored. */
  readonly payload: string;
}

export interface BatchBounds {
  /** Only rows after this sequence number: a pass walks the outbox forward once. */
  readonly afterSeq: number;
  readonly maxCount: number;
  /** Payload bytes (UTF-8) in one batch; the first row is always taken, however large. */
  readonly maxBytes: number;
}

/** The oldest changes not refused, after `afterSeq`, as many as fit both bounds. */
export function readOutboxBatch(db: Database, bounds: BatchBounds): OutboxRow[] {
  const rows: OutboxRow[] = [];
  let bytes = 0;
  const statement = prepared(
    db,
    `SELECT seq, entity, entity_id AS entityId, version, payload FROM outbox
     WHERE rejected_at IS NULL AND seq > ? ORDER BY seq LIMIT ?`,
  );
  for (const row of statement.iterate(bounds.afterSeq, bounds.maxCount) as Iterable<OutboxRow>) {
    const size = Buffer.byteLength(row.payload);
    if (rows.length > 0 && bytes + size > bounds.maxBytes) break;
    bytes += size;
    rows.push(row);
  }
  return rows;
}

/** What became of each row of a batch. */
export interface PushSettlement {
  /** The hub has these (applied, duplicate or stale): they leave the outbox. */
  readonly done: readonly number[];
  /** Refused, with the hub's reason: kept, never sent again by itself. */
  readonly rejected: readonly { readonly seq: number; readonly reason: string }[];
  /** No answer for these (or the request failed): kept for the next try, with why. */
  readonly failed: readonly number[];
  readonly failure?: string;
}

/** Records a batch's answer in one transaction: one disk sync per batch, not per row. */
export function settlePush(db: Database, settlement: PushSettlement, at: string): void {
  db.transaction(() => {
    const remove = prepared(db, 'DELETE FROM outbox WHERE seq = ?');
    for (const seq of settlement.done) remove.run(seq);
    const reject = prepared(db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ?, rejected_at = ? WHERE seq = ?');
    for (const { seq, reason } of settlement.rejected) reject.run(reason, at, seq);
    const failed = prepared(db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?');
    for (const seq of settlement.failed) failed.run(settlement.failure ?? null, seq);
  }).immediate();
}

/** Refused changes, most recently refused first. */
export function listRejected(db: Database, limit: number): RejectedChange[] {
  return prepared(
    db,
    `SELECT seq, entity, entity_id AS entityId, version, json_extract(payload, '$.reference') AS reference,
       coalesce(last_error, '') AS reason, rejected_at AS rejectedAt
     FROM outbox WHERE rejected_at IS NOT NULL ORDER BY rejected_at DESC, seq DESC LIMIT ?`,
  )
    .all(limit)
    .map((row) => {
      const r = row as RejectedChange & { reference: unknown };
      return { ...r, reference: typeof r.reference === 'string' ? r.reference : null };
    });
}

/**
 * Puts a refused change back in line (staff fixed what the hub objected to, or the hub was fixed).
 * False when there is no such refused change.
 */
export function retryRejected(db: Database, seq: number): boolean {
  return prepared(db, 'UPDATE outbox SET rejected_at = NULL, last_error = NULL WHERE seq = ? AND rejected_at IS NOT NULL').run(seq).changes === 1;
}
