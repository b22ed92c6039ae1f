import { z } from 'zod';
import { DEFAULT_SETTINGS, editableSettingsSchema, type KioskSettings } from '../../shared/domain/settings';
import { readSettings, writeSettings, type Database } from '../../db';

const identitySchema = z.object({ unitId: z.string(), deviceCode: z.string() });

/**
 * The kiosk's settings as stored in the database, read once and kept in memory.
 * Unknown or damaged values fall back to the defaults rather than stopping the kiosk.
 */
export class KioskConfig {
  private cached: KioskSettings | null | undefined;

  constructor(private readonly db: Database) {}

  /** null until first-run setup has chosen the unit and device code. */
  get(): KioskSettings | null {
    if (this.cached !== undefined) return this.cached;
    const stored = readSettings(this.db);
    const identity = identitySchema.safeParse(stored);
    if (!identity.success) return (this.cached = null);
    const editable = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof typeof DEFAULT_SETTINGS)[]) {
      const parsed = editableSettingsSchema.shape[key].safeParse(stored[key]);
      if (parsed.success) Object.assign(editable, { [key]: parsed.data });
    }
    return (this.cached = { ...editable, ...identity.data });
  }

  write(entries: Partial<KioskSettings>): KioskSettings {
    writeSettings(this.db, entries);
    this.cached = undefined;
    const settings = this.get();
    if (!settings) throw new Error('Settings written without a unit and device code');
    return settings;
  }
}
