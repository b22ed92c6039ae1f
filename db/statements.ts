import type { Database, Statement } from './driver';

const caches = new WeakMap<Database, Map<string, Statement>>();

/**
 * A statement prepared once per connection and reused: preparing costs more than running the small
 * queries the screens make. Only for SQL whose text comes from the code, never from input.
 */
export function prepared(db: Database, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
