import type { Unit, UnitsConfig } from '../shared/domain/units';
import type { Database } from './driver';

/** Loads the unit configuration into an empty database. A database that has units keeps them. */
export function seedUnits(db: Database, config: UnitsConfig): boolean {
  const count = (db.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n;
  if (count > 0) return false;
  const insertForum = db.prepare('INSERT OR IGNORE INTO forums (id, name) VALUES (?, ?)');
  const insertUnit = db.prepare(
    'INSERT INTO units (id, code, name, shop_name, forum_id, position) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertArea = db.prepare('INSERT INTO unit_areas (unit_id, name, position) VALUES (?, ?, ?)');
  db.transaction(() => {
    config.forEach((unit, position) => {
      insertForum.run(unit.forum.id, unit.forum.name);
      insertUnit.run(unit.id, unit.code, unit.name, unit.shopName, unit.forum.id, position);
      unit.areas.forEach((area, areaPosition) => insertArea.run(unit.id, area, areaPosition));
    });
  })();
  return true;
}

interface UnitRow {
  id: string;
  code: string;
  name: string;
  shop_name: string;
  forum_id: string;
  forum_name: string;
}

export function listUnits(db: Database): Unit[] {
  const rows = db
    .prepare(
      `SELECT u.id, u.code, u.name, u.shop_name, f.id AS forum_id, f.name AS forum_name
         FROM units u JOIN forums f ON f.id = u.forum_id
        ORDER BY u.position`,
    )
    .all() as UnitRow[];
  const areas = db.prepare('SELECT unit_id, name FROM unit_areas ORDER BY unit_id, position').all() as {
    unit_id: string;
    name: string;
  }[];
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    shopName: row.shop_name,
    forum: { id: row.forum_id, name: row.forum_name },
    areas: areas.filter((a) => a.unit_id === row.id).map((a) => a.name),
  }));
}

export function findUnit(db: Database, id: string): Unit | undefined {
  return listUnits(db).find((unit) => unit.id === id);
}
