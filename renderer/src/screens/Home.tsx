import { useTranslation } from 'react-i18next';
import { TASKS, type Task } from '../state/appStore';
import { useApp } from '../state/context';

const TASK_ICONS: Record<Task, string> = {
  findService: '🔍',
  raiseIssue: '📣',
  checkIssue: '🧾',
};

/** The resident's first screen: which shop this is and the main tasks as large tiles. */
export function Home() {
  const { t } = useTranslation();
  const go = useApp((s) => s.go);
  return (
    <main className="screen home" id="main">
      <h2 className="home__intro">{t('home.intro')}</h2>
      <ul className="tiles" aria-label={t('home.tasksLabel')}>
        {TASKS.map((task) => (
          <li key={task}>
            <button type="button" className="tile" onClick={() => go({ name: 'task', task })}>
              <span className="tile__icon" aria-hidden="true">
                {TASK_ICONS[task]}
              </span>
              <span className="tile__title">{t(`home.tasks.${task}.title`)}</span>
              <span className="tile__hint">{t(`home.tasks.${task}.hint`)}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="home__staff">
        <button type="button" className="button button--secondary" onClick={() => go({ name: 'signIn' })}>
          {t('home.staffSignIn')}
        </button>
      </div>
    </main>
  );
}
