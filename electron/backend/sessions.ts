import type { StaffSession } from '../../shared/domain/staff';

interface Entry {
  session: StaffSession;
  lastActivity: number;
}

/**
 * Staff sessions, one per screen (caller). A session ends after `idleMinutes` without a call;
 * the caller is then a resident again and staff channels answer "sign in".
 */
export class StaffSessions {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => Date) {}

  start(caller: string, session: StaffSession): void {
    this.entries.set(caller, { session, lastActivity: this.now().getTime() });
  }

  end(caller: string): void {
    this.entries.delete(caller);
  }

  /** Ends every session of one account (it was stopped): on every screen, at once. */
  endAccount(staffId: string): void {
    for (const [caller, entry] of this.entries) if (entry.session.staffId === staffId) this.entries.delete(caller);
  }

  /** The caller's live session, refreshed by this call, or null when none or expired. */
  touch(caller: string, idleMinutes: number): StaffSession | null {
    const entry = this.entries.get(caller);
    if (!entry) return null;
    const now = this.now().getTime();
    if (now - entry.lastActivity > idleMinutes * 60_000) {
      this.entries.delete(caller);
      return null;
    }
    entry.lastActivity = now;
    return entry.session;
  }
}
