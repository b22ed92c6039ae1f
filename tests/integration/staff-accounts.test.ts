import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { openDatabase } from '../../db';
import type { ChannelName, InputOf, ValueOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import type { StaffAccount } from '../../shared/domain/staff';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, CHAIR, STAFF, staffedKioskTemplate, copyOfKiosk } from '../support/kiosk';

const ADMIN_SCREEN = 'admin-screen';

let template: ReturnType<typeof makeTempDir>;
let dir: ReturnType<typeof makeTempDir>;
let clock: number;
let backend: Backend;
const now = () => new Date(clock);
const open = (dataDir: string = dir.path) => createBackend({ dataDir, now, log: () => {} });

beforeAll(async () => {
  template = await staffedKioskTemplate();
});
afterAll(() => template.remove());

beforeEach(() => {
  dir = copyOfKiosk(template);
  clock = Date.parse('2026-11-23T09:00:00Z');
  backend = open();
});
afterEach(() => {
  backend.close();
  dir.remove();
});

async function call<C extends ChannelName>(channel: C, input: InputOf<C>, caller: string = ADMIN_SCREEN): Promise<ValueOf<C>> {
  const result = await backend.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ValueOf<C>;
}

async function refusal(channel: ChannelName, input: unknown, caller: string = ADMIN_SCREEN): Promise<AppError> {
  const result = await backend.dispatch(channel, input, caller);
  if (result.ok) throw new Error(`${channel} succeeded: ${JSON.stringify(result.value)}`);
  return result.error;
}

/** Signs the administrator in on the administrator's screen, where `call` and `refusal` run by default. */
const asAdmin = () => call('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin });

const signIn = (username: string, pin: string, caller = 'desk-screen') => backend.dispatch('auth:signIn', { username, pin }, caller);
const exitKiosk = (username: string, pin: string) => backend.dispatch('kiosk:exit', { username, pin }, 'kiosk-screen');

async function account(username: string): Promise<StaffAccount> {
  const found = (await call('staff:list', undefined)).find((a) => a.username === username);
  if (!found) throw new Error(`no account ${username}`);
  return found;
}

const staffCount = () => {
  const db = openDatabase(backend.databasePath, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM staff').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

const ACCOUNT_KEYS = ['disabled', 'displayName', 'forumId', 'id', 'lockedUntil', 'role', 'username'];

describe('staff:add', () => {
  it('adds an account that can sign in with its PIN', async () => {
    await asAdmin();
    const added = await call('staff:add', { displayName: ' Dee\u0000 Desk ', username: ' Dee.Desk ', pin: '975310', role: 'staff', forumId: 'rugeley' });
    expect(added.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(added).toEqual({
      id: added.id,
      username: 'dee.desk',
      displayName: 'Dee Desk',
      role: 'staff',
      // Only a chair belongs to a forum.
      forumId: null,
      disabled: false,
      lockedUntil: null,
    });
    expect(Object.keys(added).sort()).toEqual(ACCOUNT_KEYS);
    expect(await signIn('dee.desk', '975310')).toMatchObject({ ok: true, value: { staffId: added.id, role: 'staff', displayName: 'Dee Desk' } });
    expect(await signIn('dee.desk', '975311', 'other-screen')).toMatchObject({ ok: false, error: { code: 'auth/invalid-credentials' } });
  });

  it('refuses a username that is taken, whatever its case', async () => {
    await asAdmin();
    for (const username of [ADMIN.username, 'SAM.STAFF', ' Cath.Chair ']) {
      expect(await refusal('staff:add', { displayName: 'Someone', username, pin: '975310', role: 'staff', forumId: null }), username).toMatchObject({
        code: 'input/invalid',
        fields: { username: { code: 'taken' } },
      });
    }
    expect(staffCount()).toBe(3);
  });

  it('gives a username to one of two adds that race for it, and "taken" to the other', async () => {
    await asAdmin();
    const input = { displayName: 'Twin', username: 'twin', pin: '975310', role: 'staff', forumId: null } as const;
    const results = await Promise.all([backend.dispatch('staff:add', input, ADMIN_SCREEN), backend.dispatch('staff:add', input, ADMIN_SCREEN)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'input/invalid', fields: { username: { code: 'taken' } } } });
    expect(staffCount()).toBe(4);
  });

  it('needs a forum of this district for a chair', async () => {
    await asAdmin();
    const chair = { displayName: 'Carl Chair', username: 'carl.chair', pin: '975310', role: 'chair' } as const;
    expect(await refusal('staff:add', { ...chair, forumId: null })).toMatchObject({ code: 'input/invalid', fields: { forumId: { code: 'required' } } });
    expect(await refusal('staff:add', { ...chair, forumId: '' })).toMatchObject({ code: 'input/invalid', fields: { forumId: { code: 'required' } } });
    expect(await refusal('staff:add', { ...chair, forumId: 'lichfield' })).toMatchObject({ code: 'input/invalid', fields: { forumId: { code: 'format' } } });
    expect(staffCount()).toBe(3);
    expect(await call('staff:add', { ...chair, forumId: 'hednesford' })).toMatchObject({ role: 'chair', forumId: 'hednesford' });
  });

  it('refuses bad input field by field', async () => {
    await asAdmin();
    expect(await refusal('staff:add', { displayName: '\u202E', username: 'x!', pin: '12ab', role: 'resident', forumId: null })).toMatchObject({
      code: 'input/invalid',
      fields: { displayName: { code: 'required' }, username: { code: 'too-short' }, pin: { code: 'format' }, role: { code: 'format' } },
    });
    expect(await refusal('staff:add', { displayName: 'Pat', username: 'pat!', pin: '1234567890123', role: 'staff', forumId: null })).toMatchObject({
      fields: { username: { code: 'format' }, pin: { code: 'too-long', params: { max: 12 } } },
    });
    expect(staffCount()).toBe(3);
  });
});

describe('staff:list', () => {
  it('lists every account by name and never a PIN or its hash', async () => {
    await asAdmin();
    const list = await call('staff:list', undefined);
    expect(list.map((a) => [a.displayName, a.role])).toEqual([
      [ADMIN.displayName, 'admin'],
      [CHAIR.username, 'chair'],
      [STAFF.username, 'staff'],
    ]);
    for (const entry of list) expect(Object.keys(entry).sort()).toEqual(ACCOUNT_KEYS);
    const text = JSON.stringify(list);
    expect(text).not.toMatch(/scrypt|pin/i);
    for (const pin of [ADMIN.pin, STAFF.pin, CHAIR.pin]) expect(text).not.toContain(pin);
  });
});

describe('staff:setDisabled', () => {
  it('stops an account signing in or leaving kiosk mode, with the same answer as a wrong PIN, until allowed again', async () => {
    await asAdmin();
    const sam = await account(STAFF.username);
    expect(await call('staff:setDisabled', { id: sam.id, disabled: true })).toMatchObject({ id: sam.id, disabled: true });
    const wrongPin = await signIn(STAFF.username, '000000');
    expect(wrongPin).toMatchObject({ ok: false, error: { code: 'auth/invalid-credentials' } });
    expect(await signIn(STAFF.username, STAFF.pin)).toEqual(wrongPin);
    expect(await exitKiosk(STAFF.username, STAFF.pin)).toEqual(wrongPin);

    expect(await call('staff:setDisabled', { id: sam.id, disabled: false })).toMatchObject({ id: sam.id, disabled: false });
    expect(await signIn(STAFF.username, STAFF.pin)).toMatchObject({ ok: true, value: { username: STAFF.username } });
  });

  it('never stops your own account, nor the last administrator', async () => {
    await asAdmin();
    const ada = await account(ADMIN.username);
    expect(await refusal('staff:setDisabled', { id: ada.id, disabled: true })).toMatchObject({ code: 'staff/last-admin' });

    // With a second administrator, your own account is still yours to keep.
    const bea = await call('staff:add', { displayName: 'Bea Admin', username: 'bea.admin', pin: '975310', role: 'admin', forumId: null });
    expect(await refusal('staff:setDisabled', { id: ada.id, disabled: true })).toMatchObject({ code: 'staff/last-admin' });
    expect((await account(ADMIN.username)).disabled).toBe(false);

    // Bea signs in on another screen, then Ada stops Bea's account.
    expect(await signIn('bea.admin', '975310', 'bea-screen')).toMatchObject({ ok: true });
    expect(await call('staff:setDisabled', { id: bea.id, disabled: true })).toMatchObject({ disabled: true });
    // Saying so twice changes nothing and is not refused.
    expect(await call('staff:setDisabled', { id: bea.id, disabled: true })).toMatchObject({ disabled: true });
    // Whatever Bea's screen may still do, Ada, now the only administrator, stays.
    const attempt = await backend.dispatch('staff:setDisabled', { id: ada.id, disabled: true }, 'bea-screen');
    expect(attempt).toMatchObject({ ok: false });
    expect(['staff/last-admin', 'auth/required']).toContain(!attempt.ok && attempt.error.code);
    expect((await account(ADMIN.username)).disabled).toBe(false);
    expect(await signIn('bea.admin', '975310')).toMatchObject({ ok: false, error: { code: 'auth/invalid-credentials' } });
  });

  it('answers not-found for an account that is not there', async () => {
    await asAdmin();
    expect(await refusal('staff:setDisabled', { id: '3f1c9a52-8f0e-4c55-9b8e-2b7f6f1d2a10', disabled: true })).toMatchObject({ code: 'staff/not-found' });
  });
});

describe('staff:resetPin', () => {
  it('gives a new PIN, lifting a lockout at once; the old PIN stops working', async () => {
    await asAdmin();
    for (let i = 0; i < 4; i++) expect(await signIn(STAFF.username, '000000')).toMatchObject({ ok: false, error: { code: 'auth/invalid-credentials' } });
    expect(await signIn(STAFF.username, '000000')).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 30 } });
    const locked = await account(STAFF.username);
    expect(locked.lockedUntil).toBe(new Date(clock + 30_000).toISOString());

    expect(await call('staff:resetPin', { id: locked.id, pin: '864200' })).toMatchObject({ id: locked.id, lockedUntil: null, disabled: false });
    expect(await signIn(STAFF.username, STAFF.pin)).toMatchObject({ ok: false, error: { code: 'auth/invalid-credentials' } });
    expect(await signIn(STAFF.username, '864200')).toMatchObject({ ok: true, value: { username: STAFF.username } });
  });

  it('refuses a PIN that is not 6 to 12 digits, and an unknown account', async () => {
    await asAdmin();
    const sam = await account(STAFF.username);
    expect(await refusal('staff:resetPin', { id: sam.id, pin: '12345' })).toMatchObject({ fields: { pin: { code: 'too-short', params: { min: 6 } } } });
    expect(await refusal('staff:resetPin', { id: sam.id, pin: '12345a' })).toMatchObject({ fields: { pin: { code: 'format' } } });
    expect(await refusal('staff:resetPin', { id: '3f1c9a52-8f0e-4c55-9b8e-2b7f6f1d2a10', pin: '864200' })).toMatchObject({ code: 'staff/not-found' });
    expect(await signIn(STAFF.username, STAFF.pin)).toMatchObject({ ok: true });
  });
});

describe('kiosk:exit', () => {
  it('lets front-desk staff and administrators leave kiosk mode with their PIN, without signing them in', async () => {
    expect(await exitKiosk(STAFF.username, STAFF.pin)).toEqual({ ok: true, value: { exit: true } });
    expect(await exitKiosk(ADMIN.username, ADMIN.pin)).toEqual({ ok: true, value: { exit: true } });
    expect(await backend.dispatch('auth:session', undefined, 'kiosk-screen')).toEqual({ ok: true, value: null });
  });

  it('refuses a chair, even with the right PIN', async () => {
    expect(await exitKiosk(CHAIR.username, CHAIR.pin)).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });
    expect(await exitKiosk(CHAIR.username, '000000')).toMatchObject({ ok: false, error: { code: 'auth/invalid-credentials' } });
  });

  it('counts wrong PINs toward the same lockout as signing in', async () => {
    expect(await exitKiosk('nobody', STAFF.pin)).toMatchObject({ ok: false, error: { code: 'auth/invalid-credentials' } });
    for (let i = 0; i < 2; i++) expect(await signIn(STAFF.username, '000000')).toMatchObject({ ok: false, error: { code: 'auth/invalid-credentials' } });
    for (let i = 0; i < 2; i++) expect(await exitKiosk(STAFF.username, '000000')).toMatchObject({ ok: false, error: { code: 'auth/invalid-credentials' } });
    expect(await exitKiosk(STAFF.username, '000000')).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 30 } });

    // While locked, the right PIN does not open the kiosk either.
    clock += 10_000;
    expect(await exitKiosk(STAFF.username, STAFF.pin)).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 20 } });
    expect(await signIn(STAFF.username, STAFF.pin)).toMatchObject({ ok: false, error: { code: 'auth/locked', retryAfterSeconds: 20 } });
    clock += 21_000;
    expect(await exitKiosk(STAFF.username, STAFF.pin)).toEqual({ ok: true, value: { exit: true } });
  });

  it('needs a set-up kiosk', async () => {
    const other = makeTempDir();
    const fresh = open(other.path);
    try {
      expect(await fresh.dispatch('kiosk:exit', { username: ADMIN.username, pin: ADMIN.pin }, 'kiosk-screen')).toMatchObject({
        ok: false,
        error: { code: 'kiosk/not-configured' },
      });
    } finally {
      fresh.close();
      other.remove();
    }
  });
});
