import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Written while a backend has the data folder open, so the restore command can refuse to run under it. */
export const RUN_FILE = 'onestop.pid';

/**
 * Notes this process's id in the data folder. A folder that cannot be written (the kiosk then runs on
 * a read-only copy) gets no note, which is harmless: the restore command cannot write there either.
 */
export function noteRunning(dataDir: string): () => void {
  const file = join(dataDir, RUN_FILE);
  try {
    writeFileSync(file, `${process.pid}\n`);
  } catch {
    return () => {};
  }
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // Gone already, or the folder became read-only: nothing to tidy.
    }
  };
}

/** The id of another live process that has the data folder open, or null. */
export function runningElsewhere(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dataDir, RUN_FILE), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
