/**
 * Who does what in a two-tier district (../../../shared/DOMAIN.md, "Who does what"): the topics a
 * resident can ask about, grouped into the tiles of the resident screen, each with the body that
 * deals with it and the urgent advice to give first. Pure data and pure functions: the routing.
 */

/** The bodies residents need told apart. `partner`: CVS, Fire and Rescue, JobCentre Plus, the college. */
export const BODIES = ['district', 'county', 'nhs', 'police', 'partner'] as const;
export type Body = (typeof BODIES)[number];

/** Urgent advice shown before anything else: 999 emergencies, 101 police non-emergency, 111 NHS. */
export const URGENT_LINES = ['999', '101', '111'] as const;
export type UrgentLine = (typeof URGENT_LINES)[number];

export const TOPIC_GROUPS = [
  'bins',
  'council-tax',
  'housing',
  'planning',
  'environment',
  'parks-leisure',
  'roads',
  'schools',
  'care-libraries',
  'county-services',
  'health',
  'police',
  'antisocial-behaviour',
  'other-help',
] as const;
export type TopicGroup = (typeof TOPIC_GROUPS)[number];

export interface Topic {
  /** Stable id; also the ORUK taxonomy term code (taxonomy `onestop-topics`). */
  readonly id: string;
  readonly group: TopicGroup;
  /** Who deals with it, the lead body first. Antisocial behaviour is the district's and the police's together. */
  readonly bodies: readonly Body[];
  /** Urgent lines to show first, most urgent first. */
  readonly urgent: readonly UrgentLine[];
  /** People's words for it, beyond its name: what a resident types ("pothole", "bin", "GP"). */
  readonly words: readonly string[];
}

const topic = (id: string, group: TopicGroup, bodies: readonly Body[], words: readonly string[], urgent: readonly UrgentLine[] = []): Topic => ({
  id,
  group,
  bodies,
  urgent,
  words,
});

export const TOPICS: readonly Topic[] = [
  topic('bin-collection', 'bins', ['district'], ['bin', 'bins', 'rubbish', 'refuse', 'wheelie', 'missed', 'collection', 'waste']),
  topic('recycling', 'bins', ['district'], ['recycling', 'recycle', 'blue bin', 'glass', 'paper', 'plastic', 'garden waste']),
  topic('bulky-waste', 'bins', ['district'], ['bulky', 'furniture', 'sofa', 'fridge', 'mattress', 'large items']),
  topic('street-cleaning', 'bins', ['district'], ['street cleaning', 'litter', 'dog fouling', 'dog poo', 'graffiti', 'sweeping', 'dirty']),
  topic('fly-tipping', 'bins', ['district'], ['fly tipping', 'flytipping', 'dumped', 'dumping', 'tipped']),
  topic('council-tax', 'council-tax', ['district'], ['council tax', 'ctax', 'band', 'discount', 'single person', 'arrears', 'bill']),
  topic('housing-benefit', 'council-tax', ['district'], ['housing benefit', 'benefit', 'rent rebate', 'council tax support', 'reduction']),
  topic('council-housing', 'housing', ['district'], ['council house', 'council housing', 'tenancy', 'housing register', 'bidding', 'rent', 'tenant']),
  topic('homelessness', 'housing', ['district'], ['homeless', 'homelessness', 'evicted', 'eviction', 'nowhere to live', 'sleeping rough', 'rough sleeping']),
  topic('housing-repairs', 'housing', ['district'], ['repair', 'repairs', 'damp', 'mould', 'leak', 'boiler', 'broken']),
  topic('planning', 'planning', ['district'], ['planning', 'planning application', 'extension', 'planning permission', 'objection']),
  topic('building-control', 'planning', ['district'], ['building control', 'building regulations', 'dangerous building', 'structure']),
  topic('licensing', 'planning', ['district'], ['licence', 'license', 'licensing', 'taxi', 'alcohol', 'pub', 'premises']),
  topic('environmental-health', 'environment', ['district'], ['environmental health', 'food hygiene', 'food safety', 'pollution', 'air quality', 'smoke']),
  topic('noise', 'environment', ['district'], ['noise', 'noisy', 'loud', 'music', 'barking', 'neighbour noise']),
  topic('pest-control', 'environment', ['district'], ['pest', 'pests', 'rats', 'mice', 'wasps', 'bed bugs', 'vermin']),
  topic('parks', 'parks-leisure', ['district'], ['park', 'parks', 'playground', 'green space', 'allotment', 'play area']),
  topic('leisure-centres', 'parks-leisure', ['district'], ['leisure centre', 'swimming', 'gym', 'pool', 'sport']),
  topic('car-parks', 'parks-leisure', ['district'], ['car park', 'car parks', 'parking', 'parking permit', 'pay and display']),
  topic('abandoned-vehicles', 'parks-leisure', ['district'], ['abandoned car', 'abandoned vehicle', 'dumped car', 'untaxed']),
  topic('roads', 'roads', ['county'], ['pothole', 'potholes', 'road', 'roads', 'highways', 'road repair', 'drain', 'flooding']),
  topic('pavements', 'roads', ['county'], ['pavement', 'footpath', 'kerb', 'trip hazard', 'uneven', 'dropped kerb']),
  topic('street-lights', 'roads', ['county'], ['street light', 'streetlight', 'lamp post', 'street lamp', 'light out']),
  topic('traffic', 'roads', ['county'], ['traffic', 'speeding', 'road safety', 'crossing', 'traffic lights', 'bus stop', 'yellow lines']),
  topic('gritting', 'roads', ['county'], ['gritting', 'grit', 'ice', 'snow', 'salt bin', 'icy']),
  topic('rights-of-way', 'roads', ['county'], ['right of way', 'public footpath', 'bridleway', 'stile', 'overgrown path']),
  topic('schools', 'schools', ['county'], ['school', 'schools', 'admissions', 'school place', 'education', 'term dates']),
  topic('school-transport', 'schools', ['county'], ['school bus', 'school transport', 'travel to school']),
  topic('childrens-services', 'schools', ['county'], ['children', 'child', 'social worker', 'family support', 'safeguarding', 'fostering'], ['999']),
  topic('adult-social-care', 'care-libraries', ['county'], ['social care', 'carer', 'care home', 'home care', 'elderly', 'disability', 'blue badge']),
  topic('libraries', 'care-libraries', ['county'], ['library', 'libraries', 'books', 'computer', 'borrow']),
  topic('recycling-centres', 'county-services', ['county'], ['tip', 'the tip', 'dump', 'recycling centre', 'household waste recycling centre', 'hwrc']),
  topic('trading-standards', 'county-services', ['county'], ['trading standards', 'scam', 'rogue trader', 'doorstep', 'consumer', 'fake goods']),
  topic('registrars', 'county-services', ['county'], ['registrar', 'birth', 'death', 'marriage', 'wedding', 'civil partnership', 'certificate', 'register a birth']),
  topic('gp-registration', 'health', ['nhs'], ['gp', 'doctor', 'doctors', 'surgery', 'register with a doctor', 'medical practice'], ['999', '111']),
  topic('dentists', 'health', ['nhs'], ['dentist', 'dental', 'teeth', 'toothache'], ['111']),
  topic('health-visitors', 'health', ['nhs'], ['health visitor', 'baby', 'new baby', 'midwife', 'child health']),
  topic('stop-smoking', 'health', ['nhs'], ['stop smoking', 'quit smoking', 'smoking', 'vaping', 'cigarettes']),
  topic('sexual-health', 'health', ['nhs'], ['sexual health', 'contraception', 'sti', 'clinic']),
  topic('mental-health', 'health', ['nhs'], ['mental health', 'depression', 'anxiety', 'stress', 'counselling', 'crisis', 'wellbeing'], ['999', '111']),
  topic('crime-reporting', 'police', ['police'], ['crime', 'report a crime', 'theft', 'stolen', 'burglary', 'police', '101'], ['999', '101']),
  topic('neighbourhood-policing', 'police', ['police'], ['neighbourhood police', 'pcso', 'police officer', 'local police', 'beat']),
  topic('pact-meetings', 'police', ['police'], ['pact', 'pact meeting', 'police meeting', 'partners and communities together']),
  topic('antisocial-behaviour', 'antisocial-behaviour', ['district', 'police'], ['antisocial', 'anti social', 'asb', 'nuisance', 'gangs', 'vandalism', 'youths'], ['999', '101']),
  topic('volunteering', 'other-help', ['partner'], ['volunteer', 'volunteering', 'charity', 'community group', 'cvs']),
  topic('fire-safety', 'other-help', ['partner'], ['fire', 'smoke alarm', 'fire safety', 'home fire check'], ['999']),
  topic('jobs', 'other-help', ['partner'], ['job', 'jobs', 'work', 'jobcentre', 'universal credit', 'unemployed']),
  topic('adult-learning', 'other-help', ['partner'], ['college', 'course', 'courses', 'learning', 'training', 'english classes', 'esol']),
];

export const TOPIC_IDS = TOPICS.map((t) => t.id);

const byId = new Map(TOPICS.map((t) => [t.id, t]));

export function findTopic(id: string): Topic | undefined {
  return byId.get(id);
}

export function topicsInGroup(group: TopicGroup): readonly Topic[] {
  return TOPICS.filter((t) => t.group === group);
}

/**
 * The tier a resident may wrongly think deals with a topic: the other council for council topics,
 * the councils for NHS and police topics. Used to say plainly "..., not ...".
 */
export function otherBodyFor(topicBodies: readonly Body[]): Body | null {
  const lead = topicBodies[0];
  if (topicBodies.length > 1) return null;
  switch (lead) {
    case 'district':
      return 'county';
    case 'county':
      return 'district';
    case 'nhs':
    case 'police':
      return 'district';
    default:
      return null;
  }
}
