import type { Database } from './driver';

/** All stored settings as parsed JSON values, keyed by name. Validation is the caller's job. */
export function readSettings(db: Database): Record<string, unknown> {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
}

/** Writes several settings in one transaction: either all of them land or none. */
export function writeSettings(db: Database, entries: Readonly<Record<string, unknown>>): void {
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) continue;
      upsert.run(key, JSON.stringify(value));
    }
  })();
}
