import { topicNames } from '../../shared/directory/topicMatch';
import { ORUK_TOPIC_TAXONOMY, type OrukService } from '../../shared/directory/oruk';
import { findTopic, type Body } from '../../shared/directory/topics';
import type { Database, Statement } from '../driver';
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
  columnValues,
  extraJson,
  type EntityShape,
} from './fields';
import { readServices } from './read';

export type WriteMode = 'upsert' | 'replace-all';

export interface WriteOptions {
  /** `upsert` (default) leaves services not in the input alone; `replace-all` deletes them. */
  readonly mode?: WriteMode;
}

export interface WriteSummary {
  /** Services that were not in the database. */
  readonly created: number;
  /** Services that were, and now read back differently. */
  readonly updated: number;
  /** Services that were, and read back exactly as before. */
  readonly unchanged: number;
  /** Services removed because a `replace-all` input did not have them. */
  readonly deleted: number;
}

/** The words a resident might use for each body, beyond the organisation's own name. */
const BODY_WORDS: Readonly<Record<Body, string>> = {
  district: 'district council',
  county: 'county council',
  nhs: 'nhs health',
  police: 'police',
  partner: 'partner community',
};

/** The columns of a service's `service_search` row. */
export interface ServiceSearchText {
  readonly name: string;
  readonly topics: string;
  readonly body_words: string;
  readonly description: string;
}

/**
 * What a resident might type to find a service: its names, its topics (names, codes and the
 * people's words for them from TOPICS), the organisation and the kind of body, and what it does.
 */
export function serviceSearchText(service: OrukService): ServiceSearchText {
  const topicWords = new Set<string>();
  for (const attribute of service.attributes) {
    const term = attribute.taxonomy_term;
    if (term.taxonomy !== ORUK_TOPIC_TAXONOMY) continue;
    topicWords.add(term.name);
    if (term.code) topicWords.add(term.code);
    const topic = findTopic(term.code ?? term.id) ?? findTopic(term.id);
    for (const word of topic?.words ?? []) topicWords.add(word);
    // The topic's name in every shipped language, so a resident typing in Urdu finds it too.
    if (topic) for (const name of topicNames(topic.id)) topicWords.add(name);
  }
  const joined = (...parts: (string | null | undefined)[]): string => parts.filter((part) => part != null && part !== '').join(' ');
  // Translated names and descriptions are searchable too, a resident types in their own language;
  // they go with the description, so they do not dilute the weight of the English name.
  const translations = Object.values(service.x_onestop_translations ?? {});
  return {
    name: joined(service.name, service.alternate_name),
    topics: [...topicWords].join(' '),
    body_words: joined(service.organization.name, BODY_WORDS[service.organization.x_onestop_body]),
    description: joined(
      service.description,
      service.eligibility_description,
      service.fees_description,
      ...translations.flatMap((t) => [t?.name, t?.description]),
    ),
  };
}

interface Statements {
  readonly existing: Statement<[string], { id: string; rowid: number }>;
  readonly upsertOrganization: Upsert;
  readonly upsertTerm: Upsert;
  readonly upsertLocation: Upsert;
  readonly deleteLocationAddresses: Statement;
  readonly deleteLocationPhones: Statement;
  readonly insertAddress: Statement;
  readonly insertService: Statement;
  readonly updateService: Statement;
  readonly deleteServiceChildren: readonly Statement[];
  readonly insertPhone: Statement;
  readonly insertSchedule: Statement;
  readonly insertServiceAtLocation: Statement;
  readonly insertArea: Statement;
  readonly insertLanguage: Statement;
  readonly insertAttribute: Statement;
  readonly deleteSearch: readonly Statement[];
  readonly insertSearch: Statement;
  readonly insertTrigram: Statement;
}

const statementCache = new WeakMap<Database, Statements>();

function columnsOf(entity: EntityShape, links: readonly string[], more: readonly string[]): string[] {
  return [...entity.fields.map(([, column]) => column), ...links, ...more, 'extra'];
}

/** `INSERT` of a shape's columns, then `links` and `more` columns, and `extra`. */
function insertSql(entity: EntityShape, links: readonly string[] = [], more: readonly string[] = []): string {
  const columns = columnsOf(entity, links, more);
  return `INSERT INTO ${entity.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}

/** An insert, or an update by id for a row already there, taking the same values in the same order. */
interface Upsert {
  readonly insert: Statement;
  readonly update: Statement;
}

function upsertFor(db: Database, entity: EntityShape, links: readonly string[] = []): Upsert {
  return { insert: db.prepare(insertSql(entity, links)), update: db.prepare(updateSql(entity, links)) };
}

/**
 * `UPDATE` by id of every column but the id, binding the insert's values with the id moved last.
 * Not `INSERT ... ON CONFLICT DO UPDATE`: that measured several times slower on a 20,000-service
 * import. Leaving the id out of the SET list also spares SQLite the search for rows that refer to it.
 */
function updateSql(entity: EntityShape, links: readonly string[] = []): string {
  const columns = columnsOf(entity, links, []).filter((c) => c !== 'id');
  return `UPDATE ${entity.table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`;
}

/** The insert's values (id first) in the update's order (id last). */
function idLast(values: readonly (string | number | null)[]): (string | number | null)[] {
  return [...values.slice(1), values[0] ?? null];
}

/** Writes a row by id: updates it when it is there, inserts it when not. */
function upsert(statement: Upsert, values: readonly (string | number | null)[]): void {
  if (statement.update.run(...idLast(values)).changes === 0) statement.insert.run(...values);
}

function statements(db: Database): Statements {
  const cached = statementCache.get(db);
  if (cached) return cached;
  const made: Statements = {
    existing: db.prepare('SELECT id, rowid FROM services WHERE id IN (SELECT value FROM json_each(?))'),
    upsertOrganization: upsertFor(db, ORGANIZATION),
    upsertTerm: upsertFor(db, TAXONOMY_TERM),
    upsertLocation: upsertFor(db, LOCATION),
    deleteLocationAddresses: db.prepare('DELETE FROM addresses WHERE location_id = ?'),
    deleteLocationPhones: db.prepare('DELETE FROM phones WHERE location_id = ?'),
    insertAddress: db.prepare(insertSql(ADDRESS, ['location_id'])),
    insertService: db.prepare(insertSql(SERVICE, ['organization_id'])),
    updateService: db.prepare(updateSql(SERVICE, ['organization_id'])),
    deleteServiceChildren: [
      // Deleting a service at a location deletes its schedules too (ON DELETE CASCADE).
      'DELETE FROM service_at_locations WHERE service_id = ?',
      'DELETE FROM phones WHERE service_id = ?',
      'DELETE FROM schedules WHERE service_id = ?',
      'DELETE FROM service_areas WHERE service_id = ?',
      'DELETE FROM service_languages WHERE service_id = ?',
      'DELETE FROM attributes WHERE service_id = ?',
    ].map((sql) => db.prepare(sql)),
    insertPhone: db.prepare(insertSql(PHONE, ['service_id', 'location_id'], ['position'])),
    insertSchedule: db.prepare(insertSql(SCHEDULE, ['service_id', 'service_at_location_id'], ['position'])),
    insertServiceAtLocation: db.prepare(insertSql(SERVICE_AT_LOCATION, ['service_id', 'location_id'])),
    insertArea: db.prepare(insertSql(SERVICE_AREA, ['service_id'])),
    insertLanguage: db.prepare(insertSql(LANGUAGE, ['service_id'])),
    insertAttribute: db.prepare(insertSql(ATTRIBUTE, ['service_id', 'taxonomy_term_id'])),
    deleteSearch: [db.prepare('DELETE FROM service_search WHERE rowid = ?'), db.prepare('DELETE FROM service_search_trigram WHERE rowid = ?')],
    insertSearch: db.prepare('INSERT INTO service_search (rowid, service_id, name, topics, body_words, description) VALUES (?, ?, ?, ?, ?, ?)'),
    insertTrigram: db.prepare('INSERT INTO service_search_trigram (rowid, service_id, text) VALUES (?, ?, ?)'),
  };
  statementCache.set(db, made);
  return made;
}

type Row = Readonly<Record<string, unknown>>;

/** The record's modelled columns, the given link values, then its `extra`. */
function values(record: Row, entity: EntityShape, ...more: (string | number | null)[]): (string | number | null)[] {
  return [...columnValues(record, entity), ...more, extraJson(record, entity)];
}

/**
 * Writes the search rows of one service. `service_search.rowid` (and the trigram table's) is the
 * service's own rowid, so a row is found and replaced without scanning the index (service_id is
 * UNINDEXED), and a search can join `services` on rowid.
 */
export function indexService(db: Database, rowid: number, service: OrukService): void {
  const s = statements(db);
  for (const remove of s.deleteSearch) remove.run(rowid);
  const text = serviceSearchText(service);
  s.insertSearch.run(rowid, service.id, text.name, text.topics, text.body_words, text.description);
  s.insertTrigram.run(rowid, service.id, [text.name, text.topics, text.body_words, text.description].filter((t) => t !== '').join(' '));
}

/** Rebuilds both search tables from the stored services: after the topics' words change in an update. */
export function rebuildServiceSearch(db: Database): void {
  db.transaction(() => {
    db.exec('DELETE FROM service_search; DELETE FROM service_search_trigram;');
    const rowids = new Map((db.prepare('SELECT id, rowid FROM services').all() as { id: string; rowid: number }[]).map((r) => [r.id, r.rowid]));
    for (const service of readServices(db)) indexService(db, rowids.get(service.id) ?? 0, service);
  })();
}

/**
 * Writes parsed ORUK services, in one transaction (a savepoint inside the caller's). A service with
 * an id already stored is updated: its phones, schedules, areas, languages, attributes and services
 * at locations are replaced by the incoming ones. Organisations, locations (with their addresses and
 * phones) and taxonomy terms are upserted by id; when several services carry one, the last copy
 * wins. Fields onestop does not model go into `extra`; foreign keys that the nesting already says
 * (`organization_id`, a phone's `service_id`...) are not stored.
 *
 * Ids of phones, schedules, addresses... are unique across the directory: a child id that belongs
 * to a service or location this call does not replace makes the write fail and roll back (the
 * import reports it beforehand as `duplicate-id`).
 */
export function replaceServices(db: Database, services: readonly OrukService[], options: WriteOptions = {}): WriteSummary {
  const mode = options.mode ?? 'upsert';
  const s = statements(db);
  const ids = services.map((service) => service.id);
  if (new Set(ids).size !== ids.length) throw new Error('replaceServices: two services share one id');

  return db.transaction((): WriteSummary => {
    const idsJson = JSON.stringify(ids);
    const existing = new Map(s.existing.all(idsJson).map((row) => [row.id, row.rowid]));
    const existingIds = [...existing.keys()];
    const before = canonical(db, existingIds);

    let deleted = 0;
    if (mode === 'replace-all') {
      const gone = 'SELECT rowid FROM services WHERE id NOT IN (SELECT value FROM json_each(?))';
      db.prepare(`DELETE FROM service_search WHERE rowid IN (${gone})`).run(idsJson);
      db.prepare(`DELETE FROM service_search_trigram WHERE rowid IN (${gone})`).run(idsJson);
      deleted = db.prepare('DELETE FROM services WHERE id NOT IN (SELECT value FROM json_each(?))').run(idsJson).changes;
    }
    for (const id of existingIds) for (const remove of s.deleteServiceChildren) remove.run(id);
    if (mode === 'replace-all') {
      // Frees the ids of the addresses and phones of locations no service is at any more.
      db.exec(`
        DELETE FROM locations WHERE id NOT IN (SELECT location_id FROM service_at_locations);
        DELETE FROM taxonomy_terms WHERE id NOT IN (SELECT taxonomy_term_id FROM attributes);
      `);
    }

    const organizations = new Map<string, Row>();
    const terms = new Map<string, Row>();
    const locations = new Map<string, OrukService['service_at_locations'][number]['location']>();
    for (const service of services) {
      organizations.set(service.organization.id, service.organization);
      for (const attribute of service.attributes) terms.set(attribute.taxonomy_term.id, attribute.taxonomy_term);
      for (const sal of service.service_at_locations) locations.set(sal.location.id, sal.location);
    }
    for (const organization of organizations.values()) upsert(s.upsertOrganization, values(organization, ORGANIZATION));
    for (const term of terms.values()) upsert(s.upsertTerm, values(term, TAXONOMY_TERM));
    for (const location of locations.values()) {
      upsert(s.upsertLocation, values(location, LOCATION));
      s.deleteLocationAddresses.run(location.id);
      s.deleteLocationPhones.run(location.id);
      for (const address of location.addresses) s.insertAddress.run(...values(address, ADDRESS, location.id));
      location.phones.forEach((phone, position) => s.insertPhone.run(...values(phone, PHONE, null, location.id, position)));
    }

    const rowids: number[] = [];
    for (const service of services) {
      const row = values(service, SERVICE, service.organization.id);
      const known = existing.get(service.id);
      if (known !== undefined) s.updateService.run(...idLast(row));
      const rowid = known ?? Number(s.insertService.run(...row).lastInsertRowid);
      service.phones.forEach((phone, position) => s.insertPhone.run(...values(phone, PHONE, service.id, null, position)));
      service.schedules.forEach((schedule, position) => s.insertSchedule.run(...values(schedule, SCHEDULE, service.id, null, position)));
      for (const sal of service.service_at_locations) {
        s.insertServiceAtLocation.run(...values(sal, SERVICE_AT_LOCATION, service.id, sal.location.id));
        sal.schedules.forEach((schedule, position) => s.insertSchedule.run(...values(schedule, SCHEDULE, null, sal.id, position)));
      }
      for (const area of service.service_areas) s.insertArea.run(...values(area, SERVICE_AREA, service.id));
      for (const language of service.languages) s.insertLanguage.run(...values(language, LANGUAGE, service.id));
      for (const attribute of service.attributes) s.insertAttribute.run(...values(attribute, ATTRIBUTE, service.id, attribute.taxonomy_term.id));
      rowids.push(rowid);
    }
    if (mode === 'replace-all') db.exec('DELETE FROM organizations WHERE id NOT IN (SELECT organization_id FROM services)');

    // The search rows last: FTS5 writes its pending index out at every statement savepoint (an UPDATE
    // with foreign keys opens one), so interleaving them with the other writes made updates crawl.
    services.forEach((service, i) => indexService(db, rowids[i] ?? 0, service));

    const after = canonical(db, existingIds);
    let unchanged = 0;
    for (const [id, text] of before) if (after.get(id) === text) unchanged += 1;
    return { created: services.length - existing.size, updated: existing.size - unchanged, unchanged, deleted };
  })();
}

/** Each service as its JSON text, to tell an update that changed nothing from one that did. */
function canonical(db: Database, ids: readonly string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  return new Map(readServices(db, ids).map((service) => [service.id, JSON.stringify(service)]));
}

/** Empties the directory and its search tables. */
export function deleteAllServices(db: Database): void {
  db.transaction(() => {
    db.exec(`
      DELETE FROM service_search;
      DELETE FROM service_search_trigram;
      DELETE FROM services;
      DELETE FROM locations;
      DELETE FROM organizations;
      DELETE FROM taxonomy_terms;
    `);
  })();
}
