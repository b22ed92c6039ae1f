import type { OrukService } from '../../shared/directory/oruk';
import type { Database } from '../driver';
import {
  ADDRESS,
  ATTRIBUTE,
  LANGUAGE,
  LOCATION,
  ORGANIZATION,
  PHONE,
  SCHEDULE,
  SERVICE,
  SERVICE_AREA,
  SERVICE_AT_LOCATION,
  TAXONOMY_TERM,
  recordFromRow,
} from './fields';

type Row = Record<string, unknown>;

function groupBy(rows: readonly Row[], key: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const value = row[key];
    if (typeof value !== 'string') continue;
    const group = groups.get(value);
    if (group) group.push(row);
    else groups.set(value, [row]);
  }
  return groups;
}

function byId(rows: readonly Row[]): Map<string, Row> {
  return new Map(rows.map((row) => [row.id as string, row]));
}

/**
 * The stored services as full ORUK records, by id: organisation embedded, services at locations
 * with their location (addresses, phones) and schedules, attributes with their taxonomy term, and
 * the fields onestop does not model merged back from `extra`. Every modelled field is present (null
 * when empty); foreign keys that the nesting says are left out. Children come in the order they were
 * written. `ids` limits the result to those services (unknown ids are skipped).
 */
export function readServices(db: Database, ids?: readonly string[]): OrukService[] {
  // One query per table, filtered by the service ids when given, then assembled in memory.
  const filter = ids ? 'IN (SELECT value FROM json_each(?))' : 'IS NOT NULL';
  const params = ids ? [JSON.stringify(ids)] : [];
  const all = (sql: string): Row[] => db.prepare(sql.replaceAll('$SERVICE', filter)).all(...params) as Row[];

  const services = all('SELECT * FROM services WHERE id $SERVICE ORDER BY id');
  if (services.length === 0) return [];
  const organizations = byId(all('SELECT * FROM organizations WHERE id IN (SELECT organization_id FROM services WHERE id $SERVICE)'));
  const sals = groupBy(all('SELECT * FROM service_at_locations WHERE service_id $SERVICE ORDER BY rowid'), 'service_id');
  const salIds = 'SELECT id FROM service_at_locations WHERE service_id $SERVICE';
  const locationIds = 'SELECT location_id FROM service_at_locations WHERE service_id $SERVICE';
  const locations = byId(all(`SELECT * FROM locations WHERE id IN (${locationIds})`));
  const addresses = groupBy(all(`SELECT * FROM addresses WHERE location_id IN (${locationIds}) ORDER BY rowid`), 'location_id');
  const locationPhones = groupBy(all(`SELECT * FROM phones WHERE location_id IN (${locationIds}) ORDER BY position, rowid`), 'location_id');
  const phones = groupBy(all('SELECT * FROM phones WHERE service_id $SERVICE ORDER BY position, rowid'), 'service_id');
  const schedules = groupBy(all('SELECT * FROM schedules WHERE service_id $SERVICE ORDER BY position, rowid'), 'service_id');
  const salSchedules = groupBy(
    all(`SELECT * FROM schedules WHERE service_at_location_id IN (${salIds}) ORDER BY position, rowid`),
    'service_at_location_id',
  );
  const areas = groupBy(all('SELECT * FROM service_areas WHERE service_id $SERVICE ORDER BY rowid'), 'service_id');
  const languages = groupBy(all('SELECT * FROM service_languages WHERE service_id $SERVICE ORDER BY rowid'), 'service_id');
  const attributes = groupBy(all('SELECT * FROM attributes WHERE service_id $SERVICE ORDER BY rowid'), 'service_id');
  const terms = byId(all('SELECT * FROM taxonomy_terms WHERE id IN (SELECT taxonomy_term_id FROM attributes WHERE service_id $SERVICE)'));

  const many = (rows: readonly Row[] | undefined, build: (row: Row) => Row): Row[] => (rows ?? []).map(build);

  // Shared records are built afresh for every service that embeds them, so callers may change one
  // service's copy without touching another's.
  const location = (id: string): Row => {
    const row = locations.get(id) ?? { id };
    return {
      ...recordFromRow(row, LOCATION),
      addresses: many(addresses.get(id), (r) => recordFromRow(r, ADDRESS)),
      phones: many(locationPhones.get(id), (r) => recordFromRow(r, PHONE)),
    };
  };

  return services.map((row) => {
    const id = row.id as string;
    const record: Row = {
      ...recordFromRow(row, SERVICE),
      organization: recordFromRow(organizations.get(row.organization_id as string) ?? {}, ORGANIZATION),
      phones: many(phones.get(id), (r) => recordFromRow(r, PHONE)),
      schedules: many(schedules.get(id), (r) => recordFromRow(r, SCHEDULE)),
      service_areas: many(areas.get(id), (r) => recordFromRow(r, SERVICE_AREA)),
      languages: many(languages.get(id), (r) => recordFromRow(r, LANGUAGE)),
      service_at_locations: many(sals.get(id), (r) => ({
        ...recordFromRow(r, SERVICE_AT_LOCATION),
        location: location(r.location_id as string),
        schedules: many(salSchedules.get(r.id as string), (s) => recordFromRow(s, SCHEDULE)),
      })),
      attributes: many(attributes.get(id), (r) => ({
        ...recordFromRow(r, ATTRIBUTE),
        taxonomy_term: recordFromRow(terms.get(r.taxonomy_term_id as string) ?? {}, TAXONOMY_TERM),
      })),
    };
    // The rows were written from records the schema accepted, so they rebuild records of its shape.
    return record as OrukService;
  });
}

/** How many services the directory holds. */
export function countServices(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM services').get() as { n: number }).n;
}
