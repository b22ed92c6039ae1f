import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseKeyFrom as keyFrom, newDatabaseKey, parseDatabaseKey, type KeyVariables } from '../../db/databaseKey';

export { DatabaseKeySourceError, newDatabaseKey, parseDatabaseKey } from '../../db/databaseKey';

/**
 * Where the kiosk's database key comes from outside Electron (the browser host, the restore command,
 * tests): `ONESTOP_DB_KEY` holds the key itself, `ONESTOP_DB_KEY_FILE` (or a `--key-file` option)
 * names a file holding it. Electron keeps its key with the platform's safe storage instead
 * (main/databaseKey.ts), unless one of these is set.
 */
export const KIOSK_KEY_VARIABLES: KeyVariables = { key: 'ONESTOP_DB_KEY', file: 'ONESTOP_DB_KEY_FILE' };

export function databaseKeyFrom(env: NodeJS.ProcessEnv, keyFile?: string): string | null {
  return keyFrom(env, KIOSK_KEY_VARIABLES, keyFile);
}

/**
 * The development key file of a data folder (the browser host's, when no key is given): it sits
 * beside the data, so it protects nothing on that machine. For development and tests only; a kiosk
 * keeps its key with the platform's safe storage.
 */
export const DEVELOPMENT_KEY_FILE = 'database.key';

/** Reads the data folder's development key file, making it (readable by its owner only) if missing. */
export function developmentKey(dataDir: string): { key: string; file: string; made: boolean } {
  const file = join(dataDir, DEVELOPMENT_KEY_FILE);
  if (existsSync(file)) return { key: parseDatabaseKey(readFileSync(file, 'utf8'), `The key file ${file}`), file, made: false };
  mkdirSync(dataDir, { recursive: true });
  const key = newDatabaseKey();
  writeFileSync(`${file}.partial`, `${key}\n`, { mode: 0o600, flush: true });
  renameSync(`${file}.partial`, file);
  return { key, file, made: true };
}
