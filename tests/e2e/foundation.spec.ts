import { test, expect, shoot } from './host';
import { ADMIN, RUGELEY_SETUP } from '../support/kiosk';
import type { Page } from '@playwright/test';

const KIOSK = { width: 1080, height: 1920 };
const DESK = { width: 1366, height: 768 };

/** Taps keys on the on-screen keyboard, as a resident with no physical keyboard would. */
async function tapKeys(page: Page, keys: string[]): Promise<void> {
  for (const key of keys) await page.locator(`.onestop-keyboard [data-skbtn="${key}"]`).first().click();
}

async function signIn(page: Page, username: string, pin: string): Promise<void> {
  await page.getByRole('button', { name: 'Staff sign in' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('PIN').fill(pin);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test.describe('first run', () => {
  test.use({ setup: null, viewport: KIOSK });

  test('an administrator sets the kiosk up by touch, then the home screen names its unit', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'Set up this kiosk' })).toBeVisible();
    await shoot(page, 'setup-en-1080x1920');

    await page.getByLabel('Rugeley (RUG)').check();
    await page.getByLabel('Device code').click();
    await expect(page.getByRole('region', { name: 'On-screen keyboard' })).toBeVisible();
    await tapKeys(page, ['k', '2']);
    await expect(page.getByLabel('Device code')).toHaveValue('k2');

    await page.getByLabel('Full name').fill(ADMIN.displayName);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('PIN', { exact: true }).click();
    await tapKeys(page, ADMIN.pin.split(''));
    await page.getByLabel('Type the PIN again').fill('999999');
    await page.getByRole('button', { name: 'Finish setup' }).click();
    // A mismatch is reported next to the field and nothing typed is lost.
    await expect(page.getByText('The two PINs are not the same.')).toBeVisible();
    await expect(page.getByLabel('Full name')).toHaveValue(ADMIN.displayName);

    await page.getByLabel('Type the PIN again').fill(ADMIN.pin);
    await page.getByRole('button', { name: 'Finish setup' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rugeley One Stop Shop');
    await expect(page.getByText('Rugeley neighbourhood, Cannock Chase')).toBeVisible();
    await expect(page.getByRole('button', { name: /Find a service/ })).toBeVisible();
  });
});

test.describe('resident home', () => {
  test.use({ viewport: KIOSK });

  test('shows the unit, the main tasks and emergency numbers', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rugeley One Stop Shop');
    const tiles = page.getByRole('list', { name: 'Main tasks' }).getByRole('button');
    await expect(tiles).toHaveText([/Find a service/, /Raise a local issue/, /Check an issue/]);
    await expect(page.getByRole('complementary', { name: 'Emergency help' })).toContainText('999');
    await shoot(page, 'home-en-1080x1920');
  });

  test('switching to Urdu turns the page right-to-left and translates it, and back again', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'اردو' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ur');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rugeley ون اسٹاپ شاپ');
    await expect(page.getByRole('heading', { name: 'آج آپ کو کیا کرنا ہے؟' })).toBeVisible();
    await expect(page.getByRole('button', { name: /کوئی سروس تلاش کریں/ })).toBeVisible();
    await shoot(page, 'home-ur-1080x1920');

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('heading', { name: 'What do you need to do today?' })).toBeVisible();
  });

  test('changing language in the middle of a form keeps what was typed', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Staff sign in' }).click();
    await page.getByLabel('Username').fill('sam.staff');
    await page.getByRole('button', { name: 'اردو' }).click();
    await expect(page.getByLabel('یوزر نیم')).toHaveValue('sam.staff');
  });

  test('a screen left alone warns, offers more time, then forgets what was typed', async ({ page, host }) => {
    await page.clock.install();
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Staff sign in' }).click();
    await page.getByLabel('Username').fill('half.typed');
    await page.getByRole('button', { name: 'اردو' }).click();

    await page.clock.runFor(61_000);
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByLabel('یوزر نیم')).toHaveValue('half.typed');

    await page.clock.runFor(61_000);
    await expect(dialog).toBeVisible();
    // The warning stays at least 20 seconds (WCAG 2.2.1).
    await page.clock.runFor(20_000);
    await expect(dialog).toBeVisible();
    await page.clock.runFor(11_000);
    await expect(dialog).toBeHidden();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('heading', { name: 'What do you need to do today?' })).toBeVisible();
    await page.getByRole('button', { name: 'Staff sign in' }).click();
    await expect(page.getByLabel('Username')).toHaveValue('');
  });
});

test.describe('staff at a front-desk computer', () => {
  test.use({ viewport: DESK, setup: { ...RUGELEY_SETUP, deviceCode: 'D1', displayMode: 'desk' } });

  test('a wrong PIN is refused in words; the username stays and the PIN is cleared', async ({ page, host }) => {
    await page.goto(host.url);
    await signIn(page, ADMIN.username, '000000');
    await expect(page.getByRole('alert')).toHaveText('That username and PIN do not match. Check them and try again.');
    await expect(page.getByLabel('Username')).toHaveValue(ADMIN.username);
    await expect(page.getByLabel('PIN')).toHaveValue('');
  });

  test('a setting written through IPC survives a restart of the host', async ({ page, host }) => {
    await page.goto(host.url);
    await shoot(page, 'home-en-1366x768');
    await signIn(page, ADMIN.username, ADMIN.pin);
    await expect(page.getByText(`Signed in as ${ADMIN.displayName}`)).toBeVisible();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('اردو').check();
    await page.getByLabel('Seconds before an unused resident screen clears').fill('90');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('Settings saved.');
    await shoot(page, 'staff-en-1366x768');

    await host.restart();
    await page.goto(host.url);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { name: 'آج آپ کو کیا کرنا ہے؟' })).toBeVisible();
    await page.getByRole('button', { name: 'English' }).click();
    await signIn(page, ADMIN.username, ADMIN.pin);
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByLabel('Seconds before an unused resident screen clears')).toHaveValue('90');
  });

  test('out-of-range settings are refused next to the field, keeping what was typed', async ({ page, host }) => {
    await page.goto(host.url);
    await signIn(page, ADMIN.username, ADMIN.pin);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Seconds before an unused resident screen clears').fill('5');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('Enter 30 or more.')).toBeVisible();
    await expect(page.getByLabel('Seconds before an unused resident screen clears')).toHaveValue('5');
  });
});
