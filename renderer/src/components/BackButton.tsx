import { useTranslation } from 'react-i18next';
import { ChevronLeft } from 'lucide-react';
import { useApp } from '../state/context';

export function BackButton() {
  const { t } = useTranslation();
  const back = useApp((s) => s.back);
  return (
    <button type="button" className="button button--secondary back-button" onClick={back}>
      <ChevronLeft aria-hidden="true" className="flip-rtl" />
      {t('common.back')}
    </button>
  );
}
