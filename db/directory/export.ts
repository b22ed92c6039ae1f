import { stringify } from 'csv-stringify/sync';
import type { OrukCsvFile } from '../../shared/directory/importReport';
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
  SHAPES,
  TAXONOMY_TERM,
  encodeExtraCell,
  extraOf,
  type EntityShape,
} from './fields';
import { readServices } from './read';

type Row = Readonly<Record<string, unknown>>;

/**
 * The whole directory as one ORUK page of full service records (pretty-printed JSON), in id order.
 * `importOrukJson` reads it back to the same records.
 */
export function exportOrukJson(db: Database): string {
  const contents = readServices(db);
  const page = {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
  return `${JSON.stringify(page, null, 2)}\n`;
}

/** The rows of one CSV file, each a record and the values of its link columns. */
class CsvTable {
  readonly rows: { record: Row; links: Readonly<Record<string, string | null>> }[] = [];
  constructor(readonly shape: EntityShape) {}

  add(record: Row, links: Readonly<Record<string, string | null>> = {}): void {
    this.rows.push({ record, links });
  }

  /** The standard columns, then every column onestop does not model, in the order first met. */
  toCsv(): string {
    const standard = this.shape.csvColumns;
    const extraColumns = new Set<string>();
    const extras = this.rows.map(({ record }) => {
      const extra = extraOf(record, this.shape);
      for (const key of Object.keys(extra)) if (!standard.includes(key)) extraColumns.add(key);
      return extra;
    });
    const links = new Set(this.shape.links);
    const lines: (string | null)[][] = [[...standard, ...extraColumns]];
    this.rows.forEach(({ record, links: linkValues }, i) => {
      lines.push([
        ...standard.map((column) => (links.has(column) ? (linkValues[column] ?? null) : standardCell(record[column]))),
        ...[...extraColumns].map((column) => encodeExtraCell(extras[i]?.[column])),
      ]);
    });
    return stringify(lines, {
      record_delimiter: 'windows',
      // An empty text is written `""` so that it reads back as empty text; an absent value as nothing.
      cast: { string: (value) => (value === '' ? { value, quoted_empty: true } : value) },
    });
  }
}

function standardCell(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/**
 * The whole directory as an ORUK CSV directory: one UTF-8 file per object (the names and columns
 * `importOrukCsv` reads), a header row in each, and a column for every field onestop does not model.
 * A shared organisation, location or term is written once.
 */
export function exportOrukCsv(db: Database): Record<OrukCsvFile, string> {
  const tables = new Map<EntityShape, CsvTable>(SHAPES.map((shape) => [shape, new CsvTable(shape)]));
  const table = (shape: EntityShape): CsvTable => tables.get(shape) ?? new CsvTable(shape);
  const organizations = new Map<string, Row>();
  const locations = new Map<string, OrukService['service_at_locations'][number]['location']>();
  const terms = new Map<string, Row>();

  const services = readServices(db);
  for (const service of services) {
    if (!organizations.has(service.organization.id)) organizations.set(service.organization.id, service.organization);
    table(SERVICE).add(service, { organization_id: service.organization.id });
    for (const phone of service.phones) table(PHONE).add(phone, { service_id: service.id });
    for (const schedule of service.schedules) table(SCHEDULE).add(schedule, { service_id: service.id });
    for (const area of service.service_areas) table(SERVICE_AREA).add(area, { service_id: service.id });
    for (const language of service.languages) table(LANGUAGE).add(language, { service_id: service.id });
    for (const attribute of service.attributes) {
      const term = attribute.taxonomy_term;
      if (!terms.has(term.id)) terms.set(term.id, term);
      table(ATTRIBUTE).add(attribute, { link_id: service.id, taxonomy_term_id: term.id });
    }
  }
  // Services at locations and their schedules after the services' own rows, each file in service order.
  for (const service of services) {
    for (const sal of service.service_at_locations) {
      if (!locations.has(sal.location.id)) locations.set(sal.location.id, sal.location);
      table(SERVICE_AT_LOCATION).add(sal, { service_id: service.id, location_id: sal.location.id });
      for (const schedule of sal.schedules) table(SCHEDULE).add(schedule, { service_at_location_id: sal.id });
    }
  }
  for (const organization of organizations.values()) table(ORGANIZATION).add(organization);
  for (const term of terms.values()) table(TAXONOMY_TERM).add(term);
  for (const location of locations.values()) {
    table(LOCATION).add(location);
    for (const address of location.addresses) table(ADDRESS).add(address, { location_id: location.id });
    for (const phone of location.phones) table(PHONE).add(phone, { location_id: location.id });
  }

  return Object.fromEntries(SHAPES.map((shape) => [shape.file, table(shape).toCsv()])) as Record<OrukCsvFile, string>;
}
