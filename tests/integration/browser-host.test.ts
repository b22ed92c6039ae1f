import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_PATH, CALLER_HEADER, NotLoopbackError, SECRET_HEADER, startBrowserHost, type BrowserHost } from '../../electron/browser-host/host';
import { sendRaw } from '../support/http';
import { makeTempDir } from '../support/tempDir';

let dir: ReturnType<typeof makeTempDir>;
let host: BrowserHost;
let rendererDir: string;

/** A raw HTTP request, so the Host header can be anything (fetch would not let a test forge it). */
const send = (options: Parameters<typeof sendRaw>[1]) => sendRaw(host.url, options);

const invoke = (channel: string, headers: Record<string, string>) =>
  send({
    path: BRIDGE_PATH,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ channel, input: undefined }),
  });

beforeEach(async () => {
  dir = makeTempDir();
  rendererDir = join(dir.path, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  host = await startBrowserHost({ port: 0, dataDir: join(dir.path, 'data'), rendererDir });
});
afterEach(async () => {
  await host.close();
  dir.remove();
});

describe('browser host', () => {
  it('listens on 127.0.0.1 only and refuses to bind anywhere else', async () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    for (const address of ['0.0.0.0', '::', '192.168.1.10', 'example.org']) {
      await expect(startBrowserHost({ port: 0, dataDir: join(dir.path, 'other'), rendererDir, host: address })).rejects.toThrow(
        NotLoopbackError,
      );
    }
  });

  it('puts the per-run secret in the page it serves, with a strict CSP', async () => {
    const page = await send({ path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="onestop-bridge" content="${host.secret}">`);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('answers the bridge only with the secret and a caller id', async () => {
    const caller = 'a1b2c3d4-e5f6';
    expect((await invoke('kiosk:status', { [CALLER_HEADER]: caller })).status).toBe(403);
    expect((await invoke('kiosk:status', { [SECRET_HEADER]: 'x'.repeat(host.secret.length), [CALLER_HEADER]: caller })).status).toBe(403);
    expect((await invoke('kiosk:status', { [SECRET_HEADER]: host.secret })).status).toBe(400);
    const good = await invoke('kiosk:status', { [SECRET_HEADER]: host.secret, [CALLER_HEADER]: caller });
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toEqual({ ok: true, value: { configured: false } });
  });

  it('refuses a request addressed to another host name (DNS rebinding) before serving anything', async () => {
    const port = new URL(host.url).port;
    const page = await send({ path: '/', headers: { host: `attacker.example:${port}` } });
    expect(page.status).toBe(421);
    expect(page.body).not.toContain(host.secret);
    const call = await invoke('kiosk:status', { host: `attacker.example:${port}`, [SECRET_HEADER]: host.secret, [CALLER_HEADER]: 'abcdefgh' });
    expect(call.status).toBe(421);
  });

  it('passes calls through the same validation and role checks as Electron', async () => {
    const headers = { [SECRET_HEADER]: host.secret, [CALLER_HEADER]: 'abcdefgh' };
    expect(JSON.parse((await invoke('settings:get', headers)).body)).toMatchObject({ ok: false, error: { code: 'auth/required' } });
    expect(JSON.parse((await invoke('shell:openExternal', headers)).body)).toMatchObject({ ok: false, error: { code: 'channel/unknown' } });
  });
});
