import { describe, expect, it } from 'vitest';
import holidays from '../../assets/config/bank-holidays.json' with { type: 'json' };
import {
  londonInstant,
  londonWallClock,
  openingStatus,
  weeklyHours,
  type OpeningSchedule,
  type OpeningStatus,
} from '../../shared/directory/openingHours';
import { orukScheduleSchema } from '../../shared/directory/oruk';

const bankHolidays = holidays.dates.map((d) => d.date);

const WEEKDAYS = 'MO,TU,WE,TH,FR';
const ALL_DAYS = 'MO,TU,WE,TH,FR,SA,SU';

function opening(byday: string, opens_at: string, closes_at: string, extra: Partial<OpeningSchedule> = {}): OpeningSchedule {
  return { freq: 'WEEKLY', byday, opens_at, closes_at, ...extra };
}

function closure(valid_from: string, valid_to: string): OpeningSchedule {
  return { valid_from, valid_to };
}

const officeHours = [opening(WEEKDAYS, '09:00', '17:00')];

/** The status with instants as ISO strings, so a failure shows readable times. */
function status(schedules: readonly OpeningSchedule[], at: string, openOnBankHolidays = false): Record<string, unknown> {
  const s: OpeningStatus = openingStatus({ schedules, bankHolidays, openOnBankHolidays, at: new Date(at) });
  switch (s.state) {
    case 'always-open':
      return { state: s.state };
    case 'open':
      return { state: s.state, closesAt: s.closesAt.toISOString() };
    case 'closed':
      return { state: s.state, opensAt: s.opensAt?.toISOString() ?? null, reason: s.reason };
  }
}

describe('bank-holidays.json', () => {
  it('has the 8 England and Wales bank holidays of each year 2025–2028, sorted and unique', () => {
    expect(holidays.division).toBe('england-and-wales');
    for (const year of ['2025', '2026', '2027', '2028']) {
      expect(bankHolidays.filter((d) => d.startsWith(`${year}-`)), year).toHaveLength(8);
    }
    expect(bankHolidays).toHaveLength(32);
    expect(new Set(bankHolidays).size).toBe(bankHolidays.length);
    expect([...bankHolidays].sort()).toEqual(bankHolidays);
    for (const d of holidays.dates) {
      expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${d.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d.date);
      expect(d.title.length).toBeGreaterThan(0);
    }
  });

  it('falls on weekdays, with Good Friday and Easter Monday around Easter Sunday', () => {
    for (const d of bankHolidays) expect([1, 2, 3, 4, 5], d).toContain(new Date(d).getUTCDay());
    const easter = { 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28', 2028: '2028-04-16' };
    for (const sunday of Object.values(easter)) {
      const ms = new Date(sunday).getTime();
      expect(bankHolidays).toContain(new Date(ms - 2 * 86_400_000).toISOString().slice(0, 10));
      expect(bankHolidays).toContain(new Date(ms + 86_400_000).toISOString().slice(0, 10));
    }
  });
});

describe('londonWallClock', () => {
  it('reads GMT in winter and BST in summer', () => {
    expect(londonWallClock(new Date('2026-01-14T17:05:30Z'))).toEqual({ date: '2026-01-14', weekday: 'WE', minutes: 17 * 60 + 5 });
    expect(londonWallClock(new Date('2026-07-15T23:30:00Z'))).toEqual({ date: '2026-07-16', weekday: 'TH', minutes: 30 });
  });

  it('follows the clock changes', () => {
    expect(londonWallClock(new Date('2026-03-29T00:59:00Z')).minutes).toBe(59);
    expect(londonWallClock(new Date('2026-03-29T01:00:00Z')).minutes).toBe(120);
    expect(londonWallClock(new Date('2026-10-25T00:30:00Z')).minutes).toBe(90);
    expect(londonWallClock(new Date('2026-10-25T01:30:00Z')).minutes).toBe(90);
  });
});

describe('londonInstant', () => {
  it('converts ordinary winter and summer times', () => {
    expect(londonInstant('2026-01-14', 17 * 60).toISOString()).toBe('2026-01-14T17:00:00.000Z');
    expect(londonInstant('2026-07-15', 17 * 60).toISOString()).toBe('2026-07-15T16:00:00.000Z');
    expect(londonInstant('2026-07-15', 1440).toISOString()).toBe('2026-07-15T23:00:00.000Z');
  });

  it('maps a time in the March gap to the instant just after the gap', () => {
    expect(londonInstant('2026-03-29', 59).toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(londonInstant('2026-03-29', 60).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(londonInstant('2026-03-29', 90).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(londonInstant('2026-03-29', 120).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(londonInstant('2026-03-29', 180).toISOString()).toBe('2026-03-29T02:00:00.000Z');
  });

  it('maps a time in the October overlap to its first occurrence (BST)', () => {
    expect(londonInstant('2026-10-25', 60).toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(londonInstant('2026-10-25', 90).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(londonInstant('2026-10-25', 120).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('refuses a malformed date', () => {
    expect(() => londonInstant('25/12/2026', 0)).toThrow(RangeError);
  });
});

describe('openingStatus', () => {
  it('is open on a weekday inside hours, closing at the exact instant (GMT and BST)', () => {
    expect(status(officeHours, '2026-01-14T11:00:00Z')).toEqual({ state: 'open', closesAt: '2026-01-14T17:00:00.000Z' });
    expect(status(officeHours, '2026-07-15T10:00:00Z')).toEqual({ state: 'open', closesAt: '2026-07-15T16:00:00.000Z' });
  });

  it('is open at the opening instant and closed at the closing instant', () => {
    expect(status(officeHours, '2026-01-14T09:00:00Z')).toMatchObject({ state: 'open' });
    expect(status(officeHours, '2026-01-14T17:00:00Z')).toEqual({
      state: 'closed',
      opensAt: '2026-01-15T09:00:00.000Z',
      reason: 'outside-hours',
    });
  });

  it('before opening: closed, opening later today', () => {
    expect(status(officeHours, '2026-01-14T07:30:00Z')).toEqual({
      state: 'closed',
      opensAt: '2026-01-14T09:00:00.000Z',
      reason: 'outside-hours',
    });
  });

  it('on Friday evening: opens on Monday at 09:00', () => {
    expect(status(officeHours, '2026-01-16T18:00:00Z')).toEqual({
      state: 'closed',
      opensAt: '2026-01-19T09:00:00.000Z',
      reason: 'outside-hours',
    });
  });

  it('handles a Saturday morning-only schedule', () => {
    const schedules = [...officeHours, opening('SA', '09:00', '12:00')];
    expect(status(schedules, '2026-01-17T10:00:00Z')).toEqual({ state: 'open', closesAt: '2026-01-17T12:00:00.000Z' });
    expect(status(schedules, '2026-01-17T13:00:00Z')).toEqual({
      state: 'closed',
      opensAt: '2026-01-19T09:00:00.000Z',
      reason: 'outside-hours',
    });
    expect(status(schedules, '2026-01-16T18:00:00Z')).toMatchObject({ opensAt: '2026-01-17T09:00:00.000Z' });
  });

  it('reads MONTHLY with byday like WEEKLY', () => {
    const schedules = [opening('WE', '09:00', '17:00', { freq: 'MONTHLY' })];
    expect(status(schedules, '2026-01-14T11:00:00Z')).toEqual({ state: 'open', closesAt: '2026-01-14T17:00:00.000Z' });
  });

  describe('the March clock change (Sunday 2026-03-29)', () => {
    const night = [opening('SU', '00:00', '03:00'), ...officeHours];

    it('an opening 00:00–03:00 that day lasts two real hours', () => {
      expect(status(night, '2026-03-28T23:00:00Z')).toMatchObject({ state: 'closed', opensAt: '2026-03-29T00:00:00.000Z' });
      expect(status(night, '2026-03-29T00:30:00Z')).toEqual({ state: 'open', closesAt: '2026-03-29T02:00:00.000Z' });
      expect(status(night, '2026-03-29T01:30:00Z')).toEqual({ state: 'open', closesAt: '2026-03-29T02:00:00.000Z' });
      expect(status(night, '2026-03-29T02:00:00Z')).toMatchObject({ state: 'closed' });
    });

    it('the Monday 09:00 opening after the change is 08:00Z', () => {
      expect(status(officeHours, '2026-03-27T18:00:00Z')).toEqual({
        state: 'closed',
        opensAt: '2026-03-30T08:00:00.000Z',
        reason: 'outside-hours',
      });
      expect(status(officeHours, '2026-03-29T12:00:00Z')).toMatchObject({ opensAt: '2026-03-30T08:00:00.000Z' });
    });
  });

  describe('the October clock change (Sunday 2026-10-25)', () => {
    it('Friday 2026-10-23 closes at 17:00 BST and the next opening is Monday 09:00 GMT', () => {
      expect(status(officeHours, '2026-10-23T12:00:00Z')).toEqual({ state: 'open', closesAt: '2026-10-23T16:00:00.000Z' });
      expect(status(officeHours, '2026-10-23T18:00:00Z')).toEqual({
        state: 'closed',
        opensAt: '2026-10-26T09:00:00.000Z',
        reason: 'outside-hours',
      });
    });

    it('an opening 00:00–03:00 that day lasts four real hours', () => {
      const night = [opening('SU', '00:00', '03:00')];
      expect(status(night, '2026-10-24T23:30:00Z')).toEqual({ state: 'open', closesAt: '2026-10-25T03:00:00.000Z' });
    });
  });

  describe('bank holidays', () => {
    it('closes on Christmas Day 2026 and reopens on Tuesday 29th (Monday 28th is the substitute Boxing Day)', () => {
      expect(status(officeHours, '2026-12-25T10:00:00Z')).toEqual({
        state: 'closed',
        opensAt: '2026-12-29T09:00:00.000Z',
        reason: 'bank-holiday',
      });
      expect(status(officeHours, '2026-12-26T10:00:00Z')).toMatchObject({ reason: 'outside-hours' });
      expect(status(officeHours, '2026-12-28T10:00:00Z')).toMatchObject({ reason: 'bank-holiday' });
      expect(status(officeHours, '2026-12-24T18:00:00Z')).toMatchObject({ opensAt: '2026-12-29T09:00:00.000Z' });
    });

    it('stays open on Christmas Day for a service open on bank holidays', () => {
      expect(status(officeHours, '2026-12-25T10:00:00Z', true)).toEqual({ state: 'open', closesAt: '2026-12-25T17:00:00.000Z' });
      expect(status(officeHours, '2026-12-25T18:00:00Z', true)).toMatchObject({ opensAt: '2026-12-28T09:00:00.000Z' });
    });

    it('gives no bank-holiday reason for a service that would not have opened that day', () => {
      const tuesdays = [opening('TU', '09:00', '17:00')];
      expect(status(tuesdays, '2026-12-25T10:00:00Z')).toEqual({
        state: 'closed',
        opensAt: '2026-12-29T09:00:00.000Z',
        reason: 'outside-hours',
      });
    });
  });

  describe('closures', () => {
    const schedules = [...officeHours, closure('2026-02-09', '2026-02-13')];

    it('a closure (dates, no times) closes the service until the first opening after it', () => {
      expect(status(schedules, '2026-02-10T10:00:00Z')).toEqual({
        state: 'closed',
        opensAt: '2026-02-16T09:00:00.000Z',
        reason: 'closure',
      });
      expect(status(schedules, '2026-02-09T07:00:00Z')).toMatchObject({ reason: 'closure', opensAt: '2026-02-16T09:00:00.000Z' });
      expect(status(schedules, '2026-02-13T16:00:00Z')).toMatchObject({ reason: 'closure' });
    });

    it('before the closure the service opens as usual and then skips it', () => {
      expect(status(schedules, '2026-02-06T11:00:00Z')).toEqual({ state: 'open', closesAt: '2026-02-06T17:00:00.000Z' });
      expect(status(schedules, '2026-02-06T18:00:00Z')).toEqual({
        state: 'closed',
        opensAt: '2026-02-16T09:00:00.000Z',
        reason: 'outside-hours',
      });
    });

    it('takes precedence over an opening on a bank holiday service', () => {
      expect(status([...officeHours, closure('2026-12-25', '2026-12-25')], '2026-12-25T10:00:00Z', true)).toMatchObject({
        reason: 'closure',
        opensAt: '2026-12-28T09:00:00.000Z',
      });
    });
  });

  describe('validity dates', () => {
    it('a schedule valid only from a future date opens from that date', () => {
      const schedules = [opening(WEEKDAYS, '09:00', '17:00', { valid_from: '2026-03-02' })];
      expect(status(schedules, '2026-02-25T10:00:00Z')).toEqual({
        state: 'closed',
        opensAt: '2026-03-02T09:00:00.000Z',
        reason: 'outside-hours',
      });
      expect(status(schedules, '2026-03-04T10:00:00Z')).toEqual({ state: 'open', closesAt: '2026-03-04T17:00:00.000Z' });
    });

    it('reports no next opening beyond 21 days', () => {
      const schedules = [opening(WEEKDAYS, '09:00', '17:00', { valid_from: '2026-06-01' })];
      expect(status(schedules, '2026-02-25T10:00:00Z')).toEqual({ state: 'closed', opensAt: null, reason: 'outside-hours' });
    });

    it('valid_to is inclusive; after it there are no hours', () => {
      const schedules = [opening(WEEKDAYS, '09:00', '17:00', { valid_to: '2026-01-16' })];
      expect(status(schedules, '2026-01-16T10:00:00Z')).toMatchObject({ state: 'open' });
      expect(status(schedules, '2026-01-16T18:00:00Z')).toEqual({ state: 'closed', opensAt: null, reason: 'outside-hours' });
      expect(status(schedules, '2026-01-19T10:00:00Z')).toEqual({ state: 'closed', opensAt: null, reason: 'no-hours' });
    });

    it('switches from winter to summer hours', () => {
      const schedules = [
        opening(WEEKDAYS, '09:00', '16:00', { valid_to: '2026-03-31' }),
        opening(WEEKDAYS, '09:00', '18:00', { valid_from: '2026-04-01' }),
      ];
      expect(status(schedules, '2026-03-31T10:00:00Z')).toEqual({ state: 'open', closesAt: '2026-03-31T15:00:00.000Z' });
      expect(status(schedules, '2026-04-01T10:00:00Z')).toEqual({ state: 'open', closesAt: '2026-04-01T17:00:00.000Z' });
    });
  });

  describe('overnight openings', () => {
    const nights = [opening('FR', '22:00', '02:00')];

    it('22:00–02:00 on Friday is open at 01:00 on Saturday, closing at 02:00', () => {
      expect(status(nights, '2026-01-17T01:00:00Z')).toEqual({ state: 'open', closesAt: '2026-01-17T02:00:00.000Z' });
      expect(status(nights, '2026-01-16T23:00:00Z')).toEqual({ state: 'open', closesAt: '2026-01-17T02:00:00.000Z' });
      expect(status(nights, '2026-01-17T03:00:00Z')).toEqual({
        state: 'closed',
        opensAt: '2026-01-23T22:00:00.000Z',
        reason: 'outside-hours',
      });
    });

    it('merges nightly openings that meet the next day’s', () => {
      const schedules = [opening(ALL_DAYS, '18:00', '00:00'), opening(ALL_DAYS, '00:00', '02:00')];
      expect(status(schedules, '2026-01-14T23:30:00Z')).toEqual({ state: 'open', closesAt: '2026-01-15T02:00:00.000Z' });
    });

    it('a closure on the start day cancels the whole night', () => {
      expect(status([...nights, closure('2026-01-16', '2026-01-16')], '2026-01-17T01:00:00Z')).toMatchObject({
        state: 'closed',
        opensAt: '2026-01-23T22:00:00.000Z',
      });
    });
  });

  it('merges back-to-back and overlapping openings', () => {
    const backToBack = [opening(WEEKDAYS, '09:00', '12:00'), opening(WEEKDAYS, '12:00', '17:00')];
    expect(status(backToBack, '2026-01-14T10:00:00Z')).toEqual({ state: 'open', closesAt: '2026-01-14T17:00:00.000Z' });
    const overlapping = [opening(WEEKDAYS, '09:00', '13:00'), opening(WEEKDAYS, '12:00', '17:00')];
    expect(status(overlapping, '2026-01-14T10:00:00Z')).toEqual({ state: 'open', closesAt: '2026-01-14T17:00:00.000Z' });
    const withLunch = [opening(WEEKDAYS, '09:00', '12:00'), opening(WEEKDAYS, '13:00', '17:00')];
    expect(status(withLunch, '2026-01-14T10:00:00Z')).toEqual({ state: 'open', closesAt: '2026-01-14T12:00:00.000Z' });
    expect(status(withLunch, '2026-01-14T12:30:00Z')).toMatchObject({ opensAt: '2026-01-14T13:00:00.000Z' });
  });

  describe('24/7', () => {
    it('00:00–23:59 or 00:00–00:00 on all seven days is always open', () => {
      expect(status([opening(ALL_DAYS, '00:00', '23:59')], '2026-01-14T03:00:00Z', true)).toEqual({ state: 'always-open' });
      expect(status([opening(ALL_DAYS, '00:00', '00:00')], '2026-03-29T01:30:00Z', true)).toEqual({ state: 'always-open' });
      expect(status([opening(ALL_DAYS, '00:00', '23:59')], '2026-10-25T01:30:00Z')).toEqual({ state: 'always-open' });
    });

    it('is open until a coming closure or bank holiday instead', () => {
      const schedules = [opening(ALL_DAYS, '00:00', '23:59'), closure('2026-01-20', '2026-01-20')];
      expect(status(schedules, '2026-01-14T03:00:00Z', true)).toEqual({ state: 'open', closesAt: '2026-01-20T00:00:00.000Z' });
      expect(status(schedules, '2026-01-20T12:00:00Z', true)).toEqual({
        state: 'closed',
        opensAt: '2026-01-21T00:00:00.000Z',
        reason: 'closure',
      });
      expect(status([opening(ALL_DAYS, '00:00', '23:59')], '2026-12-20T12:00:00Z')).toEqual({
        state: 'open',
        closesAt: '2026-12-25T00:00:00.000Z',
      });
    });

    it('six days a week is not always open', () => {
      expect(status([opening('MO,TU,WE,TH,FR,SA', '00:00', '23:59')], '2026-01-14T03:00:00Z')).toEqual({
        state: 'open',
        closesAt: '2026-01-18T00:00:00.000Z',
      });
    });
  });

  it('with no schedules, or only closures: closed, no hours', () => {
    expect(status([], '2026-01-14T10:00:00Z')).toEqual({ state: 'closed', opensAt: null, reason: 'no-hours' });
    expect(status([closure('2026-01-01', '2026-01-31')], '2026-01-14T10:00:00Z')).toEqual({
      state: 'closed',
      opensAt: null,
      reason: 'no-hours',
    });
  });

  it('accepts ORUK schedules as parsed by the schema', () => {
    const schedule: OpeningSchedule = orukScheduleSchema.parse({
      id: 's1',
      freq: 'WEEKLY',
      byday: 'WE',
      opens_at: '09:30:00',
      closes_at: '16:00',
    });
    expect(status([schedule], '2026-01-14T08:00:00Z')).toMatchObject({ opensAt: '2026-01-14T09:30:00.000Z' });
  });
});

describe('weeklyHours', () => {
  it('lists a week containing a bank holiday (Easter 2026)', () => {
    const schedules = [...officeHours, opening('SA', '10:00', '12:00')];
    const week = weeklyHours({ schedules, bankHolidays, openOnBankHolidays: false, from: '2026-03-30' });
    const nineToFive = [{ opens: '09:00', closes: '17:00' }];
    expect(week).toEqual([
      { date: '2026-03-30', weekday: 'MO', openings: nineToFive },
      { date: '2026-03-31', weekday: 'TU', openings: nineToFive },
      { date: '2026-04-01', weekday: 'WE', openings: nineToFive },
      { date: '2026-04-02', weekday: 'TH', openings: nineToFive },
      { date: '2026-04-03', weekday: 'FR', openings: [], closedReason: 'bank-holiday' },
      { date: '2026-04-04', weekday: 'SA', openings: [{ opens: '10:00', closes: '12:00' }] },
      { date: '2026-04-05', weekday: 'SU', openings: [] },
    ]);
    const openAnyway = weeklyHours({ schedules, bankHolidays, openOnBankHolidays: true, from: '2026-03-30' });
    expect(openAnyway[4]).toEqual({ date: '2026-04-03', weekday: 'FR', openings: nineToFive });
  });

  it('marks closures, merges back-to-back openings and keeps overnight ones on their start day', () => {
    const schedules = [
      opening(WEEKDAYS, '09:00', '12:00'),
      opening(WEEKDAYS, '12:00', '17:00'),
      opening('TH', '18:30', '20:00'),
      opening('FR', '22:00', '02:00'),
      opening('SU', '00:00', '23:59'),
      closure('2026-01-13', '2026-01-13'),
    ];
    const week = weeklyHours({ schedules, bankHolidays, openOnBankHolidays: false, from: '2026-01-12' });
    expect(week.map((d) => [d.weekday, d.openings.map((o) => `${o.opens}–${o.closes}`).join(', '), d.closedReason])).toEqual([
      ['MO', '09:00–17:00', undefined],
      ['TU', '', 'closure'],
      ['WE', '09:00–17:00', undefined],
      ['TH', '09:00–17:00, 18:30–20:00', undefined],
      ['FR', '09:00–17:00, 22:00–02:00', undefined],
      ['SA', '', undefined],
      ['SU', '00:00–23:59', undefined],
    ]);
  });
});
