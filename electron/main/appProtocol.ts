import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';

/**
 * The renderer is served from `app://onestop/` rather than file://, so it has a real origin of its
 * own: navigation checks, the IPC sender check and the CSP can all name it, and a page cannot read
 * arbitrary files the way a file:// page can.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'onestop';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Registered before `ready`. `standard` gives relative URLs and an origin, `secure` makes it a
 * secure context, `corsEnabled` lets Vite's `crossorigin` module scripts and fonts load (another
 * origin would still need CORS headers, which are never sent). CSP is never bypassed and service
 * workers are not allowed.
 */
export const APP_SCHEME_DEFINITION = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
} as const satisfies CustomScheme;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Served with `nosniff`, so an unknown type must not be guessed into something executable. */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an `app://onestop/...` URL to a file inside `rendererRoot`, or null when the URL is not
 * ours or would leave the folder. Chromium already folds `..` in standard URLs; this refuses
 * what survives decoding (`%2e%2e%2f`, backslashes, drive letters, NUL) in case it did not.
 */
export function rendererFilePath(requestUrl: string, rendererRoot: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return null;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (/[\\\0:]/.test(path)) return null;
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..')) return null;
  if (segments.length === 0) segments.push('index.html');

  const root = resolve(rendererRoot);
  const file = resolve(root, ...segments);
  const inside = relative(root, file);
  if (inside === '' || isAbsolute(inside) || inside.split(sep)[0] === '..') return null;
  return file;
}

export interface RendererServeOptions {
  /** The built renderer folder (out/renderer). */
  readonly root: string;
  /** The Content-Security-Policy sent with every response. */
  readonly csp: string;
}

/**
 * The `protocol.handle('app', ...)` handler. The CSP travels as a response header here because
 * `session.webRequest` header hooks do not run for custom protocols.
 */
export async function serveRendererRequest(
  request: Pick<Request, 'url' | 'method'>,
  options: RendererServeOptions,
): Promise<Response> {
  const headers = {
    'Content-Security-Policy': options.csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  const refuse = (status: number) => new Response(null, { status, headers });

  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
  const file = rendererFilePath(request.url, options.root);
  if (file === null) return refuse(404);
  try {
    if (!(await stat(file)).isFile()) return refuse(404);
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentTypeFor(file) } });
  } catch {
    return refuse(404);
  }
}
