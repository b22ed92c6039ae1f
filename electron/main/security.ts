import type { Input, Session, WebContents } from 'electron';

// A DNS name, IPv4 address or bracketed IPv6 address: nothing a CSP would read as a wildcard (`*`).
const PLAIN_HOSTNAME = /^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i;

/**
 * The hub's origin (`https://hub.example:8443`) from the configured hub URL, or null when none is
 * set or it is not plain http(s) to a plain host without credentials, so that the result is safe
 * to place in a CSP.
 */
export function hubOriginOf(hubUrl: string | null | undefined): string | null {
  if (!hubUrl) return null;
  try {
    const url = new URL(hubUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username !== '' || url.password !== '') return null;
    if (!PLAIN_HOSTNAME.test(url.hostname)) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * The renderer's Content-Security-Policy: everything from the app itself, no inline script or
 * style, no plugins, no framing, no forms posting anywhere; `connect-src` adds the hub's origin
 * only, never a wildcard.
 */
export function contentSecurityPolicy(hubUrl: string | null | undefined): string {
  const hub = hubOriginOf(hubUrl);
  const directives: readonly (readonly [string, string])[] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', hub ? `'self' ${hub}` : "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

function schemeAndHost(url: string): { readonly protocol: string; readonly host: string } | null {
  try {
    const parsed = new URL(url);
    if (parsed.username !== '' || parsed.password !== '') return null;
    return { protocol: parsed.protocol, host: parsed.host };
  } catch {
    return null;
  }
}

/**
 * Whether `url` belongs to the app (`app://onestop`, or the dev server's origin in development).
 * Compares scheme and host rather than `URL.origin`, which Node reports as "null" for `app:`.
 */
export function isAppUrl(url: string, appOrigin: string): boolean {
  const target = schemeAndHost(url);
  const app = schemeAndHost(appOrigin);
  return target !== null && app !== null && app.host !== '' && target.protocol === app.protocol && target.host === app.host;
}

export type ShortcutInput = Pick<Input, 'key' | 'code' | 'control' | 'meta' | 'shift' | 'alt'>;

const ALWAYS_BLOCKED_KEYS = new Set(['F5', 'F11', 'F12']);

/**
 * Keys that would let someone at the kiosk reload it, open DevTools, view source, print, leave
 * full screen, or close and quit it. Checks both `key` and `code` so that another keyboard layout
 * or Shift changing the letter does not slip past.
 */
export function isBlockedShortcut(input: ShortcutInput): boolean {
  if (ALWAYS_BLOCKED_KEYS.has(input.key) || ALWAYS_BLOCKED_KEYS.has(input.code)) return true;
  const is = (letter: string) => input.key.toLowerCase() === letter || input.code === `Key${letter.toUpperCase()}`;
  const accel = input.control || input.meta;
  if (input.alt && input.key === 'F4') return true;
  if (!accel) return false;
  if (is('r') || is('w') || is('q') || is('u') || is('p') || input.key === 'F4') return true;
  const devToolsChord = input.shift || (input.meta && input.alt);
  return devToolsChord && (is('i') || is('j') || is('c'));
}

type Preventable = { preventDefault(): void };

/**
 * Applied to every webContents the app creates (`web-contents-created`): no popups, no webviews,
 * no navigation or redirect away from the app's origin.
 */
export function guardWebContents(contents: WebContents, appOrigin: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayInApp = (event: Preventable & { readonly url: string }) => {
    if (!isAppUrl(event.url, appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event: Preventable) => event.preventDefault());
}

/** Kiosk mode only: swallows reload, DevTools and close shortcuts before the page sees them. */
export function blockKioskShortcuts(contents: WebContents): void {
  contents.on('before-input-event', (event: Preventable, input: ShortcutInput) => {
    if (isBlockedShortcut(input)) event.preventDefault();
  });
}

/**
 * A download the app itself made: a file built in the page (a directory export) as a `blob:` URL of
 * the app's own origin. Electron then asks where to save it. Anything else is a download from
 * elsewhere, which a kiosk never needs.
 */
export function isAppDownload(url: string, appOrigin: string): boolean {
  return url.startsWith(`blob:${appOrigin}/`);
}

/** The app needs no camera, microphone, location, notifications or devices: refuse them all, and every download it did not make. */
export function applySessionSecurity(session: Session, appOrigin: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event: Preventable, item: { getURL(): string }) => {
    if (!isAppDownload(item.getURL(), appOrigin)) event.preventDefault();
  });
}

/** What the IPC sender check needs to know about a frame; `WebFrameMain` satisfies it. */
export interface FrameIdentity {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

/**
 * True only for the main window's top frame while it shows the app: an iframe, another window or
 * a page that somehow navigated elsewhere gets no access to the backend.
 */
export function isAppMainFrame(
  frame: FrameIdentity | null,
  appOrigin: string,
  mainFrame: FrameIdentity | null,
): boolean {
  if (frame === null || mainFrame === null) return false;
  return (
    frame.parent === null &&
    frame.processId === mainFrame.processId &&
    frame.routingId === mainFrame.routingId &&
    isAppUrl(frame.url, appOrigin)
  );
}
