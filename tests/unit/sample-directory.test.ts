import { describe, it, expect } from 'vitest';
import data from '../../assets/directory/sample-directory.json' with { type: 'json' };
import { ORUK_TOPIC_TAXONOMY, orukServiceSchema, type OrukService } from '../../shared/directory/oruk';
import { TOPICS, type Body } from '../../shared/directory/topics';

/**
 * The bundled SAMPLE services directory (assets/directory/sample-directory.json): valid ORUK records,
 * every topic reachable from its lead body, and nothing a resident could mistake for a real number,
 * address or website.
 */

const page = data as unknown as { contents: unknown[]; total_items: number; size: number; x_onestop_sample?: unknown };
const raw = page.contents as Record<string, unknown>[];
const services: OrukService[] = raw.map((record) => orukServiceSchema.parse(record));

const ONE_STOP_SHOPS = ['loc-oss-cannock', 'loc-oss-hednesford', 'loc-oss-rugeley', 'loc-oss-norton-canes'];
const URGENT_NUMBERS = new Set(['999', '101', '111']);
/** Ofcom's drama range: 01632 960000 to 01632 960999. */
const DRAMA_NUMBER = /^01632 960\d{3}$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every [key, value] pair anywhere in a JSON value. */
function* entries(value: Json): Generator<[string, Json]> {
  if (Array.isArray(value)) {
    for (const item of value) yield* entries(item);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      yield [key, child];
      yield* entries(child);
    }
  }
}

/** Every string anywhere in a JSON value. */
function* strings(value: Json): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (value !== null && typeof value === 'object') for (const child of Object.values(value)) yield* strings(child);
}

const all = raw as unknown as Json;

function topicCodes(service: OrukService): string[] {
  return service.attributes
    .filter((a) => a.taxonomy_term.taxonomy === ORUK_TOPIC_TAXONOMY)
    .map((a) => a.taxonomy_term.code ?? '');
}

function bodiesFor(topicId: string): Set<Body> {
  return new Set(services.filter((s) => topicCodes(s).includes(topicId)).map((s) => s.organization.x_onestop_body));
}

/** Checks that objects sharing an id are identical, and returns how many distinct ids there were. */
function expectSameContentPerId(objects: { id: string }[], kind: string): number {
  const seen = new Map<string, string>();
  for (const object of objects) {
    const content = JSON.stringify(object);
    const earlier = seen.get(object.id);
    if (earlier === undefined) seen.set(object.id, content);
    else expect(content, `${kind} ${object.id} differs between appearances`).toBe(earlier);
  }
  return seen.size;
}

describe('sample services directory', () => {
  it('says it is sample data and describes one complete page', () => {
    expect(typeof page.x_onestop_sample).toBe('string');
    expect(String(page.x_onestop_sample)).toMatch(/sample/i);
    expect(page.total_items).toBe(raw.length);
    expect(page.size).toBe(raw.length);
  });

  it('has records that all parse as ORUK services, at least 80 of them', () => {
    for (const record of raw) {
      const result = orukServiceSchema.safeParse(record);
      expect(result.success, `${String(record['id'])}: ${result.error?.message ?? ''}`).toBe(true);
    }
    expect(services.length).toBeGreaterThanOrEqual(80);
  });

  it('uses unique, prefixed ids for each kind of record', () => {
    const ids: Record<string, string[]> = {
      svc: services.map((s) => s.id),
      ph: services.flatMap((s) => s.phones.map((p) => p.id)),
      sch: services.flatMap((s) => [...s.schedules, ...s.service_at_locations.flatMap((sal) => sal.schedules)].map((x) => x.id)),
      sal: services.flatMap((s) => s.service_at_locations.map((sal) => sal.id)),
      area: services.flatMap((s) => s.service_areas.map((a) => a.id)),
      lang: services.flatMap((s) => s.languages.map((l) => l.id)),
      attr: services.flatMap((s) => s.attributes.map((a) => a.id)),
    };
    for (const [prefix, list] of Object.entries(ids)) {
      expect(new Set(list).size, `duplicate ${prefix} ids`).toBe(list.length);
      for (const id of list) expect(id).toMatch(new RegExp(`^${prefix}-[a-z0-9]+(-[a-z0-9]+)*$`));
    }
    const locations = services.flatMap((s) => s.service_at_locations.map((sal) => sal.location));
    for (const location of locations) {
      expect(location.id).toMatch(/^loc-[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const address of location.addresses) expect(address.id).toMatch(/^addr-[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    // A location's addresses belong to it alone.
    const addressOwner = new Map<string, string>();
    for (const location of locations) {
      for (const address of location.addresses) {
        expect(addressOwner.get(address.id) ?? location.id, `address ${address.id}`).toBe(location.id);
        addressOwner.set(address.id, location.id);
      }
    }
  });

  it('gives a location, an organisation or a taxonomy term the same content wherever its id appears', () => {
    const rawLocations: { id: string }[] = [];
    const rawOrganizations: { id: string }[] = [];
    const rawTerms: { id: string }[] = [];
    for (const [key, value] of entries(all)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const object = value as { id: string };
      if (key === 'location') rawLocations.push(object);
      if (key === 'organization') rawOrganizations.push(object);
      if (key === 'taxonomy_term') rawTerms.push(object);
    }
    expect(expectSameContentPerId(rawLocations, 'location')).toBeGreaterThanOrEqual(10);
    expect(expectSameContentPerId(rawOrganizations, 'organisation')).toBe(8);
    expect(expectSameContentPerId(rawTerms, 'taxonomy term')).toBe(TOPICS.length);
  });

  it('tags services only with known topics, consistently', () => {
    const known = new Set(TOPICS.map((t) => t.id));
    for (const service of services) {
      const codes = topicCodes(service);
      expect(codes.length, service.id).toBeGreaterThanOrEqual(1);
      expect(codes.length, service.id).toBeLessThanOrEqual(3);
      for (const attribute of service.attributes) {
        const term = attribute.taxonomy_term;
        expect(term.taxonomy).toBe(ORUK_TOPIC_TAXONOMY);
        expect(known.has(term.code ?? ''), `${service.id}: ${term.code}`).toBe(true);
        expect(term.id).toBe(`topic-${term.code}`);
        expect(attribute.link_id).toBe(service.id);
        expect(attribute.id).toBe(`attr-${service.id}-${term.code}`);
      }
    }
  });

  it('has a service from the lead body for every topic', () => {
    for (const topic of TOPICS) {
      const lead = topic.bodies[0];
      expect(lead, topic.id).toBeDefined();
      expect(bodiesFor(topic.id).has(lead!), `${topic.id} has no ${lead} service`).toBe(true);
    }
  });

  it('has antisocial behaviour services from both the district council and the police', () => {
    const bodies = bodiesFor('antisocial-behaviour');
    expect(bodies.has('district')).toBe(true);
    expect(bodies.has('police')).toBe(true);
  });

  it('uses only 999, 101, 111 or drama-range phone numbers', () => {
    const numbers: string[] = [];
    for (const [key, value] of entries(all)) {
      if (key !== 'phones' || !Array.isArray(value)) continue;
      for (const phone of value) numbers.push(String((phone as { number: string }).number));
    }
    expect(numbers.length).toBeGreaterThan(80);
    for (const number of numbers) expect(URGENT_NUMBERS.has(number) || DRAMA_NUMBER.test(number), number).toBe(true);
    // No phone-like number hides in free text either.
    for (const text of strings(all)) {
      for (const match of text.matchAll(/\b0\d{3,4} ?\d{3} ?\d{3,4}\b/g)) expect(match[0], text).toMatch(DRAMA_NUMBER);
    }
  });

  it('uses only example.org emails and websites', () => {
    let emails = 0;
    let urls = 0;
    for (const [key, value] of entries(all)) {
      if (typeof value !== 'string') continue;
      if (key === 'email') {
        emails += 1;
        expect(value).toMatch(/^[^\s@]+@example\.org$/);
      }
      if (key === 'url' || key === 'website') {
        urls += 1;
        const host = new URL(value).hostname;
        expect(host === 'example.org' || host.endsWith('.example.org'), value).toBe(true);
      }
    }
    expect(emails).toBeGreaterThan(0);
    expect(urls).toBeGreaterThanOrEqual(services.length);
    for (const text of strings(all)) {
      for (const match of text.matchAll(/https?:\/\/[^\s"]+/g)) expect(new URL(match[0]).hostname, text).toMatch(/(^|\.)example\.org$/);
      for (const match of text.matchAll(/[^\s@]+@[^\s@]+\.[a-z]+/gi)) expect(match[0]).toMatch(/@example\.org$/);
    }
  });

  it('offers services from at least 3 bodies at each One Stop Shop', () => {
    for (const shop of ONE_STOP_SHOPS) {
      const here = services.filter((s) => s.service_at_locations.some((sal) => sal.location.id === shop));
      expect(here.length, shop).toBeGreaterThanOrEqual(3);
      expect(new Set(here.map((s) => s.organization.x_onestop_body)).size, shop).toBeGreaterThanOrEqual(3);
    }
  });

  it('checked every service recently and keeps schedules sensible', () => {
    for (const service of services) {
      expect(service.assured_date >= '2026-06-01' && service.assured_date <= '2026-11-20', service.id).toBe(true);
      const schedules = [...service.schedules, ...service.service_at_locations.flatMap((sal) => sal.schedules)];
      for (const schedule of schedules) {
        if (schedule.opens_at != null && schedule.closes_at != null) expect(schedule.opens_at < schedule.closes_at, schedule.id).toBe(true);
        if (schedule.valid_from != null && schedule.valid_to != null) expect(schedule.valid_from <= schedule.valid_to, schedule.id).toBe(true);
      }
    }
    const closures = services.flatMap((s) => s.service_at_locations.flatMap((sal) => sal.schedules)).filter((x) => x.opens_at == null);
    expect(closures.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps the urgent lines open all day, every day, including bank holidays', () => {
    for (const number of URGENT_NUMBERS) {
      const lines = services.filter((s) => s.phones.some((p) => p.number === number) && s.name.includes(number));
      expect(lines.length, number).toBeGreaterThanOrEqual(1);
      for (const line of lines) {
        expect(line.x_onestop_bank_holidays).toBe('open');
        expect(line.schedules).toContainEqual(
          expect.objectContaining({ byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '23:59' }),
        );
      }
    }
    const emergencies = services.filter((s) => s.phones.some((p) => p.number === '999'));
    for (const service of emergencies) expect(service.description, service.id).toMatch(/emergenc/i);
  });
});
