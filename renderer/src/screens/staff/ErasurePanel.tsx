import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/ipc/result';
import { ERASURE_REASON, type ErasureAnswer, type ErasureEntry, type HubSearchState } from '../../../../shared/enquiries/subjectAccess';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/TextField';
import { useApp, useClient } from '../../state/context';
import { formatDateTime } from '../../format';

/** References, comma-separated, each isolated (a reference is left to right in a right-to-left language). */
function References({ references }: { readonly references: readonly string[] }) {
  return references.map((reference, index) => (
    <span key={reference}>
      {index > 0 && ', '}
      <bdi>{reference}</bdi>
    </span>
  ));
}

/**
 * Erasure, for administrators (README, "Erasure"): from a subject-access search, the enquiries kept
 * ticked are erased with a reason, after a second, explicit step that names them. The answer says
 * what was erased here and what waits for the hub; a reason that names the person is refused next
 * to the field, keeping what was typed.
 */
export function ErasureForm({
  query,
  references,
  hub,
  onErased,
}: {
  readonly query: string;
  readonly references: readonly string[];
  readonly hub: HubSearchState;
  readonly onErased: (answer: ErasureAnswer) => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const load = useApp((s) => s.load);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  async function erase(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const answer = await client.privacy.erase({ query, references: [...references], reason });
    setBusy(false);
    if (!answer.ok) {
      if (answer.error.code === 'auth/required') void load();
      return setError(answer.error);
    }
    setError(null);
    setOpen(false);
    setReason('');
    onErased(answer.value);
  }

  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="button button--secondary" disabled={references.length === 0} onClick={() => setOpen(true)}>
          {t('erasure.start')}
        </button>
      </div>
    );
  }
  return (
    <form className="panel confirm" aria-labelledby="erasure-heading" onSubmit={(event) => void erase(event)}>
      <h4 id="erasure-heading">{t('erasure.heading')}</h4>
      <p>{t('erasure.intro')}</p>
      <p>
        {t('erasure.which', { count: references.length })} <References references={references} />
      </p>
      {hub.state !== 'searched' && <p className="notice notice--warning">{t(hub.state === 'not-configured' ? 'erasure.hubNotConfigured' : 'erasure.hubNotSearched')}</p>}
      <ErrorSummary error={error} />
      <TextField
        label={t('erasure.reason')}
        hint={t('erasure.reasonHint', { min: ERASURE_REASON.min, max: ERASURE_REASON.max })}
        value={reason}
        onChange={setReason}
        maxLength={ERASURE_REASON.max}
        multiline
        error={error?.fields?.['reason']}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('erasure.confirm', { count: references.length })}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => setOpen(false)}>
          {t('erasure.cancel')}
        </button>
      </div>
    </form>
  );
}

/** What an erasure did, in words: what went here, what waits for the hub, what was left. */
export function ErasureDone({ answer }: { readonly answer: ErasureAnswer }) {
  const { t } = useTranslation();
  return (
    <div className="notice" role="status">
      <p>
        {t('erasure.done', { count: answer.references.length })} <References references={answer.references} />
      </p>
      <p>{t('erasure.doneWhere', { here: answer.here, hubOnly: answer.references.length - answer.here })}</p>
      {answer.hub.state !== 'searched' && <p>{t(answer.hub.state === 'not-configured' ? 'erasure.hubNotConfigured' : 'erasure.hubNotSearched')}</p>}
      {answer.notFound.length > 0 && (
        <p>
          {t('erasure.notFound')} <References references={answer.notFound} />
        </p>
      )}
    </div>
  );
}

/** The latest erasures made here or at the forum's other kiosks, with whether the hub has each. */
export function ErasureList({ refresh }: { readonly refresh: number }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [entries, setEntries] = useState<readonly ErasureEntry[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let live = true;
    void client.privacy.erasures().then((answer) => {
      if (!live) return;
      if (answer.ok) {
        setEntries(answer.value);
        setError(null);
      } else setError(answer.error);
    });
    return () => {
      live = false;
    };
  }, [client, refresh]);

  return (
    <section aria-labelledby="erasures-heading">
      <h4 id="erasures-heading">{t('erasure.listHeading')}</h4>
      <ErrorSummary error={error} />
      {entries?.length === 0 && <p>{t('erasure.listEmpty')}</p>}
      {entries && entries.length > 0 && (
        <ul className="erasure-list">
          {entries.map((entry) => (
            <li key={entry.id}>
              <p>
                <strong>{formatDateTime(entry.erasedAt, i18n.language)}</strong> · <bdi>{entry.erasedBy}</bdi> ·{' '}
                {t(`erasure.sync.${entry.sync}`)}
              </p>
              <p>
                {t('erasure.references')} <References references={entry.references} />
              </p>
              <p>
                {t('erasure.reasonWas')} <bdi>{entry.reason}</bdi>
              </p>
              {entry.refusal && (
                <p className="notice notice--warning">
                  {t('erasure.refusedWhy')} <bdi>{entry.refusal}</bdi>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
