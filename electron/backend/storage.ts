import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StorageProblemKind } from '../../shared/ipc/contract';

/**
 * What went wrong with the kiosk's storage, read from an error SQLite or the file system raised.
 * SQLite's codes say "full", "read-only" or "corrupt" directly; an I/O error or a file it cannot
 * open says only that something failed, so the data folder is probed to say which (`probeFolder`).
 */
export function storageProblemOf(error: unknown, dataDir: string): StorageProblemKind | null {
  const code = codeOf(error);
  if (code === null) return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'read-only';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'EIO') {
    return probeFolder(dataDir) ?? 'unavailable';
  }
  return null;
}

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = error.code;
  return typeof code === 'string' ? code : null;
}

/**
 * Writes and removes a small file in the data folder: the quickest honest answer to "can this
 * folder take a write?" Null when it can, else why not.
 */
export function probeFolder(dataDir: string): StorageProblemKind | null {
  const probe = join(dataDir, `.write-probe-${process.pid}`);
  try {
    writeFileSync(probe, 'onestop write probe\n', { flush: true });
    rmSync(probe, { force: true });
    return null;
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOSPC' || code === 'EDQUOT') return 'full';
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'read-only';
    return 'unavailable';
  }
}

export interface StorageProblemState {
  readonly kind: StorageProblemKind;
  /** When the problem was first seen (ISO 8601). */
  readonly since: string;
}

/**
 * The kiosk's storage as the screens should describe it. A problem met while running (a full disk)
 * clears once a write succeeds again; a problem met when opening keeps the kiosk on a read-only copy
 * until it is restarted, so `lasting` problems never clear.
 */
export class StorageHealth {
  private current: StorageProblemState | null = null;
  private lasting = false;

  constructor(private readonly now: () => Date) {}

  /** The kiosk opened on a read-only copy because of this problem: it lasts until a restart. */
  openedDegraded(kind: StorageProblemKind): void {
    this.current = { kind, since: this.now().toISOString() };
    this.lasting = true;
  }

  /** A write failed for this reason while the kiosk was running. */
  record(kind: StorageProblemKind): void {
    if (this.lasting) return;
    if (this.current?.kind === kind) return;
    this.current = { kind, since: this.now().toISOString() };
  }

  /** A write went through: a problem met while running is over. */
  wrote(): void {
    if (!this.lasting) this.current = null;
  }

  get problem(): StorageProblemState | null {
    return this.current;
  }

  /** True while the kiosk runs on a read-only copy (nothing can be saved until a restart). */
  get degraded(): boolean {
    return this.lasting;
  }
}
