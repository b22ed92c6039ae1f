import type { FieldErrorCode } from '../ipc/result';

/**
 * What a directory import answers: how many services it wrote, or every problem it found, as codes
 * and parameters the renderer translates (`directoryImport.<code>`), never as English sentences.
 * An import is all or nothing: when there is a problem, nothing was written.
 */

/** The files of an Open Referral UK CSV directory, one per object. */
export const ORUK_CSV_FILES = [
  'organizations.csv',
  'services.csv',
  'locations.csv',
  'addresses.csv',
  'service_at_locations.csv',
  'phones.csv',
  'schedules.csv',
  'service_areas.csv',
  'languages.csv',
  'taxonomy_terms.csv',
  'attributes.csv',
] as const;
export type OrukCsvFile = (typeof ORUK_CSV_FILES)[number];

/** The files without which a CSV directory cannot be read. */
export const REQUIRED_ORUK_CSV_FILES: readonly OrukCsvFile[] = ['organizations.csv', 'services.csv'];

export const IMPORT_PROBLEM_CODES = [
  /** Two records (or rows) with one id, or a copy of a shared record that differs from the first. */
  'duplicate-id',
  /** A reference to an id the file (or, for an update, the database) does not hold. `params.id`. */
  'unknown-reference',
  /** A row nothing refers to, so it would not be written (a location no service is at...). */
  'unreferenced',
  'not-json',
  /** The CSV text cannot be read (an unclosed quote...). */
  'not-csv',
  'missing-file',
  /** A file that is not part of an ORUK CSV directory. */
  'unknown-file',
  /** The file is readable but not of the expected shape (no `contents`, a repeated column...). */
  'bad-shape',
] as const;

export type ImportProblemCode = FieldErrorCode | (typeof IMPORT_PROBLEM_CODES)[number];

export interface ImportProblem {
  /** The file name, e.g. `phones.csv` or the JSON file's name. */
  readonly file: string;
  /** CSV: the row as a spreadsheet numbers it (the header is row 1). JSON: the record's 1-based position in `contents`. */
  readonly row: number | null;
  /** CSV: the column. JSON: the dotted path inside the record (`phones.0.number`). */
  readonly field: string | null;
  readonly code: ImportProblemCode;
  /** Limits, ids or expected values for the translated message. */
  readonly params?: Readonly<Record<string, number | string>>;
}

export type ImportReport =
  | { readonly ok: true; readonly created: number; readonly updated: number; readonly unchanged?: number }
  | { readonly ok: false; readonly errors: readonly ImportProblem[] };
