/**
 * `npm run bench` (exports part): the forum's export writers on a large forum, each figure next to
 * anchors measured in the same run. Not a test: nothing here passes or fails.
 *
 * - Input: an IssuesDocument of 10,000 seeded issues (summaries of realistic length, from a short
 *   line to a long paragraph, some in Polish, Romanian or Urdu; a third with an outcome) and an
 *   AgendaPack of 40 items, built directly as publication.ts would hand them over.
 * - Timed: `issuesCsv`, `issuesJson`, `issuesPdf` and `issuesDocx` on the 10,000 issues, and
 *   `agendaPdf` and `agendaDocx` on the 40 items: median and p95 over several runs (fewer for the
 *   heavy ones), output size, and issues (or items) a second at the median.
 * - Anchors: `JSON.stringify` of the same 10,000 issues (the least any export of them can cost),
 *   and writing the CSV's bytes to a file in the temp folder followed by fsync (what saving the
 *   smallest export to disk costs).
 * - Memory: each writer once in a fresh process (this script, EXPORT_BENCH_CHILD=<writer>), its
 *   peak resident set against a fresh process that only builds the documents.
 *
 * EXPORT_BENCH_ISSUES changes the issue count (default 10,000); EXPORT_BENCH_RUNS the runs of the
 * heavy writers (default 3; the others run 5 times as many).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agendaDocx, agendaPdf, issuesDocx, issuesPdf } from '../../electron/backend/exports';
import { TOPICS, BODIES, type Body, type Topic } from '../../shared/directory/topics';
import type { EnquiryStatus } from '../../shared/enquiries/model';
import { issuesJson } from '../../shared/forums/committeeJson';
import { issuesCsv } from '../../shared/forums/csv';
import type { AgendaPack, DocumentTranslate, IssueRecord, IssuesDocument, PackItem } from '../../shared/forums/exportModel';
import { DECISIONS, REFERRALS } from '../../shared/forums/model';
import { documentTranslator } from '../../shared/i18n/documents';
import { Random } from '../support/random';
import { makeTempDir } from '../support/tempDir';

const SEED = 20261201;
const ISSUES = Number(process.env['EXPORT_BENCH_ISSUES'] ?? 10_000);
const HEAVY_RUNS = Number(process.env['EXPORT_BENCH_RUNS'] ?? 3);
const LIGHT_RUNS = HEAVY_RUNS * 5;
const ITEMS = 40;

const ms = (value: number) => `${value.toFixed(1)} ms`;
const secs = (value: number) => `${(value / 1000).toFixed(2)} s`;
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`);

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

// ---------------------------------------------------------------------------------------------------
// Seeded documents.

const random = new Random(SEED);

const STREETS = ['Church Street', 'Station Road', 'Mill Lane', 'Heath Road', 'Forge Close', 'Talbot Street', 'Anson Street', 'Sandy Lane', 'Lichfield Street', 'Bryans Lane', 'Hagley Drive', 'Elmore Park'];
const AREAS = ['Rugeley', 'Brereton', 'Etchinghill', 'Slitting Mill'];
const PROBLEMS = [
  'not collected again', 'broken for weeks', 'getting worse every day', 'reported twice already', 'dangerous for children on the way to school',
  'still not fixed', 'needs urgent attention', 'causing problems for the older residents', 'blocking the path for wheelchairs and pushchairs',
  'left there for days', 'happening every night after the pubs close', 'nobody has been out yet', 'really unsafe after dark',
];
const PLACES = ['outside number 12', 'near the primary school', 'by the shops on the parade', 'behind the flats', 'next to the bus stop', 'opposite the park gates', 'by the garages'];
const DETAILS = [
  'Neighbours have noticed it too and some have rung the council already.',
  'The resident brought photos and is happy to be contacted about it.',
  'This is the third time this year; last time it took a month to sort out.',
  'Children walk past here every morning and the pavement is narrow.',
  'A car was damaged last week and the owner wants to know who to claim from.',
];
/** Residents write in their own language; the documents keep their words (Noto Sans lacks Urdu: boxes). */
const OWN_WORDS = [
  'Pan Dąbrowski mówi, że śmieci nie zostały odebrane od dwóch tygodni.',
  'Doamna Ștefănescu spune că lampa de pe stradă nu funcționează.',
  'گلی کی بتی دو ہفتوں سے خراب ہے',
];
const OUTCOMES = [
  'Referred to County Highways; a repair is booked for the next programme.',
  'Cleared by the district council street scene team.',
  'Raised at the PACT meeting; patrols increased in the evenings.',
  'Carried forward: the county council has asked for more information.',
  'Closed: the resident confirmed the collection has restarted.',
];
const STATUSES: readonly EnquiryStatus[] = ['new', 'for-forum', 'on-agenda', 'outcome-recorded', 'closed', 'referred', 'resolved-at-desk'];

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Mostly a line or two, sometimes a long paragraph, as people describe a problem at a desk. */
function summaryFor(topic: Topic, street: string): string {
  const word = random.pick(topic.words);
  let text = `${capitalise(word)} on ${street} ${random.pick(PROBLEMS)}, ${random.pick(PLACES)}.`;
  const more = random.float();
  if (more > 0.45) text += ` ${random.pick(DETAILS)}`;
  if (more > 0.8) text += ` ${random.pick(DETAILS)} ${random.pick(DETAILS)}`;
  if (more > 0.97) text += ` ${random.pick(DETAILS)} ${random.pick(DETAILS)} ${random.pick(DETAILS)}`;
  if (random.chance(0.04)) text += ` ${random.pick(OWN_WORDS)}`;
  return text;
}

function issuesDocument(): IssuesDocument {
  const issues: IssueRecord[] = [];
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < ISSUES; i++) {
    const topic = random.pick(TOPICS);
    const street = random.pick(STREETS);
    const area = random.chance(0.8) ? random.pick(AREAS) : null;
    const status = random.pick(STATUSES);
    const body: Body = random.chance(0.9) ? (topic.bodies[0] ?? 'district') : random.pick(BODIES);
    issues.push({
      reference: `RUG-K${random.int(1, 4)}-${String(i + 1).padStart(6, '0')}`,
      raisedOn: new Date(start + Math.floor((i / ISSUES) * 270) * 86_400_000).toISOString().slice(0, 10),
      topicId: topic.id,
      body,
      area,
      location: `${random.chance(0.5) ? `${random.int(1, 180)} ` : ''}${street}${area ? `, ${area}` : ''}`,
      summary: summaryFor(topic, street),
      status,
      outcome: status === 'outcome-recorded' || status === 'closed' || random.chance(0.1) ? random.pick(OUTCOMES) : null,
      mergedInto: random.chance(0.04) ? `RUG-K1-${String(random.int(1, i + 1)).padStart(6, '0')}` : null,
    });
  }
  return { audience: 'internal', forumId: 'rugeley', forumName: 'Rugeley Community Forum', from: '2025-01-01', to: '2025-09-30', generatedAt: '2025-10-01T09:30:00.000Z', issues };
}

function agendaPack(issues: readonly IssueRecord[]): AgendaPack {
  const items: PackItem[] = Array.from({ length: ITEMS }, (_, index) => {
    const raised = issues.slice(index * 5, index * 5 + random.int(1, 5));
    const decided = random.chance(0.7);
    return {
      number: index + 1,
      title: `${capitalise(random.pick(random.pick(TOPICS).words))} on ${random.pick(STREETS)}`,
      summary: raised.map((issue) => issue.summary).join(' '),
      restricted: random.chance(0.1),
      referral: random.pick(REFERRALS),
      referralBody: 'Staffordshire County Council Highways',
      raisedBy: raised.length,
      references: raised.map((issue) => issue.reference),
      decision: decided ? random.pick(DECISIONS) : null,
      outcome: decided ? random.pick(OUTCOMES) : null,
      minute: decided ? `${random.pick(DETAILS)} ${random.pick(DETAILS)}` : null,
    };
  });
  return {
    audience: 'internal',
    forumId: 'rugeley',
    forumName: 'Rugeley Community Forum',
    meeting: { date: '2025-10-14', startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false },
    chairName: 'Cllr Anita Patel',
    generatedAt: '2025-10-07T08:15:00.000Z',
    items,
  };
}

// ---------------------------------------------------------------------------------------------------

type Output = Uint8Array | string;

/** The writers timed, by name; `count` and `unit` say what one run writes. */
function writers(doc: IssuesDocument, pack: AgendaPack, t: DocumentTranslate) {
  return {
    issuesCsv: { count: ISSUES, unit: 'issues', runs: LIGHT_RUNS, write: (): Output => issuesCsv(doc, t) },
    issuesJson: { count: ISSUES, unit: 'issues', runs: LIGHT_RUNS, write: (): Output => issuesJson(doc) },
    agendaPdf: { count: ITEMS, unit: 'items', runs: LIGHT_RUNS, write: (): Promise<Output> => agendaPdf(pack, t) },
    agendaDocx: { count: ITEMS, unit: 'items', runs: LIGHT_RUNS, write: (): Promise<Output> => agendaDocx(pack, t) },
    issuesPdf: { count: ISSUES, unit: 'issues', runs: HEAVY_RUNS, write: (): Promise<Output> => issuesPdf(doc, t) },
    issuesDocx: { count: ISSUES, unit: 'issues', runs: HEAVY_RUNS, write: (): Promise<Output> => issuesDocx(doc, t) },
  } as const;
}
type WriterName = keyof ReturnType<typeof writers>;
const WRITER_NAMES: readonly WriterName[] = ['issuesCsv', 'issuesJson', 'agendaPdf', 'agendaDocx', 'issuesPdf', 'issuesDocx'];

interface Measured {
  readonly median: number;
  readonly p95: number;
  readonly runs: number;
  readonly bytes: number;
  /** PDF pages, when the output is a PDF. */
  readonly pages: number | null;
}

function pdfPages(output: Output): number | null {
  if (typeof output === 'string') return null;
  const text = Buffer.from(output.buffer, output.byteOffset, output.byteLength).toString('latin1');
  // pdfkit writes its page objects uncompressed: "/Type /Page" (not "/Pages").
  return text.startsWith('%PDF-') ? (text.match(/\/Type \/Page\b(?!s)/g)?.length ?? 0) : null;
}

/** Runs `work` once untimed (warm-up), then `runs` times; the output of the last run is measured. */
async function measure(runs: number, work: () => Promise<Output> | Output): Promise<Measured> {
  let output = await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    output = await work();
    samples.push(performance.now() - start);
  }
  const sorted = samples.toSorted((a, b) => a - b);
  const bytes = typeof output === 'string' ? Buffer.byteLength(output) : output.byteLength;
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), runs, bytes, pages: pdfPages(output) };
}

// ---------------------------------------------------------------------------------------------------
// Memory: each writer run once in a fresh process, whose peak resident set is read at its end; the
// anchor is a fresh process that builds the same documents and writes nothing. In one process the
// figure would carry whatever the runs before it left for the collector.

const CHILD = process.env['EXPORT_BENCH_CHILD'];

/** Peak RSS in MiB of this script run as a child that builds the documents and runs `writer` once ('none': nothing). */
function childPeakRss(writer: WriterName | 'none'): number {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, EXPORT_BENCH_CHILD: writer },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const peak = /^peak-rss-kib (\d+)$/m.exec(out)?.[1];
  if (peak === undefined) throw new Error(`the ${writer} child printed no peak: ${out}`);
  return Math.round(Number(peak) / 1024);
}

const t = documentTranslator();
const doc = issuesDocument();
const pack = agendaPack(doc.issues);
const table = writers(doc, pack, t);

if (CHILD !== undefined) {
  if (CHILD !== 'none') await table[CHILD as WriterName].write();
  console.log(`peak-rss-kib ${process.resourceUsage().maxRSS}`);
  process.exit(0);
}

console.log('onestop bench (exports)');
const started = performance.now();
const summaryLengths = doc.issues.map((issue) => issue.summary.length).toSorted((a, b) => a - b);
console.log(
  `${ISSUES.toLocaleString('en-GB')} issues (seed ${SEED}): summary length median ${percentile(summaryLengths, 50)}, p95 ${percentile(summaryLengths, 95)}, ` +
    `max ${summaryLengths.at(-1)} characters; ${doc.issues.filter((i) => i.outcome !== null).length.toLocaleString('en-GB')} with an outcome. ` +
    `Agenda: ${ITEMS} items. Runs: ${LIGHT_RUNS} (CSV, JSON, anchors, agenda), ${HEAVY_RUNS} (PDF and DOCX of the issues), each after one untimed warm-up.`,
);

const dir = makeTempDir('onestop-bench-exports-');
try {
  const anchorJson = await measure(LIGHT_RUNS, () => JSON.stringify(doc.issues));
  const csvBytes = Buffer.from(issuesCsv(doc, t), 'utf8');
  const file = join(dir.path, 'issues.csv');
  const anchorWrite = await measure(LIGHT_RUNS, () => {
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, csvBytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return csvBytes;
  });
  const timed: { what: string; count: number; unit: string; result: Measured }[] = [
    { what: 'anchor: JSON.stringify(issues)', count: ISSUES, unit: 'issues', result: anchorJson },
    { what: 'anchor: write CSV bytes + fsync', count: ISSUES, unit: 'issues', result: anchorWrite },
  ];
  for (const name of WRITER_NAMES) {
    const writer = table[name];
    timed.push({ what: name, count: writer.count, unit: writer.unit, result: await measure(writer.runs, writer.write) });
  }
  console.table(
    timed.map(({ what, count, unit, result }) => ({
      writer: what,
      input: `${count.toLocaleString('en-GB')} ${unit}`,
      runs: result.runs,
      median: ms(result.median),
      p95: ms(result.p95),
      output: size(result.bytes) + (result.pages === null ? '' : `, ${result.pages} pages`),
      'per second': `${Math.round((count * 1000) / result.median).toLocaleString('en-GB')} ${unit}`,
      'median / JSON.stringify': unit === 'issues' ? `${(result.median / anchorJson.median).toFixed(1)}x` : '',
      'median / CSV write+fsync': `${(result.median / anchorWrite.median).toFixed(1)}x`,
    })),
  );
  console.log(
    `anchors: JSON.stringify of the ${ISSUES.toLocaleString('en-GB')} issues ${ms(anchorJson.median)} (${size(anchorJson.bytes)}); ` +
      `writing the ${size(anchorWrite.bytes)} CSV and fsync ${ms(anchorWrite.median)} (temp dir ${dir.path}).`,
  );
} finally {
  dir.remove();
}

console.log('\nPeak memory: each writer once in a fresh process (the same seeded documents), against a process that only builds them.');
const baseline = childPeakRss('none');
console.table([
  { process: 'anchor: builds the documents, writes nothing', 'peak RSS': `${baseline} MiB`, 'above the anchor': '' },
  ...WRITER_NAMES.map((name) => {
    const peak = childPeakRss(name);
    return { process: `builds them, then ${name} once`, 'peak RSS': `${peak} MiB`, 'above the anchor': `${peak - baseline} MiB` };
  }),
]);
console.log(`\nexports bench took ${secs(performance.now() - started)}`);
