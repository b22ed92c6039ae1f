import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FORUM_LIMITS, type MeetingView } from '../../../../shared/forums/model';
import type { AppError, FieldError } from '../../../../shared/ipc/result';
import { TextField } from '../../components/TextField';
import { ErrorSummary } from '../../components/ErrorSummary';
import { refusedHere, useFieldErrors } from '../../components/fieldErrors';
import { useApp, useClient } from '../../state/context';
import { DateField } from './DateField';
import { saveExport } from './download';
import { meetingLine } from './forumText';
import { londonToday } from './dates';

/** Past meetings shown before "Show earlier meetings". */
const PAST_SHOWN = 4;

/** The form open for a new meeting; otherwise the form is open for the meeting with that id (a UUID). */
const NEW = 'new';

/** Adds a meeting, or changes one's date, time or place. */
function MeetingForm({
  forumId,
  meeting,
  onSaved,
  onCancel,
  onStale,
}: {
  forumId: string;
  meeting: MeetingView | null;
  onSaved: (meeting: MeetingView) => void;
  onCancel: () => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const load = useApp((s) => s.load);
  const headingId = useId();
  const [date, setDate] = useState(meeting?.date ?? '');
  const [time, setTime] = useState(meeting?.startsAt ?? '');
  const [place, setPlace] = useState(meeting?.place ?? '');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const { fieldError, fieldText } = useFieldErrors(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const here: Record<string, FieldError> = {};
    if (date === '') here['date'] = { code: 'required' };
    if (Object.keys(here).length > 0) return setError(refusedHere(here));
    setBusy(true);
    const answer = await client.forums.saveMeeting({
      ...(meeting && { id: meeting.id, version: meeting.version }),
      forumId,
      date,
      startsAt: time === '' ? null : time,
      place,
      cancelled: meeting?.cancelled ?? false,
    });
    setBusy(false);
    if (!answer.ok) {
      if (answer.error.code === 'auth/required') return void load();
      // Changed elsewhere first: the list is read again and the form, with what was typed, stays
      // open on the meeting as it now is, so saving again is a deliberate choice.
      if (answer.error.code === 'forums/changed') onStale();
      // What was typed stays, so only what was refused needs changing.
      return setError(answer.error);
    }
    onSaved(answer.value);
  }

  return (
    <form className="panel meeting-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={headingId}>
      <h5 id={headingId}>{meeting ? t('forum.meetings.changeHeading') : t('forum.meetings.addHeading')}</h5>
      <ErrorSummary error={error} />
      <DateField label={t('forum.meetings.date')} value={date} onChange={setDate} error={fieldText('date')} />
      <DateField label={t('forum.meetings.time')} hint={t('forum.meetings.timeHint')} type="time" value={time} onChange={setTime} error={fieldText('startsAt')} />
      <TextField label={t('forum.meetings.place')} hint={t('forum.meetings.placeHint')} value={place} onChange={setPlace} maxLength={FORUM_LIMITS.place.max} error={fieldError('place')} />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('forum.meetings.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * A forum's meetings: the ones to come first (soonest first), then past ones, cancelled ones
 * marked. Choosing one shows its agenda; chairs and administrators add, change and cancel them,
 * and save the dates for a calendar.
 */
export function MeetingsPanel({
  forumId,
  meetings,
  chosenId,
  onChoose,
  onSaved,
  onStale,
}: {
  forumId: string;
  meetings: readonly MeetingView[];
  chosenId: string | null;
  onChoose: (meetingId: string) => void;
  onSaved: (meeting: MeetingView) => void;
  /** A meeting was changed elsewhere first: read the list again. */
  onStale: () => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const load = useApp((s) => s.load);
  const [form, setForm] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [allPast, setAllPast] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const today = londonToday();
  const upcoming = meetings.filter((m) => m.date >= today).toSorted((a, b) => a.date.localeCompare(b.date));
  const past = meetings.filter((m) => m.date < today).toSorted((a, b) => b.date.localeCompare(a.date));
  const shownPast = allPast ? past : past.slice(0, PAST_SHOWN);

  function saved(meeting: MeetingView, message: string) {
    setForm(null);
    setCancelling(null);
    setError(null);
    setNotice(message);
    onSaved(meeting);
  }

  async function cancelMeeting(meeting: MeetingView) {
    const answer = await client.forums.saveMeeting({
      id: meeting.id,
      version: meeting.version,
      forumId,
      date: meeting.date,
      startsAt: meeting.startsAt,
      place: meeting.place ?? '',
      cancelled: true,
    });
    if (!answer.ok) {
      if (answer.error.code === 'auth/required') return void load();
      if (answer.error.code === 'forums/changed') onStale();
      return setError(answer.error);
    }
    saved(answer.value, t('forum.meetings.cancelled', { meeting: meetingLine(t, answer.value, i18n.language) }));
  }

  async function calendar() {
    const answer = await client.forums.export({ kind: 'meetings', forumId, format: 'ics' });
    if (!answer.ok) {
      if (answer.error.code === 'auth/required') return void load();
      return setError(answer.error);
    }
    saveExport(answer.value);
    setError(null);
    setNotice(t('forum.exports.saved', { fileName: answer.value.fileName }));
  }

  function row(meeting: MeetingView) {
    const line = meetingLine(t, meeting, i18n.language);
    const chosen = meeting.id === chosenId;
    return (
      <li key={meeting.id} className={`meeting${chosen ? ' meeting--chosen' : ''}${meeting.cancelled ? ' meeting--cancelled' : ''}`}>
        <button type="button" className="meeting__open" aria-pressed={chosen} onClick={() => onChoose(meeting.id)}>
          <span className="meeting__line">{line}</span>
          <span className="meeting__items">{t('forum.meetings.items', { count: meeting.itemCount })}</span>
          {meeting.cancelled && <strong className="tag">{t('forum.meetings.cancelledTag')}</strong>}
        </button>
        <div className="meeting__actions">
          <button type="button" className="button button--secondary" aria-label={t('forum.meetings.changeNamed', { meeting: line })} onClick={() => setForm(meeting.id)}>
            {t('forum.meetings.change')}
          </button>
          {!meeting.cancelled && (
            <button type="button" className="button button--secondary" aria-label={t('forum.meetings.cancelNamed', { meeting: line })} onClick={() => setCancelling(meeting.id)}>
              {t('forum.meetings.cancel')}
            </button>
          )}
        </div>
        {cancelling === meeting.id && (
          <div className="panel confirm" role="group" aria-label={t('forum.meetings.cancelNamed', { meeting: line })}>
            <p>{t('forum.meetings.cancelConfirm', { meeting: line })}</p>
            <div className="actions">
              <button type="button" className="button" onClick={() => void cancelMeeting(meeting)}>
                {t('forum.meetings.cancelYes')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setCancelling(null)}>
                {t('forum.meetings.cancelNo')}
              </button>
            </div>
          </div>
        )}
        {form === meeting.id && (
          <MeetingForm forumId={forumId} meeting={meeting} onSaved={(m) => saved(m, t('forum.meetings.saved', { meeting: meetingLine(t, m, i18n.language) }))} onCancel={() => setForm(null)} onStale={onStale} />
        )}
      </li>
    );
  }

  return (
    <section className="meetings" aria-labelledby="meetings-heading">
      <h4 id="meetings-heading">{t('forum.meetings.heading')}</h4>
      <ErrorSummary error={error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button" aria-expanded={form === NEW} onClick={() => setForm(form === NEW ? null : NEW)}>
          {t('forum.meetings.add')}
        </button>
        <button type="button" className="button button--secondary" disabled={meetings.length === 0} onClick={() => void calendar()}>
          {t('forum.meetings.calendar')}
        </button>
      </div>
      {form === NEW && (
        <MeetingForm
          forumId={forumId}
          meeting={null}
          onSaved={(m) => saved(m, t('forum.meetings.added', { meeting: meetingLine(t, m, i18n.language) }))}
          onCancel={() => setForm(null)}
          onStale={onStale}
        />
      )}
      {meetings.length === 0 && <p>{t('forum.meetings.none')}</p>}
      {upcoming.length > 0 && (
        <>
          <h5>{t('forum.meetings.upcoming')}</h5>
          <ul className="meeting-list">{upcoming.map(row)}</ul>
        </>
      )}
      {past.length > 0 && (
        <>
          <h5>{t('forum.meetings.past')}</h5>
          <ul className="meeting-list">{shownPast.map(row)}</ul>
          {past.length > shownPast.length && (
            <button type="button" className="button button--secondary" onClick={() => setAllPast(true)}>
              {t('forum.meetings.showEarlier', { count: past.length - shownPast.length })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
