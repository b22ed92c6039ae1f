import { useEffect } from 'react';
import type { SyncStatus } from '../../../../shared/ipc/contract';
import { useApp } from '../../state/context';

/** How often the staff bar re-reads the sync status: the engine syncs every minute by itself... */
const REFRESH_MS = 15_000;
/** ...and while a sync runs, or a hub just set up has not answered yet, often enough to see it end. */
const REFRESH_SYNCING_MS = 1_000;

/**
 * The kiosk's sync status, shared by every staff screen that shows it. `poll`: this screen keeps
 * it fresh (the staff bar does; others read it once when they open).
 */
export function useSyncStatus(poll = false): SyncStatus | null {
  const status = useApp((s) => s.syncStatus);
  const refresh = useApp((s) => s.refreshSync);
  const syncing = status ? status.syncing || (status.hubConfigured && status.online === null) : false;
  useEffect(() => {
    void refresh();
    if (!poll) return;
    const timer = setInterval(() => void refresh(), syncing ? REFRESH_SYNCING_MS : REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh, poll, syncing]);
  return status;
}
