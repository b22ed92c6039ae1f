import { z } from 'zod';
import { ADMIN_ONLY, ANYONE, SIGNED_IN, type Role } from '../domain/roles';
import { deviceCodeSchema, unitIdSchema, type Unit } from '../domain/units';
import { DISPLAY_MODES, hubUrlSchema, settingsUpdateSchema, type KioskSettings, type DisplayMode } from '../domain/settings';
import type { SyncStatus } from '../sync/status';
import type { RetentionKind } from '../enquiries/retention';
import {
  newAccountSchema,
  newStaffSchema,
  resetPinSchema,
  setDisabledSchema,
  signInSchema,
  type StaffAccount,
  type StaffSession,
} from '../domain/staff';
import {
  changeStatusSchema,
  enquiryListSchema,
  logEnquirySchema,
  mergeSchema,
  raiseIssueSchema,
  referenceSchema,
  routeSchema,
  similarSchema,
  type EnquiryDetail,
  type EnquiryPage,
  type EnquiryReceipt,
  type PublicEnquiryStatus,
  type SimilarEnquiries,
} from '../enquiries/model';
import { LANGUAGE_CODES, type LanguageCode } from '../i18n/languages';
import {
  agendaItemInputSchema,
  agendaOrderSchema,
  exportRequestSchema,
  forumPeriodSchema,
  meetingInputSchema,
  recordOutcomeSchema,
  removeAgendaItemSchema,
  type AgendaView,
  type ExportFile,
  type ExportReview,
  type ForumOverview,
  type MeetingView,
} from '../forums/model';
import { BODIES, TOPIC_GROUPS, TOPIC_IDS } from '../directory/topics';
import { cleanText } from '../domain/text';
import type { RetentionPeriods } from '../domain/privacy';
import { inCalendarYears } from '../domain/calendar';
import {
  subjectEraseSchema,
  subjectExportSchema,
  subjectSearchSchema,
  type ErasureAnswer,
  type ErasureEntry,
  type SubjectSearchAnswer,
} from '../enquiries/subjectAccess';
import type { DirectoryInfo, DirectorySearchResult, ServiceDetail, ServiceSummary } from '../directory/views';
import type { ImportReport } from '../directory/importReport';

/**
 * One IPC channel: its input schema (validated in main before anything runs), the roles that may
 * call it (checked in main), and its result type (phantom: carried only in the type).
 */
export interface ChannelSpec<Input extends z.ZodType, Value> {
  readonly input: Input;
  readonly roles: readonly Role[];
  readonly summary: string;
  readonly _value?: Value;
}

/** Declares a channel whose success value is `Value`. */
function channel<Value>() {
  return <Input extends z.ZodType>(spec: { input: Input; roles: readonly Role[]; summary: string }) =>
    spec as ChannelSpec<Input, Value>;
}

const none = z.undefined();

/** What the resident screen needs to know about the kiosk it runs on. */
export type KioskStatus =
  | { readonly configured: false }
  | {
      readonly configured: true;
      readonly unit: Unit;
      readonly deviceCode: string;
      readonly defaultLanguage: LanguageCode;
      readonly idleTimeoutSeconds: number;
      readonly staffSessionMinutes: number;
      readonly displayMode: DisplayMode;
      /** The bundled sample directory is loaded: screens showing services say so. */
      readonly directorySample: boolean;
      /** How long personal data is kept, as the administrator set it: what residents are told. */
      readonly retention: RetentionPeriods;
    };

/** Why the kiosk cannot save: the disk is full, the data folder is read-only, the file is damaged, or a disk error. */
export const STORAGE_PROBLEM_KINDS = ['full', 'read-only', 'corrupt', 'unavailable'] as const;
export type StorageProblemKind = (typeof STORAGE_PROBLEM_KINDS)[number];

/** The retention job's last run (README, "Retention"): when, and how many of each kind it removed. Counts only. */
export interface RetentionStatus {
  readonly lastRun: { readonly at: string; readonly removed: Readonly<Record<RetentionKind, number>> } | null;
}

/**
 * The state of the kiosk's storage, for the staff screens' notice and the administrator's backups.
 * Holds no personal data: it is readable before anyone signs in, so the sign-in screen can say
 * what happened when no account can be read.
 */
export interface StorageStatus {
  /** Null while saving works. */
  readonly problem: {
    readonly kind: StorageProblemKind;
    /** When it was first seen (ISO 8601). */
    readonly since: string;
    /**
     * The kiosk opened on a read-only copy (residents' directory and reading work; nothing can be
     * saved until the problem is put right and the kiosk restarted), made from its own file, its
     * newest good backup, or nothing at all (the bundled sample directory).
     */
    readonly readOnlyCopyOf: 'own-file' | 'backup' | 'nothing' | null;
    /** When the backup the copy was made from was taken. */
    readonly backupTakenAt: string | null;
  } | null;
  /** The folder holding the database and its backups, for IT support. */
  readonly dataDir: string;
  readonly lastBackup: { readonly takenAt: string; readonly bytes: number } | null;
  readonly backupsKept: number;
  /** Why the last scheduled backup failed, when it did. */
  readonly backupFailed: StorageProblemKind | null;
}

export const setupInputSchema = z.object({
  unitId: unitIdSchema,
  deviceCode: deviceCodeSchema,
  hubUrl: hubUrlSchema,
  defaultLanguage: z.enum(LANGUAGE_CODES),
  displayMode: z.enum(DISPLAY_MODES),
  admin: newStaffSchema,
});
export type SetupInput = z.input<typeof setupInputSchema>;

export type { SyncStatus, RejectedChange } from '../sync/status';

const DESK: readonly Role[] = ['staff', 'admin'];
/** A chair works on their own forum only (checked in the backend); an administrator on any. */
const FORUM: readonly Role[] = ['chair', 'admin'];

/** Directory files are read by the renderer from a file the staff member chose; 25 MB covers 20,000 services. */
const MAX_DIRECTORY_FILE = 25 * 1024 * 1024;

export const directoryImportSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), fileName: z.string().min(1).max(200), content: z.string().max(MAX_DIRECTORY_FILE) }),
  z.object({
    format: z.literal('csv'),
    files: z
      .record(z.string().min(1).max(200), z.string().max(MAX_DIRECTORY_FILE))
      .refine((files) => Object.keys(files).length >= 1 && Object.keys(files).length <= 20, 'format'),
  }),
]);

const auditDateSchema = z.iso.date().refine(inCalendarYears, { message: 'format' });

/** The audit of reads for a period of the kiosk's local days, both ends inclusive, either open. */
export const auditExportSchema = z
  .object({ from: auditDateSchema.optional(), to: auditDateSchema.optional(), format: z.enum(['csv', 'json']) })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { path: ['to'], message: 'order' });
export type AuditExportInput = z.input<typeof auditExportSchema>;

/**
 * Every channel between renderer and main, named `domain:verb`.
 * Adding a channel here adds a typed client function and forces a handler in the backend.
 */
export const contract = {
  'kiosk:status': channel<KioskStatus>()({
    input: none,
    roles: ANYONE,
    summary: 'Whether the kiosk is set up, and its unit, device and display settings.',
  }),
  'kiosk:setup': channel<KioskStatus>()({
    input: setupInputSchema,
    roles: ANYONE,
    summary: 'First run only: choose the unit and device code and create the administrator account.',
  }),
  'units:list': channel<readonly Unit[]>()({
    input: none,
    roles: ANYONE,
    summary: 'The neighbourhood units, their forums and the areas they cover.',
  }),
  'auth:signIn': channel<StaffSession>()({
    input: signInSchema,
    roles: ANYONE,
    summary: 'Sign a staff member in on this screen with their username and PIN.',
  }),
  'auth:signOut': channel<null>()({
    input: none,
    roles: ANYONE,
    summary: 'End the staff session on this screen.',
  }),
  'auth:session': channel<StaffSession | null>()({
    input: none,
    roles: ANYONE,
    summary: 'The staff member signed in on this screen, if any.',
  }),
  'directory:info': channel<DirectoryInfo>()({
    input: none,
    roles: ANYONE,
    summary: 'How many services are listed, and whether they are the bundled sample.',
  }),
  'directory:search': channel<DirectorySearchResult>()({
    input: z.object({ query: z.string().max(200).transform((q) => cleanText(q)), language: z.enum(LANGUAGE_CODES).optional() }),
    roles: ANYONE,
    summary: 'Search services as the resident types: typos, partial words and everyday words allowed.',
  }),
  'directory:browse': channel<readonly ServiceSummary[]>()({
    input: z
      .object({
        group: z.enum(TOPIC_GROUPS).optional(),
        topic: z.enum(TOPIC_IDS as [string, ...string[]]).optional(),
        body: z.enum(BODIES).optional(),
        language: z.enum(LANGUAGE_CODES).optional(),
      })
      .refine((f) => f.group !== undefined || f.topic !== undefined || f.body !== undefined, 'format'),
    roles: ANYONE,
    summary: 'Services for a topic tile, a topic or a body; the responsible body first.',
  }),
  'directory:service': channel<ServiceDetail>()({
    input: z.object({ id: z.string().min(1).max(100), language: z.enum(LANGUAGE_CODES).optional() }),
    roles: ANYONE,
    summary: "One service's details, with whether it is open now, computed offline.",
  }),
  'directory:import': channel<ImportReport>()({
    input: directoryImportSchema,
    roles: ['staff', 'admin'],
    summary: 'Import an ORUK JSON file or ORUK CSV files: all or nothing, with a report by row and field.',
  }),
  'directory:export': channel<readonly { name: string; content: string }[]>()({
    input: z.object({ format: z.enum(['json', 'csv']) }),
    roles: ['staff', 'admin'],
    summary: 'The whole directory as ORUK JSON or ORUK CSV files.',
  }),
  'kiosk:exit': channel<{ readonly exit: true }>()({
    input: signInSchema,
    roles: ANYONE,
    summary: "Leave kiosk mode: needs a staff or administrator account's username and PIN (lockout applies).",
  }),
  'staff:list': channel<readonly StaffAccount[]>()({
    input: none,
    roles: ADMIN_ONLY,
    summary: 'Every staff account on this kiosk (never a PIN).',
  }),
  'staff:add': channel<StaffAccount>()({
    input: newAccountSchema,
    roles: ADMIN_ONLY,
    summary: 'Add a staff, chair or administrator account with its first PIN.',
  }),
  'staff:setDisabled': channel<StaffAccount>()({
    input: setDisabledSchema,
    roles: ADMIN_ONLY,
    summary: 'Stop or allow an account signing in; the last administrator cannot be stopped.',
  }),
  'staff:resetPin': channel<StaffAccount>()({
    input: resetPinSchema,
    roles: ADMIN_ONLY,
    summary: "Give an account a new PIN; this also lifts a lockout.",
  }),
  'enquiries:raise': channel<EnquiryReceipt>()({
    input: raiseIssueSchema,
    roles: ANYONE,
    summary: 'A resident raises an issue for their Community Forum; answers with the reference once saved.',
  }),
  'enquiries:check': channel<PublicEnquiryStatus>()({
    input: z.object({ reference: referenceSchema }),
    roles: ANYONE,
    summary: "An issue's status and outcome by its reference, without any personal data.",
  }),
  'enquiries:log': channel<EnquiryDetail>()({
    input: logEnquirySchema,
    roles: DESK,
    summary: 'Staff log an enquiry made at the desk or by phone.',
  }),
  'enquiries:list': channel<EnquiryPage>()({
    input: enquiryListSchema,
    roles: SIGNED_IN,
    summary: 'A page of enquiries, newest first, filtered and searched, with the total.',
  }),
  'enquiries:get': channel<EnquiryDetail>()({
    input: z.object({ id: z.uuid() }),
    roles: SIGNED_IN,
    summary: 'One enquiry with its history, merged duplicates and similar open enquiries.',
  }),
  'enquiries:similar': channel<SimilarEnquiries>()({
    input: similarSchema,
    roles: DESK,
    summary: 'Open enquiries on the same topic and street in the last 30 days (the duplicate hint).',
  }),
  'enquiries:setStatus': channel<EnquiryDetail>()({
    input: changeStatusSchema,
    roles: SIGNED_IN,
    summary: "Move an enquiry along its lifecycle, with an outcome residents may read; merged ones follow.",
  }),
  'enquiries:route': channel<EnquiryDetail>()({
    input: routeSchema,
    roles: DESK,
    summary: 'Send an enquiry to another responsible body than its topic proposed.',
  }),
  'enquiries:merge': channel<EnquiryDetail>()({
    input: mergeSchema,
    roles: SIGNED_IN,
    summary: 'Merge a duplicate into another enquiry; it keeps its reference and follows the other.',
  }),
  'forums:meetings': channel<readonly MeetingView[]>()({
    input: z.object({ forumId: unitIdSchema }),
    roles: SIGNED_IN,
    summary: "A forum's meeting dates, oldest first, cancelled ones included.",
  }),
  'forums:saveMeeting': channel<MeetingView>()({
    input: meetingInputSchema,
    roles: FORUM,
    summary: 'Add a meeting date, or change or cancel one; it syncs to every kiosk of the forum.',
  }),
  'forums:overview': channel<ForumOverview>()({
    input: forumPeriodSchema,
    roles: FORUM,
    summary: 'The issues raised for a forum in a period (default: since the last meeting), grouped and counted.',
  }),
  'forums:agenda': channel<AgendaView>()({
    input: z.object({ meetingId: z.uuid() }),
    roles: FORUM,
    summary: "A meeting's agenda: its items in order, each with the enquiries it gathers.",
  }),
  'forums:saveItem': channel<AgendaView>()({
    input: agendaItemInputSchema,
    roles: FORUM,
    summary: 'Add an agenda item from issues, or change one; its enquiries go on the agenda.',
  }),
  'forums:orderItems': channel<AgendaView>()({
    input: agendaOrderSchema,
    roles: FORUM,
    summary: "Put a meeting's agenda items in a new order.",
  }),
  'forums:removeItem': channel<AgendaView>()({
    input: removeAgendaItemSchema,
    roles: FORUM,
    summary: 'Take an item off the agenda; its enquiries go back to waiting for the forum.',
  }),
  'forums:recordOutcome': channel<AgendaView>()({
    input: recordOutcomeSchema,
    roles: FORUM,
    summary: "Record what the forum decided on an item; every enquiry it gathers follows, and residents see it by reference.",
  }),
  'forums:review': channel<ExportReview>()({
    input: exportRequestSchema,
    roles: FORUM,
    summary: 'What the scrubber flags in a public export (names, phone numbers, emails, addresses), for the chair to confirm.',
  }),
  'forums:export': channel<ExportFile>()({
    input: exportRequestSchema,
    roles: FORUM,
    summary: 'An agenda (PDF, DOCX, CSV, JSON), the issues (CSV, JSON) or the meeting dates (ICS); public ones redacted.',
  }),
  'sync:status': channel<SyncStatus>()({
    input: none,
    roles: SIGNED_IN,
    summary: 'Sync at a glance: online or not, changes waiting, changes the hub refused and why, last success, last error.',
  }),
  'sync:now': channel<SyncStatus>()({
    input: none,
    roles: SIGNED_IN,
    summary: 'Sync with the hub now (joining a sync already running) and answer with the status after it.',
  }),
  'sync:retry': channel<SyncStatus>()({
    input: z.object({ seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
    roles: DESK,
    summary: 'Send a change the hub refused again, once what it objected to is fixed. Changes are never deleted by hand.',
  }),
  'storage:status': channel<StorageStatus>()({
    input: none,
    roles: ANYONE,
    summary: 'Whether the kiosk can save, and when its last backup was taken (no personal data).',
  }),
  'storage:backup': channel<StorageStatus>()({
    input: none,
    roles: ADMIN_ONLY,
    summary: 'Take a backup of the database now (it is checked before it replaces the oldest).',
  }),
  'settings:get': channel<KioskSettings>()({
    input: none,
    roles: SIGNED_IN,
    summary: "The kiosk's settings; of the hub token, only whether one is saved.",
  }),
  'settings:update': channel<KioskSettings>()({
    input: settingsUpdateSchema,
    roles: ADMIN_ONLY,
    summary: "Change the kiosk's editable settings, and save (or, with '', clear) the hub token.",
  }),
  'retention:status': channel<RetentionStatus>()({
    input: none,
    roles: ADMIN_ONLY,
    summary: 'When the retention job last ran and how many of each kind it removed (counts only, no personal data).',
  }),
  'privacy:search': channel<SubjectSearchAnswer>()({
    input: subjectSearchSchema,
    roles: DESK,
    summary: "Subject access: find one person's enquiries by name (spelling variants too), phone, email or reference, here and at the hub. An audited read.",
  }),
  'privacy:export': channel<ExportFile>()({
    input: subjectExportSchema,
    roles: DESK,
    summary: 'Subject access: everything held about the enquiries kept from a search (here and at the hub), as JSON or a readable PDF. An audited read.',
  }),
  'privacy:erase': channel<ErasureAnswer>()({
    input: subjectEraseSchema,
    roles: ADMIN_ONLY,
    summary:
      "Erasure: the same search again, then the free text and contact details of the enquiries kept ticked are erased here and, through sync, at the hub and the forum's other kiosks. The reason is recorded; it may not name the person.",
  }),
  'privacy:erasures': channel<readonly ErasureEntry[]>()({
    input: none,
    roles: ADMIN_ONLY,
    summary: 'The latest erasures made here or at the forum\'s other kiosks: when, by whom, why, which references, and whether the hub has them.',
  }),
  'audit:export': channel<ExportFile>()({
    input: auditExportSchema,
    roles: ADMIN_ONLY,
    summary: 'The audit of reads (who opened personal data, when, through which channel; never the data) as CSV or JSON.',
  }),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ValueOf<C extends ChannelName> = Contract[C] extends ChannelSpec<z.ZodType, infer V> ? V : never;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
