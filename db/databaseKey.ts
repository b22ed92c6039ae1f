import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DATABASE_KEY } from './driver';

/**
 * Database keys given from outside: in an environment variable holding the key itself, or in a file
 * named by an option or another environment variable. A key is 32 random bytes as 64 hexadecimal
 * characters: `openssl rand -hex 32`, or `newDatabaseKey()`.
 */
export class DatabaseKeySourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseKeySourceError';
  }
}

export function newDatabaseKey(): string {
  return randomBytes(32).toString('hex');
}

/** Checks a key read from somewhere a person set up; says which source was wrong, never the key. */
export function parseDatabaseKey(text: string, source: string): string {
  const key = text.trim().toLowerCase();
  if (!DATABASE_KEY.test(key)) {
    throw new DatabaseKeySourceError(`${source} does not hold a database key: it must be 64 hexadecimal characters (make one with "openssl rand -hex 32").`);
  }
  return key;
}

/** Which environment variables hold the key itself and name a key file. */
export interface KeyVariables {
  readonly key: string;
  readonly file: string;
}

/** The key from a key-file option, else the key variable, else the file variable; null when none is set. */
export function databaseKeyFrom(env: NodeJS.ProcessEnv, variables: KeyVariables, keyFile?: string): string | null {
  const inline = env[variables.key];
  if (keyFile === undefined && inline !== undefined) return parseDatabaseKey(inline, variables.key);
  const file = keyFile ?? env[variables.file];
  if (file === undefined || file === '') return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DatabaseKeySourceError(`The key file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return parseDatabaseKey(text, `The key file ${file}`);
}
