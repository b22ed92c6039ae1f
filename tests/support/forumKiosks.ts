import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../electron/backend/backend';
import type { RunningHub } from '../../server/hub';
import type { ChannelName, InputOf, SetupInput, ValueOf } from '../../shared/ipc/contract';
import { CHAIR, STAFF, addStaff, setUpKiosk } from './kiosk';
import { pointAtHub } from './enquiryBacklog';

/**
 * Several kiosks set up once as templates (their first-run setup, a front-desk account and a chair of
 * their unit's forum), then copied fresh for each test and pointed at a real hub: what the tests of
 * subject access and erasure, which need a forum's kiosks and the hub between them, start from.
 */

/** The screen the tests call from. */
export const DESK = 'desk-screen';

/** Calls a channel and answers its value, failing the test with the error when it is refused. */
export async function call<C extends ChannelName>(on: Backend, channel: C, input: InputOf<C>, caller: string = DESK): Promise<ValueOf<C>> {
  const result = await on.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ValueOf<C>;
}

/** Sets each kiosk up in `root/templates/NAME`; answers where each template is. */
export async function kioskTemplates(root: string, setups: Readonly<Record<string, SetupInput>>): Promise<Map<string, string>> {
  const templates = new Map<string, string>();
  for (const [name, setup] of Object.entries(setups)) {
    const dir = join(root, 'templates', name);
    const backend = createBackend({ dataDir: dir, log: () => {} });
    try {
      await setUpKiosk(backend, setup);
      await addStaff(backend.databasePath, STAFF.username, STAFF.pin, 'staff');
      await addStaff(backend.databasePath, CHAIR.username, CHAIR.pin, 'chair', setup.unitId);
    } finally {
      backend.close();
    }
    templates.set(name, dir);
  }
  return templates;
}

/** Opens a kiosk's backend on its data folder as the tests run it: no sync or backups by timer, a clock given. */
export function openKiosk(dataDir: string, now: () => Date): Backend {
  return createBackend({ dataDir, now, log: () => {}, sync: { autoStart: false, timeoutMs: 5000 }, autoBackup: false });
}

/**
 * A fresh copy of each template, registered as a device of its unit on `hub` and pointed at it,
 * opened, with the front desk signed in on DESK.
 */
export async function kiosksOnHub(
  root: string,
  templates: ReadonlyMap<string, string>,
  setups: Readonly<Record<string, SetupInput>>,
  hub: RunningHub,
  now: () => Date,
): Promise<Record<string, Backend>> {
  const kiosks: Record<string, Backend> = {};
  for (const [name, setup] of Object.entries(setups)) {
    const dir = join(root, `${name}-${Math.random().toString(36).slice(2)}`);
    cpSync(templates.get(name)!, dir, { recursive: true });
    const { token } = await hub.store.addDevice({ unitId: setup.unitId, name, now: now() });
    pointAtHub(join(dir, 'onestop.db'), hub.url, token);
    const backend = openKiosk(dir, now);
    kiosks[name] = backend;
    await call(backend, 'auth:signIn', STAFF);
  }
  return kiosks;
}
