/**
 * Errors cross the IPC boundary as values, never as thrown exceptions.
 * The renderer shows `errors.<code>` from i18next; `message` is for logs and developers.
 */
export const ERROR_CODES = [
  'input/invalid',
  'channel/unknown',
  'auth/required',
  'auth/forbidden',
  'auth/invalid-credentials',
  'auth/locked',
  'kiosk/not-configured',
  'kiosk/already-configured',
  'unit/unknown',
  'directory/not-found',
  'enquiry/not-found',
  'enquiry/changed',
  'enquiry/transition',
  'enquiry/merged',
  'enquiry/held-elsewhere',
  'forums/other-forum',
  'forums/meeting-not-found',
  'forums/meeting-cancelled',
  'forums/item-not-found',
  'forums/changed',
  'forums/order',
  'forums/enquiry-unavailable',
  'forums/too-many-items',
  'forums/redaction-unconfirmed',
  'staff/not-found',
  'privacy/not-found',
  'staff/last-admin',
  'sync/not-configured',
  'sync/not-rejected',
  'sync/unreachable',
  'sync/timeout',
  'sync/unauthorized',
  'sync/rate-limited',
  'sync/hub-unavailable',
  'sync/refused',
  'sync/bad-answer',
  'storage/full',
  'storage/read-only',
  'storage/corrupt',
  'storage/unavailable',
  'bridge/unreachable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Why one field was refused; the renderer shows `fieldErrors.<code>` next to the field. */
export const FIELD_ERROR_CODES = ['required', 'too-short', 'too-long', 'too-small', 'too-large', 'format', 'mismatch', 'taken', 'not-found', 'order', 'personal'] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface FieldError {
  readonly code: FieldErrorCode;
  /** Limits such as a minimum or maximum length, for interpolation into the message. */
  readonly params?: Readonly<Record<string, number>>;
}

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
  /** Field errors keyed by dotted path ("admin.pin"). */
  readonly fields?: Readonly<Record<string, FieldError>>;
  /** Seconds until the caller may try again (lockouts). */
  readonly retryAfterSeconds?: number;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, extra: Omit<AppError, 'code' | 'message'> = {}): Result<never> {
  return { ok: false, error: { code, message, ...extra } };
}

/** An error a handler throws to end a call with a typed result instead of "internal". */
export class AppFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
  }
}
