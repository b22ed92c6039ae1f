import { useTranslation } from 'react-i18next';
import { useApp } from '../state/context';

/** Every screen that shows directory content says so while the bundled sample is loaded. */
export function SampleNotice() {
  const { t } = useTranslation();
  const sample = useApp((s) => s.phase.name === 'ready' && s.phase.kiosk.directorySample);
  if (!sample) return null;
  return <p className="sample-notice">{t('directory.sample')}</p>;
}
