import { z } from 'zod';
import { LANGUAGE_CODES } from '../i18n/languages';

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

/** Settings an administrator may change after first-run setup. */
export const editableSettingsSchema = z.object({
  hubUrl: hubUrlSchema,
  defaultLanguage: z.enum(LANGUAGE_CODES),
  /** Seconds without a touch before the resident screen warns and then resets (WCAG 2.2.1). */
  idleTimeoutSeconds: z.number().int().min(30).max(600),
  /** Minutes without activity before a staff session ends. */
  staffSessionMinutes: z.number().int().min(1).max(60),
  displayMode: z.enum(DISPLAY_MODES),
});
export type EditableSettings = z.infer<typeof editableSettingsSchema>;

export const DEFAULT_SETTINGS: EditableSettings = {
  hubUrl: '',
  defaultLanguage: 'en-GB',
  idleTimeoutSeconds: 60,
  staffSessionMinutes: 10,
  displayMode: 'kiosk',
};

/** Everything the kiosk knows about itself. unitId and deviceCode are fixed at setup. */
export interface KioskSettings extends EditableSettings {
  readonly unitId: string;
  readonly deviceCode: string;
}
