import { databaseKeyFrom as keyFrom, type KeyVariables } from '../../db/databaseKey';

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
