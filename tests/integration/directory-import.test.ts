import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countServices,
  exportOrukCsv,
  exportOrukJson,
  importOrukCsv,
  importOrukJson,
  migrate,
  openDatabase,
  readServices,
  replaceServices,
  type Database,
} from '../../db';
import { orukServiceSchema, type OrukServiceInput } from '../../shared/directory/oruk';
import { makeTempDir } from '../support/tempDir';

const SAMPLE = join(import.meta.dirname, '../../assets/directory/sample-directory.json');

const district = {
  id: 'org-ccdc',
  name: 'Cannock Chase District Council',
  email: 'customerservices@cannockchasedc.gov.uk',
  website: 'https://www.cannockchasedc.gov.uk',
  x_onestop_body: 'district',
} as const;
const county = {
  id: 'org-scc',
  name: 'Staffordshire County Council',
  description: 'Roads, schools, libraries and social care across Staffordshire.',
  website: 'https://www.staffordshire.gov.uk',
  x_onestop_body: 'county',
  x_charity_number: null,
} as const;

/** The Civic Centre: one location for two district services. */
const civicCentre = {
  id: 'loc-civic',
  name: 'Civic Centre',
  description: 'Main reception, ground floor.',
  transportation: 'Buses 1, 3 and 60 stop outside.',
  latitude: 52.6898,
  longitude: -2.0311,
  addresses: [
    { id: 'addr-civic', address_1: 'Civic Centre, Beecroft Road', city: 'Cannock', region: 'Staffordshire', postal_code: 'WS11 1BG' },
  ],
  phones: [{ id: 'ph-civic', number: '01543 462621', type: 'voice', description: 'Reception' }],
};
const library = {
  id: 'loc-library',
  name: 'Cannock Library',
  addresses: [{ id: 'addr-library', address_1: 'Manor Avenue', city: 'Cannock', postal_code: 'WS11 1AA', country: 'GB' }],
};

const topicTerm = (code: string, name: string) => ({ id: `topic-${code}`, code, name, taxonomy: 'onestop-topics' });

const weekdays = { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:45', closes_at: '17:00', timezone: 'Europe/London' } as const;

const fixture: OrukServiceInput[] = [
  {
    id: 'svc-roads',
    organization: county,
    name: 'Report a problem on a road',
    alternate_name: 'Highways',
    description: 'Tell the county council about a damaged road, a blocked drain or a fallen sign.',
    url: 'https://www.staffordshire.gov.uk/highways',
    assured_date: '2025-09-01',
    x_onestop_bank_holidays: 'open',
    phones: [{ id: 'ph-roads', number: '0300 111 8000', extension: 2 }],
    service_areas: [{ id: 'area-roads', name: 'Staffordshire' }],
    attributes: [{ id: 'attr-roads', taxonomy_term: topicTerm('roads', 'Roads') }],
  },
  {
    id: 'svc-bins',
    organization: district,
    name: 'Bin collections',
    description: 'Missed bins, new bins and collection days.',
    eligibility_description: 'Households in Cannock Chase.',
    assured_date: '2025-10-14',
    x_other_system_ref: 'A17',
    phones: [{ id: 'ph-bins', number: '01543 462621', extension: '2', type: 'voice' }],
    schedules: [
      { id: 'sch-bins-week', ...weekdays },
      { id: 'sch-bins-xmas', valid_from: '2025-12-25', valid_to: '2025-12-26', description: 'Closed for Christmas' },
    ],
    service_at_locations: [{ id: 'sal-bins-civic', location: civicCentre }],
    attributes: [{ id: 'attr-bins', taxonomy_term: topicTerm('bin-collection', 'Bin collection') }],
  },
  {
    id: 'svc-council-tax',
    organization: district,
    name: 'Council tax',
    description: 'Bills, discounts and paying your council tax.',
    fees_description: 'Free',
    minimum_age: 18,
    assured_date: '2025-10-14',
    languages: [
      { id: 'lang-ctax-en', name: 'English', code: 'en' },
      { id: 'lang-ctax-ur', name: 'Urdu', code: 'ur' },
    ],
    service_at_locations: [
      {
        id: 'sal-ctax-civic',
        location: civicCentre,
        schedules: [{ id: 'sch-ctax-civic', freq: 'WEEKLY', byday: 'MO,WE,FR', opens_at: '10:00', closes_at: '14:00' }],
      },
    ],
    attributes: [{ id: 'attr-ctax', value: 'lead', taxonomy_term: topicTerm('council-tax', 'Council tax'), link_type: 'topic' }],
  },
  {
    id: 'svc-library',
    organization: county,
    name: 'Cannock Library',
    description: 'Books, computers and help with forms.',
    assured_date: '2025-08-30',
    status: 'temporarily closed',
    service_at_locations: [{ id: 'sal-library', location: library, schedules: [{ id: 'sch-library', freq: 'WEEKLY', byday: 'TU,TH,SA', opens_at: '09:30', closes_at: '16:30' }] }],
  },
];

const json = (services: readonly unknown[]): string => JSON.stringify({ contents: services });

let dir: ReturnType<typeof makeTempDir>;
const open: Database[] = [];
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  dir.remove();
});

function freshDb(name: string): Database {
  const db = openDatabase(join(dir.path, `${name}.db`));
  migrate(db);
  open.push(db);
  return db;
}

/** Every row of every table (the search index's shadow tables too), as one hash. */
function checksum(db: Database): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const hash = createHash('sha256');
  for (const { name } of tables) {
    const rows = db.prepare(`SELECT * FROM "${name}"`).all().map((row) => JSON.stringify(row)).sort();
    hash.update(`${name}\n${rows.join('\n')}\n`);
  }
  return hash.digest('hex');
}

function loaded(name = 'first'): Database {
  const db = freshDb(name);
  expect(importOrukJson(db, json(fixture))).toEqual({ ok: true, created: 4, updated: 0, unchanged: 0 });
  return db;
}

function withRow(csv: string, line: string): string {
  return `${csv}${line}\r\n`;
}

describe('ORUK JSON import and export', () => {
  it('stores every record whole, keeping fields onestop does not model', () => {
    const db = loaded();
    const services = readServices(db);
    expect(services.map((s) => s.id)).toEqual(['svc-bins', 'svc-council-tax', 'svc-library', 'svc-roads']);
    const expected = fixture.map((s) => orukServiceSchema.parse(s)).sort((a, b) => a.id.localeCompare(b.id));
    // A phone extension is text in the database, so a numeric one reads back as text.
    const roadsPhone = expected[3]?.phones[0];
    if (roadsPhone) roadsPhone.extension = '2';
    expect(services).toMatchObject(expected);
    const bins = services[0];
    expect(bins?.x_other_system_ref).toBe('A17');
    expect(bins?.schedules.map((s) => [s.id, s.opens_at, s.valid_from])).toEqual([
      ['sch-bins-week', '08:45', null],
      ['sch-bins-xmas', null, '2025-12-25'],
    ]);
    expect(services[3]?.organization).toMatchObject({ x_charity_number: null, x_onestop_body: 'county' });
    // One location row for the two services at the Civic Centre.
    expect(db.prepare('SELECT count(*) AS n FROM locations').get()).toEqual({ n: 2 });
    expect(countServices(db)).toBe(4);
  });

  it('round-trips: import(export(x)) reads back the same records, and exports the same text', () => {
    const first = loaded();
    const exported = exportOrukJson(first);
    const page = JSON.parse(exported) as Record<string, unknown>;
    expect(page).toMatchObject({ total_items: 4, total_pages: 1, page_number: 1, size: 4, first_page: true, last_page: true, empty: false });

    const second = freshDb('second');
    expect(importOrukJson(second, exported, { fileName: 'export.json' })).toEqual({ ok: true, created: 4, updated: 0, unchanged: 0 });
    expect(readServices(second)).toEqual(readServices(first));
    expect(exportOrukJson(second)).toBe(exported);
  });

  it('accepts a bare array and a byte order mark', () => {
    const db = freshDb('bare');
    expect(importOrukJson(db, `\uFEFF${JSON.stringify(fixture.slice(0, 2))}`)).toMatchObject({ ok: true, created: 2 });
  });

  it('updates a service by id: no duplicate rows, and only the changed one counts as updated', () => {
    const db = loaded();
    const tableSizes = (): unknown =>
      ['services', 'phones', 'schedules', 'service_at_locations', 'locations', 'addresses', 'attributes', 'service_search', 'service_search_trigram'].map(
        (table) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
      );
    const sizes = tableSizes();
    const renamed = fixture.map((s) => (s.id === 'svc-roads' ? { ...s, name: 'Report a pothole or road problem' } : s));

    expect(importOrukJson(db, json(renamed))).toEqual({ ok: true, created: 0, updated: 1, unchanged: 3 });
    expect(tableSizes()).toEqual(sizes);
    expect(readServices(db, ['svc-roads'])[0]?.name).toBe('Report a pothole or road problem');
    expect(db.prepare("SELECT service_id FROM service_search WHERE service_search MATCH 'name:pothole'").all()).toEqual([{ service_id: 'svc-roads' }]);
  });

  it('replaces the whole directory in replace-all mode, removing what no service uses any more', () => {
    const db = loaded();
    const kept = fixture.filter((s) => s.id === 'svc-roads' || s.id === 'svc-library');
    expect(importOrukJson(db, json(kept), { mode: 'replace-all' })).toEqual({ ok: true, created: 0, updated: 0, unchanged: 2 });
    expect(readServices(db).map((s) => s.id)).toEqual(['svc-library', 'svc-roads']);
    expect(db.prepare('SELECT id FROM organizations').all()).toEqual([{ id: 'org-scc' }]);
    expect(db.prepare('SELECT id FROM locations').all()).toEqual([{ id: 'loc-library' }]);
    expect(db.prepare('SELECT count(*) AS n FROM phones').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT id FROM taxonomy_terms').all()).toEqual([{ id: 'topic-roads' }]);
    expect(db.prepare('SELECT service_id FROM service_search ORDER BY service_id').all()).toEqual([{ service_id: 'svc-library' }, { service_id: 'svc-roads' }]);
  });

  it('refuses a file with one bad record among good ones, says exactly where, and changes nothing', () => {
    const db = loaded();
    const before = checksum(db);
    const bad = structuredClone(fixture) as Record<string, unknown>[];
    bad[0] = { ...bad[0], name: 'A new name that must not be written' };
    bad[1] = { ...bad[1], phones: [{ id: 'ph-bins', number: 'call us' }] };
    delete bad[2]?.name;
    bad[3] = { ...bad[3], schedules: [{ id: 'sch-lib-2', freq: 'WEEKLY', byday: 'MON', opens_at: '09:00', closes_at: '12:00' }] };

    const report = importOrukJson(db, json(bad), { fileName: 'update.json' });
    expect(report).toEqual({
      ok: false,
      errors: [
        { file: 'update.json', row: 2, field: 'phones.0.number', code: 'format' },
        { file: 'update.json', row: 3, field: 'name', code: 'required' },
        { file: 'update.json', row: 4, field: 'schedules.0.byday', code: 'format' },
      ],
    });
    expect(checksum(db)).toBe(before);
    expect(readServices(db, ['svc-roads'])[0]?.name).toBe('Report a problem on a road');
  });

  it('reports text that is not JSON, and JSON that is not a directory', () => {
    const db = freshDb('garbage');
    expect(importOrukJson(db, 'id,name\nsvc-1,Bins\n')).toEqual({ ok: false, errors: [{ file: 'directory.json', row: null, field: null, code: 'not-json' }] });
    expect(importOrukJson(db, '{"services": []}')).toEqual({ ok: false, errors: [{ file: 'directory.json', row: null, field: null, code: 'bad-shape' }] });
    expect(countServices(db)).toBe(0);
  });

  it('reports a service id given twice, and a shared location whose copies differ', () => {
    const db = freshDb('duplicates');
    const [roads, bins, councilTax] = fixture as [OrukServiceInput, OrukServiceInput, OrukServiceInput];
    const moved = { ...councilTax, service_at_locations: [{ id: 'sal-ctax-civic', location: { ...civicCentre, name: 'Civic Centre (old name)' } }] };
    const report = importOrukJson(db, json([roads, bins, moved, { ...roads, name: 'Roads again' }]));
    expect(report).toEqual({
      ok: false,
      errors: [
        { file: 'directory.json', row: 3, field: 'service_at_locations.0.location.id', code: 'duplicate-id', params: { id: 'loc-civic' } },
        { file: 'directory.json', row: 4, field: 'id', code: 'duplicate-id', params: { id: 'svc-roads' } },
        // Its phone and the rest clash with the first copy's too.
        { file: 'directory.json', row: 4, field: 'phones.0.id', code: 'duplicate-id', params: { id: 'ph-roads' } },
        { file: 'directory.json', row: 4, field: 'service_areas.0.id', code: 'duplicate-id', params: { id: 'area-roads' } },
        { file: 'directory.json', row: 4, field: 'attributes.0.id', code: 'duplicate-id', params: { id: 'attr-roads' } },
      ],
    });
    expect(countServices(db)).toBe(0);
  });

  it('accepts foreign keys that agree with the nesting, and refuses ones that do not', () => {
    const db = freshDb('links');
    const roads = fixture[0] as Record<string, unknown>;
    const agreeing = {
      ...roads,
      organization_id: 'org-scc',
      phones: [{ id: 'ph-roads', number: '0300 111 8000', service_id: 'svc-roads', location_id: null }],
      attributes: [{ id: 'attr-roads', link_id: 'svc-roads', taxonomy_term_id: 'topic-roads', taxonomy_term: topicTerm('roads', 'Roads') }],
    };
    const other = freshDb('links-plain');
    importOrukJson(other, json([{ ...roads, phones: [{ id: 'ph-roads', number: '0300 111 8000' }] }]));
    expect(importOrukJson(db, json([agreeing]))).toMatchObject({ ok: true, created: 1 });
    // Said by the nesting, so not stored twice: the record reads back as if they had been left out.
    expect(readServices(db)).toEqual(readServices(other));

    const contradicting = { ...agreeing, id: 'svc-roads-2', phones: [{ id: 'ph-roads-2', number: '0300 111 8000', service_id: 'svc-bins' }], attributes: [] };
    expect(importOrukJson(db, json([contradicting]))).toEqual({
      ok: false,
      errors: [{ file: 'directory.json', row: 1, field: 'phones.0.service_id', code: 'mismatch', params: { expected: 'svc-roads-2' } }],
    });
  });

  it('refuses a child id that already belongs to a service the file does not update', () => {
    const db = loaded();
    const before = checksum(db);
    const newService = { ...fixture[0], id: 'svc-roads-north', service_areas: [], attributes: [] } as OrukServiceInput;
    expect(importOrukJson(db, json([newService]))).toEqual({
      ok: false,
      errors: [{ file: 'directory.json', row: 1, field: 'phones.0.id', code: 'duplicate-id', params: { id: 'ph-roads' } }],
    });
    expect(checksum(db)).toBe(before);
  });
});

describe('ORUK CSV import and export', () => {
  it('writes one file per object, with the HSDS columns and a header row', () => {
    const files = exportOrukCsv(loaded());
    expect(Object.keys(files).sort()).toEqual(
      [
        'addresses.csv',
        'attributes.csv',
        'languages.csv',
        'locations.csv',
        'organizations.csv',
        'phones.csv',
        'schedules.csv',
        'service_areas.csv',
        'service_at_locations.csv',
        'services.csv',
        'taxonomy_terms.csv',
      ].sort(),
    );
    expect(files['services.csv'].split('\r\n')[0]).toBe(
      'id,organization_id,name,alternate_name,description,url,email,status,fees_description,eligibility_description,minimum_age,maximum_age,assured_date,last_modified,x_onestop_bank_holidays,x_other_system_ref',
    );
    expect(files['phones.csv'].split('\r\n')[0]).toBe('id,service_id,location_id,number,extension,type,description');
    expect(files['organizations.csv'].split('\r\n')).toHaveLength(2 + 2); // header, two organisations, final line end
    expect(files['services.csv']).toContain(',A17\r\n');
  });

  it('round-trips: import(export(x)) reads back the same records, and exports the same files', () => {
    const first = loaded();
    const files = exportOrukCsv(first);
    const second = freshDb('second');
    expect(importOrukCsv(second, files)).toEqual({ ok: true, created: 4, updated: 0, unchanged: 0 });
    expect(readServices(second)).toEqual(readServices(first));
    expect(exportOrukCsv(second)).toEqual(files);
  });

  it('JSON → CSV → JSON gives the same JSON', () => {
    const first = loaded();
    const viaCsv = freshDb('via-csv');
    expect(importOrukCsv(viaCsv, exportOrukCsv(first))).toMatchObject({ ok: true, created: 4 });
    expect(exportOrukJson(viaCsv)).toBe(exportOrukJson(first));
  });

  it('keeps a column onestop does not know, and gives it back in both formats', () => {
    const files = exportOrukCsv(loaded());
    const lines = files['locations.csv'].split('\r\n');
    lines[0] = `${lines[0]},wheelchair_access`;
    for (let i = 1; i < lines.length - 1; i++) lines[i] = `${lines[i]},${i === 1 ? 'step-free' : ''}`;
    const edited = { ...files, 'locations.csv': lines.join('\r\n') };

    const db = freshDb('extra-column');
    expect(importOrukCsv(db, edited)).toMatchObject({ ok: true, created: 4 });
    const civic = readServices(db, ['svc-bins'])[0]?.service_at_locations[0]?.location;
    expect(civic).toMatchObject({ id: 'loc-civic', wheelchair_access: 'step-free' });
    expect(readServices(db, ['svc-library'])[0]?.service_at_locations[0]?.location).not.toHaveProperty('wheelchair_access');
    expect(exportOrukCsv(db)['locations.csv']).toBe(edited['locations.csv']);
    expect(exportOrukJson(db)).toContain('"wheelchair_access": "step-free"');
  });

  it('reads a spreadsheet export: byte order mark, numbers, an empty line', () => {
    const files = exportOrukCsv(loaded());
    const db = freshDb('bom');
    const services = files['services.csv'].replace('\r\n', '\r\n\r\n');
    expect(importOrukCsv(db, { ...files, 'services.csv': `\uFEFF${services}` })).toMatchObject({ ok: true, created: 4 });
    expect(readServices(db, ['svc-council-tax'])[0]?.minimum_age).toBe(18);
  });

  it('reports a phone for a service that is not in the file, by file, row and column', () => {
    const db = freshDb('dangling');
    const files = exportOrukCsv(loaded());
    const phones = withRow(files['phones.csv'], 'ph-lost,svc-nope,,01543 000000,,,');
    const rows = phones.trimEnd().split('\r\n').length;
    expect(importOrukCsv(db, { ...files, 'phones.csv': phones })).toEqual({
      ok: false,
      errors: [{ file: 'phones.csv', row: rows, field: 'service_id', code: 'unknown-reference', params: { id: 'svc-nope' } }],
    });
    expect(countServices(db)).toBe(0);
  });

  it('reports a bad cell in the row a spreadsheet shows, and a row no service uses', () => {
    const db = freshDb('bad-cell');
    const files = exportOrukCsv(loaded());
    const schedules = files['schedules.csv'].replace('MO,TU,WE,TH,FR', 'Mondays');
    const scheduleRow = schedules.split('\r\n').findIndex((line) => line.includes('Mondays')) + 1;
    const locations = withRow(files['locations.csv'], 'loc-unused,physical,Old depot,,,,');
    expect(importOrukCsv(db, { ...files, 'schedules.csv': schedules, 'locations.csv': locations })).toEqual({
      ok: false,
      errors: [
        { file: 'locations.csv', row: 4, field: null, code: 'unreferenced', params: { id: 'loc-unused' } },
        { file: 'schedules.csv', row: scheduleRow, field: 'byday', code: 'format' },
      ],
    });
  });

  it('reports a row given twice, and a row without an id', () => {
    const files = exportOrukCsv(loaded());
    const lines = files['services.csv'].split('\r\n');
    const roads = lines.find((line) => line.startsWith('svc-roads,')) ?? '';
    const services = withRow(withRow(files['services.csv'], roads), roads.replace('svc-roads', ''));
    expect(importOrukCsv(freshDb('twice'), { ...files, 'services.csv': services })).toEqual({
      ok: false,
      errors: [
        { file: 'services.csv', row: 6, field: 'id', code: 'duplicate-id', params: { id: 'svc-roads' } },
        { file: 'services.csv', row: 7, field: 'id', code: 'required' },
      ],
    });
  });

  it('reports a missing services.csv, and a file that is not part of a directory', () => {
    const files: Record<string, string> = { ...exportOrukCsv(loaded()) };
    delete files['services.csv'];
    files['contacts.csv'] = 'id,name\r\n';
    expect(importOrukCsv(freshDb('missing'), files)).toEqual({
      ok: false,
      errors: [
        { file: 'contacts.csv', row: null, field: null, code: 'unknown-file' },
        { file: 'services.csv', row: null, field: null, code: 'missing-file' },
      ],
    });
  });

  it('reports text that is not CSV', () => {
    const files = exportOrukCsv(loaded());
    const report = importOrukCsv(freshDb('not-csv'), { ...files, 'phones.csv': 'id,number\r\nph-1,"0154\r\n' });
    expect(report).toEqual({ ok: false, errors: [{ file: 'phones.csv', row: 2, field: null, code: 'not-csv' }] });
  });
});

describe('writing services directly', () => {
  it('rolls back whole when a child id belongs to another service', () => {
    const db = loaded();
    const before = checksum(db);
    const [bins, councilTax] = readServices(db, ['svc-bins', 'svc-council-tax']);
    if (!bins || !councilTax) throw new Error('fixture missing');
    const stolen = { ...councilTax, name: 'Council tax (renamed)', phones: bins.phones };
    expect(() => replaceServices(db, [stolen])).toThrow(/UNIQUE constraint failed: phones.id/);
    expect(checksum(db)).toBe(before);
  });
});

describe('the search tables', () => {
  it('find a service by the words people use for its topic, its body, and part of a word', () => {
    const db = loaded();
    const match = (table: string, query: string): unknown =>
      (db.prepare(`SELECT service_id FROM ${table} WHERE ${table} MATCH ? ORDER BY service_id`).all(query) as { service_id: string }[]).map(
        (r) => r.service_id,
      );
    expect(match('service_search', 'pothole')).toEqual(['svc-roads']);
    expect(match('service_search', 'rubbish')).toEqual(['svc-bins']);
    expect(match('service_search', 'body_words:county')).toEqual(['svc-library', 'svc-roads']);
    expect(match('service_search', 'description:forms')).toEqual(['svc-library']);
    expect(match('service_search_trigram', 'othol')).toEqual(['svc-roads']);
    expect(db.prepare('SELECT count(*) AS n FROM service_search').get()).toEqual({ n: 4 });
  });

  it('follow a service written directly, and its search row is its own rowid', () => {
    const db = loaded();
    const roads = readServices(db, ['svc-roads'])[0];
    if (!roads) throw new Error('svc-roads missing');
    replaceServices(db, [{ ...roads, attributes: [] }]);
    expect(db.prepare("SELECT service_id FROM service_search WHERE service_search MATCH 'pothole'").all()).toEqual([]);
    expect(
      db.prepare("SELECT s.id FROM service_search f JOIN services s ON s.rowid = f.rowid WHERE service_search MATCH 'highways'").all(),
    ).toEqual([{ id: 'svc-roads' }]);
  });
});

describe('the sample directory', () => {
  it('imports whole, and round-trips through JSON and CSV', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const first = freshDb('sample');
    const report = importOrukJson(first, text, { fileName: 'sample-directory.json' });
    expect(report).toMatchObject({ ok: true });
    const data = JSON.parse(text) as unknown[] | { contents: unknown[] };
    const records = Array.isArray(data) ? data : data.contents;
    expect(countServices(first)).toBe(records.length);

    const exported = exportOrukJson(first);
    const second = freshDb('sample-json');
    expect(importOrukJson(second, exported)).toMatchObject({ ok: true, created: records.length });
    expect(readServices(second)).toEqual(readServices(first));

    const third = freshDb('sample-csv');
    expect(importOrukCsv(third, exportOrukCsv(first))).toMatchObject({ ok: true, created: records.length });
    expect(exportOrukJson(third)).toBe(exported);
  });
});
