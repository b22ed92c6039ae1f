import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/ipc/result';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useStorageStatus } from '../../components/StorageNotice';
import { formatDateTime } from '../../format';
import { useApp, useClient } from '../../state/context';

/**
 * Backups in the Settings tab: when the last one was taken and how many are kept, for every account;
 * "Back up now" for an administrator (before a repair, say). Restoring is IT support's job, with the
 * restore command the README describes, while the app is closed.
 */
export function BackupPanel() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const staff = useApp((s) => s.staff);
  const [status, setStatus] = useStorageStatus();
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  if (!status || !staff) return null;

  async function backUpNow() {
    setBusy(true);
    setDone(false);
    const result = await client.storage.backup();
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setStatus(result.value);
    setDone(true);
  }

  return (
    <section className="backup-panel" aria-labelledby="backup-panel-heading">
      <h3 id="backup-panel-heading">{t('backups.heading')}</h3>
      <p>
        {status.lastBackup
          ? t('backups.last', { when: formatDateTime(status.lastBackup.takenAt, i18n.language), count: status.backupsKept })
          : t('backups.none')}
      </p>
      {status.backupFailed && (
        <p className="notice notice--warning" role="alert">
          {t('backups.failed', { reason: t(`backups.failedWhy.${status.backupFailed}`) })}
        </p>
      )}
      <p className="field__hint">{t('backups.restoreHint')}</p>
      <ErrorSummary error={error} />
      {done && (
        <p className="notice" role="status">
          {t('backups.taken')}
        </p>
      )}
      {staff.role === 'admin' && (
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void backUpNow()}>
          {busy ? t('backups.working') : t('backups.now')}
        </button>
      )}
    </section>
  );
}
