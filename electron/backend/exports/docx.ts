import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import type { AgendaPack, DocumentTranslate, IssueRecord, IssuesDocument, PackItem } from '../../../shared/forums/exportModel';
import type { ExportAudience } from '../../../shared/forums/model';
import { decisionName, documentDate, documentNames, referralText, type DocumentNames } from '../../../shared/i18n/documents';

/**
 * Editable Word documents (the `docx` package): the agenda a chair or a democratic services
 * officer reworks before the meeting, and the issues of a period as a table. They use Word's own
 * styles (Title, Heading 1 for the document, Heading 2 per agenda item, Word numbering for the
 * items), so the navigation pane, a table of contents and screen readers see the structure, and
 * the council's template can restyle it. Same content as the PDFs, words from `t`, nothing filtered.
 */

const LANGUAGE = { value: 'en-GB' } as const;
const ITEM_NUMBERING = 'agenda-items';
/** A4 in twentieths of a point, and a 2 cm margin. */
const A4 = { width: 11_906, height: 16_838, margin: 1_134 } as const;
const COLOUR = { internal: '8B0000', public: '1F4E79', muted: '4D4D4D', headerFill: 'E6E6E6' } as const;

/**
 * Text XML 1.0 cannot carry (lone surrogates, U+FFFE/U+FFFF, control characters other than tab and
 * line breaks) becomes U+FFFD: one such character in a resident's text would otherwise make Word
 * refuse the whole file.
 */
function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

interface RunStyle {
  readonly bold?: boolean;
  readonly color?: string;
  /** Half-points. */
  readonly size?: number;
}

/**
 * A text's lines as runs, each after the first starting with a line break (a "\n" inside a run is
 * no break in Word); `breakBefore` starts the first one on a new line too.
 */
function runs(text: string, style: RunStyle = {}, breakBefore = false): TextRun[] {
  return xmlText(text)
    .split(/\r\n|\r|\n/)
    .map((line, index) => new TextRun({ text: line, ...style, ...(index > 0 || breakBefore ? { break: 1 } : {}) }));
}

function paragraph(text: string, style: RunStyle = {}, spacingAfter = 120): Paragraph {
  return new Paragraph({ children: runs(text, style), spacing: { after: spacingAfter } });
}

/** "Label: value", the label in bold. */
function labelled(t: DocumentTranslate, label: string, value: string, style: RunStyle = {}): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: xmlText(t('label', { label })), bold: true, ...style }), ...runs(value, style)], spacing: { after: 80 } });
}

function banner(t: DocumentTranslate, audience: ExportAudience): Paragraph {
  const fill = audience === 'internal' ? COLOUR.internal : COLOUR.public;
  return new Paragraph({
    children: [new TextRun({ text: t(`audience.${audience}`), bold: true, color: 'FFFFFF' })],
    shading: { type: ShadingType.CLEAR, color: 'auto', fill },
    spacing: { after: 240 },
  });
}

const PAGE_MARK = '\u0001';
const PAGES_MARK = '\u0002';

/** The audience and "Page X of Y" as Word fields, so they stay right after the document is edited. */
function footer(t: DocumentTranslate, audience: ExportAudience): Footer {
  const parts = t('page', { page: PAGE_MARK, pages: PAGES_MARK }).split(new RegExp(`(${PAGE_MARK}|${PAGES_MARK})`));
  const page = parts
    .filter((part) => part !== '')
    .map((part) => {
      if (part === PAGE_MARK) return new TextRun({ children: [PageNumber.CURRENT], size: 17, color: COLOUR.muted });
      if (part === PAGES_MARK) return new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 17, color: COLOUR.muted });
      return new TextRun({ text: part, size: 17, color: COLOUR.muted });
    });
  return new Footer({
    children: [
      new Paragraph({ children: [new TextRun({ text: t(`audience.${audience}`), size: 17, color: COLOUR.muted })] }),
      new Paragraph({ children: page, alignment: AlignmentType.END }),
    ],
  });
}

async function pack(document: Document): Promise<Uint8Array> {
  const buffer = await Packer.toBuffer(document);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

const documentStyles = {
  default: { document: { run: { language: LANGUAGE } } },
};

// ---------------------------------------------------------------------------------------------
// The agenda.

/** Word numbers the items itself when they run 1, 2, 3…, so an item added in Word renumbers the rest. */
function numberedByWord(items: readonly PackItem[]): boolean {
  return items.every((item, index) => item.number === index + 1);
}

function agendaItem(t: DocumentTranslate, item: PackItem, internal: boolean, wordNumbers: boolean): Paragraph[] {
  const heading = wordNumbers
    ? new Paragraph({ heading: HeadingLevel.HEADING_2, numbering: { reference: ITEM_NUMBERING, level: 0 }, children: runs(item.title) })
    : new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(t('agenda.item', { number: item.number, title: item.title })) });
  const out = [heading, paragraph(t('agenda.raisedBy', { count: item.raisedBy }), { color: COLOUR.muted, size: 19 }, 80)];
  if (internal && item.restricted) out.push(paragraph(t('agenda.restricted'), { bold: true, color: COLOUR.internal }, 80));
  if (item.summary !== '') out.push(paragraph(item.summary));
  const referral = referralText(t, item.referral, item.referralBody);
  if (referral !== null) out.push(paragraph(referral, {}, 80));
  if (internal && item.references.length > 0) out.push(labelled(t, t('agenda.references'), item.references.join(', '), { color: COLOUR.muted, size: 19 }));
  if (item.decision !== null) out.push(labelled(t, t('agenda.decision'), decisionName(t, item.decision)));
  if (item.outcome !== null && item.outcome !== '') out.push(labelled(t, t('agenda.outcome'), item.outcome));
  if (internal && item.minute !== null && item.minute !== '') out.push(labelled(t, t('agenda.minute'), item.minute));
  return out;
}

/**
 * The agenda as an editable Word document: the audience banner; the forum (Title), "Agenda"
 * (Heading 1), date in words, time, place and chair; each item a numbered Heading 2 followed by
 * who raised it, the restricted marker and references (internal), the summary, the referral and,
 * once recorded, decision, outcome and (internal) minute. The footer carries the audience and the
 * page number.
 */
export async function agendaDocx(agenda: AgendaPack, t: DocumentTranslate): Promise<Uint8Array> {
  const internal = agenda.audience === 'internal';
  const date = documentDate(t, agenda.meeting.date, 'long');
  const wordNumbers = numberedByWord(agenda.items);
  const children: Paragraph[] = [
    banner(t, agenda.audience),
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(agenda.forumName) }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(t('agenda.heading')) }),
    labelled(t, t('agenda.date'), date),
    labelled(t, t('agenda.time'), agenda.meeting.startsAt ?? t('agenda.toBeConfirmed')),
    labelled(t, t('agenda.place'), agenda.meeting.place ?? t('agenda.toBeConfirmed')),
  ];
  if (agenda.chairName !== null) children.push(labelled(t, t('agenda.chair'), agenda.chairName));
  if (agenda.meeting.cancelled) children.push(paragraph(t('agenda.cancelled'), { bold: true, color: COLOUR.internal }));
  children.push(paragraph(t('date.produced', { date: new Date(agenda.generatedAt) }), { color: COLOUR.muted, size: 17 }, 240));
  if (agenda.items.length === 0) children.push(paragraph(t('agenda.noItems')));
  for (const item of agenda.items) children.push(...agendaItem(t, item, internal, wordNumbers));

  const section: ISectionOptions = {
    properties: { page: { size: { width: A4.width, height: A4.height }, margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin } } },
    footers: { default: footer(t, agenda.audience) },
    children,
  };
  return pack(
    new Document({
      creator: agenda.forumName,
      title: t('agenda.title', { forum: agenda.forumName, date }),
      subject: t('agenda.subject', { date }),
      styles: documentStyles,
      numbering: {
        config: [
          {
            reference: ITEM_NUMBERING,
            levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 567, hanging: 567 } } } }],
          },
        ],
      },
      sections: [section],
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The issues: one table, its header row repeated on every page by Word.

/** Column widths in twips on landscape A4 with 1.27 cm margins (15,398 wide); the pairs match the PDF. */
const ISSUE_COLUMNS = [
  { headers: ['reference', 'raisedOn'], width: 1_700 },
  { headers: ['topic', 'body'], width: 2_600 },
  { headers: ['area', 'location'], width: 2_600 },
  { headers: ['summary'], width: 5_098 },
  { headers: ['status', 'outcome'], width: 3_400 },
] as const;
const LANDSCAPE_MARGIN = 720;
/**
 * The table's text size and spacing as a paragraph style, not on every run: docx builds an object
 * tree of the whole document before writing it, and 10,000 rows of runs each carrying their own
 * size would double it.
 */
const ISSUE_CELL_STYLE = 'IssueCell';

interface CellLine {
  readonly text: string;
  readonly bold?: boolean;
}

/** A cell of one paragraph, its lines separated by line breaks; empty lines left out. */
function cell(lines: readonly CellLine[], width: number, fill?: string): TableCell {
  const children: TextRun[] = [];
  for (const line of lines) {
    if (line.text === '') continue;
    children.push(...runs(line.text, line.bold ? { bold: true } : {}, children.length > 0));
  }
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    ...(fill === undefined ? {} : { shading: { type: ShadingType.CLEAR, color: 'auto', fill } }),
    children: [new Paragraph({ style: ISSUE_CELL_STYLE, children })],
  });
}

function issueRow(t: DocumentTranslate, issue: IssueRecord, names: DocumentNames): TableRow {
  const [reference, topic, place, summary, status] = [ISSUE_COLUMNS[0].width, ISSUE_COLUMNS[1].width, ISSUE_COLUMNS[2].width, ISSUE_COLUMNS[3].width, ISSUE_COLUMNS[4].width];
  return new TableRow({
    cantSplit: true,
    children: [
      cell([{ text: issue.reference, bold: true }, { text: names.date(issue.raisedOn, 'short') }], reference),
      cell([{ text: names.topic(issue.topicId) }, { text: names.body(issue.body) }], topic),
      cell([{ text: issue.area ?? '' }, { text: issue.location }], place),
      cell([{ text: issue.summary }], summary),
      cell(
        [
          { text: names.status(issue.status), bold: true },
          { text: issue.mergedInto === null ? '' : t('issues.mergedInto', { reference: issue.mergedInto }) },
          { text: issue.outcome ?? '' },
        ],
        status,
      ),
    ],
  });
}

/**
 * The issues of a period as a Word table on landscape A4: banner, forum (Title), "Issues raised"
 * (Heading 1), period and count, then one row per issue in the PDF's five paired columns, the
 * header row repeated on every page and no row split across two.
 */
export async function issuesDocx(issues: IssuesDocument, t: DocumentTranslate): Promise<Uint8Array> {
  const from = documentDate(t, issues.from, 'medium');
  const to = documentDate(t, issues.to, 'medium');
  const children: (Paragraph | Table)[] = [
    banner(t, issues.audience),
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(issues.forumName) }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(t('issues.heading')) }),
    paragraph(t('issues.period', { from, to }), {}, 40),
    paragraph(t('issues.count', { count: issues.issues.length }), {}, 40),
    paragraph(t('date.produced', { date: new Date(issues.generatedAt) }), { color: COLOUR.muted, size: 17 }, 240),
  ];
  if (issues.issues.length === 0) {
    children.push(paragraph(t('issues.none')));
  } else {
    const names = documentNames(t);
    const header = new TableRow({
      tableHeader: true,
      children: ISSUE_COLUMNS.map((column) =>
        cell(
          column.headers.map((key) => ({ text: t(`columns.issues.${key}`), bold: true })),
          column.width,
          COLOUR.headerFill,
        ),
      ),
    });
    children.push(
      new Table({
        width: { size: ISSUE_COLUMNS.reduce((sum, c) => sum + c.width, 0), type: WidthType.DXA },
        columnWidths: ISSUE_COLUMNS.map((c) => c.width),
        rows: [header, ...issues.issues.map((issue) => issueRow(t, issue, names))],
      }),
    );
  }
  const section: ISectionOptions = {
    properties: {
      page: {
        size: { width: A4.width, height: A4.height, orientation: PageOrientation.LANDSCAPE },
        margin: { top: LANDSCAPE_MARGIN, bottom: LANDSCAPE_MARGIN, left: LANDSCAPE_MARGIN, right: LANDSCAPE_MARGIN },
      },
    },
    footers: { default: footer(t, issues.audience) },
    children,
  };
  return pack(
    new Document({
      creator: issues.forumName,
      title: t('issues.title', { forum: issues.forumName, from, to }),
      subject: t('issues.subject', { from, to }),
      styles: {
        ...documentStyles,
        paragraphStyles: [{ id: ISSUE_CELL_STYLE, name: 'Issue table', basedOn: 'Normal', quickFormat: false, run: { size: 17 }, paragraph: { spacing: { after: 0 } } }],
      },
      sections: [section],
    }),
  );
}
