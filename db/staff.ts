import type { StaffRole } from '../shared/domain/roles';
import type { Database } from './driver';

export interface StaffRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly forumId: string | null;
  readonly pinHash: string;
  readonly failedSignIns: number;
  readonly lockedUntil: string | null;
  readonly disabledAt: string | null;
}

interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  role: StaffRole;
  forum_id: string | null;
  pin_hash: string;
  failed_sign_ins: number;
  locked_until: string | null;
  disabled_at: string | null;
}

function toRecord(row: StaffRow): StaffRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    forumId: row.forum_id,
    pinHash: row.pin_hash,
    failedSignIns: row.failed_sign_ins,
    lockedUntil: row.locked_until,
    disabledAt: row.disabled_at,
  };
}

export interface NewStaffRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly forumId: string | null;
  readonly pinHash: string;
  readonly createdAt: string;
}

export function insertStaff(db: Database, staff: NewStaffRecord): void {
  db.prepare(
    `INSERT INTO staff (id, username, display_name, role, forum_id, pin_hash, created_at)
     VALUES (@id, @username, @displayName, @role, @forumId, @pinHash, @createdAt)`,
  ).run(staff);
}

export function countStaff(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM staff').get() as { n: number }).n;
}

export function findStaffByUsername(db: Database, username: string): StaffRecord | undefined {
  const row = db.prepare('SELECT * FROM staff WHERE username = ?').get(username) as StaffRow | undefined;
  return row && toRecord(row);
}

export function findStaffById(db: Database, id: string): StaffRecord | undefined {
  const row = db.prepare('SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
  return row && toRecord(row);
}

export function recordFailedSignIn(db: Database, id: string, failedSignIns: number, lockedUntil: string | null): void {
  db.prepare('UPDATE staff SET failed_sign_ins = ?, locked_until = ? WHERE id = ?').run(failedSignIns, lockedUntil, id);
}

export function clearFailedSignIns(db: Database, id: string): void {
  db.prepare('UPDATE staff SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?').run(id);
}

export function listStaff(db: Database): StaffRecord[] {
  return (db.prepare('SELECT * FROM staff ORDER BY display_name, username').all() as StaffRow[]).map(toRecord);
}

export function setStaffDisabled(db: Database, id: string, disabledAt: string | null): void {
  db.prepare('UPDATE staff SET disabled_at = ? WHERE id = ?').run(disabledAt, id);
}

/** A new PIN also lifts a lockout: the administrator has checked who is asking. */
export function setStaffPin(db: Database, id: string, pinHash: string): void {
  db.prepare('UPDATE staff SET pin_hash = ?, failed_sign_ins = 0, locked_until = NULL WHERE id = ?').run(pinHash, id);
}

export function countActiveAdmins(db: Database): number {
  return (db.prepare("SELECT count(*) AS n FROM staff WHERE role = 'admin' AND disabled_at IS NULL").get() as { n: number }).n;
}
