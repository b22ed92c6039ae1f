import { useTranslation } from 'react-i18next';
import type { DayHours } from '../../../shared/directory/views';
import { clockText, formatDate } from '../format';

/** The next seven days' opening times, bank holidays and closures named. */
export function WeekHours({ week, caption }: { week: readonly DayHours[]; caption: string }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="hours">
      <caption className="visually-hidden">{caption}</caption>
      <tbody>
        {week.map((day) => (
          <tr key={day.date}>
            <th scope="row">{formatDate(day.date, i18n.language, { weekday: 'long', day: 'numeric', month: 'short' })}</th>
            <td>
              {day.closedReason === 'bank-holiday'
                ? t('service.closedBankHoliday')
                : day.closedReason === 'closure'
                  ? t('service.closedClosure')
                  : day.openings.length === 0
                    ? t('service.closedDay')
                    : day.openings
                        .map((o) => t('service.openings', { opens: clockText(o.opens), closes: clockText(o.closes) }))
                        .join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
