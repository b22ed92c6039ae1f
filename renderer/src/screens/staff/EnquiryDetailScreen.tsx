import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUS_TRANSITIONS, LIMITS, type EnquiryDetail, type EnquiryEvent, type EnquiryStatus } from '../../../../shared/enquiries/model';
import type { Body } from '../../../../shared/directory/topics';
import type { AppError } from '../../../../shared/ipc/result';
import { TextField } from '../../components/TextField';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { SelectField } from '../../components/SelectField';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useFieldErrors } from '../../components/fieldErrors';
import { BackButton } from '../../components/BackButton';
import { formatDateTime, heldText } from '../../format';
import { useApp, useClient } from '../../state/context';
import { LANGUAGES } from '../../../../shared/i18n/languages';
import { bodyOptions } from './options';

function EventLine({ event }: { event: EnquiryEvent }) {
  const { t, i18n } = useTranslation();
  const who = event.action === 'hub-status' ? t('enquiry.hub') : (event.actorName ?? t('enquiry.resident'));
  const what = (() => {
    switch (event.action) {
      case 'created':
        return t('enquiry.events.created', { status: t(`enquiryStatus.${event.toStatus ?? 'new'}`) });
      case 'status':
      case 'hub-status':
        return t('enquiry.events.status', { from: t(`enquiryStatus.${event.fromStatus ?? 'new'}`), to: t(`enquiryStatus.${event.toStatus ?? 'new'}`) });
      case 'routed':
        return t('enquiry.events.routed', { body: t(`bodyNames.${event.detail ?? 'district'}`) });
      case 'merged':
        return t('enquiry.events.merged', { reference: event.detail ?? '' });
      case 'merged-in':
        return t('enquiry.events.mergedIn', { reference: event.detail ?? '' });
      case 'agenda':
        return t('enquiry.events.agenda', {
          from: t(`enquiryStatus.${event.fromStatus ?? 'new'}`),
          to: t(`enquiryStatus.${event.toStatus ?? 'new'}`),
          item: event.detail ?? '',
        });
    }
  })();
  return (
    <li>
      <span className="history__when">{formatDateTime(event.at, i18n.language)}</span> {what}{' '}
      <span className="history__who">{t('enquiry.by', { name: who })}</span>
      {event.action === 'status' && event.detail && (
        <span className="history__note" dir="auto">
          {' '}
          {t('enquiry.noteValue', { note: event.detail })}
        </span>
      )}
    </li>
  );
}

/** One enquiry for staff: what was raised, who to contact and why, its history, and what to do next. */
export function EnquiryDetailScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const go = useApp((s) => s.go);
  const load = useApp((s) => s.load);
  const staff = useApp((s) => s.staff);
  const [enquiry, setEnquiry] = useState<EnquiryDetail | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [nextStatus, setNextStatus] = useState<EnquiryStatus | ''>('');
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [body, setBody] = useState<Body | ''>('');
  const desk = staff?.role === 'staff' || staff?.role === 'admin';
  const { fieldError, fieldText } = useFieldErrors(error);

  useEffect(() => {
    void client.enquiries.get({ id }).then((result) => {
      if (result.ok) return setEnquiry(result.value);
      if (result.error.code === 'auth/required') return void load();
      setError(result.error);
    });
  }, [client, id, load]);

  if (!enquiry) {
    return (
      <main className="screen" id="main">
        <BackButton />
        <ErrorSummary error={error} />
      </main>
    );
  }


  /** Shows the answer of a change: the enquiry as it now is, or the error with what was typed kept. */
  function settle(result: Awaited<ReturnType<typeof client.enquiries.get>>, message: string): boolean {
    if (!result.ok) {
      if (result.error.code === 'auth/required') void load();
      setError(result.error);
      setNotice(null);
      return false;
    }
    setEnquiry(result.value);
    setError(null);
    setNotice(message);
    return true;
  }

  async function changeStatus(event: FormEvent) {
    event.preventDefault();
    if (!enquiry || nextStatus === '') return setError({ code: 'input/invalid', message: 'No status', fields: { status: { code: 'required' } } });
    const result = await client.enquiries.setStatus({ id: enquiry.id, version: enquiry.version, status: nextStatus, outcome, note });
    if (settle(result, t('enquiry.statusSaved', { status: t(`enquiryStatus.${nextStatus}`) }))) {
      setNextStatus('');
      setOutcome('');
      setNote('');
    }
  }

  async function route(event: FormEvent) {
    event.preventDefault();
    if (!enquiry || body === '') return;
    const result = await client.enquiries.route({ id: enquiry.id, version: enquiry.version, body });
    if (settle(result, t('enquiry.routedTo', { body: t(`bodyNames.${body}`) }))) setBody('');
  }

  async function merge(duplicateId: string, duplicateVersion: number) {
    if (!enquiry) return;
    const result = await client.enquiries.merge({ id: duplicateId, version: duplicateVersion, into: enquiry.id });
    settle(result, t('enquiry.mergedNotice'));
  }

  /** The duplicate's own version is needed to merge it: read it fresh, so a stale list cannot merge over a change. */
  async function mergeSimilar(duplicateId: string) {
    const duplicate = await client.enquiries.get({ id: duplicateId });
    if (!duplicate.ok) return setError(duplicate.error);
    await merge(duplicateId, duplicate.value.version);
  }

  const next = STATUS_TRANSITIONS[enquiry.status];
  const raisedBy = 1 + enquiry.merged.length;

  return (
    <main className="screen enquiry-detail" id="main">
      <BackButton />
      <h2>
        <span dir="ltr">{enquiry.reference}</span>
      </h2>
      <p>
        <strong className={`status status--${enquiry.status}`}>{t(`enquiryStatus.${enquiry.status}`)}</strong>
        {raisedBy > 1 && <span className="badge">{t('enquiry.raisedBy', { count: raisedBy })}</span>}
      </p>
      <ErrorSummary error={error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {enquiry.mergedInto && (
        <div className="panel">
          <p>{t('enquiry.followsOther')}</p>
          <button type="button" className="button button--secondary" onClick={() => go({ name: 'enquiry', id: enquiry.mergedInto! })}>
            {t('enquiry.openMain')}
          </button>
        </div>
      )}
      <dl className="facts">
        <div>
          <dt>{t('enquiry.topic')}</dt>
          <dd>{t(`topics.${enquiry.topicId}`, { defaultValue: enquiry.topicId })}</dd>
        </div>
        <div>
          <dt>{t('enquiry.body')}</dt>
          <dd>{t(`bodyNames.${enquiry.body}`)}</dd>
        </div>
        <div>
          <dt>{t('enquiry.where')}</dt>
          <dd dir="auto">{heldText(enquiry.location, t)}</dd>
        </div>
        <div>
          <dt>{t('enquiry.summary')}</dt>
          <dd dir="auto">{heldText(enquiry.summary, t)}</dd>
        </div>
        {enquiry.details && (
          <div>
            <dt>{t('enquiry.details')}</dt>
            <dd dir="auto" className="preserve-lines">
              {enquiry.details}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('enquiry.channel')}</dt>
          <dd>{t(`channels.${enquiry.channel}`)}</dd>
        </div>
        {enquiry.language && (
          <div>
            <dt>{t('enquiry.language')}</dt>
            <dd lang={enquiry.language}>{LANGUAGES.find((l) => l.code === enquiry.language)?.nativeName ?? enquiry.language}</dd>
          </div>
        )}
        <div>
          <dt>{t('enquiry.raised')}</dt>
          <dd>{formatDateTime(enquiry.createdAt, i18n.language)}</dd>
        </div>
        {enquiry.outcome && (
          <div>
            <dt>{t('enquiry.outcome')}</dt>
            <dd dir="auto">{enquiry.outcome}</dd>
          </div>
        )}
      </dl>

      {enquiry.replica && (
        <p className="notice" role="note">
          {t('enquiry.heldElsewhere')}
        </p>
      )}

      <section className="panel">
        <h3>{t('enquiry.contactHeading')}</h3>
        {enquiry.replica ? (
          <p>{t('enquiry.contactElsewhere')}</p>
        ) : enquiry.contact ? (
          <>
            <p dir="auto">{[enquiry.contact.name, enquiry.contact.phone, enquiry.contact.email].filter(Boolean).join(' · ')}</p>
            <p className="field__hint">{t('enquiry.contactPurpose', { date: formatDateTime(enquiry.contact.consentAt, i18n.language) })}</p>
          </>
        ) : (
          <p>{t('enquiry.noContact')}</p>
        )}
      </section>

      {!enquiry.replica && !enquiry.mergedInto && next.length > 0 && (
        <form className="panel" onSubmit={(e) => void changeStatus(e)} noValidate>
          <h3>{t('enquiry.changeStatus')}</h3>
          <ChoiceGroup
            legend={t('enquiry.newStatus')}
            choices={next.map((status) => ({ value: status, label: t(`enquiryStatus.${status}`) }))}
            value={nextStatus}
            onChange={setNextStatus}
            error={fieldText('status')}
          />
          <TextField label={t('enquiry.outcomeLabel')} hint={t('enquiry.outcomeHint')} value={outcome} onChange={setOutcome} maxLength={LIMITS.outcome.max} error={fieldError('outcome')} multiline />
          <TextField label={t('enquiry.noteLabel')} hint={t('enquiry.noteHint')} value={note} onChange={setNote} maxLength={LIMITS.note.max} error={fieldError('note')} />
          <div className="actions">
            <button type="submit" className="button">
              {t('enquiry.saveStatus')}
            </button>
          </div>
        </form>
      )}

      {desk && !enquiry.replica && (
        <form className="panel" onSubmit={(e) => void route(e)} noValidate>
          <h3>{t('enquiry.routeHeading')}</h3>
          <SelectField label={t('enquiry.routeTo')} value={body} onChange={(value) => setBody(value as Body | '')} options={bodyOptions(t).filter((o) => o.value !== enquiry.body)} emptyLabel={t('enquiry.chooseBody')} />
          <div className="actions">
            <button type="submit" className="button button--secondary" disabled={body === ''}>
              {t('enquiry.route')}
            </button>
          </div>
        </form>
      )}

      {enquiry.merged.length > 0 && (
        <section className="panel">
          <h3>{t('enquiry.mergedHeading')}</h3>
          <ul className="plain-list">
            {enquiry.merged.map((m) => (
              <li key={m.id}>
                <button type="button" className="link-button" onClick={() => go({ name: 'enquiry', id: m.id })}>
                  <span dir="ltr">{m.reference}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {enquiry.similar.length > 0 && (
        <section className="panel duplicate-hint">
          <h3>{t('enquiry.similarHeading', { count: enquiry.similar.length })}</h3>
          <p>{t('enquiry.similarHint')}</p>
          <ul className="plain-list">
            {enquiry.similar.map((similar) => (
              <li key={similar.id} className="similar">
                <button type="button" className="link-button" onClick={() => go({ name: 'enquiry', id: similar.id })}>
                  <span dir="ltr">{similar.reference}</span>
                </button>{' '}
                <span>
                  <bdi>{heldText(similar.location, t)}</bdi> · <bdi>{heldText(similar.summary, t)}</bdi>
                </span>{' '}
                <button type="button" className="button button--secondary" onClick={() => void mergeSimilar(similar.id)}>
                  {t('enquiry.mergeIntoThis', { reference: similar.reference })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section>
        <h3>{t('enquiry.historyHeading')}</h3>
        <ol className="history">
          {enquiry.history.map((event, index) => (
            <EventLine key={index} event={event} />
          ))}
        </ol>
      </section>
    </main>
  );
}
