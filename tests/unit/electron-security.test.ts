import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Session, WebContents } from 'electron';
import {
  applySessionSecurity,
  blockKioskShortcuts,
  contentSecurityPolicy,
  guardWebContents,
  hubOriginOf,
  isAppMainFrame,
  isAppUrl,
  isBlockedShortcut,
  type FrameIdentity,
  type ShortcutInput,
} from '../../electron/main/security';
import { APP_ORIGIN } from '../../electron/main/appProtocol';

function directivesOf(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('allows only the app itself when no hub is configured', () => {
    const csp = directivesOf(contentSecurityPolicy(''));
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('font-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it("names the hub's origin, and only its origin, in connect-src", () => {
    const csp = directivesOf(contentSecurityPolicy('https://hub.cannockchase.example:8443/api/v1?x=1#y'));
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://hub.cannockchase.example:8443']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('never contains a wildcard, unsafe-inline or unsafe-eval, whatever the hub setting holds', () => {
    const hostile = [
      '',
      'https://hub.example',
      'http://*.example',
      'https://*',
      'https://hub.example:*',
      'https://[::1]:8443',
      "https://hub.example; script-src 'unsafe-inline'",
      'https://hub.example/ *',
      'javascript:alert(1)',
      'https://user:secret@hub.example',
      'not a url',
    ];
    for (const hubUrl of hostile) {
      const csp = contentSecurityPolicy(hubUrl);
      expect(csp).not.toMatch(/\*|unsafe-|javascript:/);
      const directives = directivesOf(csp);
      expect(directives.size).toBe(10);
      const connect = directives.get('connect-src') ?? [];
      expect(connect[0]).toBe("'self'");
      expect(connect.length).toBeLessThanOrEqual(2);
    }
  });

  it('hubOriginOf accepts plain http(s) only', () => {
    expect(hubOriginOf('https://hub.example/path')).toBe('https://hub.example');
    expect(hubOriginOf('http://10.0.0.5:8080')).toBe('http://10.0.0.5:8080');
    expect(hubOriginOf('https://[::1]:8443/')).toBe('https://[::1]:8443');
    expect(hubOriginOf('https://bücher.example')).toBe('https://xn--bcher-kva.example');
    expect(hubOriginOf('http://*.example')).toBeNull();
    expect(hubOriginOf('ftp://hub.example')).toBeNull();
    expect(hubOriginOf('https://user:pw@hub.example')).toBeNull();
    expect(hubOriginOf('')).toBeNull();
    expect(hubOriginOf(null)).toBeNull();
  });
});

describe('isAppUrl', () => {
  it('accepts pages of the app origin', () => {
    expect(isAppUrl('app://onestop/index.html', APP_ORIGIN)).toBe(true);
    expect(isAppUrl('app://onestop/index.html#/desk', APP_ORIGIN)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });

  it('refuses everything else, including look-alikes', () => {
    for (const url of [
      'https://evil.example/',
      'app://evil/index.html',
      'app://onestop.evil/index.html',
      'app://onestop@evil/index.html',
      'app://user:pw@onestop/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<h1>hi</h1>',
      'about:blank',
      'http://localhost:5174/',
      'not a url',
    ]) {
      expect(isAppUrl(url, APP_ORIGIN), url).toBe(false);
    }
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('https://localhost:5173/', 'http://localhost:5173')).toBe(false);
  });
});

describe('isBlockedShortcut', () => {
  const key = (overrides: Partial<ShortcutInput>): ShortcutInput => ({
    key: '',
    code: '',
    control: false,
    meta: false,
    shift: false,
    alt: false,
    ...overrides,
  });

  it('blocks reload', () => {
    expect(isBlockedShortcut(key({ key: 'r', code: 'KeyR', control: true }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'R', code: 'KeyR', control: true, shift: true }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'r', code: 'KeyR', meta: true }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'F5', code: 'F5' }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'F5', code: 'F5', control: true }))).toBe(true);
  });

  it('blocks DevTools', () => {
    expect(isBlockedShortcut(key({ key: 'F12', code: 'F12' }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'I', code: 'KeyI', control: true, shift: true }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'J', code: 'KeyJ', control: true, shift: true }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'C', code: 'KeyC', control: true, shift: true }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'i', code: 'KeyI', meta: true, alt: true }))).toBe(true);
  });

  it('blocks closing, quitting, leaving full screen, view-source and print', () => {
    expect(isBlockedShortcut(key({ key: 'w', code: 'KeyW', control: true }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'F4', code: 'F4', control: true }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'F4', code: 'F4', alt: true }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'q', code: 'KeyQ', meta: true }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'F11', code: 'F11' }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'u', code: 'KeyU', control: true }))).toBe(true);
    expect(isBlockedShortcut(key({ key: 'p', code: 'KeyP', control: true }))).toBe(true);
  });

  it('catches a shortcut by its physical key on another layout', () => {
    // AZERTY or Cyrillic: the R key does not type "r".
    expect(isBlockedShortcut(key({ key: 'к', code: 'KeyR', control: true }))).toBe(true);
  });

  it('lets typing, editing and navigation keys through', () => {
    expect(isBlockedShortcut(key({ key: 'r', code: 'KeyR' }))).toBe(false);
    expect(isBlockedShortcut(key({ key: 'I', code: 'KeyI', shift: true }))).toBe(false);
    expect(isBlockedShortcut(key({ key: 'c', code: 'KeyC', control: true }))).toBe(false);
    expect(isBlockedShortcut(key({ key: 'v', code: 'KeyV', control: true }))).toBe(false);
    expect(isBlockedShortcut(key({ key: 'a', code: 'KeyA', control: true }))).toBe(false);
    expect(isBlockedShortcut(key({ key: 'z', code: 'KeyZ', control: true }))).toBe(false);
    expect(isBlockedShortcut(key({ key: 'Tab', code: 'Tab' }))).toBe(false);
    expect(isBlockedShortcut(key({ key: 'Enter', code: 'Enter' }))).toBe(false);
    expect(isBlockedShortcut(key({ key: 'Backspace', code: 'Backspace' }))).toBe(false);
    expect(isBlockedShortcut(key({ key: 'F4', code: 'F4' }))).toBe(false);
  });
});

interface FakeEvent {
  readonly url?: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

function fakeEvent(url?: string): FakeEvent {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  asWebContents(): WebContents {
    return this as unknown as WebContents;
  }
}

describe('guardWebContents', () => {
  const contents = new FakeWebContents();
  guardWebContents(contents.asWebContents(), APP_ORIGIN);

  it('denies every new window', () => {
    expect(contents.windowOpenHandler?.({ url: 'app://onestop/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
  });

  it('stops navigation and redirects away from the app, and lets in-app ones through', () => {
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = fakeEvent('https://evil.example/');
      contents.emit(name, away);
      expect(away.defaultPrevented, name).toBe(true);
      const file = fakeEvent('file:///etc/passwd');
      contents.emit(name, file);
      expect(file.defaultPrevented, name).toBe(true);
      const home = fakeEvent('app://onestop/index.html');
      contents.emit(name, home);
      expect(home.defaultPrevented, name).toBe(false);
    }
  });

  it('refuses to attach a webview', () => {
    const attach = fakeEvent();
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.defaultPrevented).toBe(true);
  });
});

describe('blockKioskShortcuts', () => {
  it('prevents a blocked shortcut from reaching the page and lets others through', () => {
    const contents = new FakeWebContents();
    blockKioskShortcuts(contents.asWebContents());
    const reload = fakeEvent();
    contents.emit('before-input-event', reload, { type: 'keyDown', key: 'r', code: 'KeyR', control: true, meta: false, shift: false, alt: false });
    expect(reload.defaultPrevented).toBe(true);
    const letter = fakeEvent();
    contents.emit('before-input-event', letter, { type: 'keyDown', key: 'r', code: 'KeyR', control: false, meta: false, shift: false, alt: false });
    expect(letter.defaultPrevented).toBe(false);
  });
});

describe('applySessionSecurity', () => {
  it('refuses every permission request and check, every device, and every download the app did not make', () => {
    const installed: {
      request?: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
      check?: () => boolean;
      device?: () => boolean;
    } = {};
    const events = new EventEmitter();
    const session = Object.assign(events, {
      setPermissionRequestHandler: (handler: typeof installed.request) => void (installed.request = handler),
      setPermissionCheckHandler: (handler: typeof installed.check) => void (installed.check = handler),
      setDevicePermissionHandler: (handler: typeof installed.device) => void (installed.device = handler),
    });
    applySessionSecurity(session as unknown as Session, 'app://onestop');

    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      installed.request?.(null, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(installed.check?.()).toBe(false);
    expect(installed.device?.()).toBe(false);
    const item = (url: string) => ({ getURL: () => url });
    for (const url of ['https://evil.example/x.exe', 'blob:https://evil.example/1234', 'file:///etc/passwd', 'blob:app://onestopx/1', 'data:text/plain,hi']) {
      const download = fakeEvent();
      events.emit('will-download', download, item(url), {});
      expect(download.defaultPrevented, url).toBe(true);
    }
    const ownExport = fakeEvent();
    events.emit('will-download', ownExport, item('blob:app://onestop/6f1c2a4e-0000-4000-8000-000000000000'), {});
    expect(ownExport.defaultPrevented).toBe(false);
  });
});

describe('isAppMainFrame', () => {
  const main: FrameIdentity = { url: 'app://onestop/index.html', parent: null, processId: 4, routingId: 1 };

  it("accepts the main window's top frame showing the app", () => {
    expect(isAppMainFrame({ ...main }, APP_ORIGIN, main)).toBe(true);
  });

  it('refuses a missing frame, a sub-frame, another window and a foreign page', () => {
    expect(isAppMainFrame(null, APP_ORIGIN, main)).toBe(false);
    expect(isAppMainFrame(main, APP_ORIGIN, null)).toBe(false);
    expect(isAppMainFrame({ ...main, parent: main, routingId: 2 }, APP_ORIGIN, main)).toBe(false);
    expect(isAppMainFrame({ ...main, parent: main }, APP_ORIGIN, main)).toBe(false);
    expect(isAppMainFrame({ ...main, processId: 9 }, APP_ORIGIN, main)).toBe(false);
    expect(isAppMainFrame({ ...main, routingId: 7 }, APP_ORIGIN, main)).toBe(false);
    expect(isAppMainFrame({ ...main, url: 'https://evil.example/' }, APP_ORIGIN, main)).toBe(false);
  });
});
