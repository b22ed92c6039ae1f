import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import type { ReactNode } from 'react';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { createI18n } from '../../renderer/src/i18n';
import { createAppStore } from '../../renderer/src/state/appStore';
import { ServicesProvider } from '../../renderer/src/state/context';
import { KeyboardProvider } from '../../renderer/src/components/keyboardContext';
import { StaffAccounts } from '../../renderer/src/screens/staff/StaffAccounts';
import { LeaveKiosk } from '../../renderer/src/screens/staff/LeaveKiosk';
import { createClient } from '../../shared/ipc/client';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, setUpKiosk } from '../support/kiosk';

const SCREEN = 'screen';
const SAM = { displayName: 'Sam Staff', username: 'sam.staff', pin: '135790' } as const;

let dir: ReturnType<typeof makeTempDir>;
let backend: Backend;

beforeEach(async () => {
  dir = makeTempDir();
  backend = createBackend({ dataDir: dir.path, log: () => {} });
  await setUpKiosk(backend);
});
afterEach(() => {
  cleanup();
  backend.close();
  dir.remove();
});

/**
 * Renders one staff section on its own against the real backend, as the screen `SCREEN` would see
 * it; the store is loaded first so it knows who is signed in there.
 */
async function renderSection(section: ReactNode) {
  const client = createClient((channel, input) => backend.dispatch(channel, structuredClone(input), SCREEN));
  const i18n = await createI18n();
  const store = createAppStore(client, i18n);
  await store.getState().load();
  const view = render(
    <I18nextProvider i18n={i18n}>
      <ServicesProvider client={client} store={store}>
        <KeyboardProvider showByDefault={false}>{section}</KeyboardProvider>
      </ServicesProvider>
    </I18nextProvider>,
  );
  return { ...view, store };
}

async function signInAsAdmin(): Promise<void> {
  const result = await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, SCREEN);
  expect(result.ok).toBe(true);
}

/** Whether a username and PIN let someone sign in, asked of the backend on another screen. */
async function canSignIn(username: string, pin: string): Promise<boolean | string> {
  const result = await backend.dispatch('auth:signIn', { username, pin }, `check-${username}-${pin}`);
  return result.ok || result.error.code;
}

/** One account's entry in the list, found by its name. */
function accountRow(name: string): HTMLElement {
  return screen.getByRole('heading', { level: 4, name }).closest('li')!;
}

/** The message shown next to a text field, which the field names in aria-describedby. */
function errorNextTo(label: string): string | null | undefined {
  const input = screen.getByLabelText(label);
  expect(input.getAttribute('aria-invalid')).toBe('true');
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)).find((element) => element?.className === 'field__error')?.textContent;
}

async function addSam(user: ReturnType<typeof userEvent.setup>): Promise<void> {
  await user.type(screen.getByLabelText('Full name'), SAM.displayName);
  await user.type(screen.getByLabelText('Username'), SAM.username);
  await user.click(screen.getByLabelText('Front-desk staff'));
  await user.type(screen.getByLabelText('PIN'), SAM.pin);
  await user.type(screen.getByLabelText('Type the PIN again'), SAM.pin);
  await user.click(screen.getByRole('button', { name: 'Add account' }));
}

describe('staff accounts', () => {
  beforeEach(signInAsAdmin);

  it('lists the administrator, without a way to stop their own sign-in', async () => {
    await renderSection(<StaffAccounts />);
    expect(await screen.findByRole('heading', { level: 3, name: 'Staff accounts' })).toBeDefined();
    const admin = within(await screen.findByRole('heading', { level: 4, name: ADMIN.displayName }).then((h) => h.closest('li')!));
    expect(admin.getByText(`Username: ${ADMIN.username}`)).toBeDefined();
    expect(admin.getByText('Administrator')).toBeDefined();
    expect(admin.getByText('This is your account.')).toBeDefined();
    expect(admin.queryByRole('button', { name: /Stop sign-in/ })).toBeNull();
    expect(admin.getByRole('button', { name: `New PIN for ${ADMIN.displayName}` })).toBeDefined();
  });

  it('adds a staff account, lists it and clears the form; a taken username is refused next to the field', async () => {
    const user = userEvent.setup();
    await renderSection(<StaffAccounts />);
    await screen.findByRole('heading', { level: 4, name: ADMIN.displayName });

    await addSam(user);
    expect((await screen.findByRole('status')).textContent).toBe('Account added for Sam Staff. They can sign in now.');
    const sam = within(await screen.findByRole('heading', { level: 4, name: SAM.displayName }).then((h) => h.closest('li')!));
    expect(sam.getByText(`Username: ${SAM.username}`)).toBeDefined();
    expect(sam.getByText('Front-desk staff')).toBeDefined();
    expect(screen.getByLabelText<HTMLInputElement>('Full name').value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('Username').value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('PIN').value).toBe('');
    expect(await canSignIn(SAM.username, SAM.pin)).toBe(true);

    await user.type(screen.getByLabelText('Full name'), 'Another Sam');
    await user.type(screen.getByLabelText('Username'), SAM.username);
    await user.type(screen.getByLabelText('PIN'), '864200');
    await user.type(screen.getByLabelText('Type the PIN again'), '864200');
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Some answers need checking. Look at the messages next to them.');
    expect(errorNextTo('Username')).toBe('This is already in use. Choose another.');
    expect(screen.getByLabelText<HTMLInputElement>('Full name').value).toBe('Another Sam');
    expect(screen.getByLabelText<HTMLInputElement>('Username').value).toBe(SAM.username);
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getAllByRole('heading', { level: 4, name: SAM.displayName })).toHaveLength(1);
  });

  it('asks for the forum of a chair and shows it in the list', async () => {
    const user = userEvent.setup();
    await renderSection(<StaffAccounts />);
    await screen.findByRole('heading', { level: 4, name: ADMIN.displayName });
    expect(screen.queryByRole('group', { name: 'Which forum they chair' })).toBeNull();

    await user.type(screen.getByLabelText('Full name'), 'Chris Chair');
    await user.type(screen.getByLabelText('Username'), 'chris');
    await user.click(screen.getByLabelText('Forum chair'));
    await user.type(screen.getByLabelText('PIN'), '975310');
    await user.type(screen.getByLabelText('Type the PIN again'), '975310');
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    const forums = screen.getByRole('group', { name: 'Which forum they chair' });
    expect(within(forums).getByText('Enter this.')).toBeDefined();

    await user.click(within(forums).getByLabelText('Rugeley Community Forum'));
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    await screen.findByRole('heading', { level: 4, name: 'Chris Chair' });
    expect(within(accountRow('Chris Chair')).getByText('Forum: Rugeley Community Forum')).toBeDefined();
    expect(within(accountRow('Chris Chair')).getByText('Forum chair')).toBeDefined();
  });

  it('stops an account signing in, and allows it again', async () => {
    const user = userEvent.setup();
    await renderSection(<StaffAccounts />);
    await screen.findByRole('heading', { level: 4, name: ADMIN.displayName });
    await addSam(user);
    await screen.findByRole('heading', { level: 4, name: SAM.displayName });

    await user.click(within(accountRow(SAM.displayName)).getByRole('button', { name: 'Stop sign-in for Sam Staff' }));
    expect((await screen.findByRole('status')).textContent).toBe('Sam Staff can no longer sign in.');
    expect(within(accountRow(SAM.displayName)).getByText('Stopped')).toBeDefined();
    expect(await canSignIn(SAM.username, SAM.pin)).toBe('auth/invalid-credentials');

    await user.click(within(accountRow(SAM.displayName)).getByRole('button', { name: 'Allow sign-in for Sam Staff' }));
    expect((await screen.findByRole('status')).textContent).toBe('Sam Staff can sign in again.');
    expect(within(accountRow(SAM.displayName)).queryByText('Stopped')).toBeNull();
    expect(await canSignIn(SAM.username, SAM.pin)).toBe(true);
  });

  it('gives a new PIN typed twice, refusing two PINs that differ', async () => {
    const user = userEvent.setup();
    await renderSection(<StaffAccounts />);
    await screen.findByRole('heading', { level: 4, name: ADMIN.displayName });
    await addSam(user);
    await screen.findByRole('heading', { level: 4, name: SAM.displayName });

    await user.click(within(accountRow(SAM.displayName)).getByRole('button', { name: 'New PIN for Sam Staff' }));
    const form = within(accountRow(SAM.displayName));
    await user.type(form.getByLabelText('New PIN'), '112233');
    await user.type(form.getByLabelText('Type the PIN again'), '112234');
    await user.click(form.getByRole('button', { name: 'Save new PIN' }));
    expect(form.getByText('The two PINs are not the same.')).toBeDefined();
    expect(form.getByLabelText<HTMLInputElement>('New PIN').value).toBe('112233');
    expect(await canSignIn(SAM.username, '112233')).toBe('auth/invalid-credentials');

    await user.clear(form.getByLabelText('Type the PIN again'));
    await user.type(form.getByLabelText('Type the PIN again'), '112233');
    await user.click(form.getByRole('button', { name: 'Save new PIN' }));
    expect((await screen.findByRole('status')).textContent).toBe('New PIN saved for Sam Staff.');
    expect(form.queryByLabelText('New PIN')).toBeNull();
    expect(await canSignIn(SAM.username, '112233')).toBe(true);
  });

  it('shows until when a locked account is locked, and a new PIN lifts the lock', async () => {
    const added = await backend.dispatch('staff:add', { ...SAM, role: 'staff', forumId: null }, SCREEN);
    expect(added.ok).toBe(true);
    for (let attempt = 0; attempt < 5; attempt += 1) expect(await canSignIn(SAM.username, '000000')).not.toBe(true);
    expect(await canSignIn(SAM.username, SAM.pin)).toBe('auth/locked');

    const user = userEvent.setup();
    await renderSection(<StaffAccounts />);
    const sam = within(await screen.findByRole('heading', { level: 4, name: SAM.displayName }).then((h) => h.closest('li')!));
    expect(sam.getByText(/^Locked until \d\d:\d\d$/)).toBeDefined();

    await user.click(sam.getByRole('button', { name: 'New PIN for Sam Staff' }));
    await user.type(sam.getByLabelText('New PIN'), '445566');
    await user.type(sam.getByLabelText('Type the PIN again'), '445566');
    await user.click(sam.getByRole('button', { name: 'Save new PIN' }));
    expect((await screen.findByRole('status')).textContent).toBe('New PIN saved for Sam Staff.');
    expect(sam.queryByText(/^Locked until/)).toBeNull();
    expect(await canSignIn(SAM.username, '445566')).toBe(true);
  });

  it('returns to the start when the staff session has ended', async () => {
    const user = userEvent.setup();
    const { store } = await renderSection(<StaffAccounts />);
    await screen.findByRole('heading', { level: 4, name: ADMIN.displayName });
    expect(store.getState().staff?.username).toBe(ADMIN.username);
    await addSam(user);
    await screen.findByRole('heading', { level: 4, name: SAM.displayName });

    backend.forgetCaller(SCREEN);
    await user.click(within(accountRow(SAM.displayName)).getByRole('button', { name: 'Stop sign-in for Sam Staff' }));
    await expect.poll(() => store.getState().staff).toBeNull();
    expect(await canSignIn(SAM.username, SAM.pin)).toBe(true);
  });
});

describe('leaving kiosk mode', () => {
  it('refuses a wrong PIN and clears it, then accepts a staff PIN and says the app is closing', async () => {
    const user = userEvent.setup();
    await renderSection(<LeaveKiosk />);
    expect(screen.getByRole('heading', { level: 3, name: 'Leave kiosk mode' })).toBeDefined();

    await user.type(screen.getByLabelText('Username'), ADMIN.username);
    await user.type(screen.getByLabelText('PIN'), '000000');
    await user.click(screen.getByRole('button', { name: 'Leave kiosk mode' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That username and PIN do not match. Check them and try again.');
    expect(screen.getByLabelText<HTMLInputElement>('PIN').value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('Username').value).toBe(ADMIN.username);

    await user.type(screen.getByLabelText('PIN'), ADMIN.pin);
    await user.click(screen.getByRole('button', { name: 'Leave kiosk mode' }));
    expect((await screen.findByRole('status')).textContent).toBe('The kiosk app is closing.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("does not accept a chair's account", async () => {
    await signInAsAdmin();
    const forumId = 'rugeley';
    const added = await backend.dispatch('staff:add', { displayName: 'Chris Chair', username: 'chris', pin: '975310', role: 'chair', forumId }, SCREEN);
    expect(added.ok).toBe(true);
    await backend.dispatch('auth:signOut', undefined, SCREEN);

    const user = userEvent.setup();
    await renderSection(<LeaveKiosk />);
    await user.type(screen.getByLabelText('Username'), 'chris');
    await user.type(screen.getByLabelText('PIN'), '975310');
    await user.click(screen.getByRole('button', { name: 'Leave kiosk mode' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Your account cannot do that.');
    expect(screen.queryByRole('status')).toBeNull();
  });
});
