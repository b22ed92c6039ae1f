import PDFDocument from 'pdfkit';
import type { AgendaPack, DocumentTranslate, IssueRecord, IssuesDocument, PackItem } from '../../../shared/forums/exportModel';
import type { ExportAudience } from '../../../shared/forums/model';
import { decisionName, documentDate, documentNames, referralText, type DocumentNames } from '../../../shared/i18n/documents';
import { fontFiles, type FontFiles } from './fonts';

/**
 * Printable PDFs (pdfkit): the agenda pack a chair hands out at the meeting, and the list of the
 * issues raised in a period. Every word comes from the documents resource (`t`); the writer prints
 * what it is given and filters nothing (publication.ts has already left out what a public document
 * may not hold).
 *
 * Both embed Noto Sans (fonts.ts). Characters the font lacks (emoji, Urdu or Gurmukhi script)
 * print as the font's empty box rather than failing the export. Page numbers ("Page 2 of 5") need
 * the page count: the agenda's few pages are buffered and numbered at the end, the issues list
 * works its page breaks out before writing (below). The bytes are collected from pdfkit's stream.
 * The info dictionary's CreationDate is the document's `generatedAt`, which also seeds pdfkit's
 * file identifier, so the same document gives the same bytes.
 */

export interface PdfOptions {
  /** The folder holding `fonts/` (a packaged app's resources); default: found from the source tree (fonts.ts). */
  readonly assetsDir?: string;
}

type Doc = PDFKit.PDFDocument;

const COLOUR = {
  text: '#1a1a1a',
  muted: '#4d4d4d',
  rule: '#8c8c8c',
  /** The internal banner and the restricted marker: a dark red, about 10:1 against white. */
  internal: '#8b0000',
  public: '#1f4e79',
  headerFill: '#e6e6e6',
} as const;

interface Writer {
  readonly doc: Doc;
  readonly fonts: FontFiles;
  readonly t: DocumentTranslate;
}

function createDocument(layout: 'portrait' | 'landscape', margins: PDFKit.Mixins.ExpandedSides<number>, fonts: FontFiles, info: PDFKit.DocumentInfo, bufferPages = true): Doc {
  return new PDFDocument({
    size: 'A4',
    layout,
    margins,
    bufferPages,
    // The embedded font from the start: pdfkit never loads its Helvetica metrics.
    font: fonts.regular,
    lang: 'en-GB',
    displayTitle: true,
    info,
  });
}

/** The document's bytes, collected as pdfkit writes them. Call before `doc.end()`. */
function collect(doc: Doc): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => {
      const bytes = Buffer.concat(chunks);
      resolve(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
  });
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** A new page unless `height` more points fit on this one. */
function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

/** The audience across the top: public packs are labelled as such, internal ones as not for publication. */
function banner({ doc, fonts, t }: Writer, audience: ExportAudience): void {
  const x = doc.page.margins.left;
  const y = doc.y;
  const width = contentWidth(doc);
  const height = 22;
  doc.save().rect(x, y, width, height).fill(audience === 'internal' ? COLOUR.internal : COLOUR.public).restore();
  doc
    .font(fonts.bold)
    .fontSize(11)
    .fillColor('#ffffff')
    .text(t(`audience.${audience}`), x + 8, y + 5, { width: width - 16, lineBreak: false });
  doc.fillColor(COLOUR.text);
  doc.x = x;
  doc.y = y + height + 14;
}

/** "Label: value" as one paragraph, the label in bold. */
function labelled({ doc, fonts, t }: Writer, label: string, value: string, size: number, colour: string = COLOUR.text): void {
  doc.font(fonts.bold).fontSize(size).fillColor(colour).text(t('label', { label }), { continued: true });
  doc.font(fonts.regular).text(value, { paragraphGap: 2 });
  doc.fillColor(COLOUR.text);
}

function rule(doc: Doc, gapBefore = 6, gapAfter = 10): void {
  doc.y += gapBefore;
  const x = doc.page.margins.left;
  doc.save().moveTo(x, doc.y).lineTo(x + contentWidth(doc), doc.y).lineWidth(0.75).strokeColor(COLOUR.rule).stroke().restore();
  doc.y += gapAfter;
}

/** "Page X of Y" and the audience on every page, written into the bottom margin once all pages exist. */
function footers({ doc, fonts, t }: Writer, audience: ExportAudience): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const { margins } = doc.page;
    const reserved = margins.bottom;
    // Text below the bottom margin would make pdfkit start a new page: lift the margin while writing.
    margins.bottom = 0;
    const y = doc.page.height - reserved / 2 - 4;
    const width = doc.page.width - margins.left - margins.right;
    doc.font(fonts.regular).fontSize(8.5).fillColor(COLOUR.muted);
    doc.text(t(`audience.${audience}`), margins.left, y, { width: width / 2, lineBreak: false });
    doc.text(t('page', { page: index - range.start + 1, pages: range.count }), margins.left + width / 2, y, { width: width / 2, align: 'right', lineBreak: false });
    margins.bottom = reserved;
  }
  doc.fillColor(COLOUR.text);
}

// ---------------------------------------------------------------------------------------------
// The agenda pack.

function agendaItem(writer: Writer, item: PackItem, internal: boolean): void {
  const { doc, fonts, t } = writer;
  // A heading never sits alone at the foot of a page.
  keepTogether(doc, 90);
  doc.font(fonts.bold).fontSize(13).fillColor(COLOUR.text).text(t('agenda.item', { number: item.number, title: item.title }), { paragraphGap: 2 });
  doc.font(fonts.regular).fontSize(9.5).fillColor(COLOUR.muted).text(t('agenda.raisedBy', { count: item.raisedBy }), { paragraphGap: 4 });
  doc.fillColor(COLOUR.text);
  if (internal && item.restricted) {
    doc.font(fonts.bold).fontSize(10).fillColor(COLOUR.internal).text(t('agenda.restricted'), { paragraphGap: 4 });
    doc.fillColor(COLOUR.text);
  }
  if (item.summary !== '') doc.font(fonts.regular).fontSize(11).text(item.summary, { paragraphGap: 6 });
  const referral = referralText(t, item.referral, item.referralBody);
  if (referral !== null) doc.font(fonts.regular).fontSize(11).text(referral, { paragraphGap: 4 });
  if (internal && item.references.length > 0) labelled(writer, t('agenda.references'), item.references.join(', '), 9.5, COLOUR.muted);
  if (item.decision !== null) labelled(writer, t('agenda.decision'), decisionName(t, item.decision), 11);
  if (item.outcome !== null && item.outcome !== '') labelled(writer, t('agenda.outcome'), item.outcome, 11);
  if (internal && item.minute !== null && item.minute !== '') labelled(writer, t('agenda.minute'), item.minute, 11);
  doc.moveDown(1.2);
}

/**
 * The agenda pack, A4 portrait: the audience banner; forum, "Agenda", the meeting's date in words,
 * time, place and chair (or that the meeting is cancelled); then each item with its number and
 * title, how many residents raised it, the restricted marker and the enquiry references (internal),
 * the public summary, the referral, and once recorded the decision, the outcome and (internal) the
 * minute. "Page X of Y" in every footer.
 */
export async function agendaPdf(pack: AgendaPack, t: DocumentTranslate, options: PdfOptions = {}): Promise<Uint8Array> {
  const fonts = fontFiles(options.assetsDir);
  const date = documentDate(t, pack.meeting.date, 'long');
  const doc = createDocument('portrait', { top: 50, bottom: 60, left: 56, right: 56 }, fonts, {
    Title: t('agenda.title', { forum: pack.forumName, date }),
    Author: pack.forumName,
    Subject: t('agenda.subject', { date }),
    CreationDate: new Date(pack.generatedAt),
  });
  const bytes = collect(doc);
  const writer: Writer = { doc, fonts, t };
  const internal = pack.audience === 'internal';

  banner(writer, pack.audience);
  doc.font(fonts.bold).fontSize(20).text(pack.forumName, { paragraphGap: 2 });
  doc.font(fonts.bold).fontSize(16).text(t('agenda.heading'), { paragraphGap: 8 });
  labelled(writer, t('agenda.date'), date, 11);
  labelled(writer, t('agenda.time'), pack.meeting.startsAt ?? t('agenda.toBeConfirmed'), 11);
  labelled(writer, t('agenda.place'), pack.meeting.place ?? t('agenda.toBeConfirmed'), 11);
  if (pack.chairName !== null) labelled(writer, t('agenda.chair'), pack.chairName, 11);
  if (pack.meeting.cancelled) {
    doc.moveDown(0.4);
    doc.font(fonts.bold).fontSize(12).fillColor(COLOUR.internal).text(t('agenda.cancelled'));
    doc.fillColor(COLOUR.text);
  }
  doc.font(fonts.regular).fontSize(8.5).fillColor(COLOUR.muted).text(t('date.produced', { date: new Date(pack.generatedAt) }), { paragraphGap: 2 });
  doc.fillColor(COLOUR.text);
  rule(doc);

  if (pack.items.length === 0) doc.font(fonts.regular).fontSize(11).text(t('agenda.noItems'));
  for (const item of pack.items) agendaItem(writer, item, internal);

  footers(writer, pack.audience);
  doc.end();
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// The issues list: a table on A4 landscape, its header row repeated on every page.
//
// Ten thousand issues make several hundred pages, so this document is not buffered: every row is
// measured first, which gives the page breaks and so the page count, and then the pages are
// written in order, each footer as its page begins, and each page leaves memory for the output
// stream as the next one starts.

const ISSUE_FONT_SIZE = 8;
const CELL_PADDING = 3;

interface IssueColumn {
  /** Column header lines (documents keys under columns.issues). */
  readonly headers: readonly string[];
  /** Points; 0 for the one column that takes the width left. */
  readonly width: number;
}

/** Five columns, each holding two related fields, so a row of ten fields stays readable on paper. */
const ISSUE_COLUMNS: readonly IssueColumn[] = [
  { headers: ['reference', 'raisedOn'], width: 84 },
  { headers: ['topic', 'body'], width: 128 },
  { headers: ['area', 'location'], width: 128 },
  { headers: ['summary'], width: 0 },
  { headers: ['status', 'outcome'], width: 170 },
];

interface Table {
  readonly x: number;
  readonly widths: readonly number[];
  readonly total: number;
  readonly lineHeight: number;
  readonly headerHeight: number;
}

/** One row, measured: the first line of its first and last cells in bold, the rest wrapped. */
interface IssueRow {
  readonly reference: string;
  readonly raisedOn: string;
  /** Topic and body; area and location; summary (columns 1 to 3). */
  readonly cells: readonly [CellText, CellText, CellText];
  readonly status: string;
  /** Merged into, outcome: under the status. */
  readonly statusNotes: CellText;
  readonly height: number;
}

interface CellText {
  readonly text: string;
  /** False when every line fits the column as it is: printed without the line wrapper, which costs more than the text. */
  readonly wraps: boolean;
  readonly height: number;
}

function innerWidth(table: Table, column: number): number {
  return table.widths[column]! - 2 * CELL_PADDING;
}

function tableHeader({ doc, fonts, t }: Writer, table: Table): void {
  const y = doc.y;
  doc.save().rect(table.x, y, table.total, table.headerHeight).fill(COLOUR.headerFill).restore();
  doc.font(fonts.bold).fontSize(ISSUE_FONT_SIZE).fillColor(COLOUR.text);
  let x = table.x;
  ISSUE_COLUMNS.forEach((column, index) => {
    const text = column.headers.map((key) => t(`columns.issues.${key}`)).join('\n');
    doc.text(text, x + CELL_PADDING, y + CELL_PADDING, { width: innerWidth(table, index), lineBreak: false });
    x += table.widths[index]!;
  });
  doc.x = table.x;
  doc.y = y + table.headerHeight;
}

function measureRow({ doc, fonts, t }: Writer, table: Table, issue: IssueRecord, names: DocumentNames): IssueRow {
  const notes: string[] = [];
  if (issue.mergedInto !== null) notes.push(t('issues.mergedInto', { reference: issue.mergedInto }));
  if (issue.outcome !== null && issue.outcome !== '') notes.push(issue.outcome);
  doc.font(fonts.regular).fontSize(ISSUE_FONT_SIZE);
  const measured = (text: string, column: number): CellText => {
    if (text === '') return { text, wraps: false, height: 0 };
    const width = innerWidth(table, column);
    const lines = text.split('\n');
    // widthOfString works from pdfkit's per-word cache: far cheaper than laying the text out.
    if (lines.every((line) => doc.widthOfString(line) <= width)) return { text, wraps: false, height: lines.length * table.lineHeight };
    return { text, wraps: true, height: doc.heightOfString(text, { width }) };
  };
  const cells = [
    measured(`${names.topic(issue.topicId)}\n${names.body(issue.body)}`, 1),
    measured(issue.area === null || issue.area === '' ? issue.location : `${issue.area}\n${issue.location}`, 2),
    measured(issue.summary, 3),
  ] as const;
  const statusNotes = measured(notes.join('\n'), 4);
  const tallest = Math.max(2 * table.lineHeight, ...cells.map((cell) => cell.height), table.lineHeight + statusNotes.height);
  return {
    reference: issue.reference,
    raisedOn: names.date(issue.raisedOn, 'short'),
    cells,
    status: names.status(issue.status),
    statusNotes,
    height: tallest + 2 * CELL_PADDING,
  };
}

function drawRow({ doc, fonts }: Writer, table: Table, row: IssueRow): void {
  const y = doc.y;
  const top = y + CELL_PADDING;
  // Clipped to the page: a row taller than a whole page (beyond the fields' limits) is cut, not spilled.
  const room = bottom(doc) - top;
  const left = (column: number) => table.x + table.widths.slice(0, column).reduce((sum, w) => sum + w, 0) + CELL_PADDING;
  const draw = (cell: CellText, column: number, dy: number) => {
    if (cell.text === '') return;
    const width = innerWidth(table, column);
    doc.text(cell.text, left(column), top + dy, cell.wraps ? { width, height: room - dy, ellipsis: true } : { width, lineBreak: false });
  };
  doc.font(fonts.bold).fontSize(ISSUE_FONT_SIZE);
  doc.text(row.reference, left(0), top, { width: innerWidth(table, 0), lineBreak: false });
  doc.text(row.status, left(4), top, { width: innerWidth(table, 4), lineBreak: false });
  doc.font(fonts.regular);
  doc.text(row.raisedOn, left(0), top + table.lineHeight, { width: innerWidth(table, 0), lineBreak: false });
  row.cells.forEach((cell, i) => draw(cell, i + 1, 0));
  draw(row.statusNotes, 4, table.lineHeight);
  const end = y + row.height;
  doc.save().moveTo(table.x, end).lineTo(table.x + table.total, end).lineWidth(0.4).strokeColor(COLOUR.rule).stroke().restore();
  doc.x = table.x;
  doc.y = end;
}

/** The rows each page holds, from the measured heights: the first page starts below the title block. */
function paginate(rows: readonly IssueRow[], firstTop: number, pageTop: number, pageBottom: number, headerHeight: number): number[][] {
  const pages: number[][] = [[]];
  let y = firstTop + headerHeight;
  rows.forEach((row, index) => {
    const page = pages.at(-1)!;
    if (page.length > 0 && y + row.height > pageBottom) {
      pages.push([index]);
      y = pageTop + headerHeight + row.height;
    } else {
      page.push(index);
      y += row.height;
    }
  });
  return pages;
}

/** The footer of the page being written (see footers() for the buffered documents). */
function pageFooter({ doc, fonts, t }: Writer, audience: ExportAudience, page: number, pages: number): void {
  const { margins } = doc.page;
  const reserved = margins.bottom;
  const [x, y] = [doc.x, doc.y];
  margins.bottom = 0;
  const footerY = doc.page.height - reserved / 2 - 4;
  const width = doc.page.width - margins.left - margins.right;
  doc.font(fonts.regular).fontSize(8.5).fillColor(COLOUR.muted);
  doc.text(t(`audience.${audience}`), margins.left, footerY, { width: width / 2, lineBreak: false });
  doc.text(t('page', { page, pages }), margins.left + width / 2, footerY, { width: width / 2, align: 'right', lineBreak: false });
  margins.bottom = reserved;
  doc.fillColor(COLOUR.text);
  [doc.x, doc.y] = [x, y];
}

/**
 * The issues raised in a period, A4 landscape: banner, forum, "Issues raised", the period and the
 * count, then one table row per issue (reference and date; topic and responsible body; area and
 * location; summary; status, merged into and outcome). The fonts are opened once per document,
 * repeated words are worked out once, and pages are not held in memory (see above).
 */
export async function issuesPdf(issues: IssuesDocument, t: DocumentTranslate, options: PdfOptions = {}): Promise<Uint8Array> {
  const fonts = fontFiles(options.assetsDir);
  const from = documentDate(t, issues.from, 'medium');
  const to = documentDate(t, issues.to, 'medium');
  const doc = createDocument(
    'landscape',
    { top: 36, bottom: 44, left: 36, right: 36 },
    fonts,
    {
      Title: t('issues.title', { forum: issues.forumName, from, to }),
      Author: issues.forumName,
      Subject: t('issues.subject', { from, to }),
      CreationDate: new Date(issues.generatedAt),
    },
    false,
  );
  const bytes = collect(doc);
  const writer: Writer = { doc, fonts, t };

  banner(writer, issues.audience);
  doc.font(fonts.bold).fontSize(16).text(issues.forumName, { paragraphGap: 2 });
  doc.font(fonts.bold).fontSize(13).text(t('issues.heading'), { paragraphGap: 4 });
  doc.font(fonts.regular).fontSize(10).text(t('issues.period', { from, to }), { paragraphGap: 1 });
  doc.text(t('issues.count', { count: issues.issues.length }), { paragraphGap: 2 });
  doc.fontSize(8.5).fillColor(COLOUR.muted).text(t('date.produced', { date: new Date(issues.generatedAt) }), { paragraphGap: 8 });
  doc.fillColor(COLOUR.text);

  if (issues.issues.length === 0) {
    doc.font(fonts.regular).fontSize(11).text(t('issues.none'));
    pageFooter(writer, issues.audience, 1, 1);
  } else {
    const fixed = ISSUE_COLUMNS.reduce((sum, c) => sum + c.width, 0);
    const widths = ISSUE_COLUMNS.map((c) => (c.width === 0 ? contentWidth(doc) - fixed : c.width));
    doc.font(fonts.regular).fontSize(ISSUE_FONT_SIZE);
    const lineHeight = doc.currentLineHeight(true);
    const headerLines = Math.max(...ISSUE_COLUMNS.map((c) => c.headers.length));
    const table: Table = { x: doc.page.margins.left, widths, total: contentWidth(doc), lineHeight, headerHeight: headerLines * lineHeight + 2 * CELL_PADDING };
    const names = documentNames(t);
    const rows = issues.issues.map((issue) => measureRow(writer, table, issue, names));
    const pages = paginate(rows, doc.y, doc.page.margins.top, bottom(doc), table.headerHeight);
    pages.forEach((page, index) => {
      if (index > 0) doc.addPage();
      pageFooter(writer, issues.audience, index + 1, pages.length);
      tableHeader(writer, table);
      for (const row of page) drawRow(writer, table, rows[row]!);
    });
  }

  doc.end();
  return bytes;
}
