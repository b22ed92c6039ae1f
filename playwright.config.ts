import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real app through the browser host in Debian's Chromium
 * (CHROMIUM_PATH, default /usr/bin/chromium): Playwright's own browser download cannot work offline.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env['CI'] ? 1 : 2,
  retries: 0,
  reporter: process.env['CI'] ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
        '--disable-default-apps',
        '--disable-extensions',
        '--metrics-recording-only',
        '--no-default-browser-check',
      ],
    },
    // A step that cannot happen (an element that never comes, a host that has gone) fails by its own
    // name within this, rather than waiting out the whole test's time with no word of where.
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
  },
});
