import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend, type BackendSyncOptions } from '../../electron/backend/backend';
import { listMeetings, openDatabase, type Database } from '../../db';
import { startHub, type RunningHub } from '../../server/hub';
import type { ChannelName, InputOf, ValueOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import type { SyncStatus } from '../../shared/sync/status';
import type { EnquiryReceipt } from '../../shared/enquiries/model';
import sampleDirectory from '../../assets/directory/sample-directory.json' with { type: 'json' };
import { makeTempDir } from '../support/tempDir';
import { ADMIN, CHAIR, STAFF, staffedKioskTemplate, copyOfKiosk } from '../support/kiosk';

const DESK = 'desk-screen';
const KIOSK = 'kiosk-screen';
const RUGELEY_FORUM = 'rugeley';

let template: ReturnType<typeof makeTempDir>;
let kioskDir: ReturnType<typeof makeTempDir>;
let hubDir: ReturnType<typeof makeTempDir>;
let hub: RunningHub | null;
let backend: Backend;
let clock: number;
let logged: unknown[];
/** Every request the kiosk made to the hub, with its answer's status (0: no answer). */
let requests: { method: string; path: string; body: string; status: number }[];

const now = () => new Date(clock);

/** The global fetch, watched: the tests assert what crossed the wire, not only what the engine says. */
const watchedFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : input);
  const entry = { method: init?.method ?? 'GET', path: `${url.pathname}${url.search}`, body: typeof init?.body === 'string' ? init.body : '', status: 0 };
  requests.push(entry);
  const response = await fetch(input, init);
  entry.status = response.status;
  return response;
};

function open(sync: BackendSyncOptions = {}): Backend {
  return createBackend({
    dataDir: kioskDir.path,
    now,
    log: (_message, error) => logged.push(error),
    sync: { autoStart: false, fetch: watchedFetch, random: () => 0.5, ...sync },
  });
}

beforeAll(async () => {
  template = await staffedKioskTemplate();
});
afterAll(() => template.remove());

beforeEach(async () => {
  hubDir = makeTempDir('onestop-hub-');
  kioskDir = copyOfKiosk(template);
  clock = Date.parse('2026-11-23T09:00:00Z');
  logged = [];
  requests = [];
  hub = await startHub({ dataDir: hubDir.path, port: 0, rateLimit: false });
  backend = open();
});
afterEach(async () => {
  backend.close();
  await hub?.close();
  kioskDir.remove();
  hubDir.remove();
});

async function call<C extends ChannelName>(channel: C, input: InputOf<C>, caller: string = DESK, on: Backend = backend): Promise<ValueOf<C>> {
  const result = await on.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ValueOf<C>;
}

async function refusal(channel: string, input: unknown, caller: string = DESK): Promise<AppError> {
  const result = await backend.dispatch(channel, input, caller);
  if (result.ok) throw new Error(`${channel} succeeded: ${JSON.stringify(result.value)}`);
  return result.error;
}

async function signIn(caller: string = DESK, username: string = ADMIN.username, pin: string = ADMIN.pin, on: Backend = backend) {
  return call('auth:signIn', { username, pin }, caller, on);
}

/** A device on the hub for this kiosk's unit: the token `device add` prints. */
async function addDevice(unitId = 'rugeley'): Promise<{ deviceId: string; token: string }> {
  return hub!.store.addDevice({ unitId, name: 'K2', now: now() });
}

/** An administrator enters the hub's address and the device token in Settings. */
async function connect(on: Backend = backend, url = hub!.url): Promise<{ deviceId: string; token: string }> {
  const device = await addDevice();
  await signIn(DESK, ADMIN.username, ADMIN.pin, on);
  await call('settings:update', { hubUrl: url, hubToken: device.token }, DESK, on);
  return device;
}

let raised = 0;
async function raise(on: Backend = backend): Promise<EnquiryReceipt> {
  raised++;
  return call('enquiries:raise', { topicId: 'roads', location: `${raised} Church Street`, summary: `Pothole number ${raised} by the shop`, contact: null }, KIOSK, on);
}

async function syncNow(on: Backend = backend): Promise<SyncStatus> {
  return call('sync:now', undefined, DESK, on);
}

async function hubIssues(): Promise<{ reference: string; version: number; status: string }[]> {
  const issues = await hub!.store.listForumIssues({ forumId: RUGELEY_FORUM, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' });
  return issues.map((i) => ({ reference: i.reference, version: i.version, status: i.status })).sort((a, b) => a.reference.localeCompare(b.reference));
}

/** A second connection to the kiosk's database, as a crash-test would poke it. */
function inKioskDatabase<T>(work: (db: Database) => T): T {
  const db = openDatabase(backend.databasePath);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Changes sent in push requests, as (id, version) pairs. */
function pushedChanges(): { id: string; version: number }[] {
  return requests
    .filter((r) => r.path === '/api/v1/sync/push')
    .flatMap((r) => (JSON.parse(r.body) as { changes: { id: string; version: number }[] }).changes.map(({ id, version }) => ({ id, version })));
}

async function until(condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the hub token in Settings', () => {
  it('is written by an administrator, never read back, and refused when malformed', async () => {
    const { token } = await addDevice();
    await signIn();
    expect(await call('settings:get', undefined)).toMatchObject({ hubTokenSet: false });
    const saved = await call('settings:update', { hubUrl: hub!.url, hubToken: token });
    expect(saved).toMatchObject({ hubUrl: hub!.url, hubTokenSet: true });
    expect(JSON.stringify(saved)).not.toContain(token);
    const read = await call('settings:get', undefined);
    expect(read).not.toHaveProperty('hubToken');
    expect(JSON.stringify(read)).not.toContain(token);
    expect(JSON.stringify(backend.settings())).not.toContain(token);

    expect(await refusal('settings:update', { hubToken: 'too short' })).toMatchObject({ code: 'input/invalid', fields: { hubToken: { code: 'format' } } });
    expect(await refusal('settings:update', { hubToken: `${'a'.repeat(43)}!` })).toMatchObject({ fields: { hubToken: { code: 'format' } } });
    // A token with spaces around it, as pasted, is taken without them.
    expect(await call('settings:update', { hubToken: ` ${token} ` })).toMatchObject({ hubTokenSet: true });

    expect(await call('sync:status', undefined)).toMatchObject({ hubConfigured: true, online: null, waiting: 0 });
    expect(await call('settings:update', { hubToken: '' })).toMatchObject({ hubTokenSet: false });
    expect(await call('sync:status', undefined)).toMatchObject({ hubConfigured: false });
    expect(await refusal('sync:now', undefined)).toMatchObject({ code: 'sync/not-configured' });
  });

  it('may be set by administrators only', async () => {
    await signIn(DESK, STAFF.username, STAFF.pin);
    expect(await refusal('settings:update', { hubToken: 'a'.repeat(43) })).toMatchObject({ code: 'auth/forbidden' });
  });
});

describe('pushing', () => {
  it('sends every enquiry to the hub and empties the outbox', async () => {
    const receipts = [await raise(), await raise(), await raise()];
    await connect();
    expect(await call('sync:status', undefined)).toMatchObject({ waiting: 3, online: null, lastSuccessAt: null });

    const status = await syncNow();
    expect(status).toMatchObject({
      hubConfigured: true,
      online: true,
      syncing: false,
      waiting: 0,
      rejected: { count: 0, changes: [] },
      lastSuccessAt: now().toISOString(),
      lastAttemptAt: now().toISOString(),
      lastError: null,
      nextAttemptAt: null,
    });
    expect(await hubIssues()).toEqual(receipts.map((r) => ({ reference: r.reference, version: 1, status: 'new' })).sort((a, b) => a.reference.localeCompare(b.reference)));
    expect(requests.find((r) => r.path === '/api/v1/sync/push')).toBeDefined();

    // A later change of one enquiry goes as its version 2; nothing else is sent again.
    const [first] = receipts;
    await signIn();
    await call('enquiries:setStatus', { id: first!.id, version: 1, status: 'for-forum', outcome: '', note: '' });
    requests = [];
    expect(await syncNow()).toMatchObject({ waiting: 0 });
    expect(pushedChanges()).toEqual([{ id: first!.id, version: 2 }]);
    expect((await hubIssues()).find((i) => i.reference === first!.reference)).toMatchObject({ version: 2, status: 'for-forum' });
  });

  it('sends in batches bounded by count and by bytes, oldest first', async () => {
    backend.close();
    backend = open({ batchSize: 2 });
    for (let i = 0; i < 5; i++) await raise();
    await connect();
    await syncNow();
    const pushes = requests.filter((r) => r.path === '/api/v1/sync/push').map((r) => (JSON.parse(r.body) as { changes: unknown[] }).changes.length);
    expect(pushes).toEqual([2, 2, 1]);
    expect(await hubIssues()).toHaveLength(5);

    backend.close();
    backend = open({ batchBytes: 1 });
    for (let i = 0; i < 3; i++) await raise();
    await signIn();
    requests = [];
    const status = await syncNow();
    // Each payload alone is over the bound: one change per request, never none.
    expect(requests.filter((r) => r.path === '/api/v1/sync/push').map((r) => (JSON.parse(r.body) as { changes: unknown[] }).changes.length)).toEqual([1, 1, 1]);
    expect(status.waiting).toBe(0);
    const references = pushedChanges().map((c) => c.id);
    const oldestFirst = inKioskDatabase((db) => db.prepare('SELECT id FROM enquiries ORDER BY created_at, rowid').all() as { id: string }[]).map((r) => r.id).slice(5);
    expect(references).toEqual(oldestFirst);
  });

  it('keeps a change the hub refuses, with its reason, and sends the others', async () => {
    backend.close();
    backend = open({ batchSize: 1 });
    // The oldest change lacks its reference: the hub will refuse it. Another is not even an object.
    const poison = randomUUID();
    const unsendable = randomUUID();
    inKioskDatabase((db) => {
      const insert = db.prepare("INSERT INTO outbox (entity, entity_id, version, payload, created_at) VALUES ('enquiry', ?, 1, ?, ?)");
      insert.run(poison, JSON.stringify({ unitId: 'rugeley', topic: 'roads', summary: 'No reference', createdAt: now().toISOString() }), now().toISOString());
      insert.run(unsendable, JSON.stringify(['not', 'an', 'object']), now().toISOString());
    });
    const good = [await raise(), await raise()];
    await connect();

    const status = await syncNow();
    expect(status).toMatchObject({ waiting: 0, lastError: null, rejected: { count: 2 } });
    expect(await hubIssues()).toEqual(good.map((r) => ({ reference: r.reference, version: 1, status: 'new' })));
    const refused = status.rejected.changes.find((c) => c.entityId === poison)!;
    expect(refused).toMatchObject({ entity: 'enquiry', version: 1, reference: null, rejectedAt: now().toISOString() });
    expect(refused.reason).toMatch(/reference/);
    expect(status.rejected.changes.find((c) => c.entityId === unsendable)?.reason).toMatch(/cannot be sent/);
    expect(pushedChanges().map((c) => c.id)).not.toContain(unsendable);

    // Refused changes are not sent again by themselves.
    requests = [];
    expect(await syncNow()).toMatchObject({ waiting: 0, rejected: { count: 2 } });
    expect(pushedChanges()).toEqual([]);

    // Staff send one again: it waits, goes, and (unfixed) is refused again, still listed.
    await signIn(DESK, STAFF.username, STAFF.pin);
    clock += 60_000;
    const again = await call('sync:retry', { seq: refused.seq });
    expect(again).toMatchObject({ waiting: 1, rejected: { count: 1 } });
    const after = await syncNow();
    expect(pushedChanges()).toEqual([{ id: poison, version: 1 }]);
    expect(after.rejected.changes.find((c) => c.entityId === poison)).toMatchObject({ rejectedAt: now().toISOString() });
    expect(await refusal('sync:retry', { seq: 999_999 })).toMatchObject({ code: 'sync/not-rejected' });
    expect(await refusal('sync:retry', { seq: 0 })).toMatchObject({ code: 'input/invalid' });
  });

  it('stops at 401 with a revoked token and says so in words; nothing is deleted', async () => {
    await raise();
    await raise();
    const device = await connect();
    await hub!.store.revokeDevice(device.deviceId, now());

    const status = await syncNow();
    expect(status).toMatchObject({ online: true, waiting: 2, lastSuccessAt: null, lastError: { code: 'sync/unauthorized' } });
    expect(status.lastError?.message).toMatch(/refused this kiosk's token/);
    expect(requests.map((r) => r.status)).toEqual([401]);
    expect(await hubIssues()).toEqual([]);
    const attempts = inKioskDatabase((db) => db.prepare('SELECT attempts, last_error FROM outbox').all());
    expect(attempts).toEqual([
      { attempts: 1, last_error: expect.stringMatching(/token/) as unknown },
      { attempts: 1, last_error: expect.stringMatching(/token/) as unknown },
    ]);

    // A new token from the hub, entered in Settings, and all goes through.
    const { token } = await addDevice();
    await call('settings:update', { hubToken: token });
    expect(await syncNow()).toMatchObject({ waiting: 0, lastError: null, lastSuccessAt: now().toISOString() });
    expect(await hubIssues()).toHaveLength(2);
  });

  it('sends nothing with a wrong token, and the hub writes nothing', async () => {
    await raise();
    await signIn();
    await call('settings:update', { hubUrl: hub!.url, hubToken: 'x'.repeat(43) });
    expect(await syncNow()).toMatchObject({ waiting: 1, lastError: { code: 'sync/unauthorized' } });
    expect(await hubIssues()).toEqual([]);
  });
});

describe('when the hub cannot be reached', () => {
  it('says offline, backs off further with each failure, loses nothing, and syncs once the hub is back', async () => {
    backend.close();
    // Long delays, so no scheduled retry fires while the test runs; random 0.5 makes the jitter exact.
    backend = open({ retryBaseMs: 60_000, retryCapMs: 200_000, intervalMs: 600_000 });
    const port = hub!.port;
    const url = hub!.url;
    for (let i = 0; i < 3; i++) await raise();
    await connect(backend, url);
    await hub!.close();
    const storedHub = hubDir.path;
    hub = null;

    expect((await call('sync:status', undefined)).online).toBeNull();
    backend.sync.start();
    await until(() => backend.sync.status().lastAttemptAt !== null && !backend.sync.status().syncing);
    const delays: number[] = [];
    const first = backend.sync.status();
    expect(first).toMatchObject({ online: false, waiting: 3, lastError: { code: 'sync/unreachable' }, lastSuccessAt: null });
    delays.push(Date.parse(first.nextAttemptAt!) - clock);
    for (let i = 0; i < 3; i++) {
      const status = await syncNow();
      expect(status).toMatchObject({ online: false, waiting: 3 });
      delays.push(Date.parse(status.nextAttemptAt!) - clock);
    }
    // Full jitter (x 0.5) over 60 s, 120 s, 240 s capped at 200 s.
    expect(delays).toEqual([30_000, 60_000, 100_000, 100_000]);
    expect(inKioskDatabase((db) => db.prepare('SELECT count(*) AS n, min(attempts) AS attempts FROM outbox').get())).toEqual({ n: 3, attempts: 4 });

    hub = await startHub({ dataDir: storedHub, port, rateLimit: false });
    const pullsBefore = requests.filter((r) => r.path.startsWith('/api/v1/sync/pull')).length;
    const back = await syncNow();
    expect(back).toMatchObject({ online: true, waiting: 0, lastError: null, lastSuccessAt: now().toISOString() });
    expect(await hubIssues()).toHaveLength(3);
    // Back after a failure: another sync follows at once, then the idle interval.
    await until(() => requests.filter((r) => r.path.startsWith('/api/v1/sync/pull')).length >= pullsBefore + 2 && !backend.sync.status().syncing);
    expect(Date.parse(backend.sync.status().nextAttemptAt!) - clock).toBe(600_000);
    backend.sync.stop();
    expect(backend.sync.status().nextAttemptAt).toBeNull();
  });

  it('gives up on a hub that does not answer in time, and on one that answers nonsense, keeping every change', async () => {
    const silent = createServer(() => {
      // Never answers.
    });
    const nonsense = createServer((request, response) => {
      response.writeHead(request.url?.startsWith('/fail') ? 503 : 200, { 'content-type': 'application/json' });
      response.end(request.url?.startsWith('/fail') ? '{}' : '{"results": "not a list"');
    });
    const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
    const [silentUrl, nonsenseUrl] = [await listen(silent), await listen(nonsense)];
    try {
      backend.close();
      backend = open({ timeoutMs: 200 });
      await raise();
      await connect(backend, silentUrl);
      expect(await syncNow()).toMatchObject({ online: false, waiting: 1, lastError: { code: 'sync/timeout' } });

      await call('settings:update', { hubUrl: nonsenseUrl });
      expect(await syncNow()).toMatchObject({ online: true, waiting: 1, lastError: { code: 'sync/bad-answer' } });

      await call('settings:update', { hubUrl: `${nonsenseUrl}/fail` });
      expect(await syncNow()).toMatchObject({ online: false, waiting: 1, lastError: { code: 'sync/hub-unavailable' } });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
      await new Promise((resolve) => nonsense.close(resolve));
    }
  });

  it('waits at least as long as the hub asks when it says too many requests', async () => {
    await hub!.close();
    hub = await startHub({ dataDir: hubDir.path, port: 0, rateLimit: { max: 1, timeWindowMs: 60_000 } });
    await raise();
    await connect();
    backend.sync.start();
    await until(() => backend.sync.status().lastAttemptAt !== null && !backend.sync.status().syncing);
    const status = backend.sync.status();
    backend.sync.stop();
    // The push went through; the pull was refused with 429 and a Retry-After.
    expect(status).toMatchObject({ online: true, waiting: 0, lastError: { code: 'sync/rate-limited' } });
    expect(Date.parse(status.nextAttemptAt!) - clock).toBeGreaterThanOrEqual(50_000);
  });
});

describe('pulling', () => {
  it('applies a status and outcome set on the hub; the resident sees it by reference; nothing goes back', async () => {
    const receipt = await raise();
    await connect();
    await syncNow();
    await hub!.store.recordStatus({ reference: receipt.reference, status: 'closed', outcome: 'The pothole was filled on 2 December.', now: new Date('2026-12-02T10:00:00Z') });

    const status = await syncNow();
    expect(status).toMatchObject({ waiting: 0, lastError: null });
    expect(await call('enquiries:check', { reference: receipt.reference }, KIOSK)).toMatchObject({
      status: 'closed',
      outcome: 'The pothole was filled on 2 December.',
      updatedAt: '2026-12-02T10:00:00.000Z',
    });
    const detail = await call('enquiries:get', { id: receipt.id });
    expect(detail.version).toBe(1);
    expect(detail.history.at(-1)).toMatchObject({ action: 'hub-status', fromStatus: 'new', toStatus: 'closed', actorName: null, at: '2026-12-02T10:00:00.000Z' });

    // The hub keeps owning it: a later change here goes up, and the hub's status comes back down.
    await call('enquiries:setStatus', { id: receipt.id, version: 1, status: 'new', outcome: '', note: 'Reopened by mistake' });
    await syncNow();
    expect(await call('enquiries:check', { reference: receipt.reference }, KIOSK)).toMatchObject({ status: 'closed' });
    expect((await hubIssues())[0]).toMatchObject({ version: 2, status: 'closed' });
    expect(await call('sync:status', undefined)).toMatchObject({ waiting: 0 });
  });

  it('makes duplicates merged into an enquiry follow the hub status', async () => {
    const main = await raise();
    const duplicate = await raise();
    await connect();
    await call('enquiries:merge', { id: duplicate.id, version: 1, into: main.id });
    await syncNow();
    await hub!.store.recordStatus({ reference: main.reference, status: 'outcome-recorded', outcome: 'Repair booked.', now: now() });
    await syncNow();
    for (const receipt of [main, duplicate]) {
      expect(await call('enquiries:check', { reference: receipt.reference }, KIOSK)).toMatchObject({ status: 'outcome-recorded', outcome: 'Repair booked.' });
    }
    const hubEvents = inKioskDatabase((db) => db.prepare("SELECT enquiry_id AS id, count(*) AS n FROM enquiry_events WHERE action = 'hub-status' GROUP BY enquiry_id ORDER BY enquiry_id").all());
    expect(hubEvents).toEqual([main.id, duplicate.id].sort().map((id) => ({ id, n: 1 })));
  });

  it('stores the cursor in the same transaction as the page: a crash repeats nothing and skips nothing', async () => {
    backend.close();
    backend = open({ pullLimit: 1 });
    const receipts = [await raise(), await raise(), await raise()];
    await connect();
    await syncNow();
    for (const receipt of receipts) await hub!.store.recordStatus({ reference: receipt.reference, status: 'for-forum', outcome: null, now: now() });
    const hubEvents = () => inKioskDatabase((db) => (db.prepare("SELECT count(*) AS n FROM enquiry_events WHERE action = 'hub-status'").get() as { n: number }).n);

    // The power goes just as the cursor is written: the page's changes must go with it.
    inKioskDatabase((db) => db.exec("CREATE TRIGGER power_cut BEFORE UPDATE OF pull_cursor ON sync_state BEGIN SELECT RAISE(ABORT, 'power cut'); END"));
    const failed = await syncNow();
    expect(failed.lastError).toMatchObject({ code: 'internal' });
    expect(hubEvents()).toBe(0);
    expect(await call('enquiries:check', { reference: receipts[0]!.reference }, KIOSK)).toMatchObject({ status: 'new' });
    inKioskDatabase((db) => db.exec('DROP TRIGGER power_cut'));

    // The app starts again and pulls: every change exactly once, one page at a time.
    backend.close();
    backend = open({ pullLimit: 1 });
    await signIn();
    requests = [];
    expect(await syncNow()).toMatchObject({ lastError: null });
    expect(hubEvents()).toBe(3);
    expect(requests.filter((r) => r.path.startsWith('/api/v1/sync/pull'))).toHaveLength(3);
    for (const receipt of receipts) expect(await call('enquiries:check', { reference: receipt.reference }, KIOSK)).toMatchObject({ status: 'for-forum' });

    // And again after another restart: the cursor was kept, nothing is applied twice.
    backend.close();
    backend = open({ pullLimit: 1 });
    await signIn();
    requests = [];
    await syncNow();
    expect(hubEvents()).toBe(3);
    const pulls = requests.filter((r) => r.path.startsWith('/api/v1/sync/pull'));
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.path).not.toContain('cursor=&');
  });

  it('keeps last success, last error and cursor across restarts', async () => {
    await raise();
    await connect();
    await syncNow();
    const port = hub!.port;
    await hub!.close();
    hub = null;
    clock += 3_600_000;
    const failed = await backend.sync.syncNow();
    expect(failed.lastError).toMatchObject({ code: 'sync/unreachable' });
    expect(failed.lastError?.message).toContain(`127.0.0.1:${port}`);

    backend.close();
    backend = open();
    await signIn();
    expect(await call('sync:status', undefined)).toMatchObject({
      online: null,
      lastSuccessAt: '2026-11-23T09:00:00.000Z',
      lastAttemptAt: '2026-11-23T10:00:00.000Z',
      lastError: { code: 'sync/unreachable' },
    });
  });

  it("stores the forum's meeting dates for this unit only, and imports a directory update", async () => {
    await connect();
    const meeting = { forumId: RUGELEY_FORUM, forumName: 'Rugeley Community Forum', date: '2027-01-14', startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false };
    await hub!.store.appendChange({ unitId: 'rugeley', entity: 'meeting', id: 'rugeley:2027-01-14', data: meeting, now: now() });
    await hub!.store.appendChange({ unitId: 'cannock', entity: 'meeting', id: 'cannock:2027-01-15', data: { ...meeting, forumId: 'cannock', date: '2027-01-15' }, now: now() });
    const service = { ...sampleDirectory.contents[0]!, name: 'Find your bin day (checked by the hub)' };
    await hub!.store.appendChange({ unitId: null, entity: 'directory', id: 'directory-2026-11', data: { contents: [service] }, now: now() });
    await hub!.store.appendChange({ unitId: null, entity: 'directory', id: 'note', data: { note: 'not ORUK' }, now: now() });

    expect(await syncNow()).toMatchObject({ lastError: null });
    const meetings = inKioskDatabase((db) => [...listMeetings(db, RUGELEY_FORUM), ...listMeetings(db, 'cannock')]);
    expect(meetings).toEqual([{ id: 'rugeley:2027-01-14', forumId: RUGELEY_FORUM, date: '2027-01-14', startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false, version: 1 }]);

    expect(await call('directory:service', { id: service.id }, KIOSK)).toMatchObject({ name: 'Find your bin day (checked by the hub)' });
    expect(await call('directory:info', undefined, KIOSK)).toMatchObject({ sample: false });
    expect((await call('directory:search', { query: 'checked by the hub' }, KIOSK)).hits[0]).toMatchObject({ id: service.id });
    const updates = inKioskDatabase((db) => db.prepare('SELECT id, outcome FROM directory_updates ORDER BY id').all());
    expect(updates).toEqual([
      { id: 'directory-2026-11', outcome: 'imported' },
      { id: 'note', outcome: 'kept' },
    ]);
  });
});

describe('running by itself', () => {
  it('starts when the hub address and token are saved, and stops with the backend', async () => {
    backend.close();
    backend = open({ autoStart: true });
    await raise();
    expect(backend.sync.isStarted).toBe(false);
    await connect();
    expect(backend.sync.isStarted).toBe(true);
    await until(async () => (await call('sync:status', undefined)).waiting === 0);
    expect(await hubIssues()).toHaveLength(1);
    expect((await call('sync:status', undefined)).nextAttemptAt).not.toBeNull();

    await call('settings:update', { hubToken: '' });
    expect(backend.sync.isStarted).toBe(false);
    const { token } = await addDevice();
    await call('settings:update', { hubToken: token });
    expect(backend.sync.isStarted).toBe(true);
    backend.close();
    expect(backend.sync.isStarted).toBe(false);
    backend = open();
    expect(logged).toEqual([]);
  });

  it('starts on opening a kiosk that already has its hub settings', async () => {
    await raise();
    await connect();
    backend.close();
    backend = open({ autoStart: true });
    expect(backend.sync.isStarted).toBe(true);
    await until(async () => (await hubIssues()).length === 1);
  });

  it('runs one sync at a time, however many ask', async () => {
    for (let i = 0; i < 3; i++) await raise();
    await connect();
    const statuses = await Promise.all([syncNow(), syncNow(), syncNow(), syncNow()]);
    expect(statuses.every((s) => s.waiting === 0)).toBe(true);
    // The first call's sync, then one more shared by the calls made while it ran.
    expect(requests.filter((r) => r.path.startsWith('/api/v1/sync/pull'))).toHaveLength(2);
    expect(pushedChanges()).toHaveLength(3);
  });
});

describe('the sync channels', () => {
  it('check roles before anything runs', async () => {
    expect(await refusal('sync:status', undefined, KIOSK)).toMatchObject({ code: 'auth/required' });
    expect(await refusal('sync:now', undefined, KIOSK)).toMatchObject({ code: 'auth/required' });
    expect(await refusal('sync:retry', { seq: 1 }, KIOSK)).toMatchObject({ code: 'auth/required' });

    await signIn(DESK, CHAIR.username, CHAIR.pin);
    expect(await call('sync:status', undefined)).toMatchObject({ hubConfigured: false });
    expect(await refusal('sync:now', undefined)).toMatchObject({ code: 'sync/not-configured' });
    expect(await refusal('sync:retry', { seq: 1 })).toMatchObject({ code: 'auth/forbidden' });

    await signIn(DESK, STAFF.username, STAFF.pin);
    expect(await refusal('sync:retry', { seq: 1 })).toMatchObject({ code: 'sync/not-rejected' });
    expect(await refusal('sync:retry', { seq: 'one' })).toMatchObject({ code: 'input/invalid', fields: { seq: {} } });
  });
});
