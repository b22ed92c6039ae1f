import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_SCHEME_DEFINITION,
  contentTypeFor,
  rendererFilePath,
  serveRendererRequest,
} from '../../electron/main/appProtocol';
import { contentSecurityPolicy } from '../../electron/main/security';

// A renderer folder with a secret next to it, which no URL may reach.
const base = mkdtempSync(join(tmpdir(), 'onestop-protocol-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>onestop</title>');
writeFileSync(join(root, 'assets', 'index.js'), 'console.log("hi")');
writeFileSync(join(root, 'assets', 'font.woff2'), 'wOF2');
writeFileSync(join(base, 'secret.txt'), 'do not serve');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const csp = contentSecurityPolicy('https://hub.example');

describe('the app:// scheme', () => {
  it('is a standard, secure scheme that never bypasses CSP or runs service workers', () => {
    const privileges: Record<string, boolean | undefined> = APP_SCHEME_DEFINITION.privileges;
    expect(privileges['standard']).toBe(true);
    expect(privileges['secure']).toBe(true);
    expect(privileges['bypassCSP']).toBeUndefined();
    expect(privileges['allowServiceWorkers']).toBeUndefined();
    expect(APP_ENTRY_URL).toBe('app://onestop/index.html');
  });
});

describe('rendererFilePath', () => {
  it('maps app URLs to files inside the renderer folder', () => {
    expect(rendererFilePath('app://onestop/index.html', root)).toBe(join(root, 'index.html'));
    expect(rendererFilePath('app://onestop/', root)).toBe(join(root, 'index.html'));
    expect(rendererFilePath('app://onestop/assets/index.js?v=2#x', root)).toBe(join(root, 'assets', 'index.js'));
    expect(rendererFilePath('app://onestop/assets/a%20b.png', root)).toBe(join(root, 'assets', 'a b.png'));
  });

  it('keeps dot segments that the URL parser folds inside the folder', () => {
    const folded = rendererFilePath('app://onestop/../../secret.txt', root);
    expect(folded).toBe(join(root, 'secret.txt'));
    expect(folded?.startsWith(root + sep)).toBe(true);
  });

  it('refuses encoded traversal and other tricks that survive URL parsing', () => {
    for (const url of [
      'app://onestop/..%2fsecret.txt',
      'app://onestop/%2e%2e%2fsecret.txt',
      'app://onestop/assets/..%2F..%2Fsecret.txt',
      'app://onestop/%2E%2E%2F%2E%2E%2Fsecret.txt',
      'app://onestop/..%5csecret.txt',
      'app://onestop/assets%5c..%5c..%5csecret.txt',
      'app://onestop/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://onestop/index.html%00.png',
      'app://onestop/C:%5cWindows%5cwin.ini',
      'app://onestop/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://onestop/%E0%A4%A',
    ]) {
      expect(rendererFilePath(url, root), url).toBeNull();
    }
  });

  it('refuses URLs that are not ours', () => {
    for (const url of [
      'app://evil/index.html',
      'app://user@onestop/index.html',
      'file:///etc/passwd',
      'https://onestop/index.html',
      'not a url',
    ]) {
      expect(rendererFilePath(url, root), url).toBeNull();
    }
  });
});

describe('serveRendererRequest', () => {
  const get = (url: string, method = 'GET') => serveRendererRequest({ url, method }, { root, csp });

  it('serves index.html with the CSP, nosniff and an HTML type', async () => {
    const response = await get('app://onestop/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>onestop</title>');
  });

  it('serves scripts and fonts with their types', async () => {
    const script = await get('app://onestop/assets/index.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log("hi")');
    expect((await get('app://onestop/assets/font.woff2')).headers.get('content-type')).toBe('font/woff2');
  });

  it('answers 404 for traversal, missing files and folders, without the secret', async () => {
    for (const url of ['app://onestop/..%2fsecret.txt', 'app://onestop/missing.js', 'app://onestop/assets', 'app://evil/index.html']) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('do not serve');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://onestop/index.html', 'POST')).status).toBe(405);
    const head = await get('app://onestop/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never guesses an executable type for an unknown extension', () => {
    expect(contentTypeFor('x.exe')).toBe('application/octet-stream');
    expect(contentTypeFor('X.HTML')).toBe('text/html; charset=utf-8');
  });
});
