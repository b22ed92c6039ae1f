/** The export writers that need Node (pdfkit, docx, ics); CSV and JSON are pure and live in shared/forums. */
export { agendaPdf, issuesPdf, type PdfOptions } from './pdf';
export { agendaDocx, issuesDocx } from './docx';
export { meetingsIcs, type IcsOptions } from './ics';
export { fontFiles, type FontFiles } from './fonts';
