import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { makeTempDir } from '../support/tempDir';
import { RUGELEY_SETUP, configuredDataDir } from '../support/kiosk';
import type { SetupInput } from '../../shared/ipc/contract';

const ROOT = resolve(import.meta.dirname, '../..');

/** The end-to-end kiosks' database key (a test key: never one a real kiosk uses). */
export const E2E_DATABASE_KEY = 'e2e0'.repeat(16);

/** A browser host started exactly as `npm run preview:browser` starts it, on a free port. */
export interface RunningHost {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startHost(dataDir: string): Promise<RunningHost> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/browser-host/cli.ts', '--port', '0', '--data', dataDir],
    // The kiosk's database is encrypted with this key: a kiosk set up by configuredDataDir (plain) is encrypted where it lies on first start.
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ONESTOP_DB_KEY: E2E_DATABASE_KEY } },
  );
  let output = '';
  let stopping = false;
  // A host that dies under a test (a crash, the OOM killer) is said in the test's output with its last words, not left as a silent wait.
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`browser host on ${dataDir} exited unexpectedly (code ${code}, signal ${signal}); its last output:\n${output.slice(-4000)}`);
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /onestop browser host: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolveUrl(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`browser host exited (${code}): ${output}`)));
    setTimeout(() => reject(new Error(`browser host did not start: ${output}`)), 30_000);
  });
  return {
    url,
    dataDir,
    async stop() {
      stopping = true;
      // Exited already, by a code or a signal: its 'exit' has been and will not come again.
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await once(child, 'exit');
      clearTimeout(killer);
    },
  };
}

/** Each test gets its own data folder and host; restart() proves what survives a host restart. */
export const test = base.extend<{
  /** Pages a test opened with `browser.newPage` are closed after it, so they do not poll a stopped host through later tests. */
  closeOpenedPages: void;
  /** The first-run setup done before the host starts, or null for a kiosk straight out of the box. */
  setup: SetupInput | null;
  dataDir: string;
  host: RunningHost & { restart(): Promise<RunningHost> };
}>({
  closeOpenedPages: [
    async ({ browser, context }, use) => {
      const before = new Set(browser.contexts());
      await use();
      for (const opened of browser.contexts()) if (opened !== context && !before.has(opened)) await opened.close();
    },
    { auto: true },
  ],
  setup: [RUGELEY_SETUP, { option: true }],
  dataDir: async ({}, use) => {
    const dir = makeTempDir('onestop-e2e-');
    await use(dir.path);
    dir.remove();
  },
  host: async ({ dataDir, setup }, use) => {
    if (setup) await configuredDataDir(dataDir, setup);
    let current = await startHost(dataDir);
    const handle = {
      get url() {
        return current.url;
      },
      dataDir,
      stop: () => current.stop(),
      async restart() {
        await current.stop();
        current = await startHost(dataDir);
        return current;
      },
    };
    await use(handle);
    await current.stop();
  },
});

export { expect } from '@playwright/test';

/** Folder for screenshots a person reviews (not committed). */
export const SCREENSHOTS = resolve(ROOT, 'screenshots');

export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}
