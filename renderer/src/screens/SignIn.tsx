import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../shared/ipc/result';
import { TextField } from '../components/TextField';
import { StorageNotice } from '../components/StorageNotice';
import { ErrorSummary } from '../components/ErrorSummary';
import { useApp, useClient } from '../state/context';

export function SignIn() {
  const { t } = useTranslation();
  const client = useClient();
  const go = useApp((s) => s.go);
  const signedIn = useApp((s) => s.signedIn);
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await client.auth.signIn({ username, pin });
    setBusy(false);
    if (result.ok) return signedIn(result.value);
    setError(result.error);
    // A wrong PIN is typed again from scratch; the username stays.
    setPin('');
  }

  return (
    <main className="screen narrow" id="main">
      <h2>{t('signIn.title')}</h2>
      <StorageNotice />
      <ErrorSummary error={error} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={t('signIn.username')}
          value={username}
          onChange={setUsername}
          keys="latin"
          autoComplete="username"
          maxLength={40}
          error={error?.fields?.['username']}
        />
        <TextField
          label={t('signIn.pin')}
          value={pin}
          onChange={setPin}
          keys="digits"
          secret
          autoComplete="current-password"
          maxLength={12}
          error={error?.fields?.['pin']}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('signIn.signingIn') : t('signIn.submit')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => go({ name: 'home' })}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </main>
  );
}
