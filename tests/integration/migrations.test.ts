import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DatabaseTooNewError,
  MIGRATIONS,
  listUnits,
  migrate,
  openDatabase,
  readSettings,
  schemaVersion,
  seedUnits,
  writeSettings,
  type Database,
  type Migration,
} from '../../db';
import { createBackend } from '../../electron/backend/backend';
import { unitsConfigSchema } from '../../shared/domain/units';
import sampleUnits from '../../assets/config/units.json' with { type: 'json' };
import { makeTempDir } from '../support/tempDir';

const units = unitsConfigSchema.parse(sampleUnits);

function schemaOf(db: Database): string[] {
  return (
    db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as {
      type: string;
      name: string;
      sql: string | null;
    }[]
  ).map((row) => `${row.type} ${row.name}: ${row.sql ?? ''}`);
}

/** Data a kiosk at schema `version` could hold, so each upgrade is tested on a non-empty database. */
function seedAt(db: Database, version: number): void {
  if (version >= 1) {
    seedUnits(db, units);
    writeSettings(db, { unitId: 'hednesford', deviceCode: 'D1' });
  }
}

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

describe('migrations', () => {
  it('are numbered 1..N in list order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('build the whole schema from an empty file, as STRICT tables', () => {
    const db = openDatabase(join(dir.path, 'empty.db'));
    expect(migrate(db)).toBe(MIGRATIONS.length);
    const all = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[];
    const searchTables = ['service_search', 'service_search_trigram', 'enquiry_search'];
    // AUTOINCREMENT (the outbox's order) keeps its counters in SQLite's own table.
    const internal = ['sqlite_sequence'];
    // FTS5 keeps its index in shadow tables named after the virtual table; SQLite makes those itself.
    const isSearch = (name: string) => searchTables.some((s) => name === s || name.startsWith(`${s}_`));
    const tables = all.filter((t) => !isSearch(t.name) && !internal.includes(t.name));
    expect(tables.map((t) => t.name).sort()).toEqual([
      'addresses',
      'agenda_item_enquiries',
      'agenda_items',
      'attributes',
      'directory_updates',
      'enquiries',
      'enquiry_events',
      'erased_enquiries',
      'erasures',
      'forums',
      'locations',
      'meetings',
      'organizations',
      'outbox',
      'phones',
      'read_audit',
      'reference_counters',
      'retention_log',
      'schedules',
      'service_areas',
      'service_at_locations',
      'service_languages',
      'services',
      'settings',
      'staff',
      'sync_state',
      'taxonomy_terms',
      'unit_areas',
      'units',
    ]);
    for (const table of tables) expect(table.sql, table.name).toMatch(/\)\s*STRICT(,\s*WITHOUT ROWID)?$/);
    for (const name of searchTables) {
      expect(all.find((t) => t.name === name)?.sql, name).toMatch(/USING fts5/);
    }
    db.close();
  });

  for (let from = 1; from < MIGRATIONS.length; from++) {
    it(`upgrade a database at version ${from} to the same schema as a fresh one, keeping its data`, () => {
      const fresh = openDatabase(join(dir.path, 'fresh.db'));
      migrate(fresh);
      const old = openDatabase(join(dir.path, `v${from}.db`));
      migrate(old, MIGRATIONS, from);
      expect(schemaVersion(old)).toBe(from);
      seedAt(old, from);

      migrate(old);
      expect(schemaVersion(old)).toBe(MIGRATIONS.length);
      expect(schemaOf(old)).toEqual(schemaOf(fresh));
      expect(listUnits(old).map((u) => u.code)).toEqual(['CAN', 'HED', 'RUG', 'NOR']);
      expect(readSettings(old)).toMatchObject({ unitId: 'hednesford', deviceCode: 'D1' });
      fresh.close();
      old.close();
    });
  }

  it('run again changes nothing', () => {
    const db = openDatabase(join(dir.path, 'twice.db'));
    migrate(db);
    const before = schemaOf(db);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(schemaOf(db)).toEqual(before);
    db.close();
  });

  it('roll back a migration that fails half way, leaving the previous version whole', () => {
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT');
        db.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    const db = openDatabase(join(dir.path, 'broken.db'));
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuse a database made by a newer app, with a clear message, and leave the file untouched', () => {
    const file = join(dir.path, 'onestop.db');
    const db = openDatabase(file);
    migrate(db);
    db.pragma(`user_version = ${MIGRATIONS.length + 3}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');

    expect(() => createBackend({ dataDir: dir.path })).toThrow(DatabaseTooNewError);
    expect(() => createBackend({ dataDir: dir.path })).toThrow(/newer version of onestop/);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
  });
});

describe('migration 5 (sync)', () => {
  it('rebuilds the enquiry audit with its rows and ids, now also taking the hub\'s status changes', () => {
    const db = openDatabase(join(dir.path, 'v4.db'));
    migrate(db, MIGRATIONS, 4);
    seedAt(db, 4);
    db.prepare(
      `INSERT INTO enquiries (id, reference, unit_id, forum_id, device_code, topic_id, body, summary, location, street_key, channel, status, created_at, updated_at, version)
       VALUES ('e1', 'HED-D1-000001', 'hednesford', 'hednesford', 'D1', 'roads', 'county', 'Pothole', 'Market Street', 'market street', 'kiosk', 'new', 'T', 'T', 1)`,
    ).run();
    const event = db.prepare("INSERT INTO enquiry_events (id, enquiry_id, version, action, to_status, actor_name, at) VALUES (?, 'e1', 1, ?, 'new', ?, 'T')");
    event.run(7, 'created', null);
    event.run(9, 'status', 'Sam');
    const before = db.prepare('SELECT * FROM enquiry_events ORDER BY id').all();

    migrate(db);
    expect(db.prepare('SELECT * FROM enquiry_events ORDER BY id').all()).toEqual(before);
    event.run(10, 'hub-status', null);
    expect(() => event.run(11, 'deleted', null)).toThrow(/CHECK/);
    expect(db.prepare('SELECT pull_cursor, last_success_at FROM sync_state').all()).toEqual([{ pull_cursor: '', last_success_at: null }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('the database file', () => {
  it('is opened with WAL, foreign keys and synchronous=FULL', () => {
    const db = openDatabase(join(dir.path, 'pragmas.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('enforces foreign keys: a unit cannot name a forum that does not exist', () => {
    const db = openDatabase(join(dir.path, 'fk.db'));
    migrate(db);
    expect(() =>
      db.prepare("INSERT INTO units (id, code, name, shop_name, forum_id, position) VALUES ('x', 'XXX', 'X', 'X', 'nowhere', 0)").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('seeds the four sample units with their forums and areas once, and keeps edits on the next start', () => {
    const db = openDatabase(join(dir.path, 'seed.db'));
    migrate(db);
    expect(seedUnits(db, units)).toBe(true);
    const seeded = listUnits(db);
    expect(seeded.map((u) => [u.id, u.code, u.forum.id])).toEqual([
      ['cannock', 'CAN', 'cannock'],
      ['hednesford', 'HED', 'hednesford'],
      ['rugeley', 'RUG', 'rugeley'],
      ['norton-canes', 'NOR', 'norton-canes'],
    ]);
    expect(seeded.find((u) => u.id === 'rugeley')?.areas).toEqual(['Rugeley', 'Brereton', 'Etchinghill', 'Slitting Mill']);
    db.prepare("UPDATE units SET shop_name = 'Rugeley Town Hall' WHERE id = 'rugeley'").run();
    expect(seedUnits(db, units)).toBe(false);
    expect(listUnits(db).find((u) => u.id === 'rugeley')?.shopName).toBe('Rugeley Town Hall');
    db.close();
  });
});
