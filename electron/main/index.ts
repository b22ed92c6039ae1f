import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import type { DisplayMode } from '../../shared/domain/settings';
import { createBackend, type Backend } from '../backend/backend';
import { databaseKeyFrom } from '../backend/databaseKey';
import { loadOrCreateDatabaseKey } from './databaseKey';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_DEFINITION, serveRendererRequest } from './appProtocol';
import { displayModeFrom } from './displayMode';
import { callerKeyOf, registerIpcHandlers } from './ipc';
import {
  applySessionSecurity,
  blockKioskShortcuts,
  contentSecurityPolicy,
  guardWebContents,
  isAppMainFrame,
} from './security';
import { windowOptionsFor } from './windowOptions';

const PRELOAD_PATH = join(import.meta.dirname, '../preload/index.cjs');
const RENDERER_ROOT = join(import.meta.dirname, '../renderer');

// electron-vite's dev server; never honoured in a packaged build, where the variable could be planted.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const rendererOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;
const entryUrl = devServerUrl ?? APP_ENTRY_URL;

let backend: Backend | null = null;
let mainWindow: BrowserWindow | null = null;

// Both must happen before `ready`: scheme privileges and the sandbox cannot be granted later.
protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // A second copy would open the same database and a second full-screen window over the first.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, rendererOrigin));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    backend?.close();
    backend = null;
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => failToStart(error));
}

function failToStart(error: unknown): void {
  dialog.showErrorBox('onestop cannot start', error instanceof Error ? error.message : String(error));
  backend?.close();
  backend = null;
  app.exit(1);
}

async function start(): Promise<void> {
  const dataDir = process.env['ONESTOP_DATA_DIR']?.trim() || app.getPath('userData');
  // Throws DatabaseTooNewError and the like; its message is written for the person at the screen.
  // A packaged app carries assets/fonts (for the PDF exports) as a resource beside the asar.
  // The database is encrypted. Its key is kept with the platform's safe storage (made on first start);
  // ONESTOP_DB_KEY or ONESTOP_DB_KEY_FILE give it instead, for IT support recovering a kiosk's data.
  const key = databaseKeyFrom(process.env) ?? loadOrCreateDatabaseKey(join(app.getPath('userData'), 'database.key'), safeStorage);
  const opened = createBackend({ dataDir, key, ...(app.isPackaged && { assetsDir: join(process.resourcesPath, 'assets') }) });
  backend = opened;

  const status = await opened.dispatch('kiosk:status', undefined, 'main');
  const mode = displayModeFrom(status, process.env['ONESTOP_DISPLAY_MODE']);
  const csp = contentSecurityPolicy(opened.settings()?.hubUrl);

  applySessionSecurity(session.defaultSession, rendererOrigin);
  protocol.handle(APP_SCHEME, (request) => serveRendererRequest(request, { root: RENDERER_ROOT, csp }));
  // The default menu carries reload, DevTools and links out to the web: only development keeps it.
  if (mode === 'kiosk' || app.isPackaged) Menu.setApplicationMenu(null);

  registerIpcHandlers(
    ipcMain,
    opened,
    (frame) => {
      const window = mainWindow;
      if (!window || window.isDestroyed()) return false;
      return isAppMainFrame(frame, rendererOrigin, window.webContents.mainFrame);
    },
    // A staff or administrator PIN was accepted: closing the app is what reaches the desktop, since
    // a kiosk window has no frame, menu or shortcut to leave by (will-quit closes the database).
    () => app.quit(),
  );

  mainWindow = createMainWindow(mode, opened);
}

function createMainWindow(mode: DisplayMode, owner: Backend): BrowserWindow {
  const window = new BrowserWindow(windowOptionsFor(mode, PRELOAD_PATH, { packaged: app.isPackaged }));
  const contents = window.webContents;
  const caller = callerKeyOf(contents);
  // A crashed, reloaded or closed page must not leave a staff session signed in behind it.
  const forgetSession = () => owner.forgetCaller(caller);

  if (mode === 'kiosk') blockKioskShortcuts(contents);
  contents.on('render-process-gone', forgetSession);
  contents.on('did-navigate', forgetSession);
  window.on('closed', () => {
    forgetSession();
    if (mainWindow === window) mainWindow = null;
  });
  window.once('ready-to-show', () => window.show());

  window.loadURL(entryUrl).catch((error: unknown) => failToStart(error));
  return window;
}
