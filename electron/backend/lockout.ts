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
