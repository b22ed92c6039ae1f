import { describe, expect, it } from 'vitest';
import { createClient } from '../../shared/ipc/client';
import { CHANNEL_NAMES } from '../../shared/ipc/contract';
import { fieldErrorsFrom } from '../../shared/ipc/fieldErrors';
import { setupInputSchema } from '../../shared/ipc/contract';
import { cleanText } from '../../shared/domain/text';
import { hubUrlSchema } from '../../shared/domain/settings';

describe('createClient', () => {
  it('offers one function per channel, grouped by domain, and nothing else', () => {
    const client = createClient(() => Promise.resolve(null)) as unknown as Record<string, Record<string, unknown>>;
    const offered = Object.entries(client).flatMap(([domain, calls]) => Object.keys(calls).map((verb) => `${domain}:${verb}`));
    expect(offered.sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(Object.isFrozen(client)).toBe(true);
    expect(Object.isFrozen(client['kiosk'])).toBe(true);
  });

  it('sends the channel name and the input, and returns what came back', async () => {
    const calls: [string, unknown][] = [];
    const client = createClient((channel, input) => {
      calls.push([channel, input]);
      return Promise.resolve({ ok: true, value: 'reply' });
    });
    expect(await client.auth.signIn({ username: 'ada', pin: '123456' })).toEqual({ ok: true, value: 'reply' });
    expect(calls).toEqual([['auth:signIn', { username: 'ada', pin: '123456' }]]);
  });

  it('turns a broken bridge into an error result instead of a thrown exception', async () => {
    const client = createClient(() => Promise.reject(new Error('socket closed')));
    expect(await client.kiosk.status()).toMatchObject({ ok: false, error: { code: 'bridge/unreachable' } });
  });
});

describe('field errors', () => {
  it('name the field by its dotted path and say what is wrong', () => {
    const parsed = setupInputSchema.safeParse({
      unitId: 'rugeley',
      deviceCode: 'K2',
      hubUrl: '',
      defaultLanguage: 'fr',
      displayMode: 'kiosk',
      admin: { displayName: 'x'.repeat(81), username: 'ada', pin: '12ab56' },
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(fieldErrorsFrom(parsed.error)).toEqual({
      defaultLanguage: { code: 'format' },
      'admin.displayName': { code: 'too-long', params: { max: 80 } },
      'admin.pin': { code: 'format' },
    });
  });
});

describe('cleanText', () => {
  it('removes control and bidi-override characters and folds line breaks in a single line', () => {
    expect(cleanText('  Ada\u0000\u202E Admin\r\n\tSmith\u0007 ')).toBe('Ada Admin Smith');
  });

  it('keeps line breaks in multi-line text, normalised', () => {
    expect(cleanText('line one\r\nline two\rthree', true)).toBe('line one\nline two\nthree');
  });

  it('keeps letters of every script', () => {
    expect(cleanText('Łódź Ștefan ਪੰਜਾਬੀ اردو')).toBe('Łódź Ștefan ਪੰਜਾਬੀ اردو');
  });
});

describe('hub address', () => {
  it.each(['', 'https://hub.example.org', 'http://127.0.0.1:8080', 'https://hub.example.org/onestop', 'http://[::1]:9000'])(
    'accepts %s',
    (value) => expect(hubUrlSchema.safeParse(value).success).toBe(true),
  );
  it.each([
    'ftp://hub.example.org',
    'javascript:alert(1)',
    'https://user:pw@hub.example.org',
    'http://*.example.org',
    'https://hub.example.org/?x=1',
    'hub.example.org',
  ])('refuses %s', (value) => expect(hubUrlSchema.safeParse(value).success).toBe(false));
});
