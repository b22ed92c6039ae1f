import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CircleHelp, Cloud, CloudOff, Unplug, type LucideIcon } from 'lucide-react';
import type { SyncStatus } from '../../../../shared/ipc/contract';
import { formatSince } from '../../format';
import { useApp, useClient } from '../../state/context';
import { useSyncStatus } from './useSyncStatus';

type Connection = 'online' | 'offline' | 'notSetUp' | 'unknown';

const CONNECTION_ICONS: Record<Connection, LucideIcon> = {
  online: Cloud,
  offline: CloudOff,
  notSetUp: Unplug,
  unknown: CircleHelp,
};

function connectionOf(status: SyncStatus): Connection {
  if (!status.hubConfigured) return 'notSetUp';
  if (status.online === null) return 'unknown';
  return status.online ? 'online' : 'offline';
}

/**
 * Sync at a glance, in the staff bar: online or not (in words, with an icon), changes waiting,
 * the last successful sync, the last problem in words, and "Sync now".
 */
export function SyncLine() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const status = useSyncStatus(true);
  const setStatus = useApp((s) => s.syncStatusChanged);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState('');
  if (!status) return null;
  const connection = connectionOf(status);
  const Icon = CONNECTION_ICONS[connection];

  async function syncNow() {
    setBusy(true);
    setResult('');
    const answer = await client.sync.now();
    setBusy(false);
    if (!answer.ok) return setResult(t(`errors.${answer.error.code}`));
    setStatus(answer.value);
    // A failure shows as the last problem below; say so only when it went through.
    setResult(answer.value.lastError ? '' : t('sync.finished'));
  }

  return (
    <div className="sync-line">
      <p className={`sync-line__connection sync-line__connection--${connection}`}>
        <Icon aria-hidden="true" className="sync-line__icon" />
        {t(`sync.state.${connection}`)}
      </p>
      <p>
        {t('sync.waiting', { count: status.waiting })}
        {status.rejected.count > 0 && <> · {t('sync.rejected', { count: status.rejected.count })}</>}
      </p>
      {status.hubConfigured && (
        <p>{status.lastSuccessAt ? t('sync.lastSuccess', { when: formatSince(status.lastSuccessAt, i18n.language, t) }) : t('sync.never')}</p>
      )}
      {status.lastError && <p className="sync-line__problem">{t('sync.lastError', { message: t(`errors.${status.lastError.code}`) })}</p>}
      {status.hubConfigured && (
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void syncNow()}>
          {busy || status.syncing ? t('sync.syncing') : t('sync.now')}
        </button>
      )}
      {result && (
        <p className="sync-line__result" role="status">
          {result}
        </p>
      )}
    </div>
  );
}
