import type { Migration } from '../../db/migrations/types';
import { migration0001 } from './0001-devices-enquiries-changes';
import { migration0002 } from './0002-forums';
import { migration0003 } from './0003-retention';
import { migration0004 } from './0004-erasures';

/** The hub's migrations, in order; applied by db/migrate.ts. Shipped ones are never edited: add a new one. */
export const HUB_MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004];
