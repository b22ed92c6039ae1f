import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RejectedChange } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/ipc/result';
import { ErrorSummary } from '../../components/ErrorSummary';
import { formatSince } from '../../format';
import { useApp, useClient } from '../../state/context';
import { useSyncStatus } from './useSyncStatus';

/**
 * Sync in the Settings tab: the changes the hub refused, each with the hub's reason and when, and
 * (for front-desk staff and administrators) "Send again" once what it objected to is fixed.
 * Nothing is ever deleted from here.
 */
export function SyncPanel() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const staff = useApp((s) => s.staff);
  const status = useSyncStatus();
  const setStatus = useApp((s) => s.syncStatusChanged);
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState('');
  if (!status || !staff) return null;
  const canSendAgain = staff.role === 'staff' || staff.role === 'admin';
  const nameOf = (change: RejectedChange) =>
    change.reference ? t('sync.item', { reference: change.reference, version: change.version }) : t('sync.noReference');

  async function sendAgain(change: RejectedChange) {
    setNotice('');
    const result = await client.sync.retry({ seq: change.seq });
    if (!result.ok) return setError(result.error);
    setError(null);
    setStatus(result.value);
    setNotice(t('sync.sentAgain', { reference: change.reference ?? change.entityId }));
  }

  return (
    <section className="sync-panel" aria-labelledby="sync-panel-heading">
      <h3 id="sync-panel-heading">{t('sync.panelHeading')}</h3>
      <p>{t('sync.panelIntro')}</p>
      <h4>{t('sync.rejectedHeading')}</h4>
      <ErrorSummary error={error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {status.rejected.count === 0 ? (
        <p>{t('sync.rejectedNone')}</p>
      ) : (
        <>
          <p>{t('sync.rejected', { count: status.rejected.count })}</p>
          <p className="field__hint">{t('sync.rejectedHint')}</p>
          <ul className="rejected-list">
            {status.rejected.changes.map((change) => (
              <li key={change.seq} className="rejected-list__item">
                <p className="rejected-list__name" id={`rejected-${change.seq}`}>
                  {nameOf(change)}
                </p>
                <p>
                  {t('sync.reason')}{' '}
                  <span lang="en-GB" dir="ltr">
                    {change.reason}
                  </span>
                </p>
                <p>{t('sync.refusedAt', { when: formatSince(change.rejectedAt, i18n.language, t) })}</p>
                {canSendAgain && (
                  <button type="button" className="button button--secondary" aria-describedby={`rejected-${change.seq}`} onClick={() => void sendAgain(change)}>
                    {t('sync.sendAgain')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
