import { matchSubject, type SubjectMatch, type SubjectQuery } from '../shared/enquiries/subjectAccess';
import type { Database } from './driver';
import { prepared } from './statements';

/** An enquiry held on this kiosk that matched a subject-access search. */
export interface SubjectHit {
  readonly id: string;
  readonly reference: string;
  readonly createdAt: string;
  readonly status: string;
  readonly contactName: string | null;
  /** `local`: raised or logged here; `hub`: a copy of one raised at another kiosk (publishable fields only). */
  readonly origin: 'local' | 'hub';
  readonly matchedOn: readonly SubjectMatch[];
}

interface CandidateRow {
  id: string;
  reference: string;
  created_at: string;
  status: string;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  summary: string;
  location: string;
  details: string;
  outcome: string | null;
  origin: 'local' | 'hub';
}

/**
 * Every enquiry on this kiosk the query finds, newest first. Read row by row through
 * `matchSubject` (shared with the hub, so both find the same person the same way): a name may sit
 * in free text as well as in the contact columns, and no index can answer "sounds like".
 */
export function findSubject(db: Database, query: SubjectQuery): SubjectHit[] {
  const sql =
    query.kind === 'reference'
      ? `SELECT id, reference, created_at, status, contact_name, contact_phone, contact_email, summary, location, details, outcome, origin
         FROM enquiries WHERE reference = @reference`
      : `SELECT id, reference, created_at, status, contact_name, contact_phone, contact_email, summary, location, details, outcome, origin
         FROM enquiries`;
  const hits: SubjectHit[] = [];
  const statement = prepared(db, sql);
  const rows = (query.kind === 'reference' ? statement.iterate({ reference: query.reference }) : statement.iterate()) as Iterable<CandidateRow>;
  for (const row of rows) {
    const matchedOn = matchSubject(query, {
      reference: row.reference,
      contactName: row.contact_name,
      contactPhone: row.contact_phone,
      contactEmail: row.contact_email,
      text: [row.summary, row.location, row.details, row.outcome],
    });
    if (matchedOn.length === 0) continue;
    hits.push({
      id: row.id,
      reference: row.reference,
      createdAt: row.created_at,
      status: row.status,
      contactName: row.contact_name,
      origin: row.origin,
      matchedOn,
    });
  }
  return hits.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id.localeCompare(b.id)));
}

/** Everything this kiosk holds about the enquiries given by reference (a copy of one raised elsewhere too): each row whole, its history, the reads of it, the retention log and the erasures naming it. */
export interface SubjectRecords {
  readonly enquiries: readonly Record<string, unknown>[];
  readonly events: readonly Record<string, unknown>[];
  readonly reads: readonly Record<string, unknown>[];
  readonly retention: readonly Record<string, unknown>[];
  /** Erasures naming one of the enquiries: when, why, made here or at another kiosk, and the references each named. */
  readonly erasures: readonly { readonly at: string; readonly reason: string; readonly origin: string; readonly references: readonly string[] }[];
}

export function subjectRecords(db: Database, references: readonly string[]): SubjectRecords {
  const enquiry = prepared(db, 'SELECT * FROM enquiries WHERE reference = ?');
  const events = prepared(db, 'SELECT * FROM enquiry_events WHERE enquiry_id = ? ORDER BY id');
  const enquiries: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  for (const reference of references) {
    const row = enquiry.get(reference) as Record<string, unknown> | undefined;
    if (!row) continue;
    enquiries.push(row);
    history.push(...(events.all(row['id']) as Record<string, unknown>[]));
  }
  const held = new Set(enquiries.map((row) => String(row['reference'])));
  const idSet = new Set(enquiries.map((row) => String(row['id'])));
  // A list's read names its references in `detail`; a read of one enquiry names it in `enquiry_id`.
  const reads = (prepared(db, 'SELECT * FROM read_audit ORDER BY at, id').all() as Record<string, unknown>[]).filter(
    (row) =>
      (typeof row['enquiry_id'] === 'string' && idSet.has(row['enquiry_id'])) ||
      (typeof row['detail'] === 'string' && row['detail'].split(' ').some((ref) => held.has(ref))),
  );
  const retention = (prepared(db, 'SELECT * FROM retention_log ORDER BY run_at, id').all() as Record<string, unknown>[]).filter(
    (row) => row['kind'] !== 'read-audit' && typeof row['refs'] === 'string' && row['refs'].split(' ').some((ref) => held.has(ref)),
  );
  const erasures = (prepared(db, 'SELECT erased_at, reason, origin, enquiries FROM erasures ORDER BY erased_at, id').all() as { erased_at: string; reason: string; origin: string; enquiries: string }[])
    .map((row) => ({ at: row.erased_at, reason: row.reason, origin: row.origin, references: (JSON.parse(row.enquiries) as { reference: string }[]).map((named) => named.reference) }))
    .filter((erasure) => erasure.references.some((reference) => held.has(reference)));
  return { enquiries, events: history, reads, retention, erasures };
}
