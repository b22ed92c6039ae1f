import { useTranslation } from 'react-i18next';
import {
  CONSENT_WORDING_KEYS,
  CURRENT_CONSENT_WORDING,
  RETENTION_WORDS,
  SHOWN_RETENTION,
  retentionPeriod,
  type RetentionRule,
} from '../../../shared/domain/privacy';
import type { ContactPurpose } from '../../../shared/enquiries/model';
import { useApp } from '../state/context';

/**
 * How long a retention rule keeps data, in the person's language: the periods the administrator set
 * (the kiosk's status carries them), else the defaults.
 */
export function useKeepText(): (rule: RetentionRule) => string {
  const { t } = useTranslation();
  const periods = useApp((s) => (s.phase.name === 'ready' ? s.phase.kiosk.retention : SHOWN_RETENTION));
  return (rule) => t(`raise.privacy.keep.${RETENTION_WORDS[rule]}`, { count: retentionPeriod(rule, periods).count });
}

/**
 * What a person is told when they give contact details: the purpose in the versioned consent
 * words (the version recorded with the consent is the one shown here), who sees them, how long
 * they are kept and how to ask for a copy or deletion. Residents read it; staff read it out.
 */
export function ContactPrivacyNote({ purpose, onMore, heading }: { purpose: ContactPurpose; onMore?: () => void; heading?: string }) {
  const { t } = useTranslation();
  const keep = useKeepText();
  const wording = CURRENT_CONSENT_WORDING[purpose];
  return (
    <div className="panel privacy-notice" data-consent-wording={wording}>
      <h3>{heading ?? t('raise.privacy.heading')}</h3>
      <p className="privacy-notice__consent">{t(CONSENT_WORDING_KEYS[wording])}</p>
      <p>{t('raise.privacy.notPublic')}</p>
      <p>{keep('contact-after-close')}</p>
      <p>{t('raise.privacy.rights')}</p>
      {onMore && (
        <button type="button" className="button button--secondary" onClick={onMore}>
          {t('raise.privacy.more')}
        </button>
      )}
    </div>
  );
}
