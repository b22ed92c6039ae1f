import { MAX_FAILED_SIGN_INS } from '../../shared/domain/staff';

const FIRST_LOCK_SECONDS = 30;
const LONGEST_LOCK_SECONDS = 60 * 60;

/**
 * How long an account stays locked after `failedSignIns` wrong PINs in a row: nothing before the
 * fifth, then 30 s, doubling with each further failure, never more than an hour.
 */
export function lockSecondsAfter(failedSignIns: number): number {
  if (failedSignIns < MAX_FAILED_SIGN_INS) return 0;
  const doublings = failedSignIns - MAX_FAILED_SIGN_INS;
  return Math.min(FIRST_LOCK_SECONDS * 2 ** doublings, LONGEST_LOCK_SECONDS);
}

/** How many usernames that name no account the kiosk remembers failures for; the oldest go first. */
const REMEMBERED_UNKNOWN_NAMES = 1000;

/**
 * Wrong PINs for usernames that name no usable account (unknown or disabled), counted as an
 * account's are: invalid four times, then locked for as long as an account would be. Otherwise the
 * fifth answer would tell anyone at the kiosk which usernames exist. Kept in memory only, for the
 * most recent names; a restart forgets them (an account's lock is in the database and survives).
 */
export class UnknownAccountLockout {
  private readonly failures = new Map<string, { failed: number; lockedUntil: number }>();

  /** Milliseconds the name stays locked from `nowMs`; 0 when it is not locked. */
  lockedFor(username: string, nowMs: number): number {
    return Math.max(0, (this.failures.get(username)?.lockedUntil ?? 0) - nowMs);
  }

  /** Counts one more wrong PIN for the name; returns the seconds it is now locked for (0: not locked). */
  fail(username: string, nowMs: number): number {
    const failed = (this.failures.get(username)?.failed ?? 0) + 1;
    const lockSeconds = lockSecondsAfter(failed);
    this.failures.delete(username);
    this.failures.set(username, { failed, lockedUntil: lockSeconds > 0 ? nowMs + lockSeconds * 1000 : 0 });
    if (this.failures.size > REMEMBERED_UNKNOWN_NAMES) this.failures.delete(this.failures.keys().next().value!);
    return lockSeconds;
  }
}
