import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError, FieldError } from '../../../../shared/ipc/result';
import { DISPLAY_MODES, type DisplayMode, type KioskSettings } from '../../../../shared/domain/settings';
import { LANGUAGES, type LanguageCode } from '../../../../shared/i18n/languages';
import { TextField } from '../../components/TextField';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useApp, useClient } from '../../state/context';

interface Draft {
  hubUrl: string;
  defaultLanguage: LanguageCode;
  displayMode: DisplayMode;
  idleTimeoutSeconds: string;
  staffSessionMinutes: string;
}

function draftOf(settings: KioskSettings): Draft {
  return {
    hubUrl: settings.hubUrl,
    defaultLanguage: settings.defaultLanguage,
    displayMode: settings.displayMode,
    idleTimeoutSeconds: String(settings.idleTimeoutSeconds),
    staffSessionMinutes: String(settings.staffSessionMinutes),
  };
}

/** Parses a whole number typed by a person; anything else is sent as-is for the backend to refuse in words. */
function wholeNumber(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The kiosk's settings: read by every account, changed only by an administrator. */
export function StaffSettings() {
  const { t } = useTranslation();
  const client = useClient();
  const staff = useApp((s) => s.staff);
  const load = useApp((s) => s.load);
  const refreshKiosk = useApp((s) => s.refreshKiosk);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  const isAdmin = staff?.role === 'admin';

  useEffect(() => {
    void client.settings.get().then((result) => (result.ok ? setDraft(draftOf(result.value)) : setError(result.error)));
  }, [client]);

  if (!staff) return null;
  const fieldError = (path: string): FieldError | undefined => error?.fields?.[path];
  const update = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((current) => (current ? { ...current, ...patch } : current));
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const result = await client.settings.update({
      hubUrl: draft.hubUrl,
      defaultLanguage: draft.defaultLanguage,
      displayMode: draft.displayMode,
      idleTimeoutSeconds: wholeNumber(draft.idleTimeoutSeconds),
      staffSessionMinutes: wholeNumber(draft.staffSessionMinutes),
    });
    if (!result.ok) {
      setSaved(false);
      if (result.error.code === 'auth/required') return void load();
      return setError(result.error);
    }
    setError(null);
    setDraft(draftOf(result.value));
    setSaved(true);
    void refreshKiosk();
  }

  return (
      <section>
        <h3>{t('staff.settingsHeading')}</h3>
        {!isAdmin && <p>{t('staff.settingsReadOnly')}</p>}
        <ErrorSummary error={error} />
        {saved && (
          <p className="notice" role="status">
            {t('staff.saved')}
          </p>
        )}
        {draft && (
          <form onSubmit={(e) => void save(e)} noValidate>
            <fieldset disabled={!isAdmin} className="plain">
              <TextField label={t('setup.hubUrl')} hint={t('setup.hubUrlHint')} value={draft.hubUrl} onChange={(hubUrl) => update({ hubUrl })} keys="latin" maxLength={200} error={fieldError('hubUrl')} />
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
