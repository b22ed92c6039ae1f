import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contract, isChannelName, type ChannelName } from '../../shared/ipc/contract';
import { AppFailure, fail, ok, type Result } from '../../shared/ipc/result';
import { fieldErrorsFrom } from '../../shared/ipc/fieldErrors';
import { unitsConfigSchema, type UnitsConfig } from '../../shared/domain/units';
import { DEFAULT_SETTINGS, type KioskSettings } from '../../shared/domain/settings';
import { migrate, openDatabase, optimize, seedUnits, type Database } from '../../db';
import sampleUnits from '../../assets/config/units.json' with { type: 'json' };
import { createHandlers, type CallContext, type Handler } from './handlers';
import { UnknownAccountLockout } from './lockout';
import { KioskConfig } from './kioskConfig';
import { StaffSessions } from './sessions';
import { Directory } from './directory';
import { Enquiries } from './enquiries';
import { Forums } from './forums';
import { SyncEngine, type SyncEngineOptions } from './sync';

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
  readonly databasePath: string;
  /** Stops the sync engine and closes the database. */
  close(): void;
}

export function createBackend(options: BackendOptions): Backend {
  mkdirSync(options.dataDir, { recursive: true });
  const databasePath = join(options.dataDir, DATABASE_FILE);
  const db: Database = openDatabase(databasePath);
  const now = options.now ?? (() => new Date());
  const directory = new Directory(db, now);
  try {
    migrate(db);
    optimize(db, true);
    seedUnits(db, options.units ?? unitsConfigSchema.parse(sampleUnits));
    directory.seedSampleIfNew();
  } catch (error) {
    db.close();
    throw error;
  }
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
    now,
  });

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
    try {
      const handler = handlers[channel] as Handler<ChannelName>;
      return ok(await handler(parsed.data as never, context));
    } catch (error) {
      if (error instanceof AppFailure) return { ok: false, error: error.error };
      log(`Handler for ${channel} failed`, error);
      return fail('internal', 'Something went wrong inside the app.');
    }
  }

  // A kiosk runs for weeks between restarts: refresh the planner's statistics as enquiries pile up.
  const optimizer = setInterval(() => optimize(db), OPTIMIZE_EVERY_MS);
  optimizer.unref();
  if (autoStart && config.hubCredentials()) sync.start();

  return {
    dispatch,
    forgetCaller: (caller) => sessions.end(caller),
    settings: () => config.get(),
    sync,
    databasePath,
    close: () => {
      sync.stop();
      clearInterval(optimizer);
      db.close();
    },
  };
}
