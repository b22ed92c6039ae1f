import type { Database } from '../driver';

export interface Migration {
  /** Equals its position in the list, starting at 1; stored as `PRAGMA user_version`. */
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database) => void;
}
