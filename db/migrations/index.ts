import { migration0001 } from './0001-settings-units-forums';
import { migration0002 } from './0002-staff-accounts';
import { migration0003 } from './0003-directory';
import { migration0004 } from './0004-enquiries';
import { migration0005 } from './0005-sync';
import { migration0006 } from './0006-forums';
import { migration0007 } from './0007-read-audit';
import { migration0008 } from './0008-retention';
import { migration0009 } from './0009-consent-wording';
import { migration0010 } from './0010-erasures';
import type { Migration } from './types';

/** Every migration, in order. Shipped migrations are never edited: add a new one. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010];

export type { Migration } from './types';
