import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { newDatabaseKey, parseDatabaseKey } from '../backend/databaseKey';

/** The part of Electron's `safeStorage` the key needs (passed in, so this file runs under plain Node in tests). */
export interface KeyProtector {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export class KeyStorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyStorageError';
  }
}

/**
 * The kiosk's database key, kept in `file` encrypted by the platform's safe storage (DPAPI on
 * Windows, the keychain on macOS, the secret service on Linux), so only this user on this machine
 * can read it. Made on first start. A key that cannot be decrypted stops the start with a clear
 * message rather than making a new key, which would lock the kiosk out of its own data.
 */
export function loadOrCreateDatabaseKey(file: string, protector: KeyProtector): string {
  if (!protector.isEncryptionAvailable()) {
    throw new KeyStorageError("This computer's safe storage is not available, so the kiosk cannot keep its database key safe. Nothing has been changed.");
  }
  if (existsSync(file)) {
    let text: string;
    try {
      text = protector.decryptString(readFileSync(file));
    } catch {
      throw new KeyStorageError(
        `The database key in ${file} cannot be decrypted by this user on this computer. Nothing has been changed. ` +
          'Run the app as the user who set it up, or restore the data with its key (README: Encryption at rest).',
      );
    }
    return parseDatabaseKey(text, file);
  }
  const key = newDatabaseKey();
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, protector.encryptString(key), { mode: 0o600, flush: true });
  renameSync(partial, file);
  return key;
}
