import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

// The PostgreSQL server of this test run, as tests/support/postgresGlobalSetup.ts provides it, and
// databases of their own on it: one per test file and store variant, dropped when it is done.

/** The server's maintenance database, or null when there is none (see POSTGRES_SKIP_REASON). */
export function postgresUrl(): string | null {
  return inject('onestopPostgresUrl') ?? null;
}

/** Why the PostgreSQL variants skip; null when there is a server. */
export const POSTGRES_SKIP_REASON: string | null =
  postgresUrl() !== null
    ? null
    : (inject('onestopPostgresSkipReason') ?? 'no PostgreSQL server: the globalSetup tests/support/postgresGlobalSetup.ts did not run for this vitest project');

export interface TestDatabase {
  /** The new database's connection string: the server's, with the database's name. */
  readonly url: string;
  readonly name: string;
  /** Drops the database, ending any connection still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const server = postgresUrl();
  if (server === null) throw new Error(`No PostgreSQL server for the tests: ${POSTGRES_SKIP_REASON}.`);
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Makes an empty database with a name of its own (`onestop_test_<random>_<label>`), so test files
 * running at the same time, and runs sharing a server named by ONESTOP_TEST_POSTGRES_URL, never
 * meet.
 */
export async function createTestDatabase(label = 'db'): Promise<TestDatabase> {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  // PostgreSQL keeps 63 bytes of a name; the random part comes first so it is never cut.
  const name = `onestop_test_${randomBytes(5).toString('hex')}_${slug}`.slice(0, 63);
  await onServer((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(postgresUrl()!);
  url.pathname = `/${name}`;
  let dropping: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop: () => (dropping ??= onServer(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)))),
  };
}
