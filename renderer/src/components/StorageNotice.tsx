import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StorageStatus } from '../../../shared/ipc/contract';
import { formatDateTime } from '../format';
import { useClient } from '../state/context';
import './StorageNotice.css';

/** A disk can fill up at any time; the notice looks again this often while a staff screen is open. */
const REFRESH_MS = 15_000;

/** The kiosk's storage status, read when a screen opens and then every few seconds. */
export function useStorageStatus(): [StorageStatus | null, (status: StorageStatus) => void] {
  const client = useClient();
  const [status, setStatus] = useState<StorageStatus | null>(null);
  useEffect(() => {
    let live = true;
    const read = () =>
      void client.storage.status().then((result) => {
        if (live && result.ok) setStatus(result.value);
      });
    read();
    const timer = setInterval(read, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client]);
  return [status, setStatus];
}

/**
 * What the staff screens say when the kiosk cannot save: what happened, that nothing saved before is
 * lost, where the residents' directory now comes from, and what to do. Shown on the sign-in, setup and
 * staff screens (never to residents, who see only "this could not be saved" when it affects them).
 */
export function StorageNotice() {
  const { t, i18n } = useTranslation();
  const [status] = useStorageStatus();
  const problem = status?.problem;
  if (!status || !problem) return null;
  const copyOf = problem.readOnlyCopyOf;
  return (
    <section className="storage-notice" role="alert" aria-labelledby="storage-notice-heading">
      <h3 id="storage-notice-heading">{t(`storage.title.${problem.kind}`)}</h3>
      <p>{t(`storage.what.${problem.kind}`)}</p>
      <p>{t('storage.nothingLost')}</p>
      {copyOf === 'own-file' && <p>{t('storage.copy.ownFile')}</p>}
      {copyOf === 'backup' && problem.backupTakenAt && (
        <p>{t('storage.copy.backup', { when: formatDateTime(problem.backupTakenAt, i18n.language) })}</p>
      )}
      {copyOf === 'nothing' && <p>{t('storage.copy.nothing')}</p>}
      <h4>{t('storage.todoHeading')}</h4>
      <p>{t(`storage.todo.${problem.kind}`)}</p>
      {copyOf !== null && <p>{t('storage.restart')}</p>}
      <p className="storage-notice__folder">
        {t('storage.folder')}{' '}
        <bdi dir="ltr" className="storage-notice__path">
          {status.dataDir}
        </bdi>
      </p>
      <p className="field__hint">{t('storage.since', { when: formatDateTime(problem.since, i18n.language) })}</p>
    </section>
  );
}
