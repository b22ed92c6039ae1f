import { openDatabase, readSettings } from '../../db';
import { hubUrlSchema } from '../../shared/domain/settings';

/**
 * The configured hub URL ('' when none), read through a short-lived read-only connection: the
 * backend answers `settings:get` only to signed-in staff, and main is no screen that signs in.
 */
export function readHubUrl(databasePath: string): string {
  const db = openDatabase(databasePath, { readonly: true });
  try {
    const parsed = hubUrlSchema.safeParse(readSettings(db)['hubUrl']);
    return parsed.success ? parsed.data : '';
  } finally {
    db.close();
  }
}
