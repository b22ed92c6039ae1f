import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../shared/ipc/result';
import type { Unit } from '../../../shared/domain/units';
import { DISPLAY_MODES, type DisplayMode } from '../../../shared/domain/settings';
import { LANGUAGES, type LanguageCode } from '../../../shared/i18n/languages';
import { TextField } from '../components/TextField';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { StorageNotice } from '../components/StorageNotice';
import { ErrorSummary } from '../components/ErrorSummary';
import { NewPinFields } from '../components/NewPinFields';
import { refusedHere, useFieldErrors } from '../components/fieldErrors';
import { useApp, useClient } from '../state/context';

/** First run: where the kiosk is, and the administrator account. There is no default password. */
export function Setup({ units }: { units: readonly Unit[] }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const kioskConfigured = useApp((s) => s.kioskConfigured);
  const [unitId, setUnitId] = useState('');
  const [deviceCode, setDeviceCode] = useState('');
  const [hubUrl, setHubUrl] = useState('');
  const [defaultLanguage, setDefaultLanguage] = useState<LanguageCode>(i18n.language as LanguageCode);
  const [displayMode, setDisplayMode] = useState<DisplayMode>('kiosk');
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [pinConfirm, setPinConfirm] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const { fieldError, fieldText } = useFieldErrors(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pin !== pinConfirm) {
      setError(refusedHere({ pinConfirm: { code: 'mismatch' } }));
      return;
    }
    setBusy(true);
    const result = await client.kiosk.setup({
      unitId,
      deviceCode,
      hubUrl,
      defaultLanguage,
      displayMode,
      admin: { displayName, username, pin },
    });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    if (result.value.configured) kioskConfigured(result.value);
  }

  return (
    <main className="screen" id="main">
      <h2>{t('setup.title')}</h2>
      <p className="lead">{t('setup.intro')}</p>
      <StorageNotice />
      <ErrorSummary error={error} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h3>{t('setup.placeHeading')}</h3>
        <ChoiceGroup
          legend={t('setup.unit')}
          choices={units.map((unit) => ({ value: unit.id, label: `${unit.name} (${unit.code})` }))}
          value={unitId}
          onChange={setUnitId}
          error={fieldText('unitId')}
        />
        <TextField label={t('setup.deviceCode')} hint={t('setup.deviceCodeHint')} value={deviceCode} onChange={setDeviceCode} keys="latin" maxLength={4} error={fieldError('deviceCode')} />
        <TextField label={t('setup.hubUrl')} hint={t('setup.hubUrlHint')} value={hubUrl} onChange={setHubUrl} keys="latin" maxLength={200} error={fieldError('hubUrl')} />
        <ChoiceGroup
          legend={t('setup.defaultLanguage')}
          choices={LANGUAGES.map((l) => ({ value: l.code, label: l.nativeName, lang: l.code }))}
          value={defaultLanguage}
          onChange={setDefaultLanguage}
          error={fieldText('defaultLanguage')}
        />
        <ChoiceGroup
          legend={t('setup.displayMode')}
          choices={DISPLAY_MODES.map((mode) => ({ value: mode, label: t(`setup.displayModes.${mode}`) }))}
          value={displayMode}
          onChange={setDisplayMode}
          error={fieldText('displayMode')}
        />
        <h3>{t('setup.adminHeading')}</h3>
        <p>{t('setup.adminHint')}</p>
        <TextField label={t('setup.displayName')} value={displayName} onChange={setDisplayName} maxLength={80} autoComplete="name" error={fieldError('admin.displayName')} />
        <TextField label={t('setup.username')} hint={t('setup.usernameHint')} value={username} onChange={setUsername} keys="latin" maxLength={40} autoComplete="username" error={fieldError('admin.username')} />
        <NewPinFields label={t('setup.pin')} hint={t('setup.pinHint')} pin={pin} onPin={setPin} confirm={pinConfirm} onConfirm={setPinConfirm} pinError={fieldError('admin.pin')} confirmError={fieldError('pinConfirm')} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('setup.saving') : t('setup.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}
