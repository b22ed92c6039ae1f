import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { parse } from 'csv-parse/sync';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { createI18n } from '../../renderer/src/i18n';
import { createAppStore } from '../../renderer/src/state/appStore';
import { ServicesProvider } from '../../renderer/src/state/context';
import { KeyboardProvider } from '../../renderer/src/components/keyboardContext';
import { AuditPanel } from '../../renderer/src/screens/staff/AuditPanel';
import { createClient } from '../../shared/ipc/client';
import type { EnquiryDetail } from '../../shared/enquiries/model';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, STAFF, copyOfKiosk, staffedKioskTemplate } from '../support/kiosk';

const SCREEN = 'screen';
const DESK = 'desk';

let template: ReturnType<typeof makeTempDir>;
let dir: ReturnType<typeof makeTempDir>;
let backend: Backend;
/** The files the panel saved, as the temporary download link handed them over. */
let saved: { name: string; blob: Blob }[];

beforeAll(async () => {
  template = await staffedKioskTemplate();
});
afterAll(() => template.remove());

beforeEach(() => {
  dir = copyOfKiosk(template);
  backend = createBackend({ dataDir: dir.path, log: () => {}, sync: { autoStart: false }, autoBackup: false });
  saved = [];
  let lastBlob: Blob | null = null;
  // jsdom has no object URLs and no downloads: keep the blob, and the name the link gave it.
  URL.createObjectURL = vi.fn((blob: Blob) => {
    lastBlob = blob;
    return 'blob:audit-test';
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (lastBlob) saved.push({ name: this.download, blob: lastBlob });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  backend.close();
  dir.remove();
});

async function renderPanel(account: { username: string; pin: string }) {
  const signedIn = await backend.dispatch('auth:signIn', account, SCREEN);
  expect(signedIn.ok).toBe(true);
  const client = createClient((channel, input) => backend.dispatch(channel, structuredClone(input), SCREEN));
  const i18n = await createI18n();
  const store = createAppStore(client, i18n);
  await store.getState().load();
  return render(
    <I18nextProvider i18n={i18n}>
      <ServicesProvider client={client} store={store}>
        <KeyboardProvider showByDefault={false}>
          <AuditPanel />
        </KeyboardProvider>
      </ServicesProvider>
    </I18nextProvider>,
  );
}

/** A front-desk member logs an enquiry with contact details and opens it: two reads to audit. */
async function staffOpenAnEnquiry(): Promise<EnquiryDetail> {
  expect((await backend.dispatch('auth:signIn', STAFF, DESK)).ok).toBe(true);
  const logged = await backend.dispatch(
    'enquiries:log',
    {
      channel: 'phone',
      topicId: 'roads',
      location: 'Church Street',
      summary: 'Pothole outside number 4',
      details: 'Caller uses a wheelchair',
      contact: { name: 'Ray Okafor', phone: '07700 900456', email: '', purpose: 'follow-up' },
      status: 'new',
    },
    DESK,
  );
  if (!logged.ok) throw new Error(JSON.stringify(logged.error));
  const detail = logged.value as EnquiryDetail;
  expect((await backend.dispatch('enquiries:get', { id: detail.id }, DESK)).ok).toBe(true);
  return detail;
}

/** The message shown next to a field, which the field names in aria-describedby. */
function errorNextTo(label: string): string | null | undefined {
  const input = screen.getByLabelText(label);
  expect(input.getAttribute('aria-invalid')).toBe('true');
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)).find((element) => element?.className === 'field__error')?.textContent;
}

describe('the audit of reads panel', () => {
  it('an administrator exports the audit as CSV: who opened which enquiry, and no contact details', async () => {
    const enquiry = await staffOpenAnEnquiry();
    const user = userEvent.setup();
    await renderPanel(ADMIN);
    expect(screen.getByRole('heading', { name: 'Audit of reads' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Export as CSV' }));
    expect(await screen.findByText('Saved read-audit-all.csv')).toBeTruthy();
    expect(saved.map((file) => file.name)).toEqual(['read-audit-all.csv']);
    const text = await saved[0]!.blob.text();
    const rows = parse<Record<string, string>>(text, { bom: true, columns: true });
    expect(rows.map((row) => [row.username, row.channel, row.reference])).toEqual([
      [STAFF.username, 'enquiries:log', enquiry.reference],
      [STAFF.username, 'enquiries:get', enquiry.reference],
    ]);
    expect(text).not.toContain('Okafor');
    expect(text).not.toContain('900456');

    await user.click(screen.getByRole('button', { name: 'Export as JSON' }));
    expect(await screen.findByText('Saved read-audit-all.json')).toBeTruthy();
    expect((JSON.parse(await saved[1]!.blob.text()) as { reads: unknown[] }).reads).toHaveLength(2);
  });

  it('a date outside 2000 to 2099, or an end before the start, is said next to its field; the dates typed stay and nothing is saved', async () => {
    await staffOpenAnEnquiry();
    const user = userEvent.setup();
    await renderPanel(ADMIN);

    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2150-01-01' } });
    await user.click(screen.getByRole('button', { name: 'Export as CSV' }));
    expect(await screen.findByText('Enter a date between 2000 and 2099.')).toBeTruthy();
    expect(errorNextTo('From')).toBe('Enter a date between 2000 and 2099.');
    expect(screen.getByLabelText<HTMLInputElement>('From').value).toBe('2150-01-01');
    expect(saved).toEqual([]);

    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-07-03' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-07-02' } });
    await user.click(screen.getByRole('button', { name: 'Export as JSON' }));
    expect(await screen.findByText('This is before the start date. Choose the same date or a later one.')).toBeTruthy();
    expect(errorNextTo('To')).toBe('This is before the start date. Choose the same date or a later one.');
    expect(screen.getByLabelText<HTMLInputElement>('From').value).toBe('2026-07-03');
    expect(saved).toEqual([]);
  });

  it('is not shown to front-desk staff', async () => {
    await renderPanel(STAFF);
    expect(screen.queryByRole('heading', { name: 'Audit of reads' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Export as CSV' })).toBeNull();
  });
});
