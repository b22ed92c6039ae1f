/**
 * The hub on PostgreSQL with several hub processes on one database (issue 10): what a load
 * balancer in front of two `server/cli.ts serve --database URL` processes does to sync.
 *
 * (a) Two hub processes (child processes, as deployed) on one fresh database. Four real kiosk
 *     backends (their own SQLite folders and sync engines, on the engine's own schedule; two in
 *     Rugeley, one each in Cannock and Hednesford) start with a backlog and keep logging enquiries
 *     and moving them on through the backend's channels (several versions each) while they sync.
 *     Every request goes to one of the two processes, picked per request by a seeded generator,
 *     through a fault proxy in front of each (resets, cut requests, lost answers, doubled requests,
 *     delays); a share of the pushes goes to BOTH processes at the same moment, past the proxies,
 *     so two processes race on the same changes. Meanwhile two pull readers (devices of Rugeley and
 *     Cannock that never push) pull small pages (now and then a large one, to keep up with the head
 *     of the log) through either process all the time, each in a worker thread so the kiosks' work
 *     does not slow them; commits are made as slow as a durable server's (SLOW_COMMITS), so the
 *     readers look at the log while writers are committing.
 *     At the end: every enquiry on the hub exactly once at its kiosk's last version, every version
 *     in between exactly once (and every version any answer acknowledged), one copy of each in its
 *     unit's pull log; no answer but 200, no change refused, no version answered `applied` twice;
 *     every outbox empty, and each kiosk holding its unit's other kiosks' enquiries at their last
 *     versions. Each reader saw exactly its unit's pull log: every change once, none missed, seqs
 *     increasing, each enquiry's versions in increasing order.
 * (b) The same push body sent to both processes at the same instant, many times over, three bodies
 *     at once from three devices: new enquiries, then each next version of them (updates), up to
 *     version 4. Per change one `applied` and one `duplicate`, never two applied, never a 5xx or a
 *     refusal; all of it sent again, two duplicates. A reader pulls meanwhile, as in (a).
 * (c) A device revoked with the CLI (a third process) is refused by both running processes on
 *     their next request; a rate limit of 5 a minute is one allowance across both processes.
 *
 * Seeded: PG_CONCURRENCY_SEED=n replays a run of (a) and (b) (which process a request goes to and
 * every fault are drawn from it; how requests interleave is up to the scheduler). The seed is in
 * the test names and every assertion message. Skipped, with the reason in the suite's name, when
 * there is no PostgreSQL server (tests/support/postgres.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { changeStatus, openDatabase } from '../../db';
import { openHubStore, startHub } from '../../server/hub';
import type { HubStore } from '../../server/store';
import { TOPICS } from '../../shared/directory/topics';
import { STATUS_TRANSITIONS, type EnquiryDetail, type EnquiryStatus } from '../../shared/enquiries/model';
import type { SetupInput } from '../../shared/ipc/contract';
import { pullResponseSchema, pushResponseSchema, type PushChange, type PushResult } from '../../shared/sync/protocol';
import { addBacklog, pointAtHub } from '../support/enquiryBacklog';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { ADMIN, RUGELEY_SETUP, setUpKiosk } from '../support/kiosk';
import { createTestDatabase, POSTGRES_SKIP_REASON, type TestDatabase } from '../support/postgres';
import { Random, deriveSeed, mulberry32 } from '../support/random';
import { makeTempDir } from '../support/tempDir';

const ROOT = resolve(import.meta.dirname, '../..');
const PUSH = '/api/v1/sync/push';
const PULL = '/api/v1/sync/pull';
const SEED = Number(process.env['PG_CONCURRENCY_SEED'] ?? 20261207);
const REPLAY = `replay: PG_CONCURRENCY_SEED=${SEED}`;
const quiet = () => {};

/** Backlog per kiosk before it opens (a share of it changed once more: versions 1 and 2 waiting). */
const BACKLOG = 250;
/** Things staff do at each kiosk while it syncs: log an enquiry, or move one on. */
const STAFF_ACTIONS = 300;
/** Share of pushes sent to both hub processes at the same moment. */
const RACE_SHARE = 0.2;

const skipped = POSTGRES_SKIP_REASON !== null;
const title = (name: string) => (skipped ? `${name} (skipped: ${POSTGRES_SKIP_REASON})` : name);

// --- Hub processes, the CLI ----------------------------------------------------------------------

interface HubProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote (warnings and errors only: --log-level warn). */
  readonly output: () => string;
  /** SIGTERM: the hub lets requests in flight finish, closes its pool and exits. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm run hub -- serve --database URL --port 0`, resolving once it listens. */
function spawnHub(name: string, database: string, rateLimit: number): Promise<HubProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/cli.ts', 'serve', '--database', database, '--port', '0', '--rate-limit', String(rateLimit), '--log-level', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub ${name} did not start within 20 s: ${output}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({
          name,
          child,
          url: match[1]!,
          port: Number(match[2]),
          exited,
          output: () => output,
          stop: () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`hub ${name} exited (${code ?? signal}) before listening: ${output}`));
    });
  });
}

function runCli(args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`hub ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/** Two hub processes on one database, started together. */
async function hubPair(database: string, rateLimit: number): Promise<[HubProcess, HubProcess]> {
  const started = await Promise.allSettled([spawnHub('A', database, rateLimit), spawnHub('B', database, rateLimit)]);
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(running.map((hub) => hub.stop()));
    throw failed.reason;
  }
  return running as [HubProcess, HubProcess];
}

/** A device's GET of one pull page from a hub: the status and the parsed body. */
async function pullOnce(baseUrl: string, token: string, cursor = '0', limit = 10): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}${PULL}?cursor=${cursor}&limit=${limit}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // Kept as text for the message.
  }
  return { status: response.status, body };
}

// --- Reading the database ------------------------------------------------------------------------

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: readonly unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params as unknown[])).rows;
  } finally {
    await client.end();
  }
}

interface HubHeld {
  /** id -> version, reference, unit (a second row for an id would show in `rows`, not here). */
  readonly enquiries: Map<string, { version: number; reference: string; unitId: string }>;
  readonly rows: number;
  /** "id version" of every row of enquiry_versions. */
  readonly versions: string[];
  /** (entity, id, version) appearing more than once in the pull log for one unit. */
  readonly doubledPullChanges: { unit_id: string | null; entity: string; entity_id: string; version: number; n: number }[];
  /** The pull log's enquiry copies, "id version", per unit. */
  readonly copies: Map<string, string[]>;
}

async function readHub(url: string): Promise<HubHeld> {
  const enquiries = await query<{ id: string; version: string; reference: string; unit_id: string }>(url, 'SELECT id, version, reference, unit_id FROM enquiries');
  const versions = await query<{ enquiry_id: string; version: string }>(url, 'SELECT enquiry_id, version FROM enquiry_versions');
  const doubled = await query<{ unit_id: string | null; entity: string; entity_id: string; version: string; n: number }>(
    url,
    `SELECT unit_id, entity, entity_id, version, count(*)::int AS n FROM pull_changes
     GROUP BY unit_id, entity, entity_id, version HAVING count(*) > 1 LIMIT 20`,
  );
  const copies = await query<{ unit_id: string; entity_id: string; version: string }>(url, "SELECT unit_id, entity_id, version FROM pull_changes WHERE entity = 'enquiry'");
  const byUnit = new Map<string, string[]>();
  for (const c of copies) {
    if (!byUnit.has(c.unit_id)) byUnit.set(c.unit_id, []);
    byUnit.get(c.unit_id)!.push(`${c.entity_id} ${c.version}`);
  }
  return {
    enquiries: new Map(enquiries.map((e) => [e.id, { version: Number(e.version), reference: e.reference, unitId: e.unit_id }])),
    rows: enquiries.length,
    versions: versions.map((v) => `${v.enquiry_id} ${v.version}`),
    doubledPullChanges: doubled.map((d) => ({ ...d, version: Number(d.version) })),
    copies: byUnit,
  };
}

/**
 * The hub holds exactly `expected` (id -> version, reference, unit): each id once at that version,
 * versions 1..v of each once in its version log, nothing else; and the pull log holds one copy of
 * each version for the enquiry's unit and no (entity, id, version) twice for any unit.
 */
function expectHubHoldsExactly(held: HubHeld, expected: ReadonlyMap<string, { version: number; reference: string; unitId: string }>, context: string): void {
  expect(held.rows, `${context}: enquiry rows on the hub`).toBe(expected.size);
  expect(held.enquiries.size, `${context}: distinct enquiry ids on the hub`).toBe(expected.size);
  const lost: string[] = [];
  const wrong: string[] = [];
  for (const [id, e] of expected) {
    const h = held.enquiries.get(id);
    if (!h) lost.push(`${e.reference} (${id})`);
    else if (h.version !== e.version || h.reference !== e.reference || h.unitId !== e.unitId) {
      wrong.push(`${e.reference}: hub v${h.version} ${h.reference} ${h.unitId}, kiosk v${e.version} ${e.unitId}`);
    }
  }
  expect(lost.slice(0, 10), `${context}: enquiries lost (${lost.length})`).toEqual([]);
  expect(wrong.slice(0, 10), `${context}: enquiries at another version (${wrong.length})`).toEqual([]);
  const wanted: string[] = [];
  for (const [id, e] of expected) for (let v = 1; v <= e.version; v++) wanted.push(`${id} ${v}`);
  expect(held.versions.length, `${context}: rows of the version log`).toBe(wanted.length);
  expect(new Set(held.versions), `${context}: the version log holds every version once`).toEqual(new Set(wanted));
  expect(held.doubledPullChanges, `${context}: (entity, id, version) twice in the pull log`).toEqual([]);
  const wantedCopies = new Map<string, string[]>();
  for (const [id, e] of expected) {
    if (!wantedCopies.has(e.unitId)) wantedCopies.set(e.unitId, []);
    for (let v = 1; v <= e.version; v++) wantedCopies.get(e.unitId)!.push(`${id} ${v}`);
  }
  for (const [unit, copies] of wantedCopies) {
    expect(new Set(held.copies.get(unit) ?? []), `${context}: one copy of each version in ${unit}'s pull log`).toEqual(new Set(copies));
  }
}

// --- Kiosks --------------------------------------------------------------------------------------

let root: ReturnType<typeof makeTempDir>;
const templates = new Map<string, string>();
const setups: Record<string, SetupInput> = {
  rugeleyK2: RUGELEY_SETUP,
  rugeleyK1: { ...RUGELEY_SETUP, deviceCode: 'K1' },
  cannockK1: { ...RUGELEY_SETUP, unitId: 'cannock', deviceCode: 'K1' },
  hednesfordK3: { ...RUGELEY_SETUP, unitId: 'hednesford', deviceCode: 'K3' },
};
let folders = 0;
function folder(name: string): string {
  const path = join(root.path, `${name}-${folders++}`);
  mkdirSync(path, { recursive: true });
  return path;
}

/**
 * A kiosk's own enquiries, the copies it pulled of those raised at its unit's other kiosks (id ->
 * version), and its outbox, rejected rows included.
 */
function readKiosk(dataDir: string): {
  enquiries: Map<string, { version: number; reference: string; unitId: string }>;
  copies: Map<string, number>;
  outbox: number;
} {
  const db = openDatabase(join(dataDir, 'onestop.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT id, version, reference, unit_id, origin FROM enquiries').all() as {
      id: string;
      version: number;
      reference: string;
      unit_id: string;
      origin: 'local' | 'hub';
    }[];
    return {
      enquiries: new Map(rows.filter((r) => r.origin === 'local').map((r) => [r.id, { version: r.version, reference: r.reference, unitId: r.unit_id }])),
      copies: new Map(rows.filter((r) => r.origin === 'hub').map((r) => [r.id, r.version])),
      outbox: (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

/** What was seen of the hub's answers to pushes, wherever they went. */
class PushLedger {
  /** "id version" -> statuses answered, across every answer read (a lost answer is not here). */
  readonly answers = new Map<string, PushResult['status'][]>();
  /** Races: both processes' answers to the same body, per change. */
  readonly races: { a: PushResult['status'][]; b: PushResult['status'][] }[] = [];
  /** Answers other than 200 (no request here is malformed, unauthorised or rate-limited), refused changes, answers in another shape: none expected. */
  readonly anomalies: string[] = [];
  requests = { a: 0, b: 0, race: 0 };

  record(where: string, status: number, text: string): PushResult[] | null {
    if (status !== 200) {
      this.anomalies.push(`${where}: ${status} ${text.slice(0, 300)}`);
      return null;
    }
    const parsed = pushResponseSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      this.anomalies.push(`${where}: an answer of another shape: ${text.slice(0, 300)}`);
      return null;
    }
    for (const result of parsed.data.results) {
      const key = `${result.id} ${result.version}`;
      this.answers.set(key, [...(this.answers.get(key) ?? []), result.status]);
      if (result.status === 'rejected') this.anomalies.push(`${where}: ${key} rejected: ${result.error}`);
    }
    return parsed.data.results;
  }
}

/**
 * The kiosk's fetch behind a load balancer of two hub processes: each request to one of the two
 * proxies, picked by the kiosk's generator; a share of the pushes to both processes directly at
 * once (one answer, picked by the generator, goes back to the engine; both are kept).
 */
function balancedFetch(configured: string, proxies: readonly [FaultProxy, FaultProxy], hubs: readonly [HubProcess, HubProcess], random: Random, ledger: PushLedger): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(configured)) throw new Error(`the engine asked for ${url}, not under ${configured}`);
    const path = url.slice(configured.length);
    const isPush = path.startsWith(PUSH);
    // The engine reads the answer once; the ledger needs it too.
    const rebuilt = (status: number, statusText: string, headers: Headers, text: string) => new Response(text, { status, statusText, headers });
    if (isPush && random.chance(RACE_SHARE)) {
      ledger.requests.race++;
      const answered = random.chance(0.5) ? 1 : 0;
      const both = await Promise.all(
        hubs.map(async (hub) => {
          const response = await fetch(`${hub.url}${path}`, init);
          return { response, text: await response.text() };
        }),
      );
      const [a, b] = both.map(({ response, text }, i) => ledger.record(`race, process ${hubs[i]!.name}`, response.status, text));
      if (a && b) ledger.races.push({ a: a.map((r) => r.status), b: b.map((r) => r.status) });
      const { response, text } = both[answered]!;
      return rebuilt(response.status, response.statusText, response.headers, text);
    }
    const which = random.chance(0.5) ? 1 : 0;
    ledger.requests[which === 0 ? 'a' : 'b']++;
    const response = await fetch(`${proxies[which].url}${path}`, init);
    const text = await response.text();
    if (isPush) ledger.record(`through process ${hubs[which].name}`, response.status, text);
    else if (response.status !== 200) ledger.anomalies.push(`pull through ${hubs[which].name}: ${response.status} ${text.slice(0, 300)}`);
    return rebuilt(response.status, response.statusText, response.headers, text);
  };
}

/** What a device of a unit that never pushes saw, pulling as it goes. */
class PullReader {
  cursor = '0';
  private lastSeq = 0;
  readonly seen: { seq: number; entity: string; id: string; version: number }[] = [];
  private readonly keys = new Set<string>();
  private readonly lastVersion = new Map<string, number>();
  readonly violations: string[] = [];
  pages = 0;

  apply(page: { changes: readonly { seq: number; entity: string; id: string; version: number }[]; cursor: string; more: boolean }, via: string): void {
    this.pages++;
    for (const change of page.changes) {
      const key = `${change.entity} ${change.id} ${change.version}`;
      if (change.seq <= this.lastSeq) this.violations.push(`${via}: seq ${change.seq} after ${this.lastSeq}`);
      if (this.keys.has(key)) this.violations.push(`${via}: ${key} seen twice (seq ${change.seq})`);
      // Per enquiry: a copy and a status change may share a version, so strictly increasing per entity.
      const entityKey = `${change.entity} ${change.id}`;
      const before = this.lastVersion.get(entityKey) ?? 0;
      if (change.version <= before) this.violations.push(`${via}: ${entityKey} version ${change.version} after ${before}`);
      const anyBefore = Math.max(this.lastVersion.get(`enquiry ${change.id}`) ?? 0, this.lastVersion.get(`enquiry-status ${change.id}`) ?? 0);
      if (change.version < anyBefore) this.violations.push(`${via}: enquiry ${change.id} version ${change.version} after ${anyBefore}`);
      this.lastVersion.set(entityKey, change.version);
      this.keys.add(key);
      this.lastSeq = Math.max(this.lastSeq, change.seq);
      this.seen.push({ seq: change.seq, entity: change.entity, id: change.id, version: change.version });
    }
    const cursor = Number(page.cursor);
    if (cursor < Number(this.cursor)) this.violations.push(`${via}: cursor went back from ${this.cursor} to ${page.cursor}`);
    if (cursor < this.lastSeq) this.violations.push(`${via}: cursor ${page.cursor} before the last seq sent ${this.lastSeq}`);
    this.cursor = page.cursor;
  }

  /** One page from a hub with no faults in front of it; whether more wait. */
  async pullFrom(baseUrl: string, via: string, token: string, limit: number): Promise<boolean> {
    const response = await fetch(`${baseUrl}${PULL}?cursor=${this.cursor}&limit=${limit}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5000),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${via}: pull answered ${response.status}: ${text.slice(0, 300)}`);
    const page = pullResponseSchema.parse(JSON.parse(text));
    this.apply(page, via);
    return page.more;
  }
}

/**
 * The reader saw exactly the unit's pull log as the database holds it at the end: nothing missed
 * (a change that committed after the reader's cursor had passed its seq), nothing extra, in order.
 */
async function expectReaderSawExactly(reader: PullReader, url: string, unitId: string, context: string): Promise<void> {
  expect(reader.violations.slice(0, 10), `the ${unitId} reader (${reader.violations.length} problems); ${context}`).toEqual([]);
  const log = (
    await query<{ seq: string; entity: string; entity_id: string; version: string }>(
      url,
      'SELECT seq, entity, entity_id, version FROM pull_changes WHERE unit_id = $1 OR unit_id IS NULL ORDER BY seq',
      [unitId],
    )
  ).map((c) => `${c.seq} ${c.entity} ${c.entity_id} ${c.version}`);
  const seen = reader.seen.map((c) => `${c.seq} ${c.entity} ${c.id} ${c.version}`);
  const seenSet = new Set(seen);
  const missed = log.filter((change) => !seenSet.has(change));
  expect(missed.slice(0, 10), `changes the ${unitId} reader never saw (${missed.length} of ${log.length}: "seq entity id version"); ${context}`).toEqual([]);
  expect(seen, `the ${unitId} reader saw exactly its unit's pull log, in order; ${context}`).toEqual(log);
}

/**
 * A pull reader's loop, in a worker thread of its own: the kiosks keep this process's event loop
 * busy, and a reader that pulls seldom rarely looks at the log while two writers are committing.
 * Plain JavaScript (a worker is not transpiled); the pages go back to the test when it is told to stop.
 */
const READER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let a = workerData.seed >>> 0;
const random = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
let running = true;
parentPort.on('message', () => { running = false; });
(async () => {
  const pages = [];
  let cursor = '0';
  while (running) {
    const which = random() < 0.5 ? 0 : 1;
    const via = 'pull through process ' + workerData.names[which];
    try {
      // Mostly pages of 1 to 6; now and then one of up to 500, so the reader keeps up with the log's
      // head, where a change committed late would be passed over.
      const limit = random() < 0.7 ? 1 + Math.floor(random() * 6) : 500;
      const response = await fetch(workerData.urls[which] + '${PULL}?cursor=' + cursor + '&limit=' + limit, {
        headers: { authorization: 'Bearer ' + workerData.token },
        signal: AbortSignal.timeout(5000),
      });
      const text = await response.text();
      if (response.status !== 200) {
        pages.push({ via, error: response.status + ' ' + text.slice(0, 300) });
        continue;
      }
      const page = JSON.parse(text);
      pages.push({ via, page: { changes: page.changes.map(({ seq, entity, id, version }) => ({ seq, entity, id, version })), cursor: page.cursor, more: page.more } });
      cursor = page.cursor;
    } catch (error) {
      pages.push({ via, error: String(error) });
    }
  }
  parentPort.postMessage(pages);
})();
`;

type ReaderPage = { via: string; page?: { changes: { seq: number; entity: string; id: string; version: number }[]; cursor: string; more: boolean }; error?: string };

/** Starts a reader thread; stop() ends it and feeds what it saw, in order, to `reader`. */
function startReaderThread(reader: PullReader, hubs: readonly HubProcess[], token: string, seed: number): { stop(): Promise<void> } {
  const worker = new Worker(READER_SOURCE, { eval: true, workerData: { urls: hubs.map((h) => h.url), names: hubs.map((h) => h.name), token, seed } });
  const pages = new Promise<ReaderPage[]>((done, fail) => {
    worker.once('message', done);
    worker.once('error', fail);
  });
  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        worker.postMessage('stop');
        for (const { via, page, error } of await pages) {
          if (page) reader.apply(page, via);
          // A refused or failed pull (no faults on this path) is an answer that should not happen.
          else reader.violations.push(`${via}: ${error}`);
        }
        await worker.terminate();
      })()),
  };
}

/**
 * Commits as slow as a durable server's. The test cluster runs with fsync off, so the moment
 * between a pull change taking its seq and its transaction committing is far shorter than in
 * production, where COMMIT waits for the disk: a reader would almost never look in between. A
 * deferred trigger on pull_changes waits 0-8 ms at COMMIT (once per transaction), so it does.
 */
const SLOW_COMMITS = `
  CREATE FUNCTION onestop_test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF current_setting('onestop_test.slept', true) IS DISTINCT FROM 'yes' THEN
      PERFORM set_config('onestop_test.slept', 'yes', true);
      PERFORM pg_sleep(random() * 0.008);
    END IF;
    RETURN NULL;
  END $$;
  CREATE CONSTRAINT TRIGGER onestop_test_slow_commit AFTER INSERT ON pull_changes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION onestop_test_slow_commit();
`;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Staff at a kiosk, through the backend's own channels as the screens call them: signed in as the
 * administrator, they log enquiries and move enquiries along their lifecycle, mostly the few they
 * touched last, so many enquiries reach several versions while the engine syncs.
 */
async function staffAtWork(backend: Backend, random: Random, start: Map<string, { version: number; status: EnquiryStatus }>, actions: number): Promise<number> {
  const caller = 'desk';
  const signIn = await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, caller);
  if (!signIn.ok) throw new Error(`sign-in failed: ${JSON.stringify(signIn.error)}`);
  const held = new Map(start);
  const ids = [...held.keys()];
  const recent: string[] = [];
  let versions = 0;
  const touched = (detail: EnquiryDetail) => {
    held.set(detail.id, { version: detail.version, status: detail.status });
    recent.push(detail.id);
    if (recent.length > 12) recent.shift();
    versions++;
  };
  for (let i = 0; i < actions; i++) {
    if (random.chance(0.25)) {
      const topic = random.pick(TOPICS);
      const result = await backend.dispatch(
        'enquiries:log',
        {
          channel: random.pick(['desk', 'phone'] as const),
          topicId: topic.id,
          location: `${random.int(1, 200)} ${random.pick(['Market', 'Horse Fair', 'Anson'])} Street`,
          summary: `Logged while syncing, number ${i}`,
          details: '',
          contact: null,
          status: 'new',
        },
        caller,
      );
      if (!result.ok) throw new Error(`enquiries:log failed: ${JSON.stringify(result.error)}`);
      const detail = result.value as EnquiryDetail;
      ids.push(detail.id);
      touched(detail);
    } else {
      const id = recent.length > 0 && random.chance(0.7) ? random.pick(recent) : random.pick(ids);
      const { version, status } = held.get(id)!;
      const next = random.pick(STATUS_TRANSITIONS[status]);
      const result = await backend.dispatch('enquiries:setStatus', { id, version, status: next, outcome: next === 'outcome-recorded' ? 'Done.' : '', note: '' }, caller);
      if (!result.ok) throw new Error(`enquiries:setStatus ${id} v${version} ${status} -> ${next} failed: ${JSON.stringify(result.error)}`);
      touched(result.value as EnquiryDetail);
    }
    // Let the engine's timers and answers in between, as a person's pace would.
    await sleep(random.int(0, 3));
  }
  return versions;
}

if (!skipped) {
  beforeAll(async () => {
    root = makeTempDir('onestop-hub-pg-concurrency-');
    // Configured kiosk folders (setup hashes the PIN with scrypt, slow on purpose), copied per use.
    await Promise.all(
      Object.entries(setups).map(async ([name, setup]) => {
        const dir = join(root.path, 'templates', name);
        const backend = createBackend({ dataDir: dir, log: quiet });
        try {
          await setUpKiosk(backend, setup);
        } finally {
          backend.close();
        }
        templates.set(name, dir);
      }),
    );
  }, 60_000);
  afterAll(() => root?.remove());
}

// --- (a) Four kiosks, two processes ---------------------------------------------------------------

describe.skipIf(skipped)(title('(a) four kiosks syncing through two hub processes on one PostgreSQL database'), () => {
  let database: TestDatabase | undefined;
  let hubs: [HubProcess, HubProcess] | undefined;
  afterAll(async () => {
    await Promise.all((hubs ?? []).map((hub) => hub.stop()));
    await database?.drop();
  });

  it(`seed ${SEED}: nothing lost, nothing twice, the outboxes empty, and pull readers see every change once in order`, async () => {
    onTestFailed(() => console.error(`hub-postgres-concurrency (a) failed with seed ${SEED} (${REPLAY})`));
    const started = performance.now();
    database = await createTestDatabase('concurrency');
    const url = database.url;
    const units: Record<string, string> = { rugeleyK1: 'rugeley', rugeleyK2: 'rugeley', cannockK1: 'cannock', hednesfordK3: 'hednesford' };
    /** Devices that never push, pulling all the time: one of the unit with two kiosks, one of a unit with one. */
    const readerUnits = ['rugeley', 'cannock'] as const;
    const store: HubStore = await openHubStore({ database: url });
    let tokens: Map<string, string>;
    let readerTokens: string[];
    try {
      tokens = new Map(await Promise.all(Object.entries(units).map(async ([name, unitId]) => [name, (await store.addDevice({ unitId, name, now: new Date() })).token] as const)));
      readerTokens = await Promise.all(readerUnits.map(async (unitId) => (await store.addDevice({ unitId, name: `Reader ${unitId}`, now: new Date() })).token));
    } finally {
      await store.close();
    }
    await query(url, SLOW_COMMITS);
    const pair = (hubs = await hubPair(url, 0));
    const faults = { reset: 0.05, dropMidRequest: 0.05, responseLost: 0.08, duplicate: 0.1, delay: 0.3, delayMs: [0, 15] as [number, number] };
    const proxies: [FaultProxy, FaultProxy] = [
      await startFaultProxy({ target: { host: '127.0.0.1', port: pair[0].port }, seed: deriveSeed(SEED, 1), faults }),
      await startFaultProxy({ target: { host: '127.0.0.1', port: pair[1].port }, seed: deriveSeed(SEED, 2), faults }),
    ];
    const ledger = new PushLedger();
    const readers = readerUnits.map(() => new PullReader());
    const kiosks: { name: string; dir: string; backend: Backend }[] = [];
    const context = () =>
      `seed ${SEED} (${REPLAY}); requests ${JSON.stringify(ledger.requests)}; proxy A ${JSON.stringify(proxies[0].stats)}; proxy B ${JSON.stringify(proxies[1].stats)}` +
      `; hub output: ${pair.map((hub) => `${hub.name}: ${hub.output().slice(-500)}`).join(' | ')}`;
    let threads: { stop(): Promise<void> }[] = [];
    try {
      // The kiosks: a backlog each, then open, syncing on their own schedule at once.
      const configured = 'http://hub.example.invalid';
      const backlogs = new Map<string, Map<string, { version: number; status: EnquiryStatus }>>();
      for (const [index, name] of Object.keys(units).entries()) {
        const dir = folder(name);
        cpSync(templates.get(name)!, dir, { recursive: true });
        const file = join(dir, 'onestop.db');
        const versions = addBacklog(file, { count: BACKLOG, random: new Random(deriveSeed(SEED, 10 + index)), changedShare: 0.3 });
        backlogs.set(name, new Map([...versions].map(([id, v]) => [id, { version: v, status: v === 1 ? 'new' : 'for-forum' } as const])));
        pointAtHub(file, configured, tokens.get(name)!);
        kiosks.push({ name, dir, backend: null as unknown as Backend });
      }
      threads = readers.map((reader, i) => startReaderThread(reader, pair, readerTokens[i]!, deriveSeed(SEED, 3 + i)));
      for (const [index, kiosk] of kiosks.entries()) {
        const random = new Random(deriveSeed(SEED, 20 + index));
        kiosk.backend = createBackend({
          dataDir: kiosk.dir,
          log: quiet,
          sync: {
            autoStart: true,
            batchSize: random.pick([10, 25, 60]),
            pullLimit: random.pick([7, 50]),
            timeoutMs: 5000,
            intervalMs: 15,
            retryBaseMs: 2,
            retryCapMs: 20,
            random: mulberry32(deriveSeed(SEED, 30 + index)),
            fetch: balancedFetch(configured, proxies, pair, new Random(deriveSeed(SEED, 40 + index)), ledger),
          },
        });
      }
      const staffVersions = await Promise.all(
        kiosks.map((kiosk, index) => staffAtWork(kiosk.backend, new Random(deriveSeed(SEED, 50 + index)), backlogs.get(kiosk.name)!, STAFF_ACTIONS)),
      );
      const deadline = Date.now() + 40_000;
      while (kiosks.some((k) => k.backend.sync.status().waiting > 0)) {
        if (Date.now() > deadline) throw new Error(`still waiting ${kiosks.map((k) => `${k.name}=${k.backend.sync.status().waiting}`).join(' ')}; ${context()}`);
        await sleep(20);
      }
      // A last sync without a failure at each kiosk, so each has pulled what the others pushed last.
      for (const kiosk of kiosks) {
        kiosk.backend.sync.stop();
        let status = await kiosk.backend.sync.syncNow();
        for (let tries = 1; status.lastError !== null; tries++) {
          if (tries > 100) throw new Error(`${kiosk.name} never completed a sync: ${JSON.stringify(status.lastError)}; ${context()}`);
          status = await kiosk.backend.sync.syncNow();
        }
        expect(status, `${kiosk.name}; ${context()}`).toMatchObject({ waiting: 0, rejected: { count: 0 } });
        kiosk.backend.close();
      }
      await Promise.all(threads.map((thread) => thread.stop()));
      // Nothing still on its way (a held or doubled request) may land after the count: the proxies
      // go, then the processes, which finish what they were doing before they exit.
      await Promise.all(proxies.map((proxy) => proxy.close()));
      const exits = await Promise.all(pair.map((hub) => hub.stop()));
      expect(exits, `the hub processes stopped cleanly; ${context()}`).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);

      // The readers' last pages, through a third hub (in this process) on the same database.
      const third = await startHub({ database: url, rateLimit: false });
      try {
        for (const [i, reader] of readers.entries()) {
          for (let more = true, tries = 0; more; tries++) {
            if (tries > 10_000) throw new Error(`the last pages never ended; ${context()}`);
            more = await reader.pullFrom(third.url, 'pull through a third hub', readerTokens[i]!, 4);
          }
        }
      } finally {
        await third.close();
      }

      const kioskHeld = kiosks.map((k) => ({ name: k.name, unitId: units[k.name]!, ...readKiosk(k.dir) }));
      const expected = new Map<string, { version: number; reference: string; unitId: string }>();
      for (const k of kioskHeld) {
        expect(k.outbox, `${k.name}: its outbox is empty; ${context()}`).toBe(0);
        for (const [id, e] of k.enquiries) expected.set(id, e);
      }
      // Each kiosk holds a copy of every enquiry of its unit's other kiosks, at its last version; nothing else.
      for (const k of kioskHeld) {
        const others = kioskHeld.filter((o) => o !== k && o.unitId === k.unitId).flatMap((o) => [...o.enquiries].map(([id, e]) => [id, e.version] as const));
        expect(k.copies, `${k.name}: copies of its unit's other kiosks' enquiries; ${context()}`).toEqual(new Map(others));
      }
      const hub = await readHub(url);
      expectHubHoldsExactly(hub, expected, context());

      // Every answer seen: no 5xx, nothing refused, never two processes (or two requests) applying one version.
      expect(ledger.anomalies.slice(0, 10), `answers that should not happen; ${context()}`).toEqual([]);
      const twice = [...ledger.answers].filter(([, statuses]) => statuses.filter((s) => s === 'applied').length > 1);
      expect(twice.slice(0, 10), `versions answered applied twice; ${context()}`).toEqual([]);
      const stale = [...ledger.answers].filter(([, statuses]) => statuses.includes('stale'));
      expect(stale.slice(0, 10), `versions answered stale (each kiosk sends its versions in order); ${context()}`).toEqual([]);
      const versionSet = new Set(hub.versions);
      const unheld = [...ledger.answers.keys()].filter((key) => !versionSet.has(key));
      expect(unheld.slice(0, 10), `acknowledged versions the hub does not hold; ${context()}`).toEqual([]);
      // The races happened, and a race on a new version is one applied and one duplicate.
      const contested = ledger.races.flatMap((race) => race.a.map((a, i) => [a, race.b[i]].sort().join('+')));
      expect(contested.filter((pair) => pair === 'applied+applied'), `races both processes applied; ${context()}`).toEqual([]);
      expect(contested.filter((pair) => pair === 'applied+duplicate').length, `races on new versions; ${context()}`).toBeGreaterThan(0);
      expect(ledger.requests.a, context()).toBeGreaterThan(0);
      expect(ledger.requests.b, context()).toBeGreaterThan(0);
      for (const proxy of proxies) expect(proxy.stats.duplicate + proxy.stats.responseLost, context()).toBeGreaterThan(0);

      // The readers: every change of their unit once, in order, nothing of the log missed.
      for (const [i, reader] of readers.entries()) {
        const unit = readerUnits[i]!;
        await expectReaderSawExactly(reader, url, unit, context());
        const unitVersions = [...expected.values()].filter((e) => e.unitId === unit).reduce((sum, e) => sum + e.version, 0);
        expect(reader.seen.filter((c) => c.entity === 'enquiry').length, `copies of the ${unit} kiosks' versions; ${context()}`).toBe(unitVersions);
      }

      const total = [...expected.values()].reduce((sum, e) => sum + e.version, 0);
      console.log(
        `hub-postgres-concurrency (a) seed ${SEED}: ${expected.size} enquiries, ${total} versions (${staffVersions.reduce((a, b) => a + b, 0)} made while syncing); ` +
          `pushes ${JSON.stringify(ledger.requests)}, ${contested.length} changes raced; ` +
          `readers ${readers.map((r, i) => `${readerUnits[i]} ${r.pages} pages ${r.seen.length} changes`).join(', ')}; ${Math.round(performance.now() - started)} ms`,
      );
    } finally {
      await Promise.all(threads.map((thread) => thread.stop().catch(() => undefined)));
      for (const kiosk of kiosks) kiosk.backend?.close();
      await Promise.all(proxies.map((proxy) => proxy.close()));
    }
  }, 90_000);
});

// --- (b) The same push at both processes at once --------------------------------------------------

/**
 * Moves every enquiry of a kiosk's backlog on 0 to 2 more times (repository calls, as the screens
 * make them), so the outbox holds versions 1 to 4; returns the outbox grouped by version: each
 * group one change per enquiry, which may be sent in any order once the group before is in.
 */
function outboxByVersion(databasePath: string, random: Random): PushChange[][] {
  const db = openDatabase(databasePath);
  try {
    const held = db.prepare("SELECT id, version, status FROM enquiries WHERE origin = 'local' ORDER BY created_at, id").all() as {
      id: string;
      version: number;
      status: EnquiryStatus;
    }[];
    for (const enquiry of held) {
      let { version, status } = enquiry;
      for (let more = random.int(0, 2); more > 0; more--) {
        const next = random.pick(STATUS_TRANSITIONS[status]);
        changeStatus(db, { id: enquiry.id, version, status: next, outcome: next === 'outcome-recorded' ? 'Done.' : '', note: '' }, { id: null, name: 'Desk' }, new Date().toISOString());
        version++;
        status = next;
      }
    }
    const rows = db.prepare('SELECT entity, entity_id, version, payload FROM outbox ORDER BY seq').all() as {
      entity: string;
      entity_id: string;
      version: number;
      payload: string;
    }[];
    const waves: PushChange[][] = [];
    for (const r of rows) (waves[r.version - 1] ??= []).push({ id: r.entity_id, entity: r.entity, version: r.version, data: JSON.parse(r.payload) as Record<string, unknown> });
    return waves;
  } finally {
    db.close();
  }
}

describe.skipIf(skipped)(title('(b) the same push sent to both hub processes at the same instant'), () => {
  let database: TestDatabase | undefined;
  let hubs: [HubProcess, HubProcess] | undefined;
  afterAll(async () => {
    await Promise.all((hubs ?? []).map((hub) => hub.stop()));
    await database?.drop();
  });

  it(`seed ${SEED}: one applied and one duplicate per change, never two applied, never a 5xx or a refusal`, async () => {
    onTestFailed(() => console.error(`hub-postgres-concurrency (b) failed with seed ${SEED} (${REPLAY})`));
    const random = new Random(deriveSeed(SEED, 60));
    database = await createTestDatabase('race');
    const store = await openHubStore({ database: database.url });
    // Three devices of the unit, one per body in flight: one device's pushes wait on each other (each
    // records the device's last push), so only pushes of different devices commit side by side.
    let tokens: string[];
    let readerToken: string;
    try {
      tokens = await Promise.all(['K1', 'K2', 'K3'].map(async (name) => (await store.addDevice({ unitId: 'rugeley', name, now: new Date() })).token));
      readerToken = (await store.addDevice({ unitId: 'rugeley', name: 'Reader', now: new Date() })).token;
    } finally {
      await store.close();
    }
    await query(database.url, SLOW_COMMITS);
    const pair = (hubs = await hubPair(database.url, 0));
    const context = () => `seed ${SEED} (${REPLAY}); hub output: ${pair.map((hub) => `${hub.name}: ${hub.output().slice(-500)}`).join(' | ')}`;

    const dir = folder('race-kiosk');
    cpSync(templates.get('rugeleyK2')!, dir, { recursive: true });
    const file = join(dir, 'onestop.db');
    addBacklog(file, { count: 300, random: new Random(deriveSeed(SEED, 61)), changedShare: 1 });
    // New enquiries first (inserts), then each next version of those the hub holds (updates).
    const waves = outboxByVersion(file, random);
    const bodiesOf = (wave: readonly PushChange[]) => {
      const bodies: PushChange[][] = [];
      for (let at = 0; at < wave.length; ) {
        const take = random.int(1, 20);
        bodies.push(wave.slice(at, at + take));
        at += take;
      }
      return bodies;
    };
    const bodies = waves.map(bodiesOf);

    /** One body from one device to both processes in the same tick; their per-change answers. */
    const race = async (changes: readonly PushChange[], device: number) => {
      const body = JSON.stringify({ changes });
      const order = random.chance(0.5) ? [0, 1] : [1, 0];
      const answers = await Promise.all(
        order.map(async (i) => {
          const response = await fetch(`${pair[i]!.url}${PUSH}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens[device]!}`, 'content-type': 'application/json' },
            body,
          });
          return { process: pair[i]!.name, status: response.status, text: await response.text() };
        }),
      );
      return answers.map((answer) => {
        expect(answer.status, `process ${answer.process}: ${answer.text.slice(0, 300)}; ${context()}`).toBe(200);
        const results = pushResponseSchema.parse(JSON.parse(answer.text)).results;
        expect(results.map((r) => `${r.id} ${r.version}`), context()).toEqual(changes.map((c) => `${c.id} ${c.version}`));
        return results;
      });
    };
    /** Races bodies, three at a time from three devices (no two hold the same enquiry); per change, its two answers sorted ("applied+duplicate"). */
    const raceAll = async (list: readonly PushChange[][]) => {
      const outcomes: string[] = [];
      for (let at = 0; at < list.length; at += tokens.length) {
        const rounds = await Promise.all(list.slice(at, at + tokens.length).map((body, device) => race(body, device)));
        for (const [a, b] of rounds) a!.forEach((result, i) => outcomes.push([result.status, b![i]!.status].sort().join('+')));
      }
      return outcomes;
    };
    const count = (outcomes: string[]) => Object.fromEntries([...new Set(outcomes)].map((o) => [o, outcomes.filter((x) => x === o).length]));

    // A reader of the unit pulls all the time while the three bodies in flight commit on both processes.
    const reader = new PullReader();
    const thread = startReaderThread(reader, pair, readerToken, deriveSeed(SEED, 62));
    try {
      for (const [index, wave] of waves.entries()) {
        const outcomes = await raceAll(bodies[index]!);
        expect(count(outcomes), `version ${index + 1} of ${wave.length} enquiries: one process applies each, the other answers duplicate; ${context()}`).toEqual({
          'applied+duplicate': wave.length,
        });
      }
    } finally {
      await thread.stop();
    }
    const changes = waves.reduce((sum, wave) => sum + wave.length, 0);
    const again = await raceAll(bodies.flat());
    expect(count(again), `all of it again: both answer duplicate; ${context()}`).toEqual({ 'duplicate+duplicate': changes });
    // Every push has been answered, so everything is committed: the reader's last pages, then all it saw.
    while (await reader.pullFrom(pair[0].url, 'pull through process A', readerToken, 50));
    await expectReaderSawExactly(reader, database.url, 'rugeley', context());

    const expected = new Map<string, { version: number; reference: string; unitId: string }>();
    for (const change of waves.flat()) expected.set(change.id, { version: change.version, reference: String(change.data['reference']), unitId: 'rugeley' });
    expectHubHoldsExactly(await readHub(database.url), expected, context());
    for (const hub of pair) expect(hub.output(), `process ${hub.name} logged no error; ${context()}`).not.toMatch(/"level":50/);
    console.log(
      `hub-postgres-concurrency (b) seed ${SEED}: ${changes} changes (versions 1-${waves.length} of ${waves[0]!.length} enquiries) in ${bodies.flat().length} bodies, each raced twice; ` +
        `reader ${reader.pages} pages, ${reader.seen.length} changes`,
    );
  }, 60_000);
});

// --- (c) Revocation and the rate limit across processes -----------------------------------------

describe.skipIf(skipped)(title('(c) revocation and the rate limit hold across hub processes'), () => {
  let database: TestDatabase | undefined;
  let hubs: [HubProcess, HubProcess] | undefined;
  const devices = new Map<string, { deviceId: string; token: string }>();
  beforeAll(async () => {
    database = await createTestDatabase('limits');
    const url = database.url;
    // The hubs and the CLI start together: the migration runs once, whoever comes first.
    const [pair, ...added] = await Promise.all([
      hubPair(url, 5),
      ...['Limited', 'Other', 'Revoked'].map((name) => runCli(['device', 'add', '--database', url, '--unit', 'rugeley', '--name', name])),
    ]);
    hubs = pair;
    ['Limited', 'Other', 'Revoked'].forEach((name, i) => devices.set(name, JSON.parse(added[i]!) as { deviceId: string; token: string }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all((hubs ?? []).map((hub) => hub.stop()));
    await database?.drop();
  });

  it('a device revoked with the CLI is refused by both running processes on their next request', async () => {
    const [a, b] = hubs!;
    const { deviceId, token } = devices.get('Revoked')!;
    expect((await pullOnce(a.url, token)).status).toBe(200);
    expect((await pullOnce(b.url, token)).status).toBe(200);
    expect(JSON.parse(await runCli(['device', 'revoke', '--database', database!.url, '--device', deviceId]))).toEqual({ deviceId, revoked: true });
    expect(await pullOnce(b.url, token)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await pullOnce(a.url, token)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    // Another device of the unit is unaffected.
    expect((await pullOnce(b.url, devices.get('Other')!.token)).status).toBe(200);
  }, 30_000);

  it('5 requests a minute is one allowance across both processes: 5 through A, the 6th through B is 429', async () => {
    const [a, b] = hubs!;
    const { token } = devices.get('Limited')!;
    for (let i = 1; i <= 5; i++) expect((await pullOnce(a.url, token)).status, `request ${i} through A`).toBe(200);
    const response = await fetch(`${b.url}${PULL}?cursor=0&limit=10`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, 'the 6th, through B').toBe(429);
    expect(await response.json()).toMatchObject({ error: { code: 'rate-limited' } });
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await pullOnce(a.url, token)).status, 'and through A again').toBe(429);
    // The allowance is the device's: another device still gets through B.
    expect((await pullOnce(b.url, devices.get('Other')!.token)).status).toBe(200);
  }, 30_000);
});
