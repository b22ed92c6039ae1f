import { useTranslation } from 'react-i18next';
import { MessageSquareWarning, Search, SearchCheck, type LucideIcon } from 'lucide-react';
import { TASKS, type Screen, type Task } from '../state/appStore';
import { useApp } from '../state/context';
import '../components/PrivacyNote.css';

// Bundled SVG icons: nothing depends on the machine having an emoji or symbol font.
const TASK_ICONS: Record<Task, LucideIcon> = {
  findService: Search,
  raiseIssue: MessageSquareWarning,
  checkIssue: SearchCheck,
};

const TASK_SCREENS: Record<Task, Screen> = {
  findService: { name: 'directory' },
  raiseIssue: { name: 'raiseIssue' },
  checkIssue: { name: 'checkIssue' },
};

/** The resident's first screen: which shop this is and the main tasks as large tiles. */
export function Home() {
  const { t } = useTranslation();
  const go = useApp((s) => s.go);
  return (
    <main className="screen home" id="main">
      <h2 className="home__intro">{t('home.intro')}</h2>
      <ul className="tiles" aria-label={t('home.tasksLabel')}>
        {TASKS.map((task) => {
          const Icon = TASK_ICONS[task];
          return (
          <li key={task}>
            <button type="button" className="tile" onClick={() => go(TASK_SCREENS[task])}>
              <Icon className="tile__icon" aria-hidden="true" strokeWidth={2.25} />
              <span className="tile__title">{t(`home.tasks.${task}.title`)}</span>
              <span className="tile__hint">{t(`home.tasks.${task}.hint`)}</span>
            </button>
          </li>
          );
        })}
      </ul>
      <div className="home__staff">
        <button type="button" className="button button--secondary home__privacy" onClick={() => go({ name: 'privacy' })}>
          {t('home.privacy')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => go({ name: 'signIn' })}>
          {t('home.staffSignIn')}
        </button>
      </div>
    </main>
  );
}
