/**
 * Sync under faults: a real kiosk backend (real SQLite) pushing to a real hub (real SQLite, real
 * HTTP on 127.0.0.1) through the fault-injecting TCP proxy (tests/support/faultProxy.ts).
 *
 * (a) Seeded random trials: 2,000 enquiries per trial (a tenth of them changed once more, so the
 *     outbox holds two versions of those), a random fault mix and batch size per trial. The kiosk
 *     syncs until its outbox is empty; then the hub must hold exactly the kiosk's enquiries at the
 *     kiosk's versions, every version exactly once, nothing else. SYNC_TRIALS (default 50) sets the
 *     number of trials, SYNC_SEED replays a single trial seed, SYNC_BASE_SEED picks another series.
 * (b) The hub as a child process (`server/cli.ts serve`), SIGKILLed while pushes are on their way,
 *     three times, and restarted on the same data: nothing lost, nothing doubled.
 * (c) Four kiosks (three units, two kiosks in one) pushing at once through one proxy with faults,
 *     on the engine's own schedule (backoff with seeded jitter, millisecond delays): the union, exactly.
 * (d) An outcome set on the hub reaches the kiosks of its enquiry's unit; a kiosk of another unit
 *     pulls nothing.
 *
 * A failing trial prints its seed in the test name and in every assertion message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend, type BackendSyncOptions } from '../../electron/backend/backend';
import { openDatabase } from '../../db';
import { hubDatabaseFile, startHub, type RunningHub } from '../../server/hub';
import type { SetupInput } from '../../shared/ipc/contract';
import type { PullResponse } from '../../shared/sync/protocol';
import type { SyncStatus } from '../../shared/sync/status';
import { startFaultProxy, type FaultMix, type FaultProxy } from '../support/faultProxy';
import { addBacklog, pointAtHub } from '../support/enquiryBacklog';
import { RUGELEY_SETUP, setUpKiosk } from '../support/kiosk';
import { Random, deriveSeed, mulberry32 } from '../support/random';
import { makeTempDir } from '../support/tempDir';

const ROOT = resolve(import.meta.dirname, '../..');
const PUSH = '/api/v1/sync/push';
const TRIALS = Number(process.env['SYNC_TRIALS'] ?? 50);
const BASE_SEED = Number(process.env['SYNC_BASE_SEED'] ?? 20261123);
const ONLY_SEED = process.env['SYNC_SEED'] === undefined ? null : Number(process.env['SYNC_SEED']);
const ENQUIRIES = 2000;
/** SYNC_VERBOSE=1 prints each trial's seed, mix, syncs, proxy counts and time. */
const VERBOSE = process.env['SYNC_VERBOSE'] === '1';
/** Share of the backlog changed once more after saving (two outbox rows, versions 1 and 2). */
const CHANGED_SHARE = 0.1;
/** syncNow calls a trial may take before it counts as stuck. */
const MAX_SYNCS = 1500;
const quiet = () => {};

let root: ReturnType<typeof makeTempDir>;
/** Configured kiosk data folders (setup hashes the PIN with scrypt, slow on purpose), by name. */
const templates = new Map<string, string>();

const setups: Record<string, SetupInput> = {
  rugeleyK2: RUGELEY_SETUP,
  rugeleyK1: { ...RUGELEY_SETUP, deviceCode: 'K1' },
  cannockK1: { ...RUGELEY_SETUP, unitId: 'cannock', deviceCode: 'K1' },
  hednesfordK3: { ...RUGELEY_SETUP, unitId: 'hednesford', deviceCode: 'K3' },
};

beforeAll(async () => {
  root = makeTempDir('onestop-sync-faults-');
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
  // The trials' backlog, written once and copied: the hub is new in each trial, the faults differ.
  const backlog = join(root.path, 'templates', 'trialBacklog');
  cpSync(templates.get('rugeleyK2')!, backlog, { recursive: true });
  addBacklog(join(backlog, 'onestop.db'), { count: ENQUIRIES, random: new Random(BASE_SEED), changedShare: CHANGED_SHARE });
  templates.set('trialBacklog', backlog);
}, 60_000);
afterAll(() => root?.remove());

let folders = 0;
function folder(name: string): string {
  const path = join(root.path, `${name}-${folders++}`);
  mkdirSync(path, { recursive: true });
  return path;
}

/** A kiosk data folder copied from a template, pointed at `hubUrl` with `token`. */
function kioskFolder(template: string, hubUrl: string, token: string, backlog?: { count: number; seed: number }): string {
  const dir = folder('kiosk');
  cpSync(templates.get(template)!, dir, { recursive: true });
  const file = join(dir, 'onestop.db');
  if (backlog) addBacklog(file, { count: backlog.count, random: new Random(backlog.seed), changedShare: CHANGED_SHARE });
  pointAtHub(file, hubUrl, token);
  return dir;
}

function openKiosk(dataDir: string, sync: BackendSyncOptions): Backend {
  return createBackend({ dataDir, log: quiet, sync: { autoStart: false, timeoutMs: 5000, ...sync } });
}

// --- What each side holds ----------------------------------------------------------------------

interface Holding {
  /** id -> version, reference, unit, status, outcome. */
  readonly enquiries: Map<string, { version: number; reference: string; unitId: string; status: string; outcome: string | null }>;
  /** Rows of the enquiries table (a second row for an id would show here, not in the map). */
  readonly rows: number;
}

interface KioskHolding extends Holding {
  readonly outbox: number;
  readonly hubStatusEvents: number;
}

interface HubHolding extends Holding {
  /** Rows of enquiry_versions, and how many of them there are per version number. */
  readonly versionRows: number;
  readonly byVersion: Map<number, number>;
  readonly distinctVersionPairs: number;
  readonly integrity: string;
}

type EnquiryRecord = { id: string; version: number; reference: string; unit_id: string; status: string; outcome: string | null };

function toMap(rows: EnquiryRecord[]): Holding['enquiries'] {
  return new Map(rows.map((r) => [r.id, { version: r.version, reference: r.reference, unitId: r.unit_id, status: r.status, outcome: r.outcome }]));
}

function readKiosk(dataDir: string): KioskHolding {
  const db = openDatabase(join(dataDir, 'onestop.db'), { readonly: true });
  try {
    // The kiosk's own enquiries: copies of those raised at the unit's other kiosks are the hub's, passed on.
    const rows = db.prepare("SELECT id, version, reference, unit_id, status, outcome FROM enquiries WHERE origin = 'local'").all() as EnquiryRecord[];
    return {
      enquiries: toMap(rows),
      rows: rows.length,
      outbox: (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n,
      hubStatusEvents: (
        db
          .prepare("SELECT count(*) AS n FROM enquiry_events WHERE action = 'hub-status' AND enquiry_id IN (SELECT id FROM enquiries WHERE origin = 'local')")
          .get() as { n: number }
      ).n,
    };
  } finally {
    db.close();
  }
}

function readHub(hubDir: string): HubHolding {
  const db = openDatabase(hubDatabaseFile(hubDir), { readonly: true });
  try {
    const rows = db.prepare('SELECT id, version, reference, unit_id, status, outcome FROM enquiries').all() as EnquiryRecord[];
    const versions = db.prepare('SELECT version, count(*) AS n FROM enquiry_versions GROUP BY version').all() as { version: number; n: number }[];
    return {
      enquiries: toMap(rows),
      rows: rows.length,
      versionRows: versions.reduce((sum, v) => sum + v.n, 0),
      byVersion: new Map(versions.map((v) => [v.version, v.n])),
      distinctVersionPairs: (db.prepare('SELECT count(*) AS n FROM (SELECT DISTINCT enquiry_id, version FROM enquiry_versions)').get() as { n: number }).n,
      integrity: (db.pragma('integrity_check', { simple: true }) as string),
    };
  } finally {
    db.close();
  }
}

/**
 * The hub holds exactly what the kiosks hold: the same ids, each once, at the kiosk's version and
 * reference and unit; every version 1..v of each exactly once in its version log; nothing else.
 */
function expectHubHoldsExactly(hub: HubHolding, kiosks: readonly KioskHolding[], context: string): void {
  const expected = new Map<string, { version: number; reference: string; unitId: string }>();
  for (const kiosk of kiosks) {
    expect(kiosk.outbox, `${context}: the kiosk's outbox is empty`).toBe(0);
    for (const [id, e] of kiosk.enquiries) expected.set(id, e);
  }
  expect(hub.integrity, `${context}: hub database integrity`).toBe('ok');
  expect(hub.rows, `${context}: enquiry rows on the hub`).toBe(expected.size);
  expect(hub.enquiries.size, `${context}: distinct enquiry ids on the hub`).toBe(expected.size);
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const [id, e] of expected) {
    const held = hub.enquiries.get(id);
    if (!held) missing.push(`${e.reference} (${id})`);
    else if (held.version !== e.version || held.reference !== e.reference || held.unitId !== e.unitId) {
      wrong.push(`${e.reference}: hub v${held.version} ${held.reference} ${held.unitId}, kiosk v${e.version} ${e.reference} ${e.unitId}`);
    }
  }
  expect(missing, `${context}: enquiries lost`).toEqual([]);
  expect(wrong, `${context}: enquiries at another version or reference`).toEqual([]);
  const byVersion = new Map<number, number>();
  for (const e of expected.values()) for (let v = 1; v <= e.version; v++) byVersion.set(v, (byVersion.get(v) ?? 0) + 1);
  expect(hub.versionRows, `${context}: version log rows`).toBe([...byVersion.values()].reduce((a, b) => a + b, 0));
  expect(hub.distinctVersionPairs, `${context}: distinct (id, version) in the version log`).toBe(hub.versionRows);
  expect(Object.fromEntries(hub.byVersion), `${context}: version log rows per version`).toEqual(Object.fromEntries(byVersion));
}

/** Syncs until the outbox is empty, at most `max` times; returns the last status and the count. */
async function syncUntilEmpty(backend: Backend, max: number): Promise<{ status: SyncStatus; syncs: number }> {
  let status = backend.sync.status();
  let syncs = 0;
  while (syncs < max) {
    syncs++;
    status = await backend.sync.syncNow();
    if (status.waiting === 0) break;
  }
  return { status, syncs };
}

function describeRun(proxy: FaultProxy): string {
  const tail = proxy.decisions
    .slice(-12)
    .map((d) => `${d.method} ${d.path.split('?')[0]} ${d.kind}${d.delayMs ? `+${d.delayMs}ms` : ''}`)
    .join(', ');
  return `proxy ${JSON.stringify(proxy.stats)}; last requests: ${tail}`;
}

// --- (a) Seeded random trials -------------------------------------------------------------------

interface Trial {
  readonly seed: number;
  readonly faults: FaultMix;
  readonly batchSize: number;
  readonly timeoutMs: number;
}

/** Everything random about a trial comes from its seed. */
function trialOf(seed: number): Trial {
  const random = new Random(seed);
  // Each fault 0-20%, so 0-80% of requests fail one way or another; a few trials are "late":
  // long holds past the kiosk's timeout, so the hub applies a push after the kiosk gave up on it.
  const late = random.chance(0.2);
  const faults: FaultMix = {
    reset: random.float() * 0.2,
    dropMidRequest: random.float() * 0.2,
    responseLost: random.float() * 0.2,
    duplicate: random.float() * 0.2,
    delay: late ? 0.05 + random.float() * 0.05 : random.float() * 0.3,
    delayMs: late ? [0, 400] : [0, 15],
  };
  return { seed, faults, batchSize: random.pick([50, 100, 200, 500]), timeoutMs: late ? 250 : 5000 };
}

const seeds = ONLY_SEED !== null ? [ONLY_SEED] : Array.from({ length: TRIALS }, (_, i) => deriveSeed(BASE_SEED, i));

describe(`(a) ${seeds.length} seeded random trials of ${ENQUIRIES} enquiries through the fault proxy`, () => {
  it.each(seeds)('trial seed %i: the hub ends with exactly the kiosk\'s enquiries and the outbox empties', async (seed) => {
    const started = performance.now();
    const trial = trialOf(seed);
    const context = `seed ${seed} (replay: SYNC_SEED=${seed}), batch ${trial.batchSize}, faults ${JSON.stringify(trial.faults)}`;
    const hubDir = folder('hub');
    const hub = await startHub({ dataDir: hubDir, rateLimit: false });
    let proxy: FaultProxy | undefined;
    let backend: Backend | undefined;
    try {
      const { token } = await hub.store.addDevice({ unitId: 'rugeley', name: 'K2', now: new Date() });
      proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: hub.port }, seed, faults: trial.faults });
      const kioskDir = kioskFolder('trialBacklog', proxy.url, token);
      const before = readKiosk(kioskDir);
      backend = openKiosk(kioskDir, { batchSize: trial.batchSize, timeoutMs: trial.timeoutMs, random: mulberry32(deriveSeed(seed, 1)) });
      const { status, syncs } = await syncUntilEmpty(backend, MAX_SYNCS);
      const run = `${context}; ${syncs} syncs; ${describeRun(proxy)}`;
      if (VERBOSE) console.log(`${run}; ${Math.round(performance.now() - started)} ms`);
      expect(status.waiting, `${run}: changes still waiting`).toBe(0);
      expect(status.rejected.count, `${run}: refused changes ${JSON.stringify(status.rejected.changes.slice(0, 3))}`).toBe(0);
      backend.close();
      backend = undefined;
      // Let nothing still on its way (a held or doubled request) land after the count.
      await proxy.close();
      await hub.close();
      const kiosk = readKiosk(kioskDir);
      expect(kiosk.rows, run).toBe(before.rows);
      expect(kiosk.enquiries, `${run}: the kiosk's enquiries are as they were`).toEqual(before.enquiries);
      expectHubHoldsExactly(readHub(hubDir), [kiosk], run);
    } finally {
      backend?.close();
      await proxy?.close();
      await hub.close();
    }
  });
});

// --- (b) The hub killed and restarted mid-sync ---------------------------------------------------

interface HubProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly output: () => string;
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

/** `npm run hub -- serve` as the CLI runs it, on a free port; resolves once it listens. */
function spawnHub(dataDir: string): Promise<HubProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/cli.ts', 'serve', '--data', dataDir, '--port', '0', '--rate-limit', '0', '--log-level', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, port: Number(match[1]), exited, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`hub exited (${code ?? signal}) before listening: ${output}`));
    });
  });
}

describe('(b) the hub killed (SIGKILL) and restarted mid-sync', () => {
  it('loses nothing and doubles nothing', async () => {
    const seed = BASE_SEED + 1;
    const hubDir = folder('hub-process');
    const device = JSON.parse(await runCli(['device', 'add', '--data', hubDir, '--unit', 'rugeley', '--name', 'K2'])) as { deviceId: string; token: string };
    let hub = await spawnHub(hubDir);
    // Each round kills the hub as the k-th push of a sync reaches the proxy, `afterMs` later (0: as
    // the request's bytes go out, so it may or may not reach the hub before it dies).
    const rounds = [
      { killAt: 2, afterMs: 0 },
      { killAt: 4, afterMs: 2 },
      { killAt: 3, afterMs: 8 },
    ];
    let armed: { killAt: number; afterMs: number; pushes: number } | null = null;
    const proxy = await startFaultProxy({
      target: { host: '127.0.0.1', port: hub.port },
      seed,
      onRequest: (decision) => {
        if (!armed || decision.path !== PUSH) return;
        armed.pushes++;
        if (armed.pushes < armed.killAt) return;
        const { afterMs } = armed;
        armed = null;
        const victim = hub;
        if (afterMs === 0) victim.child.kill('SIGKILL');
        else setTimeout(() => victim.child.kill('SIGKILL'), afterMs);
      },
    });
    const kioskDir = kioskFolder('rugeleyK2', proxy.url, device.token, { count: 3000, seed });
    const before = readKiosk(kioskDir);
    const backend = openKiosk(kioskDir, { batchSize: 100, random: mulberry32(seed) });
    try {
      for (const [round, plan] of rounds.entries()) {
        armed = { ...plan, pushes: 0 };
        const waitingBefore = backend.sync.status().waiting;
        const cut = await backend.sync.syncNow();
        const killed = await hub.exited;
        expect(killed.signal, `round ${round}: the hub was killed`).toBe('SIGKILL');
        expect(cut.lastError, `round ${round}: the kiosk saw the sync fail`).not.toBeNull();
        expect(cut.online).toBe(false);
        expect(cut.waiting).toBeGreaterThan(0);
        expect(cut.waiting).toBeLessThan(waitingBefore);
        // While the hub is down: nothing moves, nothing is lost.
        const down = await backend.sync.syncNow();
        expect(down).toMatchObject({ online: false, waiting: cut.waiting });
        expect(down.lastError?.code).toBe('sync/unreachable');
        hub = await spawnHub(hubDir);
        proxy.setTarget({ host: '127.0.0.1', port: hub.port });
      }
      const { status } = await syncUntilEmpty(backend, 20);
      expect(status).toMatchObject({ waiting: 0, online: true, lastError: null, rejected: { count: 0 } });
    } finally {
      backend.close();
      await proxy.close();
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
    const kiosk = readKiosk(kioskDir);
    expect(kiosk.enquiries).toEqual(before.enquiries);
    expectHubHoldsExactly(readHub(hubDir), [kiosk], `seed ${seed}`);
  }, 60_000);
});

// --- (c) Four kiosks at once -------------------------------------------------------------------

describe('(c) four kiosks pushing at once through the fault proxy', () => {
  it('leaves the hub with exactly the union of their enquiries', async () => {
    const seed = BASE_SEED + 2;
    const hubDir = folder('hub-four');
    const hub = await startHub({ dataDir: hubDir, rateLimit: false });
    const proxy = await startFaultProxy({
      target: { host: '127.0.0.1', port: hub.port },
      seed,
      faults: { reset: 0.1, dropMidRequest: 0.1, responseLost: 0.1, duplicate: 0.1, delay: 0.3, delayMs: [0, 20] },
    });
    const kiosks: { name: string; dir: string; backend: Backend }[] = [];
    try {
      const units: Record<string, string> = { rugeleyK1: 'rugeley', rugeleyK2: 'rugeley', cannockK1: 'cannock', hednesfordK3: 'hednesford' };
      for (const [index, [name, unitId]] of Object.entries(units).entries()) {
        const { token } = await hub.store.addDevice({ unitId, name, now: new Date() });
        const dir = kioskFolder(name, proxy.url, token, { count: 2000, seed: deriveSeed(seed, index) });
        kiosks.push({ name, dir, backend: null as unknown as Backend });
      }
      const befores = kiosks.map((k) => readKiosk(k.dir));
      // On the engine's own schedule: it starts syncing as it opens, retries after failures with
      // seeded jitter over millisecond delays, and goes again at once after a recovery.
      for (const [index, kiosk] of kiosks.entries()) {
        kiosk.backend = createBackend({
          dataDir: kiosk.dir,
          log: quiet,
          sync: { autoStart: true, batchSize: 150, timeoutMs: 5000, retryBaseMs: 2, retryCapMs: 20, random: mulberry32(deriveSeed(seed, 10 + index)) },
        });
      }
      const deadline = Date.now() + 45_000;
      while (kiosks.some((k) => k.backend.sync.status().waiting > 0)) {
        if (Date.now() > deadline) {
          throw new Error(`seed ${seed}: still waiting ${kiosks.map((k) => `${k.name}=${k.backend.sync.status().waiting}`).join(' ')}; ${describeRun(proxy)}`);
        }
        await new Promise((done) => setTimeout(done, 20));
      }
      for (const kiosk of kiosks) {
        expect(kiosk.backend.sync.status().rejected.count, kiosk.name).toBe(0);
        kiosk.backend.close();
      }
      await proxy.close();
      await hub.close();
      const after = kiosks.map((k) => readKiosk(k.dir));
      after.forEach((holding, i) => expect(holding.enquiries, kiosks[i]!.name).toEqual(befores[i]!.enquiries));
      const held = readHub(hubDir);
      expectHubHoldsExactly(held, after, `seed ${seed}; ${describeRun(proxy)}`);
      expect(held.rows).toBe(8000);
      // Every unit's enquiries went to its own forum's unit.
      const perUnit = new Map<string, number>();
      for (const e of held.enquiries.values()) perUnit.set(e.unitId, (perUnit.get(e.unitId) ?? 0) + 1);
      expect(Object.fromEntries(perUnit)).toEqual({ rugeley: 4000, cannock: 2000, hednesford: 2000 });
    } finally {
      for (const kiosk of kiosks) kiosk.backend?.close();
      await proxy.close();
      await hub.close();
    }
  }, 60_000);
});

// --- (d) Outcomes reach the right kiosk only ---------------------------------------------------

describe('(d) an outcome set on the hub', () => {
  it('reaches the kiosks of its unit only, once, even when pull answers are lost', async () => {
    const seed = BASE_SEED + 3;
    const hubDir = folder('hub-outcome');
    const hub: RunningHub = await startHub({ dataDir: hubDir, rateLimit: false });
    // Half the pull answers are lost after the hub sent them: a page must be applied once, whenever it arrives.
    const proxy = await startFaultProxy({
      target: { host: '127.0.0.1', port: hub.port },
      seed,
      faults: { responseLost: 0.5 },
      appliesTo: (method) => method === 'GET',
    });
    const pulled = new Map<string, PullResponse['changes'][number][]>();
    const watching =
      (name: string): typeof fetch =>
      async (input, init) => {
        const response = await fetch(input, init);
        const url = input instanceof Request ? input.url : input.toString();
        if (url.includes('/sync/pull')) {
          const page = (await response.clone().json()) as PullResponse;
          pulled.set(name, [...(pulled.get(name) ?? []), ...page.changes]);
        }
        return response;
      };
    const names = ['rugeleyK2', 'rugeleyK1', 'cannockK1'] as const;
    const units = { rugeleyK2: 'rugeley', rugeleyK1: 'rugeley', cannockK1: 'cannock' } as const;
    const kiosks = new Map<string, { dir: string; backend: Backend }>();
    try {
      for (const [index, name] of names.entries()) {
        const { token } = await hub.store.addDevice({ unitId: units[name], name, now: new Date() });
        const dir = kioskFolder(name, proxy.url, token, { count: 20, seed: deriveSeed(seed, index) });
        kiosks.set(name, { dir, backend: openKiosk(dir, { fetch: watching(name), random: mulberry32(seed) }) });
      }
      for (const { backend } of kiosks.values()) expect((await syncUntilEmpty(backend, 50)).status.waiting).toBe(0);
      const settle = async (backend: Backend) => {
        for (let i = 0; i < 50; i++) if ((await backend.sync.syncNow()).lastError === null) return;
        throw new Error(`seed ${seed}: the kiosk never completed a sync; ${describeRun(proxy)}`);
      };
      for (const { backend } of kiosks.values()) await settle(backend);
      pulled.clear();

      const holdings = new Map([...kiosks].map(([name, k]) => [name, readKiosk(k.dir)]));
      const target = [...holdings.get('rugeleyK2')!.enquiries.values()][5]!;
      const recorded = await hub.store.recordStatus({ reference: target.reference, status: 'outcome-recorded', outcome: 'The pothole was filled on 2 March.', now: new Date() });
      expect(recorded).toMatchObject({ unitId: 'rugeley', changed: 1 });

      for (const { backend } of kiosks.values()) await settle(backend);
      expect(proxy.stats.responseLost, 'some pull answers were lost on the way').toBeGreaterThan(0);

      const after = new Map([...kiosks].map(([name, k]) => [name, readKiosk(k.dir)]));
      // The enquiry's own kiosk shows the outcome, applied once.
      const own = after.get('rugeleyK2')!;
      const ownEntry = [...own.enquiries.entries()].find(([, e]) => e.reference === target.reference)!;
      expect(ownEntry[1]).toMatchObject({ status: 'outcome-recorded', outcome: 'The pothole was filled on 2 March.' });
      expect(own.hubStatusEvents).toBe(1);
      for (const [id, e] of own.enquiries) if (id !== ownEntry[0]) expect(e).toEqual(holdings.get('rugeleyK2')!.enquiries.get(id));
      // The unit's other kiosk is sent it (the unit's changes) but holds no such enquiry: nothing changes.
      expect((pulled.get('rugeleyK1') ?? []).map((c) => c.id)).toContain(ownEntry[0]);
      expect(after.get('rugeleyK1')!.enquiries).toEqual(holdings.get('rugeleyK1')!.enquiries);
      expect(after.get('rugeleyK1')!.hubStatusEvents).toBe(0);
      // A kiosk of another unit is sent nothing at all, and nothing of its own changes.
      expect(pulled.get('cannockK1') ?? []).toEqual([]);
      expect(after.get('cannockK1')!.enquiries).toEqual(holdings.get('cannockK1')!.enquiries);
      expect(after.get('cannockK1')!.hubStatusEvents).toBe(0);
    } finally {
      for (const { backend } of kiosks.values()) backend.close();
      await proxy.close();
      await hub.close();
    }
  });
});
