import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffAccount } from '../../../../shared/domain/staff';
import { STAFF_ROLES, type StaffRole } from '../../../../shared/domain/roles';
import type { Forum, Unit } from '../../../../shared/domain/units';
import type { AppError, FieldError, Result } from '../../../../shared/ipc/result';
import { TextField } from '../../components/TextField';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { ErrorSummary } from '../../components/ErrorSummary';
import { NewPinFields } from '../../components/NewPinFields';
import { refusedHere, useFieldErrors } from '../../components/fieldErrors';
import { formatTime } from '../../format';
import { useApp, useClient } from '../../state/context';

/** What just worked, said in words above the list; translated when shown, so it follows the language. */
interface Notice {
  readonly kind: 'added' | 'stopped' | 'allowed' | 'pinSaved';
  readonly name: string;
}

interface AccountList {
  readonly accounts: readonly StaffAccount[];
  /** When the list was read: a lock that has run out by then is not shown. */
  readonly checkedAt: number;
}

/** Each forum once, in the order of the units. */
function forumsOf(units: readonly Unit[]): readonly Forum[] {
  return [...new Map(units.map((unit) => [unit.forum.id, unit.forum])).values()];
}

/** An administrator gives one account a new PIN, typed twice; a new PIN also ends a lock. */
function NewPinForm({ account, onSaved, onCancel }: { account: StaffAccount; onSaved: (account: StaffAccount) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const load = useApp((s) => s.load);
  const [pin, setPin] = useState('');
  const [pinConfirm, setPinConfirm] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const { fieldError } = useFieldErrors(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pin !== pinConfirm) return setError(refusedHere({ pinConfirm: { code: 'mismatch' } }));
    setBusy(true);
    const answer = await client.staff.resetPin({ id: account.id, pin });
    setBusy(false);
    if (!answer.ok) {
      if (answer.error.code === 'auth/required') return void load();
      return setError(answer.error);
    }
    onSaved(answer.value);
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <fieldset>
        <legend className="field__label">{t('accounts.newPinHeading', { name: account.displayName })}</legend>
        <ErrorSummary error={error} />
        <NewPinFields label={t('accounts.newPin')} hint={t('accounts.newPinHint')} pin={pin} onPin={setPin} confirm={pinConfirm} onConfirm={setPinConfirm} pinError={fieldError('pin')} confirmError={fieldError('pinConfirm')} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('setup.saving') : t('accounts.savePin')}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/**
 * An administrator adds a staff, chair or administrator account with its first PIN. `added` names
 * the account just added; the section keeps it, so only one notice shows at a time.
 */
function AddAccountForm({
  forums,
  added,
  onSubmit,
  onAdded,
}: {
  forums: readonly Forum[];
  added: string | null;
  onSubmit: () => void;
  onAdded: (account: StaffAccount) => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const load = useApp((s) => s.load);
  const headingId = useId();
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<StaffRole>('staff');
  const [forumId, setForumId] = useState('');
  const [pin, setPin] = useState('');
  const [pinConfirm, setPinConfirm] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const { fieldError, fieldText } = useFieldErrors(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
    const here: Record<string, FieldError> = {};
    if (pin !== pinConfirm) here['pinConfirm'] = { code: 'mismatch' };
    if (role === 'chair' && !forumId) here['forumId'] = { code: 'required' };
    if (Object.keys(here).length > 0) return setError(refusedHere(here));
    setBusy(true);
    const answer = await client.staff.add({ displayName, username, pin, role, forumId: role === 'chair' ? forumId : null });
    setBusy(false);
    if (!answer.ok) {
      if (answer.error.code === 'auth/required') return void load();
      // Everything typed stays, so only the refused answers need changing.
      return setError(answer.error);
    }
    setError(null);
    setDisplayName('');
    setUsername('');
    setRole('staff');
    setForumId('');
    setPin('');
    setPinConfirm('');
    onAdded(answer.value);
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby={headingId}>
      <h4 id={headingId}>{t('accounts.addHeading')}</h4>
      {added && (
        <p className="notice" role="status">
          {t('accounts.notices.added', { name: added })}
        </p>
      )}
      <ErrorSummary error={error} />
      <TextField label={t('setup.displayName')} value={displayName} onChange={setDisplayName} maxLength={80} autoComplete="off" error={fieldError('displayName')} />
      <TextField label={t('setup.username')} hint={t('setup.usernameHint')} value={username} onChange={setUsername} keys="latin" maxLength={40} autoComplete="off" error={fieldError('username')} />
      <ChoiceGroup
        legend={t('accounts.role')}
        choices={STAFF_ROLES.map((value) => ({ value, label: t(`staff.roles.${value}`) }))}
        value={role}
        onChange={setRole}
        error={fieldText('role')}
      />
      {role === 'chair' && (
        <ChoiceGroup
          legend={t('accounts.forum')}
          choices={forums.map((forum) => ({ value: forum.id, label: forum.name }))}
          value={forumId}
          onChange={setForumId}
          error={fieldText('forumId')}
        />
      )}
      <NewPinFields label={t('setup.pin')} hint={t('accounts.firstPinHint')} pin={pin} onPin={setPin} confirm={pinConfirm} onConfirm={setPinConfirm} pinError={fieldError('pin')} confirmError={fieldError('pinConfirm')} />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('setup.saving') : t('accounts.add')}
        </button>
      </div>
    </form>
  );
}

/** Administrators see every account, stop or allow its sign-in, give it a new PIN, and add accounts. */
export function StaffAccounts() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const load = useApp((s) => s.load);
  const me = useApp((s) => s.staff?.staffId ?? null);
  const headingId = useId();
  const [list, setList] = useState<AccountList | null>(null);
  const [forums, setForums] = useState<readonly Forum[]>([]);
  const [listError, setListError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [rowError, setRowError] = useState<{ readonly id: string; readonly error: AppError } | null>(null);
  const [pinFor, setPinFor] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const showList = useCallback(
    (answer: Result<readonly StaffAccount[]>) => {
      if (answer.ok) {
        setListError(null);
        return setList({ accounts: answer.value, checkedAt: Date.now() });
      }
      if (answer.error.code === 'auth/required') return void load();
      setListError(answer.error);
    },
    [load],
  );
  const refresh = () => void client.staff.list().then(showList);

  useEffect(() => {
    void client.staff.list().then(showList);
  }, [client, showList]);
  useEffect(() => {
    void client.units.list().then((answer) => answer.ok && setForums(forumsOf(answer.value)));
  }, [client]);

  const replace = (account: StaffAccount) =>
    setList((current) => current && { ...current, accounts: current.accounts.map((a) => (a.id === account.id ? account : a)) });
  const forumName = (id: string | null) => forums.find((forum) => forum.id === id)?.name ?? id ?? '';
  const clearMessages = () => {
    setNotice(null);
    setRowError(null);
  };

  async function setDisabled(account: StaffAccount, disabled: boolean) {
    clearMessages();
    setBusyId(account.id);
    const answer = await client.staff.setDisabled({ id: account.id, disabled });
    setBusyId(null);
    if (!answer.ok) {
      if (answer.error.code === 'auth/required') return void load();
      return setRowError({ id: account.id, error: answer.error });
    }
    replace(answer.value);
    setNotice({ kind: disabled ? 'stopped' : 'allowed', name: answer.value.displayName });
  }

  function pinSaved(account: StaffAccount) {
    replace(account);
    setPinFor(null);
    setNotice({ kind: 'pinSaved', name: account.displayName });
  }

  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>{t('accounts.heading')}</h3>
      <p>{t('accounts.intro')}</p>
      <ErrorSummary error={listError} />
      {notice && notice.kind !== 'added' && (
        <p className="notice" role="status">
          {t(`accounts.notices.${notice.kind}`, { name: notice.name })}
        </p>
      )}
      {!list && !listError && <p>{t('app.loading')}</p>}
      {list && (
        <ul className="service-list">
          {list.accounts.map((account) => {
            const locked = account.lockedUntil !== null && Date.parse(account.lockedUntil) > list.checkedAt;
            const isMe = account.id === me;
            return (
              <li key={account.id} className="panel">
                <h4 dir="auto">{account.displayName}</h4>
                <p>{t('accounts.usernameValue', { username: account.username })}</p>
                <p>{t(`staff.roles.${account.role}`)}</p>
                {account.role === 'chair' && <p>{t('accounts.forumValue', { forum: forumName(account.forumId) })}</p>}
                {isMe && <p>{t('accounts.yourAccount')}</p>}
                {(account.disabled || locked) && (
                  <p>
                    {account.disabled && <strong className="tag">{t('accounts.stopped')}</strong>}
                    {locked && account.lockedUntil && <strong className="tag">{t('accounts.lockedUntil', { time: formatTime(account.lockedUntil, i18n.language) })}</strong>}
                  </p>
                )}
                {rowError?.id === account.id && <ErrorSummary error={rowError.error} />}
                <div className="actions">
                  {/* Stopping your own account would lock you out mid-task; the backend refuses it too. */}
                  {!isMe && (
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={busyId === account.id}
                      aria-label={t(account.disabled ? 'accounts.allowFor' : 'accounts.stopFor', { name: account.displayName })}
                      onClick={() => void setDisabled(account, !account.disabled)}
                    >
                      {t(account.disabled ? 'accounts.allow' : 'accounts.stop')}
                    </button>
                  )}
                  {pinFor !== account.id && (
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={t('accounts.newPinFor', { name: account.displayName })}
                      onClick={() => {
                        clearMessages();
                        setPinFor(account.id);
                      }}
                    >
                      {t('accounts.newPinButton')}
                    </button>
                  )}
                </div>
                {pinFor === account.id && <NewPinForm account={account} onSaved={pinSaved} onCancel={() => setPinFor(null)} />}
              </li>
            );
          })}
        </ul>
      )}
      <AddAccountForm
        forums={forums}
        added={notice?.kind === 'added' ? notice.name : null}
        onSubmit={clearMessages}
        onAdded={(account) => {
          setNotice({ kind: 'added', name: account.displayName });
          refresh();
        }}
      />
    </section>
  );
}
