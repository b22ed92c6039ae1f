import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/ipc/result';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useApp, useClient } from '../../state/context';
import { DateField } from '../forum/DateField';
import { saveExport } from '../forum/download';

type Format = 'csv' | 'json';

/** The words for a refused date: outside 2000 to 2099 or not a date, or before the start. */
function dateError(error: AppError | null, field: 'from' | 'to'): 'badDate' | 'order' | undefined {
  const code = error?.fields?.[field]?.code;
  if (!code) return undefined;
  return code === 'order' ? 'order' : 'badDate';
}

/**
 * The audit of reads in the Settings tab, for an administrator: who opened residents' personal
 * data, and when, for a period (either end may be left empty), saved as CSV or JSON. A refused date
 * is said next to its field and the dates typed stay as they were.
 */
export function AuditPanel() {
  const { t } = useTranslation();
  const client = useClient();
  const staff = useApp((s) => s.staff);
  const load = useApp((s) => s.load);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (staff?.role !== 'admin') return null;

  async function exportAudit(format: Format) {
    setBusy(true);
    setSaved(null);
    const answer = await client.audit.export({ format, ...(from && { from }), ...(to && { to }) });
    setBusy(false);
    if (!answer.ok) {
      if (answer.error.code === 'auth/required') void load();
      return setError(answer.error);
    }
    setError(null);
    saveExport(answer.value);
    setSaved(answer.value.fileName);
  }

  const fromError = dateError(error, 'from');
  const toError = dateError(error, 'to');
  return (
    <section className="audit-panel" aria-labelledby="audit-panel-heading">
      <h3 id="audit-panel-heading">{t('audit.heading')}</h3>
      <p>{t('audit.intro')}</p>
      <p className="field__hint">{t('audit.hint')}</p>
      {/* A refused date is said next to its field; anything else (storage, sign-in) above the buttons. */}
      {!fromError && !toError && <ErrorSummary error={error} />}
      <DateField label={t('audit.from')} value={from} onChange={setFrom} error={fromError && t(`audit.${fromError}`)} />
      <DateField label={t('audit.to')} value={to} onChange={setTo} error={toError && t(`audit.${toError}`)} />
      <div className="actions">
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void exportAudit('csv')}>
          {t('audit.csv')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void exportAudit('json')}>
          {t('audit.json')}
        </button>
      </div>
      {busy && <p role="status">{t('audit.working')}</p>}
      {saved && (
        <p className="notice" role="status">
          {t('audit.saved', { fileName: saved })}
        </p>
      )}
    </section>
  );
}
