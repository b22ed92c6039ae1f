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
    name: 'raise-issue',
    open: async (page) => {
      await page.locator('.tile').nth(1).click();
      await page.locator('.panel').waitFor();
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
    });
  }
});
