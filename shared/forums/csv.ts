import { stringify } from 'csv-stringify/sync';
import { decisionName, documentNames, referralText } from '../i18n/documents';
import type { AgendaPack, DocumentTranslate, IssuesDocument } from './exportModel';

/**
 * CSV for spreadsheets (Excel first: that is what council officers open them in). Used by the kiosk's
 * exports and by the hub's `/issues.csv`, so it is pure.
 *
 * - UTF-8 with a byte order mark, so Excel reads "Dąbrowski", "Ștefan" or Urdu as written instead of
 *   guessing the machine's code page; CRLF between rows (RFC 4180).
 * - A cell is quoted when it holds a comma, a double quote, or a line break of either kind: a lone
 *   `\n` inside a multi-line summary must be quoted too, not only the `\r\n` that ends a row.
 * - Every text cell goes through `neutraliseCell` (formula injection). Numbers we produce ourselves
 *   (item numbers, counts) are written as numbers and never changed.
 */

/**
 * Characters that make a spreadsheet read a cell as a formula when they start it (OWASP, "CSV
 * Injection": `=`, `+`, `-`, `@`, tab, carriage return).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The same, after leading whitespace. OWASP's list is about the first character, but a spreadsheet
 * that trims spaces on import (LibreOffice's CSV import has that option, and people tick it) turns
 * " =1+1" back into "=1+1". So a cell whose first non-whitespace character starts a formula is
 * neutralised as well. A leading line feed counts as whitespace here: the cell is quoted anyway,
 * and trimming would expose what follows it.
 */
const FORMULA_AFTER_WHITESPACE = /^\s+[=+\-@]/u;

/**
 * A cell safe to open in a spreadsheet: when it would be read as a formula (see above) it gets a
 * leading single quote, OWASP's advice, which Excel and LibreOffice treat as "this is text". Text
 * with such characters elsewhere ("Pothole - 2 metres wide", "a@b") is left as it is: only the
 * start of a cell is ever evaluated, and quoting keeps a cell from splitting into two.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) || FORMULA_AFTER_WHITESPACE.test(value) ? `'${value}` : value;
}

export type CsvCell = string | number | null;

/**
 * A CSV file: the header row, then the rows. Strings are neutralised, numbers written as they are,
 * null as an empty cell. Every row must have the header's length.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const records: CsvCell[][] = [header.map(neutraliseCell)];
  for (const row of rows) {
    if (row.length !== header.length) throw new Error(`CSV row has ${row.length} cells, the header ${header.length}.`);
    records.push(row.map((cell) => (typeof cell === 'string' ? neutraliseCell(cell) : cell)));
  }
  return stringify(records, {
    bom: true,
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  });
}

const ISSUE_COLUMNS = ['reference', 'raisedOn', 'topic', 'body', 'area', 'location', 'summary', 'status', 'outcome', 'mergedInto'] as const;

/**
 * The issues in a period, one row each: reference, raised on (YYYY-MM-DD, which spreadsheets sort
 * and recognise as a date), topic, responsible body, area, location, summary, status, outcome and
 * the reference of the issue it was merged into. Names are the screens' names (documents.ts).
 */
export function issuesCsv(doc: IssuesDocument, t: DocumentTranslate): string {
  const header = ISSUE_COLUMNS.map((column) => t(`columns.issues.${column}`));
  const names = documentNames(t);
  const rows = doc.issues.map((issue) => [
    issue.reference,
    issue.raisedOn,
    names.topic(issue.topicId),
    names.body(issue.body),
    issue.area,
    issue.location,
    issue.summary,
    names.status(issue.status),
    issue.outcome,
    issue.mergedInto,
  ]);
  return toCsv(header, rows);
}

const AGENDA_COLUMNS = ['number', 'title', 'summary', 'raisedBy', 'referral', 'restricted', 'references', 'decision', 'outcome', 'minute'] as const;
/** Columns only an internal pack has: a public CSV does not even name them. */
const INTERNAL_AGENDA_COLUMNS: ReadonlySet<(typeof AGENDA_COLUMNS)[number]> = new Set(['restricted', 'references', 'minute']);

/**
 * The agenda, one row per item: number, title, public summary, residents who raised it, referral,
 * decision and outcome; an internal pack adds whether the item is restricted, the enquiry
 * references (separated by "; ") and the internal minute.
 */
export function agendaCsv(pack: AgendaPack, t: DocumentTranslate): string {
  const columns = AGENDA_COLUMNS.filter((column) => pack.audience === 'internal' || !INTERNAL_AGENDA_COLUMNS.has(column));
  const header = columns.map((column) => t(`columns.agenda.${column}`));
  const rows = pack.items.map((item) =>
    columns.map((column): CsvCell => {
      switch (column) {
        case 'number':
          return item.number;
        case 'title':
          return item.title;
        case 'summary':
          return item.summary;
        case 'raisedBy':
          return item.raisedBy;
        case 'referral':
          return referralText(t, item.referral, item.referralBody);
        case 'restricted':
          return t(item.restricted ? 'yes' : 'no');
        case 'references':
          return item.references.join('; ');
        case 'decision':
          return item.decision === null ? null : decisionName(t, item.decision);
        case 'outcome':
          return item.outcome;
        case 'minute':
          return item.minute;
      }
    }),
  );
  return toCsv(header, rows);
}
