import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DECISIONS, FORUM_LIMITS, REFERRALS, type AgendaItemView, type AgendaView, type Decision, type Referral } from '../../../../shared/forums/model';
import type { AppError, Result } from '../../../../shared/ipc/result';
import { TextField } from '../../components/TextField';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { ErrorSummary } from '../../components/ErrorSummary';
import { refusedHere, useFieldErrors } from '../../components/fieldErrors';
import { useClient } from '../../state/context';
import { heldText } from '../../format';

/**
 * What a form does with the backend's answer: the board shows the agenda as it now is (a version
 * conflict reloads it there), and the form shows the error next to its fields. The agenda when saved.
 */
export type Settle = (answer: Result<AgendaView>) => AgendaView | null;

/** A form closes: with the agenda it saved, or null when the chair cancelled. */
export type FormDone = (saved: AgendaView | null) => void;

/**
 * Changes an item: its title, the summary that may be published, whether it is restricted
 * (Schedule 12A), where it is referred, and which issues it gathers. Nothing typed is lost when
 * something is refused: the errors stand next to the fields.
 */
export function ItemEditor({ item, settle, onDone }: { item: AgendaItemView; settle: Settle; onDone: FormDone }) {
  const { t } = useTranslation();
  const client = useClient();
  const headingId = useId();
  const [title, setTitle] = useState(item.title);
  const [summary, setSummary] = useState(item.summary);
  const [restricted, setRestricted] = useState(item.restricted);
  const [referral, setReferral] = useState<Referral>(item.referral);
  const [referralBody, setReferralBody] = useState(item.referralBody);
  // What the chair took off, not what stays: an item reloaded after a conflict may gather new issues.
  const [takenOff, setTakenOff] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const { fieldError, fieldText } = useFieldErrors(error);
  const enquiries = item.enquiries.filter((e) => !takenOff.has(e.id));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (referral === 'body' && referralBody.trim() === '') return setError(refusedHere({ referralBody: { code: 'required' } }));
    setBusy(true);
    const answer = await client.forums.saveItem({
      meetingId: item.meetingId,
      id: item.id,
      // The item as now shown: after a conflict the card has reloaded it, so a second save is a deliberate one.
      version: item.version,
      title,
      summary,
      restricted,
      referral,
      referralBody: referral === 'body' ? referralBody : '',
      enquiryIds: enquiries.map((e) => e.id),
    });
    setBusy(false);
    setError(answer.ok ? null : answer.error);
    const saved = settle(answer);
    if (saved) onDone(saved);
  }

  return (
    <form className="item-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={headingId}>
      <h5 id={headingId}>{t('forum.agenda.edit.heading', { number: item.number })}</h5>
      <ErrorSummary error={error} />
      <TextField label={t('forum.agenda.edit.title')} hint={t('forum.agenda.edit.titleHint')} value={title} onChange={setTitle} maxLength={FORUM_LIMITS.title.max} error={fieldError('title')} />
      <TextField
        label={t('forum.agenda.edit.summary')}
        hint={t('forum.agenda.edit.summaryHint')}
        value={summary}
        onChange={setSummary}
        maxLength={FORUM_LIMITS.summary.max}
        error={fieldError('summary')}
        multiline
      />
      <div className={`field${fieldError('restricted') ? ' field--error' : ''}`}>
        <label className="check">
          <input type="checkbox" checked={restricted} onChange={(e) => setRestricted(e.target.checked)} aria-describedby={`${headingId}-restricted`} />
          <span>{t('forum.agenda.edit.restricted')}</span>
        </label>
        <p className="field__hint" id={`${headingId}-restricted`}>
          {t('forum.agenda.edit.restrictedHint')}
        </p>
      </div>
      <ChoiceGroup
        legend={t('forum.agenda.edit.referral')}
        choices={REFERRALS.map((value) => ({ value, label: t(`forum.agenda.edit.referrals.${value}`) }))}
        value={referral}
        onChange={setReferral}
        error={fieldText('referral')}
      />
      {referral === 'body' && (
        <TextField
          label={t('forum.agenda.edit.referralBody')}
          hint={t('forum.agenda.edit.referralBodyHint')}
          value={referralBody}
          onChange={setReferralBody}
          maxLength={FORUM_LIMITS.referralBody.max}
          error={fieldError('referralBody')}
        />
      )}
      <fieldset className={`field${fieldError('enquiryIds') ? ' field--error' : ''}`}>
        <legend className="field__label">{t('forum.agenda.edit.issues', { count: enquiries.length })}</legend>
        {fieldText('enquiryIds') && <p className="field__error">{fieldText('enquiryIds')}</p>}
        <ul className="item-form__issues">
          {enquiries.map((enquiry) => (
            <li key={enquiry.id}>
              <span dir="ltr" className="item-form__ref">
                {enquiry.reference}
              </span>
              <span>
                <bdi>{heldText(enquiry.location, t)}</bdi>
                {t('forum.separator')}
                <bdi>{heldText(enquiry.summary, t)}</bdi>
              </span>
              <button
                type="button"
                className="button button--secondary"
                disabled={enquiries.length === 1}
                aria-label={t('forum.agenda.edit.takeOffNamed', { reference: enquiry.reference })}
                onClick={() => setTakenOff((current) => new Set(current).add(enquiry.id))}
              >
                {t('forum.agenda.edit.takeOff')}
              </button>
            </li>
          ))}
        </ul>
        {enquiries.length === 1 && <p className="field__hint">{t('forum.agenda.edit.lastIssue')}</p>}
        {enquiries.length < item.enquiries.length && <p className="field__hint">{t('forum.agenda.edit.takenOff', { count: item.enquiries.length - enquiries.length })}</p>}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('forum.agenda.edit.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * What the forum decided on an item: the decision (which every issue it gathers follows), the
 * outcome residents read by reference, and the internal minute, never published.
 */
export function OutcomeForm({ item, settle, onDone }: { item: AgendaItemView; settle: Settle; onDone: FormDone }) {
  const { t } = useTranslation();
  const client = useClient();
  const headingId = useId();
  const [decision, setDecision] = useState<Decision | ''>(item.decision ?? '');
  const [outcome, setOutcome] = useState(item.outcome ?? '');
  const [minute, setMinute] = useState(item.minute ?? '');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const { fieldError, fieldText } = useFieldErrors(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (decision === '') return setError(refusedHere({ decision: { code: 'required' } }));
    setBusy(true);
    const answer = await client.forums.recordOutcome({ id: item.id, version: item.version, decision, outcome, minute });
    setBusy(false);
    setError(answer.ok ? null : answer.error);
    const saved = settle(answer);
    if (saved) onDone(saved);
  }

  return (
    <form className="item-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={headingId}>
      <h5 id={headingId}>{t('forum.agenda.outcome.heading', { number: item.number })}</h5>
      <ErrorSummary error={error} />
      <ChoiceGroup
        legend={t('forum.agenda.outcome.decision')}
        choices={DECISIONS.map((value) => ({ value, label: t(`forum.agenda.decisions.${value}`) }))}
        value={decision}
        onChange={setDecision}
        error={fieldText('decision')}
      />
      <TextField
        label={t('forum.agenda.outcome.outcome')}
        hint={t('forum.agenda.outcome.outcomeHint')}
        value={outcome}
        onChange={setOutcome}
        maxLength={FORUM_LIMITS.outcome.max}
        error={fieldError('outcome')}
        multiline
      />
      <TextField
        label={t('forum.agenda.outcome.minute')}
        hint={t('forum.agenda.outcome.minuteHint')}
        value={minute}
        onChange={setMinute}
        maxLength={FORUM_LIMITS.minute.max}
        error={fieldError('minute')}
        multiline
      />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('forum.agenda.outcome.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
