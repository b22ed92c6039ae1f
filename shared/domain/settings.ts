import { z } from 'zod';
import { LANGUAGE_CODES } from '../i18n/languages';
import { DEFAULT_RETENTION, RETENTION_LIMITS } from '../enquiries/retention';

/** How this machine is used: the resident touchscreen (kiosk) or a front-desk PC (desk). */
export const DISPLAY_MODES = ['kiosk', 'desk'] as const;
export type DisplayMode = (typeof DISPLAY_MODES)[number];

/**
 * The hub's address. Empty means "no hub yet": the kiosk works fully offline.
 * Only http(s) with a plain host name or address, an optional port and path: no credentials, query
 * or fragment. The origin goes into the window's CSP, where a wildcard or odd host would widen it.
 */
const HUB_URL = /^https?:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*)(:[0-9]{1,5})?(\/[A-Za-z0-9._~/-]*)?$/;

export const hubUrlSchema = z
  .string()
  .trim()
  .max(200)
  .refine((value) => value === '' || HUB_URL.test(value), 'format');

/**
 * The device token the hub printed for this kiosk (`device add`): 64 hex characters, or 43 base64url.
 * Any run of URL-safe characters of a sensible length is accepted, so a hub that changes its token
 * format still works. Empty clears the saved token.
 */
export const HUB_TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

export const hubTokenSchema = z
  .string()
  .trim()
  .max(200)
  .refine((value) => value === '' || HUB_TOKEN.test(value), 'format');

/** Settings an administrator may change after first-run setup. */
export const editableSettingsSchema = z.object({
  hubUrl: hubUrlSchema,
  defaultLanguage: z.enum(LANGUAGE_CODES),
  /** Seconds without a touch before the resident screen warns and then resets (WCAG 2.2.1). */
  idleTimeoutSeconds: z.number().int().min(30).max(600),
  /** Minutes without activity before a staff session ends. */
  staffSessionMinutes: z.number().int().min(1).max(60),
  displayMode: z.enum(DISPLAY_MODES),
  /** Hours between automatic backups of the kiosk's database (README, "Backups and restore"). */
  backupEveryHours: z.number().int().min(1).max(168),
  /** How many backups are kept; the oldest go once a newer one has been taken and checked. */
  backupsKept: z.number().int().min(1).max(90),
  /** Retention (README, "Retention"): months after an enquiry is closed until its contact details are removed. */
  retentionContactMonths: z.number().int().min(RETENTION_LIMITS.contactMonths.min).max(RETENTION_LIMITS.contactMonths.max),
  /** Years after an enquiry is raised until it is anonymised. */
  retentionEnquiryYears: z.number().int().min(RETENTION_LIMITS.enquiryYears.min).max(RETENTION_LIMITS.enquiryYears.max),
  /** Years the audit of reads is kept. */
  retentionReadAuditYears: z.number().int().min(RETENTION_LIMITS.readAuditYears.min).max(RETENTION_LIMITS.readAuditYears.max),
});
export type EditableSettings = z.infer<typeof editableSettingsSchema>;

export const DEFAULT_SETTINGS: EditableSettings = {
  hubUrl: '',
  defaultLanguage: 'en-GB',
  idleTimeoutSeconds: 60,
  staffSessionMinutes: 10,
  displayMode: 'kiosk',
  backupEveryHours: 4,
  backupsKept: 14,
  retentionContactMonths: DEFAULT_RETENTION.contactMonths,
  retentionEnquiryYears: DEFAULT_RETENTION.enquiryYears,
  retentionReadAuditYears: DEFAULT_RETENTION.readAuditYears,
};

/**
 * What an administrator may send to change settings: any of the editable settings, and the hub
 * token, which is written only: no channel ever reads it back.
 */
export const settingsUpdateSchema = editableSettingsSchema.extend({ hubToken: hubTokenSchema }).partial();
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

/**
 * Everything the kiosk tells a screen about itself. unitId and deviceCode are fixed at setup.
 * The hub token never leaves the backend: screens learn only whether one is saved.
 */
export interface KioskSettings extends EditableSettings {
  readonly unitId: string;
  readonly deviceCode: string;
  readonly hubTokenSet: boolean;
}
