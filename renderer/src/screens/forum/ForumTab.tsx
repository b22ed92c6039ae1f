import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Forum } from '../../../../shared/domain/units';
import { FORUM_LIMITS, ISSUES_FORMATS, type AgendaView, type ForumIssue, type ForumOverview, type MeetingView } from '../../../../shared/forums/model';
import type { AppError } from '../../../../shared/ipc/result';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { SelectField } from '../../components/SelectField';
import { ErrorSummary } from '../../components/ErrorSummary';
import { formatDate, formatDay, heldText } from '../../format';
import { useApp, useClient } from '../../state/context';
import { DateField } from './DateField';
import { ExportPanel } from './ExportPanel';
import { ForumCharts } from './ForumCharts';
import { ForumPicker, useWorkingForum } from './useForum';
import { addDays, addMonths, DATE_PATTERN, londonToday } from './dates';
import { GROUPINGS, groupName, meetingLine, proposedTitle, topicName, upcomingMeetings, type Grouping } from './forumText';

const PRESETS = ['since', 'days30', 'months12', 'custom'] as const;
type Preset = (typeof PRESETS)[number];

/** The period asked for: nothing for "since the last meeting" (the backend knows when that was). */
interface Period {
  readonly from?: string;
  readonly to?: string;
}

/** What the forum tab reads together. */
interface Loaded {
  readonly overview: ForumOverview;
  readonly meetings: readonly MeetingView[];
  readonly agendas: ReadonlyMap<string, AgendaView>;
}

/** Where an issue already on an agenda sits: its item's number and meeting. */
interface Placement {
  readonly number: number;
  readonly meeting: MeetingView;
}

/** An issue can go on an agenda when it is not a duplicate that follows another, not on an item already, and not closed. */
export function isSelectable(issue: ForumIssue): boolean {
  return issue.mergedInto === null && issue.agendaItemId === null && issue.status !== 'closed';
}

/** The forum tab: the chair's view of the issues raised for their forum, and the start of the agenda. */
export function ForumTab() {
  const { t } = useTranslation();
  const working = useWorkingForum();
  return (
    <section className="forum" aria-labelledby="forum-heading">
      <h3 id="forum-heading">{t('forum.heading')}</h3>
      <ForumPicker working={working} />
      {working.forum && <ForumView key={working.forum.id} forum={working.forum} />}
    </section>
  );
}

function ForumView({ forum }: { forum: Forum }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const load = useApp((s) => s.load);
  const [preset, setPreset] = useState<Preset>('since');
  const [customFrom, setCustomFrom] = useState('');
  const [customTo, setCustomTo] = useState('');
  const [customError, setCustomError] = useState<{ from?: string; to?: string }>({});
  const [period, setPeriod] = useState<Period>({});
  const [overview, setOverview] = useState<ForumOverview | null>(null);
  const [meetings, setMeetings] = useState<readonly MeetingView[]>([]);
  const [agendas, setAgendas] = useState<ReadonlyMap<string, AgendaView>>(new Map());
  const [grouping, setGrouping] = useState<Grouping>('group');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /**
   * Reads the overview for the period, the forum's meetings, and the agendas that may hold its
   * issues (so "on agenda item 3" can say which).
   */
  const read = useCallback(async (): Promise<Loaded | AppError> => {
    const [answer, meetingList] = await Promise.all([
      client.forums.overview({ forumId: forum.id, ...period }),
      client.forums.meetings({ forumId: forum.id }),
    ]);
    if (!answer.ok) return answer.error;
    if (!meetingList.ok) return meetingList.error;
    const today = londonToday();
    const holding = meetingList.value.filter((m) => m.itemCount > 0 && (m.date >= answer.value.from || m.date >= today));
    const answers = await Promise.all(holding.map((m) => client.forums.agenda({ meetingId: m.id })));
    const agendaList = answers.flatMap((agenda) => (agenda.ok ? [agenda.value] : []));
    return { overview: answer.value, meetings: meetingList.value, agendas: new Map(agendaList.map((agenda) => [agenda.meeting.id, agenda])) };
  }, [client, forum.id, period]);

  /** Shows what was read; a selection keeps only the issues that can still be chosen. */
  const show = useCallback(
    (loaded: Loaded | AppError) => {
      if ('code' in loaded) {
        if (loaded.code === 'auth/required') return void load();
        return setError(loaded);
      }
      setError(null);
      setOverview(loaded.overview);
      setMeetings(loaded.meetings);
      setAgendas(loaded.agendas);
      const selectable = new Set(loaded.overview.issues.filter(isSelectable).map((issue) => issue.id));
      setSelected((current) => new Set([...current].filter((id) => selectable.has(id))));
    },
    [load],
  );
  const refresh = () => void read().then(show);

  useEffect(() => {
    void read().then(show);
  }, [read, show]);

  const placements = useMemo(() => {
    const found = new Map<string, Placement>();
    for (const agenda of agendas.values()) for (const item of agenda.items) found.set(item.id, { number: item.number, meeting: agenda.meeting });
    return found;
  }, [agendas]);

  function choosePreset(next: Preset) {
    setPreset(next);
    setCustomError({});
    const today = londonToday();
    if (next === 'since') setPeriod({});
    if (next === 'days30') setPeriod({ from: addDays(today, -29), to: today });
    if (next === 'months12') setPeriod({ from: addDays(addMonths(today, -12), 1), to: today });
    if (next === 'custom') {
      // Starts from the period on screen, so the chair adjusts it rather than typing both dates.
      setCustomFrom((value) => value || (overview?.from ?? ''));
      setCustomTo((value) => value || (overview?.to ?? ''));
    }
  }

  function showCustom(event: FormEvent) {
    event.preventDefault();
    const problems: { from?: string; to?: string } = {};
    if (!DATE_PATTERN.test(customFrom)) problems.from = t('forum.period.dateMissing');
    if (!DATE_PATTERN.test(customTo)) problems.to = t('forum.period.dateMissing');
    else if (DATE_PATTERN.test(customFrom) && customFrom > customTo) problems.to = t('forum.period.order');
    setCustomError(problems);
    if (problems.from || problems.to) return;
    setPeriod({ from: customFrom, to: customTo });
  }

  const groups = overview ? { group: overview.byGroup, topic: overview.byTopic, body: overview.byBody, area: overview.byArea }[grouping] : [];
  const waiting = overview ? overview.issues.filter(isSelectable).length : 0;

  return (
    <>
      <form className="forum-period" onSubmit={showCustom} noValidate>
        <ChoiceGroup
          legend={t('forum.period.legend')}
          choices={PRESETS.map((value) => ({ value, label: t(`forum.period.${value}`) }))}
          value={preset}
          onChange={choosePreset}
        />
        {preset === 'custom' && (
          <div className="filters">
            <DateField label={t('forum.period.from')} value={customFrom} onChange={setCustomFrom} error={customError.from} />
            <DateField label={t('forum.period.to')} value={customTo} onChange={setCustomTo} error={customError.to} />
            <button type="submit" className="button button--secondary">
              {t('forum.period.show')}
            </button>
          </div>
        )}
      </form>
      <ErrorSummary error={error} />
      {!overview && !error && <p>{t('app.loading')}</p>}
      {overview && (
        <>
          <Headline overview={overview} waiting={waiting} />
          <section className="forum-groups" aria-labelledby="forum-groups-heading">
            <h4 id="forum-groups-heading">{t('forum.groups.heading')}</h4>
            <ChoiceGroup
              legend={t('forum.groups.legend')}
              choices={GROUPINGS.map((value) => ({ value, label: t(`forum.groups.${value}`) }))}
              value={grouping}
              onChange={setGrouping}
            />
            {groups.length === 0 ? (
              <p>{t('forum.none')}</p>
            ) : (
              <ul className="forum-groups__lines">
                {groups.map((group) => (
                  <li key={group.key}>
                    {t('forum.groupLine', {
                      name: groupName(t, grouping, group.key),
                      issues: t('forum.issues', { count: group.issues }),
                      streets: t('forum.streets', { count: group.streets }),
                    })}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {overview.issues.length > 0 && <ForumCharts overview={overview} />}
          <IssueList
            overview={overview}
            placements={placements}
            selected={selected}
            onToggle={(id, on) => {
              setNotice(null);
              setSelected((current) => {
                const next = new Set(current);
                if (on) next.add(id);
                else next.delete(id);
                return next;
              });
            }}
          />
          {notice && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
          {selected.size > 0 && (
            <SelectionBar
              issues={overview.issues.filter((issue) => selected.has(issue.id))}
              meetings={meetings}
              nextMeetingId={overview.nextMeeting?.id ?? null}
              agendas={agendas}
              onClear={() => setSelected(new Set())}
              onChanged={refresh}
              onAdded={(message) => {
                setNotice(message);
                refresh();
              }}
            />
          )}
          <ExportPanel
            heading={t('forum.exports.issuesHeading')}
            intro={t('forum.exports.issuesIntro', { from: formatDate(overview.from, i18n.language), to: formatDate(overview.to, i18n.language) })}
            formats={ISSUES_FORMATS}
            build={(format, audience) => ({ kind: 'issues', forumId: forum.id, from: overview.from, to: overview.to, format, audience })}
          />
        </>
      )}
    </>
  );
}

/** "23 issues raised since the last meeting (3 March 2026)", and how many can still go on an agenda. */
function Headline({ overview, waiting }: { overview: ForumOverview; waiting: number }) {
  const { t, i18n } = useTranslation();
  const count = overview.issues.length;
  const from = formatDate(overview.from, i18n.language);
  const to = formatDate(overview.to, i18n.language);
  const text =
    overview.sinceLastMeeting && overview.lastMeeting
      ? t('forum.headline.since', { count, date: formatDate(overview.lastMeeting.date, i18n.language) })
      : overview.sinceLastMeeting
        ? t('forum.headline.noMeeting', { count, from, to })
        : t('forum.headline.between', { count, from, to });
  return (
    <div className="forum-headline" role="status">
      <p className="forum-headline__count">{text}</p>
      <p>{t('forum.headline.waiting', { count: waiting })}</p>
    </div>
  );
}

/** The issues in the period, each with what it is and where it stands; a box to choose each one that can go on an agenda. */
function IssueList({
  overview,
  placements,
  selected,
  onToggle,
}: {
  overview: ForumOverview;
  placements: ReadonlyMap<string, Placement>;
  selected: ReadonlySet<string>;
  onToggle: (id: string, on: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const references = useMemo(() => new Map(overview.issues.map((issue) => [issue.id, issue.reference])), [overview]);
  return (
    <section className="forum-issues" aria-labelledby="forum-issues-heading">
      <h4 id="forum-issues-heading">{t('forum.issuesHeading', { count: overview.issues.length })}</h4>
      {overview.issues.length > 0 && <p>{t('forum.issuesHint')}</p>}
      <ul className="forum-issues__list">
        {overview.issues.map((issue) => {
          const placement = issue.agendaItemId ? placements.get(issue.agendaItemId) : undefined;
          const mergedInto = issue.mergedInto ? references.get(issue.mergedInto) : undefined;
          return (
            <li key={issue.id} className={`forum-issue${selected.has(issue.id) ? ' forum-issue--chosen' : ''}`}>
              <div className="forum-issue__pick">
                {isSelectable(issue) && (
                  <label className="forum-issue__check">
                    <input type="checkbox" checked={selected.has(issue.id)} onChange={(event) => onToggle(issue.id, event.target.checked)} />
                    <span className="visually-hidden">{t('forum.choose', { reference: issue.reference })}</span>
                  </label>
                )}
              </div>
              <div className="forum-issue__body">
                <p className="forum-issue__head">
                  <span className="forum-issue__ref" dir="ltr">
                    {issue.reference}
                  </span>
                  <span>{formatDay(issue.createdAt, i18n.language)}</span>
                  <span className={`status status--${issue.status}`}>{t(`enquiryStatus.${issue.status}`)}</span>
                  {issue.agendaItemId && (
                    <strong className="tag">
                      {placement
                        ? t('forum.onItem', { number: placement.number, date: formatDate(placement.meeting.date, i18n.language, { day: 'numeric', month: 'short' }) })
                        : t('forum.onAnItem')}
                    </strong>
                  )}
                  {issue.mergedInto && <strong className="tag">{mergedInto ? t('forum.mergedInto', { reference: mergedInto }) : t('forum.merged')}</strong>}
                  {issue.restricted && <strong className="tag">{t('forum.agenda.restricted')}</strong>}
                  {issue.replica && <span className="tag tag--quiet">{t('forum.replica')}</span>}
                </p>
                <p className="forum-issue__what">
                  {topicName(t, issue.topicId)}
                  {t('forum.separator')}
                  <span dir="auto">{heldText(issue.location, t)}</span>
                </p>
                <p className="forum-issue__summary" dir="auto">
                  {heldText(issue.summary, t)}
                </p>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * "3 selected": add them to a meeting's agenda as one new item (duplicates of one problem become
 * one item "raised by 3 residents"), titled from what they share, to be edited on the agenda tab;
 * or add them to an item already there.
 */
function SelectionBar({
  issues,
  meetings,
  nextMeetingId,
  agendas,
  onClear,
  onChanged,
  onAdded,
}: {
  issues: readonly ForumIssue[];
  meetings: readonly MeetingView[];
  nextMeetingId: string | null;
  agendas: ReadonlyMap<string, AgendaView>;
  onClear: () => void;
  /** The issues or items changed meanwhile: read them again. */
  onChanged: () => void;
  /** Issues joined an item already there; the message says which (the bar goes once they are no longer chosen). */
  onAdded: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const load = useApp((s) => s.load);
  const go = useApp((s) => s.go);
  const setAgendaFocus = useApp((s) => s.setAgendaFocus);
  const labelId = useId();
  const upcoming = upcomingMeetings(meetings, londonToday());
  const [meetingId, setMeetingId] = useState('');
  const [existing, setExisting] = useState(false);
  const [itemId, setItemId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const meeting = upcoming.find((m) => m.id === meetingId) ?? upcoming.find((m) => m.id === nextMeetingId) ?? upcoming[0];
  const items = meeting ? (agendas.get(meeting.id)?.items ?? []) : [];
  const item = items.find((i) => i.id === itemId) ?? items[0];

  function refused(answer: AppError) {
    if (answer.code === 'auth/required') return void load();
    setError(answer);
    // The issues or the item changed meanwhile: show them as they now are.
    onChanged();
  }

  async function addAsNewItem() {
    if (!meeting) return;
    setBusy(true);
    const answer = await client.forums.saveItem({
      meetingId: meeting.id,
      title: proposedTitle(t, issues).slice(0, FORUM_LIMITS.title.max),
      summary: '',
      restricted: false,
      referral: 'none',
      referralBody: '',
      enquiryIds: issues.map((issue) => issue.id),
    });
    setBusy(false);
    if (!answer.ok) return refused(answer.error);
    const added = answer.value.items.find((i) => i.enquiries.some((e) => e.id === issues[0]?.id));
    setAgendaFocus({ meetingId: meeting.id, itemId: added?.id ?? null });
    go({ name: 'staff', section: 'agenda' });
  }

  async function addToItem(event: FormEvent) {
    event.preventDefault();
    if (!meeting || !item) return;
    setBusy(true);
    const answer = await client.forums.saveItem({
      meetingId: meeting.id,
      id: item.id,
      version: item.version,
      title: item.title,
      summary: item.summary,
      restricted: item.restricted,
      referral: item.referral,
      referralBody: item.referralBody,
      enquiryIds: [...item.enquiries.map((e) => e.id), ...issues.map((issue) => issue.id)],
    });
    setBusy(false);
    if (!answer.ok) return refused(answer.error);
    setError(null);
    setExisting(false);
    onAdded(t('forum.selection.addedTo', { count: issues.length, number: item.number, title: item.title }));
  }

  return (
    <div className="selection-bar" role="region" aria-labelledby={labelId}>
      <p id={labelId} className="selection-bar__count" aria-live="polite">
        {t('forum.selection.count', { count: issues.length })}
      </p>
      <ErrorSummary error={error} />
      {!meeting ? (
        <div className="selection-bar__row">
          <p>{t('forum.selection.noMeeting')}</p>
          <button type="button" className="button button--secondary" onClick={() => go({ name: 'staff', section: 'agenda' })}>
            {t('forum.selection.toAgenda')}
          </button>
        </div>
      ) : (
        <div className="selection-bar__row">
          <SelectField
            label={t('forum.selection.meeting')}
            value={meeting.id}
            onChange={(id) => {
              setMeetingId(id);
              setItemId('');
            }}
            options={upcoming.map((m) => ({ value: m.id, label: meetingLine(t, m, i18n.language) }))}
          />
          <button type="button" className="button" disabled={busy} onClick={() => void addAsNewItem()}>
            {t('forum.selection.addNew', { count: issues.length })}
          </button>
          <button type="button" className="button button--secondary" aria-expanded={existing} disabled={items.length === 0} onClick={() => setExisting((open) => !open)}>
            {t('forum.selection.addExisting')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClear}>
            {t('forum.selection.clear')}
          </button>
        </div>
      )}
      {meeting && existing && item && (
        <form className="selection-bar__row" onSubmit={(e) => void addToItem(e)}>
          <SelectField
            label={t('forum.selection.item')}
            value={item.id}
            onChange={setItemId}
            options={items.map((i) => ({ value: i.id, label: t('forum.selection.itemOption', { number: i.number, title: i.title }) }))}
          />
          <button type="submit" className="button" disabled={busy}>
            {t('forum.selection.addToItem', { number: item.number })}
          </button>
        </form>
      )}
      <p className="field__hint">{t('forum.selection.hint')}</p>
    </div>
  );
}
