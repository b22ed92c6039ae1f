import { closeSync, openSync, writeSync } from 'node:fs';
import { openDatabase } from '../../db';

/**
 * Overwrites every page of one table in a database file with noise, as a failing disk leaves a file:
 * the rest of the file still reads. Finds the pages with SQLite's `dbstat`. Returns how many it spoilt.
 */
export function damageTable(file: string, table: string): number {
  const db = openDatabase(file);
  let pageSize: number;
  let pages: number[];
  try {
    pageSize = db.pragma('page_size', { simple: true }) as number;
    pages = db.prepare('SELECT pageno FROM dbstat WHERE name = ?').pluck().all(table) as number[];
  } finally {
    db.close();
  }
  if (pages.length === 0) throw new Error(`${table} has no pages in ${file}`);
  const fd = openSync(file, 'r+');
  try {
    for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
  return pages.length;
}
