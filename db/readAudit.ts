import type { Database } from './driver';
import { prepared } from './statements';

/** One time a staff member opened residents' personal data (migration 0007). Ids and references only. */
export interface ReadAuditEntry {
  /** When the answer was given (ISO 8601, UTC). */
  readonly at: string;
  readonly staffId: string;
  /** The account's username and role at the time. */
  readonly username: string;
  readonly role: string;
  /** The IPC channel that answered (`enquiries:get`). */
  readonly channel: string;
  /** The one enquiry opened; null for a list. */
  readonly enquiryId: string | null;
  readonly reference: string | null;
  /** How many enquiries the answer showed. */
  readonly enquiries: number;
  /** For a list, the references it showed, space-separated; never search text or personal data. */
  readonly detail: string | null;
}

export interface ReadAuditRow extends ReadAuditEntry {
  readonly id: number;
}

interface ReadAuditTableRow {
  id: number;
  at: string;
  staff_id: string;
  username: string;
  role: string;
  channel: string;
  enquiry_id: string | null;
  reference: string | null;
  enquiries: number;
  detail: string | null;
}

/**
 * Notes one read. On a read-only copy of the database (storage trouble) this throws SQLite's
 * read-only error, and the caller does not give the personal data out.
 */
export function recordRead(db: Database, entry: ReadAuditEntry): void {
  prepared(
    db,
    `INSERT INTO read_audit (at, staff_id, username, role, channel, enquiry_id, reference, enquiries, detail)
     VALUES (@at, @staffId, @username, @role, @channel, @enquiryId, @reference, @enquiries, @detail)`,
  ).run(entry);
}

/** The reads from `fromInstant` (inclusive) to `toInstant` (exclusive), oldest first; either end may be open. */
export function listReads(db: Database, range: { readonly fromInstant?: string; readonly toInstant?: string }): ReadAuditRow[] {
  const rows = prepared(
    db,
    `SELECT id, at, staff_id, username, role, channel, enquiry_id, reference, enquiries, detail FROM read_audit
     WHERE at >= @from AND at < @to ORDER BY at, id`,
  ).all({ from: range.fromInstant ?? '', to: range.toInstant ?? '\uffff' }) as ReadAuditTableRow[];
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    staffId: row.staff_id,
    username: row.username,
    role: row.role,
    channel: row.channel,
    enquiryId: row.enquiry_id,
    reference: row.reference,
    enquiries: row.enquiries,
    detail: row.detail,
  }));
}
