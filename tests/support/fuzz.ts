/**
 * Property-based fuzzing of the kiosk's IPC channels and the hub's routes (issue 8): fast-check
 * arbitraries for every channel's input and every route's request, and the two harnesses that send
 * them to a real backend (real SQLite file) and a real hub (127.0.0.1, real SQLite file) and judge
 * the answer. The tests (`integration/fuzz-ipc.test.ts`, `fuzz-hub.test.ts`) and the bench
 * (`bench/fuzz.ts`) share all of it, so the oracle is the same whatever the number of runs.
 *
 * Inputs are either *valid-ish* (built per channel from its schema's shape, hand-written rather than
 * derived from `z.toJSONSchema`: the schemas lean on transforms, pipes and refinements that a JSON
 * Schema export drops or refuses, and hand-written ones can point at records that exist) or
 * *hostile* (wrong types, missing and extra fields, huge strings, deep nesting, `__proto__` keys,
 * NaN/Infinity/-0, lone surrogates, NUL, bidi overrides, zero-width characters, SQL and FTS
 * metacharacters). Records the kiosk or hub made (their ids are random UUIDs) are named
 * symbolically (`$enquiry#3`: the fourth enquiry in creation order) and resolved just before the
 * call, so a seed replays the same logical calls and a counterexample stays readable.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync } from 'node:fs';
import { request as httpRequest, validateHeaderName, validateHeaderValue } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { openDatabase, type Database } from '../../db';
import { CHANNEL_NAMES, contract, type ChannelName } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { DISPLAY_MODES } from '../../shared/domain/settings';
import { STAFF_ROLES } from '../../shared/domain/roles';
import { LANGUAGE_CODES } from '../../shared/i18n/languages';
import { BODIES, TOPIC_GROUPS, TOPIC_IDS } from '../../shared/directory/topics';
import { ORUK_CSV_FILES } from '../../shared/directory/importReport';
import { ENQUIRY_STATUSES } from '../../shared/enquiries/model';
import { anonymisedEnquiryData } from '../../shared/enquiries/retention';
import { hubSubjectResponseSchema } from '../../shared/enquiries/subjectAccess';
import { AGENDA_FORMATS, DECISIONS, EXPORT_AUDIENCES, ISSUES_FORMATS, REFERRALS } from '../../shared/forums/model';
import enGB from '../../shared/i18n/locales/en-GB.json' with { type: 'json' };
import { hubErrorSchema } from '../../server/app';
import { forumIssuesResponseSchema } from '../../server/forumIssues';
import { hubDatabaseFile, startHub, type RunningHub } from '../../server/hub';
import type { NewDevice } from '../../server/store';
import { MAX_BODY_BYTES, pullResponseSchema, pushResponseSchema } from '../../shared/sync/protocol';
import { ADMIN, CHAIR, STAFF, addStaff, staffedKioskTemplate } from './kiosk';
import { deriveSeed } from './random';
import { makeTempDir } from './tempDir';

// ---------------------------------------------------------------------------------------------
// Settings: FUZZ_SEED replays a run, FUZZ_RUNS sets the runs per channel or route.

export interface FuzzSettings {
  /** The run's seed; each channel and route derives its own from it (`seedFor`). */
  readonly seed: number;
  readonly runs: number;
}

/** FUZZ_SEED and FUZZ_RUNS from the environment; a fixed seed by default, so CI is repeatable. */
export function fuzzSettings(defaultRuns: number, defaultSeed = 20261123): FuzzSettings {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : defaultSeed;
  const runs = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : defaultRuns;
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${process.env.FUZZ_SEED}`);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not ${process.env.FUZZ_RUNS}`);
  return { seed, runs };
}

/** The seed of one channel's or route's property: independent of the others' run counts. */
export function seedFor(settings: FuzzSettings, name: string): number {
  let index = 0;
  for (const char of name) index = (Math.imul(index, 31) + char.charCodeAt(0)) >>> 0;
  return deriveSeed(settings.seed, index) | 0;
}

/**
 * Channels whose accepted calls cost a scrypt PIN hash (about 0.1-0.2 s on a small machine, on
 * purpose) or end a signed-in session that the harness must then sign in again. They get a tenth
 * of the runs in CI (at least 30), so the file stays within its time; the bench gives them all.
 */
export const SLOW_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'auth:signIn',
  'auth:signOut',
  'kiosk:exit',
  'kiosk:setup',
  'staff:add',
  'staff:resetPin',
]);

// ---------------------------------------------------------------------------------------------
// Hostile values.

/** Text that has broken programs before: controls, bidi, zero-width, surrogates, SQL and FTS syntax, formulas, templates. */
export const NASTY_FRAGMENTS = [
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\uDBFF\uDC00',
  '\u202E',
  '\u2066',
  '\u200B',
  '\u200D',
  '\uFEFF',
  '\u0007',
  '\u001B[31m',
  '\r\n',
  '\r',
  '\t',
  "'",
  '"',
  '`',
  '\\',
  ';',
  '--',
  '/*',
  "'; DROP TABLE enquiries; --",
  "' OR '1'='1",
  '%',
  '_',
  '*',
  '^',
  ':',
  '(',
  ')',
  'NEAR(',
  'NEAR/2',
  'AND',
  'OR',
  'NOT',
  '"unterminated',
  'summary:',
  '{summary}:x',
  '-',
  '+',
  '=HYPERLINK("x")',
  '@SUM(A1)',
  '<script>alert(1)</script>',
  '${process}',
  '{{constructor}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'İ',
  'ß',
  'ǅ',
  'e\u0301',
  '👩‍👩‍👧',
  '🏴󠁧󠁢󠁥󠁮󠁧󠁿',
  'ﷺ',
  'ਸਤਿ ਸ੍ਰੀ',
  'اردو',
  'Ｒｕｇｅｌｅｙ',
  '٣',
  'RUG-K2-000001',
  '2026-02-30',
  '9999-12-31T23:59:59.999Z',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '0x10',
  '../../etc/passwd',
  '%00',
  '%ZZ',
  '%C0%80',
] as const;

/** A short string assembled from hostile fragments and arbitrary code points (lone surrogates included). */
export const shortNastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_FRAGMENTS) },
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...NASTY_FRAGMENTS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 8 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 6 }).map((units) => String.fromCharCode(...units)) },
);

/** Hostile strings, now and then huge. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: shortNastyString },
  {
    weight: 1,
    // Huge: past every length limit (the largest is 25 MB, the directory import's; this stays at a few MB to keep runs fast).
    arbitrary: fc.tuple(fc.constantFrom('x', 'é', '\u0000', '😀', ' ', 'a\u0301', '\uD800'), fc.integer({ min: 201, max: 300_000 })).map(([unit, n]) => unit.repeat(n)),
  },
);

/** Builds a value with an own `__proto__` property, as JSON.parse and structured clone can deliver it. */
function withOwnKey(key: string, value: unknown, base: Record<string, unknown> = {}): Record<string, unknown> {
  const object: Record<string, unknown> = { ...base };
  Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  return object;
}

function nested(depth: number, array: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
  return value;
}

/** Any value a renderer (or an attacker who took one over) could send through IPC. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      0,
      -1,
      1.5,
      2 ** 31,
      2 ** 53 + 2,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      null,
      undefined,
      true,
      false,
      '',
      ' ',
      [],
      {},
      10n,
      new Date(Number.NaN),
      new Date(8.64e15),
      new Uint8Array([0, 255]),
      new Map([['a', 1]]),
      new Set([1]),
    ),
  },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true, withMap: true, withSet: true }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => withOwnKey(key, value, { polluted: true })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 50, max: 5000 }), fc.boolean()).map(([depth, array]) => nested(depth, array)) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 100_000 }).map((n) => Array.from({ length: n }, (_, i) => i)) },
);

/** Keys worth adding to an object: prototype pollution and names a handler might trust. */
const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'role', 'staffId', 'forumId', 'id', 'sql', ''), shortNastyString);

type Path = readonly (string | number)[];

/** A plain object (fast-check's records are sometimes made without a prototype, as `Object.create(null)`). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function pathsOf(value: unknown, path: Path = [], out: Path[] = [], depth = 0): Path[] {
  // Only plain objects and arrays are containers to mutate inside; typed arrays, maps, dates are values.
  if (depth > 4 || !(Array.isArray(value) || isPlainObject(value))) return out;
  // Index by index: a sparse array's holes are paths too (Array#map would skip them).
  const entries: [string | number, unknown][] = Array.isArray(value) ? Array.from({ length: Math.min(value.length, 50) }, (_, index) => [index, value[index]]) : Object.entries(value);
  for (const [key, item] of entries) {
    out.push([...path, key]);
    pathsOf(item, [...path, key], out, depth + 1);
  }
  return out;
}

/** A copy of the plain objects and arrays near the top (where mutations land); deeper values are shared, never changed. */
function copy<T>(value: T, depth = 0): T {
  if (depth > 5) return value;
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => copy(value[i] as unknown, depth + 1)) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? (Object.create(null) as Record<string, unknown>) : {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) Object.defineProperty(out, k, { value: copy(v, depth + 1), enumerable: true, configurable: true, writable: true });
    return out as T;
  }
  return value;
}

type Mutation =
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'extra'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'whole'; readonly value: unknown }
  | { readonly kind: 'wrap' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.nat().map((at): Mutation => ({ kind: 'drop', at })) },
  { weight: 5, arbitrary: fc.tuple(fc.nat(), hostileValue).map(([at, value]): Mutation => ({ kind: 'replace', at, value })) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(), hostileKey, hostileValue).map(([at, key, value]): Mutation => ({ kind: 'extra', at, key, value })) },
  { weight: 1, arbitrary: hostileValue.map((value): Mutation => ({ kind: 'whole', value })) },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'wrap' }) },
);

/** Applies one mutation to a copy of `value`: a field dropped, replaced or added anywhere in it, or the whole replaced. */
export function applyMutation(value: unknown, change: Mutation): unknown {
  if (change.kind === 'whole') return change.value;
  if (change.kind === 'wrap') return [value];
  const result = copy(value);
  const paths = pathsOf(result);
  if (paths.length === 0) return change.kind === 'replace' ? change.value : result;
  const path = paths[change.at % paths.length]!;
  let parent = result as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (change.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (change.kind === 'replace') {
    parent[last] = change.value;
  } else {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
      Object.defineProperty(target, change.key, { value: change.value, enumerable: true, configurable: true, writable: true });
    } else {
      parent[last] = withOwnKey(change.key, change.value);
    }
  }
  return result;
}

/** Valid-ish inputs, the same with one or two hostile mutations, and wholly hostile values. */
export function validAndHostile(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    { weight: 4, arbitrary: fc.tuple(valid, mutation).map(([value, change]) => applyMutation(value, change)) },
    { weight: 1, arbitrary: fc.tuple(valid, mutation, mutation).map(([value, a, b]) => applyMutation(applyMutation(value, a), b)) },
    { weight: 1, arbitrary: hostileValue },
  );
}

// ---------------------------------------------------------------------------------------------
// Building blocks of valid-ish inputs.

/** Ordinary text of a length range, now and then with hostile fragments in it. */
function text(min: number, max: number): fc.Arbitrary<string> {
  const plain = fc.string({ minLength: min, maxLength: Math.min(max, 60) });
  // Words people type, padded or cut to the field's limits: the branch meant to get through.
  const words = fc
    .array(fc.constantFrom('Church', 'Street', 'pothole', 'bins', 'missed', 'Rugeley', 'noise', 'at', 'night', '12a', 'flat 3', 'Mrs', 'Smith', '07700 900123', 'jo@example.org'), { minLength: 1, maxLength: 10 })
    .map((parts) => parts.join(' ').padEnd(min, '.').slice(0, max));
  const spiced = fc.tuple(plain, fc.constantFrom(...NASTY_FRAGMENTS), plain).map(([a, b, c]) => `${a}${b}${c}`);
  const edge = fc.constantFrom('', ' ', 'x'.repeat(Math.max(0, min - 1)), 'x'.repeat(min), 'x'.repeat(max), 'x'.repeat(max + 1), `  ${'y'.repeat(min)}  `);
  return fc.oneof({ weight: 6, arbitrary: words }, { weight: 2, arbitrary: plain }, { weight: 2, arbitrary: spiced }, { weight: 1, arbitrary: edge });
}

/** Extra staff accounts the fuzzed staff channels may stop, reset and sign in as, beside the signed-in ones. */
export const VICTIMS = [
  { username: 'vic.staff', pin: '111222', role: 'staff' },
  { username: 'vic.chair', pin: '333444', role: 'chair' },
] as const;

const anyOf = <T>(values: readonly T[]) => fc.constantFrom(...values);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });
const uuid = fc.uuid({ version: 4 });
const isoDay = fc.oneof(
  { weight: 6, arbitrary: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom('2026-02-29', '2026-13-01', '0000-01-01', '9999-12-31', '2026-1-1', '') },
);
const isoInstant = fc.oneof(
  { weight: 6, arbitrary: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom('2026-03-29T01:30:00+01:00', '2026-10-25T01:30:00+00:00', '2026-07-01T12:00:00-12:00', '2026-07-01T12:00:00', '+275760-09-13T00:00:00.000Z') },
);
const language = anyOf(LANGUAGE_CODES);
const topicId = fc.oneof({ weight: 8, arbitrary: anyOf(TOPIC_IDS) }, { weight: 1, arbitrary: nastyString });
const forumId = fc.oneof({ weight: 6, arbitrary: anyOf(['rugeley', 'cannock', 'hednesford', 'norton-canes']) }, { weight: 1, arbitrary: fc.constantFrom('lichfield', 'Rugeley', 'rugeley-', '') });
const pin = fc.oneof(fc.stringMatching(/^[0-9]{6,12}$/), fc.constantFrom(ADMIN.pin, STAFF.pin, CHAIR.pin, '000000', '12345', '１２３４５６'));
const username = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(ADMIN.username, STAFF.username, CHAIR.username, VICTIMS[0].username, ' ADA.ADMIN ', 'nobody') },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9._-]{3,40}$/) },
  { weight: 1, arbitrary: nastyString },
);

/** A record the kiosk or hub made, by its position in creation order (resolved before the call). */
const ref = (pool: string) => fc.nat({ max: 40 }).map((index) => `$${pool}#${index}`);
/** The current version of the record whose `id` sits beside it (resolved before the call). */
const CURRENT_VERSION = '$version';
const version = fc.oneof({ weight: 3, arbitrary: fc.constant(CURRENT_VERSION) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 53, 1.5) });
const idOf = (pool: string) => fc.oneof({ weight: 4, arbitrary: ref(pool) }, { weight: 1, arbitrary: uuid });

const contact = fc.oneof(
  fc.constant(null),
  fc.record({
    name: text(0, 80),
    phone: fc.oneof(fc.constantFrom('01543 462621', '+44 7700 900123', '(01889) 583 111', '', '999'), text(0, 30)),
    email: fc.oneof(fc.constantFrom('jo@example.org', '', 'not-an-email', 'a@b'), text(0, 120)),
    purpose: fc.constantFrom('follow-up', 'marketing'),
  }),
);

/** An ORUK JSON file to import: a slice of the kiosk's own export, now and then torn. */
function orukJson(world: IpcWorld): fc.Arbitrary<string> {
  const parsed = JSON.parse(world.exportJson) as { contents: unknown[] } & Record<string, unknown>;
  const slice = fc.tuple(fc.nat({ max: parsed.contents.length - 1 }), fc.integer({ min: 0, max: 3 })).map(([start, count]) => {
    const contents = parsed.contents.slice(start, start + count);
    return JSON.stringify({ ...parsed, contents, total_items: contents.length, size: contents.length });
  });
  const torn = fc.tuple(slice, fc.nat()).map(([json, at]) => json.slice(0, at % (json.length + 1)));
  return fc.oneof({ weight: 4, arbitrary: slice }, { weight: 2, arbitrary: torn }, { weight: 1, arbitrary: fc.constantFrom('', '[]', '{}', 'null', '{"contents":null}', '\uFEFF{}') }, { weight: 1, arbitrary: nastyString });
}

function orukCsv(world: IpcWorld): fc.Arbitrary<Record<string, string>> {
  const fileName = fc.oneof({ weight: 5, arbitrary: anyOf(ORUK_CSV_FILES) }, { weight: 1, arbitrary: shortNastyString.filter((s) => s.length >= 1 && s.length <= 200) });
  const content = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...Object.values(world.exportCsv)) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...Object.values(world.exportCsv)), fc.nat()).map(([csv, at]) => csv.slice(0, at % (csv.length + 1))) },
    { weight: 1, arbitrary: fc.constantFrom('', 'id\n', '"unclosed\n', 'id,name\n1,"a""b"\n') },
    { weight: 1, arbitrary: nastyString },
  );
  const whole = fc.constant(Object.fromEntries(Object.entries(world.exportCsv).filter(([name]) => name !== '')));
  return fc.oneof({ weight: 3, arbitrary: fc.dictionary(fileName, content, { minKeys: 1, maxKeys: 4 }) }, { weight: 1, arbitrary: whole });
}

/** What the valid-ish inputs of some channels are built from: the kiosk's own directory export. */
export interface IpcWorld {
  readonly exportJson: string;
  readonly exportCsv: Readonly<Record<string, string>>;
}

const exportRequest = (audiences: readonly string[]) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('agenda'),
      meetingId: idOf('meeting'),
      format: anyOf(AGENDA_FORMATS),
      audience: anyOf(audiences),
      decisions: maybe(fc.dictionary(fc.string({ minLength: 1, maxLength: 60 }), fc.constantFrom('remove', 'keep'), { maxKeys: 4 })),
    }),
    fc.record({
      kind: fc.constant('issues'),
      forumId,
      from: isoDay,
      to: isoDay,
      format: anyOf(ISSUES_FORMATS),
      audience: anyOf(audiences),
      decisions: maybe(fc.dictionary(fc.string({ minLength: 1, maxLength: 60 }), fc.constantFrom('remove', 'keep'), { maxKeys: 4 })),
    }),
    fc.record({ kind: fc.constant('meetings'), forumId, format: fc.constant('ics') }),
  );

/** What staff type to find a person: names with accents and hyphens, phone numbers, emails, references, and junk. */
const subjectQuery = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Siân Owen', "o'brien-smith", 'S. Owen', '07700 900123', '+44 7700 900123', 'SIAN@EXAMPLE.ORG', 'rug k1 000001', 'x', '@', '+', '') },
  { weight: 2, arbitrary: text(0, 220) },
);

/** The valid-ish input of each channel, before any hostile mutation. */
export function validInputs(world: IpcWorld): { readonly [C in ChannelName]: fc.Arbitrary<unknown> } {
  const none = fc.constant(undefined);
  const signIn = fc.record({ username, pin: fc.oneof({ weight: 3, arbitrary: pin }, { weight: 1, arbitrary: text(1, 64) }) });
  return {
    'kiosk:status': none,
    'kiosk:setup': fc.record({
      unitId: fc.oneof(forumId, fc.constantFrom(' rugeley ', 'RUGELEY')),
      deviceCode: fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z][0-9]{1,3}$/) }, { weight: 1, arbitrary: fc.constantFrom('K1', 'd12', ' k7 ', 'K1000', 'KK', '') }),
      hubUrl: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('', 'http://hub.local:8080', 'https://[::1]/api', ' https://hub.example.org ') },
        { weight: 1, arbitrary: fc.constantFrom('ftp://x', 'http://user@host', 'javascript:alert(1)', 'http://*.evil', 'http://a b') },
        { weight: 1, arbitrary: text(0, 200) },
      ),
      defaultLanguage: language,
      displayMode: anyOf(DISPLAY_MODES),
      admin: fc.record({ displayName: text(1, 80), username: fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9._-]{3,40}$/) }, { weight: 1, arbitrary: username }), pin }),
    }),
    'units:list': none,
    'auth:signIn': signIn,
    'auth:signOut': none,
    'auth:session': none,
    'directory:info': none,
    'directory:search': fc.record(
      {
        query: fc.oneof(text(0, 200), fc.constantFrom('bins', 'council tax', 'binz', 'GP', 'pothole*', '"bin', 'NEAR(bin tax)', 'bin OR tax', '-bin', 'bin:', '^', '()', 'a'.repeat(200))),
        language,
      },
      { requiredKeys: ['query'] },
    ),
    'directory:browse': fc.record({ group: anyOf(TOPIC_GROUPS), topic: anyOf(TOPIC_IDS), body: anyOf(BODIES), language }, { requiredKeys: [] }),
    'directory:service': fc.record({ id: fc.oneof({ weight: 3, arbitrary: ref('service') }, { weight: 1, arbitrary: text(1, 100) }), language }, { requiredKeys: ['id'] }),
    'directory:import': fc.oneof(
      fc.record({ format: fc.constant('json'), fileName: fc.oneof(fc.constant('directory.json'), text(1, 200)), content: orukJson(world) }),
      fc.record({ format: fc.constant('csv'), files: orukCsv(world) }),
    ),
    'directory:export': fc.record({ format: fc.constantFrom('json', 'csv') }),
    'kiosk:exit': signIn,
    'staff:list': none,
    'staff:add': fc.record({
      displayName: text(1, 80),
      username,
      pin,
      role: anyOf(STAFF_ROLES),
      forumId: fc.oneof(fc.constant(null), forumId),
    }),
    'staff:setDisabled': fc.record({ id: idOf('staff'), disabled: fc.boolean() }),
    'staff:resetPin': fc.record({ id: idOf('staff'), pin }),
    'enquiries:raise': fc.record(
      { topicId, location: text(2, 120), summary: text(5, 200), contact, language },
      { requiredKeys: ['topicId', 'location', 'summary', 'contact'] },
    ),
    'enquiries:check': fc.record({
      reference: fc.oneof(
        { weight: 3, arbitrary: ref('reference') },
        { weight: 2, arbitrary: ref('reference').map((r) => `${r}~lower`) },
        { weight: 1, arbitrary: fc.constantFrom('RUG-K2-000001', 'rug k2 000001', 'RUGK2000001', 'RUG-K2-999999', 'XXX-A1-000000') },
        { weight: 1, arbitrary: text(0, 40) },
      ),
    }),
    'enquiries:log': fc.record(
      {
        channel: fc.constantFrom('desk', 'phone'),
        topicId,
        body: anyOf(BODIES),
        location: text(2, 120),
        summary: text(5, 200),
        details: fc.oneof(text(0, 2000), fc.constant('line one\nline two\r\nthree')),
        contact,
        status: fc.constantFrom('new', 'resolved-at-desk', 'referred', 'for-forum'),
      },
      { requiredKeys: ['channel', 'topicId', 'location', 'summary', 'details', 'contact', 'status'] },
    ),
    'enquiries:list': fc.record({
      filter: fc.record(
        { status: anyOf(ENQUIRY_STATUSES), topicId, body: anyOf(BODIES), unitId: forumId, forumId, from: isoDay, to: isoDay, text: text(0, 200) },
        { requiredKeys: [] },
      ),
      offset: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(10_000_000)),
      limit: fc.integer({ min: 1, max: 200 }),
    }),
    'enquiries:get': fc.record({ id: idOf('enquiry') }),
    'enquiries:similar': fc.record({ topicId, location: text(0, 120), excludeId: idOf('enquiry') }, { requiredKeys: ['topicId', 'location'] }),
    'enquiries:setStatus': fc.record({ id: idOf('enquiry'), version, status: anyOf(ENQUIRY_STATUSES), outcome: text(0, 500), note: text(0, 500) }),
    'enquiries:route': fc.record({ id: idOf('enquiry'), version, body: anyOf(BODIES) }),
    'enquiries:merge': fc.record({ id: idOf('enquiry'), version, into: idOf('enquiry') }),
    'forums:meetings': fc.record({ forumId }),
    'forums:saveMeeting': fc.oneof(
      fc.record(
        { forumId, date: isoDay, startsAt: fc.oneof(fc.constant(null), fc.constantFrom('18:30', '09:00', '24:00', '7:30')), place: text(0, 120), cancelled: fc.boolean() },
        { requiredKeys: ['forumId', 'date', 'startsAt', 'place'] },
      ),
      fc.record(
        { id: idOf('meeting'), version, forumId, date: isoDay, startsAt: fc.oneof(fc.constant(null), fc.constant('19:00')), place: text(0, 120), cancelled: fc.boolean() },
        { requiredKeys: ['id', 'forumId', 'date', 'startsAt', 'place'] },
      ),
    ),
    'forums:overview': fc.record({ forumId, from: isoDay, to: isoDay }, { requiredKeys: ['forumId'] }),
    'forums:agenda': fc.record({ meetingId: idOf('meeting') }),
    'forums:saveItem': fc.record(
      {
        meetingId: idOf('meeting'),
        id: idOf('item'),
        version,
        title: text(3, 120),
        summary: text(0, 1000),
        restricted: fc.boolean(),
        referral: anyOf(REFERRALS),
        referralBody: text(0, 120),
        enquiryIds: fc.array(idOf('enquiry'), { minLength: 1, maxLength: 4 }),
      },
      { requiredKeys: ['meetingId', 'title', 'summary', 'restricted', 'referral', 'referralBody', 'enquiryIds'] },
    ),
    'forums:orderItems': fc.record({ meetingId: idOf('meeting'), order: fc.array(idOf('item'), { minLength: 1, maxLength: 5 }) }),
    'forums:removeItem': fc.record({ id: idOf('item'), version }),
    'forums:recordOutcome': fc.record({ id: idOf('item'), version, decision: anyOf(DECISIONS), outcome: text(3, 500), minute: text(0, 2000) }),
    'forums:review': exportRequest(['public']),
    'forums:export': exportRequest(EXPORT_AUDIENCES),
    'sync:status': none,
    'sync:now': none,
    'sync:retry': fc.record({ seq: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.constant(Number.MAX_SAFE_INTEGER)) }),
    'storage:status': none,
    'storage:backup': none,
    'settings:get': none,
    'settings:update': fc.record(
      {
        hubUrl: fc.oneof(fc.constantFrom('', 'http://127.0.0.1:9', 'https://hub.example.org/onestop'), text(0, 200)),
        defaultLanguage: language,
        idleTimeoutSeconds: fc.integer({ min: 20, max: 700 }),
        staffSessionMinutes: fc.integer({ min: 0, max: 70 }),
        displayMode: anyOf(DISPLAY_MODES),
        backupEveryHours: fc.integer({ min: 0, max: 200 }),
        backupsKept: fc.integer({ min: 0, max: 100 }),
        // Mostly within range, sometimes just outside it (0 is never a period).
        retentionContactMonths: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 120 }), weight: 9 }, { arbitrary: fc.constantFrom(0, 121), weight: 1 }),
        retentionEnquiryYears: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 20 }), weight: 9 }, { arbitrary: fc.constantFrom(0, 21), weight: 1 }),
        retentionReadAuditYears: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 10 }), weight: 9 }, { arbitrary: fc.constantFrom(0, 11), weight: 1 }),
        hubToken: fc.oneof(fc.constantFrom('', 'a'.repeat(43), 'short'), fc.stringMatching(/^[A-Za-z0-9_-]{20,60}$/)),
      },
      { requiredKeys: [] },
    ),
    'audit:export': fc.record({ from: isoDay, to: isoDay, format: fc.constantFrom('csv', 'json', 'pdf') }, { requiredKeys: ['format'] }),
    'retention:status': none,
    'privacy:search': fc.record({ query: subjectQuery }),
    'privacy:export': fc.record({
      query: subjectQuery,
      references: fc.array(fc.oneof(fc.constantFrom('RUG-K1-000001', 'rug k1 000002'), text(1, 40)), { minLength: 0, maxLength: 5 }),
      format: fc.constantFrom('json', 'pdf', 'csv'),
    }),
    'privacy:erase': fc.record({
      query: subjectQuery,
      references: fc.array(fc.oneof(fc.constantFrom('RUG-K1-000001', 'rug k1 000002'), text(1, 40)), { minLength: 0, maxLength: 5 }),
      reason: fc.oneof(fc.constantFrom('', 'short', 'Erased at the request of the person, checked by the desk.'), text(0, 600)),
    }),
    'privacy:erasures': none,
  };
}

/** Who calls: nobody on a kiosk not set up yet, a resident at a set-up kiosk, or a signed-in staff member, chair or administrator. */
export const FUZZ_ROLES = ['none', 'resident', 'staff', 'chair', 'admin'] as const;
export type FuzzRole = (typeof FUZZ_ROLES)[number];

export interface IpcCall {
  readonly role: FuzzRole;
  readonly channel: ChannelName;
  readonly input: unknown;
}

/** A call of one channel: any role, valid-ish or hostile input. */
export function ipcCallArbitrary(world: IpcWorld, channel: ChannelName): fc.Arbitrary<IpcCall> {
  const valid = validInputs(world)[channel];
  return fc.record({ role: anyOf(FUZZ_ROLES), channel: fc.constant(channel), input: validAndHostile(valid) });
}

/** Channel names that are not channels: prototype keys, near misses, hostile strings and non-strings. */
export const unknownChannel: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'kiosk:status ', 'KIOSK:STATUS', 'kiosk:', ':', '', 'fs:readFile', 'staff:list\u0000'),
  nastyString,
  hostileValue.filter((value) => !(typeof value === 'string' && (CHANNEL_NAMES as readonly string[]).includes(value))),
);

// ---------------------------------------------------------------------------------------------
// The translation check: every refusal must be something the renderer can say.

const ERRORS = enGB.errors as Readonly<Record<string, string>>;
const FIELD_ERRORS = enGB.fieldErrors as Readonly<Record<string, string>>;

/** Whether en-GB has `errors.<code>` (or its plural forms, as `auth/locked` has). */
export function errorIsTranslated(code: string): boolean {
  return Object.hasOwn(ERRORS, code) || (Object.hasOwn(ERRORS, `${code}_one`) && Object.hasOwn(ERRORS, `${code}_other`));
}

export function fieldErrorIsTranslated(code: string): boolean {
  return Object.hasOwn(FIELD_ERRORS, code);
}

// ---------------------------------------------------------------------------------------------
// Fingerprints: has a database changed?

/**
 * Every row of every table, hashed (optionally leaving out some columns of some tables). Exact, and
 * used only where `PRAGMA data_version` cannot decide: a refusal that legitimately writes something.
 */
export function contentFingerprint(db: Database, leaveOut: Readonly<Record<string, readonly string[]>> = {}): string {
  const hash = createHash('sha256');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    const skip = new Set(leaveOut[name] ?? []);
    hash.update(`\u0001${name}\u0001`);
    for (const row of db.prepare(`SELECT * FROM "${name}"`).iterate() as Iterable<Record<string, unknown>>) {
      for (const [column, value] of Object.entries(row)) {
        if (skip.has(column)) continue;
        hash.update(`${column}=${typeof value === 'bigint' || typeof value === 'number' ? String(value) : Buffer.isBuffer(value) ? value.toString('hex') : JSON.stringify(value)}\u0002`);
      }
      hash.update('\u0003');
    }
  }
  return hash.digest('hex');
}

/**
 * SQLite's `PRAGMA data_version` on a connection of our own changes exactly when another connection
 * (the backend's or the hub's) commits a change: a cheap, exact test that a call wrote nothing.
 */
export function dataVersion(db: Database): number {
  return db.pragma('data_version', { simple: true }) as number;
}

// ---------------------------------------------------------------------------------------------
// The IPC harness.

/** What one call did, for the tallies. */
export interface Outcome {
  /** 'ok', or the refusal's error code. */
  readonly code: string;
  /** The input passed the channel's schema (it was not refused as `input/invalid` by the schema). */
  readonly accepted: boolean;
}

export class FuzzFailure extends Error {
  override name = 'FuzzFailure';
}

function show(value: unknown, max = 600): string {
  let shown: string;
  try {
    shown = fc.stringify(value);
  } catch (error) {
    // Too deep for fast-check's printer (thousands of levels): say what it is instead.
    shown = `${Object.prototype.toString.call(value)} (not printable: ${error instanceof Error ? error.message : 'unknown'})`;
  }
  return shown.length > max ? `${shown.slice(0, max)}... (${shown.length} characters)` : shown;
}

const ROLE_ACCOUNTS = { staff: STAFF, chair: CHAIR, admin: ADMIN } as const;
const ROLE_CALLER: Readonly<Record<FuzzRole, string>> = { none: 'nobody', resident: 'kiosk', staff: 'desk-staff', chair: 'desk-chair', admin: 'desk-admin' };
/** The fixed clock: lockouts never run out on their own (the harness lifts them), sessions never idle out. */
const FUZZ_NOW = new Date('2026-11-23T10:00:00Z');

/** Refusals after which a lockout counter may have been written (a wrong PIN counts; a right one clears the count). */
const AUTH_WRITES = new Set(['auth:signIn', 'kiosk:exit']);

/**
 * A configured Rugeley kiosk with a staff member, a chair and an administrator signed in on their
 * own screens, enquiries, a meeting and an agenda item; and an unconfigured kiosk for the role
 * "none". Each call goes through `dispatch` exactly as a screen's would; the harness checks the
 * answer, that a refusal wrote nothing, and puts the signed-in screens back if a call signed them
 * out, stopped their account, changed their PIN or locked it (outside the measured call).
 */
export class IpcFuzzKiosk {
  private constructor(
    private readonly dirs: { path: string; remove(): void }[],
    private configured: { backend: Backend; side: Database },
    private unconfigured: { backend: Backend; side: Database },
    private readonly unconfiguredTemplate: string,
    private readonly pinHashes: ReadonlyMap<string, string>,
  ) {}

  /** The kiosk's own directory export, which valid-ish imports are cut from. */
  world: IpcWorld = { exportJson: '', exportCsv: {} };

  static async open(): Promise<IpcFuzzKiosk> {
    const template = await staffedKioskTemplate();
    const fresh = makeTempDir('onestop-fuzz-');
    const unconfiguredTemplate = makeTempDir('onestop-fuzz-empty-');
    const open = (dataDir: string) => createBackend({ dataDir, now: () => FUZZ_NOW, log: () => {}, sync: { autoStart: false, fetch: refusedFetch, timeoutMs: 1000 } });
    cpSync(template.path, fresh.path, { recursive: true });
    template.remove();
    const empty = open(unconfiguredTemplate.path);
    empty.close();
    const unconfiguredDir = makeTempDir('onestop-fuzz-none-');
    cpSync(unconfiguredTemplate.path, unconfiguredDir.path, { recursive: true });

    const backend = open(fresh.path);
    const sideDb = openDatabase(backend.databasePath);
    for (const victim of VICTIMS) await addStaff(backend.databasePath, victim.username, victim.pin, victim.role);
    const hashes = new Map((sideDb.prepare('SELECT username, pin_hash FROM staff').all() as { username: string; pin_hash: string }[]).map((r) => [r.username, r.pin_hash]));
    const none = open(unconfiguredDir.path);
    const kiosk = new IpcFuzzKiosk(
      [fresh, unconfiguredTemplate, unconfiguredDir],
      { backend, side: sideDb },
      { backend: none, side: openDatabase(none.databasePath) },
      unconfiguredTemplate.path,
      hashes,
    );
    await kiosk.ensureSession('admin');
    const exported = await backend.dispatch('directory:export', { format: 'json' }, ROLE_CALLER.admin);
    const exportedCsv = await backend.dispatch('directory:export', { format: 'csv' }, ROLE_CALLER.admin);
    if (!exported.ok || !exportedCsv.ok) throw new Error('the fuzz kiosk could not export its directory');
    kiosk.world = {
      exportJson: (exported.value as { content: string }[])[0]!.content,
      exportCsv: Object.fromEntries((exportedCsv.value as { name: string; content: string }[]).map((file) => [file.name, file.content])),
    };
    await kiosk.seed();
    return kiosk;
  }

  /** Records for the symbolic references to name: enquiries, a meeting, an agenda item. */
  private async seed(): Promise<void> {
    const must = async (role: FuzzRole, channel: ChannelName, input: unknown) => {
      await this.ensureSession(role);
      const result = await this.configured.backend.dispatch(channel, input, ROLE_CALLER[role]);
      if (!result.ok) throw new Error(`seeding ${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value as Record<string, unknown>;
    };
    for (let i = 0; i < 4; i++) {
      await must('resident', 'enquiries:raise', { topicId: 'roads', location: `${i + 1} Church Street`, summary: `Pothole number ${i + 1} by the school`, contact: null });
    }
    const forForum: string[] = [];
    for (let i = 0; i < 4; i++) {
      const logged = await must('staff', 'enquiries:log', {
        channel: 'desk',
        topicId: 'noise',
        location: 'Market Street',
        summary: `Noise at night, report ${i + 1}`,
        details: '',
        contact: i === 0 ? { name: 'Jo Bloggs', phone: '07700 900123', email: '', purpose: 'follow-up' } : null,
        status: 'for-forum',
      });
      forForum.push(logged.id as string);
    }
    const meeting = await must('chair', 'forums:saveMeeting', { forumId: 'rugeley', date: '2026-12-10', startsAt: '18:30', place: 'Rugeley library', cancelled: false });
    await must('chair', 'forums:saveItem', {
      meetingId: meeting.id,
      title: 'Noise on Market Street',
      summary: 'Residents report noise at night.',
      restricted: false,
      referral: 'none',
      referralBody: '',
      enquiryIds: forForum.slice(0, 2),
    });
  }

  /** Puts a role's screen back as it should be before a call: signed in as its own account, or (resident) signed out. */
  private async ensureSession(role: FuzzRole): Promise<void> {
    if (role === 'none') return;
    const { backend, side } = this.configured;
    const caller = ROLE_CALLER[role];
    const session = await backend.dispatch('auth:session', undefined, caller);
    const current = session.ok ? (session.value as { username: string } | null) : null;
    if (role === 'resident') {
      if (current) await backend.dispatch('auth:signOut', undefined, caller);
      return;
    }
    const account = ROLE_ACCOUNTS[role];
    if (current?.username === account.username) return;
    side.prepare('UPDATE staff SET disabled_at = NULL, failed_sign_ins = 0, locked_until = NULL, pin_hash = ? WHERE username = ?').run(this.pinHashes.get(account.username), account.username);
    const signedIn = await backend.dispatch('auth:signIn', { username: account.username, pin: account.pin }, caller);
    if (!signedIn.ok) throw new Error(`could not sign the ${role} back in: ${JSON.stringify(signedIn.error)}`);
  }

  /** The unconfigured kiosk again, if a fuzzed setup set it up. */
  private async resetUnconfigured(): Promise<void> {
    const status = await this.unconfigured.backend.dispatch('kiosk:status', undefined, 'nobody');
    if (status.ok && (status.value as { configured: boolean }).configured === false) return;
    this.unconfigured.side.close();
    this.unconfigured.backend.close();
    const again = makeTempDir('onestop-fuzz-none-');
    this.dirs.push(again);
    cpSync(this.unconfiguredTemplate, again.path, { recursive: true });
    const backend = createBackend({ dataDir: again.path, now: () => FUZZ_NOW, log: () => {}, sync: { autoStart: false, fetch: refusedFetch, timeoutMs: 1000 } });
    this.unconfigured = { backend, side: openDatabase(backend.databasePath) };
  }

  /** Replaces `$pool#n` and `$version` in the input with the records they name, as they are now. */
  private resolve(input: unknown, side: Database): unknown {
    const pools: Record<string, string[]> = {};
    const pool = (name: string): string[] => {
      if (pools[name]) return pools[name];
      const sql: Record<string, string> = {
        enquiry: 'SELECT id AS v FROM enquiries ORDER BY rowid',
        reference: 'SELECT reference AS v FROM enquiries ORDER BY rowid',
        meeting: 'SELECT id AS v FROM meetings ORDER BY rowid',
        item: 'SELECT id AS v FROM agenda_items ORDER BY rowid',
        staff: 'SELECT id AS v FROM staff ORDER BY rowid',
        service: 'SELECT id AS v FROM services ORDER BY rowid',
      };
      return (pools[name] = (side.prepare(sql[name]!).all() as { v: string }[]).map((row) => row.v));
    };
    const versionOf = (id: string): number => {
      for (const table of ['enquiries', 'agenda_items', 'meetings']) {
        const row = side.prepare(`SELECT version FROM ${table} WHERE id = ?`).get(id) as { version: number } | undefined;
        if (row) return row.version;
      }
      return 1;
    };
    const walk = (value: unknown, depth: number): unknown => {
      if (typeof value === 'string') {
        const match = /^\$(enquiry|reference|meeting|item|staff|service)#(\d+)(~lower)?$/.exec(value);
        if (!match) return value;
        const items = pool(match[1]!);
        const picked = items.length === 0 ? `none-${match[1]}` : items[Number(match[2]) % items.length]!;
        return match[3] ? picked.toLowerCase().replaceAll('-', ' ') : picked;
      }
      if (depth > 6 || !(Array.isArray(value) || isPlainObject(value))) return value;
      if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => walk(value[i], depth + 1));
      const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? (Object.create(null) as Record<string, unknown>) : {};
      for (const [key, item] of Object.entries(value)) {
        Object.defineProperty(out, key, { value: walk(item, depth + 1), enumerable: true, configurable: true, writable: true });
      }
      if (out.version === CURRENT_VERSION) out.version = typeof out.id === 'string' ? versionOf(out.id) : 1;
      return out;
    };
    return walk(input, 0);
  }

  /**
   * Makes one call as `role` and judges it; throws a FuzzFailure naming the call when the backend
   * threw, answered `internal`, answered a refusal with no translation, or wrote during a refusal.
   */
  async call(role: FuzzRole, channel: unknown, rawInput: unknown): Promise<Outcome> {
    if (role === 'none') await this.resetUnconfigured();
    else await this.ensureSession(role);
    const { backend, side } = role === 'none' ? this.unconfigured : this.configured;
    const input = this.resolve(rawInput, side);
    const where = () => `${typeof channel === 'string' ? channel : show(channel, 200)} as ${role} with ${show(input)}`;
    const authWrites = typeof channel === 'string' && AUTH_WRITES.has(channel);
    const lockoutColumns = { staff: ['failed_sign_ins', 'locked_until'] };
    const fingerprintBefore = authWrites ? contentFingerprint(side, lockoutColumns) : null;
    const versionBefore = dataVersion(side);

    let result: Result<unknown>;
    try {
      result = await backend.dispatch(channel, input, ROLE_CALLER[role]);
    } catch (error) {
      throw new FuzzFailure(`dispatch threw for ${where()}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    if (result === null || typeof result !== 'object' || typeof result.ok !== 'boolean') throw new FuzzFailure(`dispatch answered something that is not a Result for ${where()}: ${show(result)}`);
    const wrote = dataVersion(side) !== versionBefore;

    if (result.ok) {
      // A directory import answers ok with its own report; a refused import must have written nothing.
      const report = channel === 'directory:import' ? (result.value as { ok: boolean }) : null;
      if (report && report.ok === false && wrote) throw new FuzzFailure(`a refused directory import wrote to the database: ${where()}`);
      return { code: 'ok', accepted: true };
    }
    const { error } = result;
    if (error.code === 'internal') throw new FuzzFailure(`internal error for ${where()}: ${error.message}`);
    if (!errorIsTranslated(error.code)) throw new FuzzFailure(`refusal code "${error.code}" has no en-GB translation (errors.${error.code}) for ${where()}`);
    if (typeof error.message !== 'string' || error.message.trim() === '') throw new FuzzFailure(`refusal "${error.code}" has no message for ${where()}`);
    for (const [field, fieldError] of Object.entries(error.fields ?? {})) {
      if (!fieldErrorIsTranslated(fieldError.code)) throw new FuzzFailure(`field error "${fieldError.code}" on ${field} has no en-GB translation for ${where()}`);
    }
    if (wrote) {
      const lockoutOnly = fingerprintBefore !== null && contentFingerprint(side, lockoutColumns) === fingerprintBefore;
      if (!lockoutOnly) throw new FuzzFailure(`refusal "${error.code}" left a write behind (partial write) for ${where()}`);
    }
    // Refused by dispatch's own checks (role first, then the schema) or by the handler: only the latter counts as reaching it.
    const byDispatch =
      (error.code === 'input/invalid' && error.message.startsWith('Input for ')) ||
      ((error.code === 'auth/required' || error.code === 'auth/forbidden') && /^(Sign in to use |The \w+ role may not use )/.test(error.message));
    return { code: error.code, accepted: !byDispatch };
  }

  /**
   * The oracle's own check: the write detector sees a write the backend commits (a resident raising
   * an issue) and sees none for a read, so "wrote nothing" in the properties means something.
   */
  async writeDetectorWorks(): Promise<boolean> {
    await this.ensureSession('resident');
    const { backend, side } = this.configured;
    const before = dataVersion(side);
    await backend.dispatch('kiosk:status', undefined, ROLE_CALLER.resident);
    const afterRead = dataVersion(side);
    const raised = await backend.dispatch('enquiries:raise', { topicId: 'roads', location: 'Church Street', summary: 'A pothole by the church', contact: null }, ROLE_CALLER.resident);
    return raised.ok && afterRead === before && dataVersion(side) !== afterRead;
  }

  /** Ordinary calls still work: status, a search, a resident raising an issue, the staff list. */
  async healthy(): Promise<void> {
    await this.ensureSession('resident');
    await this.ensureSession('admin');
    const { backend } = this.configured;
    const checks: [string, unknown, string][] = [
      ['kiosk:status', undefined, 'kiosk'],
      ['directory:search', { query: 'bins' }, 'kiosk'],
      ['enquiries:raise', { topicId: 'roads', location: 'Church Street', summary: 'A pothole by the school gates', contact: null }, 'kiosk'],
      ['staff:list', undefined, ROLE_CALLER.admin],
    ];
    for (const [channel, input, caller] of checks) {
      const result = await backend.dispatch(channel, input, caller);
      if (!result.ok) throw new FuzzFailure(`after fuzzing, ${channel} no longer works: ${JSON.stringify(result.error)}`);
    }
  }

  close(): void {
    this.configured.side.close();
    this.configured.backend.close();
    this.unconfigured.side.close();
    this.unconfigured.backend.close();
    for (const dir of this.dirs) dir.remove();
  }
}

/** The hub a fuzzed `sync:now` would reach is never there: a refused connection, at once (no DNS, no waiting). */
const refusedFetch: typeof fetch = () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));

/** Tallies of one channel's or route's run, for the bench and for the tests' "the valid inputs got through" checks. */
export class Tally {
  runs = 0;
  accepted = 0;
  readonly codes = new Map<string, number>();

  add(outcome: Outcome): void {
    this.runs++;
    if (outcome.accepted) this.accepted++;
    this.codes.set(outcome.code, (this.codes.get(outcome.code) ?? 0) + 1);
  }

  summary(): string {
    return [...this.codes.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([code, count]) => `${code} ${count}`)
      .join(', ');
  }
}

// ---------------------------------------------------------------------------------------------
// The hub: requests and the harness.

/**
 * The hub's routes, and `http-level`: requests to any of them that Node's HTTP server itself judges
 * before Fastify routes them: odd framing headers (`Expect`, `Transfer-Encoding`) and a request
 * line or headers past its 16 KiB limit. Kept apart so a fault there does not hide the routes' own
 * behaviour behind the same first counterexample.
 */
export const HUB_ROUTES = ['health', 'push', 'pull', 'issues', 'issues.csv', 'subject-access', 'openapi', 'http-level'] as const;
export type HubRoute = (typeof HUB_ROUTES)[number];

export interface HubRequest {
  readonly method: string;
  /** The path after /api/v1, with its query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body: a value sent as JSON, or raw text or bytes as they are. */
  readonly body?: { readonly json: unknown } | { readonly raw: string };
}

/** Device tokens, resolved before the request: the Rugeley kiosk's, Cannock's, a revoked one's. */
const TOKENS = ['$token:rugeley', '$token:cannock', '$token:revoked'] as const;

const authorization = fc.oneof(
  { weight: 12, arbitrary: fc.constant(`Bearer ${TOKENS[0]}`) },
  { weight: 1, arbitrary: fc.constant(`Bearer ${TOKENS[1]}`) },
  { weight: 1, arbitrary: fc.constant(`Bearer ${TOKENS[2]}`) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom('', 'Bearer', 'Bearer ', 'bearer x', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'A'.repeat(43)}`, `Bearer ${'A'.repeat(44)}`, `Bearer  ${TOKENS[0]}`, `Bearer ${TOKENS[0]} extra`, `Token ${TOKENS[0]}`),
      fc.stringMatching(/^Bearer [A-Za-z0-9_-]{43}$/),
      shortNastyString,
    ),
  },
);

/** Header values a client can actually send (node refuses the rest before the hub sees them). */
function sendableHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
      out[name] = value;
    } catch {
      // Not sendable over HTTP/1.1 at all: drop it, as any client would have to.
    }
  }
  return out;
}

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'APPLICATION/JSON', '', 'application/vnd.api+json', '*/*') },
);

const extraHeaders = fc.dictionary(
  fc.oneof(fc.constantFrom('x-forwarded-for', 'accept', 'accept-encoding', 'origin', 'cookie', 'x-http-method-override', 'content-encoding', 'accept-language'), fc.stringMatching(/^x-[a-z]{1,10}$/)),
  fc.oneof(fc.constantFrom('127.0.0.1', '*/*', 'gzip', 'deflate', 'br', 'identity', 'null', 'PUT'), fc.string({ maxLength: 40 })),
  { maxKeys: 2 },
);

/** Percent-encodes any string as UTF-8 (lone surrogates become U+FFFD, as a browser would send them). */
function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((byte) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** A query-string value: encoded text, or raw bytes a client should not send (bad escapes, overlong UTF-8). */
const queryValue = (valid: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 6, arbitrary: valid.map(percentEncode) },
    { weight: 2, arbitrary: shortNastyString.map(percentEncode) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%Z', '%ZZ', '%C0%80', '%FF%FE', '%E2%80', 'a+b', '%2B1', '%00') },
  );

function queryString(params: fc.Arbitrary<[string, string][]>): fc.Arbitrary<string> {
  return params.map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => (v === '\u0000novalue' ? k : `${k}=${v}`)).join('&')}`));
}

const UNIT_CODES: Readonly<Record<string, string>> = { rugeley: 'RUG', cannock: 'CAN' };

/** The hub's records a fuzzed request may name (`$pool#n`), in creation order; `hreference#n` is `henquiry#n`'s reference. */
const HUB_POOLS = {
  henquiry: 'SELECT id AS v FROM enquiries ORDER BY rowid',
  hreference: 'SELECT reference AS v FROM enquiries ORDER BY rowid',
  hmeeting: 'SELECT id AS v FROM meetings ORDER BY rowid',
  hitem: 'SELECT id AS v FROM agenda_items ORDER BY rowid',
  herasure: 'SELECT id AS v FROM erasures GROUP BY id ORDER BY min(rowid)',
} as const;

/** A pushed change as the body carried it, for the oracle: its id, version and entity, and the enquiry ids an erasure named. */
interface SentChange {
  readonly id: unknown;
  readonly version: unknown;
  readonly entity: unknown;
  readonly enquiryIds: readonly string[];
}

function enquiryData(unitId: fc.Arbitrary<string>) {
  return fc
    .record({
      unitId,
      sequence: fc.integer({ min: 1, max: 999_999 }),
      deviceCode: fc.constantFrom('K1', 'D2'),
      topic: fc.oneof({ weight: 6, arbitrary: anyOf(TOPIC_IDS) }, { weight: 1, arbitrary: fc.constantFrom('not-a-topic', 'x'.repeat(80)) }),
      body: anyOf(BODIES),
      summary: text(0, 2000),
      details: text(0, 2000),
      location: text(0, 120),
      channel: fc.constantFrom('kiosk', 'desk', 'phone'),
      status: fc.oneof({ weight: 5, arbitrary: anyOf(ENQUIRY_STATUSES) }, { weight: 1, arbitrary: fc.constantFrom('deleted', '') }),
      outcome: fc.oneof(fc.constant(null), text(0, 500)),
      mergedInto: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: ref('henquiry') }),
      language: fc.oneof(fc.constant(null), language),
      contact: fc.oneof(fc.constant(null), fc.constant({ name: 'Jo Bloggs', phone: '07700 900123', email: '', purpose: 'follow-up', consentAt: '2026-03-01T09:00:00.000Z' })),
      createdAt: isoInstant,
      updatedAt: isoInstant,
      extra: maybe(fc.jsonValue({ maxDepth: 2 })),
    })
    .map(({ sequence, unitId: unit, extra, ...rest }) => ({
      reference: `${UNIT_CODES[unit] ?? 'XXX'}-${rest.deviceCode}-${String(sequence).padStart(6, '0')}`,
      unitId: unit,
      forumId: unit,
      ...rest,
      ...(extra === undefined ? {} : { futureField: extra }),
    }));
}

const meetingData = fc.record({
  forumId: fc.oneof({ weight: 6, arbitrary: fc.constant('rugeley') }, { weight: 1, arbitrary: fc.constantFrom('cannock', 'nowhere') }),
  date: isoDay,
  startsAt: fc.oneof(fc.constant(null), fc.constantFrom('18:30', '09:05', '24:00')),
  place: fc.oneof(fc.constant(null), text(0, 200)),
  cancelled: fc.boolean(),
  updatedAt: isoInstant,
});

const agendaItemData = fc.record({
  meetingId: fc.oneof({ weight: 4, arbitrary: ref('hmeeting') }, { weight: 1, arbitrary: uuid }),
  forumId: fc.oneof({ weight: 6, arbitrary: fc.constant('rugeley') }, { weight: 1, arbitrary: fc.constant('cannock') }),
  position: fc.integer({ min: 1, max: 1000 }),
  title: text(0, 200),
  summary: text(0, 2000),
  restricted: fc.boolean(),
  referral: anyOf(REFERRALS),
  referralBody: text(0, 200),
  enquiryIds: fc.array(fc.oneof({ weight: 4, arbitrary: ref('henquiry') }, { weight: 1, arbitrary: uuid }), { maxLength: 5 }),
  decision: fc.oneof(fc.constant(null), anyOf(DECISIONS)),
  outcome: fc.oneof(fc.constant(null), text(0, 500)),
  minute: fc.oneof(fc.constant(null), text(0, 500)),
  removed: fc.boolean(),
  updatedAt: isoInstant,
});

/**
 * One enquiry an erasure names: mostly a held enquiry's id with its own reference (`$hreference#n`
 * is the reference of `$henquiry#n`), so erasures get through and apply; now and then a reference
 * that is not its own, or an id the hub does not hold.
 */
const erasureEnquiry = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 40 }).map((n) => ({ id: `$henquiry#${n}`, reference: `$hreference#${n}` })) },
  { weight: 1, arbitrary: fc.record({ id: fc.oneof(ref('henquiry'), uuid), reference: fc.oneof(ref('hreference'), text(0, 41)) }) },
);

const erasureData = fc.record({
  unitId: fc.oneof({ weight: 8, arbitrary: fc.constant('rugeley') }, { weight: 1, arbitrary: fc.constantFrom('cannock', '') }),
  enquiries: fc.array(erasureEnquiry, { minLength: 0, maxLength: 4 }),
  reason: fc.oneof({ weight: 5, arbitrary: text(1, 300) }, { weight: 1, arbitrary: fc.constantFrom('', 'x'.repeat(1001)) }),
  erasedAt: isoInstant,
  erasedBy: fc.oneof({ weight: 4, arbitrary: fc.constant('ada.admin') }, { weight: 1, arbitrary: text(0, 81) }),
});

const hubVersion = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 53) });

const pushChange = fc.oneof(
  { weight: 4, arbitrary: fc.record({ id: fc.oneof(uuid, ref('henquiry')), entity: fc.constant('enquiry'), version: hubVersion, data: enquiryData(fc.oneof({ weight: 8, arbitrary: fc.constant('rugeley') }, { weight: 1, arbitrary: fc.constant('cannock') })) }) },
  { weight: 2, arbitrary: fc.record({ id: fc.oneof(uuid, ref('hmeeting')), entity: fc.constant('meeting'), version: hubVersion, data: meetingData }) },
  { weight: 2, arbitrary: fc.record({ id: fc.oneof(uuid, ref('hitem')), entity: fc.constant('agenda-item'), version: hubVersion, data: agendaItemData }) },
  // A newer version of a held enquiry, under its own reference (a kiosk editing it, or restored from a backup): erased ones must stay anonymised.
  { weight: 2, arbitrary: fc.record({ n: fc.nat({ max: 40 }), version: hubVersion, data: enquiryData(fc.constant('rugeley')) }).map(({ n, version, data }) => ({ id: `$henquiry#${n}`, entity: 'enquiry', version, data: { ...data, reference: `$hreference#${n}` } })) },
  { weight: 1, arbitrary: fc.record({ id: fc.oneof({ weight: 3, arbitrary: uuid }, { weight: 1, arbitrary: ref('herasure') }), entity: fc.constant('erasure'), version: hubVersion, data: erasureData }) },
  { weight: 1, arbitrary: fc.record({ id: uuid, entity: fc.oneof(fc.constantFrom('directory', 'enquiry-status', 'Enquiry', 'x'.repeat(40)), nastyString), version: hubVersion, data: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) }) },
);

const pushBody = fc.record({ changes: fc.array(pushChange, { minLength: 0, maxLength: 6 }) });

/** A raw body that is not the JSON of a value: torn, padded, prototype-poisoned, deep, huge, or not JSON at all. */
const rawBody = fc.oneof(
  fc.constantFrom('', ' ', 'null', '[]', '{}', '{"changes":null}', '{"changes":{}}', '{"changes":[],"changes":[{}]}', '{"changes":[{"__proto__":{"x":1}}]}', '{"__proto__":{"changes":[]},"changes":[]}', '{"constructor":{"prototype":{"polluted":true}},"changes":[]}', 'changes=[]', '\uFEFF{"changes":[]}', '{"changes":[]}garbage', '{"changes":[1e999]}', '{"changes":[]} ', 'undefined', 'NaN', '\u0000'),
  fc.tuple(pushBody, fc.nat()).map(([body, at]) => {
    const json = JSON.stringify(body);
    return json.slice(0, at % json.length);
  }),
  fc.integer({ min: 100, max: 20_000 }).map((depth) => `{"changes":[{"id":"00000000-0000-4000-8000-000000000000","entity":"enquiry","version":1,"data":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}]}`),
  fc.integer({ min: 100, max: 100_000 }).map((depth) => '['.repeat(depth)),
  nastyString,
);

/** Now and then a body just past the hub's limit, which must be 413 (and never read whole). */
const oversizedBody = fc.constant({ raw: `{"changes":[],"pad":"${'x'.repeat(MAX_BODY_BYTES)}"}` });

export function hubRequestArbitrary(route: HubRoute): fc.Arbitrary<HubRequest> {
  const wrongMethod = fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE');
  const headersWith = (content?: fc.Arbitrary<string>) =>
    fc.record({ auth: fc.option(authorization, { nil: undefined, freq: 15 }), type: content ?? fc.constant(undefined), extra: extraHeaders }).map(({ auth, type, extra }) => sendableHeaders({ ...extra, authorization: auth, 'content-type': type }));
  const method = (usual: string, other: fc.Arbitrary<string> = wrongMethod) => fc.oneof({ weight: 12, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: other });
  const junkQuery = queryString(fc.array(fc.tuple(fc.oneof(fc.constantFrom('cursor', 'limit', 'from', 'to', '__proto__', 'a[b]', 'constructor[prototype]'), fc.stringMatching(/^[a-z]{1,6}$/)), queryValue(fc.string({ maxLength: 10 }))), { maxLength: 3 }));

  switch (route) {
    case 'http-level':
      return fc
        .tuple(
          fc.constantFrom<HubRoute>('health', 'push', 'pull', 'issues', 'issues.csv', 'openapi').chain((inner) => hubRequestArbitrary(inner)),
          fc.oneof(
            fc.record({ expect: fc.oneof(fc.constantFrom('100-continue', '', 'nothing', '200-ok'), fc.string({ maxLength: 20 })) }).map((headers) => ({ headers, query: '' })),
            fc.record({ 'transfer-encoding': fc.oneof(fc.constantFrom('chunked', '', 'gzip', 'identity', 'chunked, chunked', 'gzip, chunked'), fc.string({ maxLength: 20 })) }).map((headers) => ({ headers, query: '' })),
            fc.integer({ min: 8_000, max: 40_000 }).map((n) => ({ headers: {}, query: `x=${'x'.repeat(n)}` })),
            fc.integer({ min: 8_000, max: 40_000 }).map((n) => ({ headers: { 'x-padding': 'p'.repeat(n) }, query: '' })),
          ),
        )
        .map(([request, extra]) => ({
          ...request,
          path: extra.query === '' ? request.path : `${request.path}${request.path.includes('?') ? '&' : '?'}${extra.query}`,
          headers: sendableHeaders({ ...request.headers, ...extra.headers }),
        }));
    case 'health':
      return fc.record({ method: method('GET', fc.constantFrom('POST', 'HEAD', 'DELETE')), path: junkQuery.map((q) => `/health${q}`), headers: headersWith() });
    case 'subject-access': {
      // Names, phone numbers, emails and references as staff might type them, and anything else.
      const query = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('Siân Owen', 'sian owens', 'S. Owen', "O'Brien", '07700 900123', '+44 7700 900123', 'Jo@Example.org', 'rug k1 1', 'RUG-K1-000001') },
        { weight: 2, arbitrary: nastyString },
        { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(201), '@', '+', '0') },
      );
      return fc.record({
        method: method('POST', fc.constantFrom('GET', 'PUT')),
        path: fc.oneof({ weight: 8, arbitrary: fc.constant('/subject-access/search') }, { weight: 1, arbitrary: junkQuery.map((q) => `/subject-access/search${q}`) }),
        headers: headersWith(contentType),
        body: fc.oneof({ weight: 8, arbitrary: validAndHostile(fc.record({ query })).map((json) => ({ json })) }, { weight: 2, arbitrary: rawBody.map((raw) => ({ raw })) }),
      });
    }
    case 'openapi':
      return fc.record({ method: method('GET', fc.constantFrom('POST', 'HEAD')), path: junkQuery.map((q) => `/openapi.json${q}`), headers: headersWith() });
    case 'push':
      return fc.record({
        method: method('POST', fc.constantFrom('GET', 'PUT')),
        path: fc.oneof({ weight: 8, arbitrary: fc.constant('/sync/push') }, { weight: 1, arbitrary: junkQuery.map((q) => `/sync/push${q}`) }),
        headers: headersWith(contentType),
        body: fc.oneof(
          { weight: 8, arbitrary: validAndHostile(pushBody).map((json) => ({ json })) },
          { weight: 3, arbitrary: rawBody.map((raw) => ({ raw })) },
          // The bench's runs are many: a 8 MiB body in one of a few thousand keeps the 413 path tried without dominating the time.
          { weight: 1, arbitrary: fc.oneof({ weight: 200, arbitrary: validAndHostile(pushBody).map((json) => ({ json })) }, { weight: 1, arbitrary: oversizedBody }) },
        ),
      });
    case 'pull': {
      const cursor = fc.oneof(fc.constantFrom('', '0', '1', '5', '999999999999999999', '9999999999999999999', '-1', '1e3', '0x1', ' 1', '01'), fc.nat().map(String));
      const limit = fc.oneof(fc.integer({ min: 1, max: 1000 }).map(String), fc.constantFrom('0', '1001', '-1', '1.5', 'abc', '', '1e3', ' 5', 'Infinity', '500 '));
      const params = fc.record({ cursor: fc.option(queryValue(cursor), { nil: undefined }), limit: fc.option(queryValue(limit), { nil: undefined }), repeat: fc.boolean() }).map(({ cursor: c, limit: l, repeat }) => {
        const pairs: [string, string][] = [];
        if (c !== undefined) pairs.push(['cursor', c]);
        if (l !== undefined) pairs.push(['limit', l]);
        if (repeat && pairs.length > 0) pairs.push(pairs[0]!);
        return pairs;
      });
      return fc.record({ method: method('GET', fc.constantFrom('POST', 'HEAD', 'PUT')), path: queryString(params).map((q) => `/sync/pull${q}`), headers: headersWith() });
    }
    case 'issues':
    case 'issues.csv': {
      const suffix = route === 'issues' ? 'issues' : 'issues.csv';
      const forum = fc.oneof(
        { weight: 6, arbitrary: fc.constant('rugeley') },
        { weight: 1, arbitrary: fc.constantFrom('cannock', 'nowhere', 'RUGELEY', '..', '%2e%2e', '%2F', 'rugeley%00', 'x'.repeat(81)) },
        { weight: 1, arbitrary: shortNastyString.filter((s) => s.length > 0).map(percentEncode) },
      );
      const bound = fc.oneof(isoDay, isoInstant, fc.constantFrom('2026-02-30', '2026-07-15T25:00:00Z', 'yesterday', '1', ''));
      // Mostly a period in order (from before to), so most requests get past validation to the store.
      const ordered = fc.tuple(isoDay, isoDay).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
      const bounds = fc.oneof(
        { weight: 3, arbitrary: ordered.map(([from, to]) => ({ from: percentEncode(from!), to: percentEncode(to!) })) },
        { weight: 2, arbitrary: fc.record({ from: fc.option(queryValue(bound), { nil: undefined }), to: fc.option(queryValue(bound), { nil: undefined }) }) },
      );
      const params = fc.tuple(bounds, fc.boolean()).map(([{ from, to }, repeat]) => {
        const pairs: [string, string][] = [];
        if (from !== undefined) pairs.push(['from', from]);
        if (to !== undefined) pairs.push(['to', to]);
        if (repeat && pairs.length > 0) pairs.push(pairs[0]!);
        return pairs;
      });
      return fc.record({
        method: method('GET', fc.constantFrom('POST', 'HEAD')),
        path: fc.tuple(forum, queryString(params)).map(([f, q]) => `/forums/${f}/${suffix}${q}`),
        headers: headersWith(),
      });
    }
  }
}

interface HubAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

function send(url: string, request: HubRequest, body: Buffer | undefined): Promise<HubAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest(
      // A fresh connection each time (no keep-alive agent): a socket the hub closed after an earlier answer must not fail the next request.
      { agent: false, host: target.hostname, port: target.port, method: request.method, path: `/api/v1${request.path}`, headers: { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The hub may answer 413 and close before reading an oversized body: the answer, not the reset, is what counts.
      reject(error);
    });
    if (body) req.end(body);
    else req.end();
  });
}

/**
 * A real hub on 127.0.0.1 over a SQLite file in a temp folder, with a Rugeley kiosk, a Cannock
 * kiosk and a revoked device, a few enquiries, a meeting and an agenda item. Each request is sent
 * over real HTTP and judged: never 5xx; every error in the documented shape with a message; every
 * 200 in its documented shape; nothing written by a refused request, by a GET, or by a push none
 * of whose changes applied (the device's last-push time aside).
 */
export class HubFuzz {
  private constructor(
    private readonly dir: { path: string; remove(): void },
    private readonly hub: RunningHub,
    private readonly side: Database,
    private readonly tokens: Readonly<Record<string, string>>,
  ) {}

  static async open(): Promise<HubFuzz> {
    const dir = makeTempDir('onestop-fuzz-hub-');
    mkdirSync(dir.path, { recursive: true });
    const now = new Date('2026-07-15T10:00:00Z');
    const hub = await startHub({ dataDir: dir.path, port: 0, rateLimit: false, now: () => now });
    const device = (unitId: string, name: string): Promise<NewDevice> => hub.store.addDevice({ unitId, name, now });
    const rugeley = await device('rugeley', 'Rugeley kiosk K1');
    const cannock = await device('cannock', 'Cannock kiosk K1');
    const revoked = await device('rugeley', 'Rugeley kiosk K9 (lost)');
    await hub.store.revokeDevice(revoked.deviceId, now);
    const fuzz = new HubFuzz(dir, hub, openDatabase(hubDatabaseFile(dir.path)), { '$token:rugeley': rugeley.token, '$token:cannock': cannock.token, '$token:revoked': revoked.token });
    await fuzz.seed();
    return fuzz;
  }

  private async seed(): Promise<void> {
    const base = { unitId: 'rugeley', forumId: 'rugeley', deviceCode: 'K1', body: 'county', details: '', channel: 'kiosk', status: 'for-forum', outcome: null, mergedInto: null, language: 'en-GB', contact: null };
    const enquiries = [1, 2, 3].map((n) => ({
      id: `00000000-0000-4000-8000-00000000000${n}`,
      entity: 'enquiry',
      version: 1,
      data: { ...base, reference: `RUG-K1-90000${n}`, topic: 'roads', summary: `Pothole ${n}`, location: 'Church Street', createdAt: `2026-07-0${n}T09:00:00.000Z`, updatedAt: `2026-07-0${n}T09:00:00.000Z` },
    }));
    const meetingId = '00000000-0000-4000-8000-0000000000a1';
    const meeting = { id: meetingId, entity: 'meeting', version: 1, data: { forumId: 'rugeley', date: '2026-07-20', startsAt: '18:30', place: 'Library', cancelled: false, updatedAt: '2026-07-01T09:00:00.000Z' } };
    const item = {
      id: '00000000-0000-4000-8000-0000000000b1',
      entity: 'agenda-item',
      version: 1,
      data: { meetingId, forumId: 'rugeley', position: 1, title: 'Potholes', summary: 'Church Street', restricted: false, referral: 'none', referralBody: '', enquiryIds: [enquiries[0]!.id], decision: null, outcome: null, minute: null, removed: false, updatedAt: '2026-07-01T09:00:00.000Z' },
    };
    const answer = await this.request({ method: 'POST', path: '/sync/push', headers: { authorization: 'Bearer $token:rugeley', 'content-type': 'application/json' }, body: { json: { changes: [...enquiries, meeting, item] } } });
    if (answer.code !== '200 applied') throw new Error(`seeding the hub failed: ${answer.code}`);
  }

  private resolve(value: unknown): unknown {
    const pools: Record<string, string[]> = {};
    const pool = (name: string) =>
      (pools[name] ??= (this.side.prepare(HUB_POOLS[name as keyof typeof HUB_POOLS]).all() as { v: string }[]).map((r) => r.v));
    const walk = (item: unknown, depth: number): unknown => {
      if (typeof item === 'string') {
        const match = /^\$(henquiry|hreference|hmeeting|hitem|herasure)#(\d+)$/.exec(item);
        if (!match) return item;
        const items = pool(match[1]!);
        return items.length === 0 ? '00000000-0000-4000-8000-ffffffffffff' : items[Number(match[2]) % items.length];
      }
      if (depth > 6 || !(Array.isArray(item) || isPlainObject(item))) return item;
      if (Array.isArray(item)) return Array.from({ length: item.length }, (_, i) => walk(item[i], depth + 1));
      const out: Record<string, unknown> = Object.getPrototypeOf(item) === null ? (Object.create(null) as Record<string, unknown>) : {};
      for (const [key, x] of Object.entries(item)) Object.defineProperty(out, key, { value: walk(x, depth + 1), enumerable: true, configurable: true, writable: true });
      return out;
    };
    return walk(value, 0);
  }

  /**
   * What every erasure promises (server/README.md, "Erasure"), checked after every push: an enquiry
   * an erasure of its forum named is held anonymised, and so is every copy of it in the pull log
   * (an erasure is all or nothing; a later push of the enquiry is stored anonymised); an erasure
   * answered `applied` is recorded with every id it named; one answered `rejected` left no record.
   */
  private checkErasures(sent: readonly SentChange[], results: readonly { status: string }[], before: ReadonlySet<string>): string | null {
    const erasureKeys = new Set((this.side.prepare('SELECT id, version FROM erasures').all() as { id: string; version: number }[]).map((r) => `${r.id} ${r.version}`));
    const erased = new Set((this.side.prepare('SELECT enquiry_id FROM erased_enquiries').all() as { enquiry_id: string }[]).map((r) => r.enquiry_id));
    for (const [index, change] of sent.entries()) {
      if (change.entity !== 'erasure') continue;
      const key = `${String(change.id)} ${String(change.version)}`;
      const status = results[index]?.status;
      if (status === 'applied') {
        if (!erasureKeys.has(key)) return `an erasure answered applied was not recorded: ${show(change)}`;
        const missing = change.enquiryIds.filter((id) => !erased.has(id));
        if (missing.length > 0) return `an erasure answered applied did not record the enquiries ${show(missing)} it named`;
      } else if (status === 'rejected' && erasureKeys.has(key) && !before.has(key)) {
        return `a rejected erasure was recorded (partial write): ${show(change)}`;
      }
    }
    const held = this.side
      .prepare(
        `SELECT q.id, q.reference, q.data FROM enquiries q JOIN erased_enquiries x ON x.enquiry_id = q.id
         WHERE EXISTS (SELECT 1 FROM erasures e WHERE e.id = x.erasure_id AND e.forum_id = q.forum_id)`,
      )
      .all() as { id: string; reference: string; data: string }[];
    const copy = this.side.prepare("SELECT seq, data FROM pull_changes WHERE entity = 'enquiry' AND entity_id = ?");
    const anonymised = (json: string) => {
      const data = JSON.parse(json) as Record<string, unknown>;
      return isDeepStrictEqual(data, anonymisedEnquiryData(data));
    };
    for (const row of held) {
      if (!anonymised(row.data)) return `enquiry ${row.reference} was erased but the hub holds its words: ${row.data.slice(0, 300)}`;
      for (const c of copy.all(row.id) as { seq: number; data: string }[]) {
        if (!anonymised(c.data)) return `enquiry ${row.reference} was erased but its copy at seq ${c.seq} in the pull log holds its words: ${c.data.slice(0, 300)}`;
      }
    }
    return null;
  }

  private token(text: string): string {
    return text.replace(/\$token:(rugeley|cannock|revoked)/g, (name) => this.tokens[name]!);
  }

  /** Sends one request and judges the answer; throws a FuzzFailure naming the request when the hub broke its contract. */
  async request(raw: HubRequest): Promise<Outcome> {
    const headers = Object.fromEntries(Object.entries(raw.headers).map(([name, value]) => [name, this.token(value)]));
    let body: Buffer | undefined;
    let sentChanges: SentChange[] | null = null;
    if (raw.body && 'json' in raw.body) {
      const value = this.resolve(raw.body.json);
      let json: string | undefined;
      try {
        json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
      } catch {
        json = undefined;
      }
      body = Buffer.from(json ?? 'undefined', 'utf8');
      const changes = (value as { changes?: unknown } | null)?.changes;
      // As the body carries them: a bigint version goes out as a JSON number (the replacer above).
      const sent = (version: unknown) => (typeof version === 'bigint' ? Number(version) : version);
      const namedIds = (c: { data?: { enquiries?: unknown } } | null): string[] => {
        const list = c?.data?.enquiries;
        return Array.isArray(list) ? list.flatMap((e: unknown) => (typeof (e as { id?: unknown } | null)?.id === 'string' ? [(e as { id: string }).id] : [])) : [];
      };
      if (Array.isArray(changes)) {
        sentChanges = changes.map((c: unknown) => {
          const change = c as { id?: unknown; version?: unknown; entity?: unknown; data?: { enquiries?: unknown } } | null;
          return { id: change?.id, version: sent(change?.version), entity: change?.entity, enquiryIds: namedIds(change) };
        });
      }
    } else if (raw.body) {
      body = Buffer.from(raw.body.raw, 'utf8');
    }
    const request: HubRequest = { ...raw, headers };
    const where = () => `${raw.method} ${raw.path.length > 300 ? `${raw.path.slice(0, 300)}...` : raw.path} headers ${show(raw.headers, 300)} body ${body ? show(body.length > 600 ? `${body.subarray(0, 600).toString()}... (${body.length} bytes)` : body.toString()) : '(none)'}`;
    const isPush = raw.method === 'POST' && raw.path.startsWith('/sync/push');
    const fingerprintBefore = isPush ? contentFingerprint(this.side, { devices: ['last_push_at'] }) : null;
    const erasuresBefore = isPush ? new Set((this.side.prepare('SELECT id, version FROM erasures').all() as { id: string; version: number }[]).map((r) => `${r.id} ${r.version}`)) : new Set<string>();
    const versionBefore = dataVersion(this.side);

    let answer: HubAnswer;
    try {
      answer = await send(this.hub.url, request, body);
    } catch (error) {
      // An oversized body may be cut off by the hub once it has answered 413: only that case is allowed to reset.
      if (body && body.length > MAX_BODY_BYTES && (error as NodeJS.ErrnoException).code && ['ECONNRESET', 'EPIPE'].includes((error as NodeJS.ErrnoException).code!)) {
        if (dataVersion(this.side) !== versionBefore) throw new FuzzFailure(`an oversized body wrote to the hub's database: ${where()}`);
        return { code: '413', accepted: false };
      }
      throw new FuzzFailure(`the request failed without an answer (${String(error)}): ${where()}`);
    }
    const { status } = answer;
    const wrote = dataVersion(this.side) !== versionBefore;
    if (status >= 500 || status < 200) throw new FuzzFailure(`the hub answered ${status} ${answer.body.toString().slice(0, 300)} to ${where()}`);
    const type = String(answer.headers['content-type'] ?? '');
    const parsed = (): unknown => {
      try {
        return JSON.parse(answer.body.toString('utf8')) as unknown;
      } catch {
        throw new FuzzFailure(`the hub answered ${status} with a body that is not JSON (${type}): ${answer.body.toString().slice(0, 200)} to ${where()}`);
      }
    };

    if (status >= 400) {
      if (raw.method !== 'HEAD') {
        if (!type.startsWith('application/json')) throw new FuzzFailure(`the hub answered ${status} as ${type}, not JSON, to ${where()}`);
        const shape = hubErrorSchema.safeParse(parsed());
        if (!shape.success) throw new FuzzFailure(`the hub answered ${status} outside the documented error shape: ${answer.body.toString().slice(0, 300)} to ${where()}`);
        if (shape.data.error.message.trim() === '') throw new FuzzFailure(`the hub answered ${status} with an empty message to ${where()}`);
      }
      if (wrote) throw new FuzzFailure(`the hub answered ${status} but wrote to its database (partial write) for ${where()}`);
      return { code: String(status), accepted: false };
    }

    if (raw.method === 'HEAD') {
      if (wrote) throw new FuzzFailure(`a HEAD request wrote to the hub's database: ${where()}`);
      return { code: String(status), accepted: true };
    }
    if (!isPush) {
      if (wrote) throw new FuzzFailure(`a read (${raw.method} ${raw.path.split('?')[0]}) wrote to the hub's database: ${where()}`);
      const pathname = raw.path.split('?')[0]!;
      if (pathname === '/sync/pull') {
        const page = pullResponseSchema.safeParse(parsed());
        if (!page.success) throw new FuzzFailure(`a pull answered 200 outside its schema: ${page.error.message} for ${where()}`);
      } else if (pathname.endsWith('/issues')) {
        const page = forumIssuesResponseSchema.safeParse(parsed());
        if (!page.success) throw new FuzzFailure(`the issues route answered 200 outside its schema: ${page.error.message} for ${where()}`);
      } else if (pathname === '/subject-access/search') {
        const page = hubSubjectResponseSchema.safeParse(parsed());
        if (!page.success) throw new FuzzFailure(`the subject-access route answered 200 outside its schema: ${page.error.message} for ${where()}`);
      } else if (pathname.endsWith('/issues.csv')) {
        if (!type.startsWith('text/csv') || !answer.body.toString('utf8').startsWith('\uFEFF')) throw new FuzzFailure(`the CSV route answered 200 without a CSV with a BOM (${type}) for ${where()}`);
      } else {
        parsed();
      }
      return { code: String(status), accepted: true };
    }

    const results = pushResponseSchema.safeParse(parsed());
    if (!results.success) throw new FuzzFailure(`a push answered 200 outside its schema: ${results.error.message} for ${where()}`);
    if (sentChanges && (results.data.results.length !== sentChanges.length || results.data.results.some((r, i) => r.id !== sentChanges[i]!.id || r.version !== sentChanges[i]!.version))) {
      throw new FuzzFailure(`a push answered results that do not match the changes sent, one for one and in order: ${show(results.data.results)} for ${where()}`);
    }
    for (const result of results.data.results) {
      if (result.status === 'rejected' && !(result.error && result.error.trim() !== '')) throw new FuzzFailure(`a rejected change has no reason: ${show(result)} for ${where()}`);
    }
    const counts = new Map<string, number>();
    for (const result of results.data.results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
    if (!counts.has('applied') && fingerprintBefore !== null && contentFingerprint(this.side, { devices: ['last_push_at'] }) !== fingerprintBefore) {
      throw new FuzzFailure(`a push none of whose changes applied (${show(results.data.results)}) wrote to the hub's database (partial write) for ${where()}`);
    }
    const erasureFault = this.checkErasures(sentChanges ?? [], results.data.results, erasuresBefore);
    if (erasureFault) throw new FuzzFailure(`${erasureFault}, after ${where()}`);
    const code = `200 ${[...counts.keys()].sort().join('+') || 'empty'}`;
    return { code, accepted: true };
  }

  /**
   * The oracle's own check: the hub's write detectors see a push that applies (data_version and the
   * content hash both change) and see nothing for a read.
   */
  async writeDetectorWorks(): Promise<boolean> {
    const before = dataVersion(this.side);
    const hashBefore = contentFingerprint(this.side, { devices: ['last_push_at'] });
    const read = await this.request({ method: 'GET', path: '/sync/pull?cursor=0&limit=1', headers: { authorization: 'Bearer $token:rugeley' } });
    const afterRead = dataVersion(this.side);
    const push = await this.request({
      method: 'POST',
      path: '/sync/push',
      headers: { authorization: 'Bearer $token:rugeley', 'content-type': 'application/json' },
      body: { json: { changes: [{ id: '00000000-0000-4000-8000-00000000fffe', entity: 'enquiry', version: 1, data: { reference: 'RUG-K1-1000001', unitId: 'rugeley', topic: 'roads', summary: 'Detector', createdAt: '2026-07-15T09:00:00Z' } }] } },
    });
    return read.code === '200' && push.code === '200 applied' && afterRead === before && dataVersion(this.side) !== afterRead && contentFingerprint(this.side, { devices: ['last_push_at'] }) !== hashBefore;
  }

  /** The hub still answers ordinary requests: health, a push of a new enquiry, a pull. */
  async healthy(): Promise<void> {
    const health = await this.request({ method: 'GET', path: '/health', headers: {} });
    if (health.code !== '200') throw new FuzzFailure(`after fuzzing, health answers ${health.code}`);
    const id = '00000000-0000-4000-8000-00000000ffff';
    const push = await this.request({
      method: 'POST',
      path: '/sync/push',
      headers: { authorization: 'Bearer $token:rugeley', 'content-type': 'application/json' },
      body: { json: { changes: [{ id, entity: 'enquiry', version: 1, data: { reference: 'RUG-K1-1000000', unitId: 'rugeley', topic: 'roads', summary: 'After the fuzz', createdAt: '2026-07-15T09:00:00Z' } }] } },
    });
    if (!['200 applied', '200 duplicate'].includes(push.code)) throw new FuzzFailure(`after fuzzing, a plain push answers ${push.code}`);
    const pull = await this.request({ method: 'GET', path: '/sync/pull?cursor=0&limit=5', headers: { authorization: 'Bearer $token:rugeley' } });
    if (pull.code !== '200') throw new FuzzFailure(`after fuzzing, a pull answers ${pull.code}`);
  }

  async close(): Promise<void> {
    this.side.close();
    await this.hub.close();
    this.dir.remove();
  }
}

// ---------------------------------------------------------------------------------------------
// Running a property and reporting it the same way in tests and in the bench.

export interface PropertyReport {
  readonly name: string;
  readonly tally: Tally;
  readonly ms: number;
  /** The failure, with its seed, path and shrunk counterexample; null when every run held. */
  readonly failure: string | null;
}

/** Runs `runs` generated inputs through `check`, shrinking a failure, and reports what happened. */
export async function runProperty<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<Outcome>, options: { seed: number; runs: number; path?: string }): Promise<PropertyReport> {
  const tally = new Tally();
  let shrinking = false;
  const started = performance.now();
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      const outcome = await check(value);
      if (!shrinking) tally.add(outcome);
    }),
    { seed: options.seed, numRuns: options.runs, path: options.path, endOnFailure: false, markInterruptAsFailure: false },
  );
  shrinking = true;
  const ms = performance.now() - started;
  if (!details.failed) return { name, tally, ms, failure: null };
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return {
    name,
    tally,
    ms,
    failure:
      `${name} failed after ${details.numRuns} runs (${details.numShrinks} shrinks). Replay: FUZZ_SEED set as for this run ` +
      `(property seed ${details.seed}, path "${details.counterexamplePath}").\nShrunk counterexample: ${show(details.counterexample, 2000)}\n${error}`,
  };
}

/** The runs a channel gets: all of them, or (slow ones, unless `all`) a tenth, at least 30. */
export function runsFor(channel: ChannelName, runs: number, all = false): number {
  return all || !SLOW_CHANNELS.has(channel) ? runs : Math.min(runs, Math.max(30, Math.ceil(runs / 10)));
}

export { CHANNEL_NAMES, contract };
