import type { Database } from './driver';
import { prepared } from './statements';

/** What the kiosk remembers of its last conversations with the hub (migration 0005, one row). */
export interface SyncState {
  readonly lastSuccessAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly lastError: { readonly code: string; readonly message: string } | null;
}

export function readSyncState(db: Database): SyncState {
  const row = prepared(db, 'SELECT last_success_at, last_attempt_at, last_error_code, last_error_message FROM sync_state WHERE id = 1').get() as {
    last_success_at: string | null;
    last_attempt_at: string | null;
    last_error_code: string | null;
    last_error_message: string | null;
  };
  return {
    lastSuccessAt: row.last_success_at,
    lastAttemptAt: row.last_attempt_at,
    lastError: row.last_error_code ? { code: row.last_error_code, message: row.last_error_message ?? '' } : null,
  };
}

export function recordSyncAttempt(db: Database, at: string): void {
  prepared(db, 'UPDATE sync_state SET last_attempt_at = ? WHERE id = 1').run(at);
}

/** A whole pass succeeded: the outbox was pushed and every page pulled. The last error is over. */
export function recordSyncSuccess(db: Database, at: string): void {
  prepared(db, 'UPDATE sync_state SET last_success_at = ?, last_error_code = NULL, last_error_message = NULL WHERE id = 1').run(at);
}

export function recordSyncFailure(db: Database, error: { code: string; message: string }): void {
  prepared(db, 'UPDATE sync_state SET last_error_code = ?, last_error_message = ? WHERE id = 1').run(error.code, error.message);
}

/** The last hub sequence applied from `hubUrl`; another hub (or none yet) starts from the beginning. */
export function readPullCursor(db: Database, hubUrl: string): string {
  const row = prepared(db, 'SELECT pull_cursor, pull_hub_url FROM sync_state WHERE id = 1').get() as { pull_cursor: string; pull_hub_url: string };
  return row.pull_hub_url === hubUrl ? row.pull_cursor : '';
}

/** Call inside the transaction that applies the page the cursor ends: both land, or neither. */
export function storePullCursor(db: Database, hubUrl: string, cursor: string): void {
  prepared(db, 'UPDATE sync_state SET pull_cursor = ?, pull_hub_url = ? WHERE id = 1').run(cursor, hubUrl);
}
