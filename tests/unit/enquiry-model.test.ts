import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ENQUIRY_STATUSES,
  LIMITS,
  STATUS_TRANSITIONS,
  canMoveTo,
  changeStatusSchema,
  contactSchema,
  formatReference,
  logEnquirySchema,
  mergeSchema,
  normaliseReference,
  raiseIssueSchema,
  referenceSchema,
  streetKey,
  type EnquiryStatus,
  type RaiseIssueInput,
} from '../../shared/enquiries/model';
import { fieldErrorsFrom } from '../../shared/ipc/fieldErrors';
import type { FieldError } from '../../shared/ipc/result';

/** The field errors a schema gives for `input`, or null when it accepts it. */
function errorsOf(schema: z.ZodType, input: unknown): Record<string, FieldError> | null {
  const parsed = schema.safeParse(input);
  return parsed.success ? null : fieldErrorsFrom(parsed.error);
}

const contact = { name: 'Pat Resident', phone: '01889 256000', email: '', purpose: 'follow-up' } as const;

const issue: RaiseIssueInput = {
  topicId: 'roads',
  location: 'Church Street',
  summary: 'Deep pothole by the bus stop',
  contact: null,
};

describe('references', () => {
  it('pads the sequence to six digits and keeps longer sequences whole', () => {
    expect(formatReference('RUG', 'K2', 1)).toBe('RUG-K2-000001');
    expect(formatReference('RUG', 'K2', 42)).toBe('RUG-K2-000042');
    expect(formatReference('CAN', 'D123', 999_999)).toBe('CAN-D123-999999');
    expect(formatReference('CAN', 'D1', 1_000_000)).toBe('CAN-D1-1000000');
  });

  it.each([
    ['RUG-K2-000001', 'RUG-K2-000001'],
    ['rug-k2-000001', 'RUG-K2-000001'],
    ['  Rug-K2-000001  ', 'RUG-K2-000001'],
    ['RUG K2 000001', 'RUG-K2-000001'],
    ['rug  k2   000001', 'RUG-K2-000001'],
    ['rug.k2.000001', 'RUG-K2-000001'],
    ['RUG - K2 - 000001', 'RUG-K2-000001'],
    ['rug_k2/000001', 'RUG-K2-000001'],
    ['RUGK2000001', 'RUG-K2-000001'],
    ['rugk2000001', 'RUG-K2-000001'],
    ['rugk12000345', 'RUG-K12-000345'],
    ['RUGK123000345', 'RUG-K123-000345'],
    ['RUG-K2-1000000', 'RUG-K2-1000000'],
    ['RUG-K2-\u0000000001\u202E', 'RUG-K2-000001'],
  ])('reads %j as %s', (typed, reference) => {
    expect(normaliseReference(typed)).toBe(reference);
  });

  it.each([
    [''],
    ['   '],
    ['hello'],
    ['RUG-K2'],
    ['RUG-K2-1'],
    ['RUG-K2-00001'],
    ['RUG-K2-0000000001'],
    ['RUGBY-K2-000001'],
    ['RU-K2-000001'],
    ['RUG-2K-000001'],
    ['RUG-KK-000001'],
    ['RUG-K1234-000001'],
    ['RUG-K2-000001-X'],
    ['123-K2-000001'],
    ['RUGK200001'],
    ['RUG-K2-00000A'],
    ["RUG-K2-000001'; DROP TABLE enquiries; --"],
  ])('refuses %j', (typed) => {
    expect(normaliseReference(typed)).toBeNull();
  });

  it('every formatted reference reads back as itself, typed in any of the ways people type it', () => {
    for (const [unit, device, sequence] of [
      ['RUG', 'K2', 1],
      ['HED', 'A7', 123_456],
      ['NOR', 'Z999', 10],
    ] as const) {
      const reference = formatReference(unit, device, sequence);
      expect(normaliseReference(reference)).toBe(reference);
      expect(normaliseReference(reference.toLowerCase().replaceAll('-', ' '))).toBe(reference);
      expect(normaliseReference(reference.replaceAll('-', ''))).toBe(reference);
    }
  });

  it('the schema answers "required" for nothing typed and "format" for junk', () => {
    expect(referenceSchema.parse(' rug k2 000007 ')).toBe('RUG-K2-000007');
    expect(errorsOf(referenceSchema, '  ')).toEqual({ _: { code: 'required' } });
    expect(errorsOf(referenceSchema, 'my issue')).toEqual({ _: { code: 'format' } });
    expect(errorsOf(referenceSchema, 'R'.repeat(41))).toEqual({ _: { code: 'too-long', params: { max: 40 } } });
  });
});

describe('streetKey', () => {
  it.each([
    ['12 Church St.', 'church street'],
    ['Flat 3, 4a Mill Lane', 'mill lane'],
    ['Unit 7, Market Sq', 'market square'],
    ['No. 5 High St', 'high street'],
    ['no 5 high st', 'high street'],
    ['Château Rd', 'chateau road'],
    ["Rue de l'Église", 'rue de l eglise'],
    ['  ELMORE   PARK ', 'elmore park'],
    ['Brereton Rd/Main Rd', 'brereton road main road'],
    ['23b Anson Ave', 'anson avenue'],
  ])('%j → %j', (location, key) => {
    expect(streetKey(location)).toBe(key);
  });

  it('makes the same key for the same street however it is written', () => {
    const same = (a: string, b: string) => expect(streetKey(a), `${a} / ${b}`).toBe(streetKey(b));
    same('12 Church St.', 'church street');
    same('Flat 3, 4a Mill Lane', 'mill lane');
    same('Flat 3, 4a Mill Lane', 'MILL LN');
    same('Chateau Road', 'Château Rd.');
    same('Église Close', 'eglise cl');
  });

  it('keeps different streets apart, and keeps words that only start with a number word', () => {
    expect(streetKey('Church Street')).not.toBe(streetKey('Church Lane'));
    expect(streetKey('Church Street')).not.toBe(streetKey('Church Street West'));
    // "flat" and "no" are dropped only before a number: "Flat Lane" is a street name.
    expect(streetKey('Flat Lane')).toBe('flat lane');
    expect(streetKey('Unit Road')).toBe('unit road');
  });

  it('gives an empty key where nothing but numbers or punctuation was typed', () => {
    expect(streetKey('')).toBe('');
    expect(streetKey('12')).toBe('');
    expect(streetKey('Flat 3, 4a')).toBe('');
    expect(streetKey('--!!')).toBe('');
  });
});

describe('input schemas clean text before checking it', () => {
  it('removes control characters and bidi overrides and folds line breaks in single-line fields', () => {
    const parsed = raiseIssueSchema.parse({
      ...issue,
      location: '  Church\u0000 Street\u202E ',
      summary: 'Pothole\u0007 by the\r\n\tbus\u2066 stop\u2069\u009F',
    });
    expect(parsed.location).toBe('Church Street');
    expect(parsed.summary).toBe('Pothole by the bus stop');
  });

  it('keeps line breaks in staff details, as \\n, without control characters', () => {
    const parsed = logEnquirySchema.parse({
      channel: 'desk',
      topicId: 'roads',
      location: 'Church Street',
      summary: 'Pothole by the bus stop',
      details: 'First line\r\nSecond\u0000 line\rThird\u202D line',
      contact: null,
      status: 'new',
    });
    expect(parsed.details).toBe('First line\nSecond line\nThird line');
  });

  it('checks lengths after cleaning, so control characters neither pad nor push a text over', () => {
    const padded = '\u0000\u0001\u0002\u0003\u0004\u0005abc';
    expect(errorsOf(raiseIssueSchema, { ...issue, summary: padded })).toEqual({
      summary: { code: 'too-short', params: { min: LIMITS.summary.min } },
    });
    const full = 'x'.repeat(LIMITS.summary.max);
    expect(raiseIssueSchema.parse({ ...issue, summary: `${full}\u202E\u0000` }).summary).toBe(full);
    expect(errorsOf(raiseIssueSchema, { ...issue, summary: `${full}y` })).toEqual({
      summary: { code: 'too-long', params: { max: LIMITS.summary.max } },
    });
    expect(raiseIssueSchema.parse({ ...issue, location: 'x'.repeat(LIMITS.location.max) }).location).toHaveLength(LIMITS.location.max);
    expect(errorsOf(raiseIssueSchema, { ...issue, location: 'x'.repeat(LIMITS.location.max + 1) })).toEqual({
      location: { code: 'too-long', params: { max: LIMITS.location.max } },
    });
    expect(errorsOf(raiseIssueSchema, { ...issue, location: ' \u0000x ' })).toEqual({
      location: { code: 'too-short', params: { min: LIMITS.location.min } },
    });
  });

  it('names each refused field by its path', () => {
    expect(errorsOf(raiseIssueSchema, { topicId: 'potholes', contact: { ...contact, phone: 'call me', email: 'pat@' } })).toEqual({
      topicId: { code: 'format' },
      location: { code: 'required' },
      summary: { code: 'required' },
      'contact.phone': { code: 'format' },
      'contact.email': { code: 'format' },
    });
  });

  it('refuses a staff detail text over its limit', () => {
    const log = { channel: 'phone', topicId: 'roads', location: 'Mill Lane', summary: 'Drain blocked', contact: null, status: 'referred' };
    expect(errorsOf(logEnquirySchema, { ...log, details: 'd'.repeat(LIMITS.details.max) })).toBeNull();
    expect(errorsOf(logEnquirySchema, { ...log, details: 'd'.repeat(LIMITS.details.max + 1) })).toEqual({
      details: { code: 'too-long', params: { max: LIMITS.details.max } },
    });
    // Staff cannot log an enquiry straight onto an agenda or as a kiosk issue.
    expect(errorsOf(logEnquirySchema, { ...log, details: '', status: 'on-agenda', channel: 'kiosk' })).toEqual({
      channel: { code: 'format' },
      status: { code: 'format' },
    });
  });
});

describe('contact details', () => {
  it('need a phone number or an email address', () => {
    expect(errorsOf(contactSchema, { ...contact, phone: '', email: '' })).toEqual({ phone: { code: 'required' } });
    expect(errorsOf(contactSchema, { ...contact, phone: ' \u0000 ', email: '' })).toEqual({ phone: { code: 'required' } });
    expect(contactSchema.parse({ ...contact, phone: '', email: ' pat@example.org ' })).toEqual({
      name: 'Pat Resident',
      phone: '',
      email: 'pat@example.org',
      purpose: 'follow-up',
    });
    expect(contactSchema.parse({ ...contact, name: '' })).toMatchObject({ name: '', phone: '01889 256000' });
  });

  it('are held only for follow-up', () => {
    expect(errorsOf(contactSchema, { ...contact, purpose: 'marketing' })).toEqual({ purpose: { code: 'format' } });
  });

  it.each(['01889 256000', '01889256000', '+44 1889 256000', '+44 (0)1889 256-000', '(01889) 256 000', '07700 900123'])(
    'accept the phone number %j',
    (phone) => {
      expect(errorsOf(contactSchema, { ...contact, phone })).toBeNull();
    },
  );

  it.each(['01889 2560', '999', 'call me', '01889 256000 ext 4', '01889.256.000', 'O1889 256000', '+44 1889 256000#'])(
    'refuse the phone number %j',
    (phone) => {
      expect(errorsOf(contactSchema, { ...contact, phone })).toEqual({ phone: { code: 'format' } });
    },
  );

  it('refuse a malformed email address and overlong fields', () => {
    for (const email of ['pat', 'pat@', '@example.org', 'pat at example.org', 'pat@example']) {
      expect(errorsOf(contactSchema, { ...contact, phone: '', email }), email).toEqual({ email: { code: 'format' } });
    }
    expect(errorsOf(contactSchema, { ...contact, name: 'n'.repeat(LIMITS.contactName.max + 1) })).toEqual({
      name: { code: 'too-long', params: { max: LIMITS.contactName.max } },
    });
    expect(errorsOf(contactSchema, { ...contact, phone: '0'.repeat(31) })).toEqual({ phone: { code: 'too-long', params: { max: 30 } } });
  });
});

describe('status changes', () => {
  const reachableFrom = (start: EnquiryStatus): Set<EnquiryStatus> => {
    const seen = new Set<EnquiryStatus>([start]);
    const queue = [start];
    for (let status = queue.shift(); status; status = queue.shift()) {
      for (const next of STATUS_TRANSITIONS[status]) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  };

  it('name only known statuses, never the status itself, and never twice', () => {
    expect(Object.keys(STATUS_TRANSITIONS).sort()).toEqual([...ENQUIRY_STATUSES].sort());
    for (const [from, targets] of Object.entries(STATUS_TRANSITIONS)) {
      expect(new Set(targets).size, from).toBe(targets.length);
      for (const to of targets) {
        expect(ENQUIRY_STATUSES, `${from} → ${to}`).toContain(to);
        expect(to, from).not.toBe(from);
      }
    }
  });

  it('reach every status from new, and can close from anywhere', () => {
    expect(reachableFrom('new')).toEqual(new Set(ENQUIRY_STATUSES));
    for (const status of ENQUIRY_STATUSES) expect(reachableFrom(status).has('closed'), status).toBe(true);
  });

  it('follow the forum: an issue goes on an agenda only from "for forum", and leaves it only with an outcome', () => {
    expect(canMoveTo('for-forum', 'on-agenda')).toBe(true);
    expect(canMoveTo('on-agenda', 'outcome-recorded')).toBe(true);
    expect(canMoveTo('outcome-recorded', 'closed')).toBe(true);
    for (const from of ENQUIRY_STATUSES) {
      if (from !== 'for-forum') expect(canMoveTo(from, 'on-agenda'), from).toBe(false);
      if (from !== 'on-agenda') expect(canMoveTo(from, 'outcome-recorded'), from).toBe(false);
    }
    expect(canMoveTo('on-agenda', 'closed')).toBe(false);
    expect(canMoveTo('new', 'on-agenda')).toBe(false);
  });

  it('reopen a closed enquiry only as new', () => {
    expect(STATUS_TRANSITIONS.closed).toEqual(['new']);
    expect(canMoveTo('closed', 'new')).toBe(true);
    expect(canMoveTo('closed', 'for-forum')).toBe(false);
    expect(canMoveTo('closed', 'closed')).toBe(false);
  });

  it('canMoveTo answers exactly as the table says, for every pair', () => {
    for (const from of ENQUIRY_STATUSES) {
      for (const to of ENQUIRY_STATUSES) {
        expect(canMoveTo(from, to), `${from} → ${to}`).toBe(STATUS_TRANSITIONS[from].includes(to));
      }
    }
  });

  it('need an id, a version of at least 1 and a known status; note and outcome are cleaned', () => {
    const id = '3f1c9a52-8f0e-4c55-9b8e-2b7f6f1d2a10';
    expect(changeStatusSchema.parse({ id, version: 1, status: 'closed', outcome: ' Done\u0000 ', note: '\u202Eok' })).toEqual({
      id,
      version: 1,
      status: 'closed',
      outcome: 'Done',
      note: 'ok',
    });
    expect(errorsOf(changeStatusSchema, { id: 'x', version: 0, status: 'done', outcome: 'o'.repeat(501), note: '' })).toEqual({
      id: { code: 'format' },
      version: { code: 'too-small', params: { min: 1 } },
      status: { code: 'format' },
      outcome: { code: 'too-long', params: { max: LIMITS.outcome.max } },
    });
    expect(errorsOf(mergeSchema, { id, version: 1, into: id })).toEqual({ into: { code: 'format' } });
  });
});
