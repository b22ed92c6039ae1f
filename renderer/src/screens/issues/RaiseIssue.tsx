import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TOPIC_GROUPS, findTopic, topicsInGroup, type TopicGroup } from '../../../../shared/directory/topics';
import { contactSchema, raiseIssueSchema, LIMITS } from '../../../../shared/enquiries/model';
import { CURRENT_CONSENT_WORDING } from '../../../../shared/domain/privacy';
import { fieldErrorsFrom } from '../../../../shared/ipc/fieldErrors';
import type { AppError, FieldError } from '../../../../shared/ipc/result';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import { TextField } from '../../components/TextField';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { ErrorSummary } from '../../components/ErrorSummary';
import { ReadAloud } from '../../components/ReadAloud';
import { ContactPrivacyNote, useKeepText } from '../../components/PrivacyNote';
import { GROUP_ICONS } from '../../components/icons';
import { useApp, useClient } from '../../state/context';
import { EMPTY_ISSUE, ISSUE_STEPS, type ConfiguredKiosk, type IssueDraft, type IssueStep } from '../../state/appStore';

type Errors = Readonly<Record<string, FieldError>>;

/** The step where a field is asked, so an error sends the resident back to the right place. */
function stepOfField(path: string): IssueStep {
  if (path === 'topicId') return 'topic';
  if (path === 'location') return 'where';
  if (path === 'summary') return 'what';
  return 'contact';
}

/** The contact as recorded: the purpose and the version of the consent words the contact step shows. */
function contactOf(draft: IssueDraft) {
  return { name: draft.contactName, phone: draft.contactPhone, email: draft.contactEmail, purpose: 'follow-up' as const, wording: CURRENT_CONSENT_WORDING['follow-up'] };
}

/** Checks one step with the same schemas the backend uses, so messages match what it would say. */
function checkStep(step: IssueStep, draft: IssueDraft): Errors {
  switch (step) {
    case 'topic':
      return draft.topicId ? {} : { topicId: { code: 'required' } };
    case 'where': {
      const parsed = raiseIssueSchema.shape.location.safeParse(draft.location);
      return parsed.success ? {} : { location: fieldErrorsFrom(parsed.error)['_'] ?? { code: 'format' } };
    }
    case 'what': {
      const parsed = raiseIssueSchema.shape.summary.safeParse(draft.summary);
      return parsed.success ? {} : { summary: fieldErrorsFrom(parsed.error)['_'] ?? { code: 'format' } };
    }
    case 'contact': {
      if (draft.wantsContact === '') return { wantsContact: { code: 'required' } };
      if (draft.wantsContact === 'no') return {};
      const parsed = contactSchema.safeParse(contactOf(draft));
      if (parsed.success) return {};
      return Object.fromEntries(Object.entries(fieldErrorsFrom(parsed.error)).map(([path, error]) => [`contact.${path}`, error]));
    }
    case 'check':
      return {};
  }
}

/**
 * "Raise an issue for your Community Forum": topic, where, what happened, optional contact, then
 * a check of the answers. Everything is by touch with the on-screen keyboard; the draft survives a
 * change of language and is wiped by the idle reset.
 */
export function RaiseIssue({ kiosk }: { kiosk: ConfiguredKiosk }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const go = useApp((s) => s.go);
  const back = useApp((s) => s.back);
  const draft = useApp((s) => s.issueDraft);
  const setDraft = useApp((s) => s.setIssueDraft);
  const [group, setGroup] = useState<TopicGroup | null>(() => findTopic(draft.topicId)?.group ?? null);
  const [errors, setErrors] = useState<Errors>({});
  const [callError, setCallError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const readable = useRef<HTMLDivElement>(null);
  const keep = useKeepText();
  const stepIndex = ISSUE_STEPS.indexOf(draft.step);
  const errorText = (path: string) => {
    const error = errors[path];
    return error && t(`fieldErrors.${error.code}`, { ...error.params });
  };

  const update = (change: Partial<IssueDraft>) => {
    setDraft(change);
    setErrors({});
  };
  const showStep = (step: IssueStep) => {
    setErrors({});
    setCallError(null);
    setDraft({ step });
  };

  function chooseGroup(chosen: TopicGroup) {
    setGroup(chosen);
    const topics = topicsInGroup(chosen);
    // A tile with one topic needs no second choice.
    if (topics.length === 1) update({ topicId: topics[0]!.id });
  }

  function previous() {
    if (draft.step === 'topic' && group) {
      update({ topicId: '' });
      return setGroup(null);
    }
    if (stepIndex === 0) return back();
    showStep(ISSUE_STEPS[stepIndex - 1]!);
  }

  async function next(event: FormEvent) {
    event.preventDefault();
    const found = checkStep(draft.step, draft);
    if (Object.keys(found).length > 0) return setErrors(found);
    if (draft.step !== 'check') return showStep(ISSUE_STEPS[stepIndex + 1]!);
    setBusy(true);
    const result = await client.enquiries.raise({
      topicId: draft.topicId,
      location: draft.location,
      summary: draft.summary,
      contact: draft.wantsContact === 'yes' ? contactOf(draft) : null,
      language: i18n.language as LanguageCode,
    });
    setBusy(false);
    if (!result.ok) {
      const fields = result.error.fields ?? {};
      const first = Object.keys(fields)[0];
      setCallError(first ? null : result.error);
      if (first) {
        setDraft({ step: stepOfField(first) });
        setErrors(fields);
      }
      return;
    }
    setDraft(EMPTY_ISSUE);
    go({ name: 'receipt', receipt: result.value });
  }

  const topic = findTopic(draft.topicId);

  return (
    <main className="screen" id="main">
      <h2>{t('raise.title')}</h2>
      <p className="step-count">{t('raise.stepOf', { step: stepIndex + 1, count: ISSUE_STEPS.length })}</p>
      <ErrorSummary error={callError} />
      <form onSubmit={(e) => void next(e)} noValidate>
        <div ref={readable}>
        {draft.step === 'topic' && (
          <section aria-labelledby="raise-topic">
            <h3 id="raise-topic">{t('raise.topic.heading')}</h3>
            <p>{t('raise.topic.notEmergency')}</p>
            {errors['topicId'] && <p className="field__error">{errorText('topicId')}</p>}
            {group === null ? (
              <ul className="group-tiles">
                {TOPIC_GROUPS.map((g) => {
                  const Icon = GROUP_ICONS[g];
                  return (
                    <li key={g}>
                      <button type="button" className="group-tile" onClick={() => chooseGroup(g)}>
                        <Icon aria-hidden="true" className="group-tile__icon" />
                        <span>{t(`topicGroups.${g}`)}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            ) : (
              <ChoiceGroup
                legend={t(`topicGroups.${group}`)}
                choices={topicsInGroup(group).map((item) => ({ value: item.id, label: t(`topics.${item.id}`) }))}
                value={draft.topicId}
                onChange={(topicId) => update({ topicId })}
              />
            )}
          </section>
        )}

        {draft.step === 'where' && (
          <section>
            <TextField label={t('raise.where.label')} hint={t('raise.where.hint')} value={draft.location} onChange={(location) => update({ location })} maxLength={LIMITS.location.max} error={errors['location']} />
            <p className="field__hint">{t('raise.where.areas')}</p>
            <ul className="chips">
              {kiosk.unit.areas.map((area) => (
                <li key={area}>
                  <button type="button" className="button button--secondary" aria-pressed={draft.location === area} onClick={() => update({ location: area })}>
                    {area}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}

        {draft.step === 'what' && (
          <TextField label={t('raise.what.label')} hint={t('raise.what.hint')} value={draft.summary} onChange={(summary) => update({ summary })} maxLength={LIMITS.summary.max} error={errors['summary']} multiline />
        )}

        {draft.step === 'contact' && (
          <section>
            <ChoiceGroup
              legend={t('raise.contact.question')}
              choices={[
                { value: 'yes', label: t('raise.contact.yes') },
                { value: 'no', label: t('raise.contact.no') },
              ]}
              value={draft.wantsContact}
              onChange={(wantsContact) => update({ wantsContact })}
              error={errorText('wantsContact')}
            />
            <ContactPrivacyNote purpose="follow-up" onMore={() => go({ name: 'privacy' })} />
            {draft.wantsContact === 'yes' && (
              <>
                <TextField label={t('raise.contact.name')} hint={t('common.optional')} value={draft.contactName} onChange={(contactName) => update({ contactName })} maxLength={LIMITS.contactName.max} error={errors['contact.name']} autoComplete="name" />
                <p className="field__hint">{t('raise.contact.phoneOrEmail')}</p>
                <TextField label={t('raise.contact.phone')} hint={t('raise.contact.phoneHint')} value={draft.contactPhone} onChange={(contactPhone) => update({ contactPhone })} keys="digits" maxLength={30} error={errors['contact.phone']} autoComplete="tel" />
                <TextField label={t('raise.contact.email')} hint={t('raise.contact.emailHint')} value={draft.contactEmail} onChange={(contactEmail) => update({ contactEmail })} keys="latin" maxLength={120} error={errors['contact.email']} autoComplete="email" />
              </>
            )}
          </section>
        )}

        {draft.step === 'check' && (
          <section>
            <h3>{t('raise.check.heading')}</h3>
            <dl className="answers">
              <div>
                <dt>{t('raise.check.topic')}</dt>
                <dd>{topic ? t(`topics.${topic.id}`) : ''}</dd>
                <dd>
                  <button type="button" className="button button--secondary" onClick={() => showStep('topic')}>
                    {t('raise.check.change')}
                  </button>
                </dd>
              </div>
              <div>
                <dt>{t('raise.check.where')}</dt>
                <dd dir="auto">{draft.location}</dd>
                <dd>
                  <button type="button" className="button button--secondary" onClick={() => showStep('where')}>
                    {t('raise.check.change')}
                  </button>
                </dd>
              </div>
              <div>
                <dt>{t('raise.check.what')}</dt>
                <dd dir="auto">{draft.summary}</dd>
                <dd>
                  <button type="button" className="button button--secondary" onClick={() => showStep('what')}>
                    {t('raise.check.change')}
                  </button>
                </dd>
              </div>
              <div>
                <dt>{t('raise.check.contact')}</dt>
                <dd dir="auto">
                  {draft.wantsContact === 'yes'
                    ? [draft.contactName, draft.contactPhone, draft.contactEmail].filter(Boolean).join(', ')
                    : t('raise.check.noContact')}
                </dd>
                <dd>
                  <button type="button" className="button button--secondary" onClick={() => showStep('contact')}>
                    {t('raise.check.change')}
                  </button>
                </dd>
              </div>
            </dl>
            <p>{t('raise.check.forum', { forum: kiosk.unit.forum.name })}</p>
            <div className="panel privacy-notice">
              <h3>{t('raise.privacy.checkHeading')}</h3>
              <p>{t('raise.privacy.checkIssue', { forum: kiosk.unit.forum.name })}</p>
              {draft.wantsContact === 'yes' && (
                <>
                  <p>{t('raise.privacy.checkContact')}</p>
                  <p>{keep('contact-after-close')}</p>
                </>
              )}
              <button type="button" className="button button--secondary" onClick={() => go({ name: 'privacy' })}>
                {t('raise.privacy.more')}
              </button>
            </div>
          </section>
        )}
        </div>

        <div className="actions">
          <button type="button" className="button button--secondary" onClick={previous}>
            {t('common.back')}
          </button>
          {!(draft.step === 'topic' && !draft.topicId) && (
            <button type="submit" className="button" disabled={busy}>
              {draft.step === 'check' ? (busy ? t('raise.sending') : t('raise.send')) : t('raise.continue')}
            </button>
          )}
        </div>
      </form>
      <ReadAloud target={readable} />
    </main>
  );
}
