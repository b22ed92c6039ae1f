import type { Database } from './driver';
import { prepared } from './statements';

/** A forum meeting as the hub announced it (migration 0005). */
export interface Meeting {
  readonly id: string;
  readonly forumId: string;
  /** YYYY-MM-DD, the forum's local date. */
  readonly date: string;
  readonly startsAt: string | null;
  readonly place: string | null;
  readonly cancelled: boolean;
  readonly version: number;
}

/**
 * Stores a meeting the hub sent, unless this kiosk already holds a newer version of it. The same
 * version with other data is the hub's: this kiosk's own change at that version lost to another
 * kiosk's (the hub answered it `stale`), and the hub never echoes a kiosk's own change back to it.
 * `payload` is everything the hub sent. True when something changed.
 */
export function storeMeeting(db: Database, meeting: Meeting, payload: string, at: string): boolean {
  return (
    prepared(
      db,
      `INSERT INTO meetings (id, forum_id, date, starts_at, place, cancelled, version, payload, received_at)
       VALUES (@id, @forumId, @date, @startsAt, @place, @cancelled, @version, @payload, @at)
       ON CONFLICT (id) DO UPDATE SET forum_id = excluded.forum_id, date = excluded.date, starts_at = excluded.starts_at,
         place = excluded.place, cancelled = excluded.cancelled, version = excluded.version, payload = excluded.payload,
         received_at = excluded.received_at
       WHERE excluded.version > meetings.version
         OR (excluded.version = meetings.version AND excluded.payload <> meetings.payload)`,
    ).run({ ...meeting, cancelled: meeting.cancelled ? 1 : 0, payload, at }).changes === 1
  );
}

/** A forum's meetings in date order, cancelled ones included (they say so). */
export function listMeetings(db: Database, forumId: string): Meeting[] {
  return (
    prepared(
      db,
      'SELECT id, forum_id AS forumId, date, starts_at AS startsAt, place, cancelled, version FROM meetings WHERE forum_id = ? ORDER BY date, id',
    ).all(forumId) as (Omit<Meeting, 'cancelled'> & { cancelled: number })[]
  ).map((row) => ({ ...row, cancelled: row.cancelled === 1 }));
}
