import { describe, expect, it } from 'vitest';
import type { WebPreferences } from 'electron';
import { DESK_SIZE, windowOptionsFor } from '../../electron/main/windowOptions';
import { displayModeFrom } from '../../electron/main/displayMode';
import { fail, ok } from '../../shared/ipc/result';
import { DISPLAY_MODES } from '../../shared/domain/settings';

const PRELOAD = '/app/out/preload/index.cjs';

function prefsOf(mode: (typeof DISPLAY_MODES)[number], packaged = true): WebPreferences {
  const prefs = windowOptionsFor(mode, PRELOAD, { packaged }).webPreferences;
  if (!prefs) throw new Error('webPreferences missing');
  return prefs;
}

// https://www.electronjs.org/docs/latest/tutorial/security, item by item, for both modes.
describe.each(DISPLAY_MODES)('window options (%s): Electron security checklist', (mode) => {
  const prefs = prefsOf(mode);

  it('2. gives the page no Node.js integration, in workers or sub-frames either', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('3. isolates the preload from the page (contextIsolation)', () => {
    expect(prefs.contextIsolation).toBe(true);
  });

  it('4. sandboxes the renderer and loads the given preload', () => {
    expect(prefs.sandbox).toBe(true);
    expect(prefs.preload).toBe(PRELOAD);
  });

  it('6. keeps webSecurity on', () => {
    expect(prefs.webSecurity).toBe(true);
  });

  it('8. refuses insecure content on a secure page', () => {
    expect(prefs.allowRunningInsecureContent).toBe(false);
  });

  it('9. and 10. enables no experimental or Blink features', () => {
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });

  it('11. and 12. has no <webview> tag at all', () => {
    expect(prefs.webviewTag).toBe(false);
  });

  it('13. does not navigate to a file dropped on the window', () => {
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('lets a page be stopped from looping dialogs, and does not spell-check residents', () => {
    expect(prefs.safeDialogs).toBe(true);
    expect(prefs.spellcheck).toBe(false);
  });

  it('starts hidden with a background colour, to be shown on ready-to-show', () => {
    const options = windowOptionsFor(mode, PRELOAD);
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('defaults to the packaged (no DevTools) build when no build info is given', () => {
    expect(windowOptionsFor(mode, PRELOAD).webPreferences?.devTools).toBe(false);
  });
});

describe('window options: kiosk mode', () => {
  const options = windowOptionsFor('kiosk', PRELOAD, { packaged: true });

  it('covers the whole screen with no frame, menu bar or way to resize or minimise', () => {
    expect(options).toMatchObject({
      kiosk: true,
      fullscreen: true,
      frame: false,
      autoHideMenuBar: true,
      resizable: false,
      minimizable: false,
    });
  });

  it('has no DevTools, not even in a development build', () => {
    expect(prefsOf('kiosk', true).devTools).toBe(false);
    expect(prefsOf('kiosk', false).devTools).toBe(false);
  });
});

describe('window options: desk mode', () => {
  const options = windowOptionsFor('desk', PRELOAD, { packaged: true });

  it('is an ordinary framed, resizable 1366x768 window with minimum sizes', () => {
    expect(options).toMatchObject({ kiosk: false, frame: true, resizable: true });
    expect(options.fullscreen).not.toBe(true);
    expect(options.width).toBe(1366);
    expect(options.height).toBe(768);
    expect(options.minWidth).toBe(DESK_SIZE.minWidth);
    expect(options.minHeight).toBe(DESK_SIZE.minHeight);
    expect(DESK_SIZE.minWidth).toBeLessThanOrEqual(1366);
    expect(DESK_SIZE.minHeight).toBeLessThanOrEqual(768);
  });

  it('allows DevTools only in a development build', () => {
    expect(prefsOf('desk', true).devTools).toBe(false);
    expect(prefsOf('desk', false).devTools).toBe(true);
  });
});

describe('displayModeFrom', () => {
  const configured = (displayMode: string) =>
    ok({ configured: true, unit: {}, deviceCode: 'K1', defaultLanguage: 'en-GB', idleTimeoutSeconds: 60, displayMode });

  it("uses the kiosk's own setting once it is set up, over the environment", () => {
    expect(displayModeFrom(configured('desk'), 'kiosk')).toBe('desk');
    expect(displayModeFrom(configured('kiosk'), 'desk')).toBe('kiosk');
  });

  it('uses ONESTOP_DISPLAY_MODE before setup', () => {
    expect(displayModeFrom(ok({ configured: false }), 'desk')).toBe('desk');
    expect(displayModeFrom(ok({ configured: false }), ' DESK ')).toBe('desk');
  });

  it('falls back to kiosk, the locked-down mode, for anything else', () => {
    expect(displayModeFrom(ok({ configured: false }), undefined)).toBe('kiosk');
    expect(displayModeFrom(ok({ configured: false }), 'fullscreen-please')).toBe('kiosk');
    expect(displayModeFrom(configured('tablet'), undefined)).toBe('kiosk');
    expect(displayModeFrom(fail('storage/unavailable', 'disk gone'), undefined)).toBe('kiosk');
    expect(displayModeFrom(fail('storage/unavailable', 'disk gone'), 'desk')).toBe('desk');
  });
});
