import { z } from 'zod';
import { lineOfText } from './text';
import type { StaffRole } from './roles';

/** A PIN is 6 to 12 digits: typed on the kiosk's number pad, and what leaves kiosk mode. */
export const pinSchema = z.string().regex(/^[0-9]*$/, 'format').min(6).max(12);

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(40)
  .regex(/^[a-z0-9._-]+$/, 'format');

export const displayNameSchema = lineOfText(1, 80);

export const newStaffSchema = z.object({
  displayName: displayNameSchema,
  username: usernameSchema,
  pin: pinSchema,
});

export const signInSchema = z.object({
  username: usernameSchema,
  // Any length is checked against the hash: a short PIN is simply wrong, not a format error to reveal.
  pin: z.string().min(1).max(64),
});

/** The signed-in person on this screen, as the renderer sees it (never the hash). */
export interface StaffSession {
  readonly staffId: string;
  readonly displayName: string;
  readonly username: string;
  readonly role: StaffRole;
}

/** After this many wrong PINs in a row an account locks, for longer each time. */
export const MAX_FAILED_SIGN_INS = 5;
