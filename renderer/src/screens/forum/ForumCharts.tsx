import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ForumOverview, TimelineGranularity } from '../../../../shared/forums/model';
import { directionOf } from '../../../../shared/i18n/languages';
import { formatDate } from '../../format';
import { groupName } from './forumText';

interface Datum {
  readonly label: string;
  readonly issues: number;
}

/** Rows of the horizontal chart: tall enough for a finger on a bar's tooltip and for two-line names. */
const ROW = 40;
/** Nastaliq (Urdu) stands much taller than Latin script: its names need taller rows and lines. */
const TALL_ROW = 64;

/**
 * One chart with its name, drawn for the eye, and its figures as a table for everyone else (and for
 * anyone who would rather read numbers): the drawing itself is one image with a name, so a screen
 * reader does not wander through its shapes.
 */
function ChartFigure({ title, description, column, data, children }: { title: string; description: string; column: string; data: readonly Datum[]; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const captionId = useId();
  return (
    <figure className="forum-chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="forum-chart__title">
        {title}
      </figcaption>
      <div className="forum-chart__drawing" role="img" aria-label={description}>
        {children}
      </div>
      <details className="forum-chart__figures">
        <summary>{t('forum.charts.showTable')}</summary>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{column}</th>
              <th scope="col">{t('forum.charts.issues')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((datum) => (
              <tr key={datum.label}>
                <th scope="row" dir="auto">
                  {datum.label}
                </th>
                <td>{datum.issues.toLocaleString(i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** A bucket's name: "3 Mar", "Week of 3 Mar" or "Mar 2026". */
function bucketLabel(t: ReturnType<typeof useTranslation>['t'], start: string, granularity: TimelineGranularity, language: string): string {
  switch (granularity) {
    case 'day':
      return formatDate(start, language, { day: 'numeric', month: 'short' });
    case 'week':
      return t('forum.charts.weekOf', { date: formatDate(start, language, { day: 'numeric', month: 'short' }) });
    case 'month':
      return formatDate(start, language, { month: 'short', year: 'numeric' });
  }
}

/**
 * The overview's two charts: issues by topic group (bars across, longest first) and over time (bars
 * per day, week or month as the overview chose). In a right-to-left language both mirror: the
 * names stand on the right and bars grow leftwards; time runs from right to left.
 */
export function ForumCharts({ overview }: { overview: ForumOverview }) {
  const { t, i18n } = useTranslation();
  const rtl = directionOf(i18n.language) === 'rtl';
  const byGroup: Datum[] = overview.byGroup.map((g) => ({ label: groupName(t, 'group', g.key), issues: g.issues }));
  const { granularity, points } = overview.timeline;
  const overTime: Datum[] = points.map((p) => ({ label: bucketLabel(t, p.start, granularity, i18n.language), issues: p.issues }));
  const tick = { fill: 'currentColor', fontSize: 14, lineHeight: rtl ? '1.9em' : '1.15em' };
  const groupHeight = Math.max(2, byGroup.length) * (rtl ? TALL_ROW : ROW) + 40;

  return (
    <div className="forum-charts">
      <ChartFigure title={t('forum.charts.byGroup')} description={t('forum.charts.byGroupDescription', { count: byGroup.length })} column={t('forum.charts.groupColumn')} data={byGroup}>
        <ResponsiveContainer width="100%" height={groupHeight} initialDimension={{ width: 520, height: groupHeight }}>
          <BarChart data={byGroup} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 16 }} accessibilityLayer={false}>
            <CartesianGrid horizontal={false} strokeDasharray="4 4" />
            <XAxis type="number" allowDecimals={false} reversed={rtl} tick={tick} />
            <YAxis type="category" dataKey="label" width={190} orientation={rtl ? 'right' : 'left'} tick={tick} interval={0} />
            <Tooltip cursor={false} />
            <Bar dataKey="issues" name={t('forum.charts.issues')} className="forum-chart__bar" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ChartFigure
        title={t(`forum.charts.overTime.${granularity}`)}
        description={t('forum.charts.overTimeDescription', { count: overTime.length, granularity: t(`forum.charts.granularity.${granularity}`) })}
        column={t('forum.charts.periodColumn')}
        data={overTime}
      >
        <ResponsiveContainer width="100%" height={260} initialDimension={{ width: 520, height: 260 }}>
          <BarChart data={overTime} margin={{ top: 8, right: 16, bottom: 8, left: 16 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} strokeDasharray="4 4" />
            <XAxis dataKey="label" reversed={rtl} tick={tick} minTickGap={16} />
            <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'} tick={tick} width={40} />
            <Tooltip cursor={false} />
            <Bar dataKey="issues" name={t('forum.charts.issues')} className="forum-chart__bar" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
}
