import { useTranslation } from 'react-i18next';
import type { StaffRole } from '../../../../shared/domain/roles';
import { assertNever } from '../../../../shared/domain/exhaustive';
import { useApp } from '../../state/context';
import { STAFF_SECTIONS, type ConfiguredKiosk, type StaffSection } from '../../state/appStore';
import { StaffDirectory } from '../StaffDirectory';
import { EnquiryList } from './EnquiryList';
import { LogEnquiry } from './LogEnquiry';
import { StaffSettings } from './StaffSettings';
import { StaffAccounts } from './StaffAccounts';
import { LeaveKiosk } from './LeaveKiosk';
import { SyncLine } from './SyncLine';
import { SyncPanel } from './SyncPanel';
import { BackupPanel } from './BackupPanel';
import { AuditPanel } from './AuditPanel';
import { SubjectAccessPanel } from './SubjectAccessPanel';
import { StorageNotice } from '../../components/StorageNotice';
import { ForumTab } from '../forum/ForumTab';
import { AgendaTab } from '../forum/AgendaTab';

/** Which tabs each role sees; main checks the role again on every call. */
const SECTIONS_FOR: Readonly<Record<StaffRole, readonly StaffSection[]>> = {
  staff: ['enquiries', 'log', 'directory', 'settings'],
  chair: ['enquiries', 'forum', 'agenda', 'settings'],
  admin: STAFF_SECTIONS,
};

function SectionFor({ section, kiosk }: { section: StaffSection; kiosk: ConfiguredKiosk }) {
  switch (section) {
    case 'enquiries':
      return <EnquiryList />;
    case 'log':
      return <LogEnquiry />;
    case 'directory':
      return <StaffDirectory />;
    case 'forum':
      return <ForumTab />;
    case 'agenda':
      return <AgendaTab />;
    case 'accounts':
      return <StaffAccounts />;
    case 'settings':
      return (
        <>
          <StaffSettings />
          <SyncPanel />
          <BackupPanel />
          <SubjectAccessPanel />
          <AuditPanel />
          {kiosk.displayMode === 'kiosk' && <LeaveKiosk />}
        </>
      );
    default:
      return assertNever(section);
  }
}

/** The staff area: who is signed in, what waits to sync, and the tabs their role may use. */
export function StaffHome({ kiosk, section }: { kiosk: ConfiguredKiosk; section: StaffSection }) {
  const { t } = useTranslation();
  const staff = useApp((s) => s.staff);
  const signOut = useApp((s) => s.signOut);
  const go = useApp((s) => s.go);
  if (!staff) return null;
  const sections = SECTIONS_FOR[staff.role];
  const shown = sections.includes(section) ? section : sections[0]!;

  return (
    <main className="screen staff" id="main">
      <div className="staff-bar">
        <h2>{t('staff.title')}</h2>
        <p>
          {t('staff.signedInAs', { name: staff.displayName })} · {t(`staff.roles.${staff.role}`)} · {kiosk.unit.name} · {kiosk.deviceCode}
        </p>
        <SyncLine key={shown} />
        <button type="button" className="button button--secondary" onClick={() => void signOut()}>
          {t('common.signOut')}
        </button>
      </div>
      <nav className="tabs" aria-label={t('staff.sectionsLabel')}>
        {sections.map((name) => (
          <button key={name} type="button" className="tab" aria-current={name === shown ? 'page' : undefined} onClick={() => go({ name: 'staff', section: name })}>
            {t(`staff.sections.${name}`)}
          </button>
        ))}
      </nav>
      <StorageNotice />
      <SectionFor section={shown} kiosk={kiosk} />
    </main>
  );
}
