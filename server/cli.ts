import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DatabaseTooNewError } from '../db/migrate';
import { DatabaseKeyError } from '../db/driver';
import { DatabaseKeySourceError } from '../db/databaseKey';
import { ENQUIRY_STATUSES, normaliseReference, type EnquiryStatus } from '../shared/enquiries/model';
import { DEFAULT_RATE_LIMIT } from './app';
import { hubDatabaseFile, isPostgresUrl, openHubStore, startHub, type HubStorage } from './hub';
import { HubStoreError, type HubStore } from './store';
import { hubUnits } from './units';
import { hubRetentionPeriods, scheduleHubRetention, type HubRetentionPeriods } from './retention';

const USAGE = `onestop forum hub

Usage: npm run hub -- COMMAND STORE [options]

STORE is where the hub keeps its data, the same for every command:
  --data DIR                         embedded SQLite in DIR (one hub process)
  --database postgres://USER@HOST:PORT/DATABASE
                                     PostgreSQL, shared by any number of hub processes (a password may
                                     come from PGPASSWORD or ~/.pgpass instead of the URL)

  serve STORE [--port PORT] [--host HOST] [--rate-limit N] [--log-level LEVEL]
      Serve the sync API on HOST:PORT (127.0.0.1 and 8080 by default; --port 0 picks a free port).
      --rate-limit: requests a minute per device (default ${DEFAULT_RATE_LIMIT.max}; 0 turns it off).
  device add STORE --unit UNIT --name NAME
      Register a kiosk or desk PC; prints its id and token as JSON. The token is shown only once.
  device list STORE
      List the devices as JSON (never their tokens).
  device revoke STORE --device DEVICE_ID
      Revoke a device's token; every running hub process refuses it from its next request.
  outcome STORE --reference REF --status STATUS [--outcome TEXT]
      Record a status and outcome decided on the hub; the enquiry's kiosks get it on their next pull.
      STATUS: ${ENQUIRY_STATUSES.join(', ')}.
  meeting add STORE --forum FORUM --date YYYY-MM-DD [--time HH:MM] [--place TEXT] [--cancelled] [--id MEETING_ID]
      Announce a forum meeting to the kiosks of the forum's units. The forum's meeting on that date again
      (or the one --id names, to move it to another date) is a newer version of it: moved, or called off
      with --cancelled. A meeting set on a kiosk is changed the same way.
  meeting list STORE --forum FORUM
      The forum's meetings as JSON, with their ids and versions.
  retention run STORE [--dry-run] [--contact-months N] [--enquiry-years N]
      Remove closed enquiries' contact details N months after closing (default 12) and anonymise
      enquiries N years after they were raised (default 6); prints what was removed as JSON. --dry-run
      prints what is due and changes nothing. serve runs the same at start and daily, with the same
      options or ONESTOP_HUB_RETENTION_CONTACT_MONTHS and ONESTOP_HUB_RETENTION_ENQUIRY_YEARS.
`;

/** A failure the person at the terminal can fix; said without a stack trace. */
class CliFailure extends Error {}
class UsageError extends CliFailure {}

const options = {
  data: { type: 'string' },
  database: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'rate-limit': { type: 'string' },
  'log-level': { type: 'string' },
  unit: { type: 'string' },
  name: { type: 'string' },
  device: { type: 'string' },
  reference: { type: 'string' },
  status: { type: 'string' },
  outcome: { type: 'string' },
  forum: { type: 'string' },
  date: { type: 'string' },
  time: { type: 'string' },
  place: { type: 'string' },
  cancelled: { type: 'boolean' },
  id: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'contact-months': { type: 'string' },
  'enquiry-years': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true }>>['values'];

function required(values: Values, name: 'data' | 'unit' | 'name' | 'device' | 'reference' | 'status' | 'forum' | 'date'): string {
  const value = values[name];
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required.`);
  return value;
}

/** Where the hub keeps its data: `--data DIR` (embedded SQLite) or `--database postgres://...`, exactly one. */
function storage(values: Values): HubStorage {
  const url = values.database?.trim();
  if (url !== undefined) {
    if (values.data !== undefined) throw new UsageError('Give --data DIR (embedded SQLite) or --database URL (PostgreSQL), not both.');
    if (!isPostgresUrl(url)) throw new UsageError('--database takes a PostgreSQL connection string: postgres://USER@HOST:PORT/DATABASE.');
    return { database: url };
  }
  return { dataDir: resolve(required(values, 'data')) };
}

/**
 * For commands that only make sense on a hub that exists: a typo in --data must not create an
 * empty one. (A PostgreSQL database is made by its administrator; the hub only migrates it.)
 */
function existingStorage(values: Values): HubStorage {
  const where = storage(values);
  if (where.dataDir !== undefined && !existsSync(hubDatabaseFile(where.dataDir))) {
    throw new CliFailure(`No hub data in ${where.dataDir}: run "device add" or "serve" with this --data first.`);
  }
  return where;
}

function print(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

async function withStore<T>(where: HubStorage, work: (store: HubStore) => Promise<T>): Promise<T> {
  const store = await openHubStore(where);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function integerOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^[0-9]+$/.test(value) || number < min || number > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}.`);
  return number;
}

async function serve(values: Values): Promise<void> {
  const where = storage(values);
  const periods = retentionPeriods(values);
  const port = integerOption(values.port, 'port', 8080, 0, 65535);
  const perMinute = integerOption(values['rate-limit'], 'rate-limit', DEFAULT_RATE_LIMIT.max, 0, 1_000_000);
  const hub = await startHub({
    ...where,
    port,
    host: values.host ?? '127.0.0.1',
    logger: { level: values['log-level'] ?? 'info' },
    rateLimit: perMinute === 0 ? false : { max: perMinute, timeWindowMs: 60_000 },
  });
  console.log(`onestop hub listening on ${hub.url}`);
  const retention = scheduleHubRetention(hub.store, periods, (message, detail) => console.log(JSON.stringify({ msg: message, detail: detail instanceof Error ? detail.message : detail })));
  const stop = () => {
    retention.stop();
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function device(action: string | undefined, values: Values): Promise<void> {
  switch (action) {
    case 'add': {
      const where = storage(values);
      const unitId = required(values, 'unit');
      const name = required(values, 'name');
      print(await withStore(where, (store) => store.addDevice({ unitId, name, now: new Date() })));
      return;
    }
    case 'list':
      print(await withStore(existingStorage(values), (store) => store.listDevices()));
      return;
    case 'revoke': {
      const deviceId = required(values, 'device');
      const revoked = await withStore(existingStorage(values), (store) => store.revokeDevice(deviceId, new Date()));
      if (!revoked) throw new CliFailure(`No device ${deviceId} on this hub ("device list" shows them).`);
      print({ deviceId, revoked: true });
      return;
    }
    default:
      throw new UsageError('Use "device add", "device list" or "device revoke".');
  }
}

async function outcome(values: Values): Promise<void> {
  const typed = required(values, 'reference');
  const reference = normaliseReference(typed);
  if (!reference) throw new UsageError(`"${typed}" is not a reference (e.g. RUG-K2-000417).`);
  const status = required(values, 'status');
  if (!(ENQUIRY_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--status must be one of: ${ENQUIRY_STATUSES.join(', ')}.`);
  }
  const text = values.outcome?.trim();
  print(
    await withStore(existingStorage(values), (store) =>
      store.recordStatus({ reference, status: status as EnquiryStatus, ...(text === undefined ? {} : { outcome: text || null }), now: new Date() }),
    ),
  );
}

async function meeting(action: string | undefined, values: Values): Promise<void> {
  if (action !== 'add' && action !== 'list') throw new UsageError('Use "meeting add" or "meeting list".');
  const where = existingStorage(values);
  const forumId = required(values, 'forum');
  const forums = [...new Set([...hubUnits().values()].map((unit) => unit.forum.id))];
  if (!forums.includes(forumId)) throw new UsageError(`Unknown forum "${forumId}". Known forums: ${forums.join(', ')}.`);
  if (action === 'list') {
    print(await withStore(where, (store) => store.listMeetings(forumId)));
    return;
  }
  const date = required(values, 'date');
  if (!z.iso.date().safeParse(date).success) throw new UsageError('--date must be a date as YYYY-MM-DD.');
  if (values.time !== undefined && !/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(values.time)) throw new UsageError('--time must be HH:MM (24-hour).');
  if (values.id !== undefined && !z.uuid().safeParse(values.id).success) throw new UsageError('--id must be a meeting id, as "meeting list" shows it.');
  const saved = await withStore(where, async (store) => {
    // Without --id, the forum's meeting on that date is the one changed, as announcing it again always did.
    let id = values.id;
    if (id === undefined) {
      const sameDay = (await store.listMeetings(forumId)).filter((held) => held.date === date);
      if (sameDay.length > 1) throw new CliFailure(`The forum has ${sameDay.length} meetings on ${date}: say which with --id ("meeting list" shows them).`);
      id = sameDay[0]?.id;
    }
    return store.saveMeeting({
      ...(id === undefined ? {} : { id }),
      forumId,
      date,
      // The forum's local time of day; the kiosk shows it as given.
      startsAt: values.time ?? null,
      place: values.place?.trim() || null,
      cancelled: values.cancelled ?? false,
      now: new Date(),
    });
  });
  const { id, version, forumName, startsAt, place, cancelled, updatedAt, units } = saved;
  print({ id, version, forumId, forumName, date: saved.date, startsAt, place, cancelled, updatedAt, units });
}

function retentionPeriods(values: Values): HubRetentionPeriods {
  try {
    return hubRetentionPeriods({ contactMonths: values['contact-months'], enquiryYears: values['enquiry-years'] }, process.env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function retention(action: string | undefined, values: Values): Promise<void> {
  if (action !== 'run') throw new UsageError('Use "retention run".');
  const periods = retentionPeriods(values);
  const report = await withStore(existingStorage(values), (store) => store.applyRetention({ now: new Date(), periods, dryRun: values['dry-run'] ?? false }));
  print({ ...report, periods });
}

async function main(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  const [command, action, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    console.log(USAGE);
    return;
  }
  const extra = command === 'device' || command === 'meeting' || command === 'retention' ? rest : [action, ...rest].filter((p) => p !== undefined);
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra.join(' ')}`);
  switch (command) {
    case 'serve':
      return serve(values);
    case 'device':
      return device(action, values);
    case 'outcome':
      return outcome(values);
    case 'meeting':
      return meeting(action, values);
    case 'retention':
      return retention(action, values);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const expected =
    error instanceof CliFailure ||
    error instanceof HubStoreError ||
    error instanceof DatabaseTooNewError ||
    error instanceof DatabaseKeyError ||
    error instanceof DatabaseKeySourceError;
  console.error(expected ? error.message : error);
  process.exit(1);
});
