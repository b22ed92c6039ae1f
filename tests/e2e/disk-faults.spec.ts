import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, shoot, startHost } from './host';
import { ADMIN, configuredDataDir } from '../support/kiosk';
import { createBackend, DATABASE_FILE } from '../../electron/backend/backend';
import { damageTable } from '../support/damage';

const KIOSK = { width: 1080, height: 1920 };
const DESK = { width: 1366, height: 768 };

/**
 * A kiosk with one resident's issue and a backup, whose database file then loses the directory's
 * pages (as a failing disk leaves it): the backend must start on the backup, read-only.
 */
async function damagedKiosk(dataDir: string): Promise<void> {
  await configuredDataDir(dataDir);
  const backend = createBackend({ dataDir, autoBackup: false, sync: { autoStart: false } });
  const raised = await backend.dispatch(
    'enquiries:raise',
    { topicId: 'roads', location: 'Church Street', summary: 'Deep pothole by the school gate', contact: null, language: 'en-GB' },
    'kiosk',
  );
  expect(raised.ok).toBe(true);
  await backend.backups.runNow();
  backend.close();
  damageTable(join(dataDir, DATABASE_FILE), 'services');
}

async function tapKeys(page: Page, keys: string): Promise<void> {
  for (const key of keys) await page.locator(`.onestop-keyboard [data-skbtn="${key === ' ' ? '{space}' : key}"]`).first().click();
}

test.describe('a damaged database file', () => {
  test.use({ setup: null });

  test('residents still find services; a save is refused and what they wrote stays; staff see what happened and what to do, in every layout', async ({ browser, dataDir }) => {
    await damagedKiosk(dataDir);
    const host = await startHost(dataDir);
    try {
      const kiosk = await browser.newPage({ viewport: KIOSK });
      await kiosk.goto(host.url);
      // The resident's screens say nothing about storage: the directory works from the backup.
      await expect(kiosk.locator('.storage-notice')).toHaveCount(0);
      await kiosk.getByRole('list', { name: /Main tasks/ }).getByRole('button').first().click();
      await kiosk.getByLabel('What do you need help with?').click();
      await tapKeys(kiosk, 'pothole');
      await expect(kiosk.getByRole('list', { name: /services found/ }).getByRole('button').first()).toContainText('Report a pothole');

      await kiosk.goto(host.url);
      await kiosk.getByRole('button', { name: /Raise a local issue/ }).click();
      await kiosk.getByRole('button', { name: 'Roads, pavements and street lights' }).click();
      await kiosk.getByText('Roads and potholes', { exact: true }).click();
      await kiosk.getByRole('button', { name: 'Continue' }).click();
      await kiosk.getByLabel('Where is it?').click();
      await tapKeys(kiosk, 'mill lane');
      await kiosk.getByRole('button', { name: 'Continue' }).click();
      await kiosk.getByLabel('What is the problem?').fill('Street light out by the bus shelter');
      await kiosk.getByRole('button', { name: 'Continue' }).click();
      await kiosk.getByText('No, I will check with my reference').click();
      await kiosk.getByRole('button', { name: 'Continue' }).click();
      await kiosk.getByRole('button', { name: 'Send to the forum' }).click();
      await expect(kiosk.getByText('This kiosk cannot save anything just now. What you wrote is still here. Please ask at the desk.')).toBeVisible();
      await expect(kiosk.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
      await expect(kiosk.getByText('Street light out by the bus shelter')).toBeVisible();
      await shoot(kiosk, 'disk-corrupt-resident-refused-1080x1920');

      const desk = await browser.newPage({ viewport: DESK });
      await desk.goto(host.url);
      await desk.getByRole('button', { name: 'Staff sign in' }).click();
      const notice = desk.locator('.storage-notice');
      await expect(notice.getByRole('heading', { name: "The kiosk's database file is damaged: nothing new can be saved" })).toBeVisible();
      await expect(notice).toContainText('from the backup taken at');
      await expect(notice).toContainText('run the restore command');
      await expect(notice).toContainText(dataDir);
      await shoot(desk, 'disk-corrupt-sign-in-1366x768');

      await desk.getByLabel('Username').fill(ADMIN.username);
      await desk.getByLabel('PIN').fill(ADMIN.pin);
      await desk.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(desk.getByRole('heading', { name: 'Enquiries', level: 3 })).toBeVisible();
      await expect(notice).toBeVisible();
      // What was saved before the backup is there to read.
      await expect(desk.getByText('Deep pothole by the school gate')).toBeVisible();
      await desk.evaluate(() => window.scrollTo(0, 0));
      await shoot(desk, 'disk-corrupt-staff-1366x768');
      const overflow = await desk.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      await desk.getByRole('button', { name: 'اردو' }).click();
      await expect(desk.locator('html')).toHaveAttribute('dir', 'rtl');
      await expect(notice.getByRole('heading', { level: 3 })).toHaveText('کیوسک کی ڈیٹا بیس فائل خراب ہو گئی ہے: کچھ بھی نیا محفوظ نہیں ہو سکتا');
      await expect(notice.locator('bdi[dir="ltr"]')).toHaveText(dataDir);
      await desk.evaluate(() => window.scrollTo(0, 0));
      await shoot(desk, 'disk-corrupt-staff-ur-1366x768');

      const portrait = await browser.newPage({ viewport: KIOSK });
      await portrait.goto(host.url);
      await portrait.getByRole('button', { name: 'Staff sign in' }).click();
      await expect(portrait.locator('.storage-notice')).toBeVisible();
      const noticeBox = await portrait.locator('.storage-notice').boundingBox();
      expect(noticeBox!.width).toBeLessThanOrEqual(KIOSK.width);
      await shoot(portrait, 'disk-corrupt-sign-in-1080x1920');
    } finally {
      await host.stop();
    }
  });
});
