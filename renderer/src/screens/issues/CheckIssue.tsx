import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicEnquiryStatus } from '../../../../shared/enquiries/model';
import type { AppError, FieldError } from '../../../../shared/ipc/result';
import { TextField } from '../../components/TextField';
import { ErrorSummary } from '../../components/ErrorSummary';
import { ReadAloud } from '../../components/ReadAloud';
import { BackButton } from '../../components/BackButton';
import { formatDay } from '../../format';
import { useClient } from '../../state/context';

/** An issue's status and outcome in plain words, by its reference: never anything personal. */
function IssueStatus({ issue }: { issue: PublicEnquiryStatus }) {
  const { t, i18n } = useTranslation();
  const readable = useRef<HTMLElement>(null);
  return (
    <section className="panel issue-status" ref={readable} aria-labelledby="issue-status-heading">
      <h3 id="issue-status-heading">
        <span dir="ltr">{issue.reference}</span>
      </h3>
      <dl className="facts">
        <div>
          <dt>{t('check.topic')}</dt>
          <dd>{t(`topics.${issue.topicId}`, { defaultValue: t('check.otherTopic') })}</dd>
        </div>
        <div>
          <dt>{t('check.raised')}</dt>
          <dd>{formatDay(issue.raisedAt, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('check.status')}</dt>
          <dd>
            <strong className={`status status--${issue.status}`}>{t(`enquiryStatus.${issue.status}`)}</strong>
          </dd>
        </div>
      </dl>
      <p>{t(`statusExplained.${issue.status}`, { forum: issue.forumName, body: t(`bodyNames.${issue.body}`) })}</p>
      {issue.outcome && (
        <>
          <h4>{t('check.outcome')}</h4>
          <p dir="auto">{issue.outcome}</p>
        </>
      )}
      <p className="field__hint">{t('check.updated', { date: formatDay(issue.updatedAt, i18n.language) })}</p>
      <ReadAloud target={readable} />
    </section>
  );
}

/** "Check an issue": the resident types the reference from their receipt. */
export function CheckIssue() {
  const { t } = useTranslation();
  const client = useClient();
  const [reference, setReference] = useState('');
  const [issue, setIssue] = useState<PublicEnquiryStatus | null>(null);
  const [fieldError, setFieldError] = useState<FieldError | undefined>();
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  async function check(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await client.enquiries.check({ reference });
    setBusy(false);
    if (result.ok) {
      setIssue(result.value);
      setFieldError(undefined);
      return setError(null);
    }
    setIssue(null);
    // A reference that is not in the right form, or not known here, is said next to the field.
    const referenceError: FieldError | undefined =
      result.error.fields?.['reference'] ?? (result.error.code === 'enquiry/not-found' ? { code: 'not-found' } : undefined);
    setFieldError(referenceError);
    setError(referenceError ? null : result.error);
  }

  return (
    <main className="screen" id="main">
      <BackButton />
      <h2>{t('check.title')}</h2>
      <ErrorSummary error={error} />
      <form onSubmit={(e) => void check(e)} noValidate className="inline-form">
        <TextField label={t('check.referenceLabel')} hint={t('check.referenceHint')} value={reference} onChange={setReference} keys="latin" maxLength={20} error={fieldError} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {t('check.submit')}
          </button>
        </div>
      </form>
      {issue && <IssueStatus issue={issue} />}
    </main>
  );
}
