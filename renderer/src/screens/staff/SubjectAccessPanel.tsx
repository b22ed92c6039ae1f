import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/ipc/result';
import type { ErasureAnswer, SubjectSearchAnswer } from '../../../../shared/enquiries/subjectAccess';
import { SUBJECT_QUERY_MAX } from '../../../../shared/enquiries/subjectAccess';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/TextField';
import { useApp, useClient } from '../../state/context';
import { saveExport } from '../forum/download';
import { ErasureDone, ErasureForm, ErasureList } from './ErasurePanel';

/**
 * Subject access, for front-desk staff and administrators (README, "Subject access"): a person asks
 * at the desk for a copy of what is held about them. Staff search by name, phone, email or
 * reference; every enquiry found here and at the hub is listed with the name it holds and what it
 * matched on, ticked; staff untick any that is not the person's, then save the export as JSON or
 * PDF. Both the search and the export are noted in the audit of reads. Administrators may also
 * erase the enquiries kept ticked, with a reason (ErasurePanel.tsx), and see the latest erasures.
 */
export function SubjectAccessPanel() {
  const { t } = useTranslation();
  const client = useClient();
  const staff = useApp((s) => s.staff);
  const load = useApp((s) => s.load);
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState<{ query: string; answer: SubjectSearchAnswer } | null>(null);
  const [kept, setKept] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [erased, setErased] = useState<ErasureAnswer | null>(null);
  const [erasures, setErasures] = useState(0);
  if (staff?.role !== 'staff' && staff?.role !== 'admin') return null;

  const failed = (answerError: AppError) => {
    if (answerError.code === 'auth/required') void load();
    setError(answerError);
  };

  async function search(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setSaved(null);
    setErased(null);
    const answer = await client.privacy.search({ query });
    setBusy(false);
    if (!answer.ok) return failed(answer.error);
    setError(null);
    setSearched({ query, answer: answer.value });
    setKept(new Set(answer.value.results.map((r) => r.reference)));
  }

  async function exportAs(format: 'json' | 'pdf') {
    if (!searched) return;
    setBusy(true);
    setSaved(null);
    const answer = await client.privacy.export({ query: searched.query, references: [...kept], format });
    setBusy(false);
    if (!answer.ok) return failed(answer.error);
    setError(null);
    saveExport(answer.value);
    setSaved(answer.value.fileName);
  }

  const toggle = (reference: string) =>
    setKept((current) => {
      const next = new Set(current);
      if (next.has(reference)) next.delete(reference);
      else next.add(reference);
      return next;
    });

  const hub = searched?.answer.hub;
  return (
    <section className="subject-access-panel" aria-labelledby="subject-access-heading">
      <h3 id="subject-access-heading">{t('subjectAccess.heading')}</h3>
      <p>{t('subjectAccess.intro')}</p>
      <ErrorSummary error={error} />
      <form onSubmit={(event) => void search(event)}>
        <TextField
          label={t('subjectAccess.query')}
          hint={t('subjectAccess.queryHint')}
          value={query}
          onChange={setQuery}
          maxLength={SUBJECT_QUERY_MAX}
          error={error?.fields?.['query']}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {t('subjectAccess.search')}
          </button>
        </div>
      </form>
      {busy && <p role="status">{t('subjectAccess.working')}</p>}
      {searched && (
        <>
          <p role="status" className={hub?.state === 'unreachable' ? 'notice notice--warning' : 'notice'}>
            {hub?.state === 'searched'
              ? t('subjectAccess.hubSearched', { count: hub.found })
              : hub?.state === 'not-configured'
                ? t('subjectAccess.hubNotConfigured')
                : t('subjectAccess.hubUnreachable')}
          </p>
          {searched.answer.results.length === 0 ? (
            <p>{t('subjectAccess.none')}</p>
          ) : (
            <fieldset>
              <legend>{t('subjectAccess.results', { count: searched.answer.results.length })}</legend>
              <ul className="subject-access-results">
                {searched.answer.results.map((result) => (
                  <li key={result.reference}>
                    <label>
                      <input type="checkbox" checked={kept.has(result.reference)} onChange={() => toggle(result.reference)} />
                      <span>
                        <strong>{result.reference}</strong> · <bdi>{result.contactName ?? t('subjectAccess.noName')}</bdi> · {t(`subjectAccess.heldAt.${result.heldAt}`)} ·{' '}
                        {t('subjectAccess.matchedOn', { what: result.matchedOn.map((m) => t(`subjectAccess.match.${m}`)).join(', ') })}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          <div className="actions">
            <button type="button" className="button button--secondary" disabled={busy || kept.size === 0} onClick={() => void exportAs('json')}>
              {t('subjectAccess.json')}
            </button>
            <button type="button" className="button button--secondary" disabled={busy || kept.size === 0} onClick={() => void exportAs('pdf')}>
              {t('subjectAccess.pdf')}
            </button>
          </div>
          {staff.role === 'admin' && (
            <ErasureForm
              key={searched.query}
              query={searched.query}
              references={searched.answer.results.map((r) => r.reference).filter((r) => kept.has(r))}
              hub={searched.answer.hub}
              onErased={(answer) => {
                // The results held the words now erased: they go, and the search is done again if wanted.
                setSearched(null);
                setErased(answer);
                setErasures((n) => n + 1);
              }}
            />
          )}
        </>
      )}
      {saved && (
        <p className="notice" role="status">
          {t('subjectAccess.saved', { fileName: saved })}
        </p>
      )}
      {erased && <ErasureDone answer={erased} />}
      {staff.role === 'admin' && <ErasureList refresh={erasures} />}
    </section>
  );
}
