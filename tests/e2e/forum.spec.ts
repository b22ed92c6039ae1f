import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { test, expect, shoot, E2E_DATABASE_KEY } from './host';
import { CHAIR } from '../support/kiosk';
import { seedForum, type SeedIssue } from '../support/forumSeed';

const KIOSK = { width: 1080, height: 1920 };
const DESK = { width: 1366, height: 768 };

/** Four more residents report the same potholes on Church Street, and one a street light, before the meeting. */
const SEEDED: readonly SeedIssue[] = [
  { daysAgo: 20, topicId: 'roads', location: '12 Church Street', summary: 'Deep pothole by the school gate' },
  { daysAgo: 15, topicId: 'roads', location: 'Church St.', summary: 'Pothole outside the church, car tyre burst' },
  { daysAgo: 9, topicId: 'roads', location: '40 Church Street', summary: 'The pothole is getting bigger' },
  { daysAgo: 4, topicId: 'roads', location: 'Church Street, Rugeley', summary: 'Pothole near the bus stop' },
  { daysAgo: 6, topicId: 'street-lights', location: 'Elmore Lane', summary: 'Street light out for two weeks' },
];

/** Taps keys on the on-screen keyboard, as a resident with no physical keyboard would. */
async function tapKeys(page: Page, keys: readonly string[]): Promise<void> {
  for (const key of keys) await page.locator(`.onestop-keyboard [data-skbtn="${key === ' ' ? '{space}' : key}"]`).first().click();
}

/** A resident raises a pothole on Church Street by touch, up to the receipt; returns the reference. */
async function raisePothole(page: Page): Promise<string> {
  await page.getByRole('button', { name: /Raise a local issue/ }).click();
  await page.getByRole('button', { name: 'Roads, pavements and street lights' }).click();
  await page.getByText('Roads and potholes', { exact: true }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Where is it?').click();
  await tapKeys(page, [...'church street']);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('What is the problem?').fill('Pothole so deep a cyclist fell');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('No, I will check with my reference').click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Send to the forum' }).click();
  await expect(page.getByRole('heading', { name: 'Your issue has been sent' })).toBeVisible();
  return (await page.locator('.receipt__reference').textContent())!.trim();
}

async function chairPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: DESK });
  await page.goto(url);
  await page.getByRole('button', { name: 'Staff sign in' }).click();
  await page.getByLabel('Username').fill(CHAIR.username);
  await page.getByLabel('PIN').fill(CHAIR.pin);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Staff sections' })).toBeVisible();
  return page;
}

/** A London date this many days from today, as a date input takes it. */
function day(offset: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + offset * 86_400_000));
}

test.describe('a forum chair', () => {
  test.use({ viewport: KIOSK });

  test('builds an agenda item from five residents’ issues, orders it, records the outcome, publishes a redacted PDF, and the resident reads the outcome', async ({ page, host, browser }) => {
    test.setTimeout(120_000);
    await page.goto(host.url);
    const reference = await raisePothole(page);
    await page.getByRole('button', { name: 'Finish' }).click();

    // The other residents' issues and the chair's account, added while the kiosk is off.
    await host.stop();
    await seedForum(host.dataDir, { issues: SEEDED, meetings: { last: true, next: false }, key: E2E_DATABASE_KEY });
    const { url } = await host.restart();

    const chair = await chairPage(browser, url);
    await expect(chair.getByRole('navigation', { name: 'Staff sections' }).getByRole('button')).toHaveText(['Enquiries', 'Forum', 'Agenda', 'Settings']);

    // The next meeting, added on the agenda tab.
    await chair.getByRole('button', { name: 'Agenda' }).click();
    await chair.getByRole('button', { name: 'Add a meeting' }).click();
    const meetingForm = chair.getByRole('form', { name: 'Add a meeting' });
    await meetingForm.getByLabel('Date').fill(day(10));
    await meetingForm.getByLabel('Start time').fill('18:30');
    await meetingForm.getByLabel('Place').fill('Rugeley Library');
    await meetingForm.getByRole('button', { name: 'Save meeting' }).click();
    await expect(chair.getByRole('status')).toContainText('Meeting added:');

    // The forum tab: six issues since the last meeting; the street light becomes item 1.
    await chair.getByRole('button', { name: 'Forum' }).click();
    await expect(chair.getByText(/^6 issues raised since the last meeting on /)).toBeVisible();
    await expect(chair.locator('.forum-groups__lines')).toContainText('Roads, pavements and street lights: 6 issues on 2 streets');
    await expect(chair.getByRole('figure', { name: 'Issues by topic group' })).toBeVisible();
    await shoot(chair, 'forum-tab-en-1366x768');
    const lightRow = chair.locator('.forum-issue', { hasText: 'Street light out for two weeks' });
    await lightRow.getByRole('checkbox').check();
    await chair.getByRole('button', { name: 'Add as a new item' }).click();
    await expect(chair.getByText('Added as item 1. Check its title and public summary, then save.')).toBeVisible();
    await chair.getByRole('button', { name: 'Cancel', exact: true }).click();

    // Then the five potholes, as one item.
    await chair.getByRole('button', { name: 'Forum' }).click();
    const potholes = chair.locator('.forum-issue', { hasText: 'Roads and potholes' });
    await expect(potholes).toHaveCount(5);
    for (let i = 0; i < 5; i++) await potholes.nth(i).getByRole('checkbox').check();
    await expect(chair.getByRole('region', { name: '5 issues selected' })).toBeVisible();
    await chair.getByRole('button', { name: 'Add as one new item' }).click();

    // The agenda tab opens on it: a title to edit, raised by five residents.
    const item = chair.locator('.agenda-item', { hasText: 'Raised by 5 residents' });
    await expect(item.getByLabel('Title')).toHaveValue('Roads and potholes: Church Street');
    await item.getByLabel('Title').fill('Potholes on Church Street');
    await item.getByLabel('Public summary').fill('Five residents report deep potholes. Mrs Jones on 07700 900123 says a cyclist fell.');
    await item.getByRole('button', { name: 'Save item' }).click();
    await expect(chair.getByRole('status')).toHaveText('Item 2 saved.');

    // Ordered by keyboard: Alt+Up on the card puts it first, focus staying on it.
    await item.focus();
    await chair.keyboard.press('Alt+ArrowUp');
    await expect(chair.locator('.agenda-item h5').first()).toContainText('Potholes on Church Street');
    await expect(chair.getByText('Item moved to position 1')).toBeAttached();
    await expect(item).toBeFocused();
    await shoot(chair, 'agenda-tab-en-1366x768');

    // The meeting decides: referred to the county.
    await item.getByRole('button', { name: /Record the outcome/ }).click();
    await item.getByText('Referred', { exact: true }).click();
    await item.getByLabel('Public outcome').fill('Referred to Staffordshire County Council highways: repairs are planned for March.');
    await item.getByLabel('Internal minute').fill('Councillor to chase the county in February.');
    await item.getByRole('button', { name: 'Save the outcome' }).click();
    await expect(chair.getByRole('status')).toHaveText('Outcome recorded for item 1. Its 5 issues are now "Outcome recorded".');
    await expect(item.locator('.status', { hasText: 'Outcome recorded' })).toHaveCount(5);

    // The public agenda, after the chair removes what the scrubber flags.
    const exports = chair.getByRole('region', { name: 'Export the agenda' });
    await exports.getByText('Public (redacted)').click();
    await exports.getByRole('button', { name: 'PDF' }).click();
    const review = exports.getByRole('region', { name: 'Check before publishing: PDF' });
    await expect(review.locator('.finding mark', { hasText: '07700 900123' })).toBeVisible();
    const exportButton = review.getByRole('button', { name: 'Export the public PDF' });
    await expect(exportButton).toBeDisabled();
    await review.getByRole('button', { name: 'Remove all' }).click();
    await expect(exportButton).toBeEnabled();
    await shoot(chair, 'agenda-review-en-1366x768');
    const [download] = await Promise.all([chair.waitForEvent('download'), exportButton.click()]);
    expect(download.suggestedFilename()).toMatch(/^rugeley-forum-agenda-\d{4}-\d{2}-\d{2}-public\.pdf$/);
    await expect(exports.getByRole('status')).toHaveText(`Saved ${download.suggestedFilename()}`);
    const bytes = new Uint8Array(await readFile(await download.path()));
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(text).toContain('Potholes on Church Street');
    expect(text).not.toContain('07700 900123');
    await chair.getByRole('button', { name: 'Sign out' }).click();
    await chair.close();

    // The resident who raised one of them reads the outcome by reference.
    await page.goto(url);
    await page.getByRole('button', { name: /Check an issue/ }).click();
    await page.getByLabel('Your reference').fill(reference);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const status = page.locator('.issue-status');
    await expect(status).toContainText('Outcome recorded');
    await expect(status).toContainText('Referred to Staffordshire County Council highways: repairs are planned for March.');
    await expect(status).not.toContainText('Councillor to chase');
    await shoot(page, 'forum-outcome-check-en-1080x1920');
  });
});
