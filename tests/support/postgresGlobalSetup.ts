import type { TestProject } from 'vitest/node';
import { findPostgresBinaries, startThrowawayCluster } from './postgresCluster';

// The PostgreSQL server for the `node` project's tests (vitest.config.ts): one per run, whatever
// the number of test files. Each test file makes its own database on it (tests/support/postgres.ts).

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server's maintenance database (CREATE DATABASE allowed), or null when there is none. */
    onestopPostgresUrl: string | null;
    /** Why there is no server, for the name of each skipped PostgreSQL variant; null when there is one. */
    onestopPostgresSkipReason: string | null;
  }
}

/** Names a server to use instead of a throwaway cluster; its role must be allowed to CREATE DATABASE. */
export const POSTGRES_URL_VARIABLE = 'ONESTOP_TEST_POSTGRES_URL';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env[POSTGRES_URL_VARIABLE]?.trim();
  if (given) {
    project.provide('onestopPostgresUrl', given);
    project.provide('onestopPostgresSkipReason', null);
    return undefined;
  }
  if (findPostgresBinaries() === null) {
    const reason = `PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin) and ${POSTGRES_URL_VARIABLE} is not set`;
    // A CI run that quietly tested one store would pass without testing the other.
    if (process.env.CI) throw new Error(`CI must test the hub on both stores, but ${reason}. Install PostgreSQL (.ci/run does) or set ${POSTGRES_URL_VARIABLE}.`);
    project.provide('onestopPostgresUrl', null);
    project.provide('onestopPostgresSkipReason', reason);
    return undefined;
  }
  // Tests need no durability: fsync off makes each commit (and CREATE DATABASE) cheap.
  const cluster = await startThrowawayCluster({ fsync: false });
  project.provide('onestopPostgresUrl', cluster.url);
  project.provide('onestopPostgresSkipReason', null);
  return () => cluster.stop();
}
