import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { createI18n } from '../../renderer/src/i18n';
import { createAppStore } from '../../renderer/src/state/appStore';
import { ServicesProvider } from '../../renderer/src/state/context';
import { KeyboardProvider } from '../../renderer/src/components/keyboardContext';
import { SubjectAccessPanel } from '../../renderer/src/screens/staff/SubjectAccessPanel';
import { createClient } from '../../shared/ipc/client';
import type { LanguageCode } from '../../shared/i18n/languages';
import type { EnquiryDetail } from '../../shared/enquiries/model';
import { ANONYMISED } from '../../shared/enquiries/retention';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, STAFF, copyOfKiosk, staffedKioskTemplate } from '../support/kiosk';

/**
 * The subject-access panel in Settings, rendered against a real kiosk backend (SQLite file): staff
 * find a person's enquiries and see the name each holds; only an administrator may erase, after a
 * second step that names the enquiries; a reason naming the person is refused next to the field
 * with what was typed kept; an erasure says what it did and is listed with who, why and whether the
 * hub has it. The same in Urdu, right to left.
 */

const SCREEN = 'screen';
const DESK = 'desk';

let template: ReturnType<typeof makeTempDir>;
let dir: ReturnType<typeof makeTempDir>;
let backend: Backend;

beforeAll(async () => {
  template = await staffedKioskTemplate();
});
afterAll(() => template.remove());

beforeEach(() => {
  dir = copyOfKiosk(template);
  backend = createBackend({ dataDir: dir.path, log: () => {}, sync: { autoStart: false }, autoBackup: false });
});
afterEach(() => {
  cleanup();
  backend.close();
  dir.remove();
});

async function logFor(name: string | null, summary: string, details: string): Promise<EnquiryDetail> {
  expect((await backend.dispatch('auth:signIn', STAFF, DESK)).ok).toBe(true);
  const logged = await backend.dispatch(
    'enquiries:log',
    {
      channel: 'phone',
      topicId: 'roads',
      location: 'Church Street',
      summary,
      details,
      contact: name ? { name, phone: '07700 900456', email: '', purpose: 'follow-up' } : null,
      status: 'new',
    },
    DESK,
  );
  if (!logged.ok) throw new Error(JSON.stringify(logged.error));
  return logged.value as EnquiryDetail;
}

async function renderPanel(account: { username: string; pin: string }, language: LanguageCode = 'en-GB') {
  expect((await backend.dispatch('auth:signIn', account, SCREEN)).ok).toBe(true);
  const client = createClient((channel, input) => backend.dispatch(channel, structuredClone(input), SCREEN));
  const i18n = await createI18n(language);
  const store = createAppStore(client, i18n);
  await store.getState().load();
  // Loading applies the kiosk's default language (English): the person at the desk chose another.
  await i18n.changeLanguage(language);
  render(
    <I18nextProvider i18n={i18n}>
      <ServicesProvider client={client} store={store}>
        <KeyboardProvider showByDefault={false}>
          <div dir={i18n.dir(language)}>
            <SubjectAccessPanel />
          </div>
        </KeyboardProvider>
      </ServicesProvider>
    </I18nextProvider>,
  );
  return i18n;
}

const REASON = 'Objection upheld by the data protection officer.';

describe('subject access and erasure in Settings', () => {
  it('lets the front desk find and export, but not erase', async () => {
    const ray = await logFor('Ray Okafor', 'Pothole outside number 4', 'Caller uses a wheelchair');
    await renderPanel(STAFF);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name, phone number, email address or reference'), 'Ray Okafor');
    await user.click(screen.getByRole('button', { name: 'Find' }));
    const results = await screen.findByRole('group', { name: /Enquiries found \(1\)/ });
    expect(within(results).getByRole<HTMLInputElement>('checkbox', { name: new RegExp(ray.reference) }).checked).toBe(true);
    expect(results?.textContent).toContain('Ray Okafor');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save a copy as PDF' }).disabled).toBe(false);
    expect(screen.queryByRole('button', { name: 'Erase the enquiries ticked…' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Erasures' })).toBeNull();
  });

  it('erases for an administrator after naming the enquiries, refusing a reason that names the person and keeping what was typed', async () => {
    const ray = await logFor('Ray Okafor', 'Pothole outside number 4', 'Caller uses a wheelchair');
    const other = await logFor('Ray Okafor', 'Street light out', 'Near the school');
    const stranger = await logFor('Ada Nwosu', 'Bins not collected', 'Every week');
    await renderPanel(ADMIN);
    const user = userEvent.setup();
    expect(await screen.findByText('No erasures have been made.')).toBeTruthy();
    await user.type(screen.getByLabelText('Name, phone number, email address or reference'), 'Ray Okafor');
    await user.click(screen.getByRole('button', { name: 'Find' }));
    const results = await screen.findByRole('group', { name: /Enquiries found \(2\)/ });
    // The administrator unticks one: only the other is erased.
    await user.click(within(results).getByRole('checkbox', { name: new RegExp(other.reference) }));
    await user.click(screen.getByRole('button', { name: 'Erase the enquiries ticked…' }));
    const form = screen.getByRole('form', { name: "Erase this person's enquiries" });
    expect(form?.textContent).toContain(`Enquiries to erase (1): ${ray.reference}`);
    // No hub is set up here: the form says what is left out.
    expect(form?.textContent).toContain('This kiosk is not connected to a forum hub: only what this kiosk holds is erased now.');

    const reason = within(form).getByLabelText('Why they are erased');
    await user.type(reason, 'Mr Okafor objected.');
    await user.click(within(form).getByRole('button', { name: 'Erase for good (1)' }));
    expect(await within(form).findByText("Write this without the person's name, phone number or email address.")).toBeTruthy();
    expect((reason as HTMLTextAreaElement).value).toBe('Mr Okafor objected.');
    const untouched = await backend.dispatch('enquiries:get', { id: ray.id }, DESK);
    expect(untouched.ok && (untouched.value as EnquiryDetail).summary).toBe('Pothole outside number 4');

    await user.clear(reason);
    await user.type(reason, REASON);
    await user.click(within(form).getByRole('button', { name: 'Erase for good (1)' }));
    const done = await screen.findByText('Erased (1):', { exact: false });
    expect(done.closest('[role="status"]')?.textContent).toContain(ray.reference);
    expect(screen.getByText(/On this kiosk now: 1\. Held only at the forum hub: 0/)).toBeTruthy();
    const list = await screen.findByRole('region', { name: 'Erasures' });
    expect(await within(list).findByText(REASON)).toBeTruthy();
    expect(list?.textContent).toContain(ray.reference);
    expect(list?.textContent).toContain(ADMIN.username);
    expect(list?.textContent).toContain('waiting to be sent to the forum hub');

    const erased = await backend.dispatch('enquiries:get', { id: ray.id }, DESK);
    expect(erased.ok && erased.value).toMatchObject({ summary: ANONYMISED, details: '', contact: null });
    for (const kept of [other, stranger]) {
      const still = await backend.dispatch('enquiries:get', { id: kept.id }, DESK);
      expect(still.ok && (still.value as EnquiryDetail).contact).not.toBeNull();
    }
  });

  it('reads in Urdu, right to left, with the references kept left to right', async () => {
    const ray = await logFor('Ray Okafor', 'Pothole outside number 4', 'Caller uses a wheelchair');
    const i18n = await renderPanel(ADMIN, 'ur');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(i18n.t('subjectAccess.query')), 'Ray Okafor');
    await user.click(screen.getByRole('button', { name: i18n.t('subjectAccess.search') }));
    await screen.findByRole('group', { name: new RegExp(i18n.t('subjectAccess.results', { count: 1 }).replace(/[()]/g, '\\$&')) });
    await user.click(screen.getByRole('button', { name: i18n.t('erasure.start') }));
    const form = screen.getByRole('form', { name: i18n.t('erasure.heading') });
    expect(form.closest('[dir]')?.getAttribute('dir')).toBe('rtl');
    expect(within(form).getByText(ray.reference).tagName).toBe('BDI');
    expect(within(form).getByRole('button', { name: i18n.t('erasure.confirm', { count: 1 }) })).toBeTruthy();
    expect(i18n.t('erasure.heading')).not.toBe("Erase this person's enquiries");
  });
});
