import type { Locator, Page } from '@playwright/test';
import { test, expect, shoot } from './host';

const KIOSK = { width: 1080, height: 1920 };

/** Taps keys on the on-screen keyboard, as a resident with no physical keyboard would. */
async function tapKeys(page: Page, keys: readonly string[]): Promise<void> {
  for (const key of keys) await page.locator(`.onestop-keyboard [data-skbtn="${key === ' ' ? '{space}' : key}"]`).first().tap();
}

/** Nothing wider than the screen: a resident cannot scroll sideways on the kiosk. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(KIOSK.width);
}

/** A target a finger can hit: at least 44 by 44 CSS pixels (WCAG 2.5.5). */
async function expectTouchTarget(target: Locator): Promise<void> {
  const box = (await target.boundingBox())!;
  expect(box.width, 'width').toBeGreaterThanOrEqual(44);
  expect(box.height, 'height').toBeGreaterThanOrEqual(44);
}

/** The text inside the note lies within the screen, from its start edge in the page's direction. */
async function expectReadableNote(note: Locator, rtl: boolean): Promise<void> {
  const direction = await note.evaluate((el) => getComputedStyle(el).direction);
  expect(direction).toBe(rtl ? 'rtl' : 'ltr');
  const box = (await note.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(KIOSK.width);
}

test.describe('what we hold and why, shown when a resident gives it', () => {
  test.use({ viewport: KIOSK, hasTouch: true });

  test('in English: the purpose beside the contact question, an unticked choice, the summary, and the privacy page', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByRole('button', { name: /Raise a local issue/ }).tap();
    await page.getByRole('button', { name: 'Roads, pavements and street lights' }).tap();
    await page.getByText('Roads and potholes', { exact: true }).tap();
    await page.getByRole('button', { name: 'Continue' }).tap();
    await page.getByLabel('Where is it?').tap();
    await tapKeys(page, [...'church street']);
    await page.getByRole('button', { name: 'Continue' }).tap();
    await page.getByLabel('What is the problem?').tap();
    await tapKeys(page, [...'deep pothole']);
    await page.getByRole('button', { name: 'Continue' }).tap();

    const note = page.locator('.privacy-notice');
    await expect(note.getByRole('heading', { name: 'How we use your details' })).toBeVisible();
    await expect(note).toContainText('If you say yes, we use your name, phone number and email only to tell you what happened to this issue.');
    await expect(note).toContainText('We delete your contact details 12 months after your issue is closed.');
    await expect(page.getByLabel('Yes, contact me')).not.toBeChecked();
    await expect(page.getByLabel('No, I will check with my reference')).not.toBeChecked();
    await expectTouchTarget(note.getByRole('button', { name: 'More about your data' }));
    await expectTouchTarget(page.locator('label.choice').first());
    await expectReadableNote(note, false);
    await shoot(page, 'privacy-contact-en-1080x1920');

    // With the on-screen keyboard up, the words about the details stay on the page with the fields.
    await page.getByText('Yes, contact me').tap();
    await page.getByLabel('Phone number').tap();
    await expect(page.locator('.onestop-keyboard')).toBeVisible();
    await tapKeys(page, [...'01889256000']);
    await expect(page.getByLabel('Phone number')).toHaveValue('01889256000');
    await expectNoSidewaysScroll(page);
    await shoot(page, 'privacy-contact-keyboard-en-1080x1920');
    await page.getByRole('button', { name: 'Continue' }).tap();

    const summary = page.locator('.privacy-notice');
    await expect(summary.getByRole('heading', { name: 'What happens to your answers' })).toBeVisible();
    await expect(summary).toContainText('Your answers go to the Rugeley Community Forum.');
    await expect(summary).toContainText('We delete your contact details 12 months after your issue is closed.');
    await shoot(page, 'privacy-check-en-1080x1920');

    await summary.getByRole('button', { name: 'More about your data' }).tap();
    await expect(page.getByRole('heading', { level: 2, name: 'Your data and why we hold it' })).toBeVisible();
    await expect(page.locator('.privacy-ledger > li')).toHaveCount(7);
    await expect(page.getByRole('heading', { name: 'See or delete your data' })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await shoot(page, 'privacy-page-top-en-1080x1920');
    await page.screenshot({ path: 'screenshots/privacy-page-en-1080x1920.png', fullPage: true });
    await page.getByRole('button', { name: 'Back' }).tap();

    await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
    await expect(page.getByText('01889256000')).toBeVisible();
    await page.getByRole('button', { name: 'Send to the forum' }).tap();
    await expect(page.getByRole('heading', { name: 'Your issue has been sent' })).toBeVisible();
  });

  test('in Urdu, right to left: the same words at the contact step and on the privacy page, also from home', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'اردو' }).tap();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.getByRole('button', { name: 'ہم آپ کی معلومات کیسے استعمال کرتے ہیں' }).tap();
    await expect(page.getByRole('heading', { level: 2, name: 'آپ کی معلومات اور ہم انہیں کیوں رکھتے ہیں' })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await shoot(page, 'privacy-page-top-ur-1080x1920');
    await page.screenshot({ path: 'screenshots/privacy-page-ur-1080x1920.png', fullPage: true });
    await page.getByRole('button', { name: 'واپس' }).tap();

    await page.locator('.tiles .tile').nth(1).tap();
    await page.locator('.group-tile').first().tap();
    await page.locator('label.choice').first().tap();
    await page.locator('button[type="submit"]').tap();
    await page.locator('.chips button').first().tap();
    await page.locator('button[type="submit"]').tap();
    await page.locator('textarea').tap();
    await tapKeys(page, [...'گندا نالا']);
    await page.locator('button[type="submit"]').tap();

    const note = page.locator('.privacy-notice');
    await expect(note.getByRole('heading', { name: 'ہم آپ کی معلومات کیسے استعمال کرتے ہیں' })).toBeVisible();
    await expect(note).toContainText('مہینے بعد ہم آپ کی رابطے کی تفصیلات مٹا دیتے ہیں۔');
    await expect(page.locator('input[type="radio"]:checked')).toHaveCount(0);
    await expectReadableNote(note, true);
    await expectTouchTarget(note.getByRole('button', { name: 'آپ کی معلومات کے بارے میں مزید' }));
    // The heading starts at the right-hand edge of the note, as Urdu is read.
    const heading = (await note.locator('h3').boundingBox())!;
    const noteBox = (await note.boundingBox())!;
    expect(noteBox.x + noteBox.width - (heading.x + heading.width)).toBeLessThan(40);
    await shoot(page, 'privacy-contact-ur-1080x1920');

    await page.getByText('ہاں، مجھ سے رابطہ کریں').tap();
    await page.getByLabel('فون نمبر').tap();
    await tapKeys(page, [...'01889256000']);
    await expectNoSidewaysScroll(page);
    await shoot(page, 'privacy-contact-keyboard-ur-1080x1920');
    await page.locator('button[type="submit"]').tap();
    await expect(page.locator('.privacy-notice')).toContainText('آپ کے جوابات Rugeley Community Forum کو جاتے ہیں۔');
    await shoot(page, 'privacy-check-ur-1080x1920');
  });
});
