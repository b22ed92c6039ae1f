import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { CONSENT_WORDING_KEYS, LEDGER } from '../../shared/domain/privacy';
import { createClient } from '../../shared/ipc/client';
import { resources } from '../../shared/i18n/resources';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, setUpKiosk } from '../support/kiosk';
import { renderApp } from './renderApp';

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

/** A front-desk computer on the same backend, to read back what the kiosk stored. */
async function storedEnquiry(id: string) {
  const desk = createClient((channel, input) => backend.dispatch(channel, structuredClone(input), 'desk'));
  expect((await desk.auth.signIn({ username: ADMIN.username, pin: ADMIN.pin })).ok).toBe(true);
  const stored = await desk.enquiries.get({ id });
  if (!stored.ok) throw new Error(stored.error.message);
  return stored.value;
}

/** The English words for a key, read from the locale file rather than retyped here. */
function english(key: string): string {
  let node: unknown = resources['en-GB'].translation;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return node as string;
}

async function toContactStep(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: /Raise a local issue/ }));
  await user.click(screen.getByRole('button', { name: 'Bins, recycling and litter' }));
  await user.click(screen.getByLabelText('Bin collections'));
  await user.click(screen.getByRole('button', { name: 'Continue' }));
  await user.type(screen.getByLabelText(/Where is it/), 'Church Street');
  await user.click(screen.getByRole('button', { name: 'Continue' }));
  await user.type(screen.getByLabelText(/What is the problem/), 'Bins missed three weeks running');
  await user.click(screen.getByRole('button', { name: 'Continue' }));
}

describe('the purpose and consent ledger in the raise-an-issue steps', () => {
  it("tells residents the periods the administrator set, not the defaults", async () => {
    const desk = createClient((channel, input) => backend.dispatch(channel, structuredClone(input), 'desk'));
    expect((await desk.auth.signIn({ username: ADMIN.username, pin: ADMIN.pin })).ok).toBe(true);
    expect((await desk.settings.update({ retentionContactMonths: 6 })).ok).toBe(true);
    const user = userEvent.setup();
    await renderApp(backend);
    await toContactStep(user);
    const note = screen.getByRole('heading', { name: 'How we use your details' }).closest('.privacy-notice') as HTMLElement;
    expect(within(note).getByText('We delete your contact details 6 months after your issue is closed.')).toBeDefined();
  });

  it('tells the resident why at the contact step, starts unticked, and records the purpose, time and words shown', async () => {
    const user = userEvent.setup();
    const { store } = await renderApp(backend);
    await toContactStep(user);

    // The words beside the question: the purpose, who sees them, how long, and the right to ask.
    const note = screen.getByRole('heading', { name: 'How we use your details' }).closest('.privacy-notice') as HTMLElement;
    const consent = note.querySelector('.privacy-notice__consent')!.textContent;
    expect(consent).toBe('If you say yes, we use your name, phone number and email only to tell you what happened to this issue.');
    expect(within(note).getByText('We delete your contact details 12 months after your issue is closed.')).toBeDefined();
    expect(within(note).getByText(/ask at the front desk for a copy/)).toBeDefined();

    // Consent is a choice the resident makes: neither answer is chosen for them.
    const yes = screen.getByLabelText<HTMLInputElement>('Yes, contact me');
    const no = screen.getByLabelText<HTMLInputElement>('No, I will check with my reference');
    expect([yes.checked, no.checked]).toEqual([false, false]);
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByText('Enter this.')).toBeDefined();

    await user.click(yes);
    await user.type(screen.getByLabelText(/Phone number/), '01889 256000');
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    // The summary says where the answers go and, with contact, how long contact details are kept.
    const check = screen.getByRole('heading', { name: 'What happens to your answers' }).closest('.privacy-notice') as HTMLElement;
    expect(within(check).getByText(/Your answers go to the Rugeley Community Forum\. .*never your name\./)).toBeDefined();
    expect(within(check).getByText('We delete your contact details 12 months after your issue is closed.')).toBeDefined();

    // The privacy page lists every line of the ledger; Back returns to the summary with the answers kept.
    await user.click(within(check).getByRole('button', { name: 'More about your data' }));
    const ledger = screen.getByRole('list', { name: 'Your data and why we hold it' });
    expect(within(ledger).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(LEDGER.map((line) => english(`raise.privacy.items.${line.data}.what`)));
    const phone = within(ledger).getByRole('heading', { name: 'Your phone number' }).closest('li')!;
    expect(within(phone).getByText('We delete your contact details 12 months after your issue is closed.')).toBeDefined();
    expect(within(phone).getByText(/We only keep this if you say yes\./)).toBeDefined();
    const words = within(ledger).getByRole('heading', { name: /What you tell us about the problem/ }).closest('li')!;
    expect(within(words).getByText('After 6 years we remove anything that shows who you are.')).toBeDefined();
    expect(within(words).getByText(/We need this to do the council's public work\./)).toBeDefined();
    expect(screen.getByRole('heading', { name: 'See or delete your data' })).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('heading', { name: 'Check your answers' })).toBeDefined();
    expect(screen.getByText('01889 256000')).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Send to the forum' }));
    expect(await screen.findByRole('heading', { name: 'Your issue has been sent' })).toBeDefined();
    const shown = store.getState().screen;
    if (shown.name !== 'receipt') throw new Error(`expected the receipt, got ${shown.name}`);

    // What is stored is what was shown: the purpose, the moment of the choice, and the words' version.
    const contact = (await storedEnquiry(shown.receipt.id)).contact!;
    expect(contact).toMatchObject({ phone: '01889 256000', purpose: 'follow-up', consentAt: shown.receipt.createdAt });
    expect(contact.wording).toBeDefined();
    expect(english(CONSENT_WORDING_KEYS[contact.wording!])).toBe(consent);
  });

  it('records no contact and no consent when the resident says no', async () => {
    const user = userEvent.setup();
    const { store } = await renderApp(backend);
    await toContactStep(user);
    await user.click(screen.getByLabelText('No, I will check with my reference'));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.queryByText('We delete your contact details 12 months after your issue is closed.')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Send to the forum' }));
    await screen.findByRole('heading', { name: 'Your issue has been sent' });
    const shown = store.getState().screen;
    if (shown.name !== 'receipt') throw new Error(`expected the receipt, got ${shown.name}`);
    expect((await storedEnquiry(shown.receipt.id)).contact).toBeNull();
  });

  it('opens the privacy page from the home screen', async () => {
    const user = userEvent.setup();
    await renderApp(backend);
    await user.click(await screen.findByRole('button', { name: 'How we use your data' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Your data and why we hold it' })).toBeDefined();
    expect(screen.getByText(/We keep this record for 2 years\./)).toBeDefined();
  });
});
