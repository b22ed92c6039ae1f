import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/driver';
import { DatabaseTooNewError } from '../../db/migrate';
import type { EnquirySyncData } from '../../shared/enquiries/model';
import {
  MAX_BODY_BYTES,
  MAX_PUSH_CHANGES,
  pullResponseSchema,
  pushResponseSchema,
  type PullResponse,
  type PushChange,
  type PushResponse,
} from '../../shared/sync/protocol';
import { hubDatabaseFile, openHubStore, startHub, type RunningHub } from '../../server/hub';
import { POSTGRES_MIGRATIONS } from '../../server/postgres/migrations';
import { openSqliteHubStore } from '../../server/sqliteStore';
import type { NewDevice } from '../../server/store';
import { HUB_STORES, openTestHubStorage, storeTitle, type TestHubStorage } from '../support/hubStores';
import { makeTempDir } from '../support/tempDir';

// The hub's contract, once per store (tests/support/hubStores.ts): one real hub on 127.0.0.1 over a
// real SQLite file, then one over a real PostgreSQL database, each for the whole of its variant. The
// tests are independent because each makes its own enquiries and reads pull changes from its
// devices' current cursors.
let storage: TestHubStorage;
let hub: RunningHub;
/** Two kiosks of Rugeley and one of Cannock. */
let rugeley1: NewDevice;
let rugeley2: NewDevice;
let cannock1: NewDevice;

const NOW = new Date('2026-03-02T10:00:00Z');

// ---------------------------------------------------------------------------------------------
// Helpers: enquiries as the kiosk sends them, and the two sync calls.

const UNIT_CODES: Record<string, string> = { rugeley: 'RUG', cannock: 'CAN' };
let sequence = 0;

interface TestEnquiry {
  readonly id: string;
  readonly data: EnquirySyncData & Record<string, unknown>;
}

function newEnquiry(unitId = 'rugeley', over: Partial<EnquirySyncData> & Record<string, unknown> = {}): TestEnquiry {
  sequence++;
  const createdAt = new Date(Date.UTC(2026, 2, 1, 9, 0, sequence)).toISOString();
  return {
    id: randomUUID(),
    data: {
      reference: `${UNIT_CODES[unitId]}-K1-${String(sequence).padStart(6, '0')}`,
      unitId,
      forumId: unitId,
      deviceCode: 'K1',
      topic: 'roads',
      body: 'county',
      summary: `Pothole number ${sequence} on Church Street`,
      details: '',
      location: 'Church Street',
      channel: 'kiosk',
      status: 'new',
      outcome: null,
      mergedInto: null,
      language: 'en-GB',
      contact: null,
      createdAt,
      updatedAt: createdAt,
      ...over,
    },
  };
}

function change(enquiry: TestEnquiry, version: number, over: Record<string, unknown> = {}): PushChange {
  return { id: enquiry.id, entity: 'enquiry', version, data: { ...enquiry.data, ...over } };
}

const api = (path: string) => `${hub.url}/api/v1${path}`;
const bearer = (device: NewDevice | string) => ({ authorization: `Bearer ${typeof device === 'string' ? device : device.token}` });

async function pushRaw(headers: Record<string, string>, body: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(api('/sync/push'), { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function push(device: NewDevice, changes: readonly PushChange[]): Promise<PushResponse> {
  const response = await pushRaw({ ...bearer(device), 'content-type': 'application/json' }, JSON.stringify({ changes }));
  expect(response.status).toBe(200);
  return pushResponseSchema.parse(response.body);
}

async function pull(device: NewDevice, cursor = '', limit = 500): Promise<PullResponse> {
  const response = await fetch(api(`/sync/pull?cursor=${cursor}&limit=${limit}`), { headers: bearer(device) });
  expect(response.status).toBe(200);
  return pullResponseSchema.parse(await response.json());
}

/** Where a device stands now: pulls every page and returns the final cursor. */
async function drain(device: NewDevice): Promise<string> {
  let page = await pull(device);
  while (page.more) page = await pull(device, page.cursor);
  return page.cursor;
}

/** The hub's data tables as rows, to prove a request changed nothing. */
async function hubRows(): Promise<Record<string, unknown[]>> {
  // PostgreSQL has no rowid: its rows by primary key.
  const tables = { enquiries: 'id', enquiry_versions: 'enquiry_id, version', pull_changes: 'seq' };
  return Object.fromEntries(
    await Promise.all(
      Object.entries(tables).map(async ([table, key]) => [
        table,
        await storage.rows({ sqlite: `SELECT * FROM ${table} ORDER BY rowid`, postgres: `SELECT * FROM ${table} ORDER BY ${key}` }),
      ]),
    ),
  ) as Record<string, unknown[]>;
}

async function storedEnquiry(id: string) {
  return (await storage.row('SELECT * FROM enquiries WHERE id = ?', [id])) as
    | { reference: string; forum_id: string; topic_group: string; status: string; outcome: string | null; version: number; data: string }
    | undefined;
}

// ---------------------------------------------------------------------------------------------

for (const variant of HUB_STORES) {
  describe.skipIf(!variant.available)(`hub ${storeTitle(variant)}`, () => {
    beforeAll(async () => {
      storage = await openTestHubStorage(variant.name, 'hub');
      hub = await startHub({ ...storage.storage, port: 0 });
      rugeley1 = await hub.store.addDevice({ unitId: 'rugeley', name: 'Rugeley kiosk K1', now: NOW });
      rugeley2 = await hub.store.addDevice({ unitId: 'rugeley', name: 'Rugeley desk D1', now: NOW });
      cannock1 = await hub.store.addDevice({ unitId: 'cannock', name: 'Cannock kiosk K1', now: NOW });
    });
    afterAll(async () => {
      await hub?.close();
      await storage?.dispose();
    });

    describe('hub: health, headers, OpenAPI', () => {
      it('answers health without a token, with security headers', async () => {
        const response = await fetch(api('/health'));
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: 'ok' });
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(response.headers.get('strict-transport-security')).toContain('max-age=');
        expect(response.headers.get('x-powered-by')).toBeNull();
      });

      it('documents every route as OpenAPI generated from the shared schemas, to devices only', async () => {
        expect((await fetch(api('/openapi.json'))).status).toBe(401);
        const response = await fetch(api('/openapi.json'), { headers: bearer(rugeley1) });
        expect(response.status).toBe(200);
        const document = (await response.json()) as {
          openapi: string;
          paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> }; parameters?: { name: string }[]; security?: unknown[]; responses: Record<string, unknown> }>>;
          components: { securitySchemes: Record<string, unknown> };
        };
        expect(document.openapi).toMatch(/^3\./);
        expect(Object.keys(document.paths).sort()).toEqual([
          '/api/v1/forums/{forum}/issues',
          '/api/v1/forums/{forum}/issues.csv',
          '/api/v1/health',
          '/api/v1/subject-access/search',
          '/api/v1/sync/pull',
          '/api/v1/sync/push',
        ]);
        const pushDoc = document.paths['/api/v1/sync/push']!.post!;
        expect(pushDoc.requestBody!.content['application/json']!.schema.properties).toHaveProperty('changes');
        expect(Object.keys(pushDoc.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '413', '429']));
        expect(pushDoc.security).toEqual([{ deviceToken: [] }]);
        const pullDoc = document.paths['/api/v1/sync/pull']!.get!;
        expect(pullDoc.parameters!.map((p) => p.name).sort()).toEqual(['cursor', 'limit']);
        expect(document.components.securitySchemes).toHaveProperty('deviceToken');
        expect(document.paths['/api/v1/health']!.get!.security).toBeUndefined();
      });

      it('answers an unknown route with 404 in the same error shape', async () => {
        const response = await fetch(api('/nowhere'), { headers: bearer(rugeley1) });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ error: { code: 'not-found' } });
      });
    });

    describe('hub: push', () => {
      it('applies new enquiries and assigns each to its unit’s forum', async () => {
        const a = newEnquiry();
        const b = newEnquiry();
        const answer = await push(rugeley1, [change(a, 1), change(b, 1)]);
        expect(answer.results).toEqual([
          { id: a.id, version: 1, status: 'applied' },
          { id: b.id, version: 1, status: 'applied' },
        ]);
        expect(await storedEnquiry(a.id)).toMatchObject({ reference: a.data.reference, forum_id: 'rugeley', topic_group: 'roads', status: 'new', version: 1 });
        expect(JSON.parse((await storedEnquiry(b.id))!.data)).toEqual(b.data);
      });

      it('answers a resend duplicate, however late, and changes nothing', async () => {
        const a = newEnquiry();
        await push(rugeley1, [change(a, 1)]);
        await push(rugeley1, [change(a, 2, { summary: 'Pothole, now deeper' })]);
        const before = await hubRows();
        // The same versions again, in a different order, one with different data: first answer stands.
        const answer = await push(rugeley1, [change(a, 2), change(a, 1, { summary: 'changed on resend' })]);
        expect(answer.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
        expect(await hubRows()).toEqual(before);
        // Twice in one batch: the second is a duplicate of the first.
        const b = newEnquiry();
        expect((await push(rugeley1, [change(b, 1), change(b, 1)])).results.map((r) => r.status)).toEqual(['applied', 'duplicate']);
      });

      it('answers an older version stale and keeps the newer one', async () => {
        const a = newEnquiry();
        await push(rugeley1, [change(a, 1), change(a, 3, { summary: 'Version three' })]);
        const before = await hubRows();
        expect((await push(rugeley1, [change(a, 2, { summary: 'Version two' })])).results).toEqual([{ id: a.id, version: 2, status: 'stale' }]);
        expect(await hubRows()).toEqual(before);
        expect(JSON.parse((await storedEnquiry(a.id))!.data)).toMatchObject({ summary: 'Version three' });
      });

      it('rejects invalid changes with a reason and applies the valid ones of the same batch', async () => {
        const good1 = newEnquiry();
        const good2 = newEnquiry();
        const otherUnit = newEnquiry('cannock');
        const badDate = newEnquiry();
        const noReference = newEnquiry();
        const staff = newEnquiry();
        const clash = newEnquiry('rugeley', { reference: good1.data.reference });
        const withoutReference: Record<string, unknown> = { ...noReference.data };
        delete withoutReference.reference;
        const answer = await push(rugeley1, [
          change(good1, 1),
          { ...change(staff, 1), entity: 'staff-account' },
          { id: noReference.id, entity: 'enquiry', version: 1, data: withoutReference },
          change(otherUnit, 1),
          change(badDate, 1, { createdAt: 'yesterday' }),
          change(clash, 1),
          change(good2, 1),
        ]);
        expect(answer.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'applied']);
        const reasons = answer.results.map((r) => r.error ?? '');
        expect(reasons[1]).toMatch(/entity "staff-account"/);
        expect(reasons[2]).toMatch(/data\.reference/);
        expect(reasons[3]).toMatch(/unitId is "cannock".*unit "rugeley"/);
        expect(reasons[4]).toMatch(/data\.createdAt/);
        expect(reasons[5]).toMatch(new RegExp(`Reference ${good1.data.reference} already belongs to another enquiry`));
        expect(reasons[0]).toBe('');
        for (const rejected of [staff, noReference, otherUnit, badDate, clash]) expect(await storedEnquiry(rejected.id)).toBeUndefined();
        expect(await storedEnquiry(good1.id)).toBeDefined();
        expect(await storedEnquiry(good2.id)).toBeDefined();
      });

      it('refuses a device of another unit changing an enquiry, even a resend', async () => {
        const a = newEnquiry();
        await push(rugeley1, [change(a, 1)]);
        const answer = await push(cannock1, [change(a, 1, { unitId: 'cannock' }), change(a, 2, { unitId: 'cannock' })]);
        expect(answer.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
        expect(answer.results[0]!.error).toMatch(/belongs to unit "rugeley"/);
      });

      it('accepts a topic it does not know, grouped under "other", and keeps fields it does not know', async () => {
        const a = newEnquiry('rugeley', { topic: 'drone-noise', futureField: { nested: [1, 2] }, accessibilityNeeds: 'large print' });
        expect((await push(rugeley1, [change(a, 1)])).results[0]!.status).toBe('applied');
        const row = (await storedEnquiry(a.id))!;
        expect(row.topic_group).toBe('other');
        expect(JSON.parse(row.data)).toMatchObject({ topic: 'drone-noise', futureField: { nested: [1, 2] }, accessibilityNeeds: 'large print' });
        // An older kiosk that sends only the required fields still syncs.
        const minimal = newEnquiry();
        const { reference, unitId, topic, summary, createdAt } = minimal.data;
        const answer = await push(rugeley1, [{ id: minimal.id, entity: 'enquiry', version: 1, data: { reference, unitId, topic, summary, createdAt } }]);
        expect(answer.results[0]!.status).toBe('applied');
        expect(await storedEnquiry(minimal.id)).toMatchObject({ status: 'new', topic_group: 'roads' });
      });

      it('applies each change whole or not at all: one failing half-way leaves nothing, the rest apply', async () => {
        const [before, failing, after] = [newEnquiry(), newEnquiry(), newEnquiry()];
        // A fault after the enquiry row is written, when its version is recorded. SQLite's
        // RAISE(ABORT) is a constraint error (SQLITE_CONSTRAINT_TRIGGER); PostgreSQL's counterpart
        // is an integrity constraint violation (SQLSTATE class 23).
        await storage.exec({
          sqlite: `CREATE TRIGGER fail_one BEFORE INSERT ON enquiry_versions WHEN NEW.enquiry_id = '${failing.id}'
                   BEGIN SELECT RAISE(ABORT, 'disk says no'); END`,
          postgres: `CREATE FUNCTION fail_one() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN
                       IF NEW.enquiry_id = '${failing.id}' THEN
                         RAISE EXCEPTION 'disk says no' USING ERRCODE = 'integrity_constraint_violation';
                       END IF;
                       RETURN NEW;
                     END $$;
                     CREATE TRIGGER fail_one BEFORE INSERT ON enquiry_versions FOR EACH ROW EXECUTE FUNCTION fail_one()`,
        });
        try {
          const answer = await push(rugeley1, [change(before, 1), change(failing, 1), change(after, 1)]);
          expect(answer.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
          // The device hears what kind of problem it was, never the database's own wording.
          expect(answer.results[1]!.error).toMatch(/conflicts with what the hub holds/);
          expect(answer.results[1]!.error).not.toMatch(/disk says no/);
          expect(await storedEnquiry(failing.id)).toBeUndefined();
          expect(await storedEnquiry(before.id)).toBeDefined();
          expect(await storedEnquiry(after.id)).toBeDefined();
        } finally {
          await storage.exec({ sqlite: 'DROP TRIGGER fail_one', postgres: 'DROP TRIGGER fail_one ON enquiry_versions; DROP FUNCTION fail_one()' });
        }
        expect((await push(rugeley1, [change(failing, 1)])).results[0]!.status).toBe('applied');
      });

      it('takes a full batch of 1000 changes of a few MB in one request', async () => {
        const changes = Array.from({ length: MAX_PUSH_CHANGES }, () => change(newEnquiry('rugeley', { details: 'x'.repeat(2000) }), 1));
        expect(JSON.stringify({ changes }).length).toBeGreaterThan(2_000_000);
        const answer = await push(rugeley2, changes);
        expect(answer.results).toHaveLength(MAX_PUSH_CHANGES);
        expect(answer.results.every((r) => r.status === 'applied')).toBe(true);
      });
    });

    describe('hub: authentication', () => {
      const json = { 'content-type': 'application/json' };

      it('answers 401 without a token, with a wrong or malformed one, or a revoked one, and writes nothing', async () => {
        const revoked = await hub.store.addDevice({ unitId: 'rugeley', name: 'Old kiosk', now: NOW });
        expect(await hub.store.revokeDevice(revoked.deviceId, NOW)).toBe(true);
        const body = JSON.stringify({ changes: [change(newEnquiry(), 1)] });
        const before = await hubRows();
        const attempts: Record<string, string>[] = [
          {},
          bearer('A'.repeat(43)),
          bearer(rugeley1.token.slice(0, 42)),
          { authorization: rugeley1.token },
          { authorization: `Basic ${rugeley1.token}` },
          bearer(revoked),
        ];
        for (const headers of attempts) {
          const response = await pushRaw({ ...headers, ...json }, body);
          expect(response.status).toBe(401);
          expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
          expect(response.body).toMatchObject({ error: { code: 'unauthorized' } });
          expect((await fetch(api('/sync/pull'), { headers })).status).toBe(401);
        }
        expect(await hubRows()).toEqual(before);
      });

      if (variant.name === 'sqlite') {
        it('keeps only a SHA-256 hash of each token (the SQLite file and its log), and lists devices without them', async () => {
          const file = hubDatabaseFile(storage.storage.dataDir!);
          const stored = readFileSync(file).toString('latin1') + readFileSync(`${file}-wal`).toString('latin1');
          expect(stored).not.toContain(rugeley1.token);
          expect(stored).toContain(createHash('sha256').update(rugeley1.token).digest('hex'));
          await expectDevicesListedWithoutTokens();
        });
      } else {
        it('keeps only a SHA-256 hash of each token (every row of every table), and lists devices without them', async () => {
          const hash = createHash('sha256').update(rugeley1.token).digest('hex');
          expect(await storage.row('SELECT token_hash FROM devices WHERE id = ?', [rugeley1.deviceId])).toEqual({ token_hash: hash });
          const tables = await storage.rows("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1");
          expect(tables.map((table) => table.name)).toContain('devices');
          let stored = '';
          for (const { name } of tables) stored += (await storage.rows(`SELECT t::text AS row FROM "${String(name)}" t`)).map((row) => row.row).join('\n');
          expect(stored).not.toContain(rugeley1.token);
          expect(stored).toContain(hash);
          await expectDevicesListedWithoutTokens();
        });
      }

      async function expectDevicesListedWithoutTokens() {
        const devices = await hub.store.listDevices();
        expect(devices.find((d) => d.id === rugeley1.deviceId)).toMatchObject({ unitId: 'rugeley', name: 'Rugeley kiosk K1', revokedAt: null });
        expect(JSON.stringify(devices)).not.toContain(rugeley1.token);
        expect(Buffer.from(rugeley1.token, 'base64url')).toHaveLength(32);
      }
    });

    describe('hub: bad requests', () => {
      const headers = () => ({ ...bearer(rugeley1), 'content-type': 'application/json' });

      it('answers 400 with a JSON reason to malformed JSON and to a body not of the contract’s shape, and writes nothing', async () => {
        const before = await hubRows();
        const bodies = [
          '{"changes": [',
          'not json at all',
          '',
          '[]',
          '{"changes": {}}',
          '{"batch": []}',
          JSON.stringify({ changes: [{ ...change(newEnquiry(), 1), id: 'not-a-uuid' }] }),
          JSON.stringify({ changes: [change(newEnquiry(), 0)] }),
          JSON.stringify({ changes: [{ ...change(newEnquiry(), 1), data: 'text' }] }),
          JSON.stringify({ changes: Array.from({ length: MAX_PUSH_CHANGES + 1 }, () => change(newEnquiry(), 1)) }),
        ];
        for (const body of bodies) {
          const response = await pushRaw(headers(), body);
          expect(response.status, body.slice(0, 40)).toBe(400);
          expect(response.body).toMatchObject({ error: { code: 'bad-request', message: expect.any(String) as string } });
        }
        const notJson = await pushRaw({ ...bearer(rugeley1), 'content-type': 'text/plain' }, JSON.stringify({ changes: [] }));
        expect(notJson.status).toBe(400);
        const shape = await pushRaw(headers(), JSON.stringify({ changes: [{ ...change(newEnquiry(), 1), version: -1 }] }));
        expect((shape.body as { error: { message: string } }).error.message).toMatch(/body\.changes\.0\.version/);
        expect(await hubRows()).toEqual(before);
      });

      it('answers 400 to a malformed cursor or limit', async () => {
        for (const query of ['cursor=abc', 'cursor=-1', 'limit=0', 'limit=1001', 'limit=many', 'cursor=999999999999999999']) {
          const response = await fetch(api(`/sync/pull?${query}`), { headers: bearer(rugeley1) });
          expect(response.status, query).toBe(400);
          expect(await response.json()).toMatchObject({ error: { code: 'bad-request' } });
        }
      });

      it('answers 413 to a body over 8 MiB as soon as it says so, without reading it', async () => {
        const before = await hubRows();
        const url = new URL(hub.url);
        const answer = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
          let sent = 0;
          const req = request(
            {
              host: url.hostname,
              port: url.port,
              path: '/api/v1/sync/push',
              method: 'POST',
              headers: { ...headers(), 'content-length': String(MAX_BODY_BYTES + 1) },
            },
            (res) => {
              let body = '';
              res.on('data', (chunk: Buffer) => (body += chunk.toString()));
              res.on('end', () => {
                req.destroy();
                resolve({ status: res.statusCode ?? 0, body, sent });
              });
            },
          );
          req.on('error', reject);
          // Only the first 64 KiB of the announced 8 MiB + 1 byte is ever sent.
          const chunk = '{"changes":[' + ' '.repeat(64 * 1024 - 12);
          sent += chunk.length;
          req.write(chunk);
        });
        expect(answer.status).toBe(413);
        expect(answer.sent).toBeLessThan(MAX_BODY_BYTES / 100);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'too-large', message: expect.stringContaining('8 MiB') as string } });
        expect(await hubRows()).toEqual(before);
      });

      it('answers 413 to a chunked body once it passes 8 MiB', async () => {
        const url = new URL(hub.url);
        const status = await new Promise<number>((resolve, reject) => {
          let answered = false;
          const req = request(
            { host: url.hostname, port: url.port, path: '/api/v1/sync/push', method: 'POST', headers: { ...headers(), 'transfer-encoding': 'chunked' } },
            (res) => {
              answered = true;
              res.resume();
              resolve(res.statusCode ?? 0);
              req.destroy();
            },
          );
          req.on('error', (error) => (answered ? undefined : reject(error)));
          const chunk = Buffer.alloc(1024 * 1024, 0x20);
          let written = 0;
          const writeMore = () => {
            while (!answered && written <= MAX_BODY_BYTES + chunk.length) {
              written += chunk.length;
              if (!req.write(chunk)) return void req.once('drain', writeMore);
            }
          };
          req.write('{"changes":[');
          writeMore();
        });
        expect(status).toBe(413);
      });
    });

    describe('hub: pull', () => {
      it('sends each unit only its changes and the all-units ones, in order, paged with `more` and the cursor', async () => {
        const start = { rugeley: await drain(rugeley1), cannock: await drain(cannock1) };
        const appended: { unitId: string | null; id: string }[] = [
          { unitId: 'rugeley', id: 'm1' },
          { unitId: null, id: 'd1' },
          { unitId: 'cannock', id: 'm2' },
          { unitId: 'rugeley', id: 'm3' },
          { unitId: null, id: 'd2' },
          { unitId: 'cannock', id: 'm4' },
          { unitId: 'rugeley', id: 'm5' },
        ];
        for (const { unitId, id } of appended) {
          const entity = id.startsWith('d') ? 'directory' : 'meeting';
          await hub.store.appendChange({ unitId, entity, id, data: { forumId: unitId ?? 'all', date: '2026-04-01', label: id }, now: NOW });
        }

        const seen: string[] = [];
        const seqs: number[] = [];
        let cursor = start.rugeley;
        const pages: boolean[] = [];
        for (;;) {
          const page = await pull(rugeley1, cursor, 2);
          seen.push(...page.changes.map((c) => c.id));
          seqs.push(...page.changes.map((c) => c.seq));
          pages.push(page.more);
          expect(Number(page.cursor)).toBeGreaterThan(Number(cursor));
          cursor = page.cursor;
          if (!page.more) break;
        }
        expect(seen).toEqual(['m1', 'd1', 'm3', 'd2', 'm5']);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(pages).toEqual([true, true, false]);
        // Nothing again from the stored cursor, and exactly the next change after it.
        expect(await pull(rugeley1, cursor)).toEqual({ changes: [], cursor, more: false });
        await hub.store.appendChange({ unitId: 'rugeley', entity: 'meeting', id: 'm1', data: { label: 'm1 moved' }, now: NOW });
        const next = await pull(rugeley1, cursor);
        expect(next.changes).toMatchObject([{ entity: 'meeting', id: 'm1', version: 2, data: { label: 'm1 moved' } }]);

        const cannock = await pull(cannock1, start.cannock, 100);
        expect(cannock.changes.map((c) => c.id)).toEqual(['d1', 'm2', 'd2', 'm4']);
        expect(cannock.changes[0]).toMatchObject({ entity: 'directory', version: 1, data: { label: 'd1' } });
      });

      it('tells a unit’s other kiosks of a status change pushed by one, but not the kiosk that made it or other units', async () => {
        const a = newEnquiry();
        await push(rugeley1, [change(a, 1)]);
        const cursors = { own: await drain(rugeley1), other: await drain(rugeley2), cannock: await drain(cannock1) };
        const movedAt = '2026-03-02T11:30:00+00:00';
        await push(rugeley1, [change(a, 2, { status: 'for-forum', updatedAt: movedAt })]);
        // A content change alone (no status or outcome change) is no status news for other kiosks
        // (they get it in the enquiry's copy: hub-forums.test.ts).
        await push(rugeley1, [change(a, 3, { status: 'for-forum', summary: 'Reworded', updatedAt: movedAt })]);
        expect((await pull(rugeley2, cursors.other)).changes.filter((c) => c.entity === 'enquiry-status')).toEqual([
          {
            seq: expect.any(Number) as number,
            entity: 'enquiry-status',
            id: a.id,
            version: 2,
            data: { reference: a.data.reference, status: 'for-forum', outcome: null, updatedAt: movedAt, mergedInto: null },
          },
        ]);
        expect((await pull(rugeley1, cursors.own)).changes).toEqual([]);
        expect((await pull(cannock1, cursors.cannock)).changes).toEqual([]);
      });

      it('sends a status decided on the hub to the enquiry’s unit only; merged enquiries follow; the hub keeps it', async () => {
        const main = newEnquiry();
        const merged = newEnquiry();
        await push(rugeley1, [change(main, 1, { status: 'for-forum' }), change(merged, 1, { status: 'for-forum', mergedInto: main.id })]);
        const cursors = { own: await drain(rugeley1), other: await drain(rugeley2), cannock: await drain(cannock1) };
        const decidedAt = new Date('2026-03-10T19:00:00Z');

        const recorded = await hub.store.recordStatus({ reference: main.data.reference, status: 'outcome-recorded', outcome: 'Referred to the CAT', now: decidedAt });
        expect(recorded).toMatchObject({ id: main.id, unitId: 'rugeley', status: 'outcome-recorded', outcome: 'Referred to the CAT', changed: 2 });
        for (const [device, cursor] of [[rugeley1, cursors.own], [rugeley2, cursors.other]] as const) {
          const page = await pull(device, cursor);
          expect(page.changes.map((c) => [c.entity, c.id, c.version, c.data])).toEqual([
            ['enquiry-status', main.id, 1, { reference: main.data.reference, status: 'outcome-recorded', outcome: 'Referred to the CAT', updatedAt: decidedAt.toISOString(), mergedInto: null }],
            ['enquiry-status', merged.id, 1, { reference: merged.data.reference, status: 'outcome-recorded', outcome: 'Referred to the CAT', updatedAt: decidedAt.toISOString(), mergedInto: main.id }],
          ]);
        }
        expect((await pull(cannock1, cursors.cannock)).changes).toEqual([]);

        // The kiosk, not having pulled yet, pushes a newer version with its old status: its content is
        // taken, the hub's status stays, and the kiosk is told the hub's status back.
        const own = await drain(rugeley1);
        expect((await push(rugeley1, [change(main, 2, { status: 'for-forum', summary: 'Pothole, now two' })])).results[0]!.status).toBe('applied');
        expect(await storedEnquiry(main.id)).toMatchObject({ status: 'outcome-recorded', outcome: 'Referred to the CAT', version: 2 });
        expect(JSON.parse((await storedEnquiry(main.id))!.data)).toMatchObject({ summary: 'Pothole, now two' });
        expect((await pull(rugeley1, own)).changes).toMatchObject([{ entity: 'enquiry-status', id: main.id, version: 2, data: { status: 'outcome-recorded' } }]);

        // Recording the same again is no news.
        expect((await hub.store.recordStatus({ reference: main.data.reference, status: 'outcome-recorded', now: decidedAt })).changed).toBe(0);
        await expect(hub.store.recordStatus({ reference: 'RUG-K9-999999', status: 'closed', now: decidedAt })).rejects.toThrow(/No enquiry with reference RUG-K9-999999/);
      });
    });

    describe('hub: rate limit', () => {
      it('answers 429 to one device past its allowance while another carries on', async () => {
        const other = await openTestHubStorage(variant.name, 'hub-limit');
        const limited = await startHub({ ...other.storage, rateLimit: { max: 3, timeWindowMs: 60_000 } });
        try {
          const busy = await limited.store.addDevice({ unitId: 'rugeley', name: 'Busy kiosk', now: NOW });
          const calm = await limited.store.addDevice({ unitId: 'rugeley', name: 'Calm kiosk', now: NOW });
          const pullFrom = (device: NewDevice) => fetch(`${limited.url}/api/v1/sync/pull`, { headers: bearer(device) });
          for (let i = 0; i < 3; i++) expect((await pullFrom(busy)).status).toBe(200);
          const refused = await pullFrom(busy);
          expect(refused.status).toBe(429);
          expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
          expect(await refused.json()).toMatchObject({ error: { code: 'rate-limited' } });
          expect((await pullFrom(calm)).status).toBe(200);
          // Unauthenticated requests are refused before they count against a device.
          expect((await fetch(`${limited.url}/api/v1/sync/pull`)).status).toBe(401);
        } finally {
          await limited.close();
          await other.dispose();
        }
      });
    });

    describe('hub store', () => {
      if (variant.name === 'postgres') {
        it('refuses a database migrated by a newer hub and leaves it untouched', async () => {
          const other = await openTestHubStorage('postgres', 'hub-new');
          try {
            const store = await openHubStore(other.storage);
            await store.addDevice({ unitId: 'rugeley', name: 'Rugeley kiosk K1', now: NOW });
            await store.close();
            // What a newer hub's next migration would leave: its number, and a table of its own.
            await other.exec(`INSERT INTO schema_migrations (version, name) VALUES (${POSTGRES_MIGRATIONS.length + 1}, 'from a newer hub');
                              CREATE TABLE newer_hub_things (id text PRIMARY KEY)`);
            const snapshot = async () => ({
              migrations: await other.rows('SELECT * FROM schema_migrations ORDER BY version'),
              columns: await other.rows(
                `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
                 WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
              ),
              devices: await other.rows('SELECT * FROM devices ORDER BY id'),
            });
            const before = await snapshot();
            await expect(openHubStore(other.storage)).rejects.toThrow(DatabaseTooNewError);
            await expect(startHub({ ...other.storage, port: 0 })).rejects.toThrow(/The database has not been changed/);
            expect(await snapshot()).toEqual(before);
          } finally {
            await other.dispose();
          }
        });
      } else {
        it('refuses a database made by a newer hub and leaves it untouched', () => {
          const other = makeTempDir('onestop-hub-new-');
          try {
            const file = join(other.path, 'hub.db');
            const db = openDatabase(file);
            db.pragma('user_version = 99');
            db.close();
            const bytes = readFileSync(file);
            expect(() => openSqliteHubStore({ file })).toThrow(DatabaseTooNewError);
            expect(readFileSync(file).equals(bytes)).toBe(true);
          } finally {
            other.remove();
          }
        });
      }



      it('refuses a device for a unit it does not know', async () => {
        await expect(hub.store.addDevice({ unitId: 'lichfield', name: 'Wrong', now: NOW })).rejects.toThrow(/Unknown unit "lichfield"/);
      });

      it('lists a forum’s issues in a time range for the chairs', async () => {
        const a = newEnquiry('cannock', { createdAt: '2026-05-01T08:00:00+01:00', topic: 'fly-tipping' });
        await push(cannock1, [change(a, 1)]);
        const issues = await hub.store.listForumIssues({ forumId: 'cannock', from: '2026-05-01T00:00:00Z', to: '2026-05-02T00:00:00Z' });
        expect(issues).toMatchObject([{ reference: a.data.reference, forumId: 'cannock', topicGroup: 'bins', createdAt: '2026-05-01T07:00:00.000Z' }]);
        expect(await hub.store.listForumIssues({ forumId: 'rugeley', from: '2026-05-01T00:00:00Z', to: '2026-05-02T00:00:00Z' })).toEqual([]);
      });
    });
  });
}
