import { randomUUID } from 'node:crypto';
import type { ChannelName, KioskStatus, ParsedInputOf, ValueOf } from '../../shared/ipc/contract';
import { AppFailure } from '../../shared/ipc/result';
import type { Role } from '../../shared/domain/roles';
import type { StaffSession } from '../../shared/domain/staff';
import type { KioskSettings } from '../../shared/domain/settings';
import {
  clearFailedSignIns,
  countStaff,
  findStaffByUsername,
  findUnit,
  insertStaff,
  listUnits,
  recordFailedSignIn,
  type Database,
} from '../../db';
import { decoyHash, hashPin, verifyPin } from './pin';
import { lockSecondsAfter } from './lockout';
import type { KioskConfig } from './kioskConfig';
import type { StaffSessions } from './sessions';
import type { Directory } from './directory';

/** What a handler knows about the call it is serving. */
export interface CallContext {
  /** Identifies the screen that called (one per window, or the browser host's page). */
  readonly caller: string;
  readonly role: Role;
  readonly session: StaffSession | null;
}

export interface BackendState {
  readonly db: Database;
  readonly config: KioskConfig;
  readonly sessions: StaffSessions;
  readonly directory: Directory;
  readonly now: () => Date;
}

export type Handler<C extends ChannelName> = (
  input: ParsedInputOf<C>,
  context: CallContext,
) => ValueOf<C> | Promise<ValueOf<C>>;

export type Handlers = { readonly [C in ChannelName]: Handler<C> };

function statusOf(state: BackendState, settings: KioskSettings | null): KioskStatus {
  if (!settings) return { configured: false };
  const unit = findUnit(state.db, settings.unitId);
  if (!unit) return { configured: false };
  return {
    configured: true,
    unit,
    deviceCode: settings.deviceCode,
    defaultLanguage: settings.defaultLanguage,
    idleTimeoutSeconds: settings.idleTimeoutSeconds,
    staffSessionMinutes: settings.staffSessionMinutes,
    displayMode: settings.displayMode,
    directorySample: state.directory.info().sample,
  };
}

function requireSettings(state: BackendState): KioskSettings {
  const settings = state.config.get();
  if (!settings) throw new AppFailure({ code: 'kiosk/not-configured', message: 'The kiosk has not been set up yet.' });
  return settings;
}

/** The backend's handlers: one per channel, each given input that has already passed its schema and role check. */
export function createHandlers(state: BackendState): Handlers {
  const { db, config, sessions, directory, now } = state;
  return {
    'kiosk:status': () => statusOf(state, config.get()),

    'units:list': () => listUnits(db),

    'kiosk:setup': async (input) => {
      if (config.get() || countStaff(db) > 0) {
        throw new AppFailure({ code: 'kiosk/already-configured', message: 'This kiosk is already set up.' });
      }
      if (!findUnit(db, input.unitId)) {
        throw new AppFailure({
          code: 'unit/unknown',
          message: `No unit with id ${input.unitId}.`,
          fields: { unitId: { code: 'format' } },
        });
      }
      const pinHash = await hashPin(input.admin.pin);
      // Hashing yields to the event loop: check again inside the transaction so two setups cannot both win.
      db.transaction(() => {
        if (countStaff(db) > 0) {
          throw new AppFailure({ code: 'kiosk/already-configured', message: 'This kiosk is already set up.' });
        }
        insertStaff(db, {
          id: randomUUID(),
          username: input.admin.username,
          displayName: input.admin.displayName,
          role: 'admin',
          forumId: null,
          pinHash,
          createdAt: now().toISOString(),
        });
        config.write({
          unitId: input.unitId,
          deviceCode: input.deviceCode,
          hubUrl: input.hubUrl,
          defaultLanguage: input.defaultLanguage,
          displayMode: input.displayMode,
        });
      })();
      return statusOf(state, config.get());
    },

    'auth:signIn': async (input, context) => {
      requireSettings(state);
      const staff = findStaffByUsername(db, input.username);
      const invalid = new AppFailure({
        code: 'auth/invalid-credentials',
        message: 'That username and PIN do not match an account on this kiosk.',
      });
      if (!staff || staff.disabledAt) {
        await verifyPin(input.pin, await decoyHash);
        throw invalid;
      }
      const lockedUntil = staff.lockedUntil ? Date.parse(staff.lockedUntil) : 0;
      if (lockedUntil > now().getTime()) {
        throw new AppFailure({
          code: 'auth/locked',
          message: 'Too many wrong PINs: this account is locked for a while.',
          retryAfterSeconds: Math.ceil((lockedUntil - now().getTime()) / 1000),
        });
      }
      if (!(await verifyPin(input.pin, staff.pinHash))) {
        const failed = staff.failedSignIns + 1;
        const lockSeconds = lockSecondsAfter(failed);
        const until = lockSeconds > 0 ? new Date(now().getTime() + lockSeconds * 1000).toISOString() : null;
        recordFailedSignIn(db, staff.id, failed, until);
        if (lockSeconds > 0) {
          throw new AppFailure({
            code: 'auth/locked',
            message: 'Too many wrong PINs: this account is locked for a while.',
            retryAfterSeconds: lockSeconds,
          });
        }
        throw invalid;
      }
      clearFailedSignIns(db, staff.id);
      const session: StaffSession = {
        staffId: staff.id,
        displayName: staff.displayName,
        username: staff.username,
        role: staff.role,
      };
      sessions.start(context.caller, session);
      return session;
    },

    'auth:signOut': (_input, context) => {
      sessions.end(context.caller);
      return null;
    },

    'auth:session': (_input, context) => context.session,

    'directory:info': () => directory.info(),
    'directory:search': (input) => (input.query === '' ? { hits: [], topicIds: [] } : directory.search(input.query, input.language)),
    'directory:browse': (input) => directory.browse(input),
    // The unit's own One Stop Shop is the location `loc-oss-<unit id>` (assets/README.md).
    'directory:service': (input) => {
      const unitId = config.get()?.unitId;
      return directory.detail(input.id, unitId ? `loc-oss-${unitId}` : null, input.language);
    },
    'directory:import': (input) => directory.import(input),
    'directory:export': (input) => directory.export(input.format),

    'settings:get': () => requireSettings(state),

    'settings:update': (input) => {
      requireSettings(state);
      return config.write(input);
    },
  };
}
