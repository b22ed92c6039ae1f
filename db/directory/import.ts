import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import {
  ORUK_CSV_FILES,
  REQUIRED_ORUK_CSV_FILES,
  type ImportProblem,
  type ImportReport,
  type OrukCsvFile,
} from '../../shared/directory/importReport';
import { orukJsonFileSchema, orukServiceSchema, type OrukService } from '../../shared/directory/oruk';
import { toFieldError } from '../../shared/ipc/fieldErrors';
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
  columnValues,
  decodeExtraCell,
  extraJson,
  type EntityShape,
} from './fields';
import { replaceServices, type WriteOptions } from './write';

export interface ImportOptions extends WriteOptions {
  /** The JSON file's name, for the problems (default `directory.json`). */
  readonly fileName?: string;
}

type Path = readonly (string | number)[];
type Row = Record<string, unknown>;

/** Where a problem is: the file, row and field a person opens to fix it. */
interface Place {
  readonly file: string;
  readonly row: number | null;
  readonly field: string | null;
}

/** Finds the place of a path inside the `index`th record of the import. */
type Locate = (index: number, path: Path) => Place;

/**
 * True for a schema problem already reported another way: a CSV service whose organisation id is
 * unknown has no organisation, and "organisation required" would say the same thing again.
 */
type Reported = (index: number, path: Path) => boolean;

// ---------------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------------

/**
 * Imports an ORUK JSON file: a page (`{"contents": [...]}`) or a bare array of full service records.
 * Every record is checked; only when all are valid (and consistent with each other and with the
 * database) are they written, in one transaction. Otherwise nothing changes and every problem is
 * reported with the record's position (`row`, from 1) and the path inside it (`field`).
 */
export function importOrukJson(db: Database, text: string, options: ImportOptions = {}): ImportReport {
  const file = options.fileName ?? 'directory.json';
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return failed([{ file, row: null, field: null, code: 'not-json' }]);
  }
  const page = orukJsonFileSchema.safeParse(data);
  if (!page.success) return failed([{ file, row: null, field: null, code: 'bad-shape' }]);
  const records = Array.isArray(page.data) ? page.data : page.data.contents;
  const locate = (index: number, path: Path): Place => ({ file, row: index + 1, field: path.length > 0 ? path.join('.') : null });
  return importRecords(db, records, locate, [], options);
}

// ---------------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------------

/** One data row of a CSV file: its standard and extra fields as a record, and its link columns. */
interface CsvRow {
  readonly file: OrukCsvFile;
  /** As a spreadsheet numbers it: the header is row 1. */
  readonly row: number;
  readonly id: string | undefined;
  readonly record: Row;
  readonly links: Readonly<Record<string, string | undefined>>;
}

interface Cell {
  readonly value: string;
  readonly quoted: boolean;
}

/**
 * Imports an ORUK CSV directory: one file per object (`services.csv`, `phones.csv`...; keys may
 * carry a folder, which is ignored), columns named as in HSDS. The rows are assembled into full
 * service records, checked with the same schema as JSON, and written in one transaction only when
 * every row is valid and every reference resolves. Problems name the file, the row as a spreadsheet
 * shows it (header = row 1) and the column.
 *
 * Cells: an empty cell is absent; a quoted empty cell (`""`) is an empty text. Columns onestop does
 * not model are kept; their cells are read as JSON when they are JSON (`12`, `true`, `[...]`),
 * otherwise as text.
 */
export function importOrukCsv(db: Database, files: Readonly<Record<string, string>>, options: ImportOptions = {}): ImportReport {
  const problems: ImportProblem[] = [];
  const texts = new Map<OrukCsvFile, string>();
  for (const [name, text] of Object.entries(files)) {
    const base = (name.split(/[\\/]/).pop() ?? name).toLowerCase();
    const known = ORUK_CSV_FILES.find((f) => f === base);
    if (known) texts.set(known, text);
    else problems.push({ file: name, row: null, field: null, code: 'unknown-file' });
  }
  for (const file of REQUIRED_ORUK_CSV_FILES) {
    if (!texts.has(file)) problems.push({ file, row: null, field: null, code: 'missing-file' });
  }
  if (problems.length > 0) return failed(problems);

  const tables = new Map<OrukCsvFile, CsvRow[]>();
  for (const entity of SHAPES) {
    const text = texts.get(entity.file);
    tables.set(entity.file, text === undefined ? [] : readCsvFile(text, entity, problems));
  }
  // A file that cannot be read would make every reference to it look broken: report it alone.
  if (problems.some((p) => p.code === 'not-csv' || (p.code === 'bad-shape' && p.row === 1))) return failed(problems);
  const rowsOf = (entity: EntityShape): CsvRow[] => tables.get(entity.file) ?? [];

  // Reported rows are not reported again as unreferenced.
  const reported = new Set<string>();
  const report = (row: CsvRow, field: string | null, code: ImportProblem['code'], params?: Record<string, string | number>): void => {
    reported.add(`${row.file}:${row.row}`);
    problems.push({ file: row.file, row: row.row, field, code, ...(params ? { params } : {}) });
  };
  const indexed = (entity: EntityShape): Map<string, CsvRow> => {
    const byId = new Map<string, CsvRow>();
    for (const row of rowsOf(entity)) {
      if (row.id === undefined) report(row, 'id', 'required');
      else if (byId.has(row.id)) report(row, 'id', 'duplicate-id', { id: row.id });
      else byId.set(row.id, row);
    }
    return byId;
  };
  /** The row a link column points at; a missing or unknown id is reported. */
  const target = (row: CsvRow, link: string, among: Map<string, CsvRow>): CsvRow | undefined => {
    const id = row.links[link];
    if (id === undefined) report(row, link, 'required');
    else if (!among.has(id)) report(row, link, 'unknown-reference', { id });
    return id === undefined ? undefined : among.get(id);
  };
  /** The one of two link columns that is filled: a phone belongs to a service or to a location. */
  const either = (row: CsvRow, first: string, second: string): string | null => {
    const a = row.links[first];
    const b = row.links[second];
    if (a !== undefined && b !== undefined) report(row, second, 'format');
    else if (a === undefined && b === undefined) report(row, first, 'required');
    else return a !== undefined ? first : second;
    return null;
  };
  const push = (owner: CsvRow | undefined, key: string, child: Row): void => {
    if (owner) (owner.record[key] as Row[]).push(child);
  };

  const organizations = indexed(ORGANIZATION);
  const terms = indexed(TAXONOMY_TERM);
  const locations = indexed(LOCATION);
  const services = indexed(SERVICE);
  const sals = indexed(SERVICE_AT_LOCATION);
  for (const shape of [ADDRESS, PHONE, SCHEDULE, SERVICE_AREA, LANGUAGE, ATTRIBUTE]) indexed(shape);

  for (const location of locations.values()) Object.assign(location.record, { addresses: [], phones: [] });
  for (const service of services.values()) {
    const organization = target(service, 'organization_id', organizations);
    Object.assign(service.record, {
      ...(organization ? { organization: organization.record } : {}),
      phones: [],
      schedules: [],
      service_areas: [],
      languages: [],
      service_at_locations: [],
      attributes: [],
    });
  }
  for (const sal of sals.values()) {
    const location = target(sal, 'location_id', locations);
    Object.assign(sal.record, { ...(location ? { location: location.record } : {}), schedules: [] });
    push(target(sal, 'service_id', services), 'service_at_locations', sal.record);
  }
  for (const address of rowsOf(ADDRESS)) push(target(address, 'location_id', locations), 'addresses', address.record);
  for (const phone of rowsOf(PHONE)) {
    const link = either(phone, 'service_id', 'location_id');
    if (link === 'service_id') push(target(phone, link, services), 'phones', phone.record);
    if (link === 'location_id') push(target(phone, link, locations), 'phones', phone.record);
  }
  for (const schedule of rowsOf(SCHEDULE)) {
    const link = either(schedule, 'service_id', 'service_at_location_id');
    if (link === 'service_id') push(target(schedule, link, services), 'schedules', schedule.record);
    if (link === 'service_at_location_id') push(target(schedule, link, sals), 'schedules', schedule.record);
  }
  for (const area of rowsOf(SERVICE_AREA)) push(target(area, 'service_id', services), 'service_areas', area.record);
  for (const language of rowsOf(LANGUAGE)) push(target(language, 'service_id', services), 'languages', language.record);
  for (const attribute of rowsOf(ATTRIBUTE)) {
    const entity = attribute.record.link_entity;
    if (entity !== undefined && entity !== 'service') report(attribute, 'link_entity', 'format', { expected: 'service' });
    const term = target(attribute, 'taxonomy_term_id', terms);
    if (term) attribute.record.taxonomy_term = term.record;
    push(target(attribute, 'link_id', services), 'attributes', attribute.record);
  }

  // Where each assembled record came from, to point a schema problem at its file and row.
  const origin = new WeakMap<object, CsvRow>();
  for (const rows of tables.values()) for (const row of rows) origin.set(row.record, row);
  const records = [...services.values()].map((service) => service.record);
  const locate: Locate = (index, path) => {
    let node: unknown = records[index];
    let place = origin.get(records[index] ?? {});
    let used = 0;
    path.forEach((key, depth) => {
      node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
      const from = node !== null && typeof node === 'object' ? origin.get(node) : undefined;
      if (from) {
        place = from;
        used = depth + 1;
      }
    });
    const field = path.slice(used).join('.');
    return { file: place?.file ?? SERVICE.file, row: place?.row ?? null, field: field === '' ? null : field };
  };

  // Nothing is silently dropped: a row no service reaches is reported.
  const reached = new Set<object>();
  const reach = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || reached.has(node)) return;
    reached.add(node);
    for (const value of Object.values(node)) if (value !== null && typeof value === 'object') reach(value);
  };
  records.forEach(reach);
  for (const rows of tables.values()) {
    for (const row of rows) {
      if (!reached.has(row.record) && !reported.has(`${row.file}:${row.row}`)) report(row, null, 'unreferenced', row.id ? { id: row.id } : undefined);
    }
  }

  // An organisation, location or term missing from a record: its link column was reported.
  const linkReported: Reported = (index, path) => {
    const last = path.at(-1);
    return typeof last === 'string' && ['organization', 'location', 'taxonomy_term'].includes(last) && locate(index, path).field === last;
  };
  return importRecords(db, records, locate, problems, options, linkReported);
}

/** Reads one CSV file into rows; problems with the text or the header are added to `problems`. */
function readCsvFile(text: string, entity: EntityShape, problems: ImportProblem[]): CsvRow[] {
  const file = entity.file;
  let cells: Cell[][];
  try {
    cells = parse(text, {
      bom: true,
      relax_column_count: true,
      cast: (value, context): Cell => ({ value, quoted: context.quoting }),
    }) as unknown as Cell[][];
  } catch (error) {
    const records = (error as { records?: unknown }).records;
    problems.push({ file, row: typeof records === 'number' ? records + 1 : null, field: null, code: 'not-csv' });
    return [];
  }
  const [head, ...body] = cells;
  if (!head) return [];
  const header = head.map((cell) => cell.value.trim());
  const reserved = new Set([...entity.nested, ...entity.links.filter((link) => !entity.csvColumns.includes(link))]);
  let usable = true;
  header.forEach((name, index) => {
    if (name === '' || header.indexOf(name) !== index || reserved.has(name)) {
      problems.push({ file, row: 1, field: name === '' ? null : name, code: 'bad-shape', ...(name === '' ? { params: { column: index + 1 } } : {}) });
      usable = false;
    }
  });
  if (!header.includes('id')) {
    problems.push({ file, row: 1, field: 'id', code: 'bad-shape' });
    usable = false;
  }
  if (!usable) return [];

  const standard = new Set(entity.csvColumns);
  const links = new Set(entity.links);
  const rows: CsvRow[] = [];
  body.forEach((line, index) => {
    const rowNumber = index + 2;
    if (line.every((cell) => cell.value === '' && !cell.quoted)) return;
    if (line.slice(header.length).some((cell) => cell.value !== '' || cell.quoted)) {
      problems.push({ file, row: rowNumber, field: null, code: 'bad-shape', params: { columns: header.length } });
      return;
    }
    const record: Row = {};
    const linkValues: Record<string, string | undefined> = {};
    header.forEach((column, c) => {
      const cell = line[c] ?? { value: '', quoted: false };
      if (links.has(column)) {
        const id = cell.value.trim();
        linkValues[column] = id === '' ? undefined : id;
      } else if (standard.has(column)) {
        if (cell.value === '' && !cell.quoted) return;
        record[column] = entity.numeric.includes(column) ? numberOrText(cell.value) : cell.value;
      } else {
        const value = decodeExtraCell(cell.value, cell.quoted);
        if (value !== undefined) record[column] = value;
      }
    });
    const id = typeof record.id === 'string' && record.id.trim() !== '' ? record.id.trim() : undefined;
    rows.push({ file, row: rowNumber, id, record, links: linkValues });
  });
  return rows;
}

/** A number cell as a number; anything else stays text for the schema to refuse. */
function numberOrText(value: string): number | string {
  return /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value) ? Number(value) : value;
}

// ---------------------------------------------------------------------------------------------------
// Both formats
// ---------------------------------------------------------------------------------------------------

function failed(problems: readonly ImportProblem[]): ImportReport {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.file}\u0000${p.row}\u0000${p.field}\u0000${p.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const fileOrder = (file: string): number => {
    const index = ORUK_CSV_FILES.indexOf(file as OrukCsvFile);
    return index === -1 ? -1 : index;
  };
  // Stable: within one row, the problems keep the schema's field order.
  const errors = unique.toSorted((a, b) => fileOrder(a.file) - fileOrder(b.file) || (a.row ?? 0) - (b.row ?? 0));
  return { ok: false, errors };
}

function importRecords(
  db: Database,
  raw: readonly unknown[],
  locate: Locate,
  earlier: readonly ImportProblem[],
  options: ImportOptions,
  reported: Reported = () => false,
): ImportReport {
  const problems = [...earlier];
  const parsed: { index: number; service: OrukService }[] = [];
  raw.forEach((record, index) => {
    const result = orukServiceSchema.safeParse(record);
    if (result.success) parsed.push({ index, service: result.data });
    else problems.push(...issueProblems(result.error, index, locate, reported));
  });

  const firstWithId = new Map<string, number>();
  raw.forEach((record, index) => {
    const id = idOf(record);
    if (id === undefined) return;
    if (firstWithId.has(id)) problems.push({ ...locate(index, ['id']), code: 'duplicate-id', params: { id } });
    else firstWithId.set(id, index);
  });
  problems.push(...consistencyProblems(parsed, locate));
  if (problems.length > 0) return failed(problems);

  const mode = options.mode ?? 'upsert';
  const services = parsed.map((p) => p.service);
  return db.transaction((): ImportReport => {
    const conflicts = mode === 'upsert' ? databaseConflicts(db, parsed, locate) : [];
    if (conflicts.length > 0) return failed(conflicts);
    const summary = replaceServices(db, services, { mode });
    return { ok: true, created: summary.created, updated: summary.updated, unchanged: summary.unchanged };
  }).immediate();
}

function idOf(record: unknown): string | undefined {
  if (record === null || typeof record !== 'object' || !('id' in record)) return undefined;
  const id = record.id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

/** One problem per field of a record, the first issue of a field winning (as `fieldErrorsFrom`). */
function issueProblems(error: z.ZodError, index: number, locate: Locate, reported: Reported): ImportProblem[] {
  const seen = new Set<string>();
  const problems: ImportProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    const key = path.join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    if (reported(index, path)) continue;
    const fieldError = toFieldError(issue);
    problems.push({ ...locate(index, path), code: fieldError.code, ...(fieldError.params ? { params: fieldError.params } : {}) });
  }
  return problems;
}

/** A record inside a service record, with where it sits and what its link fields must say. */
interface Part {
  readonly shape: EntityShape;
  readonly record: Row;
  readonly path: Path;
  /** Link fields and the id the nesting gives them; null: the field must be empty. */
  readonly links: Readonly<Record<string, string | null>>;
  /** The service or location whose rows these are (`service:ID`); null for shared records. */
  readonly owner: string | null;
  /** For a location's addresses and phones: the location, whose first copy alone is checked. */
  readonly location?: string;
}

function partsOf(service: OrukService): Part[] {
  const parts: Part[] = [];
  const owner = `service:${service.id}`;
  parts.push({ shape: SERVICE, record: service, path: [], links: { organization_id: service.organization.id }, owner: null });
  parts.push({ shape: ORGANIZATION, record: service.organization, path: ['organization'], links: {}, owner: null });
  service.phones.forEach((phone, i) =>
    parts.push({ shape: PHONE, record: phone, path: ['phones', i], links: { service_id: service.id, location_id: null }, owner }),
  );
  service.schedules.forEach((schedule, i) =>
    parts.push({ shape: SCHEDULE, record: schedule, path: ['schedules', i], links: { service_id: service.id, service_at_location_id: null }, owner }),
  );
  service.service_areas.forEach((area, i) =>
    parts.push({ shape: SERVICE_AREA, record: area, path: ['service_areas', i], links: { service_id: service.id }, owner }),
  );
  service.languages.forEach((language, i) =>
    parts.push({ shape: LANGUAGE, record: language, path: ['languages', i], links: { service_id: service.id }, owner }),
  );
  service.service_at_locations.forEach((sal, i) => {
    const path = ['service_at_locations', i];
    const location = sal.location;
    parts.push({ shape: SERVICE_AT_LOCATION, record: sal, path, links: { service_id: service.id, location_id: location.id }, owner });
    parts.push({ shape: LOCATION, record: location, path: [...path, 'location'], links: {}, owner: null });
    location.addresses.forEach((address, j) =>
      parts.push({
        shape: ADDRESS,
        record: address,
        path: [...path, 'location', 'addresses', j],
        links: { location_id: location.id },
        owner: `location:${location.id}`,
        location: location.id,
      }),
    );
    location.phones.forEach((phone, j) =>
      parts.push({
        shape: PHONE,
        record: phone,
        path: [...path, 'location', 'phones', j],
        links: { location_id: location.id, service_id: null },
        owner: `location:${location.id}`,
        location: location.id,
      }),
    );
    sal.schedules.forEach((schedule, j) =>
      parts.push({
        shape: SCHEDULE,
        record: schedule,
        path: [...path, 'schedules', j],
        links: { service_at_location_id: sal.id, service_id: service.id },
        owner: `service:${service.id}`,
      }),
    );
  });
  service.attributes.forEach((attribute, i) => {
    const path = ['attributes', i];
    parts.push({
      shape: ATTRIBUTE,
      record: attribute,
      path,
      links: { link_id: service.id, taxonomy_term_id: attribute.taxonomy_term.id },
      owner,
    });
    parts.push({ shape: TAXONOMY_TERM, record: attribute.taxonomy_term, path: [...path, 'taxonomy_term'], links: {}, owner: null });
  });
  return parts;
}

/** A shared record as it would be stored, with a location's addresses and phones. */
function storedForm(part: Part): string {
  const stored = (record: Row, shape: EntityShape): unknown[] => [...columnValues(record, shape), extraJson(record, shape)];
  const form: unknown[] = [stored(part.record, part.shape)];
  if (part.shape === LOCATION) {
    form.push((part.record.addresses as Row[]).map((a) => stored(a, ADDRESS)));
    form.push((part.record.phones as Row[]).map((p) => stored(p, PHONE)));
  }
  return JSON.stringify(form);
}

/**
 * Problems between the records of one file: link fields that contradict the nesting, one child id
 * used twice, a service at the same location twice, and shared records (organisations, locations,
 * terms) whose copies differ.
 */
function consistencyProblems(parsed: readonly { index: number; service: OrukService }[], locate: Locate): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const sharedForms = new Map<string, string>();
  const childIds = new Set<string>();
  const firstLocationCopy = new Map<string, string>();
  for (const { index, service } of parsed) {
    const salLocations = new Set<string>();
    for (const part of partsOf(service)) {
      for (const [link, expected] of Object.entries(part.links)) {
        const value = part.record[link];
        if (value === undefined || value === null || value === expected) continue;
        problems.push({ ...locate(index, [...part.path, link]), code: 'mismatch', params: expected === null ? {} : { expected } });
      }
      const id = part.record.id as string;
      if (part.owner === null) {
        if (part.shape === SERVICE) continue;
        const form = storedForm(part);
        const key = `${part.shape.table}:${id}`;
        const first = sharedForms.get(key);
        if (first === undefined) sharedForms.set(key, form);
        else if (first !== form) problems.push({ ...locate(index, [...part.path, 'id']), code: 'duplicate-id', params: { id } });
        continue;
      }
      if (part.location !== undefined) {
        // A location's addresses and phones come again with every service at it: check the first copy.
        const copy = `${index}:${part.path.slice(0, 2).join('.')}`;
        const first = firstLocationCopy.get(part.location);
        if (first === undefined) firstLocationCopy.set(part.location, copy);
        else if (first !== copy) continue;
      }
      const key = `${part.shape.table}:${id}`;
      if (childIds.has(key)) problems.push({ ...locate(index, [...part.path, 'id']), code: 'duplicate-id', params: { id } });
      childIds.add(key);
      if (part.shape === SERVICE_AT_LOCATION) {
        const location = (part.record as OrukService['service_at_locations'][number]).location.id;
        if (salLocations.has(location)) problems.push({ ...locate(index, [...part.path, 'location', 'id']), code: 'duplicate-id', params: { id: location } });
        salLocations.add(location);
      }
    }
  }
  return problems;
}

/**
 * Child ids already stored for a service or location that this import does not replace: writing
 * them would take a row from another record, so they are reported instead (update mode only).
 */
function databaseConflicts(db: Database, parsed: readonly { index: number; service: OrukService }[], locate: Locate): ImportProblem[] {
  const services = new Set(parsed.map((p) => p.service.id));
  const locations = new Set(parsed.flatMap((p) => p.service.service_at_locations.map((sal) => sal.location.id)));
  const ownerSql = new Map<EntityShape, string>([
    [PHONE, 'SELECT id, service_id, location_id FROM phones WHERE id IN (SELECT value FROM json_each(?))'],
    [
      SCHEDULE,
      `SELECT s.id, coalesce(s.service_id, sal.service_id) AS service_id FROM schedules s
         LEFT JOIN service_at_locations sal ON sal.id = s.service_at_location_id
        WHERE s.id IN (SELECT value FROM json_each(?))`,
    ],
    [ADDRESS, 'SELECT id, location_id FROM addresses WHERE id IN (SELECT value FROM json_each(?))'],
    ...[SERVICE_AT_LOCATION, SERVICE_AREA, LANGUAGE, ATTRIBUTE].map(
      (shape) => [shape, `SELECT id, service_id FROM ${shape.table} WHERE id IN (SELECT value FROM json_each(?))`] as const,
    ),
  ]);
  // Where each incoming child id is, by table: one query per table instead of one per row.
  const incoming = new Map<EntityShape, Map<string, { index: number; path: Path }[]>>();
  for (const { index, service } of parsed) {
    for (const part of partsOf(service)) {
      if (part.owner === null || !ownerSql.has(part.shape)) continue;
      const byId = incoming.get(part.shape) ?? new Map<string, { index: number; path: Path }[]>();
      incoming.set(part.shape, byId);
      const id = part.record.id as string;
      const places = byId.get(id);
      // A location's addresses and phones come again with every service at it: the first copy says it.
      if (places && part.location !== undefined) continue;
      if (places) places.push({ index, path: [...part.path, 'id'] });
      else byId.set(id, [{ index, path: [...part.path, 'id'] }]);
    }
  }
  const problems: ImportProblem[] = [];
  for (const [shape, byId] of incoming) {
    const rows = db.prepare(ownerSql.get(shape) ?? '').all(JSON.stringify([...byId.keys()])) as {
      id: string;
      service_id?: string | null;
      location_id?: string | null;
    }[];
    for (const row of rows) {
      const replaced = (row.service_id != null && services.has(row.service_id)) || (row.location_id != null && locations.has(row.location_id));
      if (replaced) continue;
      for (const { index, path } of byId.get(row.id) ?? []) problems.push({ ...locate(index, path), code: 'duplicate-id', params: { id: row.id } });
    }
  }
  return problems;
}
