/**
 * The soak (issue 8): four kiosks and a hub for a set time with faults injected, then a
 * reconciliation of what every kiosk created against what the hub holds. Used by the bench
 * (tests/bench/soak.ts, `npm run bench:soak`, minutes) and the CI test (tests/integration/soak.test.ts,
 * seconds).
 *
 * - The hub: `server/cli.ts serve` as a child process (support/hubProcess.ts) on 127.0.0.1, on an
 *   SQLite folder or a PostgreSQL database; the four devices registered with the CLI's `device add`,
 *   in three units (two kiosks in Rugeley, one in Cannock, one in Hednesford).
 * - The kiosks: four real kiosk backends, each a child process (support/soakKiosk.ts) on its own data
 *   folder, each syncing on the engine's own schedule through its own fault proxy
 *   (support/faultProxy.ts), each saving enquiries through the real channels at a steady seeded rate
 *   and moving some of them on (several versions each).
 * - The faults, on a schedule drawn from the seed: rounds in which each kind of event happens once,
 *   in a seeded order with seeded gaps: a storm of proxy faults on one kiosk's line (resets, requests
 *   cut in the middle, answers lost after the hub committed, requests sent twice, holds past the
 *   kiosk's timeout); a network outage of one line or of all of them (refused, or silent so requests
 *   time out); the hub killed with SIGKILL (at a random moment or as a push reaches it) and restarted
 *   on the same data; a kiosk closed and reopened; a kiosk killed with SIGKILL and reopened. Between
 *   storms each line has a light mix of the same proxy faults.
 * - The drain: faults off, every line up, each kiosk syncs until nothing waits (bounded), then once
 *   more so it has pulled its unit's other kiosks' last changes; everything stops.
 * - The reconciliation: each kiosk's database (its own enquiries; the copies it pulled; its outbox)
 *   and the hub's store (the enquiries, their version log, the pull log), per kiosk and in total:
 *   `N created, N on the hub, 0 missing, 0 duplicated`, the versions, and what was injected.
 *
 * Everything random is drawn from the seed (the schedule, the mixes, each kiosk's saves, each
 * proxy's faults); how processes interleave is up to the scheduler, so a seed replays the plan, not
 * the exact run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createBackend } from '../../electron/backend/backend';
import { openDatabase } from '../../db';
import { hubDatabaseFile, type HubStorage } from '../../server/hub';
import type { SetupInput } from '../../shared/ipc/contract';
import type { SyncStatus } from '../../shared/sync/status';
import { pointAtHub } from './enquiryBacklog';
import { startFaultProxy, type FaultMix, type FaultProxy, type FaultStats } from './faultProxy';
import { spawnHub, type HubProcess } from './hubProcess';
import { RUGELEY_SETUP, setUpKiosk } from './kiosk';
import { startThrowawayCluster, type ThrowawayCluster } from './postgresCluster';
import { Random, deriveSeed } from './random';
import { makeTempDir } from './tempDir';

const ROOT = resolve(import.meta.dirname, '../..');
const PUSH = '/api/v1/sync/push';
const PULL = '/api/v1/sync/pull';

export type SoakStore = 'sqlite' | 'postgres';

export const EVENT_KINDS = ['storm', 'outage-one', 'outage-all', 'hub-kill', 'kiosk-restart', 'kiosk-kill'] as const;
export type SoakEventKind = (typeof EVENT_KINDS)[number];

export interface SoakOptions {
  /** How long the kiosks save and the faults run, before the drain. */
  readonly durationMs: number;
  readonly seed: number;
  readonly store?: SoakStore;
  /** Saves (new enquiries and status changes) a second at each kiosk. Default 2. */
  readonly savesPerSecond?: number;
  /** The gap between two scheduled events, drawn from [min, max] ms. Default [4000, 15000]. */
  readonly eventGapMs?: readonly [number, number];
  /** How long a storm or an outage lasts, drawn from [min, max] ms. Default [2000, 20000]. */
  readonly faultLengthMs?: readonly [number, number];
  /** How long a killed hub or kiosk stays down, from [min, max] ms. Default [300, 3000]. */
  readonly downMs?: readonly [number, number];
  /** Each kiosk's sync interval while all is well. Default 1000. */
  readonly syncIntervalMs?: number;
  /** Each kiosk's request timeout. Default 4000. */
  readonly syncTimeoutMs?: number;
  /** The drain's bound: past it the soak stops waiting and reports what still waits. Default 180 s. */
  readonly drainMs?: number;
  /** The proxy faults on every line between storms. Default 1-1.5% of each kind, 5% held up to 100 ms. */
  readonly calmFaults?: FaultMix;
  /** A line for each event and phase as it happens. */
  readonly log?: (line: string) => void;
}

export interface KioskReconciliation {
  readonly name: string;
  readonly unitId: string;
  /** The kiosk's own enquiries in its database at the end. */
  readonly created: number;
  /** Saves the kiosk acknowledged (new enquiries), and status changes acknowledged. */
  readonly acknowledged: number;
  readonly statusChanges: number;
  /** Of `created`, on the hub (by id). */
  readonly onHub: number;
  /** Created but not on the hub, plus acknowledged but not in the kiosk's database (lostAtKiosk). */
  readonly missing: number;
  readonly lostAtKiosk: number;
  /** Hub enquiries from this device that the kiosk does not hold, and references the kiosk gave two ids. */
  readonly duplicated: number;
  /** Changes (id, version) the hub's version log holds for this kiosk's enquiries. */
  readonly versionRows: number;
  /** Enquiries at another version, reference or unit on the hub than at the kiosk; version log rows missing or extra. */
  readonly versionProblems: number;
  /** The unit's other kiosks' enquiries this kiosk should hold copies of; those it lacks or holds at another version. */
  readonly copiesExpected: number;
  readonly copyProblems: number;
  /** Outbox rows left at the end (refused ones included). */
  readonly outboxWaiting: number;
  readonly rejected: number;
  readonly integrity: string;
  /** Examples of what went wrong, for the report. */
  readonly examples: readonly string[];
}

export interface SoakResult {
  readonly seed: number;
  readonly store: SoakStore;
  readonly kiosks: readonly KioskReconciliation[];
  readonly total: {
    readonly created: number;
    readonly onHub: number;
    readonly missing: number;
    readonly duplicated: number;
    readonly hubEnquiries: number;
    /** Hub enquiries from a device none of the kiosks is, or the same id or reference twice. */
    readonly strangers: number;
    readonly versionRows: number;
    readonly versionProblems: number;
    readonly copyProblems: number;
    /** (unit, entity, id, version) more than once in the hub's pull log. */
    readonly pullLogTwice: number;
    readonly outboxWaiting: number;
    readonly rejected: number;
  };
  /** Hub version log rows by version number. */
  readonly byVersion: ReadonlyMap<number, number>;
  readonly requests: { readonly push: number; readonly pull: number; readonly other: number };
  /** What the proxies did (summed) and the rest of what was injected. */
  readonly proxy: FaultStats;
  readonly injected: Readonly<Record<SoakEventKind, number>> & {
    readonly outageRequests: number;
    readonly hubKillsAtPush: number;
    readonly skipped: number;
  };
  readonly restarts: { readonly hub: number; readonly kiosk: number };
  /** Enquiries created a second, over the loaded phase, all kiosks together. */
  readonly enquiriesPerSecond: number;
  readonly loadedMs: number;
  readonly drainMs: number;
  readonly wallMs: number;
  /** Things that went wrong outside the counts: a process that died on its own, a drain that never ended. */
  readonly incidents: readonly string[];
  readonly clean: boolean;
  readonly machine: string;
}

// --- Processes -------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolvePromise(value)),
      (error: unknown) => (clearTimeout(timer), reject(error as Error)),
    );
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

/** The last few KB a process wrote, for messages; never the whole of a long run's output. */
class Tail {
  private text = '';
  add(chunk: string): void {
    this.text = (this.text + chunk).slice(-4000);
  }
  toString(): string {
    return this.text;
  }
}

/** A kiosk child process and the acknowledgements it printed. */
interface KioskProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the rest of the next line starting with `word`. */
  next(word: string): Promise<string>;
  send(command: string): void;
  /** The process is being stopped on purpose (killed or closed). */
  stopping: boolean;
}

interface Kiosk {
  readonly name: string;
  readonly unitId: string;
  readonly dir: string;
  readonly deviceId: string;
  readonly proxy: FaultProxy;
  process: KioskProcess | null;
  lives: number;
  /** Acknowledged: id -> reference and the last version acknowledged. */
  readonly acked: Map<string, { reference: string; version: number }>;
  createdAcks: number;
  statusAcks: number;
  readonly stderr: Tail;
  /** Outage flags on this kiosk's line (nested outages count). */
  outages: number;
  storms: number;
  lastStatus: SyncStatus | null;
}

const KIOSKS: readonly { name: string; setup: SetupInput }[] = [
  { name: 'rugeley-K1', setup: { ...RUGELEY_SETUP, deviceCode: 'K1' } },
  { name: 'rugeley-K2', setup: RUGELEY_SETUP },
  { name: 'cannock-K1', setup: { ...RUGELEY_SETUP, unitId: 'cannock', deviceCode: 'K1' } },
  { name: 'hednesford-K3', setup: { ...RUGELEY_SETUP, unitId: 'hednesford', deviceCode: 'K3' } },
];

/**
 * Two stand-ins for the hub while a line is down: `refused` resets every connection (a router that
 * answers "no route"), `silent` accepts and never answers (packets lost: the kiosk's request times out).
 */
async function startBlackholes(): Promise<{ refused: number; silent: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const listen = async (onSocket: (socket: Socket) => void): Promise<{ server: Server; port: number }> => {
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
      onSocket(socket);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return { server, port: (server.address() as { port: number }).port };
  };
  const refused = await listen((socket) => socket.resetAndDestroy());
  const silent = await listen((socket) => socket.resume());
  return {
    refused: refused.port,
    silent: silent.port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([refused.server, silent.server].map((server) => new Promise<void>((done) => server.close(() => done()))));
    },
  };
}

// --- The soak --------------------------------------------------------------------------------------

const CALM: FaultMix = { reset: 0.01, dropMidRequest: 0.01, responseLost: 0.015, duplicate: 0.015, delay: 0.05, delayMs: [0, 100] };

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const started = performance.now();
  const store = options.store ?? 'sqlite';
  const seed = options.seed;
  const log = options.log ?? (() => {});
  const savesPerSecond = options.savesPerSecond ?? 2;
  const [gapMin, gapMax] = options.eventGapMs ?? [4000, 15000];
  const [lengthMin, lengthMax] = options.faultLengthMs ?? [2000, 20000];
  const [downMin, downMax] = options.downMs ?? [300, 3000];
  const syncIntervalMs = options.syncIntervalMs ?? 1000;
  const syncTimeoutMs = options.syncTimeoutMs ?? 4000;
  const drainBoundMs = options.drainMs ?? 180_000;
  const calm = options.calmFaults ?? CALM;
  const plan = new Random(seed);
  const incidents: string[] = [];
  const injected = {
    storm: 0,
    'outage-one': 0,
    'outage-all': 0,
    'hub-kill': 0,
    'kiosk-restart': 0,
    'kiosk-kill': 0,
    outageRequests: 0,
    hubKillsAtPush: 0,
    skipped: 0,
  };
  const restarts = { hub: 0, kiosk: 0 };
  const requests = { push: 0, pull: 0, other: 0 };

  const root = makeTempDir('onestop-soak-');
  let cluster: ThrowawayCluster | undefined;
  let hub: HubProcess | null = null;
  let hubKilling = false;
  const hubTail = new Tail();
  const kiosks: Kiosk[] = [];
  let blackholes: Awaited<ReturnType<typeof startBlackholes>> | undefined;
  /** While set, the next push a proxy reads kills the hub (after `afterMs`). */
  let killAtPush: { afterMs: number; fired: () => void } | null = null;

  try {
    // The hub's store, and the four devices registered with the CLI as an installer would.
    let storage: HubStorage;
    if (store === 'postgres') {
      cluster = await startThrowawayCluster({ fsync: true });
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      try {
        await admin.query('CREATE DATABASE onestop_soak');
      } finally {
        await admin.end();
      }
      storage = { database: cluster.url.replace(/\/postgres$/, '/onestop_soak') };
    } else {
      storage = { dataDir: join(root.path, 'hub') };
    }
    const storeArgs = storage.database !== undefined ? ['--database', storage.database] : ['--data', storage.dataDir];
    const devices = [];
    for (const kiosk of KIOSKS) {
      devices.push(JSON.parse(await runCli(['device', 'add', ...storeArgs, '--unit', kiosk.setup.unitId, '--name', kiosk.name])) as { deviceId: string; token: string });
    }

    const startHubProcess = async (): Promise<void> => {
      const running = await withTimeout(spawnHub(storage), 60_000, 'the hub starting');
      // spawnHub keeps all the hub's stdout to find its address; over a long run only the tail matters.
      running.child.stdout?.removeAllListeners('data');
      running.child.stdout?.on('data', (chunk: Buffer) => hubTail.add(chunk.toString()));
      running.child.once('exit', (code, signal) => {
        if (!hubKilling) incidents.push(`the hub exited by itself (${code ?? signal}): ${hubTail.toString().slice(-1000)}`);
      });
      hub = running;
    };
    await startHubProcess();
    blackholes = await startBlackholes();
    const hubPort = () => Number(new URL(hub!.url).port);
    /** Where a kiosk's line leads now: the hub, or a dead end while the line is down. */
    const outageKind = new Map<Kiosk, 'refused' | 'silent'>();
    const route = (kiosk: Kiosk) => {
      const port = kiosk.outages > 0 ? (outageKind.get(kiosk) === 'silent' ? blackholes!.silent : blackholes!.refused) : hubPort();
      kiosk.proxy.setTarget({ host: '127.0.0.1', port });
    };

    // The kiosks: set up through the setup channel (the admin's PIN hashed as on a real kiosk), then
    // pointed at their proxy with their device's token.
    for (const [index, { name, setup }] of KIOSKS.entries()) {
      const dir = join(root.path, name);
      const backend = createBackend({ dataDir: dir, log: () => {} });
      try {
        await setUpKiosk(backend, setup);
      } finally {
        backend.close();
      }
      // The proxy's callback needs the kiosk it belongs to, made once the proxy exists.
      const owner: { kiosk?: Kiosk } = {};
      const proxy = await startFaultProxy({
        target: { host: '127.0.0.1', port: hubPort() },
        seed: deriveSeed(seed, 100 + index),
        faults: calm,
        onRequest: (decision) => {
          const path = decision.path.split('?')[0];
          if (path === PUSH) requests.push++;
          else if (path === PULL) requests.pull++;
          else requests.other++;
          const kiosk = owner.kiosk;
          if (kiosk && kiosk.outages > 0) injected.outageRequests++;
          if (path === PUSH && killAtPush && kiosk && kiosk.outages === 0) {
            const { afterMs, fired } = killAtPush;
            killAtPush = null;
            injected.hubKillsAtPush++;
            const victim = hub;
            const kill = () => {
              victim?.child.kill('SIGKILL');
              fired();
            };
            if (afterMs === 0) kill();
            else setTimeout(kill, afterMs);
          }
        },
      });
      pointAtHub(join(dir, 'onestop.db'), proxy.url, devices[index]!.token);
      const kiosk: Kiosk = {
        name,
        unitId: setup.unitId,
        dir,
        deviceId: devices[index]!.deviceId,
        proxy,
        process: null,
        lives: 0,
        acked: new Map(),
        createdAcks: 0,
        statusAcks: 0,
        stderr: new Tail(),
        outages: 0,
        storms: 0,
        lastStatus: null,
      };
      owner.kiosk = kiosk;
      kiosks.push(kiosk);
    }

    const startKiosk = async (kiosk: Kiosk): Promise<void> => {
      const life = kiosk.lives++;
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'tests/support/soakKiosk.ts',
          '--data',
          kiosk.dir,
          '--seed',
          String(deriveSeed(seed, 1000 + kiosks.indexOf(kiosk) * 1000 + life)),
          '--rate',
          String(savesPerSecond),
          '--interval-ms',
          String(syncIntervalMs),
          '--timeout-ms',
          String(syncTimeoutMs),
        ],
        { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
      );
      child.stdin.on('error', () => {});
      child.stderr.on('data', (chunk: Buffer) => kiosk.stderr.add(chunk.toString()));
      const waiters: { word: string; resolve: (rest: string) => void }[] = [];
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
      const proc: KioskProcess = {
        child,
        exited,
        stopping: false,
        next: (word) => new Promise((resolveLine) => waiters.push({ word, resolve: resolveLine })),
        send: (command) => void child.stdin.write(`${command}\n`),
      };
      createInterface({ input: child.stdout }).on('line', (line) => {
        const space = line.indexOf(' ');
        const word = space < 0 ? line : line.slice(0, space);
        const rest = space < 0 ? '' : line.slice(space + 1);
        if (word === 'ACK') {
          const [kind, id, reference, version] = rest.split(' ');
          kiosk.acked.set(id!, { reference: reference!, version: Number(version) });
          if (kind === 'status') kiosk.statusAcks++;
          else kiosk.createdAcks++;
        }
        const waiter = waiters.findIndex((w) => w.word === word);
        if (waiter >= 0) waiters.splice(waiter, 1)[0]!.resolve(rest);
      });
      void exited.then(({ code, signal }) => {
        if (!proc.stopping) incidents.push(`${kiosk.name} exited by itself (${code ?? signal}): ${kiosk.stderr.toString().slice(-1500)}`);
      });
      kiosk.process = proc;
      await withTimeout(Promise.race([proc.next('OPEN'), exited.then(() => Promise.reject(new Error(`${kiosk.name} exited while opening: ${kiosk.stderr.toString()}`)))]), 60_000, `${kiosk.name} opening`);
    };

    const stopKiosk = async (kiosk: Kiosk, how: 'close' | 'kill'): Promise<void> => {
      const proc = kiosk.process;
      if (!proc) return;
      proc.stopping = true;
      kiosk.process = null;
      if (how === 'kill') proc.child.kill('SIGKILL');
      else {
        proc.send('CLOSE');
        await withTimeout(proc.next('CLOSED'), 30_000, `${kiosk.name} closing`).catch((error: unknown) => {
          incidents.push(String(error));
          proc.child.kill('SIGKILL');
        });
      }
      await proc.exited;
    };

    await Promise.all(kiosks.map((kiosk) => startKiosk(kiosk)));
    log(`soak: hub at ${hub!.url} (${store}), four kiosks saving ${savesPerSecond} a second each, seed ${seed}, ${Math.round(options.durationMs / 1000)} s`);

    // --- The faults, on a seeded schedule ----------------------------------------------------------
    const loadStarted = performance.now();
    const endAt = loadStarted + options.durationMs;
    const running = new Set<Promise<void>>();
    const track = (promise: Promise<void>) => {
      const tracked = promise.catch((error: unknown) => void incidents.push(`an event failed: ${String(error)}`)).finally(() => running.delete(tracked));
      running.add(tracked);
    };
    let hubBusy = false;
    const drawLength = (random: Random) => random.int(lengthMin, lengthMax);
    const elapsed = () => `${((performance.now() - loadStarted) / 1000).toFixed(1)} s`;

    const restartHub = async (random: Random): Promise<void> => {
      await sleep(random.int(downMin, downMax));
      await startHubProcess();
      hubKilling = false;
      restarts.hub++;
      for (const kiosk of kiosks) route(kiosk);
      log(`  ${elapsed()}: the hub is back at ${hub!.url}`);
    };

    const event = async (kind: SoakEventKind, random: Random): Promise<void> => {
      switch (kind) {
        case 'storm': {
          const kiosk = random.pick(kiosks);
          const late = random.chance(0.3);
          const mix: FaultMix = {
            reset: random.float() * 0.15,
            dropMidRequest: random.float() * 0.15,
            responseLost: random.float() * 0.15,
            duplicate: random.float() * 0.15,
            delay: late ? 0.05 + random.float() * 0.1 : random.float() * 0.4,
            // Late ones are held past the kiosk's timeout: the hub applies a push the kiosk gave up on.
            delayMs: late ? [0, syncTimeoutMs * 1.5] : [0, 100],
          };
          const length = drawLength(random);
          injected.storm++;
          log(`  ${elapsed()}: storm on ${kiosk.name}'s line for ${length} ms ${JSON.stringify(mix)}`);
          kiosk.storms++;
          kiosk.proxy.setFaults(mix);
          await sleep(length);
          if (--kiosk.storms === 0) kiosk.proxy.setFaults(calm);
          return;
        }
        case 'outage-one':
        case 'outage-all': {
          const down = kind === 'outage-all' ? kiosks : [random.pick(kiosks)];
          const flavour = random.chance(0.5) ? 'refused' : 'silent';
          const length = drawLength(random);
          injected[kind]++;
          log(`  ${elapsed()}: ${flavour} outage of ${kind === 'outage-all' ? 'every line' : `${down[0]!.name}'s line`} for ${length} ms`);
          for (const kiosk of down) {
            kiosk.outages++;
            outageKind.set(kiosk, flavour);
            route(kiosk);
          }
          await sleep(length);
          for (const kiosk of down) {
            kiosk.outages--;
            route(kiosk);
          }
          return;
        }
        case 'hub-kill': {
          if (hubBusy) {
            injected.skipped++;
            return;
          }
          hubBusy = true;
          try {
            injected['hub-kill']++;
            hubKilling = true;
            const atPush = random.chance(0.5);
            const victim = hub!;
            const gone = new Promise<void>((done) => victim.child.once('exit', () => done()));
            if (atPush) {
              const afterMs = random.pick([0, 0, 1, 3, 10]);
              log(`  ${elapsed()}: the hub to be killed (SIGKILL) ${afterMs} ms after the next push reaches a proxy`);
              await withTimeout(new Promise<void>((fired) => (killAtPush = { afterMs, fired })), 20_000, 'a push to kill the hub at').catch(() => {
                killAtPush = null;
                victim.child.kill('SIGKILL');
              });
            } else {
              log(`  ${elapsed()}: the hub killed (SIGKILL)`);
              victim.child.kill('SIGKILL');
            }
            await gone;
            await restartHub(random);
          } finally {
            hubBusy = false;
          }
          return;
        }
        case 'kiosk-restart':
        case 'kiosk-kill': {
          const candidates = kiosks.filter((k) => k.process !== null);
          if (candidates.length === 0) {
            injected.skipped++;
            return;
          }
          const kiosk = random.pick(candidates);
          injected[kind]++;
          const how = kind === 'kiosk-kill' ? 'kill' : 'close';
          log(`  ${elapsed()}: ${kiosk.name} ${how === 'kill' ? 'killed (SIGKILL)' : 'closed'} after ${kiosk.createdAcks} saves`);
          await stopKiosk(kiosk, how);
          await sleep(random.int(downMin, downMax));
          await startKiosk(kiosk);
          restarts.kiosk++;
          log(`  ${elapsed()}: ${kiosk.name} reopened`);
          return;
        }
      }
    };

    let round = 0;
    while (performance.now() < endAt) {
      const deck = [...EVENT_KINDS];
      const random = new Random(deriveSeed(seed, 10 + round++));
      for (let i = deck.length - 1; i > 0; i--) {
        const j = random.int(0, i);
        [deck[i], deck[j]] = [deck[j]!, deck[i]!];
      }
      for (const kind of deck) {
        const gap = plan.int(gapMin, gapMax);
        if (performance.now() + gap >= endAt) {
          await sleep(Math.max(0, endAt - performance.now()));
          break;
        }
        await sleep(gap);
        track(event(kind, new Random(deriveSeed(seed, 100_000 + round * 10 + deck.indexOf(kind)))));
      }
    }
    const loadedMs = performance.now() - loadStarted;
    log(`soak: ${elapsed()} of load; letting the faults in progress end`);
    // Events still running end by themselves (a storm blows over, a line comes back, a hub or
    // kiosk reopens); the kiosks keep saving until they have.
    while (running.size > 0) await Promise.all([...running]);

    // --- The drain ---------------------------------------------------------------------------------
    const drainStarted = performance.now();
    for (const kiosk of kiosks) {
      kiosk.proxy.setFaults({});
      route(kiosk);
      if (kiosk.process === null) await startKiosk(kiosk);
    }
    log('soak: draining: faults off, every kiosk syncs until nothing waits');
    const drainDeadline = Date.now() + drainBoundMs;
    await Promise.all(
      kiosks.map(async (kiosk) => {
        kiosk.process!.send('DRAIN');
        try {
          kiosk.lastStatus = JSON.parse(await withTimeout(kiosk.process!.next('DRAINED'), Math.max(1000, drainDeadline - Date.now()), `${kiosk.name} draining`)) as SyncStatus;
        } catch (error) {
          incidents.push(String(error));
        }
      }),
    );
    for (const kiosk of kiosks) {
      if (!kiosk.process) continue;
      kiosk.process.send('SETTLE');
      try {
        kiosk.lastStatus = JSON.parse(await withTimeout(kiosk.process.next('SETTLED'), 60_000, `${kiosk.name} settling`)) as SyncStatus;
      } catch (error) {
        incidents.push(String(error));
      }
    }
    for (const kiosk of kiosks) await stopKiosk(kiosk, 'close');
    // Nothing still on its way (a held or doubled request) may land after the count.
    await Promise.all(kiosks.map((kiosk) => kiosk.proxy.close()));
    hubKilling = true;
    await hub!.stop();
    hub = null;
    const drainMs = performance.now() - drainStarted;

    // --- The reconciliation --------------------------------------------------------------------------
    const held = await readHub(storage);
    const result = reconcile(kiosks, held, incidents);
    const proxy = kiosks.reduce<FaultStats>(
      (sum, kiosk) => {
        for (const key of Object.keys(sum) as (keyof FaultStats)[]) sum[key] += kiosk.proxy.stats[key];
        return sum;
      },
      { connections: 0, requests: 0, pass: 0, reset: 0, dropMidRequest: 0, responseLost: 0, duplicate: 0, delayed: 0, tunnelled: 0, upstreamErrors: 0 },
    );
    const clean =
      incidents.length === 0 &&
      result.total.missing === 0 &&
      result.total.duplicated === 0 &&
      result.total.outboxWaiting === 0 &&
      result.total.rejected === 0 &&
      result.total.versionProblems === 0 &&
      result.total.copyProblems === 0 &&
      result.total.pullLogTwice === 0 &&
      result.kiosks.every((k) => k.integrity === 'ok');
    return {
      seed,
      store,
      ...result,
      requests,
      proxy,
      injected,
      restarts,
      enquiriesPerSecond: result.total.created / (loadedMs / 1000),
      loadedMs,
      drainMs,
      wallMs: performance.now() - started,
      incidents,
      clean,
      machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`,
    };
  } finally {
    for (const kiosk of kiosks) {
      if (kiosk.process) {
        kiosk.process.stopping = true;
        kiosk.process.child.kill('SIGKILL');
      }
      await kiosk.proxy.close();
    }
    hubKilling = true;
    if (hub) await (hub as HubProcess).stop();
    await blackholes?.close();
    await cluster?.stop();
    root.remove();
  }
}

// --- Reading and reconciling ---------------------------------------------------------------------

interface HubHeld {
  readonly enquiries: { id: string; reference: string; unitId: string; version: number; deviceId: string }[];
  readonly versions: { id: string; version: number }[];
  readonly pullLogTwice: number;
}

async function readHub(storage: HubStorage): Promise<HubHeld> {
  const sql = {
    enquiries: 'SELECT id, reference, unit_id, version, device_id FROM enquiries',
    versions: 'SELECT enquiry_id, version FROM enquiry_versions',
    twice: 'SELECT count(*) AS n FROM (SELECT unit_id, entity, entity_id, version FROM pull_changes GROUP BY unit_id, entity, entity_id, version HAVING count(*) > 1) AS t',
  };
  type E = { id: string; reference: string; unit_id: string; version: number | string; device_id: string };
  type V = { enquiry_id: string; version: number | string };
  let rows: { e: E[]; v: V[]; twice: number };
  if (storage.database !== undefined) {
    const client = new pg.Client({ connectionString: storage.database });
    await client.connect();
    try {
      rows = {
        e: (await client.query<E>(sql.enquiries)).rows,
        v: (await client.query<V>(sql.versions)).rows,
        twice: Number((await client.query<{ n: string }>(sql.twice)).rows[0]!.n),
      };
    } finally {
      await client.end();
    }
  } else {
    const db = openDatabase(hubDatabaseFile(storage.dataDir), { readonly: true });
    try {
      rows = {
        e: db.prepare(sql.enquiries).all() as E[],
        v: db.prepare(sql.versions).all() as V[],
        twice: (db.prepare(sql.twice).get() as { n: number }).n,
      };
    } finally {
      db.close();
    }
  }
  return {
    enquiries: rows.e.map((r) => ({ id: r.id, reference: r.reference, unitId: r.unit_id, version: Number(r.version), deviceId: r.device_id })),
    versions: rows.v.map((r) => ({ id: r.enquiry_id, version: Number(r.version) })),
    pullLogTwice: rows.twice,
  };
}

interface KioskHeld {
  readonly own: Map<string, { reference: string; version: number; unitId: string }>;
  readonly ownRows: number;
  readonly referencesTwice: number;
  readonly copies: Map<string, number>;
  readonly outbox: number;
  readonly integrity: string;
}

function readKiosk(dir: string): KioskHeld {
  const db = openDatabase(join(dir, 'onestop.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT id, reference, version, unit_id, origin FROM enquiries').all() as {
      id: string;
      reference: string;
      version: number;
      unit_id: string;
      origin: 'local' | 'hub';
    }[];
    const own = rows.filter((r) => r.origin === 'local');
    return {
      own: new Map(own.map((r) => [r.id, { reference: r.reference, version: r.version, unitId: r.unit_id }])),
      ownRows: own.length,
      referencesTwice: own.length - new Set(own.map((r) => r.reference)).size,
      copies: new Map(rows.filter((r) => r.origin === 'hub').map((r) => [r.id, r.version])),
      outbox: (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n,
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

function reconcile(
  kiosks: readonly Kiosk[],
  hub: HubHeld,
  incidents: string[],
): Pick<SoakResult, 'kiosks' | 'total' | 'byVersion'> {
  const hubById = new Map<string, HubHeld['enquiries'][number][]>();
  for (const e of hub.enquiries) hubById.set(e.id, [...(hubById.get(e.id) ?? []), e]);
  const hubVersions = new Map<string, number[]>();
  for (const v of hub.versions) hubVersions.set(v.id, [...(hubVersions.get(v.id) ?? []), v.version]);
  const byVersion = new Map<number, number>();
  for (const v of hub.versions) byVersion.set(v.version, (byVersion.get(v.version) ?? 0) + 1);
  const helds = new Map(kiosks.map((k) => [k, readKiosk(k.dir)]));
  const deviceIds = new Set(kiosks.map((k) => k.deviceId));

  const results: KioskReconciliation[] = kiosks.map((kiosk) => {
    const held = helds.get(kiosk)!;
    const examples: string[] = [];
    const example = (text: string) => void (examples.length < 5 && examples.push(text));
    let lostAtKiosk = 0;
    for (const [id, ack] of kiosk.acked) {
      const there = held.own.get(id);
      if (!there || there.version < ack.version || there.reference !== ack.reference) {
        lostAtKiosk++;
        example(`acknowledged ${ack.reference} v${ack.version} (${id}) not at the kiosk${there ? ` (v${there.version} ${there.reference})` : ''}`);
      }
    }
    let onHub = 0;
    let notOnHub = 0;
    let versionProblems = 0;
    let versionRows = 0;
    for (const [id, e] of held.own) {
      const there = hubById.get(id);
      if (!there) {
        notOnHub++;
        example(`${e.reference} v${e.version} (${id}) not on the hub`);
        continue;
      }
      onHub++;
      const h = there[0]!;
      if (h.version !== e.version || h.reference !== e.reference || h.unitId !== e.unitId || h.deviceId !== kiosk.deviceId) {
        versionProblems++;
        example(`${e.reference}: hub v${h.version} ${h.reference} ${h.unitId}, kiosk v${e.version} ${e.reference} ${e.unitId}`);
      }
      const versions = (hubVersions.get(id) ?? []).sort((a, b) => a - b);
      versionRows += versions.length;
      const wanted = Array.from({ length: e.version }, (_, i) => i + 1);
      if (versions.join(',') !== wanted.join(',')) {
        versionProblems++;
        example(`${e.reference}: version log ${versions.join(',')} for v${e.version}`);
      }
    }
    // Duplicated: a second hub row for one id, a hub enquiry from this device the kiosk never
    // made (one kiosk enquiry arrived as two), the kiosk giving one reference to two ids.
    let duplicated = held.referencesTwice + (held.ownRows - held.own.size);
    for (const e of hub.enquiries) {
      if (e.deviceId === kiosk.deviceId && !held.own.has(e.id)) {
        duplicated++;
        example(`hub enquiry ${e.reference} (${e.id}) from ${kiosk.name} that the kiosk does not hold`);
      }
    }
    for (const id of held.own.keys()) duplicated += Math.max(0, (hubById.get(id)?.length ?? 0) - 1);
    // The unit's other kiosks' enquiries, pulled as copies at their last version.
    let copiesExpected = 0;
    let copyProblems = 0;
    for (const other of kiosks) {
      if (other === kiosk || other.unitId !== kiosk.unitId) continue;
      for (const [id, e] of helds.get(other)!.own) {
        copiesExpected++;
        const copy = held.copies.get(id);
        if (copy !== e.version) {
          copyProblems++;
          example(`copy of ${other.name}'s ${e.reference} ${copy === undefined ? 'missing' : `at v${copy}, not v${e.version}`}`);
        }
      }
    }
    return {
      name: kiosk.name,
      unitId: kiosk.unitId,
      created: held.own.size,
      acknowledged: kiosk.createdAcks,
      statusChanges: kiosk.statusAcks,
      onHub,
      missing: notOnHub + lostAtKiosk,
      lostAtKiosk,
      duplicated,
      versionRows,
      versionProblems,
      copiesExpected,
      copyProblems,
      outboxWaiting: held.outbox,
      rejected: kiosk.lastStatus?.rejected.count ?? 0,
      integrity: held.integrity,
      examples,
    };
  });

  const references = new Set(hub.enquiries.map((e) => e.reference));
  const strangers =
    hub.enquiries.filter((e) => !deviceIds.has(e.deviceId)).length +
    (hub.enquiries.length - hubById.size) +
    (hub.enquiries.length - references.size);
  const versionPairs = new Set(hub.versions.map((v) => `${v.id} ${v.version}`)).size;
  const sum = (key: keyof KioskReconciliation) => results.reduce((total, k) => total + (k[key] as number), 0);
  if (hub.versions.length !== versionPairs) incidents.push(`the hub's version log holds ${hub.versions.length - versionPairs} (id, version) twice`);
  return {
    kiosks: results,
    byVersion,
    total: {
      created: sum('created'),
      onHub: sum('onHub'),
      missing: sum('missing'),
      duplicated: sum('duplicated') + strangers,
      hubEnquiries: hub.enquiries.length,
      strangers,
      versionRows: hub.versions.length,
      versionProblems: sum('versionProblems') + (hub.versions.length - sum('versionRows')),
      copyProblems: sum('copyProblems'),
      pullLogTwice: hub.pullLogTwice,
      outboxWaiting: sum('outboxWaiting'),
      rejected: sum('rejected'),
    },
  };
}

// --- The report ------------------------------------------------------------------------------------

const line = (r: { created: number; onHub: number; missing: number; duplicated: number }) =>
  `${r.created} created, ${r.onHub} on the hub, ${r.missing} missing, ${r.duplicated} duplicated`;

export function formatReport(result: SoakResult): string {
  const out: string[] = [];
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  out.push(`Soak: seed ${result.seed}, hub on ${result.store === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${seconds(result.loadedMs)} of load, ${seconds(result.drainMs)} to drain, wall time ${seconds(result.wallMs)}`);
  out.push('');
  for (const k of result.kiosks) {
    out.push(`${k.name.padEnd(14)} (${k.unitId}): ${line(k)}`);
    out.push(
      `${''.padEnd(16)}${k.acknowledged} saves acknowledged (${k.lostAtKiosk} not kept), ${k.statusChanges} status changes; ${k.versionRows} versions on the hub, ${k.versionProblems} wrong; ` +
        `${k.copiesExpected} copies of its unit's other kiosks' enquiries, ${k.copyProblems} missing or stale; outbox ${k.outboxWaiting} waiting, ${k.rejected} refused; integrity ${k.integrity}`,
    );
    for (const example of k.examples) out.push(`${''.padEnd(16)}! ${example}`);
  }
  const t = result.total;
  out.push(`${'total'.padEnd(14)}      : ${line(t)}`);
  out.push('');
  const versions = [...result.byVersion.entries()].sort(([a], [b]) => a - b).map(([v, n]) => `v${v} ${n}`).join(', ');
  out.push(`versions: ${t.versionRows} changes in the hub's version log (${versions}); ${t.versionProblems} at another version or missing or twice; pull log ${t.pullLogTwice} twice`);
  out.push(`hub: ${t.hubEnquiries} enquiries, ${t.strangers} from no kiosk or with an id or reference twice`);
  out.push(`requests through the proxies: ${result.requests.push} pushes, ${result.requests.pull} pulls, ${result.requests.other} other`);
  const p = result.proxy;
  out.push(
    `proxy faults: ${p.reset} reset, ${p.dropMidRequest} dropped mid-request, ${p.responseLost} response lost after the hub committed, ${p.duplicate} duplicated, ${p.delayed} delayed; ` +
      `${p.upstreamErrors} refused upstream (hub down or line refused)`,
  );
  const i = result.injected;
  out.push(
    `events: ${i.storm} fault storms, ${i['outage-one']} outages of one line, ${i['outage-all']} of every line (${i.outageRequests} requests sent into them), ` +
      `${i['hub-kill']} hub kills (${i.hubKillsAtPush} as a push arrived), ${i['kiosk-restart']} kiosk closes, ${i['kiosk-kill']} kiosk kills, ${i.skipped} skipped`,
  );
  out.push(`restarts: hub ${result.restarts.hub}, kiosks ${result.restarts.kiosk}`);
  out.push(`rate: ${result.enquiriesPerSecond.toFixed(2)} enquiries/s created over the load (all four kiosks)`);
  out.push(`outbox waiting at the end: ${t.outboxWaiting} (${t.rejected} refused)`);
  out.push(`machine: ${result.machine}`);
  for (const incident of result.incidents) out.push(`INCIDENT: ${incident}`);
  out.push(result.clean ? 'RESULT: clean' : 'RESULT: NOT CLEAN');
  return out.join('\n');
}
