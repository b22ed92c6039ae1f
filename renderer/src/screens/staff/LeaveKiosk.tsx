import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/ipc/result';
import { TextField } from '../../components/TextField';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useClient } from '../../state/context';

/**
 * Staff or an administrator leave kiosk mode with their own username and PIN: the app closes and
 * the computer's desktop is reached. A chair's account cannot; wrong PINs count towards the lock.
 */
export function LeaveKiosk() {
  const { t } = useTranslation();
  const client = useClient();
  const headingId = useId();
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const answer = await client.kiosk.exit({ username, pin });
    setBusy(false);
    // The PIN is typed again from scratch, as at sign-in; on success it must not linger on the screen.
    setPin('');
    if (!answer.ok) return setError(answer.error);
    setClosing(true);
  }

  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>{t('leaveKiosk.heading')}</h3>
      <p>{t('leaveKiosk.intro')}</p>
      <ErrorSummary error={error} />
      {closing && (
        <p className="notice" role="status">
          {t('leaveKiosk.closing')}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField label={t('signIn.username')} value={username} onChange={setUsername} keys="latin" autoComplete="username" maxLength={40} error={error?.fields?.['username']} />
        <TextField label={t('signIn.pin')} value={pin} onChange={setPin} keys="digits" secret autoComplete="current-password" maxLength={12} error={error?.fields?.['pin']} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy || closing}>
            {busy ? t('signIn.signingIn') : t('leaveKiosk.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
