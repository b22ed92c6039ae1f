/**
 * `npm run bench` (sync part): a kiosk pushing a 50,000-enquiry backlog to the forum hub over
 * loopback, in enquiries a second, next to its anchor measured in the same run on the same disk.
 * Not a test: nothing here passes or fails.
 *
 * - Push: a real kiosk backend (its database holding the backlog, one outbox row per enquiry)
 *   calls `sync.syncNow()` against a real hub on 127.0.0.1: the engine's batches (its default
 *   count and byte bounds), JSON over HTTP, the hub's validation, auth and store, and the kiosk's
 *   settlement of each batch. Twice: with the hub in this process (one thread does both sides'
 *   work, so the figure is the whole cost of a change), and with the hub as a child process
 *   (`server/cli.ts serve`, as deployed: kiosk and hub work overlap).
 * - Anchor: the same changes (the outbox payloads, byte for byte) written straight into a fresh hub
 *   store through its `push` method, in batches of the engine's batch size, in this process: no
 *   HTTP, no kiosk. The ratio is what the wire and the kiosk side add on top of the hub's own writes.
 *
 * SYNC_BENCH_ENQUIRIES changes the backlog (default 50,000).
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend } from '../../electron/backend/backend';
import { SYNC_DEFAULTS } from '../../electron/backend/sync';
import { openDatabase } from '../../db';
import { hubDatabaseFile, openHubStore, startHub } from '../../server/hub';
import { spawnHub } from '../support/hubProcess';
import type { PushChange } from '../../shared/sync/protocol';
import { addBacklog, pointAtHub } from '../support/enquiryBacklog';
import { setUpKiosk } from '../support/kiosk';
import { Random } from '../support/random';
import { makeTempDir } from '../support/tempDir';

const ENQUIRIES = Number(process.env['SYNC_BENCH_ENQUIRIES'] ?? 50_000);
const SEED = 20261123;
const BATCH = SYNC_DEFAULTS.batchSize;

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (count: number, ms: number) => Math.round((count * 1000) / ms);

function hubCount(hubDir: string): number {
  const db = openDatabase(hubDatabaseFile(hubDir), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM enquiries').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The kiosk's outbox as the engine would send it, oldest first. */
function outboxChanges(databasePath: string): PushChange[] {
  const db = openDatabase(databasePath, { readonly: true });
  try {
    const rows = db.prepare('SELECT entity, entity_id, version, payload FROM outbox ORDER BY seq').all() as {
      entity: string;
      entity_id: string;
      version: number;
      payload: string;
    }[];
    return rows.map((r) => ({ id: r.entity_id, entity: r.entity, version: r.version, data: JSON.parse(r.payload) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

/** The anchor: the store's own push, batch after batch, no HTTP. */
async function storeInsert(dir: string, changes: readonly PushChange[]): Promise<number> {
  const store = await openHubStore({ dataDir: dir });
  try {
    const device = await store.addDevice({ unitId: 'rugeley', name: 'K2', now: new Date() });
    const hubDevice = (await store.listDevices()).find((d) => d.id === device.deviceId)!;
    const started = performance.now();
    for (let i = 0; i < changes.length; i += BATCH) {
      const results = await store.push(hubDevice, changes.slice(i, i + BATCH), new Date());
      if (results.some((r) => r.status !== 'applied')) throw new Error(`anchor: not applied: ${JSON.stringify(results.find((r) => r.status !== 'applied'))}`);
    }
    return performance.now() - started;
  } finally {
    await store.close();
  }
}

/** A kiosk copied from the backlog template pushes everything to the hub at `url`. */
async function push(template: string, kioskDir: string, url: string, token: string): Promise<{ ms: number; requests: number }> {
  cpSync(template, kioskDir, { recursive: true });
  pointAtHub(join(kioskDir, 'onestop.db'), url, token);
  let requests = 0;
  const counted: typeof fetch = (input, init) => {
    requests++;
    return fetch(input, init);
  };
  const backend = createBackend({ dataDir: kioskDir, log: () => {}, sync: { autoStart: false, fetch: counted } });
  try {
    const started = performance.now();
    const status = await backend.sync.syncNow();
    const ms = performance.now() - started;
    if (status.waiting !== 0 || status.lastError) throw new Error(`push did not finish: ${JSON.stringify(status)}`);
    return { ms, requests };
  } finally {
    backend.close();
  }
}


console.log('onestop bench (sync)');
const started = performance.now();
const dir = makeTempDir('onestop-bench-sync-');
try {
  const template = join(dir.path, 'kiosk-template');
  const setup = createBackend({ dataDir: template, log: () => {} });
  try {
    await setUpKiosk(setup);
  } finally {
    setup.close();
  }
  const building = performance.now();
  addBacklog(join(template, 'onestop.db'), { count: ENQUIRIES, random: new Random(SEED) });
  const changes = outboxChanges(join(template, 'onestop.db'));
  const bytes = changes.reduce((sum, c) => sum + JSON.stringify(c).length, 0);
  console.log(
    `backlog: ${changes.length} outbox rows (${(bytes / changes.length).toFixed(0)} bytes of JSON each), built in ${secs(performance.now() - building)} (untimed)`,
  );
  console.log(`engine batches: ${BATCH} changes or ${SYNC_DEFAULTS.batchBytes / 1024} KiB; data dir ${dir.path}`);

  const anchorMs = await storeInsert(join(dir.path, 'hub-anchor'), changes);

  const inProcessDir = join(dir.path, 'hub-in-process');
  const hub = await startHub({ dataDir: inProcessDir, rateLimit: false });
  let inProcess: { ms: number; requests: number };
  try {
    const { token } = await hub.store.addDevice({ unitId: 'rugeley', name: 'K2', now: new Date() });
    inProcess = await push(template, join(dir.path, 'kiosk-1'), hub.url, token);
  } finally {
    await hub.close();
  }

  const childDir = join(dir.path, 'hub-child');
  const store = await openHubStore({ dataDir: childDir });
  const { token: childToken } = await store.addDevice({ unitId: 'rugeley', name: 'K2', now: new Date() });
  await store.close();
  const child = await spawnHub({ dataDir: childDir });
  let childProcess: { ms: number; requests: number };
  try {
    childProcess = await push(template, join(dir.path, 'kiosk-2'), child.url, childToken);
  } finally {
    await child.stop();
  }

  for (const [what, hubDir] of [['anchor', 'hub-anchor'], ['in-process', 'hub-in-process'], ['child', 'hub-child']] as const) {
    const held = hubCount(join(dir.path, hubDir));
    if (held !== ENQUIRIES) throw new Error(`${what} hub holds ${held} enquiries, not ${ENQUIRIES}`);
  }

  const anchorRate = rate(ENQUIRIES, anchorMs);
  console.table([
    { figure: 'push over loopback, hub in this process', enquiries: ENQUIRIES, time: secs(inProcess.ms), 'enquiries/s': rate(ENQUIRIES, inProcess.ms), requests: inProcess.requests, 'vs anchor': `${(rate(ENQUIRIES, inProcess.ms) / anchorRate).toFixed(2)}x` },
    { figure: 'push over loopback, hub as a child process', enquiries: ENQUIRIES, time: secs(childProcess.ms), 'enquiries/s': rate(ENQUIRIES, childProcess.ms), requests: childProcess.requests, 'vs anchor': `${(rate(ENQUIRIES, childProcess.ms) / anchorRate).toFixed(2)}x` },
    { figure: `anchor: hub store push, batches of ${BATCH}, no HTTP`, enquiries: ENQUIRIES, time: secs(anchorMs), 'enquiries/s': anchorRate, requests: Math.ceil(ENQUIRIES / BATCH), 'vs anchor': '1.00x' },
  ]);
  console.log(
    `push reaches ${((100 * anchorMs) / inProcess.ms).toFixed(0)}% (hub in process) and ${((100 * anchorMs) / childProcess.ms).toFixed(0)}% (hub in a child process) of the store's own insert rate.`,
  );
} finally {
  dir.remove();
}
console.log(`\nsync bench took ${secs(performance.now() - started)}`);
