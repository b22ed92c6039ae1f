import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { openDatabase } from '../../db';
import { startHub, type RunningHub } from '../../server/hub';
import { test, expect, SCREENSHOTS, E2E_DATABASE_KEY } from './host';
import { ADMIN, RUGELEY_SETUP } from '../support/kiosk';
import { makeTempDir } from '../support/tempDir';

const DESK = { width: 1366, height: 768 };
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let hubDir: ReturnType<typeof makeTempDir>;
let hub: RunningHub;

test.use({ viewport: DESK, setup: { ...RUGELEY_SETUP, displayMode: 'desk' } });

test.beforeEach(async () => {
  hubDir = makeTempDir('onestop-hub-');
  hub = await startHub({ dataDir: hubDir.path, port: 0 });
});
test.afterEach(async () => {
  await hub.close();
  hubDir.remove();
});

test('staff see the sync at a glance, connect the hub, and send a refused change again', async ({ page, host }) => {
  const { token } = await hub.store.addDevice({ unitId: 'rugeley', name: 'K2', now: new Date() });
  // A change the hub will refuse (it has no reference), as a damaged or too-new change would be.
  const db = openDatabase(join(host.dataDir, 'onestop.db'), { key: E2E_DATABASE_KEY });
  try {
    db.prepare("INSERT INTO outbox (entity, entity_id, version, payload, created_at) VALUES ('enquiry', ?, 1, ?, ?)").run(
      randomUUID(),
      JSON.stringify({ unitId: 'rugeley', topic: 'roads', summary: 'No reference', createdAt: new Date().toISOString() }),
      new Date().toISOString(),
    );
  } finally {
    db.close();
  }

  await page.goto(host.url);
  await page.getByRole('button', { name: 'Staff sign in' }).click();
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('PIN').fill(ADMIN.pin);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  const bar = page.locator('.sync-line');
  await expect(bar).toContainText('Hub not set up');
  await expect(bar).toContainText('1 change waiting to sync');
  await expect(bar.getByRole('button', { name: 'Sync now' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Forum hub address').fill(hub.url);
  await page.getByLabel('Hub device token').fill(token);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('A token is saved.')).toBeVisible();
  await expect(page.getByLabel('Hub device token')).toHaveValue('');

  // Saving the address and token starts the sync at once; the staff bar follows it.
  await expect(bar).toContainText('Connected to the hub');
  await expect(bar).toContainText('0 changes waiting to sync · 1 change refused by the hub');
  await expect(bar).toContainText(/Last synced today at \d\d:\d\d/);

  const panel = page.locator('.sync-panel');
  await expect(panel.getByRole('heading', { name: 'Changes the hub refused' })).toBeVisible();
  await expect(panel).toContainText('A change without a reference');
  await expect(panel).toContainText(/The hub said: .*reference/);
  const axe = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, 'staff-sync-en-1366x768.png'), fullPage: true });

  await panel.getByRole('button', { name: 'Send again' }).click();
  await expect(panel.getByRole('status')).toContainText('will be sent again');

  await bar.getByRole('button', { name: 'Sync now' }).click();
  await expect(bar.getByRole('status')).toHaveText('Sync finished.');
  // Sent again unchanged, the hub refuses it again: still listed, never lost.
  await expect(bar).toContainText('1 change refused by the hub');

  await hub.close();
  await bar.getByRole('button', { name: 'Sync now' }).click();
  await expect(bar).toContainText('Cannot reach the hub');
  await expect(bar).toContainText('Last problem: The kiosk cannot reach the hub.');
});
