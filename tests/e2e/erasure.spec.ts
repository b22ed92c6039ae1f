import type { Locator, Page } from '@playwright/test';
import { test, expect, shoot, E2E_DATABASE_KEY } from './host';
import { createBackend } from '../../electron/backend/backend';
import { ADMIN, STAFF, addStaff } from '../support/kiosk';

/**
 * Erasure in real Chromium at the desk's 1366x768 (issue 9): an administrator finds a person in
 * Settings, erases their enquiries after the second step that names them, is refused a reason that
 * names the person (what was typed stays), sees what was done and the erasure in the list, and the
 * staff list then says the words were removed. Every target is at least 44 px. The hub's side and
 * the other kiosks: tests/integration/erasure.test.ts.
 */

const DESK = { width: 1366, height: 768 };

async function expectTouchTarget(target: Locator): Promise<void> {
  const box = (await target.boundingBox())!;
  expect(box.height, 'height').toBeGreaterThanOrEqual(44);
  expect(box.width, 'width').toBeGreaterThanOrEqual(44);
}

async function signInAsAdmin(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Staff sign in' }).click();
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('PIN').fill(ADMIN.pin);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Staff sections' })).toBeVisible();
}

test.use({ viewport: DESK });

test('an administrator erases one person’s enquiries with a reason, and the staff list says the words were removed', async ({ page, host }) => {
  await host.stop();
  const backend = createBackend({ dataDir: host.dataDir, log: () => {}, sync: { autoStart: false }, autoBackup: false, key: E2E_DATABASE_KEY });
  try {
    await addStaff(backend.databasePath, STAFF.username, STAFF.pin, 'staff', undefined, E2E_DATABASE_KEY);
    expect((await backend.dispatch('auth:signIn', STAFF, 'seed')).ok).toBe(true);
    for (const [summary, name] of [
      ['Bin not collected from Marrowgate Close', 'Siân Owen'],
      ['Street light out by the school', 'Siân Owen'],
      ['Pothole on Mill Lane', 'Brian Evans'],
    ] as const) {
      const logged = await backend.dispatch(
        'enquiries:log',
        { channel: 'desk', topicId: 'roads', location: 'Mill Lane', summary, details: 'Ring back', contact: { name, phone: '07700 900123', email: '', purpose: 'follow-up' }, status: 'new' },
        'seed',
      );
      expect(logged.ok).toBe(true);
    }
  } finally {
    backend.close();
  }
  const { url } = await host.restart();

  await page.goto(url);
  await signInAsAdmin(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Name, phone number, email address or reference').fill('Sian Owen');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  const results = page.getByRole('group', { name: /Enquiries found \(2\)/ });
  await expect(results.getByRole('checkbox')).toHaveCount(2);
  for (const row of await results.locator('label').all()) await expectTouchTarget(row);

  await page.getByRole('button', { name: 'Erase the enquiries ticked…' }).click();
  const form = page.getByRole('form', { name: "Erase this person's enquiries" });
  await expect(form).toContainText('Enquiries to erase (2):');
  const reason = form.getByLabel('Why they are erased');
  await reason.fill('Mrs Owen objected and it was upheld.');
  await form.getByRole('button', { name: 'Erase for good (2)' }).click();
  await expect(form.getByText("Write this without the person's name, phone number or email address.")).toBeVisible();
  await expect(reason).toHaveValue('Mrs Owen objected and it was upheld.');
  await expectTouchTarget(form.getByRole('button', { name: 'Erase for good (2)' }));
  await expectTouchTarget(form.getByRole('button', { name: 'Keep them' }));
  await shoot(page, 'erasure-refused-1366');

  await reason.fill('Objection upheld by the data protection officer.');
  await form.getByRole('button', { name: 'Erase for good (2)' }).click();
  await expect(page.getByText('Erased (2):')).toBeVisible();
  const list = page.getByRole('region', { name: 'Erasures' });
  await expect(list).toContainText('Objection upheld by the data protection officer.');
  await expect(list).toContainText(ADMIN.username);
  await shoot(page, 'erasure-done-1366');

  await page.getByRole('button', { name: 'Enquiries' }).click();
  await expect(page.locator('.enquiry-row__summary').filter({ hasText: '(removed for privacy)' })).toHaveCount(2);
  await expect(page.locator('.enquiry-row__summary').filter({ hasText: 'Pothole on Mill Lane' })).toHaveCount(1);
  await expect(page.getByText('Marrowgate')).toHaveCount(0);
  await page.locator('.enquiry-row__summary').first().scrollIntoViewIfNeeded();
  await shoot(page, 'erasure-list-1366');
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.locator('.enquiry-row__summary').first().scrollIntoViewIfNeeded();
  await shoot(page, 'erasure-list-1080');
});
