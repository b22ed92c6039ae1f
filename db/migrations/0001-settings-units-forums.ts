import type { Migration } from './types';

export const migration0001: Migration = {
  version: 1,
  name: 'settings, units and forums',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT;

      CREATE TABLE forums (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL
      ) STRICT;

      CREATE TABLE units (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE CHECK (length(code) = 3 AND code = upper(code)),
        name TEXT NOT NULL,
        shop_name TEXT NOT NULL,
        forum_id TEXT NOT NULL REFERENCES forums (id),
        position INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE unit_areas (
        unit_id TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (unit_id, name)
      ) STRICT;
    `);
  },
};
