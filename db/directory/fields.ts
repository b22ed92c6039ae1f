import type { OrukCsvFile } from '../../shared/directory/importReport';

/**
 * How each Open Referral UK object maps onto its table and its CSV file. One description serves the
 * writer (columns, and what goes into `extra`), the reader, the CSV import and the CSV export, so the
 * four cannot drift apart.
 */
export interface EntityShape {
  readonly table: string;
  readonly file: OrukCsvFile;
  /** Modelled scalar fields: the record's key and its table column, in CSV column order. */
  readonly fields: readonly (readonly [key: string, column: string])[];
  /** Keys holding nested records, written to their own tables. */
  readonly nested: readonly string[];
  /**
   * Foreign keys the nesting already says (a phone inside a service belongs to that service): CSV
   * columns, never stored, never read back. A value that contradicts the nesting is refused on import.
   */
  readonly links: readonly string[];
  /** Modelled fields that have no column: kept in `extra`, and dropped when null (null means absent). */
  readonly extraFields: readonly string[];
  /** Fields read as numbers from CSV cells. */
  readonly numeric: readonly string[];
  /** The standard columns of the CSV file, in order. */
  readonly csvColumns: readonly string[];
}

function shape(table: string, file: OrukCsvFile, spec: Omit<EntityShape, 'table' | 'file' | 'csvColumns'> & { csvColumns?: readonly string[] }): EntityShape {
  const csvColumns = spec.csvColumns ?? ['id', ...spec.links, ...spec.fields.map(([key]) => key).filter((key) => key !== 'id')];
  return { table, file, ...spec, csvColumns };
}

const same = (...keys: string[]): (readonly [string, string])[] => keys.map((key) => [key, key] as const);

export const ORGANIZATION = shape('organizations', 'organizations.csv', {
  fields: [...same('id', 'name', 'description', 'email', 'website'), ['x_onestop_body', 'body']],
  nested: [],
  links: [],
  extraFields: [],
  numeric: [],
});

export const SERVICE = shape('services', 'services.csv', {
  fields: [
    ...same(
      'id',
      'name',
      'alternate_name',
      'description',
      'url',
      'email',
      'status',
      'fees_description',
      'eligibility_description',
      'minimum_age',
      'maximum_age',
      'assured_date',
      'last_modified',
    ),
    ['x_onestop_bank_holidays', 'bank_holidays'],
  ],
  nested: ['organization', 'phones', 'schedules', 'service_areas', 'languages', 'service_at_locations', 'attributes'],
  links: ['organization_id'],
  extraFields: [],
  numeric: ['minimum_age', 'maximum_age'],
});

export const LOCATION = shape('locations', 'locations.csv', {
  fields: same('id', 'location_type', 'name', 'description', 'transportation', 'latitude', 'longitude'),
  nested: ['addresses', 'phones'],
  links: [],
  extraFields: [],
  numeric: ['latitude', 'longitude'],
});

export const ADDRESS = shape('addresses', 'addresses.csv', {
  fields: same('id', 'attention', 'address_1', 'address_2', 'city', 'region', 'state_province', 'postal_code', 'country', 'address_type'),
  nested: [],
  links: ['location_id'],
  extraFields: [],
  numeric: [],
});

export const SERVICE_AT_LOCATION = shape('service_at_locations', 'service_at_locations.csv', {
  fields: same('id'),
  nested: ['location', 'schedules'],
  links: ['service_id', 'location_id'],
  extraFields: [],
  numeric: [],
});

export const PHONE = shape('phones', 'phones.csv', {
  fields: same('id', 'number', 'extension', 'type', 'description'),
  nested: [],
  links: ['service_id', 'location_id'],
  extraFields: [],
  numeric: [],
});

export const SCHEDULE = shape('schedules', 'schedules.csv', {
  fields: same('id', 'freq', 'interval', 'byday', 'opens_at', 'closes_at', 'valid_from', 'valid_to', 'timezone', 'description', 'notes'),
  nested: [],
  links: ['service_id', 'service_at_location_id'],
  extraFields: [],
  numeric: ['interval'],
});

export const SERVICE_AREA = shape('service_areas', 'service_areas.csv', {
  fields: same('id', 'name', 'description'),
  nested: [],
  links: ['service_id'],
  extraFields: [],
  numeric: [],
});

export const LANGUAGE = shape('service_languages', 'languages.csv', {
  fields: same('id', 'name', 'code'),
  nested: [],
  links: ['service_id'],
  extraFields: [],
  numeric: [],
});

export const TAXONOMY_TERM = shape('taxonomy_terms', 'taxonomy_terms.csv', {
  fields: same('id', 'code', 'name', 'description', 'parent_id', 'taxonomy'),
  nested: [],
  links: [],
  extraFields: [],
  numeric: [],
});

export const ATTRIBUTE = shape('attributes', 'attributes.csv', {
  fields: same('id', 'value'),
  nested: ['taxonomy_term'],
  links: ['link_id', 'taxonomy_term_id'],
  extraFields: ['link_type', 'link_entity'],
  numeric: [],
  csvColumns: ['id', 'link_id', 'link_type', 'link_entity', 'taxonomy_term_id', 'value'],
});

/** Every shape, in the order of `ORUK_CSV_FILES`. */
export const SHAPES: readonly EntityShape[] = [
  ORGANIZATION,
  SERVICE,
  LOCATION,
  ADDRESS,
  SERVICE_AT_LOCATION,
  PHONE,
  SCHEDULE,
  SERVICE_AREA,
  LANGUAGE,
  TAXONOMY_TERM,
  ATTRIBUTE,
];

const ownKeys = new Map<EntityShape, ReadonlySet<string>>(
  SHAPES.map((s) => [s, new Set([...s.fields.map(([key]) => key), ...s.nested, ...s.links])]),
);

/** The keys of a record that are not modelled (kept in `extra` so an export gives them back). */
export function extraOf(record: Readonly<Record<string, unknown>>, entity: EntityShape): Record<string, unknown> {
  const own = ownKeys.get(entity) ?? new Set<string>();
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (own.has(key) || value === undefined) continue;
    if (value === null && entity.extraFields.includes(key)) continue;
    extra[key] = value;
  }
  return extra;
}

/** `extra` as stored: `{}` when there is nothing, so most rows share one constant. */
export function extraJson(record: Readonly<Record<string, unknown>>, entity: EntityShape): string {
  const extra = extraOf(record, entity);
  for (const _ in extra) return JSON.stringify(extra);
  return '{}';
}

/** A stored record: its modelled fields from the row, then its `extra` fields. */
export function recordFromRow(row: Readonly<Record<string, unknown>>, entity: EntityShape): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, column] of entity.fields) record[key] = row[column] ?? null;
  const extra = typeof row.extra === 'string' && row.extra !== '{}' ? (JSON.parse(row.extra) as Record<string, unknown>) : null;
  if (extra) for (const [key, value] of Object.entries(extra)) if (!(key in record)) record[key] = value;
  return record;
}

/** The values of the modelled columns of a record, in `fields` order, ready to bind. */
export function columnValues(record: Readonly<Record<string, unknown>>, entity: EntityShape): (string | number | null)[] {
  return entity.fields.map(([key]) => toColumn(record[key], entity.numeric.includes(key)));
}

function toColumn(value: unknown, numeric: boolean): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  // A phone extension may come as a number; its column is text, and reads back as text.
  if (typeof value === 'number') return numeric ? value : String(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return JSON.stringify(value);
}

// CSV cells of the columns onestop does not model. Their values may be any JSON (a number, a list),
// so a cell that is JSON is read as JSON, and a text that would read as JSON is written quoted as a
// JSON string: whatever an export writes, an import reads back the same.

/** A cell's value; undefined for an empty cell (absent), '' for a quoted empty cell. */
export function decodeExtraCell(cell: string, quoted: boolean): unknown {
  if (cell === '') return quoted ? '' : undefined;
  if (/^\s*[-0-9{["tfn]/.test(cell)) {
    try {
      return JSON.parse(cell) as unknown;
    } catch {
      // Not JSON: plain text.
    }
  }
  return cell;
}

/** The cell text for a value; null for an absent value. */
export function encodeExtraCell(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value === '' || decodeExtraCell(value, false) === value ? value : JSON.stringify(value);
  return JSON.stringify(value);
}
