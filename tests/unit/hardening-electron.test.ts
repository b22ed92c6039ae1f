import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { registerIpcHandlers, type IpcRegistry } from '../../electron/main/ipc';
import { contentSecurityPolicy, isAppMainFrame, type FrameIdentity } from '../../electron/main/security';
import { APP_ORIGIN, serveRendererRequest } from '../../electron/main/appProtocol';
import { CHANNEL_NAMES } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';

// Electron security checklist items that electron-security.test.ts, electron-window-options.test.ts,
// electron-ipc.test.ts and electron-app-protocol.test.ts assert for one case only, asserted here for
// every case: the sender check on every channel, the CSP on every response of the app protocol,
// and the packaging and source-level items (fuses, no shell.openExternal, one exposed API).

const REPO = join(import.meta.dirname, '..', '..');

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

describe('checklist 17: the sender of every IPC channel is checked', () => {
  const mainFrame: FrameIdentity = { url: 'app://onestop/index.html', parent: null, processId: 3, routingId: 1 };
  const trusted = (frame: WebFrameMain | null) => isAppMainFrame(frame, APP_ORIGIN, mainFrame);
  /** Frames that must never reach the backend: none, another site, a sub-frame, another window, a look-alike origin. */
  const FOREIGN: readonly (FrameIdentity | null)[] = [
    null,
    { ...mainFrame, url: 'https://evil.example/index.html' },
    { ...mainFrame, url: 'app://onestop.evil/index.html' },
    { ...mainFrame, url: 'file:///C:/onestop/index.html' },
    { ...mainFrame, url: 'app://onestop/index.html', parent: mainFrame, routingId: 5 },
    { ...mainFrame, processId: 99 },
    { ...mainFrame, routingId: 2 },
  ];

  let dataDir: string;
  let backend: Backend;
  let dispatched: string[];
  const handlers = new Map<string, Listener>();
  const registry: IpcRegistry = {
    handle: (channel: string, listener: Listener) => void handlers.set(channel, listener),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const invoke = async (channel: string, frame: FrameIdentity | null, input?: unknown) => {
    const listener = handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const event = { senderFrame: frame, sender: { id: 7 } } as unknown as IpcMainInvokeEvent;
    return (await listener(event, input)) as Result<unknown>;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'onestop-hardening-ipc-'));
    backend = createBackend({ dataDir, log: () => {}, sync: { autoStart: false } });
    dispatched = [];
    // The real backend, counting what reaches it.
    const counting: Pick<Backend, 'dispatch'> = {
      dispatch: (channel, input, caller) => {
        dispatched.push(String(channel));
        return backend.dispatch(channel, input, caller);
      },
    };
    registerIpcHandlers(registry, counting, trusted);
  });
  afterEach(() => {
    handlers.clear();
    backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses every channel from every untrusted frame before the backend sees it', async () => {
    expect([...handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const name of CHANNEL_NAMES) {
      for (const frame of FOREIGN) {
        const result = await invoke(name, frame, undefined);
        expect(result, `${name} from ${JSON.stringify(frame)}`).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });
      }
    }
    expect(dispatched).toEqual([]);
  });

  it("refuses a sub-frame of the signed-in administrator's own window, on every channel", async () => {
    const setup = {
      unitId: 'rugeley',
      deviceCode: 'K2',
      hubUrl: '',
      defaultLanguage: 'en-GB',
      displayMode: 'kiosk',
      admin: { displayName: 'Ada Admin', username: 'ada', pin: '246810' },
    };
    expect(await invoke('kiosk:setup', mainFrame, setup)).toMatchObject({ ok: true });
    expect(await invoke('auth:signIn', mainFrame, { username: 'ada', pin: '246810' })).toMatchObject({ ok: true, value: { role: 'admin' } });
    dispatched = [];
    const subFrame = { ...mainFrame, parent: mainFrame, routingId: 9 };
    for (const name of CHANNEL_NAMES) {
      expect(await invoke(name, subFrame), name).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });
    }
    expect(dispatched).toEqual([]);
    // The main frame of the same window still has its administrator session.
    expect(await invoke('staff:list', mainFrame)).toMatchObject({ ok: true });
  });

  it('passes every channel from the app main frame to the backend', async () => {
    for (const name of CHANNEL_NAMES) await invoke(name, mainFrame, undefined);
    expect(dispatched).toEqual([...CHANNEL_NAMES]);
  });
});

describe('checklist 7: the CSP travels with every response of the app protocol', () => {
  let root: string;
  const csp = contentSecurityPolicy('https://hub.cannockchase.example:8443/api');

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'onestop-hardening-renderer-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>onestop</title>');
    writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'index.css'), 'body{}');
    writeFileSync(join(root, 'assets', 'font.woff2'), 'x');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('on pages, scripts, styles, fonts, HEAD, 404 and 405 alike', async () => {
    const requests: [string, string, number][] = [
      ['app://onestop/index.html', 'GET', 200],
      ['app://onestop/assets/index.js', 'GET', 200],
      ['app://onestop/assets/index.css', 'GET', 200],
      ['app://onestop/assets/font.woff2', 'GET', 200],
      ['app://onestop/index.html', 'HEAD', 200],
      ['app://onestop/missing.html', 'GET', 404],
      ['app://onestop/assets', 'GET', 404],
      ['app://onestop/..%2f..%2fetc%2fpasswd', 'GET', 404],
      ['app://evil/index.html', 'GET', 404],
      ['app://onestop/index.html', 'POST', 405],
      ['app://onestop/index.html', 'PUT', 405],
    ];
    for (const [url, method, status] of requests) {
      const response = await serveRendererRequest({ url, method }, { root, csp });
      expect(response.status, `${method} ${url}`).toBe(status);
      expect(response.headers.get('content-security-policy'), `${method} ${url}`).toBe(csp);
      expect(response.headers.get('x-content-type-options'), `${method} ${url}`).toBe('nosniff');
    }
  });
});

/** Every TypeScript source file of the app (not tests, not node_modules). */
function appSources(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mts|cts)$/.test(entry)) files.push(path);
    }
  };
  for (const top of ['electron', 'renderer', 'shared', 'db']) walk(join(REPO, top));
  return files;
}

describe('checklist 15 and 20: what the app code may never do', () => {
  it('15. never calls shell.openExternal (nor shell.openPath) anywhere', () => {
    const sources = appSources();
    expect(sources.length).toBeGreaterThan(20);
    const offenders = sources.filter((file) => /\b(openExternal|openPath)\b/.test(readFileSync(file, 'utf8'))).map((f) => relative(REPO, f));
    expect(offenders).toEqual([]);
  });

  it('20. exposes exactly one thing to the page, the frozen client, and never ipcRenderer itself', () => {
    const preload = readFileSync(join(REPO, 'electron', 'preload', 'index.ts'), 'utf8');
    const exposed = [...preload.matchAll(/exposeInMainWorld\(\s*'([^']+)'\s*,\s*([\s\S]*?)\);/g)];
    expect(exposed.map((m) => m[1])).toEqual(['onestop']);
    expect(exposed[0]?.[2]).toMatch(/^createClient\(/);
    expect(preload).not.toMatch(/exposeInIsolatedWorld|webFrame|require\(/);
    // Only the app's own sources use contextBridge.
    const bridges = appSources()
      .filter((file) => /contextBridge/.test(readFileSync(file, 'utf8')))
      .map((f) => relative(REPO, f));
    expect(bridges).toEqual([join('electron', 'preload', 'index.ts')]);
  });
});

describe('checklist 19: fuses', () => {
  it('turns off run-as-node, NODE_OPTIONS, --inspect and file:// privileges, and checks the asar', () => {
    const yml = readFileSync(join(REPO, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?:[ \t]+.*\n?)+)/m.exec(yml)?.[1] ?? '';
    const fuses: Record<string, boolean> = Object.fromEntries([...block.matchAll(/^\s+(\w+):\s*(true|false)\s*$/gm)].map((m): [string, boolean] => [m[1] ?? '', m[2] === 'true']));
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
