/**
 * `npm run bench` (hub stores part): push throughput of the forum hub on its two stores, in
 * enquiries a second, in one run on one machine, each figure next to the SQLite hub as its anchor.
 * Not a test: nothing here passes or fails.
 *
 * Four devices push their backlogs at the same time, to hubs running as child processes
 * (`server/cli.ts serve`, as deployed):
 *
 * - anchor: the embedded SQLite store (`--data DIR`), one hub process;
 * - PostgreSQL (`--database URL`), one hub process;
 * - PostgreSQL, two hub processes on the same database, the devices spread across them (as behind
 *   a load balancer).
 *
 * Each device's pushes are its kiosk's outbox (a real kiosk database with a backlog) cut into
 * batches with the sync engine's own bounds (`readOutboxBatch`: its default count and bytes), the
 * bodies the engine would send, byte for byte. They are sent one after another per device, as the
 * engine does, with plain HTTP: a kiosk backend's own work (settling each batch in its SQLite
 * file, then pulling) would otherwise be most of the time measured, and four of them in this one
 * thread would measure this process. (tests/bench/sync.ts measures the kiosk's side.) Every change
 * must be answered `applied`, and the hub must then hold them all.
 *
 * Each configuration starts from an empty hub. Both stores are durable: SQLite in WAL with
 * synchronous=FULL, PostgreSQL with its defaults (fsync and synchronous_commit on) on a throwaway
 * cluster of its own (tests/support/postgresCluster.ts), or on the server ONESTOP_BENCH_POSTGRES_URL
 * names (its role must be allowed to CREATE DATABASE; the bench makes and drops databases of its
 * own there). The settings in force are printed, with the machine's cores and how busy they were:
 * on a small machine the devices, the hubs and the database server share the same cores, and the
 * figures say as much about that as about the stores.
 *
 * Flags: --enquiries N (the backlog over all devices, default 20,000), --devices N (default 4),
 * --batch N (changes per push, default the engine's).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createBackend } from '../../electron/backend/backend';
import { SYNC_DEFAULTS } from '../../electron/backend/sync';
import { openDatabase, readOutboxBatch } from '../../db';
import { hubDatabaseFile, openHubStore, type HubStorage } from '../../server/hub';
import { pushResponseSchema } from '../../shared/sync/protocol';
import { addBacklog } from '../support/enquiryBacklog';
import { RUGELEY_SETUP, setUpKiosk } from '../support/kiosk';
import { startThrowawayCluster, type ThrowawayCluster } from '../support/postgresCluster';
import { Random, deriveSeed } from '../support/random';
import { spawnHub } from '../support/hubProcess';
import { makeTempDir } from '../support/tempDir';

const SEED = 20261207;

const { values: flags } = parseArgs({
  options: { enquiries: { type: 'string' }, devices: { type: 'string' }, batch: { type: 'string' } },
  strict: true,
});
function count(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9][0-9]*$/.test(value)) throw new Error(`--${name} takes a whole number above 0, not "${value}".`);
  return Number(value);
}
const DEVICES = count(flags.devices, 'devices', 4);
// Device codes K1 to K999 (one letter and up to three digits), so references never clash.
if (DEVICES > 999) throw new Error('--devices takes at most 999.');
const ENQUIRIES = count(flags.enquiries, 'enquiries', 20_000);
const BATCH = count(flags.batch, 'batch', SYNC_DEFAULTS.batchSize);
const PER_DEVICE = Math.ceil(ENQUIRIES / DEVICES);
const TOTAL = PER_DEVICE * DEVICES;

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (enquiries: number, ms: number) => Math.round((enquiries * 1000) / ms);

// --- CPU, for reading the figures --------------------------------------------------------------

/** Ticks the machine's cores spent busy and in all, from /proc/stat (Linux); null elsewhere. */
function machineTicks(): { busy: number; total: number } | null {
  if (!existsSync('/proc/stat')) return null;
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = fields[3]! + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** A process's /proc stat fields after its command name (field 3 of the line is index 0); null when it cannot be read. */
function procStat(pid: number | string): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields after it start at the last ')'.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Clock ticks a second in /proc: 100 on every Linux this runs on. */
const TICKS = 100;

/** CPU seconds a process has used (user + system), from /proc (Linux); null elsewhere. */
function processCpuSeconds(pid: number | undefined): number | null {
  const fields = pid === undefined ? null : procStat(pid);
  // utime and stime are fields 14 and 15 of the line.
  return fields ? (Number(fields[11]) + Number(fields[12])) / TICKS : null;
}

/**
 * CPU seconds the PostgreSQL server has used, when it runs on this machine: the postmaster, its
 * children now (backends, the WAL writer, the checkpointer...) and those that have ended (fields
 * 16 and 17). Null for a server elsewhere, or without /proc.
 */
function serverCpuSeconds(postmaster: number | null): number | null {
  if (postmaster === null) return null;
  const own = procStat(postmaster);
  if (!own) return null;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const fields = procStat(entry);
    // ppid is field 4 of the line.
    if (fields && Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / TICKS;
}

/** The postmaster's process id when the server runs on this machine (its backend's parent is a local postgres), else null. */
async function localPostmaster(serverUrl: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const fields = procStat(backend);
    if (!fields) return null;
    const parent = Number(fields[1]);
    return existsSync(`/proc/${parent}/comm`) && readFileSync(`/proc/${parent}/comm`, 'utf8').trim() === 'postgres' ? parent : null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

// --- Hubs ---------------------------------------------------------------------------------------



async function heldOnHub(storage: HubStorage): Promise<number> {
  if (storage.database !== undefined) {
    const client = new pg.Client({ connectionString: storage.database });
    await client.connect();
    try {
      return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM enquiries')).rows[0]!.n;
    } finally {
      await client.end();
    }
  }
  const db = openDatabase(hubDatabaseFile(storage.dataDir), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM enquiries').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A database of the bench's own on the server, dropped by `drop()`. */
async function benchDatabase(serverUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `onestop_bench_${randomBytes(4).toString('hex')}_${label}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function serverSettings(serverUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const settings: Record<string, string> = {};
    for (const name of ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'max_connections']) {
      settings[name] = (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name]!;
    }
    return settings;
  } finally {
    await client.end();
  }
}

// --- One configuration --------------------------------------------------------------------------

interface Figure {
  readonly ms: number;
  readonly requests: number;
  /** Share of the machine's CPU time that was busy during the push. */
  readonly machineBusy: number | null;
  /** CPU seconds the hub processes used during the push. */
  readonly hubCpu: number | null;
  /** CPU seconds the PostgreSQL server used during the push (null: not measured, or SQLite). */
  readonly databaseCpu: number | null;
}

/** A kiosk's outbox as the engine sends it: request bodies within its batch bounds, oldest first. */
function pushBodies(databasePath: string): { body: string; changes: number }[] {
  const db = openDatabase(databasePath, { readonly: true });
  try {
    const bodies: { body: string; changes: number }[] = [];
    for (let afterSeq = 0; ; ) {
      const rows = readOutboxBatch(db, { afterSeq, maxCount: BATCH, maxBytes: SYNC_DEFAULTS.batchBytes });
      if (rows.length === 0) return bodies;
      const changes = rows.map((row) => ({ id: row.entityId, entity: row.entity, version: row.version, data: JSON.parse(row.payload) as unknown }));
      bodies.push({ body: JSON.stringify({ changes }), changes: rows.length });
      afterSeq = rows.at(-1)!.seq;
    }
  } finally {
    db.close();
  }
}

/**
 * The devices push their bodies at once, device i to `hubs[i % n]`, each body after the answer to
 * the one before; every change must be applied, and the hub must then hold them all.
 */
async function pushAll(
  label: string,
  devices: readonly { body: string; changes: number }[][],
  storage: HubStorage,
  processes: number,
  postmaster: number | null = null,
): Promise<Figure> {
  const store = await openHubStore(storage);
  const tokens: string[] = [];
  try {
    for (let i = 0; i < devices.length; i++) tokens.push((await store.addDevice({ unitId: 'rugeley', name: `K${i + 1}`, now: new Date() })).token);
  } finally {
    await store.close();
  }
  const hubs = await Promise.all(Array.from({ length: processes }, () => spawnHub(storage)));
  let requests = 0;
  const device = async (bodies: readonly { body: string; changes: number }[], i: number) => {
    const url = `${hubs[i % hubs.length]!.url}/api/v1/sync/push`;
    const headers = { authorization: `Bearer ${tokens[i]!}`, 'content-type': 'application/json' };
    for (const { body, changes } of bodies) {
      requests++;
      const response = await fetch(url, { method: 'POST', headers, body });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${label}: push answered ${response.status}: ${text.slice(0, 300)}`);
      const { results } = pushResponseSchema.parse(JSON.parse(text));
      const applied = results.filter((result) => result.status === 'applied').length;
      if (applied !== changes) throw new Error(`${label}: ${applied} of ${changes} changes applied: ${JSON.stringify(results.find((r) => r.status !== 'applied'))}`);
    }
  };
  try {
    const hubCpuBefore = hubs.map((hub) => processCpuSeconds(hub.child.pid));
    const databaseBefore = serverCpuSeconds(postmaster);
    const ticksBefore = machineTicks();
    const started = performance.now();
    await Promise.all(devices.map(device));
    const ms = performance.now() - started;
    const ticksAfter = machineTicks();
    const databaseAfter = serverCpuSeconds(postmaster);
    const hubCpuAfter = hubs.map((hub) => processCpuSeconds(hub.child.pid));
    const held = await heldOnHub(storage);
    if (held !== TOTAL) throw new Error(`${label}: the hub holds ${held} enquiries, not ${TOTAL}`);
    let hubCpu: number | null = 0;
    for (const [i, after] of hubCpuAfter.entries()) {
      const before = hubCpuBefore[i];
      hubCpu = hubCpu === null || after === null || before === null || before === undefined ? null : hubCpu + after - before;
    }
    return {
      ms,
      requests,
      machineBusy: ticksBefore && ticksAfter ? (ticksAfter.busy - ticksBefore.busy) / (ticksAfter.total - ticksBefore.total) : null,
      hubCpu,
      databaseCpu: databaseBefore === null || databaseAfter === null ? null : databaseAfter - databaseBefore,
    };
  } finally {
    await Promise.all(hubs.map((hub) => hub.stop()));
  }
}

// --- The run ------------------------------------------------------------------------------------

console.log('onestop bench (hub stores: SQLite and PostgreSQL)');
const started = performance.now();
const dir = makeTempDir('onestop-bench-hub-pg-');
const given = process.env['ONESTOP_BENCH_POSTGRES_URL']?.trim();
let cluster: ThrowawayCluster | undefined;
try {
  const serverUrl = given || (cluster = await startThrowawayCluster({ fsync: true })).url;
  const settings = await serverSettings(serverUrl);
  const postmaster = await localPostmaster(serverUrl);
  const cores = availableParallelism();
  console.log(`machine: ${cores} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.versions.node}`);
  console.log(
    `PostgreSQL ${settings['server_version']} (${given ? 'ONESTOP_BENCH_POSTGRES_URL' : 'a throwaway cluster on 127.0.0.1'}): fsync=${settings['fsync']}, ` +
      `synchronous_commit=${settings['synchronous_commit']}, full_page_writes=${settings['full_page_writes']}, wal_level=${settings['wal_level']}, ` +
      `shared_buffers=${settings['shared_buffers']}`,
  );
  console.log("SQLite hub: WAL, synchronous=FULL (the hub store's own settings)");
  console.log(`${DEVICES} devices × ${PER_DEVICE} enquiries = ${TOTAL}, pushed at once, each in batches of ${BATCH} changes or ${SYNC_DEFAULTS.batchBytes / 1024} KiB`);

  // One configured kiosk per device (its own device code, so references never clash), each with its backlog.
  const building = performance.now();
  const devices = await Promise.all(
    Array.from({ length: DEVICES }, async (_, i) => {
      const template = join(dir.path, `template-${i + 1}`);
      const setup = createBackend({ dataDir: template, log: () => {} });
      try {
        await setUpKiosk(setup, { ...RUGELEY_SETUP, deviceCode: `K${i + 1}` });
      } finally {
        setup.close();
      }
      addBacklog(join(template, 'onestop.db'), { count: PER_DEVICE, random: new Random(deriveSeed(SEED, i)) });
      return pushBodies(join(template, 'onestop.db'));
    }),
  );
  const bytes = devices.flat().reduce((sum, { body }) => sum + Buffer.byteLength(body), 0);
  console.log(`backlogs built in ${secs(performance.now() - building)} (untimed): ${devices.flat().length} request bodies, ${Math.round(bytes / TOTAL)} bytes a change\n`);

  const sqlite = await pushAll('sqlite', devices, { dataDir: join(dir.path, 'hub-sqlite') }, 1);
  const figures: { figure: string; result: Figure }[] = [];
  for (const processes of [1, 2]) {
    const database = await benchDatabase(serverUrl, `${processes}p`);
    try {
      const result = await pushAll(`postgres-${processes}`, devices, { database: database.url }, processes, postmaster);
      figures.push({ figure: `PostgreSQL, ${processes} hub process${processes === 1 ? '' : 'es'}`, result });
    } finally {
      await database.drop();
    }
  }

  const anchor = rate(TOTAL, sqlite.ms);
  const row = (figure: string, result: Figure) => ({
    figure,
    time: secs(result.ms),
    'enquiries/s': rate(TOTAL, result.ms),
    'vs anchor': `${(rate(TOTAL, result.ms) / anchor).toFixed(2)}x`,
    requests: result.requests,
    'CPU busy': result.machineBusy === null ? 'n/a' : `${Math.round(100 * result.machineBusy)}%`,
    'hub CPU': result.hubCpu === null ? 'n/a' : secs(result.hubCpu * 1000),
    'database CPU': result.databaseCpu === null ? (result === sqlite ? 'in the hub' : 'n/a') : secs(result.databaseCpu * 1000),
    'CPU µs/enquiry': result.hubCpu === null ? 'n/a' : Math.round((1e6 * (result.hubCpu + (result.databaseCpu ?? 0))) / TOTAL),
  });
  console.table([row('anchor: SQLite, 1 hub process', sqlite), ...figures.map(({ figure, result }) => row(figure, result))]);
  console.log(
    `CPU busy: the share of all ${cores} cores' time in use during the push (the devices, the hubs and the database server share them). ` +
      "hub CPU: the hub processes' own; database CPU: the PostgreSQL server's (all its processes, when it runs on this machine); " +
      'CPU µs/enquiry: the two together over the enquiries pushed (SQLite runs inside the hub).',
  );
} finally {
  await cluster?.stop();
  dir.remove();
}
console.log(`\nhub stores bench took ${secs(performance.now() - started)}`);
