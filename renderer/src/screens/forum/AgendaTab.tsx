import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowDown, ArrowUp } from 'lucide-react';
import type { Forum } from '../../../../shared/domain/units';
import { AGENDA_FORMATS, DECISION_STATUS, type AgendaItemView, type AgendaView, type MeetingView } from '../../../../shared/forums/model';
import type { AppError, Result } from '../../../../shared/ipc/result';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useApp, useClient } from '../../state/context';
import { ExportPanel } from './ExportPanel';
import { ItemEditor, OutcomeForm, type FormDone, type Settle } from './ItemForms';
import { MeetingsPanel } from './MeetingsPanel';
import { ForumPicker, useWorkingForum } from './useForum';
import { meetingLine, referralText, upcomingMeetings } from './forumText';
import { londonToday } from './dates';

/** The agenda tab: the forum's meetings, and the chosen meeting's agenda to build, order, record and export. */
export function AgendaTab() {
  const { t } = useTranslation();
  const working = useWorkingForum();
  return (
    <section className="agenda" aria-labelledby="agenda-heading">
      <h3 id="agenda-heading">{t('forum.agenda.heading')}</h3>
      <ForumPicker working={working} />
      {working.forum && <ForumAgenda key={working.forum.id} forum={working.forum} />}
    </section>
  );
}

/** The meeting shown when none is chosen: the next one to come, or else the latest held. */
function defaultMeeting(meetings: readonly MeetingView[]): MeetingView | undefined {
  return upcomingMeetings(meetings, londonToday())[0] ?? meetings.toSorted((a, b) => b.date.localeCompare(a.date))[0];
}

function ForumAgenda({ forum }: { forum: Forum }) {
  const { t } = useTranslation();
  const client = useClient();
  const load = useApp((s) => s.load);
  const focus = useApp((s) => s.agendaFocus);
  const setFocus = useApp((s) => s.setAgendaFocus);
  const [meetings, setMeetings] = useState<readonly MeetingView[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const showMeetings = useCallback(
    (answer: Result<readonly MeetingView[]>) => {
      if (answer.ok) return setMeetings(answer.value);
      if (answer.error.code === 'auth/required') return void load();
      setError(answer.error);
    },
    [load],
  );
  const readMeetings = () => void client.forums.meetings({ forumId: forum.id }).then(showMeetings);

  useEffect(() => {
    void client.forums.meetings({ forumId: forum.id }).then(showMeetings);
  }, [client, forum.id, showMeetings]);

  if (!meetings) {
    return error ? <ErrorSummary error={error} /> : <p>{t('app.loading')}</p>;
  }
  const chosen = meetings.find((m) => m.id === focus.meetingId) ?? defaultMeeting(meetings);

  return (
    <div className="agenda-layout">
      <MeetingsPanel
        forumId={forum.id}
        meetings={meetings}
        chosenId={chosen?.id ?? null}
        onChoose={(meetingId) => setFocus({ meetingId, itemId: null })}
        onSaved={(meeting) => {
          setFocus({ meetingId: meeting.id, itemId: null });
          readMeetings();
        }}
        onStale={readMeetings}
      />
      {chosen && <AgendaBoard key={chosen.id} meeting={chosen} editItemId={focus.meetingId === chosen.id ? focus.itemId : null} onChanged={readMeetings} />}
    </div>
  );
}

/** What is open inside one card: at most one thing at a time. */
type Open = { readonly itemId: string; readonly what: 'edit' | 'outcome' | 'remove' } | null;

/**
 * One meeting's agenda: its items in order, moved by touch (Move up, Move down) or keyboard
 * (Alt+Up, Alt+Down on a focused card, focus following the item and the new place said aloud);
 * each edited, given its outcome or removed in place. A change someone else made first reloads
 * the agenda and says so.
 */
function AgendaBoard({ meeting, editItemId, onChanged }: { meeting: MeetingView; editItemId: string | null; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const load = useApp((s) => s.load);
  const go = useApp((s) => s.go);
  const setFocus = useApp((s) => s.setAgendaFocus);
  const hintId = useId();
  const [agenda, setAgenda] = useState<AgendaView | null>(null);
  const [open, setOpen] = useState<Open>(editItemId ? { itemId: editItemId, what: 'edit' } : null);
  const [justAdded] = useState(editItemId);
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState(false);
  /** A move under way: a second key press before its answer would reorder an agenda already out of date. */
  const moving = useRef(false);
  const cards = useRef(new Map<string, HTMLLIElement>());
  /**
   * Where focus goes once the agenda is drawn again: the moved card or one of its buttons, the
   * card whose form closed, or the item just added from the forum tab (so it scrolls into view).
   */
  const focusAfter = useRef<{ itemId: string; button: 'up' | 'down' | null; top?: boolean } | null>(editItemId ? { itemId: editItemId, button: null, top: true } : null);

  const showAgenda = useCallback(
    (answer: Result<AgendaView>) => {
      if (answer.ok) return setAgenda(answer.value);
      if (answer.error.code === 'auth/required') return void load();
      setError(answer.error);
    },
    [load],
  );
  const reload = () => void client.forums.agenda({ meetingId: meeting.id }).then(showAgenda);

  useEffect(() => {
    void client.forums.agenda({ meetingId: meeting.id }).then(showAgenda);
  }, [client, meeting.id, showAgenda]);

  // The item just added from the forum tab opens for editing once; coming back later shows the agenda plainly.
  useEffect(() => {
    if (editItemId) setFocus({ meetingId: meeting.id, itemId: null });
  }, [editItemId, meeting.id, setFocus]);

  // Runs after every drawing: a card moved, a form closed or an item removed takes focus where it
  // should go, instead of leaving it on the page's body.
  useLayoutEffect(() => {
    const target = focusAfter.current;
    if (!target) return;
    const card = cards.current.get(target.itemId);
    if (!card) return;
    focusAfter.current = null;
    const button = target.button ? card.querySelector<HTMLButtonElement>(`[data-move="${target.button}"]`) : null;
    if (target.top) {
      // A new item opens with its editor, taller than the screen: show it from its title down.
      card.focus({ preventScroll: true });
      // Not returned: Chromium now answers scrollIntoView with a promise, which React would take for a clean-up.
      card.scrollIntoView({ block: 'start' });
      return;
    }
    (button && !button.disabled ? button : card).focus();
  });

  /** Shows the agenda a change answered with, or handles its refusal; the agenda when it was saved. */
  const settle: Settle = (answer) => {
    if (answer.ok) {
      setAgenda(answer.value);
      setError(null);
      onChanged();
      return answer.value;
    }
    setNotice(null);
    if (answer.error.code === 'auth/required') {
      void load();
      return null;
    }
    // Someone changed or removed the item first: show the agenda as it now is; the error says so.
    if (answer.error.code === 'forums/changed' || answer.error.code === 'forums/item-not-found') reload();
    return null;
  };

  /** For changes made from the card itself (no form to show the error): the error stands above the list. */
  function settleHere(answer: Result<AgendaView>): AgendaView | null {
    const saved = settle(answer);
    if (!answer.ok) setError(answer.error);
    return saved;
  }

  async function move(item: AgendaItemView, by: -1 | 1, button: 'up' | 'down' | null) {
    if (!agenda || moving.current) return;
    const order = agenda.items.map((i) => i.id);
    const from = order.indexOf(item.id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= order.length) return;
    [order[from], order[to]] = [order[to]!, order[from]!];
    moving.current = true;
    setBusy(true);
    const answer = await client.forums.orderItems({ meetingId: meeting.id, order });
    moving.current = false;
    setBusy(false);
    focusAfter.current = { itemId: item.id, button };
    if (settleHere(answer)) {
      setNotice(null);
      setAnnouncement(t('forum.agenda.moved', { position: to + 1 }));
    }
  }

  function onCardKey(event: KeyboardEvent<HTMLLIElement>, item: AgendaItemView) {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    // Typing in a field of the card's form keeps the arrows for the text.
    if ((event.target as HTMLElement).closest('input, textarea, select')) return;
    event.preventDefault();
    void move(item, event.key === 'ArrowUp' ? -1 : 1, null);
  }

  async function remove(item: AgendaItemView) {
    const items = agenda?.items ?? [];
    const index = items.findIndex((i) => i.id === item.id);
    const neighbour = items[index + 1] ?? items[index - 1];
    const answer = await client.forums.removeItem({ id: item.id, version: item.version });
    if (!settleHere(answer)) return;
    setOpen(null);
    setNotice(t('forum.agenda.removed', { number: item.number, title: item.title }));
    if (neighbour) focusAfter.current = { itemId: neighbour.id, button: null };
  }

  function formDone(item: AgendaItemView, what: 'edit' | 'outcome', saved: AgendaView | null) {
    setOpen(null);
    focusAfter.current = { itemId: item.id, button: null };
    if (!saved) return;
    const now = saved.items.find((i) => i.id === item.id);
    if (!now) return;
    if (what === 'edit') return setNotice(t('forum.agenda.edit.saved', { number: now.number }));
    // The statuses the issues now have are on the card; the notice says it in words.
    if (now.decision) setNotice(t('forum.agenda.outcome.saved', { number: now.number, count: now.enquiries.length, status: t(`enquiryStatus.${DECISION_STATUS[now.decision]}`) }));
  }

  const added = justAdded ? agenda?.items.find((i) => i.id === justAdded) : undefined;

  return (
    <section className="agenda-board" aria-labelledby="agenda-board-heading">
      <h4 id="agenda-board-heading">{t('forum.agenda.for', { meeting: meetingLine(t, meeting, i18n.language) })}</h4>
      {meeting.cancelled && <p className="notice notice--warning">{t('forum.agenda.cancelledMeeting')}</p>}
      <ErrorSummary error={error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {added && open?.itemId === added.id && <p className="notice">{t('forum.agenda.justAdded', { number: added.number })}</p>}
      <p className="visually-hidden" aria-live="assertive">
        {announcement}
      </p>
      {!agenda && !error && <p>{t('app.loading')}</p>}
      {agenda && agenda.items.length === 0 && (
        <div className="panel">
          <p>{t('forum.agenda.empty')}</p>
          <button type="button" className="button button--secondary" onClick={() => go({ name: 'staff', section: 'forum' })}>
            {t('forum.agenda.toForum')}
          </button>
        </div>
      )}
      {agenda && agenda.items.length > 0 && (
        <>
          <p className="field__hint" id={hintId}>
            {t('forum.agenda.keyboardHint')}
          </p>
          <ol className="agenda-items">
            {agenda.items.map((item, index) => (
              <ItemCard
                key={item.id}
                item={item}
                first={index === 0}
                last={index === agenda.items.length - 1}
                hintId={hintId}
                busy={busy}
                open={open?.itemId === item.id ? open.what : null}
                cardRef={(element) => {
                  if (element) cards.current.set(item.id, element);
                  else cards.current.delete(item.id);
                }}
                onKeyDown={(event) => onCardKey(event, item)}
                onMove={(by) => void move(item, by, by < 0 ? 'up' : 'down')}
                onOpen={(what) => {
                  setNotice(null);
                  setOpen(what ? { itemId: item.id, what } : null);
                }}
                onRemove={() => void remove(item)}
                settle={settle}
                onFormDone={(what, saved) => formDone(item, what, saved)}
              />
            ))}
          </ol>
          <ExportPanel
            heading={t('forum.exports.agendaHeading')}
            intro={t('forum.exports.agendaIntro')}
            formats={AGENDA_FORMATS}
            build={(format, audience) => ({ kind: 'agenda', meetingId: meeting.id, format, audience })}
          />
        </>
      )}
    </section>
  );
}

function ItemCard({
  item,
  first,
  last,
  hintId,
  busy,
  open,
  cardRef,
  onKeyDown,
  onMove,
  onOpen,
  onRemove,
  settle,
  onFormDone,
}: {
  item: AgendaItemView;
  first: boolean;
  last: boolean;
  hintId: string;
  busy: boolean;
  open: 'edit' | 'outcome' | 'remove' | null;
  cardRef: (element: HTMLLIElement | null) => void;
  onKeyDown: (event: KeyboardEvent<HTMLLIElement>) => void;
  onMove: (by: -1 | 1) => void;
  onOpen: (what: 'edit' | 'outcome' | 'remove' | null) => void;
  onRemove: () => void;
  settle: Settle;
  onFormDone: (what: 'edit' | 'outcome', saved: Parameters<FormDone>[0]) => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const referral = referralText(t, item.referral, item.referralBody);
  return (
    <li ref={cardRef} className={`agenda-item${item.restricted ? ' agenda-item--restricted' : ''}`} tabIndex={0} aria-labelledby={titleId} aria-describedby={hintId} onKeyDown={onKeyDown}>
      <h5 id={titleId} className="agenda-item__title">
        <span className="agenda-item__number">{t('forum.agenda.itemNumber', { number: item.number })}</span> <span dir="auto">{item.title}</span>
      </h5>
      <p className="agenda-item__facts">
        <span>{t('forum.agenda.raisedBy', { count: item.raisedBy })}</span>
        {item.restricted && <strong className="tag tag--restricted">{t('forum.agenda.restricted')}</strong>}
        {referral && <span dir="auto">{referral}</span>}
      </p>
      {item.summary && (
        <p className="agenda-item__summary preserve-lines" dir="auto">
          {item.summary}
        </p>
      )}
      <ul className="agenda-item__issues" aria-label={t('forum.agenda.issuesOf', { number: item.number })}>
        {item.enquiries.map((enquiry) => (
          <li key={enquiry.id}>
            <span dir="ltr" className="agenda-item__ref">
              {enquiry.reference}
            </span>{' '}
            <span className={`status status--${enquiry.status}`}>{t(`enquiryStatus.${enquiry.status}`)}</span>
          </li>
        ))}
      </ul>
      {item.decision && (
        <dl className="facts agenda-item__outcome">
          <div>
            <dt>{t('forum.agenda.outcome.decision')}</dt>
            <dd>{t(`forum.agenda.decisions.${item.decision}`)}</dd>
          </div>
          {item.outcome && (
            <div>
              <dt>{t('forum.agenda.outcome.outcome')}</dt>
              <dd dir="auto">{item.outcome}</dd>
            </div>
          )}
          {item.minute && (
            <div>
              <dt>{t('forum.agenda.outcome.minute')}</dt>
              <dd dir="auto" className="preserve-lines">
                {item.minute}
              </dd>
            </div>
          )}
        </dl>
      )}
      {open === null && (
        <div className="actions agenda-item__actions">
          <button type="button" className="button button--secondary" data-move="up" disabled={first || busy} aria-describedby={titleId} onClick={() => onMove(-1)}>
            <ArrowUp aria-hidden="true" />
            {t('forum.agenda.moveUp')}
          </button>
          <button type="button" className="button button--secondary" data-move="down" disabled={last || busy} aria-describedby={titleId} onClick={() => onMove(1)}>
            <ArrowDown aria-hidden="true" />
            {t('forum.agenda.moveDown')}
          </button>
          <button type="button" className="button button--secondary" aria-describedby={titleId} onClick={() => onOpen('edit')}>
            {t('forum.agenda.editButton')}
          </button>
          <button type="button" className="button button--secondary" aria-describedby={titleId} onClick={() => onOpen('outcome')}>
            {item.decision ? t('forum.agenda.changeOutcome') : t('forum.agenda.recordOutcome')}
          </button>
          <button type="button" className="button button--secondary" aria-describedby={titleId} onClick={() => onOpen('remove')}>
            {t('forum.agenda.removeButton')}
          </button>
        </div>
      )}
      {open === 'edit' && <ItemEditor item={item} settle={settle} onDone={(saved) => onFormDone('edit', saved)} />}
      {open === 'outcome' && <OutcomeForm item={item} settle={settle} onDone={(saved) => onFormDone('outcome', saved)} />}
      {open === 'remove' && (
        <div className="panel confirm" role="group" aria-labelledby={`${titleId}-remove`}>
          <p id={`${titleId}-remove`}>{t('forum.agenda.removeConfirm', { number: item.number, count: item.enquiries.length })}</p>
          <div className="actions">
            <button type="button" className="button" onClick={onRemove}>
              {t('forum.agenda.removeYes')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => onOpen(null)}>
              {t('forum.agenda.removeNo')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
