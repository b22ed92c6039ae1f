import { londonInstant } from '../../shared/directory/openingHours';
import type { ExportFile } from '../../shared/forums/model';
import { toCsv } from '../../shared/forums/csv';
import type { ParsedInputOf } from '../../shared/ipc/contract';
import { AppFailure } from '../../shared/ipc/result';
import type { StaffSession } from '../../shared/domain/staff';
import { listReads, recordRead, type Database, type ReadAuditEntry } from '../../db';

const DAY_MS = 86_400_000;

/** What an answer showed, for its audit row: one enquiry, or a list's count and references. */
export type ReadShown = Pick<ReadAuditEntry, 'enquiryId' | 'reference' | 'enquiries' | 'detail'>;

/** One enquiry opened: its contact details, private details and staff notes were in the answer. */
export function oneEnquiry(enquiry: { readonly id: string; readonly reference: string }): ReadShown {
  return { enquiryId: enquiry.id, reference: enquiry.reference, enquiries: 1, detail: null };
}

/** A list of enquiries: how many, and their references (never what was searched for: it may be a name). */
export function enquiryList(rows: readonly { readonly reference: string }[]): ReadShown {
  return { enquiryId: null, reference: null, enquiries: rows.length, detail: rows.map((row) => row.reference).join(' ') || null };
}

/**
 * Runs a read of personal data and notes who read what in the same transaction. If the note cannot
 * be written (a full disk, a read-only copy of the database), the read is refused with the storage
 * error, which `dispatch` turns into `storage/*`: personal data is never given out unaudited.
 */
export function auditedRead<T>(
  db: Database,
  now: () => Date,
  channel: string,
  session: StaffSession | null,
  read: () => T,
  shown: (value: T) => ReadShown,
): T {
  // Every audited channel is for signed-in staff only; this is the backstop should one ever not be.
  if (!session) throw new AppFailure({ code: 'auth/required', message: `Sign in to use ${channel}.` });
  return db.transaction(() => {
    const value = read();
    recordRead(db, {
      at: now().toISOString(),
      staffId: session.staffId,
      username: session.username,
      role: session.role,
      channel,
      ...shown(value),
    });
    return value;
  })();
}

const COLUMNS = ['at', 'username', 'role', 'staffId', 'channel', 'reference', 'enquiryId', 'enquiries', 'detail'] as const;

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function fileNameOf(input: ParsedInputOf<'audit:export'>): string {
  const period = input.from && input.to ? `${input.from}-to-${input.to}` : input.from ? `from-${input.from}` : input.to ? `to-${input.to}` : 'all';
  return `read-audit-${period}.${input.format}`;
}

/**
 * The audit of reads for an administrator, from and to the kiosk's local days given (both ends
 * inclusive, either open), oldest first, as CSV (for a spreadsheet) or JSON.
 */
export function exportReads(db: Database, now: () => Date, input: ParsedInputOf<'audit:export'>): ExportFile {
  const rows = listReads(db, {
    ...(input.from && { fromInstant: londonInstant(input.from, 0).toISOString() }),
    ...(input.to && { toInstant: londonInstant(nextDay(input.to), 0).toISOString() }),
  });
  const entries = rows.map((row) => ({
    at: row.at,
    username: row.username,
    role: row.role,
    staffId: row.staffId,
    channel: row.channel,
    reference: row.reference,
    enquiryId: row.enquiryId,
    enquiries: row.enquiries,
    detail: row.detail,
  }));
  const content =
    input.format === 'csv'
      ? toCsv(COLUMNS, entries.map((entry) => COLUMNS.map((column) => entry[column])))
      : `${JSON.stringify({ exportedAt: now().toISOString(), from: input.from ?? null, to: input.to ?? null, reads: entries }, null, 2)}\n`;
  const bytes = Buffer.from(content, 'utf8');
  return {
    fileName: fileNameOf(input),
    mimeType: input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
    base64: bytes.toString('base64'),
    bytes: bytes.length,
  };
}
