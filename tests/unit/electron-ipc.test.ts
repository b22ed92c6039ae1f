import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { callerKeyOf, registerIpcHandlers, type IpcRegistry } from '../../electron/main/ipc';
import { isAppMainFrame, type FrameIdentity } from '../../electron/main/security';
import { APP_ORIGIN } from '../../electron/main/appProtocol';
import { CHANNEL_NAMES, type SetupInput } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Records what main registers, and lets a test invoke a channel as a renderer would. */
class RecordingIpcMain {
  readonly handlers = new Map<string, Listener>();
  readonly registrations: string[] = [];

  readonly registry: IpcRegistry = {
    handle: (channel: string, listener: Listener) => {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener);
      this.registrations.push(channel);
    },
    removeHandler: (channel: string) => {
      this.handlers.delete(channel);
    },
  };

  async invoke(channel: string, frame: FrameIdentity | null, senderId: number, input?: unknown): Promise<Result<unknown>> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const event = { senderFrame: frame, sender: { id: senderId } } as unknown as IpcMainInvokeEvent;
    return (await listener(event, input)) as Result<unknown>;
  }
}

const mainFrame: FrameIdentity = { url: 'app://onestop/index.html', parent: null, processId: 3, routingId: 1 };
const trusted = (frame: WebFrameMain | null) => isAppMainFrame(frame, APP_ORIGIN, mainFrame);

const setup: SetupInput = {
  unitId: 'cannock',
  deviceCode: 'k1',
  hubUrl: 'https://hub.cannockchase.example:8443/api',
  defaultLanguage: 'en-GB',
  displayMode: 'desk',
  admin: { displayName: 'Ada Admin', username: 'ada', pin: '246810' },
};

let dataDir: string;
let backend: Backend;
let ipc: RecordingIpcMain;
let unregister: () => void;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'onestop-ipc-'));
  backend = createBackend({ dataDir, log: () => {} });
  ipc = new RecordingIpcMain();
  unregister = registerIpcHandlers(ipc.registry, backend, trusted);
});

afterEach(() => {
  backend.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('registerIpcHandlers', () => {
  it('registers every channel of the contract exactly once, and nothing else', () => {
    expect([...ipc.registrations].sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(new Set(ipc.registrations).size).toBe(ipc.registrations.length);
  });

  it('passes a call from the app main frame to the real backend', async () => {
    expect(await ipc.invoke('kiosk:status', mainFrame, 7)).toEqual({ ok: true, value: { configured: false } });
    const units = await ipc.invoke('units:list', mainFrame, 7);
    expect(units.ok && Array.isArray(units.value) && units.value.length > 0).toBe(true);
  });

  it('refuses an untrusted frame before the backend runs anything', async () => {
    const foreign = [
      null,
      { ...mainFrame, url: 'https://evil.example/' },
      { ...mainFrame, parent: mainFrame, routingId: 5 },
      { ...mainFrame, processId: 99 },
    ];
    for (const frame of foreign) {
      const result = await ipc.invoke('kiosk:setup', frame, 7, setup);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('auth/forbidden');
    }
    // Had any of those reached the backend, the kiosk would now be set up.
    expect(await ipc.invoke('kiosk:status', mainFrame, 7)).toEqual({ ok: true, value: { configured: false } });
  });

  it("lets the backend validate the input and check the caller's role", async () => {
    const invalid = await ipc.invoke('auth:signIn', mainFrame, 7, { username: 'x' });
    expect(invalid.ok ? null : invalid.error.code).toBe('input/invalid');
    const forbidden = await ipc.invoke('settings:get', mainFrame, 7);
    expect(forbidden.ok ? null : forbidden.error.code).toBe('auth/required');
  });

  it('keeps one staff session per webContents', async () => {
    expect((await ipc.invoke('kiosk:setup', mainFrame, 7, setup)).ok).toBe(true);
    expect((await ipc.invoke('auth:signIn', mainFrame, 7, { username: 'ada', pin: '246810' })).ok).toBe(true);
    expect((await ipc.invoke('settings:get', mainFrame, 7)).ok).toBe(true);
    // Another webContents (say, a reopened window) is not signed in.
    const other = await ipc.invoke('settings:get', mainFrame, 8);
    expect(other.ok ? null : other.error.code).toBe('auth/required');
    // Main forgets the session when the page reloads or crashes.
    backend.forgetCaller(callerKeyOf({ id: 7 }));
    const after = await ipc.invoke('settings:get', mainFrame, 7);
    expect(after.ok ? null : after.error.code).toBe('auth/required');
  });

  it('turns a backend that throws into an "internal" result without its message', async () => {
    const throwing = new RecordingIpcMain();
    registerIpcHandlers(
      throwing.registry,
      { dispatch: () => Promise.reject(new Error('secret stack detail')) },
      trusted,
    );
    const result = await throwing.invoke('kiosk:status', mainFrame, 1);
    expect(result.ok ? null : result.error.code).toBe('internal');
    expect(JSON.stringify(result)).not.toContain('secret stack detail');
  });

  it('unregisters every channel', () => {
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('leaving kiosk mode', () => {
  let exits: number;
  let exiting: RecordingIpcMain;

  /** Lets the deferred hook run: main calls it a turn after answering the page. */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  beforeEach(async () => {
    exits = 0;
    exiting = new RecordingIpcMain();
    registerIpcHandlers(exiting.registry, backend, trusted, () => {
      exits += 1;
    });
    expect((await exiting.invoke('kiosk:setup', mainFrame, 7, setup)).ok).toBe(true);
  });

  it('runs the hook once the backend accepts a staff or administrator PIN from the app window', async () => {
    const result = await exiting.invoke('kiosk:exit', mainFrame, 7, { username: 'ada', pin: '246810' });
    expect(result).toEqual({ ok: true, value: { exit: true } });
    await settle();
    expect(exits).toBe(1);
  });

  it('does not run the hook for a wrong PIN, a chair, a bad input or any other channel', async () => {
    const wrong = await exiting.invoke('kiosk:exit', mainFrame, 7, { username: 'ada', pin: '000000' });
    expect(wrong.ok ? null : wrong.error.code).toBe('auth/invalid-credentials');
    const invalid = await exiting.invoke('kiosk:exit', mainFrame, 7, { username: 'ada' });
    expect(invalid.ok ? null : invalid.error.code).toBe('input/invalid');

    expect((await exiting.invoke('auth:signIn', mainFrame, 7, { username: 'ada', pin: '246810' })).ok).toBe(true);
    const units = await exiting.invoke('units:list', mainFrame, 7);
    const forumId = units.ok ? (units.value as readonly { forum: { id: string } }[])[0]!.forum.id : null;
    const chair = { displayName: 'Chris Chair', username: 'chris', pin: '135790', role: 'chair', forumId };
    expect((await exiting.invoke('staff:add', mainFrame, 7, chair)).ok).toBe(true);
    const forbidden = await exiting.invoke('kiosk:exit', mainFrame, 7, { username: 'chris', pin: '135790' });
    expect(forbidden.ok ? null : forbidden.error.code).toBe('auth/forbidden');

    await settle();
    expect(exits).toBe(0);
  });

  it('never runs the hook for a call from an untrusted frame, even with the right PIN', async () => {
    for (const frame of [null, { ...mainFrame, url: 'https://evil.example/' }, { ...mainFrame, parent: mainFrame, routingId: 5 }]) {
      const result = await exiting.invoke('kiosk:exit', frame, 7, { username: 'ada', pin: '246810' });
      expect(result.ok ? null : result.error.code).toBe('auth/forbidden');
    }
    await settle();
    expect(exits).toBe(0);
  });

  it('does not run the hook when the backend throws', async () => {
    const throwing = new RecordingIpcMain();
    registerIpcHandlers(throwing.registry, { dispatch: () => Promise.reject(new Error('boom')) }, trusted, () => {
      exits += 1;
    });
    const result = await throwing.invoke('kiosk:exit', mainFrame, 1, { username: 'ada', pin: '246810' });
    expect(result.ok ? null : result.error.code).toBe('internal');
    await settle();
    expect(exits).toBe(0);
  });
});

describe('the hub address for the CSP', () => {
  it("is read by main from the backend's settings: none before setup, the configured one after", async () => {
    expect(backend.settings()).toBeNull();
    expect((await ipc.invoke('kiosk:setup', mainFrame, 7, setup)).ok).toBe(true);
    expect(backend.settings()?.hubUrl).toBe('https://hub.cannockchase.example:8443/api');
  });
});
