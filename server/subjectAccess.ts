import { candidateOfData, matchSubject, type HubSubjectEnquiry, type SubjectQuery } from '../shared/enquiries/subjectAccess';

/** An enquiry as both stores hold it, for the subject-access search. */
export interface SubjectRow {
  readonly id: string;
  readonly reference: string;
  readonly unit_id: string;
  readonly forum_id: string;
  readonly status: string;
  readonly outcome: string | null;
  readonly version: number | string;
  readonly received_at: string;
  readonly data: string;
}

/** The SQL both stores run: a forum's enquiries with their data as pushed (`$1`/`?` is the forum). */
export const SUBJECT_ROWS_SQL = 'SELECT id, reference, unit_id, forum_id, status, outcome, version, received_at, data FROM enquiries WHERE forum_id = ';

/**
 * The rows `query` finds, matched with the kiosk's own rules (shared/enquiries/subjectAccess.ts),
 * newest first. The hub's status and outcome are its own (it may own them), so they are given beside the data.
 */
export function matchSubjectRows(rows: Iterable<SubjectRow>, query: SubjectQuery): HubSubjectEnquiry[] {
  const found: HubSubjectEnquiry[] = [];
  for (const row of rows) {
    let data: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(row.data);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
      data = parsed as Record<string, unknown>;
    } catch {
      continue;
    }
    const matchedOn = matchSubject(query, candidateOfData(row.reference, data));
    if (matchedOn.length === 0) continue;
    found.push({
      id: row.id,
      reference: row.reference,
      unitId: row.unit_id,
      forumId: row.forum_id,
      status: row.status,
      outcome: row.outcome,
      version: Number(row.version),
      receivedAt: row.received_at,
      data,
      matchedOn,
    });
  }
  const createdOf = (e: HubSubjectEnquiry) => (typeof e.data['createdAt'] === 'string' ? e.data['createdAt'] : '');
  return found.sort((a, b) => createdOf(b).localeCompare(createdOf(a)) || a.id.localeCompare(b.id));
}
