import { z } from 'zod';
import { DISPLAY_MODES, type DisplayMode } from '../../shared/domain/settings';
import type { Result } from '../../shared/ipc/result';

const configuredStatusSchema = z.object({ configured: z.literal(true), displayMode: z.enum(DISPLAY_MODES) });
const displayModeSchema = z.enum(DISPLAY_MODES);

/**
 * The window's mode: the kiosk's own setting once set up; before that `ONESTOP_DISPLAY_MODE`
 * (a desk PC can be set up in a normal window); otherwise kiosk, the locked-down choice.
 */
export function displayModeFrom(status: Result<unknown>, environmentMode: string | undefined): DisplayMode {
  if (status.ok) {
    const configured = configuredStatusSchema.safeParse(status.value);
    if (configured.success) return configured.data.displayMode;
  }
  const fromEnvironment = displayModeSchema.safeParse(environmentMode?.trim().toLowerCase());
  return fromEnvironment.success ? fromEnvironment.data : 'kiosk';
}
