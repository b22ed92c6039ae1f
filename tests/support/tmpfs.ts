import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statfsSync } from 'node:fs';
import { makeTempDir } from './tempDir';

/**
 * A real, small file system for disk-fault tests: a tmpfs of `sizeBytes`, so a full disk is a real
 * ENOSPC and a read-only folder a real EROFS (which root, who runs CI, cannot write past, unlike a
 * chmod). Mounting needs root (or CAP_SYS_ADMIN); where the tests cannot mount, `TMPFS_SKIP_REASON`
 * says why and the tests that need it are skipped, except under CI, where the run fails instead.
 */
export interface Tmpfs {
  readonly path: string;
  /** Makes the file system read-only, or writable again (nothing may have a file open for writing). */
  remount(mode: 'ro' | 'rw'): void;
  /** Bytes still free. */
  free(): number;
  unmount(): void;
}

function probe(): string | null {
  const dir = makeTempDir('onestop-tmpfs-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir.path], { stdio: 'pipe' });
    execFileSync('umount', [dir.path], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `cannot mount a tmpfs here (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); run as root`;
  } finally {
    dir.remove();
  }
}

export const TMPFS_SKIP_REASON: string | null = probe();
if (TMPFS_SKIP_REASON && process.env['CI']) {
  throw new Error(`Disk-fault tests need a real tmpfs in CI: ${TMPFS_SKIP_REASON}`);
}

export function mountTmpfs(sizeBytes: number): Tmpfs {
  const dir = makeTempDir('onestop-tmpfs-');
  const path = dir.path;
  mkdirSync(path, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', path], { stdio: 'pipe' });
  return {
    path,
    remount: (mode) => execFileSync('mount', ['-o', `remount,${mode}`, path], { stdio: 'pipe' }),
    free: () => {
      const stats = statfsSync(path);
      return stats.bavail * stats.bsize;
    },
    unmount: () => {
      execFileSync('umount', ['-l', path], { stdio: 'pipe' });
      rmSync(path, { recursive: true, force: true });
    },
  };
}
