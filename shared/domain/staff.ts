import { z } from 'zod';
import { lineOfText } from './text';
import { STAFF_ROLES, type StaffRole } from './roles';

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
  /** A chair's forum: the only one they see and work on. Null for other roles. */
  readonly forumId: string | null;
}

/** After this many wrong PINs in a row an account locks, for longer each time. */
export const MAX_FAILED_SIGN_INS = 5;

/** An administrator adding an account. A chair belongs to one forum and sees its issues. */
export const newAccountSchema = newStaffSchema
  .extend({
    role: z.enum(STAFF_ROLES),
    forumId: z.string().max(40).nullable(),
  })
  .superRefine((account, context) => {
    if (account.role === 'chair' && !account.forumId) {
      context.addIssue({ code: 'custom', path: ['forumId'], message: 'required' });
    }
  });
export type NewAccountInput = z.input<typeof newAccountSchema>;

export const setDisabledSchema = z.object({ id: z.uuid(), disabled: z.boolean() });
export const resetPinSchema = z.object({ id: z.uuid(), pin: pinSchema });

/** A staff account as administrators see it in the list (never the PIN hash). */
export interface StaffAccount {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly forumId: string | null;
  readonly disabled: boolean;
  /** Locked after too many wrong PINs, until this time. */
  readonly lockedUntil: string | null;
}
