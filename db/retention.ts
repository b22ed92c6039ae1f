import type { Database } from './driver';
import { prepared } from './statements';
import {
  ANONYMISED,
  FINAL_STATUSES,
  RETENTION_KINDS,
  type RetentionCutoffs,
  type RetentionKind,
  type RetentionRunReport,
} from '../shared/enquiries/retention';

/** Rows changed per transaction: a kiosk in use is never held up long by a run with years of backlog. */
export const RETENTION_BATCH = 500;

const FINAL = FINAL_STATUSES.map((status) => `'${status}'`).join(', ');
const HAS_CONTACT = `(contact_name IS NOT NULL OR contact_phone IS NOT NULL OR contact_email IS NOT NULL
  OR contact_purpose IS NOT NULL OR contact_consent_at IS NOT NULL OR contact_wording IS NOT NULL)`;

/**
 * What is due, kind by kind, as SQL over `enquiries` (or `read_audit`) with `@cutoff`. Each matches
 * only rows that still hold what the kind removes, so a second run finds nothing, and a copy pulled
 * again from the hub with its text is anonymised again.
 */
const DUE: Record<RetentionKind, string> = {
  contact: `SELECT id, reference AS ref FROM enquiries
    WHERE status IN (${FINAL}) AND updated_at < @cutoff AND ${HAS_CONTACT}
    ORDER BY updated_at, id LIMIT @limit`,
  enquiry: `SELECT id, reference AS ref FROM enquiries e
    WHERE created_at < @cutoff AND (summary <> '${ANONYMISED}' OR location <> '${ANONYMISED}' OR details <> ''
      OR street_key <> '' OR language IS NOT NULL OR ${HAS_CONTACT}
      OR EXISTS (SELECT 1 FROM enquiry_events v WHERE v.enquiry_id = e.id AND v.action = 'status' AND v.detail IS NOT NULL AND v.detail <> '${ANONYMISED}')
      OR EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'enquiry' AND o.entity_id = e.id
        AND (json_extract(o.payload, '$.summary') <> '${ANONYMISED}' OR json_extract(o.payload, '$.contact') IS NOT NULL)))
    ORDER BY created_at, id LIMIT @limit`,
  'read-audit': `SELECT id, CAST(id AS TEXT) AS ref FROM read_audit WHERE at < @cutoff ORDER BY id LIMIT @limit`,
};

const CUTOFF_OF: Record<RetentionKind, keyof RetentionCutoffs> = { contact: 'contact', enquiry: 'enquiry', 'read-audit': 'readAudit' };

interface DueRow {
  id: string | number;
  ref: string;
}

function due(db: Database, kind: RetentionKind, cutoff: string, limit: number): DueRow[] {
  return prepared(db, DUE[kind]).all({ cutoff, limit }) as DueRow[];
}

/**
 * What a run at these cutoffs would remove, changing nothing: the plan a dry run prints and the
 * job applies. References for enquiries, row ids for the audit of reads.
 */
export function planRetention(db: Database, cutoffs: RetentionCutoffs): Record<RetentionKind, string[]> {
  const plan = {} as Record<RetentionKind, string[]>;
  for (const kind of RETENTION_KINDS) plan[kind] = due(db, kind, cutoffs[CUTOFF_OF[kind]], -1).map((row) => row.ref);
  return plan;
}

/** Removes one kind's data from the given rows. Runs inside the batch's transaction. */
function remove(db: Database, kind: RetentionKind, ids: readonly (string | number)[]): void {
  for (const id of ids) {
    if (kind === 'read-audit') {
      prepared(db, 'DELETE FROM read_audit WHERE id = ?').run(id);
      continue;
    }
    if (kind === 'contact') {
      prepared(db, `UPDATE enquiries SET contact_name = NULL, contact_phone = NULL, contact_email = NULL, contact_purpose = NULL,
        contact_consent_at = NULL, contact_wording = NULL WHERE id = ?`).run(id);
      // A version still waiting to be pushed (or refused and kept) must not carry the details to the hub afterwards.
      prepared(db, `UPDATE outbox SET payload = json_set(payload, '$.contact', json('null'))
        WHERE entity = 'enquiry' AND entity_id = ? AND json_extract(payload, '$.contact') IS NOT NULL`).run(id);
      continue;
    }
    // Version and updated_at stay: this is not a change to push, the hub anonymises its own copy on its own schedule.
    anonymiseEnquiry(db, id as string);
  }
}

/**
 * An enquiry's free text and contact details replaced, wherever this kiosk holds them: the row (the
 * search index follows through its update trigger), the staff's status notes, and every version
 * still waiting in the outbox (so the words never reach the hub afterwards). Reference, topic, body,
 * status, public outcome and dates stay. Used by retention and by erasure (db/erasure.ts); call
 * inside a transaction. Idempotent.
 */
export function anonymiseEnquiry(db: Database, id: string): void {
  prepared(db, `UPDATE enquiries SET summary = @m, location = @m, details = '', street_key = '', language = NULL,
    contact_name = NULL, contact_phone = NULL, contact_email = NULL, contact_purpose = NULL, contact_consent_at = NULL, contact_wording = NULL
    WHERE id = @id`).run({ id, m: ANONYMISED });
  prepared(db, `UPDATE enquiry_events SET detail = @m WHERE enquiry_id = @id AND action = 'status' AND detail IS NOT NULL`).run({ id, m: ANONYMISED });
  prepared(db, `UPDATE outbox SET payload = json_set(payload, '$.summary', @m, '$.location', @m, '$.details', '',
      '$.language', json('null'), '$.contact', json('null'))
    WHERE entity = 'enquiry' AND entity_id = @id`).run({ id, m: ANONYMISED });
}

/**
 * Applies retention at `at` with these cutoffs: per kind, batches of {@link RETENTION_BATCH}, each
 * found, removed and logged in one transaction (rows changed meanwhile are found again, as they now
 * stand). Every kind gets at least one `retention_log` row, so a run that removed nothing is still
 * known. Returns what was removed.
 */
export function applyRetention(db: Database, cutoffs: RetentionCutoffs, at: string, batch = RETENTION_BATCH): RetentionRunReport {
  const removed: Record<string, { count: number; refs: string[] }> = {};
  const log = prepared(db, 'INSERT INTO retention_log (run_at, kind, removed, cutoff, refs) VALUES (?, ?, ?, ?, ?)');
  for (const kind of RETENTION_KINDS) {
    const cutoff = cutoffs[CUTOFF_OF[kind]];
    const total = { count: 0, refs: [] as string[] };
    for (;;) {
      const rows = db.transaction(() => {
        const found = due(db, kind, cutoff, batch);
        if (found.length === 0 && total.count > 0) return found;
        remove(db, kind, found.map((row) => row.id));
        log.run(at, kind, found.length, cutoff, found.map((row) => row.ref).join(' '));
        return found;
      })();
      total.count += rows.length;
      total.refs.push(...rows.map((row) => row.ref));
      if (rows.length < batch) break;
    }
    removed[kind] = total;
  }
  return { at, dryRun: false, cutoffs, removed };
}

/** The last run: when, and how many of each kind it removed (all its batches together). Null before the first. */
export interface RetentionRunSummary {
  readonly at: string;
  readonly removed: Readonly<Record<RetentionKind, number>>;
}

export function lastRetentionRun(db: Database): RetentionRunSummary | null {
  const last = prepared(db, 'SELECT max(run_at) AS at FROM retention_log').get() as { at: string | null };
  if (last.at === null) return null;
  const rows = prepared(db, 'SELECT kind, sum(removed) AS removed FROM retention_log WHERE run_at = ? GROUP BY kind').all(last.at) as {
    kind: RetentionKind;
    removed: number;
  }[];
  const removed = Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, rows.find((row) => row.kind === kind)?.removed ?? 0])) as Record<RetentionKind, number>;
  return { at: last.at, removed };
}
