import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { resolve } from 'node:path';
import { test, expect, SCREENSHOTS, E2E_DATABASE_KEY } from './host';
import { createBackend } from '../../electron/backend/backend';
import type { ChannelName, InputOf, ValueOf } from '../../shared/ipc/contract';
import { ADMIN, CHAIR, addStaff } from '../support/kiosk';

/**
 * Hostile text in real Chromium (issue 8): residents' and staff's words holding markup, script
 * URLs, bidi controls, a right-to-left phrase, a long unbroken word, zero-width joiners and SQL or
 * FTS syntax are shown as the text they are on the staff list, an enquiry, the forum's issues, the
 * agenda and a resident's reference check: no dialog, no element made from them, no sideways scroll
 * at the desk's 1366x768 or the touchscreen's 1080x1920, and each resident's words isolated so a
 * right-to-left phrase cannot reorder the labels beside it. Exports and the hub:
 * tests/integration/hostile-text.test.ts.
 */

interface Sample {
  readonly id: string;
  readonly text: string;
  readonly stored?: string;
}
// Read with JSON.parse: Vite's JSON import refuses the lone surrogate the fixture holds on purpose.
const hostile = JSON.parse(readFileSync(new URL('../fixtures/hostile-text.json', import.meta.url), 'utf8')) as { samples: Sample[]; searches: { query: string }[] };
const sample = (id: string): Sample => hostile.samples.find((s) => s.id === id)!;
/** What the screen shows of a sample typed into a field of `max` characters. */
const shown = (id: string, max: number) => {
  const s = sample(id);
  return s.text.length <= max ? (s.stored ?? s.text) : s.text.slice(0, max);
};

const KIOSK = { width: 1080, height: 1920 };
const DESK = { width: 1366, height: 768 };
const RTL = sample('rtl-word').text;
const LONG = sample('long-word').text;

/** Residents' issues and a desk enquiry, an agenda item built from hostile text and its outcome, added while the kiosk is off. */
async function seed(dataDir: string): Promise<{ outcomeReference: string }> {
  const now = Date.now();
  const backend = createBackend({ dataDir, now: () => new Date(now), log: () => {}, sync: { autoStart: false }, key: E2E_DATABASE_KEY });
  async function call<C extends ChannelName>(channel: C, input: InputOf<C>, caller = 'seed'): Promise<ValueOf<C>> {
    const result = await backend.dispatch(channel, input, caller);
    if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
    return result.value as ValueOf<C>;
  }
  try {
    await addStaff(backend.databasePath, CHAIR.username, CHAIR.pin, 'chair', 'rugeley', E2E_DATABASE_KEY);
    const raised = new Map<string, string>();
    for (const id of ['script-tag', 'img-onerror', 'svg-onload', 'javascript-link', 'rtl-override', 'zwj-zwnj', 'sql-drop', 'fts-syntax', 'formula-equals', 'bom-inside', 'long-word']) {
      const receipt = await call('enquiries:raise', { topicId: 'roads', location: 'Church Street', summary: sample(id).text.slice(0, 200), contact: null }, 'resident');
      raised.set(id, receipt.id);
    }
    // A right-to-left place and summary, between the labels and separators of every list.
    const rtl = await call('enquiries:raise', { topicId: 'roads', location: RTL, summary: RTL, contact: null }, 'resident');
    const longPlace = await call('enquiries:raise', { topicId: 'roads', location: LONG.slice(0, 120), summary: 'Long place name', contact: null }, 'resident');

    await call('auth:signIn', ADMIN);
    // The walk through every screen can pass a minute on a slow machine: the resident screen must not
    // reset itself for being left alone (60 s), nor the staff session end, while the test reads it.
    await call('settings:update', { idleTimeoutSeconds: 600, staffSessionMinutes: 60 });
    await call('enquiries:log', { channel: 'desk', topicId: 'roads', location: 'Horse Fair', summary: 'Desk enquiry with a long word', details: `${LONG.slice(0, 1900)}\n${sample('script-tag').text}`, contact: null, status: 'new' });
    const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
    await call('forums:saveMeeting', { forumId: 'rugeley', date: day(-30), startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false });
    const meeting = await call('forums:saveMeeting', { forumId: 'rugeley', date: day(12), startsAt: '18:30', place: sample('svg-onload').text, cancelled: false });
    await call('auth:signOut', undefined);

    await call('auth:signIn', CHAIR);
    const agenda = await call('forums:saveItem', {
      meetingId: meeting.id,
      title: `${sample('img-onerror').text}`,
      summary: `${LONG.slice(0, 900)}\n${RTL}`,
      restricted: false,
      referral: 'body',
      referralBody: sample('javascript-link').text.slice(0, 120),
      enquiryIds: [raised.get('img-onerror')!, rtl.id, longPlace.id],
    });
    const item = agenda.items[0]!;
    await call('forums:recordOutcome', { id: item.id, version: item.version, decision: 'referred', outcome: `${sample('script-tag').text} ${RTL}`, minute: sample('svg-onload').text });
    const outcomeEnquiry = await call('enquiries:get', { id: raised.get('img-onerror')! });
    return { outcomeReference: outcomeEnquiry.reference };
  } finally {
    backend.close();
  }
}

/** Nothing the text holds became part of the page, and nothing makes it scroll sideways. */
async function expectInert(page: Page, dialogs: readonly string[], where: string): Promise<void> {
  expect(dialogs, `${where}: no dialog`).toEqual([]);
  const injected = await page.locator('#root').locator('script, img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:" i], iframe').count();
  expect(injected, `${where}: no element made from the text`).toBe(0);
  const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement;
    // The innermost elements reaching past the right edge, to name the culprit when there is one.
    const widest = Array.from(document.querySelectorAll('#root *'))
      .filter((el) => el.getBoundingClientRect().right > clientWidth + 1 && !Array.from(el.children).some((child) => child.getBoundingClientRect().right > clientWidth + 1))
      .slice(0, 5)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> to ${Math.round(el.getBoundingClientRect().right)}px`);
    return { scrollWidth, clientWidth, widest };
  });
  expect(scrollWidth, `${where}: no sideways scroll; past the edge: ${widest.join(', ')}`).toBeLessThanOrEqual(clientWidth);
}

/**
 * Every piece of text holding `text` sits in an element that isolates it (a `dir` attribute, a
 * `<bdi>`, or `unicode-bidi: isolate`/`plaintext`) and holds nothing else: React gives each value
 * its own text node, so an isolating element with one text node shows one person's words. A
 * right-to-left phrase then runs its own way without reordering the separators and labels beside
 * it. Returns how many were found.
 */
async function expectIsolated(page: Page, text: string, where: string): Promise<number> {
  const { count, problems } = await page.evaluate((needle) => {
    const isolates = (el: Element) =>
      el.hasAttribute('dir') || el.tagName === 'BDI' || ['isolate', 'plaintext', 'isolate-override'].includes(getComputedStyle(el).unicodeBidi);
    const textNodes = (el: Element) => {
      const nodes: string[] = [];
      const inner = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = inner.nextNode(); node; node = inner.nextNode()) if (node.textContent?.trim()) nodes.push(node.textContent.trim());
      return nodes;
    };
    const problems: string[] = [];
    let count = 0;
    const walker = document.createTreeWalker(document.getElementById('root')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.includes(needle)) continue;
      count++;
      let el = node.parentElement;
      while (el && el.id !== 'root' && !isolates(el)) el = el.parentElement;
      if (!el || el.id === 'root') problems.push(`not isolated: "${node.textContent.slice(0, 60)}"`);
      else if (textNodes(el).length !== 1) problems.push(`<${el.tagName.toLowerCase()} class="${el.className}"> isolates it with other text: ${JSON.stringify(textNodes(el))}`);
    }
    return { count, problems };
  }, text);
  expect(problems, `${where}: residents' words isolated`).toEqual([]);
  return count;
}

/** The on-screen keyboard folded away, and the whole page, for a person to look at the words. */
async function look(page: Page, name: string): Promise<void> {
  const hide = page.getByRole('button', { name: 'Hide keyboard' });
  if (await hide.isVisible()) await hide.click();
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function signIn(page: Page, who: { username: string; pin: string }): Promise<void> {
  await page.getByRole('button', { name: 'Staff sign in' }).click();
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('PIN').fill(who.pin);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Staff sections' })).toBeVisible();
}

test('hostile text is shown as text, wraps, and stays isolated on every screen that shows residents’ words', async ({ page, host, browser }) => {
  test.setTimeout(180_000);
  await host.stop();
  const { outcomeReference } = await seed(host.dataDir);
  const { url } = await host.restart();

  const desk = await browser.newPage({ viewport: DESK });
  const dialogs: string[] = [];
  for (const p of [page, desk]) {
    p.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }
  await desk.goto(url);
  await signIn(desk, CHAIR);

  // The staff list: every search box input answers normally, and "alert" finds the markup as words.
  const search = desk.getByLabel('Search');
  const count = desk.locator('.enquiry-list__count');
  for (const { query } of hostile.searches) {
    await search.fill(query);
    await expect(count).toHaveText(/^\d+ enquir/);
    await expect(desk.locator('.error-summary')).toHaveCount(0);
  }
  await search.fill('alert');
  await expect(count).toHaveText('5 enquiries'); // and the desk enquiry, whose details hold a script tag
  const rows = desk.locator('.enquiry-row__summary');
  for (const id of ['script-tag', 'img-onerror', 'svg-onload', 'javascript-link']) await expect(rows.filter({ hasText: shown(id, 200) })).toHaveCount(1);
  await expectInert(desk, dialogs, 'staff list, "alert"');
  await search.fill('');
  await expect(count).toHaveText('14 enquiries');
  await expectIsolated(desk, RTL, 'staff list');
  for (const viewport of [DESK, KIOSK]) {
    await desk.setViewportSize(viewport);
    await expectInert(desk, dialogs, `staff list at ${viewport.width}x${viewport.height}`);
    await look(desk, `hostile-text-list-${viewport.width}`);
  }
  await desk.setViewportSize(DESK);

  // An enquiry with a 1,900-character word in its details.
  await search.fill('Desk enquiry');
  await desk.getByRole('button', { name: /Desk enquiry with a long word/ }).click();
  await expect(desk.getByText(sample('script-tag').text)).toBeVisible();
  for (const viewport of [DESK, KIOSK]) {
    await desk.setViewportSize(viewport);
    await expectInert(desk, dialogs, `enquiry at ${viewport.width}x${viewport.height}`);
    await look(desk, `hostile-text-enquiry-${viewport.width}`);
  }
  await desk.setViewportSize(DESK);
  await desk.getByRole('button', { name: 'Back' }).first().click();

  // The forum's issues.
  await desk.getByRole('button', { name: 'Forum' }).click();
  await expect(desk.locator('.forum-issue')).toHaveCount(14);
  await expectInert(desk, dialogs, 'forum issues');
  for (const id of ['script-tag', 'svg-onload', 'javascript-link', 'rtl-override', 'zwj-zwnj', 'sql-drop', 'fts-syntax', 'formula-equals']) {
    await expect(desk.locator('.forum-issue__summary').filter({ hasText: shown(id, 200) }).first()).toBeVisible();
  }
  expect(await expectIsolated(desk, RTL, 'forum issues')).toBeGreaterThanOrEqual(2);
  for (const viewport of [DESK, KIOSK]) {
    await desk.setViewportSize(viewport);
    await expectInert(desk, dialogs, `forum issues at ${viewport.width}x${viewport.height}`);
    await look(desk, `hostile-text-forum-${viewport.width}`);
  }
  await desk.setViewportSize(DESK);

  // The agenda: a hostile title, a long summary with a right-to-left line, the outcome and minute.
  await desk.getByRole('button', { name: 'Agenda' }).click();
  const item = desk.locator('.agenda-item').first();
  await expect(item.locator('.agenda-item__title')).toContainText(sample('img-onerror').text);
  await expect(item).toContainText(`${sample('script-tag').text} ${RTL}`);
  await expect(item).toContainText(sample('svg-onload').text);
  await expect(desk.getByText(sample('svg-onload').text).first()).toBeVisible();
  expect(await expectIsolated(desk, RTL, 'agenda')).toBeGreaterThanOrEqual(1);
  for (const viewport of [DESK, KIOSK]) {
    await desk.setViewportSize(viewport);
    await expectInert(desk, dialogs, `agenda at ${viewport.width}x${viewport.height}`);
    await look(desk, `hostile-text-agenda-${viewport.width}`);
  }

  // The touchscreen: a resident raises an issue in hostile words, then checks a reference whose outcome holds some.
  await page.setViewportSize(KIOSK);
  await page.goto(url);
  await page.getByRole('button', { name: /Raise a local issue/ }).click();
  await page.getByRole('button', { name: 'Roads, pavements and street lights' }).click();
  await page.getByText('Roads and potholes', { exact: true }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Where is it?').fill(LONG.slice(0, 120));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('What is the problem?').fill(sample('svg-onload').text);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('No, I will check with my reference').click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.answers')).toContainText(sample('svg-onload').text);
  await expectInert(page, dialogs, 'check your answers');
  await look(page, 'hostile-text-answers-1080');
  await page.getByRole('button', { name: 'Send to the forum' }).click();
  await expect(page.getByRole('heading', { name: 'Your issue has been sent' })).toBeVisible();
  await page.getByRole('button', { name: 'Finish' }).click();

  await page.getByRole('button', { name: /Check an issue/ }).click();
  await page.getByLabel('Your reference').fill(outcomeReference);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('.issue-status')).toContainText(`${sample('script-tag').text} ${RTL}`);
  await expectInert(page, dialogs, 'reference check');
  expect(await expectIsolated(page, RTL, 'reference check')).toBe(1);
  await look(page, 'hostile-text-check-1080');
  await page.setViewportSize(DESK);
  await expectInert(page, dialogs, 'reference check at 1366x768');
});
