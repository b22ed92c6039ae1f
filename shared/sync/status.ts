import type { ErrorCode } from '../ipc/result';

/** A change the hub refused, kept on the kiosk (never sent again by itself) until staff send it again. */
export interface RejectedChange {
  /** The outbox row: what `sync:retry` takes. */
  readonly seq: number;
  readonly entity: string;
  readonly entityId: string;
  readonly version: number;
  /** The enquiry's reference, when the change carries one. */
  readonly reference: string | null;
  /** The hub's reason, in its words (English). */
  readonly reason: string;
  readonly rejectedAt: string;
}

/** How many refused changes a status lists; the count covers them all. */
export const REJECTED_LISTED = 100;

/** The kiosk's sync with the hub, as staff see it at a glance (DESIGN.md, "Sync behaviour"). */
export interface SyncStatus {
  /** A hub address and this kiosk's token are both set: without them the kiosk works offline and never tries. */
  readonly hubConfigured: boolean;
  /** Whether the last request reached the hub (an answer below 500); null: not tried since the app started. */
  readonly online: boolean | null;
  /** A sync is running now. */
  readonly syncing: boolean;
  /** Changes saved here that the hub has not accepted yet (refused ones not counted). */
  readonly waiting: number;
  readonly rejected: { readonly count: number; readonly changes: readonly RejectedChange[] };
  /** The end of the last sync that pushed everything and pulled everything. */
  readonly lastSuccessAt: string | null;
  /** The start of the last sync tried, successful or not. */
  readonly lastAttemptAt: string | null;
  /** Why the last sync failed, translated by code (`errors.<code>`); null once a sync succeeds. */
  readonly lastError: { readonly code: ErrorCode; readonly message: string } | null;
  /** When the engine will next sync by itself (60 s when idle, later after failures); null when it is not running. */
  readonly nextAttemptAt: string | null;
}
