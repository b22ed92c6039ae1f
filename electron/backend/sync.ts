import { z } from 'zod';
import { receivedText } from '../../shared/domain/text';
import {
  enquiryCopySchema,
  enquiryStatusDataSchema,
  erasureDataSchema,
  pullChangeSchema,
  pullResponseSchema,
  pushChangeSchema,
  pushResponseSchema,
  type PushChange,
} from '../../shared/sync/protocol';
import { REJECTED_LISTED, type SyncStatus } from '../../shared/sync/status';
import { ENQUIRY_CHANNELS, ENQUIRY_STATUSES, streetKey } from '../../shared/enquiries/model';
import { BODIES } from '../../shared/directory/topics';
import { ERROR_CODES, type ErrorCode } from '../../shared/ipc/result';
import {
  applyHubStatus,
  directoryUpdateVersion,
  eraseIfErased,
  purgeErasedRemains,
  reassertPendingAgendaStatus,
  recordErasure,
  storeEnquiryCopy,
  importOrukJson,
  listRejected,
  outboxSummary,
  readOutboxBatch,
  readPullCursor,
  readSyncState,
  recordSyncAttempt,
  recordSyncFailure,
  recordSyncSuccess,
  retryRejected,
  settlePush,
  storeDirectoryUpdate,
  storeMeeting,
  storePullCursor,
  type Database,
  type OutboxRow,
} from '../../db';
import type { HubCredentials } from './kioskConfig';

export const SYNC_DEFAULTS = {
  /** Changes per push request. */
  batchSize: 200,
  /** Payload bytes per push request: far under the hub's 8 MiB limit, small enough to resend cheaply. */
  batchBytes: 1024 * 1024,
  /** Changes per pull page. */
  pullLimit: 500,
  /** A request that has not answered by then is given up (and retried later). */
  timeoutMs: 15_000,
  /** Between syncs while all is well. */
  intervalMs: 60_000,
  /** The first retry after a failure waits up to this long, doubling with each failure in a row... */
  retryBaseMs: 5_000,
  /** ...up to this. */
  retryCapMs: 5 * 60_000,
} as const;

type Tuning = { readonly [K in keyof typeof SYNC_DEFAULTS]: number };

export interface SyncEngineOptions {
  readonly db: Database;
  /** The hub's address and this kiosk's token, read before each sync; null: not set up, nothing is tried. */
  readonly credentials: () => HubCredentials | null;
  readonly now?: () => Date;
  /** In [0, 1): the jitter of the retry delay. */
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
  readonly log?: (message: string, error?: unknown) => void;
  readonly batchSize?: number;
  readonly batchBytes?: number;
  readonly pullLimit?: number;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
  /** Called after a pulled page imported services into the directory (its caches must be dropped). */
  readonly onDirectoryChanged?: () => void;
}

/** Why a sync stopped, in words for the log and a code for the screen. */
class SyncFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The server asked us to wait this long (429 Retry-After). */
    readonly retryAfterMs?: number,
    /** The HTTP status that ended it, when the hub answered. */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

/** The engine was stopped while a request was out: nothing to record. */
class Stopped extends Error {}

/** A directory update the kiosk can import: an ORUK JSON page of full service records. */
const orukPageSchema = z.looseObject({ contents: z.array(z.unknown()) });

/**
 * A status and outcome set on the hub. The shared schema fixes the envelope; the kiosk also needs
 * a status it knows (a newer hub's status is skipped, not guessed).
 */
const hubStatusSchema = enquiryStatusDataSchema.extend({
  status: z.enum(ENQUIRY_STATUSES),
  outcome: z
    .string()
    .max(2000)
    .transform((text) => receivedText(text, true))
    .nullable(),
  mergedInto: z.string().max(80).nullable().optional(),
});

/** A forum meeting date as the hub sends it; everything else it sends is kept in the row's payload. */
const meetingSchema = z.looseObject({
  forumId: z.string().min(1).max(80),
  date: z.iso.date(),
  startsAt: z.string().max(40).nullable().optional(),
  place: z
    .string()
    .max(300)
    .transform((text) => receivedText(text))
    .nullable()
    .optional(),
  cancelled: z.boolean().optional(),
});

/** An enquiry raised at another kiosk of the unit; statuses, bodies and channels this kiosk knows. */
const copySchema = enquiryCopySchema.extend({
  // Text another kiosk sent, through the hub: cleaned as this kiosk cleans what is typed at it.
  summary: z.string().max(2000).transform((text) => receivedText(text)),
  location: z.string().max(400).transform((text) => receivedText(text)),
  outcome: z
    .string()
    .max(2000)
    .transform((text) => receivedText(text, true))
    .nullable(),
  status: z.enum(ENQUIRY_STATUSES),
  body: z.enum(BODIES),
  channel: z.enum(ENQUIRY_CHANNELS),
});

/** An erasure made at another kiosk of the forum, as pulled: its reason is text another kiosk sent, cleaned. */
const pulledErasureSchema = erasureDataSchema.extend({
  reason: z.string().max(1000).transform((text) => receivedText(text, true)),
});

/**
 * A pull page as read here: the entity may be one a newer hub knows and this kiosk does not. Such
 * a change is skipped (and logged) rather than the whole page refused, so the kiosk never stalls.
 */
const pullPageSchema = pullResponseSchema.extend({
  changes: z.array(pullChangeSchema.extend({ entity: z.string().min(1).max(40) })),
});
type PulledChange = z.infer<typeof pullPageSchema>['changes'][number];

const CURSOR = /^[0-9]{0,18}$/;

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** Seconds or an HTTP date, as Retry-After allows; null when absent or unreadable. */
function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/**
 * The kiosk's side of the hub contract (DESIGN.md, "The hub contract" and "Sync behaviour").
 *
 * A sync pushes the outbox oldest first in batches bounded by count and bytes, deleting a row only
 * when the hub answered applied, duplicate or stale for it, and keeping a rejected one for staff
 * with the hub's reason (it is not sent again until staff ask, and never blocks the rest). Then it
 * pulls pages of hub changes, applying each page and storing its cursor in one transaction.
 * Connectivity is whether the last request reached the hub. Failures back off exponentially with
 * full jitter; the first success after a failure is followed at once by another sync ("on
 * reconnect"). One sync runs at a time. Timers never keep the process alive.
 */
export class SyncEngine {
  private readonly db: Database;
  private readonly credentials: () => HubCredentials | null;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly fetch: typeof fetch;
  private readonly log: (message: string, error?: unknown) => void;
  private readonly options: Tuning;
  private readonly onDirectoryChanged: () => void;

  private online: boolean | null = null;
  private failures = 0;
  private started = false;
  private timer: NodeJS.Timeout | null = null;
  private nextAttemptAt: Date | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private abort = new AbortController();
  /** Set while a pull page is applied when it erased something here. */
  private erased = false;

  constructor(options: SyncEngineOptions) {
    this.db = options.db;
    this.credentials = options.credentials;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.log = options.log ?? ((message, error) => console.error(message, error));
    this.onDirectoryChanged = options.onDirectoryChanged ?? (() => {});
    const pick = <K extends keyof typeof SYNC_DEFAULTS>(key: K): number => options[key] ?? SYNC_DEFAULTS[key];
    this.options = {
      batchSize: pick('batchSize'),
      batchBytes: pick('batchBytes'),
      pullLimit: pick('pullLimit'),
      timeoutMs: pick('timeoutMs'),
      intervalMs: pick('intervalMs'),
      retryBaseMs: pick('retryBaseMs'),
      retryCapMs: pick('retryCapMs'),
    };
  }

  /** Syncs now and then on a schedule: every `intervalMs` while all is well, sooner or later after a failure. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** No more syncs by schedule; a request under way is abandoned (its rows stay in the outbox). */
  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
    this.abort.abort(new Stopped('stopped'));
    this.abort = new AbortController();
  }

  get isStarted(): boolean {
    return this.started;
  }

  /**
   * Syncs now and answers with the status after it. A call while a sync runs waits for it and
   * then one more (which every call meanwhile shares), so a change saved just now is included.
   */
  async syncNow(): Promise<SyncStatus> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
      await this.running;
    } else {
      this.queued ??= this.running.then(() => {
        this.queued = null;
        return this.syncNow().then(() => undefined);
      });
      await this.queued;
    }
    return this.status();
  }

  /**
   * Puts a change the hub refused back in line (staff fixed what it objected to) and, when the
   * engine runs, syncs at once. False when no such refused change exists.
   */
  sendAgain(seq: number): boolean {
    if (!retryRejected(this.db, seq)) return false;
    if (this.started) this.kick();
    return true;
  }

  status(): SyncStatus {
    const summary = outboxSummary(this.db);
    const state = readSyncState(this.db);
    const code = state.lastError?.code;
    return {
      hubConfigured: this.credentials() !== null,
      online: this.online,
      syncing: this.running !== null,
      waiting: summary.waiting,
      rejected: { count: summary.rejected, changes: summary.rejected > 0 ? listRejected(this.db, REJECTED_LISTED) : [] },
      lastSuccessAt: state.lastSuccessAt,
      lastAttemptAt: state.lastAttemptAt,
      lastError: state.lastError
        ? { code: (ERROR_CODES as readonly string[]).includes(code ?? '') ? (code as ErrorCode) : 'internal', message: state.lastError.message }
        : null,
      nextAttemptAt: this.nextAttemptAt?.toISOString() ?? null,
    };
  }

  /** The wait before the next try after `failures` failures in a row: full jitter over an exponential ceiling. */
  retryDelayMs(failures: number): number {
    const ceiling = Math.min(this.options.retryCapMs, this.options.retryBaseMs * 2 ** Math.max(0, failures - 1));
    return Math.floor(this.random() * ceiling);
  }

  /** A change for the hub was saved that should not wait for the next scheduled sync (an erasure): sync now when the engine runs. */
  changed(): void {
    if (this.started) this.kick();
  }

  /** After a page that erased enquiries here: what the rewritten rows leave behind goes too (db/erasure.ts). Never fails the sync. */
  private purgeErased(): void {
    try {
      purgeErasedRemains(this.db);
    } catch (error) {
      this.log('Could not clear the remains of an erasure; the next erasure tries again', error);
    }
  }

  /** A sync nobody waits for. */
  private kick(): void {
    void this.syncNow().catch((error: unknown) => {
      if (this.db.open) this.log('Sync failed', error);
    });
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.started) return;
    this.nextAttemptAt = new Date(this.now().getTime() + delayMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, delayMs);
    this.timer.unref();
  }

  /** One sync; never throws (a failure is recorded for staff, and logged when unexpected). */
  private async pass(): Promise<void> {
    try {
      await this.tryPass();
    } catch (error) {
      if (this.db.open) this.log('Sync could not record its outcome', error);
    }
  }

  private async tryPass(): Promise<void> {
    // A sync queued behind one that was stopped by the backend closing has nothing left to do.
    if (!this.db.open) return;
    const credentials = this.credentials();
    if (!credentials) return;
    const signal = this.abort.signal;
    const failedBefore = this.failures > 0;
    let retryAfter: number | undefined;
    try {
      recordSyncAttempt(this.db, this.now().toISOString());
      await this.push(credentials, signal);
      await this.pull(credentials, signal);
      recordSyncSuccess(this.db, this.now().toISOString());
      this.failures = 0;
    } catch (error) {
      // Stopped (or the backend closed) while a request was out: nothing happened that needs recording.
      if (signal.aborted || !this.db.open) return;
      this.failures++;
      if (error instanceof SyncFailure) {
        retryAfter = error.retryAfterMs;
        recordSyncFailure(this.db, { code: error.code, message: error.message });
      } else {
        this.log('Sync failed unexpectedly', error);
        recordSyncFailure(this.db, { code: 'internal', message: `The sync stopped on an unexpected error: ${describe(error)}` });
      }
    }
    if (!this.started) return;
    // Back after a failure ("on reconnect"): go again at once for whatever was saved meanwhile.
    if (this.failures === 0) this.schedule(failedBefore ? 0 : this.options.intervalMs);
    // The hub's Retry-After counts, up to the cap: a wrong header must not silence the kiosk for days.
    else this.schedule(Math.max(this.retryDelayMs(this.failures), Math.min(retryAfter ?? 0, this.options.retryCapMs)));
  }

  /** One request to the hub: its JSON answer, or a SyncFailure in words. Sets `online`. */
  private async request(credentials: HubCredentials, signal: AbortSignal, path: string, body?: string): Promise<unknown> {
    const url = `${credentials.hubUrl.replace(/\/+$/, '')}${path}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const headers: Record<string, string> = { authorization: `Bearer ${credentials.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await this.fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        ...(body !== undefined && { body }),
        signal: AbortSignal.any([signal, timeout]),
        // Never follow a redirect with the token: the administrator fixes the address instead.
        redirect: 'manual',
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw new Stopped('stopped');
      this.online = false;
      if (timeout.aborted) throw new SyncFailure('sync/timeout', `The hub at ${credentials.hubUrl} did not answer within ${this.options.timeoutMs / 1000} s.`);
      throw new SyncFailure('sync/unreachable', `Could not reach the hub at ${credentials.hubUrl}: ${describe(error)}.`);
    }
    this.online = status < 500;
    if (status === 401) {
      throw new SyncFailure('sync/unauthorized', "The hub refused this kiosk's token: it may have been revoked or mistyped. An administrator can enter a new one in Settings.");
    }
    if (status === 429) {
      throw new SyncFailure('sync/rate-limited', 'The hub asked this kiosk to slow down.', retryAfterMs(retryAfter, this.now()) ?? undefined);
    }
    if (status === 413) throw new SyncFailure('sync/refused', 'The hub refused the request as too large (413).', undefined, 413);
    if (status >= 500) throw new SyncFailure('sync/hub-unavailable', `The hub had a problem (${status}); this kiosk will try again.`);
    if (status >= 300 && status < 400) {
      throw new SyncFailure('sync/refused', `The hub address answers with a redirect (${status}): check the address in Settings.`, undefined, status);
    }
    if (status < 200 || status >= 300) throw new SyncFailure('sync/refused', `The hub refused the request (${status}): ${text.slice(0, 200)}`, undefined, status);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new SyncFailure('sync/bad-answer', 'The hub answered with something that is not JSON.');
    }
  }

  /** The change as the hub takes it; null when it never could be (then it is refused here, with the reason). */
  private toChange(row: OutboxRow): { change: PushChange } | { reason: string } {
    let data: unknown;
    try {
      data = JSON.parse(row.payload);
    } catch {
      return { reason: 'The saved change is not JSON.' };
    }
    const parsed = pushChangeSchema.safeParse({ id: row.entityId, entity: row.entity, version: row.version, data });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { reason: `The saved change cannot be sent: ${issue?.path.join('.') || 'change'} ${issue?.message ?? 'is invalid'}.` };
    }
    return { change: parsed.data };
  }

  private async push(credentials: HubCredentials, signal: AbortSignal): Promise<void> {
    let afterSeq = 0;
    let maxCount = this.options.batchSize;
    for (;;) {
      const rows = readOutboxBatch(this.db, { afterSeq, maxCount, maxBytes: this.options.batchBytes });
      if (rows.length === 0) return;
      const at = this.now().toISOString();
      const sendable: { row: OutboxRow; change: PushChange }[] = [];
      const refusedHere: { seq: number; reason: string }[] = [];
      for (const row of rows) {
        const checked = this.toChange(row);
        if ('change' in checked) sendable.push({ row, change: checked.change });
        else refusedHere.push({ seq: row.seq, reason: checked.reason });
      }
      const seqs = sendable.map((s) => s.row.seq);
      let answer: unknown;
      if (sendable.length > 0) {
        try {
          answer = await this.request(credentials, signal, '/api/v1/sync/push', JSON.stringify({ changes: sendable.map((s) => s.change) }));
        } catch (error) {
          if (error instanceof SyncFailure && error.httpStatus === 413) {
            // Too large for this hub: halve the batch; a single change it will never take is refused like any other.
            if (rows.length > 1) {
              maxCount = Math.max(1, Math.floor(rows.length / 2));
              continue;
            }
            settlePush(this.db, { done: [], rejected: [...refusedHere, { seq: rows[0]!.seq, reason: 'The change is too large for the hub to take.' }], failed: [] }, at);
            afterSeq = rows[0]!.seq;
            continue;
          }
          if (error instanceof SyncFailure) settlePush(this.db, { done: [], rejected: refusedHere, failed: seqs, failure: error.message }, at);
          throw error;
        }
      }
      const parsed = answer === undefined ? null : pushResponseSchema.safeParse(answer);
      if (parsed && !parsed.success) {
        settlePush(this.db, { done: [], rejected: refusedHere, failed: seqs, failure: 'The hub answered in an unexpected shape.' }, at);
        throw new SyncFailure('sync/bad-answer', 'The hub answered the push in an unexpected shape.');
      }
      const results = new Map((parsed?.data.results ?? []).map((r) => [`${r.id}\u0000${r.version}`, r]));
      const done: number[] = [];
      const rejected = [...refusedHere];
      const unanswered: number[] = [];
      for (const { row, change } of sendable) {
        const result = results.get(`${change.id}\u0000${change.version}`);
        if (!result) unanswered.push(row.seq);
        else if (result.status === 'rejected') rejected.push({ seq: row.seq, reason: result.error?.trim() || 'The hub refused this change without saying why.' });
        else done.push(row.seq);
      }
      const missing = 'The hub did not answer for this change.';
      settlePush(this.db, { done, rejected, failed: unanswered, failure: missing }, at);
      if (unanswered.length > 0) {
        throw new SyncFailure('sync/bad-answer', `The hub did not answer for ${unanswered.length} of the ${sendable.length} changes sent; they stay and are sent again.`);
      }
      afterSeq = rows.at(-1)!.seq;
    }
  }

  private async pull(credentials: HubCredentials, signal: AbortSignal): Promise<void> {
    let cursor = readPullCursor(this.db, credentials.hubUrl);
    for (;;) {
      const answer = await this.request(
        credentials,
        signal,
        `/api/v1/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=${this.options.pullLimit}`,
      );
      const parsed = pullPageSchema.safeParse(answer);
      if (!parsed.success || !CURSOR.test(parsed.data.cursor)) {
        throw new SyncFailure('sync/bad-answer', 'The hub answered the pull in an unexpected shape.');
      }
      const page = parsed.data;
      const at = this.now().toISOString();
      let directoryChanged = false;
      this.erased = false;
      // The page and its cursor commit together: after a crash the page is pulled again whole, or not at all.
      this.db
        .transaction(() => {
          for (const change of page.changes) directoryChanged = this.apply(change, at) || directoryChanged;
          storePullCursor(this.db, credentials.hubUrl, page.cursor);
        })
        .immediate();
      if (directoryChanged) this.onDirectoryChanged();
      if (this.erased) this.purgeErased();
      if (!page.more) return;
      if (page.cursor === cursor) throw new SyncFailure('sync/bad-answer', 'The hub said more changes wait but its cursor did not move.');
      cursor = page.cursor;
    }
  }

  /** Applies one pulled change inside the page's transaction. True when it changed the directory. */
  private apply(change: PulledChange, at: string): boolean {
    switch (change.entity) {
      case 'enquiry-status': {
        const data = hubStatusSchema.safeParse(change.data);
        if (!data.success) {
          this.log(`Skipped hub change ${change.seq}: an enquiry status this kiosk cannot read`, data.error);
          return false;
        }
        applyHubStatus(this.db, {
          id: change.id,
          reference: data.data.reference,
          version: change.version,
          status: data.data.status,
          outcome: data.data.outcome,
          ...(data.data.mergedInto !== undefined && { mergedInto: data.data.mergedInto }),
          updatedAt: data.data.updatedAt,
        });
        reassertPendingAgendaStatus(this.db, change.id, at);
        return false;
      }
      case 'enquiry': {
        const data = copySchema.safeParse(change.data);
        if (!data.success) {
          this.log(`Skipped hub change ${change.seq}: an enquiry copy this kiosk cannot read`, data.error);
          return false;
        }
        const copy = data.data;
        storeEnquiryCopy(this.db, {
          id: change.id,
          version: change.version,
          reference: copy.reference,
          unitId: copy.unitId,
          forumId: copy.forumId,
          topicId: copy.topic,
          body: copy.body,
          summary: copy.summary,
          location: copy.location,
          streetKey: streetKey(copy.location),
          channel: copy.channel,
          status: copy.status,
          outcome: copy.outcome,
          mergedInto: copy.mergedInto,
          createdAt: new Date(copy.createdAt).toISOString(),
          updatedAt: new Date(copy.updatedAt).toISOString(),
        });
        // A copy of an enquiry erased before (its hub copy made before the erasure reached the hub) is erased as it lands.
        eraseIfErased(this.db, change.id);
        reassertPendingAgendaStatus(this.db, change.id, at);
        return false;
      }
      case 'erasure': {
        const data = pulledErasureSchema.safeParse(change.data);
        if (!data.success || data.data.reason.trim() === '') {
          this.log(`Skipped hub change ${change.seq}: an erasure this kiosk cannot read`, data.error);
          return false;
        }
        const applied = recordErasure(this.db, { ...data.data, id: change.id, origin: 'hub' }, at);
        if (applied.erasedHere.length > 0) this.erased = true;
        return false;
      }
      case 'meeting': {
        const data = meetingSchema.safeParse(change.data);
        if (!data.success) {
          this.log(`Skipped hub change ${change.seq}: a meeting this kiosk cannot read`, data.error);
          return false;
        }
        storeMeeting(
          this.db,
          {
            id: change.id,
            forumId: data.data.forumId,
            date: data.data.date,
            startsAt: data.data.startsAt ?? null,
            place: data.data.place ?? null,
            cancelled: data.data.cancelled ?? false,
            version: change.version,
          },
          // The payload as read (the place cleaned), with whatever else a newer hub sends.
          JSON.stringify(data.data),
          at,
        );
        return false;
      }
      case 'directory':
        return this.applyDirectory(change, at);
      default:
        this.log(`Skipped hub change ${change.seq}: "${change.entity}" is not something this kiosk knows yet`, undefined);
        return false;
    }
  }

  /**
   * A directory update: an ORUK JSON page (`contents`: full service records) is imported as a
   * staff import would be (services matched by id); anything else, or a page the import refuses,
   * is kept in `directory_updates` with why, and the directory stays as it was.
   */
  private applyDirectory(change: PulledChange, at: string): boolean {
    const held = directoryUpdateVersion(this.db, change.id);
    if (held !== null && held >= change.version) return false;
    const payload = JSON.stringify(change.data);
    let outcome: 'imported' | 'kept' = 'kept';
    let detail: string | null = 'Not an ORUK page of services.';
    if (orukPageSchema.safeParse(change.data).success) {
      const report = importOrukJson(this.db, payload, { fileName: `hub directory update ${change.id}` });
      if (report.ok) {
        outcome = 'imported';
        detail = null;
      } else {
        detail = `The import refused it: ${JSON.stringify(report.errors.slice(0, 3))}`;
        this.log(`Hub directory update ${change.id} was not imported`, report.errors.slice(0, 3));
      }
    }
    storeDirectoryUpdate(this.db, { id: change.id, version: change.version, payload, outcome, detail }, at);
    return outcome === 'imported';
  }
}
