import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema, type PullResponse } from '../../shared/sync/protocol';
import { hubDatabaseFile, startHub, type RunningHub } from '../../server/hub';
import type { NewDevice } from '../../server/store';
import { HUB_STORES, openTestHubStorage, storeTitle, type TestHubStorage } from '../support/hubStores';
import { POSTGRES_SKIP_REASON, postgresUrl } from '../support/postgres';
import { makeTempDir } from '../support/tempDir';

// The hub's command line, run as an administrator would: each command in its own process, against
// the same store as a hub that is running; once with --data (SQLite), once with --database
// (PostgreSQL; tests/support/hubStores.ts).

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const execFileAsync = promisify(execFile);

async function hubCli(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(TSX, ['server/cli.ts', ...args], { cwd: ROOT });
  return stdout;
}

/** A command expected to fail: its exit code and what it said on stderr. */
async function hubCliFailing(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await execFileAsync(TSX, ['server/cli.ts', ...args], { cwd: ROOT });
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
  throw new Error(`hub ${args.join(' ')} succeeded`);
}

/** What a failing command said must be one line a person can read: no stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr.trim()).not.toContain('\n');
  expect(stderr).not.toMatch(/^\s+at /m);
}

let storage: TestHubStorage;
/** `--data DIR` or `--database URL`: the running hub's store, as every command is told it. */
let store: readonly string[];
let hub: RunningHub;
const NOW = new Date('2026-03-02T10:00:00Z');

async function pull(url: string, token: string, cursor = ''): Promise<{ status: number; page?: PullResponse }> {
  const response = await fetch(`${url}/api/v1/sync/pull?cursor=${cursor}`, { headers: { authorization: `Bearer ${token}` } });
  return response.status === 200 ? { status: 200, page: pullResponseSchema.parse(await response.json()) } : { status: response.status };
}

async function pushEnquiry(url: string, device: NewDevice, reference: string, unitId = 'rugeley'): Promise<string> {
  const id = randomUUID();
  const data = { reference, unitId, topic: 'roads', summary: 'Pothole on Church Street', createdAt: NOW.toISOString(), status: 'for-forum' };
  const response = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ changes: [{ id, entity: 'enquiry', version: 1, data }] }),
  });
  expect(pushResponseSchema.parse(await response.json()).results[0]!.status).toBe('applied');
  return id;
}

for (const variant of HUB_STORES) {
  describe.skipIf(!variant.available)(`hub CLI ${storeTitle(variant)}`, () => {
    beforeEach(async () => {
      storage = await openTestHubStorage(variant.name, 'hub-cli');
      store = storage.cliArgs;
      hub = await startHub(storage.storage);
    });
    afterEach(async () => {
      await hub?.close();
      await storage?.dispose();
    });

    it('adds, lists and revokes devices; a revocation counts at once on the running hub', async () => {
      const added = JSON.parse(await hubCli('device', 'add', ...store, '--unit', 'rugeley', '--name', 'Rugeley kiosk K1')) as NewDevice;
      expect(Object.keys(added).sort()).toEqual(['deviceId', 'token']);
      expect(added.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // The running hub knows a device another process added, from its next request.
      expect((await pull(hub.url, added.token)).status).toBe(200);

      const { stdout: listed } = await execFileAsync('npm', ['run', '--silent', 'hub', '--', 'device', 'list', ...store], { cwd: ROOT });
      const devices = JSON.parse(listed) as Record<string, unknown>[];
      expect(devices).toEqual([
        { id: added.deviceId, unitId: 'rugeley', name: 'Rugeley kiosk K1', createdAt: expect.any(String) as string, revokedAt: null, lastPushAt: null },
      ]);
      expect(listed).not.toContain(added.token);

      expect(JSON.parse(await hubCli('device', 'revoke', ...store, '--device', added.deviceId))).toEqual({ deviceId: added.deviceId, revoked: true });
      expect((await pull(hub.url, added.token)).status).toBe(401);
      expect((await hub.store.listDevices())[0]!.revokedAt).not.toBeNull();
    });

    it('records an outcome that reaches the kiosks of the enquiry’s unit only', async () => {
      const rugeley = await hub.store.addDevice({ unitId: 'rugeley', name: 'Rugeley kiosk K1', now: NOW });
      const cannock = await hub.store.addDevice({ unitId: 'cannock', name: 'Cannock kiosk K1', now: NOW });
      const id = await pushEnquiry(hub.url, rugeley, 'RUG-K1-000417');
      await pushEnquiry(hub.url, cannock, 'CAN-K1-000001', 'cannock');
      const before = { rugeley: (await pull(hub.url, rugeley.token)).page!.cursor, cannock: (await pull(hub.url, cannock.token)).page!.cursor };

      // References typed loosely, as on the kiosk's check screen.
      const recorded = JSON.parse(
        await hubCli('outcome', ...store, '--reference', 'rug k1 000417', '--status', 'outcome-recorded', '--outcome', 'Referred to the CAT; repair booked'),
      ) as Record<string, unknown>;
      expect(recorded).toMatchObject({ id, reference: 'RUG-K1-000417', unitId: 'rugeley', status: 'outcome-recorded', changed: 1 });

      const page = (await pull(hub.url, rugeley.token, before.rugeley)).page!;
      expect(page.changes).toMatchObject([
        { entity: 'enquiry-status', id, version: 1, data: { reference: 'RUG-K1-000417', status: 'outcome-recorded', outcome: 'Referred to the CAT; repair booked' } },
      ]);
      expect((await pull(hub.url, cannock.token, before.cannock)).page!.changes).toEqual([]);

      const [badStatus, unknown] = await Promise.all([
        hubCliFailing('outcome', ...store, '--reference', 'RUG-K1-000417', '--status', 'done'),
        hubCliFailing('outcome', ...store, '--reference', 'RUG-K1-000999', '--status', 'closed'),
      ]);
      expect(badStatus.code).toBe(2);
      expect(badStatus.stderr).toMatch(/--status must be one of: new, resolved-at-desk/);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/No enquiry with reference RUG-K1-000999 has reached the hub/);
    });

    it('announces a forum meeting to its unit’s kiosks, and a change of it as a newer version', async () => {
      const rugeley = await hub.store.addDevice({ unitId: 'rugeley', name: 'Rugeley kiosk K1', now: NOW });
      const cannock = await hub.store.addDevice({ unitId: 'cannock', name: 'Cannock kiosk K1', now: NOW });
      const meeting = ['meeting', 'add', ...store, '--forum', 'rugeley', '--date', '2026-04-14', '--time', '18:30', '--place', 'Rugeley Town Hall'];
      const added = JSON.parse(await hubCli(...meeting)) as { id: string; version: number; forumName: string };
      expect(added).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string, version: 1, forumName: 'Rugeley Community Forum' });
      const first = (await pull(hub.url, rugeley.token)).page!;
      expect(first.changes).toMatchObject([
        {
          entity: 'meeting',
          id: added.id,
          version: 1,
          data: { forumId: 'rugeley', date: '2026-04-14', startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false },
        },
      ]);
      // The same forum and date again: the same meeting, a newer version.
      await hubCli(...meeting, '--cancelled');
      const second = (await pull(hub.url, rugeley.token, first.cursor)).page!;
      expect(second.changes).toMatchObject([{ id: added.id, version: 2, data: { cancelled: true } }]);
      // Moved to another date by its id.
      await hubCli('meeting', 'add', ...store, '--forum', 'rugeley', '--date', '2026-04-21', '--id', added.id);
      expect((await pull(hub.url, rugeley.token, second.cursor)).page!.changes).toMatchObject([{ id: added.id, version: 3, data: { date: '2026-04-21', startsAt: null } }]);
      expect(JSON.parse(await hubCli('meeting', 'list', ...store, '--forum', 'rugeley'))).toMatchObject([
        { id: added.id, forumId: 'rugeley', date: '2026-04-21', version: 3, cancelled: false },
      ]);
      expect((await pull(hub.url, cannock.token)).page!.changes).toEqual([]);

      const [unknownForum, badDate] = await Promise.all([
        hubCliFailing('meeting', 'add', ...store, '--forum', 'lichfield', '--date', '2026-04-14'),
        hubCliFailing('meeting', 'add', ...store, '--forum', 'rugeley', '--date', '14/04/2026'),
      ]);
      expect(unknownForum).toMatchObject({ code: 2, stderr: expect.stringContaining('Known forums: cannock, hednesford, rugeley, norton-canes') as string });
      expect(badDate).toMatchObject({ code: 2, stderr: expect.stringContaining('--date must be a date as YYYY-MM-DD') as string });
    });

    it('explains what it cannot do', async () => {
      const [unknownUnit, noCommand] = await Promise.all([
        hubCliFailing('device', 'add', ...store, '--unit', 'lichfield', '--name', 'Wrong'),
        hubCliFailing('devices'),
      ]);
      expect(unknownUnit).toMatchObject({ code: 1, stderr: expect.stringContaining('Unknown unit "lichfield". Known units: cannock') as string });
      expectOneLine(unknownUnit.stderr);
      expect(noCommand).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command "devices"') as string });
    });
  });
}

describe('hub CLI: where the data is', () => {
  it('refuses --data with --database, and a --database that is not PostgreSQL’s', async () => {
    const [both, notPostgres] = await Promise.all([
      hubCliFailing('device', 'list', '--data', '/tmp/onestop-nowhere', '--database', 'postgres://onestop@127.0.0.1/hub'),
      hubCliFailing('device', 'list', '--database', 'mysql://onestop@127.0.0.1/hub'),
    ]);
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining('Give --data DIR (embedded SQLite) or --database URL (PostgreSQL), not both.') as string });
    expect(notPostgres).toMatchObject({ code: 2, stderr: expect.stringContaining('--database takes a PostgreSQL connection string') as string });
  });

  it('does not make a hub where --data points at nothing', async () => {
    const dir = makeTempDir('onestop-hub-cli-');
    try {
      const noData = await hubCliFailing('device', 'list', '--data', join(dir.path, 'typo'));
      expect(noData).toMatchObject({ code: 1, stderr: expect.stringContaining('No hub data in') as string });
      expect(existsSync(join(dir.path, 'typo'))).toBe(false);
    } finally {
      dir.remove();
    }
  });

  it('says in one line, without the password, that a PostgreSQL server cannot be reached or its URL read', async () => {
    const closedPort = await new Promise<number>((resolvePort, reject) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolvePort(port));
      });
      server.once('error', reject);
    });
    const [unreachable, unreadable, serving] = await Promise.all([
      hubCliFailing('device', 'list', '--database', `postgres://onestop:s3cret-word@127.0.0.1:${closedPort}/hub`),
      hubCliFailing('device', 'add', '--database', 'postgres://onestop:s3cret-word@127.0.0.1:99999/hub', '--unit', 'rugeley', '--name', 'K1'),
      hubCliFailing('serve', '--database', `postgres://onestop@127.0.0.1:${closedPort}/hub`, '--port', '0'),
    ]);
    for (const failed of [unreachable, unreadable, serving]) {
      expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining("Cannot open the hub's PostgreSQL database") as string });
      expectOneLine(failed.stderr);
      expect(failed.stderr).not.toContain('s3cret-word');
    }
    expect(unreachable.stderr).toContain(`127.0.0.1:${closedPort}`);
  });

  it.skipIf(postgresUrl() === null)(`says in one line that a PostgreSQL database does not exist${postgresUrl() === null ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`, async () => {
    const url = new URL(postgresUrl()!);
    url.pathname = '/onestop_no_such_database';
    const missing = await hubCliFailing('device', 'list', '--database', url.toString());
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('onestop_no_such_database') as string });
    expect(missing.stderr).toMatch(/does not exist/);
    expectOneLine(missing.stderr);
  });
});

/** `hub serve` in its own process, and the URL it says it listens on. */
async function serve(...args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(TSX, ['server/cli.ts', 'serve', ...args, '--port', '0', '--log-level', 'warn'], { cwd: ROOT });
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /onestop hub listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
        if (match && match[2] !== '0') resolveUrl(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`hub exited early (${code}): ${output}`)));
    });
    return { child, url };
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }
}

/** Sends SIGTERM and answers the exit code. */
function terminate(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const exited = new Promise<number | null>((resolveCode) => child.once('exit', (code) => resolveCode(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('hub CLI: serve', () => {
  it('serves on 127.0.0.1 at a free port, says where, and closes cleanly on SIGTERM', async () => {
    const other = makeTempDir('onestop-hub-serve-');
    let child: ChildProcessWithoutNullStreams | undefined;
    try {
      const served = await serve('--data', other.path);
      child = served.child;
      const { url } = served;
      expect(await (await fetch(`${url}/api/v1/health`)).json()).toMatchObject({ status: 'ok' });
      const device = JSON.parse(await hubCli('device', 'add', '--data', other.path, '--unit', 'hednesford', '--name', 'Hednesford kiosk')) as NewDevice;
      await pushEnquiry(url, device, 'HED-K1-000001', 'hednesford');

      expect(await terminate(child)).toBe(0);
      // Closed cleanly: the last connection checkpointed and removed the write-ahead log.
      expect(existsSync(`${hubDatabaseFile(other.path)}-wal`)).toBe(false);
    } finally {
      if (child?.exitCode === null) child.kill('SIGKILL');
      other.remove();
    }
  });

  it.skipIf(postgresUrl() === null)(
    `serves from PostgreSQL (--database), takes a device another process added, and closes its connections on SIGTERM${postgresUrl() === null ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`,
    async () => {
      const other = await openTestHubStorage('postgres', 'hub-serve');
      let child: ChildProcessWithoutNullStreams | undefined;
      // Connections to the hub's database other than this test's own reader.
      const hubConnections = async () =>
        (await other.rows("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'onestop-tests'")).length;
      try {
        const served = await serve(...other.cliArgs);
        child = served.child;
        const { url } = served;
        expect(await (await fetch(`${url}/api/v1/health`)).json()).toMatchObject({ status: 'ok' });
        const device = JSON.parse(await hubCli('device', 'add', ...other.cliArgs, '--unit', 'hednesford', '--name', 'Hednesford kiosk')) as NewDevice;
        const id = await pushEnquiry(url, device, 'HED-K1-000001', 'hednesford');
        expect(await other.rows('SELECT id, reference, unit_id FROM enquiries')).toEqual([{ id, reference: 'HED-K1-000001', unit_id: 'hednesford' }]);
        expect(await hubConnections()).toBeGreaterThan(0);

        expect(await terminate(child)).toBe(0);
        expect(await hubConnections()).toBe(0);
      } finally {
        if (child?.exitCode === null) child.kill('SIGKILL');
        await other.dispose();
      }
    },
  );
});
