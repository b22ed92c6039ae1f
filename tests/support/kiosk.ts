import { randomUUID } from 'node:crypto';
import { cpSync } from 'node:fs';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { hashPin } from '../../electron/backend/pin';
import { insertStaff, openDatabase } from '../../db';
import { makeTempDir } from './tempDir';
import type { SetupInput } from '../../shared/ipc/contract';
import type { StaffRole } from '../../shared/domain/roles';

export const ADMIN = { displayName: 'Ada Admin', username: 'ada.admin', pin: '246810' } as const;

export const RUGELEY_SETUP: SetupInput = {
  unitId: 'rugeley',
  deviceCode: 'K2',
  hubUrl: '',
  defaultLanguage: 'en-GB',
  displayMode: 'kiosk',
  admin: ADMIN,
};

/** Runs first-run setup through the backend's own channel, as the setup screen would. */
export async function setUpKiosk(backend: Backend, input: SetupInput = RUGELEY_SETUP): Promise<void> {
  const result = await backend.dispatch('kiosk:setup', input, 'setup');
  if (!result.ok) throw new Error(`setup failed: ${JSON.stringify(result.error)}`);
}

/** Sets up a kiosk in `dataDir` and closes it again, leaving a configured database behind. */
export async function configuredDataDir(dataDir: string, input: SetupInput = RUGELEY_SETUP): Promise<void> {
  const backend = createBackend({ dataDir });
  try {
    await setUpKiosk(backend, input);
  } finally {
    backend.close();
  }
}

/**
 * Adds a staff account straight into the database, faster than through the administrator's
 * screens. A chair chairs the Rugeley forum (the template kiosk's) unless told otherwise.
 */
export async function addStaff(
  databasePath: string,
  username: string,
  pin: string,
  role: StaffRole,
  forumId: string | null = role === 'chair' ? 'rugeley' : null,
  /** The database key, when the file is encrypted. */
  key: string | null = null,
): Promise<void> {
  const db = openDatabase(databasePath, { key });
  try {
    insertStaff(db, {
      id: randomUUID(),
      username,
      displayName: username,
      role,
      forumId,
      pinHash: await hashPin(pin),
      createdAt: new Date().toISOString(),
    });
  } finally {
    db.close();
  }
}

/** A front-desk account and a forum chair, beside the administrator, in every staffed template. */
export const STAFF = { username: 'sam.staff', pin: '135790' } as const;
export const CHAIR = { username: 'cath.chair', pin: '246802' } as const;

/**
 * A configured Rugeley kiosk (device K2) with an administrator, a front-desk account and a chair,
 * made once: PINs are hashed with scrypt, slow on purpose, so tests copy this folder instead.
 */
export async function staffedKioskTemplate(): Promise<{ path: string; remove(): void }> {
  const template = makeTempDir();
  const setup = createBackend({ dataDir: template.path, log: () => {} });
  try {
    await setUpKiosk(setup);
    await addStaff(setup.databasePath, STAFF.username, STAFF.pin, 'staff');
    await addStaff(setup.databasePath, CHAIR.username, CHAIR.pin, 'chair');
  } finally {
    setup.close();
  }
  return template;
}

/** A fresh kiosk folder copied from a template made by `staffedKioskTemplate`. */
export function copyOfKiosk(template: { path: string }): { path: string; remove(): void } {
  const copy = makeTempDir();
  cpSync(template.path, copy.path, { recursive: true });
  return copy;
}
