import type { Database } from './driver';
import { prepared } from './statements';

/**
 * Directory updates the hub sent (migration 0005): the latest under each id, and whether it was
 * imported into the directory (an ORUK page of services) or only kept (anything else, or an ORUK
 * page the import refused; `detail` says why).
 */

/** What became of a directory update from the hub. */
export type DirectoryUpdateOutcome = 'imported' | 'kept';

/** Keeps the latest directory update under its id (older or equal versions change nothing). True when stored. */
export function storeDirectoryUpdate(
  db: Database,
  update: { id: string; version: number; payload: string; outcome: DirectoryUpdateOutcome; detail: string | null },
  at: string,
): boolean {
  return (
    prepared(
      db,
      `INSERT INTO directory_updates (id, version, payload, received_at, outcome, detail) VALUES (@id, @version, @payload, @at, @outcome, @detail)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, payload = excluded.payload, received_at = excluded.received_at,
         outcome = excluded.outcome, detail = excluded.detail
       WHERE excluded.version > directory_updates.version`,
    ).run({ ...update, at }).changes === 1
  );
}

/** The version of a directory update already held, or null. */
export function directoryUpdateVersion(db: Database, id: string): number | null {
  const row = prepared(db, 'SELECT version FROM directory_updates WHERE id = ?').get(id) as { version: number } | undefined;
  return row?.version ?? null;
}
