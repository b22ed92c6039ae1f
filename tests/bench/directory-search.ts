/**
 * `npm run bench` (second part): the services directory search, against Fuse.js over the same
 * services in the same run. Not a test: nothing here passes or fails.
 *
 * For 1k and 20k services (the 96 samples plus seeded variants, tests/bench/generateDirectory.ts):
 * - one-off costs: generating, importing the ORUK JSON (validation, write, FTS5 index), loading the
 *   search vocabulary, building the Fuse.js index;
 * - per-keystroke latency: every prefix of each typed query ("p", "po", ... "pothole") through
 *   `searchServices` (FTS5 + typo correction + ranking) and through `fuse.search`, p50/p95 and the
 *   ratio Fuse/ours;
 * - top-5 hit rate on a fixed query set with known right answers (typos, partial words, people's
 *   words): a hit is a right sample service, or a generated variant of one, in the first five.
 */
import { join } from 'node:path';
import Fuse, { type IFuseOptions } from 'fuse.js';
import { SearchVocabulary, searchServices } from '../../db/directorySearch';
import { importOrukJson, migrate, openDatabase } from '../../db';
import type { OrukServiceInput } from '../../shared/directory/oruk';
import { findTopic } from '../../shared/directory/topics';
import { makeTempDir } from '../support/tempDir';
import { generateDirectory, sampleServices, templateIdOf } from './generateDirectory';

const SEED = 20260901;
const LIMIT = 20; // What the kiosk asks for (electron/backend/directory.ts).
/**
 * Per size: passes over the typed queries, and which keystrokes are timed (every `stride`th prefix,
 * and always the whole query). Fewer at 20k, where one Fuse.js search takes most of a second.
 */
const PLAN: Readonly<Record<number, { passes: number; stride: number }>> = {
  1000: { passes: 3, stride: 1 },
  20000: { passes: 1, stride: 3 },
};
const SIZES = [1000, 20000] as const;

/** What residents type, keystroke by keystroke. */
const TYPED = [
  'pothole',
  'missed bin',
  'council tax',
  'recycling',
  'doctor',
  'dentist',
  'library',
  'fly tipping',
  'housing benefit',
  'street light',
  'noise',
  'blue badge',
  'mental health',
  'leisure centre',
  'register a birth',
] as const;

const GP = ['svc-gp-registration', 'svc-gp-help-oss', 'svc-gp-chadsmoor', 'svc-gp-hednesford', 'svc-gp-rugeley', 'svc-gp-norton-canes'];
const POTHOLE = ['svc-report-pothole', 'svc-highways-at-oss'];
const COUNCIL_TAX = ['svc-council-tax-account', 'svc-council-tax-discounts', 'svc-council-tax-arrears', 'svc-council-tax-help-oss'];
const DENTIST = ['svc-find-a-dentist', 'svc-urgent-dental'];
const TIP = ['svc-hwrc-cannock', 'svc-hwrc-rugeley'];
const LIBRARY = ['svc-library-cannock', 'svc-library-hednesford', 'svc-library-rugeley', 'svc-library-norton-canes', 'svc-library-desk-oss'];
const LEISURE = ['svc-chase-leisure-centre', 'svc-rugeley-leisure-centre'];
const ASB = ['svc-asb-council', 'svc-asb-police'];
const MENTAL_HEALTH = ['svc-mental-health-crisis', 'svc-talking-therapies', 'svc-camhs'];
const JOBCENTRE = ['svc-jobcentre-cannock', 'svc-jobcentre-oss'];
const STREET_CLEANING = ['svc-street-cleaning'];

type Kind = 'exact' | 'typo' | 'partial' | "people's word";

/** The fixed query set: what a resident types, and the services a council officer would want first. */
const FIXED: readonly { query: string; kind: Kind; expected: readonly string[] }[] = [
  { query: 'pothole', kind: 'exact', expected: POTHOLE },
  { query: 'potholes', kind: 'exact', expected: POTHOLE },
  { query: 'potholl', kind: 'typo', expected: POTHOLE },
  { query: 'pot hole', kind: 'typo', expected: [...POTHOLE, 'svc-highways-emergency'] },
  { query: 'recyc', kind: 'partial', expected: ['svc-recycling-collections', ...TIP] },
  { query: 'councl tax', kind: 'typo', expected: COUNCIL_TAX },
  { query: 'council ta', kind: 'partial', expected: COUNCIL_TAX },
  { query: 'bin', kind: "people's word", expected: ['svc-bin-collection-days', 'svc-missed-bin', 'svc-new-bin'] },
  { query: 'missed bin', kind: "people's word", expected: ['svc-missed-bin'] },
  { query: 'GP', kind: "people's word", expected: GP },
  { query: 'doctor', kind: "people's word", expected: GP },
  { query: 'docter', kind: 'typo', expected: GP },
  { query: 'dentist', kind: 'exact', expected: DENTIST },
  { query: 'dentsit', kind: 'typo', expected: DENTIST },
  { query: 'dent', kind: 'partial', expected: DENTIST },
  { query: 'toothache', kind: "people's word", expected: ['svc-urgent-dental', 'svc-find-a-dentist'] },
  { query: 'tip', kind: "people's word", expected: TIP },
  { query: 'the tip', kind: "people's word", expected: TIP },
  { query: 'rugeley tip', kind: "people's word", expected: ['svc-hwrc-rugeley'] },
  { query: 'fly tipping', kind: 'exact', expected: ['svc-fly-tipping'] },
  { query: 'flytipping', kind: "people's word", expected: ['svc-fly-tipping'] },
  { query: 'rubbish dumped', kind: "people's word", expected: ['svc-fly-tipping'] },
  { query: 'noise', kind: 'exact', expected: ['svc-noise'] },
  { query: 'loud music', kind: "people's word", expected: ['svc-noise'] },
  { query: 'rats', kind: "people's word", expected: ['svc-pest-control'] },
  { query: 'street light', kind: 'exact', expected: ['svc-street-lights', 'svc-highways-at-oss'] },
  { query: 'streetlight broken', kind: "people's word", expected: ['svc-street-lights', 'svc-highways-at-oss'] },
  { query: 'library', kind: 'exact', expected: LIBRARY },
  { query: 'libary', kind: 'typo', expected: LIBRARY },
  { query: 'hednesford library', kind: 'exact', expected: ['svc-library-hednesford'] },
  { query: 'register a birth', kind: 'exact', expected: ['svc-register-a-birth'] },
  { query: 'wedding', kind: "people's word", expected: ['svc-ceremonies'] },
  { query: 'homeless', kind: 'exact', expected: ['svc-homelessness', 'svc-housing-advice-oss'] },
  { query: 'homel', kind: 'partial', expected: ['svc-homelessness', 'svc-housing-advice-oss'] },
  { query: 'housing benefit', kind: 'exact', expected: ['svc-housing-benefit', 'svc-council-tax-help-oss'] },
  { query: 'housing benifit', kind: 'typo', expected: ['svc-housing-benefit', 'svc-council-tax-help-oss'] },
  { query: 'rent arrears', kind: "people's word", expected: ['svc-council-tenancy'] },
  { query: 'damp', kind: "people's word", expected: ['svc-private-housing', 'svc-housing-repairs'] },
  { query: 'parking', kind: "people's word", expected: ['svc-car-parks', 'svc-blue-badge'] },
  { query: 'leisure centre', kind: 'exact', expected: LEISURE },
  { query: 'leis', kind: 'partial', expected: LEISURE },
  { query: 'swimming', kind: "people's word", expected: LEISURE },
  { query: 'swiming', kind: 'typo', expected: LEISURE },
  { query: 'report crime', kind: 'exact', expected: ['svc-report-crime-online', 'svc-police-101', 'svc-police-front-counter'] },
  { query: 'antisocial', kind: 'exact', expected: ASB },
  { query: 'anti social', kind: "people's word", expected: ASB },
  { query: 'asb', kind: "people's word", expected: ASB },
  { query: 'mental health', kind: 'exact', expected: MENTAL_HEALTH },
  { query: 'depression', kind: "people's word", expected: ['svc-talking-therapies', 'svc-mental-health-crisis'] },
  { query: 'stop smoking', kind: 'exact', expected: ['svc-stop-smoking', 'svc-gp-help-oss'] },
  { query: 'jobcentre', kind: 'exact', expected: JOBCENTRE },
  { query: 'job centre', kind: "people's word", expected: JOBCENTRE },
  { query: 'universal credit', kind: 'exact', expected: ['svc-universal-credit', ...JOBCENTRE] },
  { query: 'college course', kind: "people's word", expected: ['svc-adult-courses'] },
  { query: 'english classes', kind: "people's word", expected: ['svc-esol'] },
  { query: 'smoke alarm', kind: "people's word", expected: ['svc-safe-and-well'] },
  { query: 'school bus', kind: "people's word", expected: ['svc-school-transport'] },
  { query: 'blue badge', kind: 'exact', expected: ['svc-blue-badge'] },
  { query: 'graffiti', kind: 'exact', expected: STREET_CLEANING },
  { query: 'grafitti', kind: 'typo', expected: STREET_CLEANING },
  { query: 'dog poo', kind: "people's word", expected: STREET_CLEANING },
  { query: 'scam', kind: "people's word", expected: ['svc-trading-standards'] },
  { query: 'planning permision', kind: 'typo', expected: ['svc-planning-applications'] },
  { query: 'sofa collection', kind: "people's word", expected: ['svc-bulky-waste'] },
  { query: 'garden waste', kind: 'exact', expected: ['svc-garden-waste'] },
  { query: 'grit', kind: "people's word", expected: ['svc-gritting'] },
  { query: 'domestic abuse', kind: 'exact', expected: ['svc-domestic-abuse'] },
  { query: 'volunteer', kind: 'exact', expected: ['svc-volunteer-centre'] },
];

/** Fuse.js as a developer would set it up for this directory. */
const FUSE_OPTIONS = {
  keys: [
    { name: 'name', weight: 3 },
    { name: 'topics', weight: 2 },
    { name: 'organisation', weight: 1 },
    { name: 'description', weight: 1 },
  ],
  threshold: 0.4,
  ignoreLocation: true,
} satisfies IFuseOptions<FuseDoc>;

interface FuseDoc {
  readonly id: string;
  readonly name: string;
  /** The topics' names and their people's words (TOPICS). */
  readonly topics: readonly string[];
  readonly organisation: string;
  readonly description: string;
}

function fuseDoc(service: OrukServiceInput): FuseDoc {
  const topics = new Set<string>();
  for (const attribute of service.attributes ?? []) {
    topics.add(attribute.taxonomy_term.name);
    for (const word of findTopic(attribute.taxonomy_term.code ?? '')?.words ?? []) topics.add(word);
  }
  return {
    id: service.id,
    name: service.name,
    topics: [...topics],
    organisation: service.organization.name,
    description: service.description,
  };
}

// ---------------------------------------------------------------------------------------------------

const samples = new Map(sampleServices().map((s) => [s.id, s]));
for (const { query, expected } of FIXED) {
  for (const id of expected) if (!samples.has(id)) throw new Error(`fixed query "${query}": no sample service ${id}`);
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const secs = (value: number) => `${(value / 1000).toFixed(2)} s`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

interface Timings {
  readonly samples: number[];
  readonly slowest: { query: string; ms: number }[];
}

function summary(timings: Timings) {
  const sorted = timings.samples.toSorted((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { calls: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? Number.NaN, mean };
}

function time<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

const nameOf = (services: ReadonlyMap<string, OrukServiceInput>, id: string) => `${id} "${services.get(id)?.name ?? '?'}"`;

interface SizeResult {
  readonly size: number;
  readonly ours: ReturnType<typeof summary>;
  readonly fuse: ReturnType<typeof summary>;
  readonly oursHits: number;
  readonly fuseHits: number;
  readonly oursStrict: number;
  readonly fuseStrict: number;
}

function benchSize(size: number): SizeResult {
  console.log(`\n=== ${size.toLocaleString('en-GB')} services ===`);
  const generated = time(() => generateDirectory(size, SEED));
  const services = generated.value;
  const byId = new Map(services.map((s) => [s.id, s]));
  const dir = makeTempDir('onestop-bench-search-');
  const db = openDatabase(join(dir.path, 'onestop.db'));
  try {
    migrate(db);
    const json = time(() => JSON.stringify({ contents: services }));
    const imported = time(() => importOrukJson(db, json.value, { fileName: 'generated.json' }));
    if (!imported.value.ok) throw new Error(`import failed: ${JSON.stringify(imported.value.errors.slice(0, 5))}`);
    const vocabulary = time(() => SearchVocabulary.load(db));
    const docs = time(() => services.map(fuseDoc));
    const fuse = time(() => new Fuse(docs.value, FUSE_OPTIONS));

    console.table([
      { step: `generate ${size} services (seed ${SEED})`, time: ms(generated.ms) },
      { step: `importOrukJson, one go (${(json.value.length / 1e6).toFixed(1)} MB JSON: validate, write, FTS5 + trigram index)`, time: ms(imported.ms) },
      { step: `SearchVocabulary.load (${vocabulary.value.size} terms)`, time: ms(vocabulary.ms) },
      { step: 'Fuse.js: flatten the same services to documents', time: ms(docs.ms) },
      { step: 'Fuse.js: new Fuse(docs, options) (builds its index)', time: ms(fuse.ms) },
    ]);

    const ours: Timings = { samples: [], slowest: [] };
    const theirs: Timings = { samples: [], slowest: [] };
    const runOurs = (query: string) => searchServices(db, vocabulary.value, query, LIMIT).hits.map((h) => h.serviceId);
    const runFuse = (query: string) => fuse.value.search(query, { limit: LIMIT }).map((r) => r.item.id);
    // Warm-up: statement caches, JIT.
    for (const typed of ['p', 'pot', 'pothole', 'council tax']) {
      runOurs(typed);
      runFuse(typed);
    }
    const { passes, stride } = PLAN[size] ?? { passes: 1, stride: 1 };
    const keystrokes = TYPED.flatMap((query) =>
      Array.from({ length: query.length }, (_, i) => i + 1)
        .filter((length) => (length - 1) % stride === 0 || length === query.length)
        .map((length) => query.slice(0, length)),
    );
    let flip = false;
    for (let pass = 0; pass < passes; pass++) {
      for (const typed of keystrokes) {
        // Alternate which engine goes first, so neither always runs on a warmer cache.
        const engines: [Timings, (q: string) => string[]][] = [
          [ours, runOurs],
          [theirs, runFuse],
        ];
        if (flip) engines.reverse();
        flip = !flip;
        for (const [timings, run] of engines) {
          const took = time(() => run(typed)).ms;
          timings.samples.push(took);
          if (pass === 0) timings.slowest.push({ query: typed, ms: took });
        }
      }
    }
    // Where only some keystrokes were timed (Fuse is slow), ours is cheap enough to time them all too.
    const oursAll: Timings = { samples: [], slowest: [] };
    if (stride > 1) {
      for (const query of TYPED) for (let i = 1; i <= query.length; i++) oursAll.samples.push(time(() => runOurs(query.slice(0, i))).ms);
    }
    const o = summary(ours);
    const f = summary(theirs);
    const which = stride === 1 ? 'every keystroke' : `every ${stride}rd keystroke and the whole query`;
    console.log(
      `\nPer keystroke: ${TYPED.length} queries typed letter by letter (${which}: ${keystrokes.length} prefixes), ` +
        `${passes} pass(es), limit ${LIMIT}; ours = the full searchServices call.`,
    );
    const row = (engine: string, t: ReturnType<typeof summary>) => ({
      engine,
      calls: t.calls,
      p50: ms(t.p50),
      p95: ms(t.p95),
      mean: ms(t.mean),
      max: ms(t.max),
    });
    console.table([
      row('ours (SQLite FTS5 + correction + ranking)', o),
      row('Fuse.js', f),
      ...(stride > 1 ? [row('ours, every keystroke (not in the ratio)', summary(oursAll))] : []),
    ]);
    console.log(`ratio Fuse/ours: ${(f.p50 / o.p50).toFixed(1)}x at p50, ${(f.p95 / o.p95).toFixed(1)}x at p95`);
    const slow = (t: Timings) =>
      t.slowest
        .toSorted((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((s) => `"${s.query}" ${ms(s.ms)}`)
        .join(', ');
    console.log(`slowest keystrokes, ours: ${slow(ours)}`);
    console.log(`slowest keystrokes, Fuse: ${slow(theirs)}`);

    // Top-5 hit rate.
    const rows: { query: string; kind: Kind; ours: string; fuse: string }[] = [];
    const misses: { engine: string; query: string; got: string }[] = [];
    let oursHits = 0;
    let fuseHits = 0;
    let oursStrict = 0;
    let fuseStrict = 0;
    for (const { query, kind, expected } of FIXED) {
      const result = searchServices(db, vocabulary.value, query, LIMIT);
      const oursTop = result.hits.slice(0, 5).map((h) => h.serviceId);
      const fuseTop = runFuse(query).slice(0, 5);
      const hit = (top: readonly string[]) => top.some((id) => expected.includes(templateIdOf(id)));
      const strict = (top: readonly string[]) => top.some((id) => expected.includes(id));
      const oursHit = hit(oursTop);
      const fuseHit = hit(fuseTop);
      if (oursHit) oursHits += 1;
      if (fuseHit) fuseHits += 1;
      if (strict(oursTop)) oursStrict += 1;
      if (strict(fuseTop)) fuseStrict += 1;
      rows.push({ query, kind, ours: oursHit ? 'hit' : 'MISS', fuse: fuseHit ? 'hit' : 'MISS' });
      const got = (top: readonly string[]) => (top.length === 0 ? '(nothing)' : top.slice(0, 3).map((id) => nameOf(byId, id)).join('; '));
      if (!oursHit) {
        const topics = result.topics.map((t) => t.id).join(', ') || 'none';
        misses.push({ engine: 'ours', query, got: `${got(oursTop)} [topics: ${topics}]` });
      }
      if (!fuseHit) misses.push({ engine: 'Fuse', query, got: got(fuseTop) });
    }
    const n = FIXED.length;
    const pct = (k: number) => `${k}/${n} (${((100 * k) / n).toFixed(0)}%)`;
    console.log(`\nTop-5 hit rate on ${n} fixed queries (hit: a right sample service, or a generated variant of one, in the first 5; strict: the sample itself).`);
    console.table([
      { engine: 'ours', 'top-5 hit rate': pct(oursHits), strict: pct(oursStrict) },
      { engine: 'Fuse.js', 'top-5 hit rate': pct(fuseHits), strict: pct(fuseStrict) },
    ]);
    const byKind = new Map<Kind, { n: number; ours: number; fuse: number }>();
    for (const row of rows) {
      const k = byKind.get(row.kind) ?? { n: 0, ours: 0, fuse: 0 };
      k.n += 1;
      if (row.ours === 'hit') k.ours += 1;
      if (row.fuse === 'hit') k.fuse += 1;
      byKind.set(row.kind, k);
    }
    console.table([...byKind].map(([kind, k]) => ({ kind, queries: k.n, ours: `${k.ours}/${k.n}`, fuse: `${k.fuse}/${k.n}` })));
    if (misses.length === 0) console.log('Missed queries: none.');
    else {
      console.log('Missed queries (first 3 results returned instead):');
      for (const miss of misses.filter((m) => m.engine === 'ours')) console.log(`  ours  "${miss.query}" -> ${miss.got}`);
      for (const miss of misses.filter((m) => m.engine === 'Fuse')) console.log(`  Fuse  "${miss.query}" -> ${miss.got}`);
    }
    return { size, ours: o, fuse: f, oursHits, fuseHits, oursStrict, fuseStrict };
  } finally {
    db.close();
    dir.remove();
  }
}

console.log('onestop bench (directory search): ours (SQLite FTS5, db/directorySearch.ts) vs Fuse.js over the same services');
console.log(
  `Fuse.js options: keys name (weight 3), topics = topic names + people's words (2), organisation name (1), description (1); ` +
    `threshold ${FUSE_OPTIONS.threshold}, ignoreLocation ${String(FUSE_OPTIONS.ignoreLocation)}, other options default; search limit ${LIMIT}.`,
);
const started = performance.now();
const results = SIZES.map(benchSize);
const n = FIXED.length;
console.log('\n=== summary ===');
console.table(
  results.map((r) => ({
    services: r.size,
    'ours p50': ms(r.ours.p50),
    'ours p95': ms(r.ours.p95),
    'Fuse p50': ms(r.fuse.p50),
    'Fuse p95': ms(r.fuse.p95),
    'Fuse/ours p50': `${(r.fuse.p50 / r.ours.p50).toFixed(1)}x`,
    'Fuse/ours p95': `${(r.fuse.p95 / r.ours.p95).toFixed(1)}x`,
    'ours top-5': `${r.oursHits}/${n}`,
    'Fuse top-5': `${r.fuseHits}/${n}`,
  })),
);
console.log(`directory search bench took ${secs(performance.now() - started)}`);
