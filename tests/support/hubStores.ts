import pg from 'pg';
import { openDatabase } from '../../db/driver';
import { hubDatabaseFile, type HubStorage } from '../../server/hub';
import { createTestDatabase, POSTGRES_SKIP_REASON, postgresUrl } from './postgres';
import { makeTempDir } from './tempDir';

// The hub's contract holds on either store, so its tests run once per store: the embedded SQLite
// store in a temp folder, and PostgreSQL in a database of its own on the test run's server. A test
// reads the store's tables through `rows` to prove what a request wrote, or did not.

export type HubStoreName = 'sqlite' | 'postgres';

export interface HubStoreVariant {
  readonly name: HubStoreName;
  /** For test titles: "SQLite", "PostgreSQL". */
  readonly label: string;
  readonly available: boolean;
  /** Why the variant is skipped, when it is. */
  readonly skipReason?: string;
}

export const HUB_STORES: readonly HubStoreVariant[] = [
  { name: 'sqlite', label: 'SQLite', available: true },
  postgresUrl() !== null
    ? { name: 'postgres', label: 'PostgreSQL', available: true }
    : { name: 'postgres', label: 'PostgreSQL', available: false, skipReason: POSTGRES_SKIP_REASON ?? 'no PostgreSQL server' },
];

/** "on SQLite", or "on PostgreSQL (skipped: <why>)": a skipped variant says why in its name. */
export function storeTitle(variant: HubStoreVariant): string {
  return `on ${variant.label}${variant.available ? '' : ` (skipped: ${variant.skipReason})`}`;
}

/** One statement for both stores, or each its own where they differ (rowid, triggers). `?` placeholders either way. */
export type StoreSql = string | { readonly sqlite: string; readonly postgres: string };

export type StoreRow = Record<string, unknown>;

export interface TestHubStorage {
  readonly store: HubStoreName;
  /** What startHub and openHubStore take. */
  readonly storage: HubStorage;
  /** The same for the CLI: `--data DIR` or `--database URL`. */
  readonly cliArgs: readonly string[];
  /**
   * Rows of a query, read fresh from what the hub has committed. Booleans read as 1 and 0 on both
   * stores (SQLite has no booleans), and bigint columns as numbers (as the PostgreSQL store reads them).
   */
  rows(sql: StoreSql, params?: readonly unknown[]): Promise<StoreRow[]>;
  /** The first row, or undefined. */
  row(sql: StoreSql, params?: readonly unknown[]): Promise<StoreRow | undefined>;
  /** Runs statements with write access (a fault trigger, a newer hub's migration); several may be separated by `;`. */
  exec(sql: StoreSql): Promise<void>;
  /** Removes the folder, or drops the database. Close the hub first. Safe to call twice. */
  dispose(): Promise<void>;
}

const pick = (sql: StoreSql, store: HubStoreName) => (typeof sql === 'string' ? sql : sql[store]);

/** `?` to `$1`, `$2`, ... outside quoted text. */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (token) => (token === '?' ? `$${++n}` : token));
}

/** bigint (seq, versions) as numbers, as the store itself reads them. */
const INT8_OID = 20;
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : (pg.types.getTypeParser(oid, format) as (value: string) => unknown),
};

const booleansAsIntegers = (row: StoreRow): StoreRow =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'boolean' ? Number(value) : value]));

/**
 * A fresh, empty place for a hub to keep its data on the given store: a temp folder (SQLite) or a
 * new database on the test run's PostgreSQL server. `label` names it (folder prefix, database name).
 */
export async function openTestHubStorage(store: HubStoreName, label: string): Promise<TestHubStorage> {
  return store === 'sqlite' ? sqliteStorage(label) : postgresStorage(label);
}

function sqliteStorage(label: string): TestHubStorage {
  const dir = makeTempDir(`onestop-${label}-`);
  const file = hubDatabaseFile(dir.path);
  // A connection per call, as a second process would read: it sees what the hub committed, and
  // holds no lock between calls.
  const withDb = <T>(readonly: boolean, work: (db: ReturnType<typeof openDatabase>) => T): T => {
    const db = openDatabase(file, { readonly });
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  const rows = (sql: StoreSql, params: readonly unknown[] = []) =>
    Promise.resolve(withDb(true, (db) => db.prepare(pick(sql, 'sqlite')).all(...params) as StoreRow[]));
  return {
    store: 'sqlite',
    storage: { dataDir: dir.path },
    cliArgs: ['--data', dir.path],
    rows,
    row: async (sql, params) => (await rows(sql, params))[0],
    exec: (sql) => Promise.resolve(withDb(false, (db) => void db.exec(pick(sql, 'sqlite')))),
    dispose: () => Promise.resolve(dir.remove()),
  };
}

async function postgresStorage(label: string): Promise<TestHubStorage> {
  const database = await createTestDatabase(label);
  const pool = new pg.Pool({ connectionString: database.url, max: 2, types: pgTypes, application_name: 'onestop-tests' });
  pool.on('error', () => undefined);
  const rows = async (sql: StoreSql, params: readonly unknown[] = []) => {
    const result = await pool.query<StoreRow>(numberedPlaceholders(pick(sql, 'postgres')), [...params]);
    return result.rows.map(booleansAsIntegers);
  };
  let disposing: Promise<void> | undefined;
  return {
    store: 'postgres',
    storage: { database: database.url },
    cliArgs: ['--database', database.url],
    rows,
    row: async (sql, params) => (await rows(sql, params))[0],
    // Without parameters, pg sends the text as a simple query: several statements in one go.
    exec: async (sql) => void (await pool.query(pick(sql, 'postgres'))),
    dispose: () =>
      (disposing ??= (async () => {
        if (!pool.ended) await pool.end();
        await database.drop();
      })()),
  };
}
