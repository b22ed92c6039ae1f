import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/ipc/result';
import type { RetentionStatus } from '../../../../shared/ipc/contract';
import { DISPLAY_MODES, type DisplayMode, type KioskSettings, type SettingsUpdate } from '../../../../shared/domain/settings';
import { LANGUAGES, type LanguageCode } from '../../../../shared/i18n/languages';
import { TextField } from '../../components/TextField';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useFieldErrors } from '../../components/fieldErrors';
import { useApp, useClient } from '../../state/context';
import { formatDateTime } from '../../format';

interface Draft {
  hubUrl: string;
  /** Typed to save a new token; the saved one is never read back. */
  hubToken: string;
  hubTokenSet: boolean;
  defaultLanguage: LanguageCode;
  displayMode: DisplayMode;
  idleTimeoutSeconds: string;
  staffSessionMinutes: string;
  backupEveryHours: string;
  backupsKept: string;
  retentionContactMonths: string;
  retentionEnquiryYears: string;
  retentionReadAuditYears: string;
}

function draftOf(settings: KioskSettings): Draft {
  return {
    hubUrl: settings.hubUrl,
    hubToken: '',
    hubTokenSet: settings.hubTokenSet,
    defaultLanguage: settings.defaultLanguage,
    displayMode: settings.displayMode,
    idleTimeoutSeconds: String(settings.idleTimeoutSeconds),
    staffSessionMinutes: String(settings.staffSessionMinutes),
    backupEveryHours: String(settings.backupEveryHours),
    backupsKept: String(settings.backupsKept),
    retentionContactMonths: String(settings.retentionContactMonths),
    retentionEnquiryYears: String(settings.retentionEnquiryYears),
    retentionReadAuditYears: String(settings.retentionReadAuditYears),
  };
}

/** Parses a whole number typed by a person; anything else is sent as-is for the backend to refuse in words. */
function wholeNumber(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The kiosk's settings: read by every account, changed only by an administrator. */
export function StaffSettings() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const staff = useApp((s) => s.staff);
  const load = useApp((s) => s.load);
  const refreshKiosk = useApp((s) => s.refreshKiosk);
  const refreshSync = useApp((s) => s.refreshSync);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState<'settings' | 'tokenRemoved' | null>(null);
  const isAdmin = staff?.role === 'admin';
  const { fieldError } = useFieldErrors(error);

  const [retention, setRetention] = useState<RetentionStatus | null>(null);
  useEffect(() => {
    if (!isAdmin) return;
    void client.retention.status().then((result) => result.ok && setRetention(result.value));
  }, [client, isAdmin]);

  useEffect(() => {
    void client.settings.get().then((result) => (result.ok ? setDraft(draftOf(result.value)) : setError(result.error)));
  }, [client]);

  if (!staff) return null;
  const update = (patch: Partial<Draft>) => {
    setSaved(null);
    setDraft((current) => (current ? { ...current, ...patch } : current));
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    await send(
      {
        hubUrl: draft.hubUrl,
        // An empty box keeps the saved token: it is never shown, so it cannot be "left as it was" otherwise.
        ...(draft.hubToken.trim() !== '' && { hubToken: draft.hubToken }),
        defaultLanguage: draft.defaultLanguage,
        displayMode: draft.displayMode,
        idleTimeoutSeconds: wholeNumber(draft.idleTimeoutSeconds),
        staffSessionMinutes: wholeNumber(draft.staffSessionMinutes),
        backupEveryHours: wholeNumber(draft.backupEveryHours),
        backupsKept: wholeNumber(draft.backupsKept),
        retentionContactMonths: wholeNumber(draft.retentionContactMonths),
        retentionEnquiryYears: wholeNumber(draft.retentionEnquiryYears),
        retentionReadAuditYears: wholeNumber(draft.retentionReadAuditYears),
      },
      'settings',
    );
  }

  async function send(change: SettingsUpdate, done: 'settings' | 'tokenRemoved') {
    const result = await client.settings.update(change);
    if (!result.ok) {
      setSaved(null);
      if (result.error.code === 'auth/required') return void load();
      return setError(result.error);
    }
    setError(null);
    setDraft((current) => (done === 'settings' || !current ? draftOf(result.value) : { ...current, hubToken: '', hubTokenSet: result.value.hubTokenSet }));
    setSaved(done);
    void refreshKiosk();
    // A new hub address or token starts a sync at once: the staff bar shows it.
    void refreshSync();
  }

  return (
      <section>
        <h3>{t('staff.settingsHeading')}</h3>
        {!isAdmin && <p>{t('staff.settingsReadOnly')}</p>}
        <ErrorSummary error={error} />
        {saved && (
          <p className="notice" role="status">
            {t(saved === 'settings' ? 'staff.saved' : 'staff.tokenRemoved')}
          </p>
        )}
        {draft && (
          <form onSubmit={(e) => void save(e)} noValidate>
            <fieldset disabled={!isAdmin} className="plain">
              <TextField label={t('setup.hubUrl')} hint={t('setup.hubUrlHint')} value={draft.hubUrl} onChange={(hubUrl) => update({ hubUrl })} keys="latin" maxLength={200} error={fieldError('hubUrl')} />
              <TextField
                label={t('staff.hubToken')}
                hint={t('staff.hubTokenHint')}
                value={draft.hubToken}
                onChange={(hubToken) => update({ hubToken })}
                keys="latin"
                secret
                maxLength={200}
                error={fieldError('hubToken')}
              />
              <p className="field__hint">{t(draft.hubTokenSet ? 'staff.hubTokenSaved' : 'staff.hubTokenMissing')}</p>
              {isAdmin && draft.hubTokenSet && (
                <div className="actions">
                  <button type="button" className="button button--secondary" onClick={() => void send({ hubToken: '' }, 'tokenRemoved')}>
                    {t('staff.removeToken')}
                  </button>
                </div>
              )}
              <ChoiceGroup
                legend={t('setup.defaultLanguage')}
                choices={LANGUAGES.map((l) => ({ value: l.code, label: l.nativeName, lang: l.code }))}
                value={draft.defaultLanguage}
                onChange={(defaultLanguage) => update({ defaultLanguage })}
              />
              <ChoiceGroup
                legend={t('setup.displayMode')}
                choices={DISPLAY_MODES.map((mode) => ({ value: mode, label: t(`setup.displayModes.${mode}`) }))}
                value={draft.displayMode}
                onChange={(displayMode) => update({ displayMode })}
              />
              <p className="field__hint">{t('staff.displayModeNote')}</p>
              <TextField label={t('staff.idleTimeout')} hint={t('staff.idleTimeoutHint')} value={draft.idleTimeoutSeconds} onChange={(idleTimeoutSeconds) => update({ idleTimeoutSeconds })} keys="digits" maxLength={3} error={fieldError('idleTimeoutSeconds')} />
              <TextField label={t('staff.staffSession')} hint={t('staff.staffSessionHint')} value={draft.staffSessionMinutes} onChange={(staffSessionMinutes) => update({ staffSessionMinutes })} keys="digits" maxLength={2} error={fieldError('staffSessionMinutes')} />
              <TextField label={t('backups.every')} hint={t('backups.everyHint')} value={draft.backupEveryHours} onChange={(backupEveryHours) => update({ backupEveryHours })} keys="digits" maxLength={3} error={fieldError('backupEveryHours')} />
              <TextField label={t('backups.kept')} hint={t('backups.keptHint')} value={draft.backupsKept} onChange={(backupsKept) => update({ backupsKept })} keys="digits" maxLength={2} error={fieldError('backupsKept')} />
              <TextField label={t('retention.contactMonths')} hint={t('retention.contactMonthsHint')} value={draft.retentionContactMonths} onChange={(retentionContactMonths) => update({ retentionContactMonths })} keys="digits" maxLength={3} error={fieldError('retentionContactMonths')} />
              <TextField label={t('retention.enquiryYears')} hint={t('retention.enquiryYearsHint')} value={draft.retentionEnquiryYears} onChange={(retentionEnquiryYears) => update({ retentionEnquiryYears })} keys="digits" maxLength={2} error={fieldError('retentionEnquiryYears')} />
              <TextField label={t('retention.readAuditYears')} hint={t('retention.readAuditYearsHint')} value={draft.retentionReadAuditYears} onChange={(retentionReadAuditYears) => update({ retentionReadAuditYears })} keys="digits" maxLength={2} error={fieldError('retentionReadAuditYears')} />
              {isAdmin && retention && (
                <p className="field__hint" data-testid="retention-last-run">
                  {retention.lastRun
                    ? t('retention.lastRun', {
                        when: formatDateTime(retention.lastRun.at, i18n.language),
                        contacts: retention.lastRun.removed.contact,
                        enquiries: retention.lastRun.removed.enquiry,
                        reads: retention.lastRun.removed['read-audit'],
                      })
                    : t('retention.never')}
                </p>
              )}
              {isAdmin && (
                <div className="actions">
                  <button type="submit" className="button">
                    {t('common.save')}
                  </button>
                </div>
              )}
            </fieldset>
          </form>
        )}
      </section>
  );
}
