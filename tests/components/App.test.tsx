import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, RUGELEY_SETUP, setUpKiosk } from '../support/kiosk';
import { renderApp } from './renderApp';

let dir: ReturnType<typeof makeTempDir>;
let backend: Backend;

beforeEach(() => {
  dir = makeTempDir();
  backend = createBackend({ dataDir: dir.path, log: () => {} });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  backend.close();
  dir.remove();
});

describe('first-run setup screen', () => {
  it('creates the administrator and lands on the home screen of the chosen unit', async () => {
    const user = userEvent.setup();
    await renderApp(backend);
    expect(await screen.findByRole('heading', { name: 'Set up this kiosk' })).toBeDefined();

    await user.click(screen.getByLabelText('Hednesford (HED)'));
    await user.type(screen.getByLabelText('Device code'), 'd1');
    await user.click(screen.getByLabelText('Front-desk computer (window)'));
    await user.type(screen.getByLabelText('Full name'), ADMIN.displayName);
    await user.type(screen.getByLabelText('Username'), ADMIN.username);
    await user.type(screen.getByLabelText('PIN'), ADMIN.pin);
    await user.type(screen.getByLabelText('Type the PIN again'), ADMIN.pin);
    await user.click(screen.getByRole('button', { name: 'Finish setup' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Hednesford One Stop Shop' })).toBeDefined();
    expect(await backend.dispatch('kiosk:status', undefined, 'x')).toMatchObject({
      ok: true,
      value: { deviceCode: 'D1', displayMode: 'desk', unit: { id: 'hednesford' } },
    });
  });

  it('shows each refused field next to it, in words, and keeps everything typed', async () => {
    const user = userEvent.setup();
    await renderApp(backend);
    await user.click(await screen.findByLabelText('Rugeley (RUG)'));
    await user.type(screen.getByLabelText('Device code'), 'k-2');
    await user.type(screen.getByLabelText('Username'), 'ab');
    await user.type(screen.getByLabelText('PIN'), '1234');
    await user.type(screen.getByLabelText('Type the PIN again'), '1234');
    await user.click(screen.getByRole('button', { name: 'Finish setup' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Some answers need checking. Look at the messages next to them.');
    const deviceCode = screen.getByLabelText('Device code');
    expect(deviceCode.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(deviceCode.getAttribute('aria-describedby')!.split(' ')[1]!)?.textContent).toBe(
      'This is not in the right form. Check the hint.',
    );
    expect(screen.getByText('Enter at least 3 characters.')).toBeDefined();
    expect(screen.getByText('Enter at least 6 characters.')).toBeDefined();
    expect(screen.getByText('Enter this.')).toBeDefined();
    expect((deviceCode as HTMLInputElement).value).toBe('k-2');
    expect(screen.getByLabelText<HTMLInputElement>('Username').value).toBe('ab');
    expect(await backend.dispatch('kiosk:status', undefined, 'x')).toEqual({ ok: true, value: { configured: false } });
  });
});

describe('resident home screen', () => {
  beforeEach(() => setUpKiosk(backend));

  it('names the shop and unit and offers the three main tasks', async () => {
    await renderApp(backend);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Rugeley One Stop Shop');
    expect(screen.getByText('Rugeley neighbourhood, Cannock Chase')).toBeDefined();
    const tasks = within(screen.getByRole('list', { name: 'Main tasks' })).getAllByRole('button');
    expect(tasks.map((t) => t.querySelector('.tile__title')?.textContent)).toEqual([
      'Find a service',
      'Raise a local issue',
      'Check an issue',
    ]);
  });

  it('switches to Urdu right-to-left and back', async () => {
    const user = userEvent.setup();
    await renderApp(backend);
    await user.click(await screen.findByRole('button', { name: 'اردو' }));
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ur');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('آج آپ کو کیا کرنا ہے؟');
    expect(screen.getByRole('button', { name: 'اردو' }).getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(document.documentElement.dir).toBe('ltr');
  });

  it('opens in the language the administrator chose as the kiosk default', async () => {
    await setUpKiosk(backend).catch(() => undefined);
    await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, 'admin');
    await backend.dispatch('settings:update', { defaultLanguage: 'ur' }, 'admin');
    await renderApp(backend);
    expect((await screen.findByRole('heading', { level: 2 })).textContent).toBe('آج آپ کو کیا کرنا ہے؟');
    expect(document.documentElement.dir).toBe('rtl');
  });
});

describe('on-screen keyboard', () => {
  beforeEach(() => setUpKiosk(backend, { ...RUGELEY_SETUP, displayMode: 'kiosk' }));

  it('types into the touched field at the caret, deletes, and offers digits only for a PIN', async () => {
    const user = userEvent.setup();
    const { container } = await renderApp(backend);
    await user.click(await screen.findByRole('button', { name: 'Staff sign in' }));
    const username = screen.getByLabelText<HTMLInputElement>('Username');
    await user.click(username);
    const keyboard = screen.getByRole('region', { name: 'On-screen keyboard' });
    const key = (name: string) => keyboard.querySelector<HTMLElement>(`[data-skbtn="${name}"]`)!;
    for (const name of ['s', 'a', 'm', 'x']) await user.click(key(name));
    await user.click(key('{bksp}'));
    expect(username.value).toBe('sam');

    await user.click(screen.getByLabelText('PIN'));
    expect(container.querySelector('[data-skbtn="a"]')).toBeNull();
    for (const digit of ['4', '2']) await user.click(key('4') && keyboard.querySelector<HTMLElement>(`[data-skbtn="${digit}"]`)!);
    expect(screen.getByLabelText<HTMLInputElement>('PIN').value).toBe('42');
  });

  it('waits behind a button on a front-desk computer, which has a real keyboard', async () => {
    await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, 'admin');
    await backend.dispatch('settings:update', { displayMode: 'desk' }, 'admin');
    const user = userEvent.setup();
    await renderApp(backend);
    await user.click(await screen.findByRole('button', { name: 'Staff sign in' }));
    await user.click(screen.getByLabelText('Username'));
    expect(screen.queryByRole('region', { name: 'On-screen keyboard' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show keyboard' }));
    const keyboard = screen.getByRole('region', { name: 'On-screen keyboard' });
    await user.click(keyboard.querySelector<HTMLElement>('[data-skbtn="q"]')!);
    expect(screen.getByLabelText<HTMLInputElement>('Username').value).toBe('q');
  });
});

describe('idle reset', () => {
  beforeEach(() => setUpKiosk(backend));

  it('warns after the idle time, keeps the form when asked, and wipes it when nobody answers', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    await renderApp(backend);
    await user.click(await screen.findByRole('button', { name: 'Staff sign in' }));
    await user.type(screen.getByLabelText('Username'), 'half.typed');

    await act(() => vi.advanceTimersByTime(61_000));
    expect(screen.getByRole('alertdialog').textContent).toContain('Are you still there?');
    await user.click(screen.getByRole('button', { name: 'I need more time' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('Username').value).toBe('half.typed');

    // The warning stays at least 20 seconds (WCAG 2.2.1), then the screen clears.
    await act(() => vi.advanceTimersByTime(61_000 + 20_000));
    expect(screen.getByRole('alertdialog')).toBeDefined();
    await act(() => vi.advanceTimersByTime(10_000));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(await screen.findByRole('heading', { name: 'What do you need to do today?' })).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Staff sign in' }));
    expect(screen.getByLabelText<HTMLInputElement>('Username').value).toBe('');
  });

  it('signs staff out when their screen is left alone', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    await renderApp(backend, 'desk');
    await user.click(await screen.findByRole('button', { name: 'Staff sign in' }));
    await user.type(screen.getByLabelText('Username'), ADMIN.username);
    await user.type(screen.getByLabelText('PIN'), ADMIN.pin);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(`Signed in as ${ADMIN.displayName}`, { exact: false })).toBeDefined();

    await act(() => vi.advanceTimersByTime(10 * 60_000 + 31_000));
    expect(await screen.findByRole('heading', { name: 'What do you need to do today?' })).toBeDefined();
    expect(await backend.dispatch('auth:session', undefined, 'desk')).toEqual({ ok: true, value: null });
  });
});
