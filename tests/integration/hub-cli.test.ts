import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema, type PullResponse } from '../../shared/sync/protocol';
import { hubDatabaseFile, startHub, type RunningHub } from '../../server/hub';
import type { NewDevice } from '../../server/store';
import { makeTempDir } from '../support/tempDir';

// The hub's command line, run as an administrator would: each command in its own process, against
// the same data folder as a hub that is running.

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

let dir: ReturnType<typeof makeTempDir>;
let hub: RunningHub;
const NOW = new Date('2026-03-02T10:00:00Z');

beforeEach(async () => {
  dir = makeTempDir('onestop-hub-cli-');
  hub = await startHub({ dataDir: dir.path });
});
afterEach(async () => {
  await hub.close();
  dir.remove();
});

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

describe('hub CLI', () => {
  it('adds, lists and revokes devices; a revocation counts at once on the running hub', async () => {
    const added = JSON.parse(await hubCli('device', 'add', '--data', dir.path, '--unit', 'rugeley', '--name', 'Rugeley kiosk K1')) as NewDevice;
    expect(Object.keys(added).sort()).toEqual(['deviceId', 'token']);
    expect(added.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The running hub knows a device another process added, from its next request.
    expect((await pull(hub.url, added.token)).status).toBe(200);

    const { stdout: listed } = await execFileAsync('npm', ['run', '--silent', 'hub', '--', 'device', 'list', '--data', dir.path], { cwd: ROOT });
    const devices = JSON.parse(listed) as Record<string, unknown>[];
    expect(devices).toEqual([
      { id: added.deviceId, unitId: 'rugeley', name: 'Rugeley kiosk K1', createdAt: expect.any(String) as string, revokedAt: null, lastPushAt: null },
    ]);
    expect(listed).not.toContain(added.token);

    expect(JSON.parse(await hubCli('device', 'revoke', '--data', dir.path, '--device', added.deviceId))).toEqual({ deviceId: added.deviceId, revoked: true });
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
      await hubCli('outcome', '--data', dir.path, '--reference', 'rug k1 000417', '--status', 'outcome-recorded', '--outcome', 'Referred to the CAT; repair booked'),
    ) as Record<string, unknown>;
    expect(recorded).toMatchObject({ id, reference: 'RUG-K1-000417', unitId: 'rugeley', status: 'outcome-recorded', changed: 1 });

    const page = (await pull(hub.url, rugeley.token, before.rugeley)).page!;
    expect(page.changes).toMatchObject([
      { entity: 'enquiry-status', id, version: 1, data: { reference: 'RUG-K1-000417', status: 'outcome-recorded', outcome: 'Referred to the CAT; repair booked' } },
    ]);
    expect((await pull(hub.url, cannock.token, before.cannock)).page!.changes).toEqual([]);

    const [badStatus, unknown] = await Promise.all([
      hubCliFailing('outcome', '--data', dir.path, '--reference', 'RUG-K1-000417', '--status', 'done'),
      hubCliFailing('outcome', '--data', dir.path, '--reference', 'RUG-K1-000999', '--status', 'closed'),
    ]);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toMatch(/--status must be one of: new, resolved-at-desk/);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No enquiry with reference RUG-K1-000999 has reached the hub/);
  });

  it('announces a forum meeting to its unit’s kiosks, and a change of it as a newer version', async () => {
    const rugeley = await hub.store.addDevice({ unitId: 'rugeley', name: 'Rugeley kiosk K1', now: NOW });
    const cannock = await hub.store.addDevice({ unitId: 'cannock', name: 'Cannock kiosk K1', now: NOW });
    const meeting = ['meeting', 'add', '--data', dir.path, '--forum', 'rugeley', '--date', '2026-04-14', '--time', '18:30', '--place', 'Rugeley Town Hall'];
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
    await hubCli('meeting', 'add', '--data', dir.path, '--forum', 'rugeley', '--date', '2026-04-21', '--id', added.id);
    expect((await pull(hub.url, rugeley.token, second.cursor)).page!.changes).toMatchObject([{ id: added.id, version: 3, data: { date: '2026-04-21', startsAt: null } }]);
    expect(JSON.parse(await hubCli('meeting', 'list', '--data', dir.path, '--forum', 'rugeley'))).toMatchObject([
      { id: added.id, forumId: 'rugeley', date: '2026-04-21', version: 3, cancelled: false },
    ]);
    expect((await pull(hub.url, cannock.token)).page!.changes).toEqual([]);

    const [unknownForum, badDate] = await Promise.all([
      hubCliFailing('meeting', 'add', '--data', dir.path, '--forum', 'lichfield', '--date', '2026-04-14'),
      hubCliFailing('meeting', 'add', '--data', dir.path, '--forum', 'rugeley', '--date', '14/04/2026'),
    ]);
    expect(unknownForum).toMatchObject({ code: 2, stderr: expect.stringContaining('Known forums: cannock, hednesford, rugeley, norton-canes') as string });
    expect(badDate).toMatchObject({ code: 2, stderr: expect.stringContaining('--date must be a date as YYYY-MM-DD') as string });
  });

  it('explains what it cannot do', async () => {
    const [postgres, unknownUnit, noData, noCommand] = await Promise.all([
      hubCliFailing('serve', '--database', 'postgres://hub@localhost/hub', '--port', '0'),
      hubCliFailing('device', 'add', '--data', dir.path, '--unit', 'lichfield', '--name', 'Wrong'),
      hubCliFailing('device', 'list', '--data', join(dir.path, 'typo')),
      hubCliFailing('devices'),
    ]);
    expect(postgres).toMatchObject({ code: 2, stderr: expect.stringContaining('PostgreSQL (--database) arrives with its own issue') as string });
    expect(unknownUnit).toMatchObject({ code: 1, stderr: expect.stringContaining('Unknown unit "lichfield". Known units: cannock') as string });
    expect(noData).toMatchObject({ code: 1, stderr: expect.stringContaining('No hub data in') as string });
    expect(existsSync(join(dir.path, 'typo'))).toBe(false);
    expect(noCommand).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command "devices"') as string });
  });
});

describe('hub CLI: serve', () => {
  it('serves on 127.0.0.1 at a free port, says where, and closes cleanly on SIGTERM', async () => {
    const other = makeTempDir('onestop-hub-serve-');
    const child = spawn(TSX, ['server/cli.ts', 'serve', '--data', other.path, '--port', '0', '--log-level', 'warn'], { cwd: ROOT });
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
      expect(await (await fetch(`${url}/api/v1/health`)).json()).toMatchObject({ status: 'ok' });
      const device = JSON.parse(await hubCli('device', 'add', '--data', other.path, '--unit', 'hednesford', '--name', 'Hednesford kiosk')) as NewDevice;
      await pushEnquiry(url, device, 'HED-K1-000001', 'hednesford');

      const exited = new Promise<number | null>((resolveCode) => child.once('exit', (code) => resolveCode(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Closed cleanly: the last connection checkpointed and removed the write-ahead log.
      expect(existsSync(`${hubDatabaseFile(other.path)}-wal`)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      other.remove();
    }
  });
});
