import { z } from 'zod';
import { DEFAULT_SETTINGS, editableSettingsSchema, HUB_TOKEN, type EditableSettings, type KioskSettings } from '../../shared/domain/settings';
import { readSettings, writeSettings, type Database } from '../../db';

const identitySchema = z.object({ unitId: z.string(), deviceCode: z.string() });

/** The settings key of the hub's device token; only `hubCredentials` reads it. */
const HUB_TOKEN_KEY = 'hubToken';

/** Where the hub is and how this kiosk proves who it is: what the sync engine needs to reach it. */
export interface HubCredentials {
  readonly hubUrl: string;
  readonly token: string;
}

/** What may be written: the editable settings, the identity chosen at setup, and the hub token ('' clears it). */
export type SettingsEntries = Partial<EditableSettings & { unitId: string; deviceCode: string; hubToken: string }>;

/**
 * The kiosk's settings as stored in the database, read once and kept in memory.
 * Unknown or damaged values fall back to the defaults rather than stopping the kiosk.
 */
export class KioskConfig {
  private cached: KioskSettings | null | undefined;
  private token: string | null | undefined;

  constructor(private readonly db: Database) {}

  /** null until first-run setup has chosen the unit and device code. Never holds the hub token. */
  get(): KioskSettings | null {
    if (this.cached !== undefined) return this.cached;
    const stored = readSettings(this.db);
    const identity = identitySchema.safeParse(stored);
    const token = stored[HUB_TOKEN_KEY];
    this.token = typeof token === 'string' && HUB_TOKEN.test(token) ? token : null;
    if (!identity.success) return (this.cached = null);
    const editable = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof typeof DEFAULT_SETTINGS)[]) {
      const parsed = editableSettingsSchema.shape[key].safeParse(stored[key]);
      if (parsed.success) Object.assign(editable, { [key]: parsed.data });
    }
    return (this.cached = { ...editable, ...identity.data, hubTokenSet: this.token !== null });
  }

  /** The hub's address and this kiosk's token, or null while either is missing (the kiosk then works offline). */
  hubCredentials(): HubCredentials | null {
    const settings = this.get();
    if (!settings || settings.hubUrl === '' || !this.token) return null;
    return { hubUrl: settings.hubUrl, token: this.token };
  }

  write(entries: SettingsEntries): KioskSettings {
    writeSettings(this.db, entries);
    this.cached = undefined;
    const settings = this.get();
    if (!settings) throw new Error('Settings written without a unit and device code');
    return settings;
  }
}
