import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findTopic, type Body } from '../../../../shared/directory/topics';
import { LIMITS, type EnquiryDetail, type LogEnquiryInput, type SimilarEnquiries } from '../../../../shared/enquiries/model';
import type { AppError } from '../../../../shared/ipc/result';
import { TextField } from '../../components/TextField';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { SelectField } from '../../components/SelectField';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useFieldErrors } from '../../components/fieldErrors';
import { ContactPrivacyNote } from '../../components/PrivacyNote';
import { CURRENT_CONSENT_WORDING } from '../../../../shared/domain/privacy';
import { useApp, useClient } from '../../state/context';
import { bodyOptions, topicGroups } from './options';
import { heldText } from '../../format';

type Channel = LogEnquiryInput['channel'];
type StartStatus = LogEnquiryInput['status'];

interface Draft {
  channel: Channel;
  topicId: string;
  /** Empty while the topic's own body applies; set when staff choose another. */
  body: Body | '';
  location: string;
  summary: string;
  details: string;
  wantsContact: boolean;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  status: StartStatus;
}

const EMPTY: Draft = {
  channel: 'desk',
  topicId: '',
  body: '',
  location: '',
  summary: '',
  details: '',
  wantsContact: false,
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  status: 'new',
};

const START_STATUSES: readonly StartStatus[] = ['new', 'resolved-at-desk', 'referred', 'for-forum'];

/**
 * The front desk's form for an enquiry made in person or by phone: keyboard first (Tab through,
 * Enter or Ctrl+Enter saves), the body proposed from the topic, and a hint when the same problem
 * on the same street was raised in the last 30 days.
 */
export function LogEnquiry() {
  const { t } = useTranslation();
  const client = useClient();
  const go = useApp((s) => s.go);
  const load = useApp((s) => s.load);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState<EnquiryDetail | null>(null);
  const [similar, setSimilar] = useState<{ key: string; value: SimilarEnquiries } | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLDivElement>(null);
  const topic = findTopic(draft.topicId);
  const proposedBody = topic?.bodies[0] ?? '';

  useEffect(() => {
    first.current?.querySelector('select')?.focus();
  }, []);

  // The duplicate hint: asked for once typing pauses, shown only while it answers what is typed now.
  const similarKey = draft.topicId && draft.location.trim().length >= LIMITS.location.min ? `${draft.topicId}|${draft.location}` : '';
  const hint = similar && similar.key === similarKey ? similar.value : null;
  useEffect(() => {
    if (!similarKey) return;
    let current = true;
    // Topic ids hold no "|": the first one separates the topic from the street as typed.
    const bar = similarKey.indexOf('|');
    const topicId = similarKey.slice(0, bar);
    const location = similarKey.slice(bar + 1);
    const timer = setTimeout(() => {
      void client.enquiries.similar({ topicId, location }).then((result) => {
        if (current && result.ok) setSimilar({ key: similarKey, value: result.value });
      });
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, similarKey]);

  const update = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));
  const { fieldError } = useFieldErrors(error);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    setBusy(true);
    const result = await client.enquiries.log({
      channel: draft.channel,
      topicId: draft.topicId,
      ...(draft.body !== '' && { body: draft.body }),
      location: draft.location,
      summary: draft.summary,
      details: draft.details,
      contact: draft.wantsContact ? { name: draft.contactName, phone: draft.contactPhone, email: draft.contactEmail, purpose: 'follow-up', wording: CURRENT_CONSENT_WORDING['follow-up'] } : null,
      status: draft.status,
    });
    setBusy(false);
    if (!result.ok) {
      if (result.error.code === 'auth/required') return void load();
      setSaved(null);
      return setError(result.error);
    }
    setError(null);
    setSaved(result.value);
    // The next caller is usually on the same channel.
    setDraft({ ...EMPTY, channel: draft.channel });
    first.current?.querySelector('select')?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  }

  return (
    <section aria-labelledby="log-heading">
      <h3 id="log-heading">{t('log.heading')}</h3>
      {saved && (
        <div className="notice" role="status">
          <p>{t('log.saved', { reference: saved.reference })}</p>
          <button type="button" className="button button--secondary" onClick={() => go({ name: 'enquiry', id: saved.id })}>
            {t('log.open', { reference: saved.reference })}
          </button>
        </div>
      )}
      <ErrorSummary error={error} />
      <form onSubmit={(e) => void save(e)} onKeyDown={onKeyDown} noValidate className="log-form">
        <div ref={first}>
          <SelectField
            label={t('log.topic')}
            value={draft.topicId}
            onChange={(topicId) => update({ topicId, body: '' })}
            groups={topicGroups(t)}
            emptyLabel={t('log.chooseTopic')}
            error={fieldError('topicId')}
          />
        </div>
        <ChoiceGroup
          legend={t('log.channel')}
          choices={(['desk', 'phone'] as const).map((channel) => ({ value: channel, label: t(`channels.${channel}`) }))}
          value={draft.channel}
          onChange={(channel) => update({ channel })}
        />
        <SelectField
          label={t('log.body')}
          value={draft.body || proposedBody}
          onChange={(body) => update({ body: body === proposedBody ? '' : (body as Body) })}
          options={bodyOptions(t)}
          error={fieldError('body')}
        />
        {draft.body !== '' && <p className="field__hint">{t('log.bodyChanged', { body: t(`bodyNames.${proposedBody || 'district'}`) })}</p>}
        <TextField label={t('log.location')} hint={t('log.locationHint')} value={draft.location} onChange={(location) => update({ location })} maxLength={LIMITS.location.max} error={fieldError('location')} />
        {hint && hint.count > 0 && (
          <div className="panel duplicate-hint" role="status">
            <p>
              <strong>{t('log.similar', { count: hint.count })}</strong>
            </p>
            <ul className="plain-list">
              {hint.rows.map((row) => (
                <li key={row.id}>
                  <button type="button" className="link-button" onClick={() => go({ name: 'enquiry', id: row.id })}>
                    <span dir="ltr">{row.reference}</span>
                  </button>{' '}
                  <span dir="auto">
                    {heldText(row.location, t)} · {heldText(row.summary, t)}
                  </span>
                </li>
              ))}
            </ul>
            <p className="field__hint">{t('log.similarHint')}</p>
          </div>
        )}
        <TextField label={t('log.summary')} hint={t('log.summaryHint')} value={draft.summary} onChange={(summary) => update({ summary })} maxLength={LIMITS.summary.max} error={fieldError('summary')} />
        <TextField label={t('log.details')} hint={t('log.detailsHint')} value={draft.details} onChange={(details) => update({ details })} maxLength={LIMITS.details.max} error={fieldError('details')} multiline />
        <label className="check">
          <input type="checkbox" checked={draft.wantsContact} onChange={(e) => update({ wantsContact: e.target.checked })} />
          <span>{t('log.wantsContact')}</span>
        </label>
        {draft.wantsContact && (
          <div className="panel">
            {/* The same words a resident reads at the kiosk, read out to a caller before their details are taken. */}
            <ContactPrivacyNote purpose="follow-up" heading={t('log.readOut')} />
            <TextField label={t('raise.contact.name')} hint={t('common.optional')} value={draft.contactName} onChange={(contactName) => update({ contactName })} maxLength={LIMITS.contactName.max} error={fieldError('contact.name')} />
            <TextField label={t('raise.contact.phone')} hint={t('raise.contact.phoneHint')} value={draft.contactPhone} onChange={(contactPhone) => update({ contactPhone })} keys="digits" maxLength={30} error={fieldError('contact.phone')} />
            <TextField label={t('raise.contact.email')} hint={t('raise.contact.emailHint')} value={draft.contactEmail} onChange={(contactEmail) => update({ contactEmail })} keys="latin" maxLength={120} error={fieldError('contact.email')} />
          </div>
        )}
        <ChoiceGroup
          legend={t('log.status')}
          choices={START_STATUSES.map((status) => ({ value: status, label: t(`enquiryStatus.${status}`) }))}
          value={draft.status}
          onChange={(status) => update({ status })}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {t('log.save')}
          </button>
          <span className="field__hint">{t('log.shortcut')}</span>
        </div>
      </form>
    </section>
  );
}
