import PDFDocument from 'pdfkit';
import { documentTranslator } from '../../../shared/i18n/documents';
import type { DocumentTranslate } from '../../../shared/forums/exportModel';
import type { SubjectDocument, SubjectEnquiry } from '../subjectAccess';
import { fontFiles, type FontFiles } from './fonts';

/**
 * The subject-access export as a readable A4 PDF for the person (README, "Subject access"): every
 * enquiry held about them, each with its fields, history, the staff reads of it and what retention
 * removed, and a plain statement of whether the hub was searched. Words from the documents resource
 * (`subjectAccess.*`); the person's own words as written. Noto Sans, as the forum's PDFs
 * (exports/README.md): Urdu and Gurmukhi print as empty boxes; the JSON carries them.
 */

type Doc = PDFKit.PDFDocument;

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

const text = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);

function field(doc: Doc, fonts: FontFiles, t: DocumentTranslate, key: string, value: unknown): void {
  const shown = text(value);
  if (shown === '') return;
  doc.font(fonts.bold).fontSize(10).text(t('label', { label: t(`subjectAccess.field.${key}`) }), { continued: true });
  doc.font(fonts.regular).text(shown, { paragraphGap: 2 });
}

function produced(t: DocumentTranslate, at: string): string {
  return t('date.produced', { date: new Date(at) });
}

function enquiry(doc: Doc, fonts: FontFiles, t: DocumentTranslate, entry: SubjectEnquiry): void {
  if (doc.y > doc.page.height - 160) doc.addPage();
  doc.moveDown(0.6).font(fonts.bold).fontSize(13).text(t('subjectAccess.enquiry', { reference: entry.reference }));
  doc.font(fonts.regular).fontSize(10).text(t(`subjectAccess.heldAt.${entry.heldAt}`));
  doc
    .font(fonts.bold)
    .text(t('label', { label: t('subjectAccess.matchedOn') }), { continued: true })
    .font(fonts.regular)
    .text(entry.matchedOn.map((m) => t(`subjectAccess.match.${m}`)).join(', '));
  const kiosk = entry.kiosk ?? {};
  const hub = entry.hub?.data ?? {};
  const contact = (hub['contact'] && typeof hub['contact'] === 'object' ? hub['contact'] : {}) as Record<string, unknown>;
  // A copy pulled from the hub lacks the contact and the details: the hub's record comes first for it.
  const hubFirst = kiosk['origin'] === 'hub' || entry.kiosk === null;
  const present = (...values: unknown[]) => values.find((value) => value !== null && value !== undefined && value !== '');
  const pick = (column: string, key: string) => (hubFirst ? present(hub[key], kiosk[column]) : present(kiosk[column], hub[key]));
  field(doc, fonts, t, 'raised', pick('created_at', 'createdAt'));
  field(doc, fonts, t, 'topic', pick('topic_id', 'topic'));
  field(doc, fonts, t, 'status', entry.hub?.status ?? kiosk['status']);
  field(doc, fonts, t, 'channel', pick('channel', 'channel'));
  field(doc, fonts, t, 'place', pick('location', 'location'));
  field(doc, fonts, t, 'summary', pick('summary', 'summary'));
  field(doc, fonts, t, 'details', pick('details', 'details'));
  field(doc, fonts, t, 'outcome', entry.hub?.outcome ?? kiosk['outcome']);
  field(doc, fonts, t, 'language', pick('language', 'language'));
  field(doc, fonts, t, 'contactName', present(kiosk['contact_name'], contact['name']));
  field(doc, fonts, t, 'contactPhone', present(kiosk['contact_phone'], contact['phone']));
  field(doc, fonts, t, 'contactEmail', present(kiosk['contact_email'], contact['email']));
  const consentAt = text(present(kiosk['contact_consent_at'], contact['consentAt']));
  if (consentAt) {
    field(doc, fonts, t, 'consent', t('subjectAccess.consentGiven', { date: consentAt, purpose: text(present(kiosk['contact_purpose'], contact['purpose'])) }));
    field(doc, fonts, t, 'consentWording', present(kiosk['contact_wording'], contact['wording']));
  }
  field(doc, fonts, t, 'updated', pick('updated_at', 'updatedAt'));
  const list = (heading: string, lines: readonly string[]) => {
    doc.moveDown(0.3).font(fonts.bold).fontSize(10).text(t(heading));
    doc.font(fonts.regular).fontSize(9.5);
    for (const line of lines.length > 0 ? lines : [t('subjectAccess.nothing')]) doc.text(line, { indent: 10, paragraphGap: 1 });
  };
  list(
    'subjectAccess.history',
    entry.history.map((event) =>
      t('subjectAccess.event', {
        at: text(event['at']),
        action: text(event['action']),
        detail: event['to_status'] ? ` (${event['from_status'] ? `${text(event['from_status'])} → ` : ''}${text(event['to_status'])})` : '',
      }),
    ),
  );
  list('subjectAccess.reads', entry.reads.map((read) => t('subjectAccess.read', read)));
  list('subjectAccess.retention', entry.retention.map((row) => t('subjectAccess.retained', { at: text(row['run_at']), kind: text(row['kind']) })));
  list('subjectAccess.erasures', entry.erasures.map((erasure) => t('subjectAccess.erased', { at: erasure.at, reason: erasure.reason })));
}

export async function subjectAccessPdf(document: SubjectDocument, assetsDir?: string): Promise<Uint8Array> {
  const t = documentTranslator();
  const fonts = fontFiles(assetsDir);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    font: fonts.regular,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: t('subjectAccess.title'),
      Subject: t('subjectAccess.subject', { kind: t(`subjectAccess.kind.${document.searchedBy}`) }),
      CreationDate: new Date(document.exportedAt),
    },
  });
  const bytes = collect(doc);
  doc.font(fonts.bold).fontSize(18).text(t('subjectAccess.title'));
  doc.font(fonts.regular).fontSize(10).text(produced(t, document.exportedAt)).moveDown(0.5);
  doc.fontSize(10.5).text(t('subjectAccess.intro')).moveDown(0.4);
  doc
    .font(fonts.bold)
    .text(t('label', { label: t('subjectAccess.searchedBy') }), { continued: true })
    .font(fonts.regular)
    .text(t(`subjectAccess.kind.${document.searchedBy}`));
  doc.moveDown(0.4).font(fonts.bold).fontSize(12).text(t('subjectAccess.hub.heading'));
  const hub = document.hub;
  doc
    .font(hub.state === 'unreachable' ? fonts.bold : fonts.regular)
    .fontSize(10.5)
    .text(
      hub.state === 'searched'
        ? t('subjectAccess.hub.searched', { forum: hub.forumId, count: hub.found })
        : hub.state === 'not-configured'
          ? t('subjectAccess.hub.notConfigured')
          : t('subjectAccess.hub.unreachable', { reason: hub.reason }),
    );
  if (document.enquiries.length === 0) doc.moveDown().text(t('subjectAccess.none'));
  for (const entry of document.enquiries) enquiry(doc, fonts, t, entry);
  doc.end();
  return bytes;
}
