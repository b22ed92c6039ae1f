/**
 * A seeded, generated services directory for the search benchmark: the 96 sample services
 * (assets/directory/sample-directory.json) unchanged, then variants of them up to the size asked
 * for. A variant keeps its template's organisation and topic attributes (so the topic words and
 * the body ranking behave as on real data); its name gets a place in the district and/or a
 * qualifier, its description is its template's sentences recombined with one from a related
 * service and a local sentence, and every child record gets a fresh id so the file imports as is.
 *
 * Same seed, same directory: the PRNG is mulberry32, never Math.random.
 */
import { readFileSync } from 'node:fs';
import type { OrukServiceInput } from '../../shared/directory/oruk';
import { mulberry32 } from '../support/random';

export const SAMPLE_DIRECTORY_FILE = new URL('../../assets/directory/sample-directory.json', import.meta.url);

/** A variant's id is its template's id, this separator and a number: `svc-noise--v123`. */
const VARIANT_SEPARATOR = '--v';

/** The sample service a service was made from (itself for an original). */
export function templateIdOf(serviceId: string): string {
  const at = serviceId.indexOf(VARIANT_SEPARATOR);
  return at === -1 ? serviceId : serviceId.slice(0, at);
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

const chance = (random: Random, p: number): boolean => random() < p;

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** The district's towns, villages and estates. */
export const AREAS = [
  'Cannock',
  'Hednesford',
  'Rugeley',
  'Norton Canes',
  'Bridgtown',
  'Chadsmoor',
  'West Chadsmoor',
  'Heath Hayes',
  'Brereton',
  'Pye Green',
  'Wimblebury',
  'Cannock Wood',
  'Etchinghill',
  'Slitting Mill',
  'Little Wyrley',
  'Prospect Village',
  'Hawks Green',
  'Rawnsley',
  'Hazelslade',
  'Huntington',
  'Blackfords',
  'Church Hill',
  'Broomhill',
  'Heath Hayes East',
] as const;

const QUALIFIERS = [
  'drop-in',
  'outreach',
  'evening sessions',
  'Saturday sessions',
  'by appointment',
  'for older residents',
  'for families',
  'for carers',
  'pop-up',
  'phone line',
  'online service',
  'with interpreters',
  'community centre sessions',
  'winter service',
  'weekday service',
] as const;

const VENUES = [
  'the community centre',
  'the village hall',
  'the library',
  'the One Stop Shop',
  'the church hall',
  'the family hub',
  'the leisure centre',
  'the health centre',
] as const;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

const LOCAL_SENTENCES: readonly ((area: string, random: Random) => string)[] = [
  (area) => `This service covers ${area} and the streets around it.`,
  (area, random) => `Sessions are held at ${pick(random, VENUES)} in ${area} every ${pick(random, WEEKDAYS)}.`,
  (area, random) => `Staff can meet you in ${area} on ${pick(random, WEEKDAYS)} mornings if you cannot travel.`,
  (area) => `Residents of ${area} can also ask at their nearest One Stop Shop.`,
  (area, random) => `In ${area}, ask at ${pick(random, VENUES)} for a leaflet.`,
  (area, random) => `We run extra sessions in ${area} during ${pick(random, ['the school holidays', 'the winter', 'the summer', 'half term'])}.`,
];

/** A description's sentences: split after a full stop followed by a capital or a digit. */
function sentencesOf(text: string | null | undefined): string[] {
  if (text == null || text.trim() === '') return [];
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z0-9£])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function topicCodes(service: OrukServiceInput): string[] {
  return (service.attributes ?? []).map((a) => a.taxonomy_term.code ?? a.taxonomy_term.id);
}

/** The 96 sample services, as the JSON file has them. */
export function sampleServices(): OrukServiceInput[] {
  const file = JSON.parse(readFileSync(SAMPLE_DIRECTORY_FILE, 'utf8')) as { contents: OrukServiceInput[] };
  return file.contents;
}

function variant(template: OrukServiceInput, related: readonly OrukServiceInput[], n: number, random: Random): OrukServiceInput {
  const id = `${template.id}${VARIANT_SEPARATOR}${n}`;
  const key = `${template.id.replace(/^svc-/, '')}-v${n}`;
  const area = pick(random, AREAS);
  const qualifier = pick(random, QUALIFIERS);
  const name = (() => {
    switch (Math.floor(random() * 5)) {
      case 0:
        return `${template.name} – ${area}`;
      case 1:
        return `${template.name} (${area})`;
      case 2:
        return `${area}: ${template.name}`;
      case 3:
        return `${template.name}: ${qualifier}`;
      default:
        return `${template.name} – ${area} ${qualifier}`;
    }
  })();

  const own = sentencesOf(template.description);
  const kept = shuffled(random, own).slice(0, Math.max(1, Math.ceil(own.length * (0.5 + random() * 0.5))));
  // Keep the template's own order for what is kept: it reads better.
  const sentences = own.filter((s) => kept.includes(s));
  const neighbour = related.length > 0 ? pick(random, related) : undefined;
  const borrowed = neighbour ? sentencesOf(neighbour.description) : [];
  if (borrowed.length > 0 && chance(random, 0.6)) sentences.splice(Math.floor(random() * (sentences.length + 1)), 0, pick(random, borrowed));
  sentences.push(pick(random, LOCAL_SENTENCES)(area, random));

  const day = 1 + Math.floor(random() * 28);
  const month = 1 + Math.floor(random() * 9);
  const copy = structuredClone(template);
  return {
    ...copy,
    id,
    name,
    alternate_name: copy.alternate_name,
    description: sentences.join(' '),
    assured_date: `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    phones: (copy.phones ?? []).map((phone, i) => ({
      ...phone,
      id: `ph-${key}-${i + 1}`,
      number: `01632 96${String(Math.floor(random() * 10000)).padStart(4, '0')}`,
    })),
    schedules: (copy.schedules ?? []).map((schedule, i) => ({ ...schedule, id: `sch-${key}-${i + 1}` })),
    service_areas: [{ id: `area-${key}`, name: area }],
    languages: (copy.languages ?? []).map((language, i) => ({ ...language, id: `lang-${key}-${i + 1}` })),
    // Some of the template's places (shared location records, copied unchanged), each with fresh ids.
    service_at_locations: (copy.service_at_locations ?? [])
      .filter(() => chance(random, 0.7))
      .map((sal, i) => ({
        ...sal,
        id: `sal-${key}-${i + 1}`,
        schedules: (sal.schedules ?? []).map((schedule, j) => ({ ...schedule, id: `sch-${key}-l${i + 1}-${j + 1}` })),
      })),
    attributes: (copy.attributes ?? []).map((attribute) => ({
      ...attribute,
      id: `attr-${key}-${attribute.taxonomy_term.code ?? attribute.taxonomy_term.id}`,
      link_id: id,
    })),
  };
}

/**
 * `count` services (at least the 96 samples): the samples first, unchanged, then variants made from
 * templates taken in turn in a shuffled order, so every sample has about the same number of variants.
 */
export function generateDirectory(count: number, seed = 20260901, templates: readonly OrukServiceInput[] = sampleServices()): OrukServiceInput[] {
  const random = mulberry32(seed);
  const services: OrukServiceInput[] = templates.map((t) => structuredClone(t));
  // Related services: same topic first, else same organisation.
  const relatedOf = new Map<string, OrukServiceInput[]>();
  for (const template of templates) {
    const codes = new Set(topicCodes(template));
    const sameTopic = templates.filter((t) => t !== template && topicCodes(t).some((c) => codes.has(c)));
    const sameOrganisation = templates.filter((t) => t !== template && t.organization.id === template.organization.id);
    relatedOf.set(template.id, sameTopic.length > 0 ? sameTopic : sameOrganisation);
  }
  let order = shuffled(random, templates);
  let n = 0;
  while (services.length < count) {
    if (n > 0 && n % templates.length === 0) order = shuffled(random, templates);
    const template = order[n % templates.length] as OrukServiceInput;
    n += 1;
    services.push(variant(template, relatedOf.get(template.id) ?? [], n, random));
  }
  return services;
}
