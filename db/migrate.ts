import type { Database } from './driver';
import { MIGRATIONS, type Migration } from './migrations';

/** The database was written by a newer onestop: opening it could lose data, so we refuse. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
    /** What was left as it was: the file, or (the hub on PostgreSQL) the database. */
    unchanged: 'file' | 'database' = 'file',
  ) {
    super(
      `This database was made by a newer version of onestop (schema ${found}; this app knows up to ${known}). ` +
        `Install the newer version of onestop, or restore a backup made by this one. The ${unchanged} has not been changed.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to `target` (default: the newest), one transaction per migration, each
 * setting `user_version` inside its own transaction so a crash leaves a whole version behind.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, target = migrations.length): number {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) throw new Error(`Migration list out of order at ${m.name}`);
  });
  const current = schemaVersion(db);
  if (current > migrations.length) throw new DatabaseTooNewError(current, migrations.length);
  for (const migration of migrations.slice(current, target)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return schemaVersion(db);
}
