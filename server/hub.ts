import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyServerOptions } from 'fastify';
import type { UnitsConfig } from '../shared/domain/units';
import { buildHubApp, type RateLimitOptions } from './app';
import { openPostgresHubStore } from './postgres/store';
import { HUB_DATABASE_FILE, openSqliteHubStore } from './sqliteStore';
import { databaseKeyFrom, type KeyVariables } from '../db/databaseKey';
import type { HubStore } from './store';
import { hubUnits, type HubUnits } from './units';

/**
 * Where a hub keeps its data: a folder for the embedded SQLite store (`hub.db`, one hub process), or
 * a PostgreSQL connection string (`postgres://user@host:5432/db`), which any number of hub processes
 * may share. Exactly one of the two.
 */
export type HubStorage = { readonly dataDir: string; readonly database?: undefined } | { readonly database: string; readonly dataDir?: undefined };

export type StartHubOptions = HubStorage & {
  /** 0 (the default) picks a free port; the real one is in `url` and `port`. */
  readonly port?: number;
  /** Address to listen on; 127.0.0.1 unless told otherwise. */
  readonly host?: string;
  /** Fastify's pino logger: false (the default) for none, true or pino options for JSON lines. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Per-device rate limit (default 600 requests a minute); false turns it off. */
  readonly rateLimit?: RateLimitOptions | false;
  /** Units and their forums (default: assets/config/units.json). */
  readonly units?: UnitsConfig;
  /** The hub's clock (injectable for tests). */
  readonly now?: () => Date;
};

export interface RunningHub {
  /** e.g. `http://127.0.0.1:41234`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** The store the hub serves from, for tests and tools in the same process (e.g. `recordStatus`). */
  readonly store: HubStore;
  /** Stops listening, lets requests in flight finish, closes the store. Safe to call twice. */
  close(): Promise<void>;
}

/** Whether a `--database` value is a PostgreSQL connection string (`postgres://` or `postgresql://`). */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\/./i.test(value);
}

/** The hub's database file inside a data folder. */
export function hubDatabaseFile(dataDir: string): string {
  return join(dataDir, HUB_DATABASE_FILE);
}

/**
 * Opens the hub's store, as the CLI and `startHub` do: the embedded SQLite store of a data folder
 * (creating it), or the PostgreSQL database a connection string names (migrating it). Either way a
 * database from a newer hub is refused untouched (`DatabaseTooNewError`).
 */
export async function openHubStore(storage: HubStorage, units: HubUnits = hubUnits()): Promise<HubStore> {
  if (storage.database !== undefined) return openPostgresHubStore({ url: storage.database, units });
  mkdirSync(storage.dataDir, { recursive: true });
  return openSqliteHubStore({ file: hubDatabaseFile(storage.dataDir), units, key: hubDatabaseKey(process.env) });
}

/**
 * The embedded store's key, when the hub's SQLite file is to be encrypted: `ONESTOP_HUB_DB_KEY` holds
 * it, or `ONESTOP_HUB_DB_KEY_FILE` names a file holding it (64 hex characters). Every command reads
 * it, so `serve`, `device` and `outcome` open the same encrypted file. PostgreSQL is encrypted by its
 * server's disk encryption instead (server/README.md, "Storage").
 */
export const HUB_KEY_VARIABLES: KeyVariables = { key: 'ONESTOP_HUB_DB_KEY', file: 'ONESTOP_HUB_DB_KEY_FILE' };

export function hubDatabaseKey(env: NodeJS.ProcessEnv): string | null {
  return databaseKeyFrom(env, HUB_KEY_VARIABLES);
}

/** Starts the forum hub over the embedded SQLite store in `dataDir`, or over PostgreSQL (`database`). */
export async function startHub(options: StartHubOptions): Promise<RunningHub> {
  const host = options.host ?? '127.0.0.1';
  // One reading of the units for the store and the routes, so both name the same forums.
  const units = hubUnits(options.units);
  const store = await openHubStore(options.database !== undefined ? { database: options.database } : { dataDir: options.dataDir }, units);
  let app;
  try {
    app = await buildHubApp({ store, logger: options.logger, rateLimit: options.rateLimit, now: options.now, units });
    await app.listen({ port: options.port ?? 0, host });
  } catch (error) {
    await app?.close();
    await store.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const started = app;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    close: () => (closing ??= started.close().then(() => store.close())),
  };
}
