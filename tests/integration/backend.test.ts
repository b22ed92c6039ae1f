import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { openDatabase } from '../../db';
import { CHANNEL_NAMES, contract } from '../../shared/ipc/contract';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, RUGELEY_SETUP, addStaff, setUpKiosk } from '../support/kiosk';

let dir: ReturnType<typeof makeTempDir>;
let clock: number;
let backend: Backend;
const now = () => new Date(clock);
const open = () => createBackend({ dataDir: dir.path, now, log: () => {} });

beforeEach(() => {
  dir = makeTempDir();
  clock = Date.parse('2026-11-23T09:00:00Z');
  backend = open();
});
afterEach(() => {
  backend.close();
  dir.remove();
});

describe('first run', () => {
  it('reports an unconfigured kiosk and offers the four sample units', async () => {
    expect(await backend.dispatch('kiosk:status', undefined, 'a')).toEqual({ ok: true, value: { configured: false } });
    const units = await backend.dispatch('units:list', undefined, 'a');
    expect(units.ok && (units.value as { code: string }[]).map((u) => u.code)).toEqual(['CAN', 'HED', 'RUG', 'NOR']);
  });

  it('refuses bad setup input field by field and writes nothing', async () => {
    const result = await backend.dispatch(
      'kiosk:setup',
      { ...RUGELEY_SETUP, deviceCode: 'kiosk two', hubUrl: 'ftp://hub', admin: { displayName: '', username: 'x', pin: '12' } },
      'a',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('input/invalid');
    expect(result.error.fields).toMatchObject({
      deviceCode: { code: 'format' },
      hubUrl: { code: 'format' },
      'admin.displayName': { code: 'required' },
      'admin.username': { code: 'too-short', params: { min: 3 } },
      'admin.pin': { code: 'too-short', params: { min: 6 } },
    });
    expect(await backend.dispatch('kiosk:status', undefined, 'a')).toEqual({ ok: true, value: { configured: false } });
  });

  it('refuses a unit that is not configured', async () => {
    const result = await backend.dispatch('kiosk:setup', { ...RUGELEY_SETUP, unitId: 'lichfield' }, 'a');
    expect(result).toMatchObject({ ok: false, error: { code: 'unit/unknown' } });
  });

  it('sets the kiosk up once; a second setup is refused', async () => {
    await setUpKiosk(backend);
    const status = await backend.dispatch('kiosk:status', undefined, 'a');
    expect(status).toMatchObject({
      ok: true,
      value: { configured: true, unit: { id: 'rugeley', code: 'RUG', shopName: 'Rugeley' }, deviceCode: 'K2', displayMode: 'kiosk' },
    });
    const again = await backend.dispatch('kiosk:setup', { ...RUGELEY_SETUP, unitId: 'cannock' }, 'b');
    expect(again).toMatchObject({ ok: false, error: { code: 'kiosk/already-configured' } });
  });

  it('upper-cases the device code and strips control characters from the name', async () => {
    await setUpKiosk(backend, {
      ...RUGELEY_SETUP,
      deviceCode: ' k7 ',
      admin: { ...ADMIN, displayName: 'Ada\u0000 \u202EAdmin\u0007' },
    });
    const status = await backend.dispatch('kiosk:status', undefined, 'a');
    expect(status).toMatchObject({ ok: true, value: { deviceCode: 'K7' } });
    const signIn = await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, 'a');
    expect(signIn).toMatchObject({ ok: true, value: { displayName: 'Ada Admin', role: 'admin' } });
  });

  it('never stores the PIN itself', async () => {
    await setUpKiosk(backend);
    backend.close();
    const db = openDatabase(backend.databasePath);
    const row = db.prepare('SELECT pin_hash FROM staff').get() as { pin_hash: string };
    db.close();
    expect(row.pin_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.pin_hash).not.toContain(ADMIN.pin);
    expect(readFileSync(backend.databasePath).includes(Buffer.from(ADMIN.pin))).toBe(false);
    backend = open();
  });
});

describe('settings', () => {
  beforeEach(() => setUpKiosk(backend));

  it('written through the channel survive closing and reopening the database', async () => {
    await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, 'desk');
    const update = await backend.dispatch('settings:update', { defaultLanguage: 'ur', idleTimeoutSeconds: 90 }, 'desk');
    expect(update).toMatchObject({ ok: true, value: { defaultLanguage: 'ur', idleTimeoutSeconds: 90, unitId: 'rugeley' } });
    backend.close();
    backend = open();
    expect(await backend.dispatch('kiosk:status', undefined, 'x')).toMatchObject({
      ok: true,
      value: { defaultLanguage: 'ur', idleTimeoutSeconds: 90, unit: { id: 'rugeley' } },
    });
  });

  it('refuses out-of-range values and keeps the old ones', async () => {
    await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, 'desk');
    const bad = await backend.dispatch('settings:update', { idleTimeoutSeconds: 5, hubUrl: 'javascript:alert(1)' }, 'desk');
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'input/invalid', fields: { idleTimeoutSeconds: { code: 'too-small', params: { min: 30 } }, hubUrl: { code: 'format' } } },
    });
    expect(await backend.dispatch('settings:get', undefined, 'desk')).toMatchObject({ ok: true, value: { idleTimeoutSeconds: 60, hubUrl: '' } });
  });
});

describe('roles, checked in the backend for every channel', () => {
  beforeEach(async () => {
    await setUpKiosk(backend);
    await addStaff(backend.databasePath, 'sam.staff', '135790', 'staff');
  });

  it('every channel names the roles that may call it', () => {
    for (const name of CHANNEL_NAMES) {
      expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
      expect(contract[name].roles.length, name).toBeGreaterThan(0);
    }
  });

  it('a resident (nobody signed in) cannot read or change settings', async () => {
    expect(await backend.dispatch('settings:get', undefined, 'kiosk')).toMatchObject({ ok: false, error: { code: 'auth/required' } });
    expect(await backend.dispatch('settings:update', { idleTimeoutSeconds: 120 }, 'kiosk')).toMatchObject({
      ok: false,
      error: { code: 'auth/required' },
    });
  });

  it('front-desk staff may read settings but not change them', async () => {
    expect(await backend.dispatch('auth:signIn', { username: 'sam.staff', pin: '135790' }, 'desk')).toMatchObject({ ok: true });
    expect(await backend.dispatch('settings:get', undefined, 'desk')).toMatchObject({ ok: true });
    expect(await backend.dispatch('settings:update', { idleTimeoutSeconds: 120 }, 'desk')).toMatchObject({
      ok: false,
      error: { code: 'auth/forbidden' },
    });
  });

  it('a session belongs to the screen that signed in, not to every screen', async () => {
    await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, 'desk');
    expect(await backend.dispatch('settings:get', undefined, 'desk')).toMatchObject({ ok: true });
    expect(await backend.dispatch('settings:get', undefined, 'kiosk')).toMatchObject({ ok: false, error: { code: 'auth/required' } });
  });

  it('a staff session ends after the configured minutes without activity', async () => {
    await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, 'desk');
    clock += 9 * 60_000;
    expect(await backend.dispatch('settings:get', undefined, 'desk')).toMatchObject({ ok: true });
    clock += 10 * 60_000 + 1000;
    expect(await backend.dispatch('settings:get', undefined, 'desk')).toMatchObject({ ok: false, error: { code: 'auth/required' } });
    expect(await backend.dispatch('auth:session', undefined, 'desk')).toEqual({ ok: true, value: null });
  });

  it('signing out ends the session', async () => {
    await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, 'desk');
    await backend.dispatch('auth:signOut', undefined, 'desk');
    expect(await backend.dispatch('settings:get', undefined, 'desk')).toMatchObject({ ok: false, error: { code: 'auth/required' } });
  });

  it('an unknown channel or malformed input is refused, never run', async () => {
    expect(await backend.dispatch('fs:readFile', '/etc/passwd', 'kiosk')).toMatchObject({ ok: false, error: { code: 'channel/unknown' } });
    expect(await backend.dispatch('toString', undefined, 'kiosk')).toMatchObject({ ok: false, error: { code: 'channel/unknown' } });
    expect(await backend.dispatch('auth:signIn', 'admin', 'kiosk')).toMatchObject({ ok: false, error: { code: 'input/invalid' } });
    expect(await backend.dispatch('kiosk:status', { surprise: true }, 'kiosk')).toMatchObject({ ok: false, error: { code: 'input/invalid' } });
  });
});

describe('sign-in lockout', () => {
  beforeEach(() => setUpKiosk(backend));
  const wrong = () => backend.dispatch('auth:signIn', { username: ADMIN.username, pin: '000000' }, 'kiosk');
  const right = () => backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, 'kiosk');

  it('locks after five wrong PINs, for longer each time, and a right PIN resets the count', async () => {
    for (let i = 0; i < 4; i++) expect(await wrong()).toMatchObject({ ok: false, error: { code: 'auth/invalid-credentials' } });
    expect(await wrong()).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 30 } });
    // While locked even the right PIN is refused, so guessing cannot continue.
    clock += 20_000;
    expect(await right()).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 10 } });
    clock += 11_000;
    expect(await wrong()).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 60 } });
    clock += 61_000;
    expect(await right()).toMatchObject({ ok: true, value: { role: 'admin' } });
    await backend.dispatch('auth:signOut', undefined, 'kiosk');
    for (let i = 0; i < 4; i++) expect(await wrong()).toMatchObject({ ok: false, error: { code: 'auth/invalid-credentials' } });
  });

  it('an unknown username gets the same answer as a wrong PIN', async () => {
    const unknown = await backend.dispatch('auth:signIn', { username: 'nobody', pin: '123456' }, 'kiosk');
    expect(unknown).toEqual(await wrong());
  });

  it('the lock survives a restart', async () => {
    for (let i = 0; i < 5; i++) await wrong();
    backend.close();
    backend = open();
    expect(await right()).toMatchObject({ ok: false, error: { code: 'auth/locked' } });
  });
});
