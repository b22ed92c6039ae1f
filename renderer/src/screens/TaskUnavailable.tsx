import { useTranslation } from 'react-i18next';
import type { Task } from '../state/appStore';
import { useApp } from '../state/context';

/** A task this kiosk does not offer yet: say so plainly and send the person to the desk. */
export function TaskUnavailable({ task }: { task: Task }) {
  const { t } = useTranslation();
  const go = useApp((s) => s.go);
  return (
    <main className="screen" id="main">
      <h2>{t(`home.tasks.${task}.title`)}</h2>
      <div className="panel">
        <h3>{t('unavailable.title')}</h3>
        <p>{t('unavailable.body')}</p>
      </div>
      <button type="button" className="button" onClick={() => go({ name: 'home' })}>
        {t('common.home')}
      </button>
    </main>
  );
}
