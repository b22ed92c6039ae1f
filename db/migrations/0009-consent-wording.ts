import type { Migration } from './types';

/**
 * `contact_wording`: which version of the consent words (shared/domain/privacy.ts,
 * CONSENT_WORDINGS) the person was shown when they agreed to be contacted, so a consent can be
 * read back as the exact words they saw. Null for consents recorded before this existed.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'consent wording',
  up(db) {
    db.exec(`ALTER TABLE enquiries ADD COLUMN contact_wording TEXT;`);
  },
};
