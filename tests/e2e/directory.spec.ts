import { test, expect, shoot } from './host';
import { ADMIN, RUGELEY_SETUP } from '../support/kiosk';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

const KIOSK = { width: 1080, height: 1920 };

async function openFindService(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('list', { name: /Main tasks|اہم کام/ }).getByRole('button').first().click();
}

test.describe('a resident finds a service', () => {
  test.use({ viewport: KIOSK });

  test('searches "pothole" by touch, opens the County\'s service and sees how to contact it, with a QR code', async ({ page, host }) => {
    await openFindService(page, host.url);
    await expect(page.getByRole('heading', { name: 'Find a service' })).toBeVisible();
    await expect(page.getByText('These are examples only.')).toBeVisible();
    await shoot(page, 'directory-en-1080x1920');

    await page.getByLabel('What do you need help with?').click();
    for (const key of 'pothole') await page.locator(`.onestop-keyboard [data-skbtn="${key}"]`).first().click();
    await expect(page.getByText('Staffordshire County Council deals with this, not Cannock Chase District Council.')).toBeVisible();
    const results = page.getByRole('list', { name: /services found/ });
    await expect(results.getByRole('button').first()).toContainText('Report a pothole');
    await expect(results.getByRole('button').first()).toContainText('Provided by Staffordshire County Council');
    await shoot(page, 'directory-search-en-1080x1920');

    await results.getByRole('button', { name: /Report a pothole/ }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Report a pothole' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'How to contact them' })).toBeVisible();
    await expect(page.locator('.phone-number').first()).toHaveText(/^01632 960\d{3}$/);
    await expect(page.getByRole('img', { name: /QR code with the name, phone number and address of Report a pothole/ })).toBeVisible();
    await expect(page.getByText(/^Information last checked on \d{1,2} \w+ 2026\.$/)).toBeVisible();
    await expect(page.locator('.opening')).toContainText(/Open now|Closed now/);
    await shoot(page, 'service-en-1080x1920');

    // Back keeps the search the resident typed.
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByLabel('What do you need help with?')).toHaveValue('pothole');
  });

  test('does the same in Urdu, right to left', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'اردو' }).click();
    await page.getByRole('list', { name: 'اہم کام' }).getByRole('button').first().click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.getByLabel('آپ کو کس چیز میں مدد چاہیے؟').fill('pothole');
    await expect(page.locator('.routing')).toContainText('اسٹافورڈ شائر کاؤنٹی کونسل');
    await shoot(page, 'directory-search-ur-1080x1920');
    // The sample directory carries an Urdu name for this service; English is the fallback elsewhere.
    await page.getByRole('button', { name: /سڑک کے گڑھے کی اطلاع دیں/ }).click();
    const heading = page.getByRole('heading', { level: 2, name: 'سڑک کے گڑھے کی اطلاع دیں' });
    await expect(heading).toBeVisible();
    await expect(heading).toHaveAttribute('lang', 'ur');
    await expect(page.getByRole('heading', { name: 'ان سے رابطہ کیسے کریں' })).toBeVisible();
    await expect(page.locator('.phone-number').first()).toHaveText(/^01632 960\d{3}$/);
    await expect(page.locator('img.qr')).toBeVisible();
    await shoot(page, 'service-ur-1080x1920');
  });

  test('an urgent topic shows 999 advice before anything else', async ({ page, host }) => {
    await openFindService(page, host.url);
    await page.getByRole('button', { name: 'Police and crime' }).click();
    const urgent = page.getByRole('complementary', { name: 'Urgent help' });
    await expect(urgent).toContainText('call 999');
    const urgentBox = await urgent.boundingBox();
    const firstService = await page.locator('.service-card').first().boundingBox();
    expect(urgentBox!.y).toBeLessThan(firstService!.y);
    await shoot(page, 'topic-police-en-1080x1920');
  });
});

test.describe('staff update the directory', () => {
  test.use({ viewport: { width: 1366, height: 768 }, setup: { ...RUGELEY_SETUP, deviceCode: 'D1', displayMode: 'desk' } });

  test('a bad file is refused row by row and changes nothing', async ({ page, host, dataDir }) => {
    const bad = join(dataDir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        contents: [
          { id: 'svc-x', name: '', description: 'x', assured_date: '2026-11-01', organization: { id: 'o', name: 'O', x_onestop_body: 'district' } },
        ],
      }),
    );
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Staff sign in' }).click();
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('PIN').fill(ADMIN.pin);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Directory', exact: true }).click();
    await expect(page.getByText('96 services are listed.')).toBeVisible();

    await page.getByLabel('Files to import').setInputFiles(bad);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const problems = page.getByRole('alert');
    await expect(problems).toContainText('Nothing was changed.');
    await expect(problems).toContainText('bad.json, row 1, name: Enter this.');
    await expect(page.getByText('96 services are listed.')).toBeVisible();
    await shoot(page, 'staff-directory-import-errors-1366x768');
  });
});
