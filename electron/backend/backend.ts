import { join } from 'node:path';
import { contract, isChannelName, type ChannelName } from '../../shared/ipc/contract';
import { AppFailure, fail, ok, type Result } from '../../shared/ipc/result';
import { fieldErrorsFrom } from '../../shared/ipc/fieldErrors';
import { unitsConfigSchema, type UnitsConfig } from '../../shared/domain/units';
import { DEFAULT_SETTINGS, type KioskSettings } from '../../shared/domain/settings';
import { migrate, optimize, seedUnits } from '../../db';
import type { StorageStatus } from '../../shared/ipc/contract';
import sampleUnits from '../../assets/config/units.json' with { type: 'json' };
import { createHandlers, type CallContext, type Handler } from './handlers';
import { UnknownAccountLockout } from './lockout';
import { KioskConfig } from './kioskConfig';
import { StaffSessions } from './sessions';
import { Directory } from './directory';
import { Enquiries } from './enquiries';
import { Forums } from './forums';
import { SyncEngine, type SyncEngineOptions } from './sync';
import { openKioskStore } from './openStore';
import { noteRunning } from './runLock';
import { StorageHealth, storageProblemOf } from './storage';
import { BackupScheduler, listBackups } from './backups';
import { RetentionScheduler } from './retention';

export const DATABASE_FILE = 'onestop.db';
const OPTIMIZE_EVERY_MS = 6 * 3600_000;

export interface BackendOptions {
  /** Folder holding the kiosk's database; created if missing. */
  readonly dataDir: string;
  /** Unit configuration used to seed an empty database (default: the sample in assets/config). */
  readonly units?: UnitsConfig;
  /** The clock, injectable so lockouts and session expiry can be tested without waiting. */
  readonly now?: () => Date;
  /** Where unexpected errors are reported; they reach the renderer only as "internal". */
  readonly log?: (message: string, error: unknown) => void;
  /** The sync engine's knobs, for tests and benchmarks. */
  readonly sync?: BackendSyncOptions;
  /**
   * The folder holding the app's `assets/` files read at run time (the PDF fonts). A packaged app
   * passes its resources folder; default: found from the source tree (exports/fonts.ts).
   */
  readonly assetsDir?: string;
  /**
   * Take backups on the schedule the settings give (default true). Tests that take them by hand
   * (`storage:backup`, `backend.backups.runNow()`) turn it off.
   */
  readonly autoBackup?: boolean;
  /**
   * The database key (64 hex characters): the file and its backups are encrypted with it, and a
   * plain file from before is encrypted where it lies. Electron's main keeps it with the platform's
   * safe storage; the browser host reads it from ONESTOP_DB_KEY or a key file. Null: a plain file
   * (tests and benchmarks that are not about encryption).
   */
  readonly key?: string | null;
}

export type BackendSyncOptions = Partial<
  Pick<SyncEngineOptions, 'fetch' | 'random' | 'batchSize' | 'batchBytes' | 'pullLimit' | 'timeoutMs' | 'intervalMs' | 'retryBaseMs' | 'retryCapMs'>
> & {
  /**
   * Start syncing on a schedule whenever a hub address and token are set (default true). Tests
   * that want each sync to happen only when they call `sync.syncNow()` turn it off.
   */
  readonly autoStart?: boolean;
};

/** The kiosk's backend: plain Node over db/ and shared/, wired to ipcMain or to the browser host. */
export interface Backend {
  /**
   * Runs one call from a screen: checks the channel exists, checks the caller's role, validates the
   * input against its schema, then runs the handler. Never throws; every outcome is a Result.
   */
  dispatch(channel: unknown, input: unknown, caller: string): Promise<Result<unknown>>;
  /** Forgets a screen's staff session (its window closed or reloaded). */
  forgetCaller(caller: string): void;
  /**
   * The kiosk's settings for the process that hosts the backend (main needs the hub address for its
   * CSP). Never reachable from a screen: screens go through `dispatch` and its role checks.
   */
  settings(): KioskSettings | null;
  /** The kiosk's sync with the hub (for main and tests; screens use the sync:* channels). */
  readonly sync: SyncEngine;
  /** The scheduled backups (for tests; screens use storage:backup). */
  readonly backups: BackupScheduler;
  /** The retention job (README, "Retention"; for tests: `backend.retention.runNow()`). */
  readonly retention: RetentionScheduler;
  /** Whether the kiosk can save, as the staff screens show it (also the storage:status channel). */
  storageStatus(): StorageStatus;
  readonly databasePath: string;
  /** Stops the sync engine and closes the database. */
  close(): void;
}

export function createBackend(options: BackendOptions): Backend {
  const databasePath = join(options.dataDir, DATABASE_FILE);
  const now = options.now ?? (() => new Date());
  const store = openKioskStore(options.dataDir, databasePath, (opened) => {
    migrate(opened);
    optimize(opened, true);
    seedUnits(opened, options.units ?? unitsConfigSchema.parse(sampleUnits));
    new Directory(opened, now).seedSampleIfNew();
  }, options.key ?? null);
  const { db } = store;
  const stopNoting = noteRunning(options.dataDir);
  const directory = new Directory(db, now);
  const health = new StorageHealth(now);
  if (store.degraded) health.openedDegraded(store.degraded.kind);
  const log = options.log ?? ((message, error) => console.error(message, error));
  const config = new KioskConfig(db);
  const sessions = new StaffSessions(now);
  const enquiries = new Enquiries(db, now);
  const forums = new Forums(db, now, options.assetsDir);
  const { autoStart = true, ...tuning } = options.sync ?? {};
  const sync = new SyncEngine({
    ...tuning,
    db,
    credentials: () => config.hubCredentials(),
    now,
    log,
    onDirectoryChanged: () => directory.importedFromHub(),
  });
  const backups = new BackupScheduler({
    databasePath,
    dataDir: options.dataDir,
    now,
    settings: () => config.get() ?? DEFAULT_SETTINGS,
    classify: (error) => storageProblemOf(error, options.dataDir),
    log,
    key: store.degraded ? null : (options.key ?? null),
  });
  const retention = new RetentionScheduler({ db, now, settings: () => config.get() ?? DEFAULT_SETTINGS, log });
  const storageStatus = (): StorageStatus => {
    const problem = health.problem;
    const newest = listBackups(options.dataDir)[0];
    const failed = backups.failed;
    return {
      problem: problem && {
        kind: problem.kind,
        since: problem.since,
        readOnlyCopyOf: store.degraded?.copyOf ?? null,
        backupTakenAt: store.degraded?.backup?.takenAt ?? null,
      },
      dataDir: options.dataDir,
      lastBackup: newest ? { takenAt: newest.takenAt, bytes: newest.bytes } : null,
      backupsKept: (config.get() ?? DEFAULT_SETTINGS).backupsKept,
      backupFailed: failed === 'other' ? 'unavailable' : failed,
    };
  };
  let credentials = JSON.stringify(config.hubCredentials());
  /** The engine runs while a hub address and token are set; a new address or token restarts it at once. */
  const hubSettingsChanged = () => {
    const current = JSON.stringify(config.hubCredentials());
    const changed = current !== credentials;
    credentials = current;
    if (!autoStart) return;
    if (config.hubCredentials() === null) return sync.stop();
    if (changed) sync.stop();
    sync.start();
  };
  const handlers = createHandlers({
    db,
    config,
    sessions,
    directory,
    enquiries,
    forums,
    sync,
    hubSettingsChanged,
    unknownSignIns: new UnknownAccountLockout(),
    readOnly: store.degraded !== null,
    now,
    log,
    storage: {
      status: storageStatus,
      backupNow: async () => {
        if (health.degraded) {
          const kind = health.problem?.kind ?? 'unavailable';
          throw new AppFailure({ code: `storage/${kind}`, message: 'The kiosk is running on a read-only copy: there is nothing new to back up.' });
        }
        await backups.runNow();
        return storageStatus();
      },
    },
  });
  const totalChanges = db.prepare('SELECT total_changes()').pluck();

  async function dispatch(channel: unknown, input: unknown, caller: string): Promise<Result<unknown>> {
    if (!isChannelName(channel)) {
      // Said without turning the name into text: a caller may send any value (a deeply nested array would overflow the stack).
      return fail('channel/unknown', typeof channel === 'string' ? `No channel named ${channel.slice(0, 80)}.` : `A channel name is text, not ${typeof channel}.`);
    }
    const spec = contract[channel];
    const idleMinutes = config.get()?.staffSessionMinutes ?? DEFAULT_SETTINGS.staffSessionMinutes;
    const session = sessions.touch(caller, idleMinutes);
    const role = session?.role ?? 'resident';
    if (!spec.roles.includes(role)) {
      return session
        ? fail('auth/forbidden', `The ${role} role may not use ${channel}.`)
        : fail('auth/required', `Sign in to use ${channel}.`);
    }
    // The role first: a caller who may not use a channel learns nothing about its input's shape.
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      return fail('input/invalid', `Input for ${channel} was refused.`, { fields: fieldErrorsFrom(parsed.error) });
    }
    const context: CallContext = { caller, role, session };
    const changesBefore = totalChanges.get() as number;
    try {
      const handler = handlers[channel] as Handler<ChannelName>;
      const answer = ok(await handler(parsed.data as never, context));
      // A write went through: a full disk has been cleared, say, and the staff notice can go.
      if ((totalChanges.get() as number) !== changesBefore) health.wrote();
      return answer;
    } catch (error) {
      if (error instanceof AppFailure) return { ok: false, error: error.error };
      const storageProblem = storageProblemOf(error, options.dataDir);
      if (storageProblem) {
        // On a read-only copy every save fails as "read-only": the reason the kiosk opened on it is the one to tell.
        health.record(storageProblem);
        const kind = health.problem?.kind ?? storageProblem;
        log(`Handler for ${channel} could not use the database (${kind})`, error);
        return fail(`storage/${kind}`, 'The kiosk could not save or read its data.');
      }
      log(`Handler for ${channel} failed`, error);
      return fail('internal', 'Something went wrong inside the app.');
    }
  }

  // A kiosk runs for weeks between restarts: refresh the planner's statistics as enquiries pile up.
  const optimizer = setInterval(() => {
    if (!store.degraded) optimize(db);
  }, OPTIMIZE_EVERY_MS);
  optimizer.unref();
  // On a read-only copy nothing can be saved: no sync (pulled changes could not be kept) and no backups
  // (they would be copies of the copy, and could rotate a good backup out).
  if (!store.degraded) {
    if (autoStart && config.hubCredentials()) sync.start();
    if (options.autoBackup ?? true) backups.start();
    // Never on a read-only copy: it could not log what it removed, and must not remove from a copy.
    retention.start();
  }

  return {
    dispatch,
    forgetCaller: (caller) => sessions.end(caller),
    settings: () => config.get(),
    sync,
    backups,
    retention,
    storageStatus,
    databasePath,
    close: () => {
      sync.stop();
      backups.stop();
      retention.stop();
      clearInterval(optimizer);
      db.close();
      store.cleanUp();
      stopNoting();
    },
  };
}
