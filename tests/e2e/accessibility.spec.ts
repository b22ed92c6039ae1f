import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, shoot } from './host';
import { ADMIN, RUGELEY_SETUP } from '../support/kiosk';
import { LANGUAGES } from '../../shared/i18n/languages';
import { resources } from '../../shared/i18n/resources';

const KIOSK = { width: 1080, height: 1920 };
const DESK = { width: 1366, height: 768 };
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Messages = (typeof resources)['en-GB']['translation'];
const messages = (code: string): Messages => resources[code as keyof typeof resources].translation;

/** Each resident screen, reached by touch from the home screen in the current language. */
const RESIDENT_SCREENS: readonly { name: string; open: (page: Page, m: Messages) => Promise<void> }[] = [
  { name: 'home', open: async () => {} },
  {
    name: 'find-service',
    open: async (page) => {
      await page.locator('.tile').first().click();
      await page.locator('.group-tile').first().waitFor();
    },
  },
  {
    name: 'search-results',
    open: async (page) => {
      await page.locator('.tile').first().click();
      await page.locator('input[name="directory-search"]').fill('pothole');
      await page.locator('.service-card').first().waitFor();
    },
  },
  {
    name: 'topic-roads',
    open: async (page, m) => {
      await page.locator('.tile').first().click();
      await page.getByRole('button', { name: m.topicGroups.roads }).click();
      await page.locator('.service-card').first().waitFor();
    },
  },
  {
    name: 'body-county',
    open: async (page, m) => {
      await page.locator('.tile').first().click();
      await page.getByRole('button', { name: m.bodyNames.county }).click();
      await page.locator('.service-card').first().waitFor();
    },
  },
  {
    name: 'service',
    open: async (page) => {
      await page.locator('.tile').first().click();
      await page.locator('input[name="directory-search"]').fill('pothole');
      await page.locator('.service-card').first().click();
      await page.locator('img.qr').waitFor();
    },
  },
  {
    name: 'raise-topic',
    open: async (page) => {
      await page.locator('.tile').nth(1).click();
      await page.locator('.group-tile').first().waitFor();
    },
  },
  {
    name: 'raise-topic-choice',
    open: async (page, m) => {
      await page.locator('.tile').nth(1).click();
      await page.getByRole('button', { name: m.topicGroups.roads }).click();
      await page.getByText(m.topics.roads, { exact: true }).click();
    },
  },
  {
    name: 'raise-where',
    open: async (page, m) => {
      await toIssueStep(page, m, 'where');
      await page.getByLabel(m.raise.where.label).click();
      await page.locator('.onestop-keyboard').waitFor();
    },
  },
  {
    name: 'raise-what-error',
    open: async (page, m) => {
      await toIssueStep(page, m, 'what');
      await page.getByLabel(m.raise.what.label).fill('x');
      await page.getByRole('button', { name: m.raise.continue }).click();
      await page.locator('.field__error').waitFor();
    },
  },
  {
    name: 'raise-contact',
    open: async (page, m) => {
      await toIssueStep(page, m, 'contact');
      await page.getByText(m.raise.contact.yes, { exact: true }).click();
      await page.getByLabel(m.raise.contact.phone).waitFor();
    },
  },
  {
    name: 'raise-check',
    open: async (page, m) => {
      await toIssueStep(page, m, 'check');
    },
  },
  {
    name: 'receipt',
    open: async (page, m) => {
      await toIssueStep(page, m, 'check');
      await page.getByRole('button', { name: m.raise.send }).click();
      await page.locator('img.qr').waitFor();
    },
  },
  {
    name: 'check-issue',
    open: async (page, m) => {
      await toIssueStep(page, m, 'check');
      await page.getByRole('button', { name: m.raise.send }).click();
      const reference = (await page.locator('.receipt__reference').textContent())!;
      await page.getByRole('button', { name: m.receipt.done }).click();
      await page.locator('.tile').nth(2).click();
      await page.getByLabel(m.check.referenceLabel).fill(reference);
      await page.getByRole('button', { name: m.check.submit, exact: true }).click();
      await page.locator('.issue-status').waitFor();
    },
  },
  {
    name: 'sign-in',
    open: async (page, m) => {
      await page.getByRole('button', { name: m.home.staffSignIn }).click();
      await page.getByLabel(m.signIn.username).click();
      await page.locator('.onestop-keyboard').waitFor();
    },
  },
];

/** Goes through "Raise a local issue" by touch up to the given step, answering as a resident would. */
async function toIssueStep(page: Page, m: Messages, step: 'where' | 'what' | 'contact' | 'check'): Promise<void> {
  await page.locator('.tile').nth(1).click();
  await page.getByRole('button', { name: m.topicGroups.roads }).click();
  await page.getByText(m.topics.roads, { exact: true }).click();
  await page.getByRole('button', { name: m.raise.continue }).click();
  if (step === 'where') return;
  await page.getByLabel(m.raise.where.label).fill('Church Street');
  await page.getByRole('button', { name: m.raise.continue }).click();
  if (step === 'what') return;
  await page.getByLabel(m.raise.what.label).fill('Deep pothole by the school gate');
  await page.getByRole('button', { name: m.raise.continue }).click();
  if (step === 'contact') return;
  await page.getByText(m.raise.contact.no, { exact: true }).click();
  await page.getByRole('button', { name: m.raise.continue }).click();
  await page.locator('.answers').waitFor();
}

async function openIn(page: Page, url: string, code: string): Promise<Messages> {
  await page.goto(url);
  const language = LANGUAGES.find((l) => l.code === code)!;
  await page.getByRole('button', { name: language.nativeName, exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', code);
  return messages(code);
}

async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, label).toEqual([]);
}

/** Every control a finger can touch is at least 44 by 44 CSS pixels (WCAG 2.5.5 / 2.5.8). */
async function expectTouchTargets(page: Page, label: string): Promise<void> {
  const small = await page.evaluate(() => {
    const selector = 'button, a[href], input:not([type="radio"]):not([type="hidden"]), select, textarea, [role="button"], label.choice';
    return [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ el, box }) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
  });
  expect(small, label).toEqual([]);
}

test.describe('resident screens', () => {
  test.use({ viewport: KIOSK });

  for (const code of ['en-GB', 'ur']) {
    test(`have no WCAG 2.2 AA violations and touch targets of 44 px or more, in ${code}`, async ({ page, host }) => {
      for (const screen of RESIDENT_SCREENS) {
        const m = await openIn(page, host.url, code);
        await screen.open(page, m);
        await expectNoAxeViolations(page, `${screen.name} ${code}`);
        await expectTouchTargets(page, `${screen.name} ${code}`);
      }
    });
  }

  test('the idle warning and the high-contrast, largest-text display pass too', async ({ page, host }) => {
    await page.clock.install();
    const m = await openIn(page, host.url, 'en-GB');
    await page.getByRole('button', { name: m.display.contrast }).click();
    await page.getByRole('button', { name: m.display.sizes.largest }).click();
    await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high');
    await expectNoAxeViolations(page, 'home high contrast');
    await expectTouchTargets(page, 'home high contrast');
    await page.locator('.tile').first().click();
    await expectNoAxeViolations(page, 'find service high contrast');
    await page.clock.runFor(61_000);
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expectNoAxeViolations(page, 'idle warning');
    await shoot(page, 'idle-warning-high-contrast-1080x1920');
    // Leaving it alone wipes the display choices with everything else.
    await page.clock.runFor(31_000);
    await expect(page.locator('html')).toHaveAttribute('data-contrast', 'standard');
    await expect(page.locator('html')).toHaveAttribute('data-text-size', 'standard');
  });

  test('screenshots of every resident screen in every language, for a person to review', async ({ page, host }) => {
    test.setTimeout(180_000);
    for (const language of LANGUAGES) {
      for (const screen of RESIDENT_SCREENS) {
        const m = await openIn(page, host.url, language.code);
        await screen.open(page, m);
        await shoot(page, `languages/${language.code}/${screen.name}-1080x1920`);
      }
    }
  });
});

test.describe('first-run setup', () => {
  test.use({ viewport: KIOSK, setup: null });

  for (const code of ['en-GB', 'ur']) {
    test(`has no WCAG 2.2 AA violations, in ${code}`, async ({ page, host }) => {
      await openIn(page, host.url, code);
      await expectNoAxeViolations(page, `setup ${code}`);
    });
  }
});

/** A staff tab by its name; a language not translated yet shows it in English, as i18next does. */
async function openSection(page: Page, m: Messages, section: keyof Messages['staff']['sections']): Promise<void> {
  const name = (m.staff.sections as Partial<Messages['staff']['sections']>)[section] ?? messages('en-GB').staff.sections[section];
  await page.getByRole('button', { name, exact: true }).click();
}

/**
 * The forum's work as an administrator does it (with the forum picker): the issue logged earlier
 * ticked with no meeting yet, a meeting being added, the issue made an agenda item and edited,
 * its outcome being recorded, and a public export's redaction review. Found by structure, not
 * words, so it reads the same in every language.
 */
async function walkForumWork(page: Page, m: Messages, code: string): Promise<void> {
  await openSection(page, m, 'forum');
  await expect(page.locator('.forum-picker select')).toBeVisible();
  await page.locator('.forum-issue__check input').first().check();
  await page.locator('.selection-bar').waitFor();
  await expectNoAxeViolations(page, `forum selection without a meeting ${code}`);
  await expectTouchTargets(page, `forum selection ${code}`);

  await openSection(page, m, 'agenda');
  await page.locator('.meetings .actions .button').first().click();
  const form = page.locator('.meeting-form');
  await form.locator('input[type="date"]').fill(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + 7 * 86_400_000)));
  await expectNoAxeViolations(page, `meeting form ${code}`);
  await expectTouchTargets(page, `meeting form ${code}`);
  await form.locator('button[type="submit"]').click();
  await page.locator('.meeting__open[aria-pressed="true"]').waitFor();

  await openSection(page, m, 'forum');
  await page.locator('.forum-issue__check input').first().check();
  await page.locator('.selection-bar .button').first().click();
  const item = page.locator('.agenda-item').first();
  await item.locator('.item-form').waitFor();
  await expectNoAxeViolations(page, `agenda item editor ${code}`);
  await expectTouchTargets(page, `agenda item editor ${code}`);
  await item.locator('.item-form .actions .button--secondary').click();
  await item.locator('.agenda-item__actions .button').nth(3).click();
  await item.locator('.item-form').waitFor();
  await expectNoAxeViolations(page, `outcome form ${code}`);
  await expectTouchTargets(page, `outcome form ${code}`);
  await item.locator('.item-form .actions .button--secondary').click();

  const exports = page.locator('.agenda-board .export-panel');
  await exports.locator('.export-panel__formats .button').first().click();
  await exports.locator('.review').waitFor();
  await expectNoAxeViolations(page, `public export review ${code}`);
  await expectTouchTargets(page, `public export review ${code}`);
}

test.describe('staff screens', () => {
  test.use({ viewport: DESK, setup: { ...RUGELEY_SETUP, deviceCode: 'D1', displayMode: 'desk' } });

  for (const code of ['en-GB', 'ur']) {
    test(`have no WCAG 2.2 AA violations, in ${code}`, async ({ page, host }) => {
      const m = await openIn(page, host.url, code);
      await page.getByRole('button', { name: m.home.staffSignIn }).click();
      await expectNoAxeViolations(page, `sign-in ${code}`);
      await page.getByLabel(m.signIn.username).fill(ADMIN.username);
      await page.getByLabel(m.signIn.pin).fill('000000');
      await page.getByRole('button', { name: m.signIn.submit, exact: true }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoAxeViolations(page, `sign-in error ${code}`);
      await page.getByLabel(m.signIn.pin).fill(ADMIN.pin);
      await page.getByRole('button', { name: m.signIn.submit, exact: true }).click();
      await expect(page.getByRole('heading', { name: m.staff.title })).toBeVisible();
      await expectNoAxeViolations(page, `staff area ${code}`);
      await expectTouchTargets(page, `staff area ${code}`);

      await page.getByRole('button', { name: m.staff.sections.log }).click();
      await page.getByLabel(m.log.topic).selectOption('roads');
      await page.getByLabel(m.log.location).fill('Church Street');
      await page.getByRole('button', { name: m.log.save }).click();
      await expect(page.locator('.field__error')).toHaveCount(1);
      await expectNoAxeViolations(page, `log form with an error ${code}`);
      await expectTouchTargets(page, `log form ${code}`);
      await page.getByLabel(m.log.summary).fill('Pothole by the school gate');
      await page.getByRole('button', { name: m.log.save }).click();
      await page.locator('.notice').getByRole('button').click();
      await page.locator('.history').waitFor();
      await expectNoAxeViolations(page, `enquiry detail ${code}`);
      await expectTouchTargets(page, `enquiry detail ${code}`);
      // Back returns to the form it came from; the list is its own tab.
      await page.locator('.back-button').click();
      await page.getByLabel(m.log.topic).waitFor();
      await page.getByRole('button', { name: m.staff.sections.enquiries }).click();
      await page.locator('.enquiry-row__open').first().waitFor();
      await expectNoAxeViolations(page, `enquiry list ${code}`);
      await expectTouchTargets(page, `enquiry list ${code}`);
      for (const section of ['forum', 'agenda', 'directory', 'accounts', 'settings'] as const) {
        await openSection(page, m, section);
        if (section === 'forum') await page.locator('.forum-headline').waitFor();
        if (section === 'agenda') await page.locator('.meetings').waitFor();
        await expectNoAxeViolations(page, `${section} ${code}`);
        await expectTouchTargets(page, `${section} ${code}`);
      }
      await walkForumWork(page, m, code);
    });
  }
});
