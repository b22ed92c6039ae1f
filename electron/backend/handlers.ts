import { randomUUID } from 'node:crypto';
import type { ChannelName, KioskStatus, ParsedInputOf, StorageStatus, ValueOf } from '../../shared/ipc/contract';
import { AppFailure } from '../../shared/ipc/result';
import type { Role } from '../../shared/domain/roles';
import type { StaffAccount, StaffSession } from '../../shared/domain/staff';
import type { KioskSettings } from '../../shared/domain/settings';
import {
  clearFailedSignIns,
  countActiveAdmins,
  countStaff,
  findStaffById,
  findStaffByUsername,
  findUnit,
  insertStaff,
  listStaff,
  listUnits,
  recordFailedSignIn,
  setStaffDisabled,
  setStaffPin,
  type Database,
  type StaffRecord,
} from '../../db';
import { decoyHash, hashPin, verifyPin } from './pin';
import { lockSecondsAfter, type UnknownAccountLockout } from './lockout';
import type { KioskConfig } from './kioskConfig';
import type { StaffSessions } from './sessions';
import type { Directory } from './directory';
import type { Enquiries, KioskPlace } from './enquiries';
import type { Forums } from './forums';
import type { SyncEngine } from './sync';
import { lastRetentionRun } from '../../db/retention';
import { listErasures } from '../../db/erasure';
import { auditedRead, enquiryList, exportReads, oneEnquiry, type ReadShown } from './readAudit';
import { SubjectAccess } from './subjectAccess';

/** How many of the latest erasures the administrator's list shows. */
const ERASURES_LISTED = 50;

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
  readonly enquiries: Enquiries;
  readonly forums: Forums;
  readonly sync: SyncEngine;
  /** Starts, restarts or stops the sync engine after the hub address or token may have changed. */
  readonly hubSettingsChanged: () => void;
  /** The kiosk runs on a read-only copy of its data (storage trouble): nothing can be written. */
  readonly readOnly: boolean;
  /** Wrong PINs for usernames no account has (and, on a read-only copy, for every account), counted as an account's are (see `checkCredentials`). */
  readonly unknownSignIns: UnknownAccountLockout;
  readonly now: () => Date;
  readonly log: (message: string, error: unknown) => void;
  /** The storage's state and the administrator's "back up now". */
  readonly storage: {
    readonly status: () => StorageStatus;
    readonly backupNow: () => Promise<StorageStatus>;
  };
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
    retention: {
      contactMonthsAfterClose: settings.retentionContactMonths,
      enquiryAnonymiseYears: settings.retentionEnquiryYears,
      readAuditYears: settings.retentionReadAuditYears,
    },
  };
}

function requireSettings(state: BackendState): KioskSettings {
  const settings = state.config.get();
  if (!settings) throw new AppFailure({ code: 'kiosk/not-configured', message: 'The kiosk has not been set up yet.' });
  return settings;
}

function requirePlace(state: BackendState): KioskPlace {
  const settings = requireSettings(state);
  const unit = findUnit(state.db, settings.unitId);
  if (!unit) throw new AppFailure({ code: 'kiosk/not-configured', message: 'The kiosk has no unit.' });
  return { settings, unit };
}

function accountOf(record: StaffRecord): StaffAccount {
  return {
    id: record.id,
    username: record.username,
    displayName: record.displayName,
    role: record.role,
    forumId: record.forumId,
    disabled: record.disabledAt !== null,
    lockedUntil: record.lockedUntil,
  };
}

function requireAccount(db: Database, id: string): StaffRecord {
  const record = findStaffById(db, id);
  if (!record) throw new AppFailure({ code: 'staff/not-found', message: 'No staff account with that id.' });
  return record;
}

const INVALID_CREDENTIALS = {
  code: 'auth/invalid-credentials',
  message: 'That username and PIN do not match an account on this kiosk.',
} as const;

const locked = (retryAfterSeconds: number) =>
  new AppFailure({ code: 'auth/locked', message: 'Too many wrong PINs: this account is locked for a while.', retryAfterSeconds });

/**
 * Checks a username and PIN with the lockout rules: the same answers for an unknown account and a
 * wrong PIN, in the same time (a PIN is always hashed), and five failures lock the name for longer
 * each time, whether or not an account has it.
 */
async function checkCredentials(state: BackendState, username: string, pin: string): Promise<StaffRecord> {
  const { db, now, unknownSignIns } = state;
  const staff = findStaffByUsername(db, username);
  if (!staff || staff.disabledAt) {
    await verifyPin(pin, await decoyHash);
    const lockedMs = unknownSignIns.lockedFor(username, now().getTime());
    if (lockedMs > 0) throw locked(Math.ceil(lockedMs / 1000));
    const lockSeconds = unknownSignIns.fail(username, now().getTime());
    throw lockSeconds > 0 ? locked(lockSeconds) : new AppFailure(INVALID_CREDENTIALS);
  }
  const nowMs = now().getTime();
  // On a read-only copy (storage trouble) nothing can be written: wrong PINs are counted in memory instead, as for unknown names.
  const memoryLockMs = state.readOnly ? unknownSignIns.lockedFor(username, nowMs) : 0;
  const lockedUntil = Math.max(staff.lockedUntil ? Date.parse(staff.lockedUntil) : 0, nowMs + memoryLockMs);
  if (lockedUntil > nowMs) {
    await verifyPin(pin, await decoyHash);
    throw locked(Math.ceil((lockedUntil - nowMs) / 1000));
  }
  if (!(await verifyPin(pin, staff.pinHash))) {
    if (state.readOnly) {
      const lockSeconds = unknownSignIns.fail(username, now().getTime());
      throw lockSeconds > 0 ? locked(lockSeconds) : new AppFailure(INVALID_CREDENTIALS);
    }
    const failed = staff.failedSignIns + 1;
    const lockSeconds = lockSecondsAfter(failed);
    const until = lockSeconds > 0 ? new Date(now().getTime() + lockSeconds * 1000).toISOString() : null;
    recordFailedSignIn(db, staff.id, failed, until);
    throw lockSeconds > 0 ? locked(lockSeconds) : new AppFailure(INVALID_CREDENTIALS);
  }
  if (!state.readOnly && (staff.failedSignIns > 0 || staff.lockedUntil)) clearFailedSignIns(db, staff.id);
  return staff;
}

/** The backend's handlers: one per channel, each given input that has already passed its schema and role check. */
export function createHandlers(state: BackendState): Handlers {
  const { db, config, sessions, directory, enquiries, forums, sync, now } = state;
  const audited = <T>(channel: ChannelName, session: StaffSession | null, read: () => T, shown: (value: T) => ReadShown) =>
    auditedRead(db, now, channel, session, read, shown);
  const subjectAccess = new SubjectAccess({
    db,
    now,
    credentials: () => config.hubCredentials(),
    unitId: () => config.get()?.unitId ?? null,
    onErased: () => sync.changed(),
    log: state.log,
  });
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
      state.hubSettingsChanged();
      return statusOf(state, config.get());
    },

    'auth:signIn': async (input, context) => {
      requireSettings(state);
      const staff = await checkCredentials(state, input.username, input.pin);
      const session: StaffSession = {
        staffId: staff.id,
        displayName: staff.displayName,
        username: staff.username,
        role: staff.role,
        forumId: staff.role === 'chair' ? staff.forumId : null,
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

    'kiosk:exit': async (input) => {
      requireSettings(state);
      const staff = await checkCredentials(state, input.username, input.pin);
      if (staff.role === 'chair') throw new AppFailure({ code: 'auth/forbidden', message: 'Only staff and administrators may leave kiosk mode.' });
      return { exit: true };
    },

    'staff:list': () => listStaff(db).map(accountOf),

    'staff:add': async (input) => {
      const refuseTaken = () => {
        if (findStaffByUsername(db, input.username)) {
          throw new AppFailure({ code: 'input/invalid', message: 'That username is taken.', fields: { username: { code: 'taken' } } });
        }
      };
      refuseTaken();
      if (input.role === 'chair' && !listUnits(db).some((unit) => unit.forum.id === input.forumId)) {
        throw new AppFailure({ code: 'input/invalid', message: 'No such forum.', fields: { forumId: { code: 'format' } } });
      }
      const id = randomUUID();
      const pinHash = await hashPin(input.pin);
      // Hashing yields to the event loop: check again, so a second add of the same name is "taken", not a crash.
      refuseTaken();
      insertStaff(db, {
        id,
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        forumId: input.role === 'chair' ? input.forumId : null,
        pinHash,
        createdAt: now().toISOString(),
      });
      return accountOf(requireAccount(db, id));
    },

    'staff:setDisabled': (input, context) => {
      const account = requireAccount(db, input.id);
      const lastActiveAdmin = account.role === 'admin' && account.disabledAt === null && countActiveAdmins(db) <= 1;
      if (input.disabled && (account.id === context.session?.staffId || lastActiveAdmin)) {
        throw new AppFailure({ code: 'staff/last-admin', message: 'You cannot stop your own account or the last administrator.' });
      }
      setStaffDisabled(db, account.id, input.disabled ? now().toISOString() : null);
      if (input.disabled) sessions.endAccount(account.id);
      return accountOf(requireAccount(db, account.id));
    },

    'staff:resetPin': async (input) => {
      const account = requireAccount(db, input.id);
      setStaffPin(db, account.id, await hashPin(input.pin));
      return accountOf(requireAccount(db, account.id));
    },

    'enquiries:raise': (input) => enquiries.raise(requirePlace(state), input),
    'enquiries:check': (input) => enquiries.check(input.reference),
    // Every answer that is a whole enquiry (contact details, private details, staff notes) is an
    // audited read, and so is a list searched by text, which reaches private details (electron/README.md, "Audit of reads").
    'enquiries:log': (input, context) =>
      audited('enquiries:log', context.session, () => enquiries.log(requirePlace(state), input, context.session), oneEnquiry),
    // A chair sees and changes their own forum's enquiries only.
    'enquiries:list': (input, { session }) => {
      const list = () =>
        enquiries.list(session?.role === 'chair' ? { ...input, filter: { ...input.filter, forumId: session.forumId ?? '' } } : input);
      return input.filter.text ? audited('enquiries:list', session, list, (page) => enquiryList(page.rows)) : list();
    },
    'enquiries:get': (input, { session }) => {
      forums.checkEnquiryForum(session, input.id);
      return audited('enquiries:get', session, () => enquiries.get(input.id), oneEnquiry);
    },
    'enquiries:similar': (input) => enquiries.similar(input),
    'enquiries:setStatus': (input, { session }) => {
      forums.checkEnquiryForum(session, input.id);
      return audited('enquiries:setStatus', session, () => enquiries.setStatus(input, session), oneEnquiry);
    },
    'enquiries:route': (input, context) => audited('enquiries:route', context.session, () => enquiries.route(input, context.session), oneEnquiry),
    'enquiries:merge': (input, { session }) => {
      forums.checkEnquiryForum(session, input.id);
      forums.checkEnquiryForum(session, input.into);
      return audited('enquiries:merge', session, () => enquiries.merge(input, session), oneEnquiry);
    },

    'forums:meetings': (input) => forums.meetings(input.forumId),
    'forums:saveMeeting': (input, { session }) => forums.saveMeeting(input, session),
    'forums:overview': (input, { session }) => forums.overview(input, session),
    'forums:agenda': (input, { session }) => forums.agenda(input.meetingId, session),
    'forums:saveItem': (input, { session }) => forums.saveItem(input, session),
    'forums:orderItems': (input, { session }) => forums.orderItems(input, session),
    'forums:removeItem': (input, { session }) => forums.removeItem(input, session),
    'forums:recordOutcome': (input, { session }) => forums.recordOutcome(input, session),
    'forums:review': (input, { session }) => forums.review(input, session),
    'forums:export': (input, { session }) => forums.export(input, session),

    'sync:status': () => sync.status(),

    'sync:now': async () => {
      if (!config.hubCredentials()) {
        throw new AppFailure({ code: 'sync/not-configured', message: 'Set the hub address and this kiosk\'s token in Settings first.' });
      }
      return sync.syncNow();
    },

    'sync:retry': (input) => {
      if (!sync.sendAgain(input.seq)) {
        throw new AppFailure({ code: 'sync/not-rejected', message: `No refused change ${input.seq} waits to be sent again.` });
      }
      return sync.status();
    },

    'storage:status': () => state.storage.status(),

    'storage:backup': () => state.storage.backupNow(),

    'settings:get': () => requireSettings(state),

    'audit:export': (input) => exportReads(db, now, input),

    'privacy:search': (input, { session }) => subjectAccess.search(input, session),
    'privacy:export': (input, { session }) => subjectAccess.export(input, session),
    'privacy:erase': (input, { session }) => subjectAccess.erase(input, session),
    'privacy:erasures': () => listErasures(db, ERASURES_LISTED),

    'retention:status': () => ({ lastRun: lastRetentionRun(db) }),

    'settings:update': (input) => {
      requireSettings(state);
      const settings = config.write(input);
      state.hubSettingsChanged();
      return settings;
    },
  };
}
