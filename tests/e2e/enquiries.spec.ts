import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { test, expect, shoot, E2E_DATABASE_KEY } from './host';
import { ADMIN } from '../support/kiosk';
import { createEnquiry, openDatabase } from '../../db';
import { streetKey } from '../../shared/enquiries/model';
import { DATABASE_FILE } from '../../electron/backend/backend';

const KIOSK = { width: 1080, height: 1920 };
const DESK = { width: 1366, height: 768 };

/** Taps keys on the on-screen keyboard, as a resident with no physical keyboard would. */
async function tapKeys(page: Page, keys: readonly string[]): Promise<void> {
  for (const key of keys) await page.locator(`.onestop-keyboard [data-skbtn="${key === ' ' ? '{space}' : key}"]`).first().click();
}

/** A resident raises a pothole on Church Street by touch, up to the receipt; returns the reference. */
async function raisePothole(page: Page, summary = 'Deep pothole by the school gate'): Promise<string> {
  await page.getByRole('button', { name: /Raise a local issue/ }).click();
  await page.getByRole('button', { name: 'Roads, pavements and street lights' }).click();
  await page.getByText('Roads and potholes', { exact: true }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Where is it?').click();
  await tapKeys(page, [...'church street']);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('What is the problem?').fill(summary);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('No, I will check with my reference').click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
  await page.getByRole('button', { name: 'Send to the forum' }).click();
  await expect(page.getByRole('heading', { name: 'Your issue has been sent' })).toBeVisible();
  return (await page.locator('.receipt__reference').textContent())!.trim();
}

async function deskPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: DESK });
  await page.goto(url);
  await page.getByRole('button', { name: 'Staff sign in' }).click();
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('PIN').fill(ADMIN.pin);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Enquiries', level: 3 })).toBeVisible();
  return page;
}

async function checkReference(page: Page, reference: string): Promise<void> {
  await page.getByRole('button', { name: /Check an issue/ }).click();
  await page.getByLabel('Your reference').fill(reference.toLowerCase().replaceAll('-', ' '));
  await page.getByRole('button', { name: 'Check', exact: true }).click();
}

test.describe('a resident and the front desk', () => {
  test.use({ viewport: KIOSK });

  test('a resident raises an issue, staff mark it for the forum, and the resident sees the new status', async ({ page, host, browser }) => {
    await page.goto(host.url);
    const reference = await raisePothole(page);
    expect(reference).toMatch(/^RUG-K2-\d{6}$/);
    await expect(page.locator('img.qr')).toBeVisible();
    await shoot(page, 'receipt-en-1080x1920');
    await page.getByRole('button', { name: 'Finish' }).click();

    await checkReference(page, reference);
    const status = page.locator('.issue-status');
    await expect(status).toContainText('New');
    await expect(status).toContainText('We have your issue and will look at it soon.');
    // The resident's own words are not shown to whoever checks the reference.
    await expect(status).not.toContainText('school gate');

    const desk = await deskPage(browser, host.url);
    await desk.getByLabel('Search').fill(reference);
    await desk.getByRole('button', { name: new RegExp(reference) }).click();
    await expect(desk.getByRole('heading', { name: reference })).toBeVisible();
    await expect(desk.getByText('Deep pothole by the school gate')).toBeVisible();
    await desk.getByText('For the forum', { exact: true }).click();
    await desk.getByRole('button', { name: 'Save status' }).click();
    await expect(desk.getByRole('status')).toHaveText('Saved: now "For the forum".');
    await expect(desk.locator('.history')).toContainText('Moved from "New" to "For the forum" by Ada Admin');
    await shoot(desk, 'enquiry-detail-en-1366x768');

    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(status).toContainText('For the forum');
    await expect(status).toContainText('This is waiting for the next meeting of the Rugeley Community Forum.');
  });

  test('a wrong or unknown reference is said next to the field, keeping what was typed', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByRole('button', { name: /Check an issue/ }).click();
    await page.getByLabel('Your reference').fill('RUG-K2');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(page.getByText('This is not in the right form. Check the hint.')).toBeVisible();
    await page.getByLabel('Your reference').fill('RUG-K2-999999');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(page.getByText('We cannot find this. Check it and try again.')).toBeVisible();
    await expect(page.getByLabel('Your reference')).toHaveValue('RUG-K2-999999');
  });

  test('bad answers are refused next to the field, in the language chosen, and nothing typed is lost', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByRole('button', { name: /Raise a local issue/ }).click();
    await page.getByRole('button', { name: 'Roads, pavements and street lights' }).click();
    await page.getByText('Pavements', { exact: true }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Where is it?').fill('Market Street');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('What is the problem?').fill('Bad');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('Enter at least 5 characters.')).toBeVisible();

    // Changing language keeps the answer and says the error in the new language.
    await page.getByRole('button', { name: 'Polski' }).click();
    await expect(page.locator('textarea')).toHaveValue('Bad');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('What is the problem?').fill('Broken paving slabs');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Yes, contact me').click();
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('This is not in the right form. Check the hint.')).toBeVisible();
    await expect(page.getByLabel('Email address')).toHaveValue('not-an-email');
    await page.getByLabel('Email address').fill('jo@example.org');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.answers')).toContainText('Market Street');
    await expect(page.locator('.answers')).toContainText('jo@example.org');
  });

  test('the idle reset wipes a half-filled issue and returns home', async ({ page, host }) => {
    await page.clock.install();
    await page.goto(host.url);
    await page.getByRole('button', { name: /Raise a local issue/ }).click();
    await page.getByRole('button', { name: 'Roads, pavements and street lights' }).click();
    await page.getByText('Street lights', { exact: true }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Where is it?').fill('Elmore Lane');

    await page.clock.runFor(61_000);
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toBeVisible();
    await page.clock.runFor(31_000);
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { name: 'What do you need to do today?' })).toBeVisible();

    await page.getByRole('button', { name: /Raise a local issue/ }).click();
    await expect(page.getByText('Step 1 of 5')).toBeVisible();
    await page.getByRole('button', { name: 'Roads, pavements and street lights' }).click();
    await page.getByText('Street lights', { exact: true }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByLabel('Where is it?')).toHaveValue('');
  });
});

test.describe('the front desk', () => {
  test.use({ viewport: DESK });

  test('staff log enquiries by keyboard, see the duplicate hint and merge', async ({ page, host, browser }) => {
    const kiosk = await browser.newPage({ viewport: KIOSK });
    await kiosk.goto(host.url);
    const first = await raisePothole(kiosk, 'Pothole outside number 12');
    await kiosk.close();

    const desk = await deskPage(browser, host.url);
    await desk.getByRole('button', { name: 'Log an enquiry' }).click();
    // The topic has focus: type to choose, Tab on through the form.
    await expect(desk.getByLabel('Topic')).toBeFocused();
    await desk.getByLabel('Topic').selectOption('roads');
    await expect(desk.getByLabel('Responsible body')).toHaveValue('county');
    await desk.getByLabel('Street or area').fill('12 Church St.');
    await expect(desk.getByText('Raised by 1 resident in the last 30 days on this street.')).toBeVisible();
    await desk.getByLabel('Summary').fill('Pothole near the school');
    await desk.getByLabel('Private details').fill('Caller tripped last week.');
    await desk.getByLabel('Private details').press('Control+Enter');
    const saved = desk.getByRole('status').filter({ hasText: 'Saved as' });
    await expect(saved).toContainText(/Saved as RUG-K2-\d{6}\./);
    await expect(desk.getByLabel('Summary')).toHaveValue('');
    await shoot(desk, 'log-enquiry-en-1366x768');

    await desk.getByRole('button', { name: /^Open RUG-K2-/ }).click();
    await expect(desk.getByRole('heading', { name: '1 similar issue in the last 30 days' })).toBeVisible();
    await desk.getByRole('button', { name: `Merge ${first} into this one` }).click();
    await expect(desk.getByRole('status')).toHaveText('Merged. The duplicate now follows this enquiry.');
    await expect(desk.getByText('Raised by 2 residents')).toBeVisible();

    await desk.getByText('Referred', { exact: true }).click();
    await desk.getByLabel('What happened').fill('Passed to the county highways team.');
    await desk.getByRole('button', { name: 'Save status' }).click();
    await expect(desk.getByRole('status')).toHaveText('Saved: now "Referred".');

    // The merged resident's reference shows the same outcome.
    await page.goto(host.url);
    await page.getByRole('button', { name: /Check an issue/ }).click();
    await page.getByLabel('Your reference').fill(first);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(page.locator('.issue-status')).toContainText('Passed to the county highways team.');
    await expect(page.locator('.issue-status')).toContainText('We passed this to Staffordshire County Council');
  });
});

test.describe('a long list', () => {
  test.use({ viewport: DESK });

  test('5,000 enquiries scroll in a list that draws only the rows on screen, and filter by status', async ({ host, browser }) => {
    const db = openDatabase(join(host.dataDir, DATABASE_FILE), { key: E2E_DATABASE_KEY });
    try {
      db.transaction(() => {
        for (let i = 0; i < 5000; i++) {
          createEnquiry(
            db,
            {
              id: randomUUID(),
              unitId: 'rugeley',
              unitCode: 'RUG',
              forumId: 'rugeley',
              deviceCode: 'D9',
              topicId: i % 2 === 0 ? 'roads' : 'bin-collection',
              body: i % 2 === 0 ? 'county' : 'district',
              summary: `Seeded enquiry number ${i}`,
              details: '',
              location: `Street ${i % 300}`,
              streetKey: streetKey(`Street ${i % 300}`),
              channel: 'desk',
              status: i % 10 === 0 ? 'referred' : 'new',
              language: null,
              contact: null,
              createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
            },
            { id: null, name: 'seed' },
          );
        }
      })();
    } finally {
      db.close();
    }

    const desk = await deskPage(browser, host.url);
    await expect(desk.getByText('5,000 enquiries')).toBeVisible();
    const rows = desk.locator('.enquiry-row');
    expect(await rows.count()).toBeLessThan(60);
    await expect(desk.getByRole('button', { name: /RUG-D9-005000/ })).toBeVisible();

    await desk.locator('.enquiry-list__scroller').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(desk.getByRole('button', { name: /RUG-D9-000001/ })).toBeVisible();
    expect(await rows.count()).toBeLessThan(60);

    await desk.getByLabel('Status').selectOption('referred');
    await expect(desk.getByText('500 enquiries')).toBeVisible();
    await desk.getByLabel('Search').fill('4990');
    await expect(desk.getByText('1 enquiry', { exact: true })).toBeVisible();
    await expect(desk.getByRole('button', { name: /RUG-D9-004991/ })).toBeVisible();
  });
});
