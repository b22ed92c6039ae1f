import { useTranslation } from 'react-i18next';
import { PhoneCall } from 'lucide-react';
import type { UrgentLine } from '../../../shared/directory/topics';

/** 999, 101 or 111 advice, shown before anything else: the kiosk never takes an emergency as an enquiry. */
export function UrgentAdvice({ lines }: { lines: readonly UrgentLine[] }) {
  const { t } = useTranslation();
  if (lines.length === 0) return null;
  return (
    <aside className="urgent" aria-label={t('urgent.label')}>
      {lines.map((line) => (
        <p key={line} className="urgent__line">
          <PhoneCall aria-hidden="true" className="urgent__icon" />
          <span>{t(`urgent.${line}`)}</span>
        </p>
      ))}
    </aside>
  );
}
