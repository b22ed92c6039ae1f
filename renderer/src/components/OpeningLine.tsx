import { useTranslation } from 'react-i18next';
import { Clock } from 'lucide-react';
import type { OpeningView } from '../../../shared/directory/views';
import { formatTime, formatWhen } from '../format';

/** "Open now. Closes at 17:00." or "Closed today for the bank holiday. Opens on Tuesday at 09:00." */
export function OpeningLine({ opening }: { opening: OpeningView }) {
  const { t, i18n } = useTranslation();
  let text: string;
  switch (opening.state) {
    case 'always-open':
      text = t('service.alwaysOpen');
      break;
    case 'open':
      text = t('service.closesAt', { time: formatTime(opening.closesAt, i18n.language) });
      break;
    case 'closed':
      text = [
        t(`service.closedFor.${opening.reason}`),
        opening.opensAt ? t('service.opensOn', { when: formatWhen(opening.opensAt, i18n.language, t) }) : '',
      ]
        .filter(Boolean)
        .join(' ');
      break;
  }
  return (
    <p className={`opening opening--${opening.state}`}>
      <Clock aria-hidden="true" className="opening__icon" />
      <span>{text}</span>
    </p>
  );
}
