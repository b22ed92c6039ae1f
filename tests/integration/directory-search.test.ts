import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend';
import type { DirectorySearchResult, ServiceDetail, ServiceSummary } from '../../shared/directory/views';
import { makeTempDir } from '../support/tempDir';

let dir: ReturnType<typeof makeTempDir>;
let backend: Backend;
// Monday 23 November 2026, 10:00 in London (GMT).
const NOW = new Date('2026-11-23T10:00:00Z');

beforeAll(() => {
  dir = makeTempDir();
  backend = createBackend({ dataDir: dir.path, now: () => NOW, log: () => {} });
});
afterAll(() => {
  backend.close();
  dir.remove();
});

async function search(query: string): Promise<DirectorySearchResult> {
  const result = await backend.dispatch('directory:search', { query }, 'kiosk');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as DirectorySearchResult;
}

/**
 * What a resident types, and the service a council officer would want them to see first.
 * Typos, partial words, words split or joined, and people's words for the bodies' words.
 */
const RELEVANCE: readonly [query: string, expectedFirst: string | readonly string[]][] = [
  ['pothole', 'svc-report-pothole'],
  ['potholl', 'svc-report-pothole'],
  ['pot hole', 'svc-report-pothole'],
  ['potholes in my road', 'svc-report-pothole'],
  ['recyc', 'svc-recycling-collections'],
  // Bills and payments, or the help desk here: both are the right first door for council tax.
  ['councl tax', ['svc-council-tax-account', 'svc-council-tax-help-oss']],
  ['council tax', ['svc-council-tax-account', 'svc-council-tax-help-oss']],
  ['missed bin', 'svc-missed-bin'],
  // Any of the district's everyday bin services is the right door for "wheelie bin".
  ['wheelie bin', ['svc-bin-collection-days', 'svc-missed-bin', 'svc-new-bin']],
  ['garden waste', 'svc-garden-waste'],
  ['the tip', 'svc-hwrc-rugeley'],
  ['fly tipping', 'svc-fly-tipping'],
  ['flytipping', 'svc-fly-tipping'],
  ['dentist', 'svc-find-a-dentist'],
  ['noise', 'svc-noise'],
  ['rats', 'svc-pest-control'],
  ['street light', 'svc-street-lights'],
  ['broken street light', 'svc-street-lights'],
  ['register a birth', 'svc-register-a-birth'],
  ['homeless', 'svc-homelessness'],
  ['parking', 'svc-car-parks'],
  ['swimming', 'svc-rugeley-leisure-centre'],
  ['report crime', 'svc-report-crime-online'],
  ['burglary', 'svc-report-crime-online'],
  ['mental health', 'svc-mental-health-crisis'],
  ['stop smoking', 'svc-stop-smoking'],
  ['jobcentre', 'svc-jobcentre-cannock'],
  ['smoke alarm', 'svc-safe-and-well'],
  ['school bus', 'svc-school-transport'],
  ['blue badge', 'svc-blue-badge'],
  ['care home', 'svc-adult-social-care'],
  ['graffiti', 'svc-street-cleaning'],
  ['dog poo', 'svc-street-cleaning'],
  ['scam', 'svc-trading-standards'],
  ['bulky', 'svc-bulky-waste'],
  ['gritting', 'svc-gritting'],
  ['planning', 'svc-planning-applications'],
  ['101', 'svc-police-101'],
  ['111', 'svc-nhs-111'],
];

describe('directory search relevance', () => {
  it.each(RELEVANCE)('"%s" puts %s first', async (query, expected) => {
    const { hits } = await search(query);
    expect(typeof expected === 'string' ? [expected] : expected, hits.slice(0, 3).map((h) => h.id).join(', ')).toContain(hits[0]?.id);
  });

  it('lists only the responsible body for the topics before anyone else', async () => {
    for (const [query, body] of [
      ['pothole', 'county'],
      ['bin', 'district'],
      ['GP', 'nhs'],
      ['doctor', 'nhs'],
      ['library', 'county'],
      ['libary', 'county'],
      ['council tax', 'district'],
    ] as const) {
      const { hits } = await search(query);
      expect(hits.length, query).toBeGreaterThan(0);
      expect(hits[0]?.body, query).toBe(body);
    }
  });

  it('says which topic a query is about, so the screen can say who deals with it', async () => {
    expect((await search('potholl')).topicIds[0]).toBe('roads');
    expect((await search('councl tax')).topicIds[0]).toBe('council-tax');
    expect((await search('antisocial')).topicIds[0]).toBe('antisocial-behaviour');
    expect((await search('mental health')).topicIds).toEqual(['mental-health']);
  });

  it('finds services from topic names typed in Urdu', async () => {
    const { hits } = await search('سڑکیں');
    expect(hits.map((h) => h.id)).toContain('svc-report-pothole');
  });

  it('answers every keystroke of a word being typed, and nothing for an empty box', async () => {
    for (const prefix of ['p', 'po', 'pot', 'poth', 'potho', 'pothol', 'pothole']) {
      const { hits } = await search(prefix);
      expect(Array.isArray(hits)).toBe(true);
    }
    expect((await search('poth')).hits[0]?.id).toBe('svc-report-pothole');
    expect(await search('   ')).toEqual({ hits: [], topicIds: [] });
  });

  it('treats quotes, operators and SQL as plain words', async () => {
    for (const query of ['"', 'bin OR 1=1', "'; DROP TABLE services; --", 'NEAR(bin tax)', 'bin*', '(((', 'council -tax']) {
      const result = await backend.dispatch('directory:search', { query }, 'kiosk');
      expect(result.ok, query).toBe(true);
    }
    expect((await backend.dispatch('directory:info', undefined, 'kiosk'))).toMatchObject({ ok: true, value: { services: 96 } });
  });
});

describe('browsing and service details', () => {
  it('a topic tile lists the responsible body first', async () => {
    const result = await backend.dispatch('directory:browse', { group: 'antisocial-behaviour' }, 'kiosk');
    const services = (result.ok ? result.value : []) as ServiceSummary[];
    expect(services.map((s) => s.body)).toContain('police');
    expect(services[0]?.body).toBe('district');
  });

  it("a service's details say whether it is open now and when it next opens, on London's clock", async () => {
    const result = await backend.dispatch('directory:service', { id: 'svc-report-pothole' }, 'kiosk');
    expect(result.ok).toBe(true);
    const detail = (result as { ok: true; value: ServiceDetail }).value;
    expect(detail.body).toBe('county');
    expect(detail.opening).toEqual({ state: 'open', closesAt: '2026-11-23T17:00:00.000Z' });
    expect(detail.week).toHaveLength(7);
    expect(detail.assuredDate).toMatch(/^2026-\d\d-\d\d$/);
    expect(detail.phones[0]?.number).toMatch(/^01632 960\d{3}$/);
  });

  it('an emergency line is always open and carries the urgent advice', async () => {
    const result = await backend.dispatch('directory:service', { id: 'svc-police-101' }, 'kiosk');
    const detail = (result as { ok: true; value: ServiceDetail }).value;
    expect(detail.opening).toEqual({ state: 'always-open' });
    expect(detail.urgent).toEqual(['999', '101']);
  });

  it('an unknown service is a clear error, not a crash', async () => {
    expect(await backend.dispatch('directory:service', { id: 'svc-nope' }, 'kiosk')).toMatchObject({
      ok: false,
      error: { code: 'directory/not-found' },
    });
  });

  it('gives translated names and descriptions where the directory has them, English where it does not', async () => {
    const inUrdu = await backend.dispatch('directory:service', { id: 'svc-report-pothole', language: 'ur' }, 'kiosk');
    const detail = (inUrdu as { ok: true; value: ServiceDetail }).value;
    expect(detail).toMatchObject({ name: 'سڑک کے گڑھے کی اطلاع دیں', contentLanguage: 'ur', organizationName: 'Staffordshire County Council' });
    expect(detail.description).toContain('اسٹافورڈ شائر');

    const browse = await backend.dispatch('directory:browse', { topic: 'bin-collection', language: 'pl' }, 'kiosk');
    const services = (browse.ok ? browse.value : []) as ServiceSummary[];
    expect(services.find((s) => s.id === 'svc-bin-collection-days')).toMatchObject({ name: 'Sprawdź dzień wywozu śmieci', contentLanguage: 'pl' });
    expect(services.find((s) => s.id === 'svc-missed-bin')).toMatchObject({ name: 'Report a missed bin collection', contentLanguage: 'en-GB' });

    const inRomanian = await search('groapă');
    expect(inRomanian.hits[0]?.id).toBe('svc-report-pothole');
  });

  it('residents cannot import or export the directory', async () => {
    expect(await backend.dispatch('directory:export', { format: 'json' }, 'kiosk')).toMatchObject({ ok: false, error: { code: 'auth/required' } });
    expect(await backend.dispatch('directory:import', { format: 'json', fileName: 'x.json', content: '[]' }, 'kiosk')).toMatchObject({
      ok: false,
      error: { code: 'auth/required' },
    });
  });
});
