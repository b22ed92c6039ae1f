import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../shared/domain/exhaustive';
import { LanguageSwitch } from './components/LanguageSwitch';
import { TouchKeyboard } from './components/TouchKeyboard';
import { KeyboardProvider } from './components/keyboardContext';
import { IdleGuard } from './components/IdleGuard';
import { ErrorSummary } from './components/ErrorSummary';
import { DisplayOptions } from './components/DisplayOptions';
import { Home } from './screens/Home';
import { Setup } from './screens/Setup';
import { SignIn } from './screens/SignIn';
import { StaffHome } from './screens/staff/StaffHome';
import { EnquiryDetailScreen } from './screens/staff/EnquiryDetailScreen';
import { RaiseIssue } from './screens/issues/RaiseIssue';
import { Receipt } from './screens/issues/Receipt';
import { CheckIssue } from './screens/issues/CheckIssue';
import { PrivacyPage } from './screens/issues/PrivacyPage';
import { FindService } from './screens/directory/FindService';
import { TopicGroupScreen } from './screens/directory/TopicGroupScreen';
import { BodyScreen } from './screens/directory/BodyScreen';
import { ServiceDetailScreen } from './screens/directory/ServiceDetailScreen';
import { useApp } from './state/context';
import type { ConfiguredKiosk, Screen } from './state/appStore';

function EmergencyBanner() {
  const { t } = useTranslation();
  return (
    <aside className="emergency" aria-label={t('emergency.label')}>
      <p>{t('emergency.text')}</p>
    </aside>
  );
}

function ScreenFor({ screen, kiosk }: { screen: Screen; kiosk: ConfiguredKiosk }) {
  switch (screen.name) {
    case 'home':
      return <Home />;
    case 'raiseIssue':
      return <RaiseIssue kiosk={kiosk} />;
    case 'receipt':
      return <Receipt receipt={screen.receipt} unitName={kiosk.unit.name} />;
    case 'checkIssue':
      return <CheckIssue />;
    case 'privacy':
      return <PrivacyPage />;
    case 'directory':
      return <FindService />;
    case 'topicGroup':
      return <TopicGroupScreen group={screen.group} />;
    case 'body':
      return <BodyScreen body={screen.body} />;
    case 'service':
      return <ServiceDetailScreen key={screen.id} id={screen.id} />;
    case 'signIn':
      return <SignIn />;
    case 'staff':
      return <StaffHome kiosk={kiosk} section={screen.section} />;
    case 'enquiry':
      return <EnquiryDetailScreen key={screen.id} id={screen.id} />;
    default:
      return assertNever(screen);
  }
}

export function App() {
  const { t, i18n } = useTranslation();
  const phase = useApp((s) => s.phase);
  const screen = useApp((s) => s.screen);
  const staff = useApp((s) => s.staff);
  const resets = useApp((s) => s.resets);
  const load = useApp((s) => s.load);
  const wipe = useApp((s) => s.wipe);

  useEffect(() => {
    void load();
  }, [load]);

  const kiosk = phase.name === 'ready' ? phase.kiosk : null;
  const touch = phase.name === 'setup' || kiosk?.displayMode === 'kiosk';
  const pristine = screen.name === 'home' && !staff && i18n.language === kiosk?.defaultLanguage;
  const idleSeconds = staff ? (kiosk?.staffSessionMinutes ?? 10) * 60 : (kiosk?.idleTimeoutSeconds ?? 60);

  return (
    <KeyboardProvider showByDefault={touch}>
      <div className={`app app--${kiosk?.displayMode ?? 'kiosk'}`}>
        <header className="masthead">
          <div className="masthead__titles">
            <h1 className="masthead__shop">
              {kiosk ? t('home.shop', { shop: kiosk.unit.shopName }) : t('app.name')}
            </h1>
            {kiosk && <p className="masthead__unit">{t('home.unit', { unit: kiosk.unit.name })}</p>}
          </div>
          <LanguageSwitch />
        </header>
        <DisplayOptions />
        <EmergencyBanner />
        <div className="content" key={resets}>
          {phase.name === 'loading' && (
            <main className="screen" id="main" aria-busy="true">
              <p>{t('app.loading')}</p>
            </main>
          )}
          {phase.name === 'failed' && (
            <main className="screen" id="main">
              <h2>{t('app.startFailed')}</h2>
              <ErrorSummary error={phase.error} />
              <p>{t('app.startFailedHelp')}</p>
              <button type="button" className="button" onClick={() => void load()}>
                {t('app.retry')}
              </button>
            </main>
          )}
          {phase.name === 'setup' && <Setup units={phase.units} />}
          {kiosk && <ScreenFor screen={screen} kiosk={kiosk} />}
        </div>
        <TouchKeyboard />
        <IdleGuard active={kiosk !== null && !pristine} idleSeconds={idleSeconds} onTimeout={() => void wipe()} />
      </div>
    </KeyboardProvider>
  );
}
