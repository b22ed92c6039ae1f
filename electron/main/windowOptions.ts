import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { DisplayMode } from '../../shared/domain/settings';
import { assertNever } from '../../shared/domain/exhaustive';

/** Painted before the first frame, so the screen never flashes another colour while the renderer loads. */
export const WINDOW_BACKGROUND = '#ffffff';

/** A front-desk window opens at the commonest desk-PC resolution and may shrink to a small laptop's. */
export const DESK_SIZE = { width: 1366, height: 768, minWidth: 1024, minHeight: 640 } as const;

export interface WindowBuildInfo {
  /** `app.isPackaged`. DevTools stay off in a packaged build whatever the mode. */
  readonly packaged: boolean;
}

/**
 * The renderer's privileges, identical in both modes: no Node, an isolated and sandboxed preload,
 * no webviews, the web platform's own protections left on (Electron security checklist 2-4, 6, 8-13).
 */
function lockedWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools,
  };
}

/**
 * The main window's options. Kiosk: full screen, no frame, no DevTools even in development, so a
 * resident cannot leave the app. Desk: an ordinary resizable window; DevTools only in development.
 * The window starts hidden and is shown on `ready-to-show`.
 */
export function windowOptionsFor(
  mode: DisplayMode,
  preloadPath: string,
  build: WindowBuildInfo = { packaged: true },
): BrowserWindowConstructorOptions {
  const common = {
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    autoHideMenuBar: true,
    title: 'onestop',
  } satisfies BrowserWindowConstructorOptions;

  switch (mode) {
    case 'kiosk':
      return {
        ...common,
        kiosk: true,
        fullscreen: true,
        frame: false,
        resizable: false,
        movable: false,
        minimizable: false,
        maximizable: false,
        webPreferences: lockedWebPreferences(preloadPath, false),
      };
    case 'desk':
      return {
        ...common,
        ...DESK_SIZE,
        kiosk: false,
        frame: true,
        resizable: true,
        webPreferences: lockedWebPreferences(preloadPath, !build.packaged),
      };
    default:
      return assertNever(mode);
  }
}
