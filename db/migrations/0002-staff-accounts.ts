import type { Migration } from './types';

export const migration0002: Migration = {
  version: 2,
  name: 'staff accounts',
  up(db) {
    db.exec(`
      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('staff', 'chair', 'admin')),
        forum_id TEXT REFERENCES forums (id),
        pin_hash TEXT NOT NULL,
        failed_sign_ins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      ) STRICT;
    `);
  },
};
