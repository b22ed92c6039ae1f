import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EnquiryFilter, EnquiryRow } from '../../../../shared/enquiries/model';
import type { AppError } from '../../../../shared/ipc/result';
import type { Body } from '../../../../shared/directory/topics';
import type { Unit } from '../../../../shared/domain/units';
import { TextField } from '../../components/TextField';
import { SelectField } from '../../components/SelectField';
import { ErrorSummary } from '../../components/ErrorSummary';
import { formatDateTime, heldText } from '../../format';
import { useApp, useClient } from '../../state/context';
import { EMPTY_FILTER, type EnquiryFilterDraft } from '../../state/appStore';
import { bodyOptions, statusOptions, topicGroups } from './options';

/** Rows are fetched a page at a time as they scroll into view. */
const PAGE = 100;
const ROW_HEIGHT = 76;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function filterOf(draft: EnquiryFilterDraft): EnquiryFilter {
  return {
    ...(draft.status && { status: draft.status as EnquiryFilter['status'] }),
    ...(draft.topicId && { topicId: draft.topicId }),
    ...(draft.body && { body: draft.body as Body }),
    ...(draft.unitId && { unitId: draft.unitId }),
    ...(DATE.test(draft.from) && { from: draft.from }),
    ...(DATE.test(draft.to) && { to: draft.to }),
    ...(draft.text.trim() && { text: draft.text.trim() }),
  };
}

/** Waits until typing pauses before searching. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function Row({ row }: { row: EnquiryRow }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <span className="enquiry-row__ref" dir="ltr">
        {row.reference}
      </span>
      <span className={`status status--${row.status}`}>{t(`enquiryStatus.${row.status}`)}</span>
      <span className="enquiry-row__when">{formatDateTime(row.createdAt, i18n.language)}</span>
      <span className="enquiry-row__topic">
        {t(`topics.${row.topicId}`, { defaultValue: row.topicId })} · {t(`bodyNames.${row.body}`)}
      </span>
      {/* Each person's words in a <bdi> of its own: an Urdu place name cannot carry the separator and the summary along with it. */}
      <span className="enquiry-row__summary">
        <bdi>{heldText(row.location, t)}</bdi> · <bdi>{heldText(row.summary, t)}</bdi>
      </span>
    </>
  );
}

/**
 * The staff list of enquiries: filters, full-text search, newest first. Only the rows on screen
 * exist in the page, so 100,000 enquiries scroll as smoothly as 100.
 */
export function EnquiryList() {
  const { t } = useTranslation();
  const client = useClient();
  const go = useApp((s) => s.go);
  const load = useApp((s) => s.load);
  const draft = useApp((s) => s.enquiryFilter);
  const setDraft = useApp((s) => s.setEnquiryFilter);
  const text = useSettled(draft.text, 250);
  const filter = useMemo(() => filterOf({ ...draft, text }), [draft, text]);
  const filterKey = JSON.stringify(filter);
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<ReadonlyMap<number, readonly EnquiryRow[]>>(new Map());
  const [error, setError] = useState<AppError | null>(null);
  const [units, setUnits] = useState<readonly Unit[]>([]);
  const requested = useRef(new Set<number>());

  useEffect(() => {
    void client.units.list().then((result) => result.ok && setUnits(result.value));
  }, [client]);
  const scroller = useRef<HTMLDivElement>(null);

  const fetchPage = useCallback(
    async (page: number, forKey: string, current: () => boolean) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const result = await client.enquiries.list({ filter: JSON.parse(forKey) as EnquiryFilter, offset: page * PAGE, limit: PAGE });
      if (!current()) return;
      if (!result.ok) {
        requested.current.delete(page);
        if (result.error.code === 'auth/required') return void load();
        return setError(result.error);
      }
      setError(null);
      setTotal(result.value.total);
      setPages((previous) => new Map(previous).set(page, result.value.rows));
    },
    [client, load],
  );

  // A new filter starts again from the top.
  const generation = useRef(0);
  useEffect(() => {
    const mine = ++generation.current;
    requested.current = new Set();
    setPages(new Map());
    setTotal(null);
    if (scroller.current) scroller.current.scrollTop = 0;
    void fetchPage(0, filterKey, () => generation.current === mine);
  }, [filterKey, fetchPage]);

  // The app does not use the React Compiler, whose memoisation this rule guards.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const firstPage = items.length > 0 ? Math.floor(items[0]!.index / PAGE) : 0;
  const lastPage = items.length > 0 ? Math.floor(items.at(-1)!.index / PAGE) : 0;
  useEffect(() => {
    const mine = generation.current;
    for (let page = firstPage; page <= lastPage; page++) void fetchPage(page, filterKey, () => generation.current === mine);
  }, [firstPage, lastPage, filterKey, fetchPage]);

  const rowAt = (index: number) => pages.get(Math.floor(index / PAGE))?.[index % PAGE];

  /** Up and down arrows move between rows, scrolling rows that are not drawn yet into view. */
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const index = Number((event.target as HTMLElement).closest<HTMLElement>('[data-index]')?.dataset['index']);
    if (Number.isNaN(index)) return;
    const next = Math.min(Math.max(index + (event.key === 'ArrowDown' ? 1 : -1), 0), (total ?? 1) - 1);
    event.preventDefault();
    virtualizer.scrollToIndex(next);
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"] button`)?.focus());
  }

  return (
    <section className="enquiry-list" aria-labelledby="enquiry-list-heading">
      <h3 id="enquiry-list-heading">{t('enquiries.listHeading')}</h3>
      <div className="filters">
        <TextField label={t('enquiries.search')} hint={t('enquiries.searchHint')} value={draft.text} onChange={(value) => setDraft({ text: value })} maxLength={200} />
        <SelectField label={t('enquiries.status')} value={draft.status} onChange={(status) => setDraft({ status })} options={statusOptions(t)} emptyLabel={t('enquiries.anyStatus')} />
        <SelectField label={t('enquiries.topic')} value={draft.topicId} onChange={(topicId) => setDraft({ topicId })} groups={topicGroups(t)} emptyLabel={t('enquiries.anyTopic')} />
        <SelectField label={t('enquiries.body')} value={draft.body} onChange={(body) => setDraft({ body })} options={bodyOptions(t)} emptyLabel={t('enquiries.anyBody')} />
        <SelectField label={t('enquiries.unit')} value={draft.unitId} onChange={(unitId) => setDraft({ unitId })} options={units.map((unit) => ({ value: unit.id, label: unit.name }))} emptyLabel={t('enquiries.anyUnit')} />
        <div className="field field--date">
          <label className="field__label" htmlFor="enquiries-from">
            {t('enquiries.from')}
          </label>
          <input id="enquiries-from" className="field__input" type="date" value={draft.from} onChange={(e) => setDraft({ from: e.target.value })} />
        </div>
        <div className="field field--date">
          <label className="field__label" htmlFor="enquiries-to">
            {t('enquiries.to')}
          </label>
          <input id="enquiries-to" className="field__input" type="date" value={draft.to} onChange={(e) => setDraft({ to: e.target.value })} />
        </div>
        <button type="button" className="button button--secondary" onClick={() => setDraft(EMPTY_FILTER)}>
          {t('enquiries.clearFilters')}
        </button>
      </div>
      <ErrorSummary error={error} />
      <p role="status" className="enquiry-list__count">
        {total === null ? t('enquiries.loading') : t('enquiries.count', { count: total })}
      </p>
      <div ref={scroller} className="enquiry-list__scroller" onKeyDown={onKeyDown}>
        <ul className="enquiry-list__rows" style={{ blockSize: virtualizer.getTotalSize() }} aria-label={t('enquiries.listHeading')}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <li
                key={item.key}
                data-index={item.index}
                className="enquiry-row"
                aria-setsize={total ?? 0}
                aria-posinset={item.index + 1}
                style={{ blockSize: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                {row ? (
                  <button type="button" className="enquiry-row__open" onClick={() => go({ name: 'enquiry', id: row.id })}>
                    <Row row={row} />
                  </button>
                ) : (
                  <span className="enquiry-row__loading">{t('enquiries.loading')}</span>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
