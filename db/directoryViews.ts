import type { Body } from '../shared/directory/topics';
import type { Database } from './driver';

export interface ServiceSummaryRow {
  readonly id: string;
  readonly name: string;
  readonly organizationName: string;
  readonly body: Body;
  readonly status: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  readonly description: string;
  readonly topicIds: readonly string[];
  /** The language name and description are in: `language` where translated, else en-GB. */
  readonly contentLanguage: string;
}

export interface ServiceFilter {
  /** Services tagged with any of these topics. */
  readonly topicIds?: readonly string[];
  readonly body?: Body;
  readonly ids?: readonly string[];
}

/**
 * Service summaries for lists, without retired services (inactive or defunct). In the order of
 * `ids` when given, else by name.
 */
export function listServiceSummaries(db: Database, filter: ServiceFilter = {}, language = 'en-GB'): ServiceSummaryRow[] {
  const where: string[] = ["s.status IN ('active', 'temporarily closed')"];
  const params: string[] = [];
  if (filter.ids) {
    where.push('s.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.ids));
  }
  if (filter.body) {
    where.push('o.body = ?');
    params.push(filter.body);
  }
  if (filter.topicIds) {
    where.push(`EXISTS (SELECT 1 FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
                         WHERE a.service_id = s.id AND t.taxonomy = 'onestop-topics'
                           AND t.code IN (SELECT value FROM json_each(?)))`);
    params.push(JSON.stringify(filter.topicIds));
  }
  const rows = db
    .prepare(
      `SELECT s.id, s.name, o.name AS organizationName, o.body, s.status, s.description,
              json_extract(s.extra, ?) AS translation,
              (SELECT json_group_array(t.code) FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
                WHERE a.service_id = s.id AND t.taxonomy = 'onestop-topics') AS topicCodes
         FROM services s JOIN organizations o ON o.id = s.organization_id
        WHERE ${where.join(' AND ')}
        ORDER BY s.name COLLATE NOCASE`,
    )
    .all(`$.x_onestop_translations."${language}"`, ...params) as (Omit<ServiceSummaryRow, 'topicIds' | 'contentLanguage'> & {
    topicCodes: string;
    translation: string | null;
  })[];
  const summaries = rows.map(({ topicCodes, translation, ...row }) => {
    const translated = translation ? (JSON.parse(translation) as { name?: string; description?: string }) : {};
    return {
      ...row,
      name: translated.name ?? row.name,
      description: translated.description ?? row.description,
      contentLanguage: translated.name || translated.description ? language : 'en-GB',
      topicIds: JSON.parse(topicCodes) as string[],
    };
  });
  if (!filter.ids) return summaries;
  const order = new Map(filter.ids.map((id, index) => [id, index]));
  return summaries.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}
