import { randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { BRIDGE_PATH, CALLER_HEADER, NotLoopbackError, SECRET_HEADER, startBrowserHost, type BrowserHost } from '../../electron/browser-host/host';
import { openDatabase, type Database } from '../../db';
import { CHANNEL_NAMES, contract, type ChannelName, type InputOf } from '../../shared/ipc/contract';
import { ROLES, type Role, type StaffRole } from '../../shared/domain/roles';
import { TOPIC_GROUPS, TOPIC_IDS } from '../../shared/directory/topics';
import type { Result } from '../../shared/ipc/result';
import { startHub, type RunningHub } from '../../server/hub';
import type { NewDevice } from '../../server/store';
import { HUB_STORES, openTestHubStorage, storeTitle, type TestHubStorage } from '../support/hubStores';
import { ADMIN, CHAIR, RUGELEY_SETUP, STAFF, copyOfKiosk, staffedKioskTemplate } from '../support/kiosk';
import { sendRaw } from '../support/http';
import { makeTempDir } from '../support/tempDir';

// Issue 8's hardening list, asserted end to end against the real backend (a real SQLite kiosk),
// the real browser host on 127.0.0.1 and a real hub. tests/HARDENING.md maps each item to its tests.

let template: { path: string; remove(): void };
beforeAll(async () => {
  template = await staffedKioskTemplate();
});
afterAll(() => template.remove());

const CREDENTIALS: Readonly<Record<StaffRole, { username: string; pin: string }>> = { staff: STAFF, chair: CHAIR, admin: ADMIN };
const TOPIC = TOPIC_IDS[0] ?? 'roads';

/** Every row of every table, to prove a refused call wrote nothing. */
function snapshot(db: Database): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
    name: string;
  }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
}

// ---------------------------------------------------------------------------------------------
// Role checks on every channel, generated from the contract.

interface InputContext {
  /** The role making the call. */
  readonly role: Role;
  /** A fresh number for names that must be unique (a new username). */
  readonly n: number;
}

/**
 * One valid input per channel. Typed over every channel name, so a channel added to the contract
 * without an entry here fails the typecheck, and the first test below fails at run time too.
 */
const VALID_INPUT: { readonly [C in ChannelName]: (context: InputContext) => InputOf<C> } = {
  'kiosk:status': () => undefined,
  'kiosk:setup': () => RUGELEY_SETUP,
  'units:list': () => undefined,
  // Each staff role signs in as itself again; a resident uses the front-desk account's PIN.
  'auth:signIn': ({ role }) => (role === 'resident' ? STAFF : CREDENTIALS[role]),
  'auth:signOut': () => undefined,
  'auth:session': () => undefined,
  'directory:info': () => undefined,
  'directory:search': () => ({ query: 'bins' }),
  'directory:browse': () => ({ group: TOPIC_GROUPS[0] }),
  'directory:service': () => ({ id: 'svc-not-there' }),
  'directory:import': () => ({ format: 'json', fileName: 'directory.json', content: '{"services": []}' }),
  'directory:export': () => ({ format: 'json' }),
  'kiosk:exit': () => STAFF,
  'staff:list': () => undefined,
  'staff:add': ({ n }) => ({ displayName: 'New Person', username: `new.person.${n}`, pin: '975318', role: 'staff', forumId: null }),
  'staff:setDisabled': () => ({ id: randomUUID(), disabled: true }),
  'staff:resetPin': () => ({ id: randomUUID(), pin: '975318' }),
  'enquiries:raise': () => ({ topicId: TOPIC, location: 'Church Street', summary: 'Pothole outside number 4', contact: null }),
  'enquiries:check': () => ({ reference: 'RUG-K2-000001' }),
  'enquiries:log': () => ({
    channel: 'desk',
    topicId: TOPIC,
    location: 'Church Street',
    summary: 'Pothole outside number 4',
    details: '',
    contact: null,
    status: 'new',
  }),
  'enquiries:list': () => ({ filter: {}, offset: 0, limit: 10 }),
  'enquiries:get': () => ({ id: randomUUID() }),
  'enquiries:similar': () => ({ topicId: TOPIC, location: 'Church Street' }),
  'enquiries:setStatus': () => ({ id: randomUUID(), version: 1, status: 'closed', outcome: 'Filled in.', note: '' }),
  'enquiries:route': () => ({ id: randomUUID(), version: 1, body: 'county' }),
  'enquiries:merge': () => ({ id: randomUUID(), version: 1, into: randomUUID() }),
  'forums:meetings': () => ({ forumId: 'rugeley' }),
  'forums:saveMeeting': () => ({ forumId: 'rugeley', date: '2026-12-01', startsAt: '18:30', place: 'Rugeley Town Hall' }),
  'forums:overview': () => ({ forumId: 'rugeley' }),
  'forums:agenda': () => ({ meetingId: randomUUID() }),
  'forums:saveItem': () => ({
    meetingId: randomUUID(),
    title: 'Potholes on Church Street',
    summary: '',
    restricted: false,
    referral: 'none',
    referralBody: '',
    enquiryIds: [randomUUID()],
  }),
  'forums:orderItems': () => ({ meetingId: randomUUID(), order: [randomUUID()] }),
  'forums:removeItem': () => ({ id: randomUUID(), version: 1 }),
  'forums:recordOutcome': () => ({ id: randomUUID(), version: 1, decision: 'noted', outcome: 'The forum noted it.', minute: '' }),
  'forums:review': () => ({ kind: 'issues', forumId: 'rugeley', from: '2026-11-01', to: '2026-11-23', format: 'csv', audience: 'public' }),
  'forums:export': () => ({ kind: 'issues', forumId: 'rugeley', from: '2026-11-01', to: '2026-11-23', format: 'csv', audience: 'internal' }),
  'sync:status': () => undefined,
  'sync:now': () => undefined,
  'sync:retry': () => ({ seq: 1 }),
  'settings:get': () => undefined,
  'storage:status': () => undefined,
  'storage:backup': () => undefined,
  'settings:update': () => ({ idleTimeoutSeconds: 120 }),
  'audit:export': () => ({ from: '2026-11-01', to: '2026-11-23', format: 'csv' }),
  'retention:status': () => undefined,
  'privacy:search': () => ({ query: 'Siân Owen' }),
  'privacy:export': () => ({ query: 'Siân Owen', references: ['RUG-K1-000001'], format: 'json' }),
  'privacy:erase': () => ({ query: 'Siân Owen', references: ['RUG-K1-000001'], reason: 'Objection upheld by the data protection officer.' }),
  'privacy:erasures': () => undefined,
};

const ROLE_REFUSALS = ['auth/required', 'auth/forbidden'];

describe('role checks on every channel of the contract', () => {
  let kiosk: { path: string; remove(): void };
  let backend: Backend;
  let reader: Database;
  let n = 0;
  const clock = Date.parse('2026-11-23T09:00:00Z');
  /** A resident is a screen nobody signed in on: a fresh caller id each time, so no session can leak in. */
  const callerOf = (role: Role) => (role === 'resident' ? `resident-${++n}` : `screen-${role}`);

  const signIn = async (role: StaffRole) => {
    const result = await backend.dispatch('auth:signIn', CREDENTIALS[role], callerOf(role));
    if (!result.ok) throw new Error(`${role} could not sign in: ${JSON.stringify(result.error)}`);
  };

  beforeAll(async () => {
    kiosk = copyOfKiosk(template);
    backend = createBackend({ dataDir: kiosk.path, now: () => new Date(clock), log: () => {}, sync: { autoStart: false } });
    reader = openDatabase(backend.databasePath);
    for (const role of ['staff', 'chair', 'admin'] as const) await signIn(role);
  });
  afterAll(() => {
    reader.close();
    backend.close();
    kiosk.remove();
  });

  it('has one valid input for every channel, and each passes its schema', () => {
    const missing = CHANNEL_NAMES.filter((name) => !Object.hasOwn(VALID_INPUT, name));
    expect(missing, 'channels without an input in VALID_INPUT').toEqual([]);
    for (const name of CHANNEL_NAMES) {
      const parsed = contract[name].input.safeParse(VALID_INPUT[name]({ role: 'admin', n: 0 }));
      expect(parsed.success, `${name}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(true);
      for (const role of contract[name].roles) expect(ROLES, name).toContain(role);
    }
  });

  it.each(CHANNEL_NAMES)('%s: refuses every role the contract does not name, and writes nothing', async (name) => {
    expect(Object.hasOwn(VALID_INPUT, name), `no valid input for ${name} in VALID_INPUT`).toBe(true);
    const refused = ROLES.filter((role) => !contract[name].roles.includes(role));
    for (const role of refused) {
      const before = snapshot(reader);
      const result = await backend.dispatch(name, VALID_INPUT[name]({ role, n: ++n }), callerOf(role));
      expect(result, `${name} as ${role}`).toMatchObject({
        ok: false,
        error: { code: role === 'resident' ? 'auth/required' : 'auth/forbidden' },
      });
      // The role is checked before the input: a refused caller learns nothing about its shape.
      const garbage = await backend.dispatch(name, { surprise: 'x'.repeat(500) }, callerOf(role));
      expect(garbage.ok ? null : garbage.error.code, `${name} as ${role}, bad input`).toBe(role === 'resident' ? 'auth/required' : 'auth/forbidden');
      expect(snapshot(reader), `${name} as ${role} wrote to the database`).toEqual(before);
    }
  });

  it.each(CHANNEL_NAMES)('%s: lets every role the contract names through the role check', async (name) => {
    for (const role of contract[name].roles) {
      const result: Result<unknown> = await backend.dispatch(name, VALID_INPUT[name]({ role, n: ++n }), callerOf(role));
      // Whatever else the handler answers (not found, already set up...), it is not a role refusal nor bad input.
      if (!result.ok) expect([...ROLE_REFUSALS, 'input/invalid'], `${name} as ${role}: ${result.error.message}`).not.toContain(result.error.code);
      // auth:signIn, auth:signOut and the like change the screen's session: put the role back.
      if (role !== 'resident') {
        const session = await backend.dispatch('auth:session', undefined, callerOf(role));
        if (!(session.ok && (session.value as { role?: string } | null)?.role === role)) await signIn(role);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// PIN lockout: what backend.test.ts and staff-accounts.test.ts do not already assert.

describe('PIN lockout', () => {
  let kiosk: { path: string; remove(): void };
  let backend: Backend;
  let clock: number;
  const open = () => createBackend({ dataDir: kiosk.path, now: () => new Date(clock), log: () => {}, sync: { autoStart: false } });
  const signIn = (who: { username: string; pin: string }, pin = who.pin) =>
    backend.dispatch('auth:signIn', { username: who.username, pin }, 'kiosk');

  beforeEach(() => {
    kiosk = copyOfKiosk(template);
    clock = Date.parse('2026-11-23T09:00:00Z');
    backend = open();
  });
  afterEach(() => {
    backend.close();
    kiosk.remove();
  });

  it('doubles the lock with each further wrong PIN up to one hour, and never longer', async () => {
    for (let i = 0; i < 4; i++) await signIn(STAFF, '000000');
    const expected = [30, 60, 120, 240, 480, 960, 1920, 3600, 3600];
    const seen: number[] = [];
    while (seen.length < expected.length) {
      const result = await signIn(STAFF, '000000');
      if (result.ok || result.error.code !== 'auth/locked') throw new Error(`expected a lock, got ${JSON.stringify(result)}`);
      seen.push(result.error.retryAfterSeconds ?? 0);
      clock += (result.error.retryAfterSeconds ?? 0) * 1000;
    }
    expect(seen).toEqual(expected);
  });

  it('unlocks at the second the lock ends, not before; a wrong PIN while locked does not lengthen it', async () => {
    for (let i = 0; i < 5; i++) await signIn(STAFF, '000000');
    clock += 29_000;
    expect(await signIn(STAFF, '000000')).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 1 } });
    expect(await signIn(STAFF)).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 1 } });
    clock += 1000;
    expect(await signIn(STAFF)).toMatchObject({ ok: true, value: { username: STAFF.username } });
  });

  it('locks one account only: others sign in meanwhile, and the lock shows in the staff list', async () => {
    for (let i = 0; i < 5; i++) await signIn(STAFF, '000000');
    expect(await signIn(STAFF)).toMatchObject({ ok: false, error: { code: 'auth/locked' } });
    expect(await backend.dispatch('auth:signIn', CHAIR, 'other')).toMatchObject({ ok: true });
    expect(await backend.dispatch('auth:signIn', ADMIN, 'desk')).toMatchObject({ ok: true });
    const list = await backend.dispatch('staff:list', undefined, 'desk');
    const staff = list.ok ? (list.value as { username: string; lockedUntil: string | null }[]).find((a) => a.username === STAFF.username) : null;
    expect(staff?.lockedUntil).toBe(new Date(clock + 30_000).toISOString());
  });

  it('refuses the right PIN to leave kiosk mode while locked, also after a restart, until the time is up', async () => {
    for (let i = 0; i < 5; i++) await backend.dispatch('kiosk:exit', { username: STAFF.username, pin: '000000' }, 'kiosk');
    backend.close();
    backend = open();
    expect(await backend.dispatch('kiosk:exit', STAFF, 'kiosk')).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 30 } });
    expect(await signIn(STAFF)).toMatchObject({ ok: false, error: { code: 'auth/locked' } });
    clock += 30_000;
    expect(await backend.dispatch('kiosk:exit', STAFF, 'kiosk')).toEqual({ ok: true, value: { exit: true } });
  });

  it('answers a username no account has as it answers a known one, lock included, so the answers never tell which exist', async () => {
    const answers = async (username: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 7; i++) {
        const result = await backend.dispatch('auth:signIn', { username, pin: '000000' }, 'kiosk');
        seen.push(result.ok ? 'ok' : `${result.error.code} ${result.error.retryAfterSeconds ?? ''}`);
      }
      return seen;
    };
    const known = await answers(STAFF.username);
    expect(known.slice(3)).toEqual(['auth/invalid-credentials ', 'auth/locked 30', 'auth/locked 30', 'auth/locked 30']);
    expect(await answers('nobody.here')).toEqual(known);
    // It ends as an account's does: after the lock, a fifth-and-one wrong PIN locks for twice as long.
    clock += 30_000;
    expect(await signIn({ username: 'nobody.here', pin: '000000' })).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 60 } });
    expect(await signIn(STAFF, '000000')).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 60 } });
  });
});

// ---------------------------------------------------------------------------------------------
// The browser host: loopback only, and the bridge only with its secret.

describe('browser host hardening', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let host: BrowserHost;
  let rendererDir: string;

  beforeAll(async () => {
    dir = makeTempDir();
    rendererDir = join(dir.path, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
    writeFileSync(join(rendererDir, 'assets', 'index.js'), 'console.log("hi")');
    host = await startBrowserHost({ port: 0, dataDir: join(dir.path, 'data'), rendererDir, sync: { autoStart: false } });
  });
  afterAll(async () => {
    await host.close();
    dir.remove();
  });

  const send = (options: Parameters<typeof sendRaw>[1]) => sendRaw(host.url, options);

  it('refuses to bind to any address but loopback: every address, every LAN address of this machine, look-alikes', async () => {
    const lan = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && !a.internal)
      .map((a) => a!.address);
    const addresses = ['0.0.0.0', '::', '192.168.1.10', '10.0.0.5', '127.0.0.1.nip.io', 'localhost.example.org', '::ffff:0.0.0.0', ...lan];
    for (const address of addresses) {
      await expect(
        startBrowserHost({ port: 0, dataDir: join(dir.path, `other-${randomUUID()}`), rendererDir, host: address }),
        address,
      ).rejects.toThrow(NotLoopbackError);
    }
  });

  it('refuses every channel without the secret, with a wrong one or with it elsewhere than its header, and runs nothing', async () => {
    const wrong: Record<string, string>[] = [
      {},
      { [SECRET_HEADER]: '' },
      { [SECRET_HEADER]: 'x'.repeat(host.secret.length) },
      { [SECRET_HEADER]: host.secret.slice(0, -1) },
      { [SECRET_HEADER]: `${host.secret}x` },
      { [SECRET_HEADER]: host.secret.toUpperCase() === host.secret ? host.secret.toLowerCase() : host.secret.toUpperCase() },
      { authorization: `Bearer ${host.secret}` },
      { cookie: `${SECRET_HEADER}=${host.secret}` },
    ];
    for (const name of CHANNEL_NAMES) {
      const input = VALID_INPUT[name]({ role: 'admin', n: 0 });
      for (const headers of wrong) {
        const response = await send({
          path: `${BRIDGE_PATH}?${SECRET_HEADER}=${encodeURIComponent(host.secret)}`,
          method: 'POST',
          headers: { 'content-type': 'application/json', [CALLER_HEADER]: 'abcdefgh-1234', ...headers },
          body: JSON.stringify({ channel: name, input, secret: host.secret }),
        });
        expect(response.status, `${name} with ${JSON.stringify(headers)}`).toBe(403);
        expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });
      }
    }
    // Had kiosk:setup run without the secret, the kiosk would now be set up.
    const status = await send({
      path: BRIDGE_PATH,
      method: 'POST',
      headers: { 'content-type': 'application/json', [CALLER_HEADER]: 'abcdefgh-1234', [SECRET_HEADER]: host.secret },
      body: JSON.stringify({ channel: 'kiosk:status' }),
    });
    expect(JSON.parse(status.body)).toEqual({ ok: true, value: { configured: false } });
  });

  it('never approves a cross-origin preflight, and refuses the bridge by GET', async () => {
    const preflight = await send({
      path: BRIDGE_PATH,
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': SECRET_HEADER },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    const get = await send({ path: BRIDGE_PATH, headers: { [SECRET_HEADER]: host.secret, [CALLER_HEADER]: 'abcdefgh-1234' } });
    expect(get.status).toBe(404);
  });

  it('sends its CSP and frame refusal on every route it serves, and a foreign Host gets nothing from any', async () => {
    const port = new URL(host.url).port;
    for (const path of ['/', '/index.html', '/assets/index.js', '/missing.js', BRIDGE_PATH]) {
      const response = await send({ path });
      expect(response.headers['content-security-policy'], path).toContain("default-src 'self'");
      expect(response.headers['x-frame-options'], path).toBe('DENY');
      const foreign = await send({ path, headers: { host: `attacker.example:${port}` } });
      expect(foreign.status, path).toBe(421);
      expect(foreign.body, path).not.toContain(host.secret);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The hub: a revoked token on every authenticated route, and one allowance per device across routes.

for (const variant of HUB_STORES) {
  describe.skipIf(!variant.available)(`hub hardening ${storeTitle(variant)}`, () => {
    let storage: TestHubStorage;
    let hub: RunningHub;
    const NOW = new Date('2026-11-23T09:00:00Z');
    const bearer = (device: NewDevice) => ({ authorization: `Bearer ${device.token}` });

    beforeAll(async () => {
      storage = await openTestHubStorage(variant.name, 'hub-hardening');
      hub = await startHub({ ...storage.storage, port: 0, rateLimit: { max: 40, timeWindowMs: 60_000 } });
    });
    afterAll(async () => {
      await hub?.close();
      await storage?.dispose();
    });

    /** Every authenticated route, from the hub's own OpenAPI document, plus the document itself. */
    async function authenticatedRoutes(device: NewDevice): Promise<{ method: string; path: string }[]> {
      const response = await fetch(`${hub.url}/api/v1/openapi.json`, { headers: bearer(device) });
      expect(response.status).toBe(200);
      const doc = (await response.json()) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
      const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, operation]) => (operation.security ?? []).length > 0)
          .map(([method]) => ({ method: method.toUpperCase(), path: path.replace('{forum}', 'rugeley') })),
      );
      return [...routes, { method: 'GET', path: '/api/v1/openapi.json' }];
    }

    const call = (route: { method: string; path: string }, headers: Record<string, string>) =>
      fetch(`${hub.url}${route.path}`, {
        method: route.method,
        headers: { ...headers, ...(route.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        ...(route.method === 'POST' ? { body: JSON.stringify(route.path.endsWith('/subject-access/search') ? { query: 'Siân Owen' } : { changes: [] }) } : {}),
      });

    it('refuses a token on every authenticated route from the moment it is revoked', async () => {
      const device = await hub.store.addDevice({ unitId: 'rugeley', name: 'Soon revoked', now: NOW });
      const routes = await authenticatedRoutes(device);
      expect(routes.map((r) => r.path)).toEqual(
        expect.arrayContaining(['/api/v1/sync/push', '/api/v1/sync/pull', '/api/v1/forums/rugeley/issues', '/api/v1/forums/rugeley/issues.csv']),
      );
      for (const route of routes) expect((await call(route, bearer(device))).status, `${route.method} ${route.path} before`).toBe(200);
      expect(await hub.store.revokeDevice(device.deviceId, NOW)).toBe(true);
      for (const route of routes) {
        const response = await call(route, bearer(device));
        expect(response.status, `${route.method} ${route.path} after revocation`).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
      }
      // Health needs no token and stays up.
      expect((await fetch(`${hub.url}/api/v1/health`)).status).toBe(200);
    });

    it("counts every authenticated route against one device's single allowance", async () => {
      const busy = await hub.store.addDevice({ unitId: 'rugeley', name: 'Busy', now: NOW });
      const calm = await hub.store.addDevice({ unitId: 'rugeley', name: 'Calm', now: NOW });
      const routes = await authenticatedRoutes(calm);
      let used = 0;
      let refusedAt = -1;
      for (let i = 0; i < 60 && refusedAt < 0; i++) {
        const route = routes[i % routes.length]!;
        const response = await call(route, bearer(busy));
        if (response.status === 429) refusedAt = used;
        else used++;
      }
      expect(refusedAt).toBe(40);
      for (const route of routes) expect((await call(route, bearer(busy))).status, `${route.method} ${route.path}`).toBe(429);
      expect((await call(routes[0]!, bearer(calm))).status).toBe(200);
    });
  });
}
