import nlp from 'compromise';
import { findPhoneNumbersInText } from 'libphonenumber-js';
import type { RedactionFinding, RedactionKind } from './model';

/**
 * The scrubber: finds the personal data a resident may have typed into free text (names, phone
 * numbers, email addresses, house numbers with their street, full postcodes) before anything is
 * published (DOMAIN.md, "Privacy"). It only proposes: the chair confirms every finding before a
 * public export (publication.ts), so it leans towards flagging. What it must not do is bury the chair
 * in look-alikes, so streets without a number, places, councils, shops, months, road numbers, the
 * 999/101/111 numbers, dates, times, amounts and references are left alone (see the corpus in
 * tests/fixtures/redaction-corpus.json for what is and is not flagged, and its `knownLimits`).
 *
 * Pure and synchronous: no Node, no DOM. Phones come from libphonenumber-js and people from
 * compromise; emails, postcodes and house-number-plus-street are patterns, because no well-kept
 * library finds UK street addresses in prose.
 */

// ---------------------------------------------------------------------------------------------
// Shared word lists.

/** Lower-case words that end a street's name ("Church Street", "Mill Ln"). */
const STREET_SUFFIXES = new Set([
  'street', 'st', 'road', 'rd', 'lane', 'ln', 'avenue', 'ave', 'close', 'cl', 'drive', 'dr', 'way',
  'crescent', 'cres', 'court', 'ct', 'gardens', 'gdns', 'grove', 'gr', 'place', 'pl', 'square', 'sq',
  'terrace', 'tce', 'walk', 'hill', 'rise', 'row', 'mews', 'parade', 'view', 'green', 'park', 'mount',
  'vale', 'croft', 'meadow', 'meadows', 'fold', 'bank', 'grange', 'heights', 'wharf', 'yard',
  'boulevard', 'approach', 'glade', 'dale', 'drove', 'gate', 'hollow', 'lea', 'nook', 'paddock',
  'orchard', 'wynd', 'causeway', 'circus', 'copse', 'cottages', 'estate',
]);

/**
 * Words that, right after a capitalised word, make it part of a place or an organisation rather than
 * a person ("Victoria Street", "Grace Road", "Chase District Council", "Pye Green Centre").
 */
const PLACE_FOLLOWERS = new Set([
  ...STREET_SUFFIXES,
  'council', 'centre', 'center', 'school', 'academy', 'college', 'university', 'hospital', 'surgery',
  'practice', 'clinic', 'church', 'chapel', 'mosque', 'gurdwara', 'temple', 'hall', 'library', 'police',
  'station', 'house', 'club', 'arms', 'inn', 'hotel', 'shopping', 'district', 'parish', 'county',
  'ward', 'wood', 'chase', 'valley', 'reservoir', 'brook', 'pool', 'common', 'retail', 'industrial',
  'medical', 'health', 'primary', 'infants', 'juniors', 'nursery', 'pub', 'tavern', 'bridge', 'village',
  'town', 'city', 'cross', 'island', 'roundabout', 'junction',
]);

/** Titles that make the capitalised word after them a surname ("Mrs Patel", "Cllr Jones", "PC Davies"). */
const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'cllr', 'councillor', 'prof', 'professor', 'rev', 'revd',
  'reverend', 'pc', 'pcso', 'dc', 'ds', 'sgt', 'sergeant', 'insp', 'inspector',
]);
/** Titles also typed in lower case ("mr patel"); the rest only count as written ("PC", not "pc"). */
const LOWER_CASE_TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'cllr']);

/** Capitalised words that are never a person's name here, even next to one. */
const NOT_NAMES = new Set([
  // function words and sentence openers
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'so', 'of', 'on', 'in', 'at', 'to', 'by', 'for', 'from',
  'with', 'near', 'next', 'opposite', 'outside', 'behind', 'i', 'im', "i'm", 'we', 'he', 'she', 'they',
  'it', 'my', 'our', 'his', 'her', 'their', 'this', 'that', 'there', 'here', 'please', 'dear', 'sir',
  'madam', 'thanks', 'thank', 'hello', 'hi', 'yes', 'no', 'not', 'also', 'again', 'today', 'sorry',
  'regards', 'kind', 'best', 'cheers', 'many', 'love', 'ok', 'okay', 'urgent', 'note', 'update',
  'yesterday', 'tomorrow', 'tonight', 'every', 'since', 'after', 'before', 'when', 'why', 'what',
  'who', 'how', 'has', 'have', 'had', 'is', 'was', 'are', 'were', 'can', 'could', 'would', 'should',
  'will', 'may', 'might', 'must', 'lady', 'man', 'woman', 'gentleman', 'neighbour', 'neighbours',
  // days and months
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february',
  'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'christmas', 'easter', 'diwali', 'eid', 'ramadan',
  // services and topics residents name
  'council', 'councils', 'police', 'highways', 'housing', 'planning', 'licensing', 'environmental',
  'health', 'streetscene', 'enforcement', 'waste', 'recycling', 'bins', 'parking',
  'forum', 'community', 'street', 'road', 'lane', 'centre', 'park', 'estate', 'ward', 'england',
  'british', 'english', 'polish', 'romanian', 'punjabi', 'urdu', 'asian', 'european',
]);

/**
 * Places, organisations and other proper names that compromise may take for a person, and that are
 * never a resident's name here: the district's areas (DOMAIN.md), its neighbours, the bodies and the
 * shops residents mention. Matched whole, case-insensitively.
 */
const NOT_PEOPLE = [
  // the district's areas and its neighbours
  'Cannock Chase', 'Cannock Wood', 'Cannock', 'Bridgtown', 'Chadsmoor', 'Pye Green', 'Hednesford',
  'Heath Hayes', 'Wimblebury', 'Rugeley', 'Brereton', 'Etchinghill', 'Slitting Mill', 'Norton Canes',
  'Little Wyrley', 'Prospect Village', 'Hazelslade', 'Rawnsley', 'Huntington', 'Heath Hill',
  'Hawks Green', 'West Chadsmoor', 'Blackfords', 'Stafford', 'Lichfield', 'Burntwood', 'Walsall',
  'Wolverhampton', 'Birmingham', 'Tamworth', 'Stoke', 'Penkridge', 'Great Wyrley', 'Cheslyn Hay',
  'Armitage', 'Handsacre', 'Colwich', 'Staffordshire', 'West Midlands', 'Midlands',
  // bodies and services
  'Cannock Chase District Council', 'Cannock Chase Council', 'Staffordshire County Council',
  'Staffordshire Police', 'Staffordshire Fire', 'Fire & Rescue', 'Fire and Rescue', 'JobCentre Plus',
  'Jobcentre', 'South Staffordshire College', 'Council for Voluntary Services', 'Highways England',
  'National Highways', 'Citizens Advice', 'Age UK', 'Royal Mail', 'Severn Trent', 'National Grid',
  'Prince of Wales', 'Prince of Wales Centre', 'Chase Leisure Centre', 'Rugeley Leisure Centre',
  // shops and brands
  'Morrisons', 'Tesco', 'Aldi', 'Lidl', 'Asda', "Sainsbury's", 'Sainsburys', 'Iceland', 'Co-op',
  'Boots', "McDonald's", 'McDonalds', 'Greggs', 'Costa', 'Wilko', 'Poundland', 'B&M', 'Home Bargains',
  'Argos', 'Specsavers', 'Superdrug', 'Subway', 'Domino’s', "Domino's", 'KFC',
  // names that are not people
  'Jack Russell', 'Jesus Christ', 'Father Christmas', 'Santa Claus', 'Pope', 'Queen', 'King',
];

/**
 * Given names and surnames common in the district that compromise's lexicon lacks (Polish, Romanian,
 * Punjabi, Urdu and other South Asian names), added to compromise once so that "Katarzyna
 * Lewandowska" is found as readily as "John Smith". Only words that are not also English words: the
 * lexicon is case-insensitive.
 */
const DISTRICT_FIRST_NAMES = [
  // Polish
  'agnieszka', 'aleksandra', 'bartosz', 'beata', 'bogdan', 'dariusz', 'dorota', 'elzbieta', 'elżbieta',
  'ewa', 'grzegorz', 'jacek', 'jakub', 'janusz', 'jolanta', 'kasia', 'katarzyna', 'krzysztof', 'łukasz',
  'lukasz', 'magdalena', 'małgorzata', 'malgorzata', 'marek', 'mariusz', 'marta', 'michał', 'michal',
  'monika', 'paweł', 'pawel', 'piotr', 'przemysław', 'przemyslaw', 'rafał', 'rafal', 'sławomir',
  'stanisław', 'szymon', 'tomasz', 'urszula', 'wojciech', 'zbigniew', 'zofia', 'zuzanna', 'agata',
  'barbara', 'bożena', 'grażyna', 'halina', 'iwona', 'joanna', 'justyna', 'renata', 'wiesław',
  // Romanian
  'andrei', 'alexandru', 'bogdan', 'catalin', 'cătălin', 'constantin', 'cristina', 'daniela', 'dumitru',
  'elena', 'florin', 'gabriela', 'gheorghe', 'ioana', 'ion', 'ionut', 'ionuț', 'iulia', 'lavinia',
  'marian', 'mihaela', 'mihai', 'mirela', 'nicoleta', 'ovidiu', 'radu', 'raluca', 'razvan', 'răzvan',
  'roxana', 'sorin', 'stefan', 'ștefan', 'valentin', 'vasile', 'viorel', 'adrian', 'alina', 'andreea',
  // South Asian
  'aamir', 'abdul', 'ajay', 'akash', 'amandeep', 'amrit', 'anil', 'anjali', 'arjun', 'asif', 'ayesha',
  'baljit', 'balvinder', 'farah', 'farhan', 'fatima', 'gurdeep', 'gurpreet', 'gurinder', 'harjit',
  'harpreet', 'harvinder', 'imran', 'jaspreet', 'jasvinder', 'kamaljit', 'kiran', 'kulwant',
  'kuldeep', 'manjit', 'manpreet', 'mohammed', 'muhammad', 'nasreen', 'navdeep', 'naveed', 'nadia',
  'parveen', 'parminder', 'pooja', 'priya', 'rajesh', 'rajinder', 'rakesh', 'ravinder', 'rubina',
  'sajid', 'samina', 'sandeep', 'shabana', 'shahid', 'simran', 'sukhjinder', 'sukhwinder', 'sunita',
  'tariq', 'usman', 'waseem', 'yasmin', 'zahid', 'zainab', 'zubair', 'bilal', 'hamza', 'kashif',
];
const DISTRICT_SURNAMES = [
  // Polish
  'nowak', 'kowalski', 'kowalska', 'wiśniewski', 'wiśniewska', 'wisniewski', 'wisniewska', 'wójcik',
  'wojcik', 'kowalczyk', 'kamiński', 'kaminski', 'kamińska', 'kaminska', 'lewandowski', 'lewandowska',
  'zieliński', 'zielinski', 'zielińska', 'zielinska', 'szymański', 'szymanski', 'woźniak', 'wozniak',
  'dąbrowski', 'dabrowski', 'kozłowski', 'kozlowski', 'jankowski', 'mazur', 'kwiatkowski', 'krawczyk',
  'piotrowski', 'grabowski', 'nowakowski', 'pawłowski', 'pawlowski', 'michalski', 'wróbel', 'wrobel',
  'jabłoński', 'jablonski', 'zając', 'zajac', 'król', 'majewski', 'olszewski', 'stępień', 'malinowski',
  // Romanian
  'popescu', 'ionescu', 'popa', 'pop', 'radu', 'dumitru', 'stan', 'stoica', 'gheorghe', 'matei',
  'ciobanu', 'ene', 'rusu', 'munteanu', 'constantin', 'moldovan', 'lungu', 'dinu', 'marin', 'tudor',
  'florea', 'nistor', 'sandu', 'cojocaru', 'ungureanu', 'vasile', 'barbu', 'preda', 'voicu',
  // South Asian
  'ahmed', 'akhtar', 'ali', 'bibi', 'begum', 'bains', 'chauhan', 'dhillon', 'gill', 'grewal', 'hussain',
  'iqbal', 'kaur', 'khan', 'malik', 'mahmood', 'patel', 'qureshi', 'rana', 'sandhu', 'sharma', 'sidhu',
  'singh', 'sohal', 'virdi', 'kumar', 'devi', 'choudhury', 'chaudhry', 'rehman', 'rahman', 'mirza',
  'bhatti', 'sangha', 'johal', 'atwal', 'dhaliwal', 'mann', 'bhamra', 'shah', 'mistry', 'parmar',
];
/** Names that are also English words or too short to be safe ("pop", "stan", "gill"): left to compromise. */
const RISKY_LEXICON_WORDS = new Set(['pop', 'mann', 'stan', 'ion', 'marin', 'ali', 'gill', 'ene', 'rana']);

let lexiconAdded = false;
/** Adds the district's names to compromise's (process-wide) lexicon, once. */
function ensureLexicon(): void {
  if (lexiconAdded) return;
  lexiconAdded = true;
  const words: Record<string, string> = {};
  for (const name of DISTRICT_FIRST_NAMES) if (!RISKY_LEXICON_WORDS.has(name)) words[name] = 'FirstName';
  for (const name of DISTRICT_SURNAMES) if (!RISKY_LEXICON_WORDS.has(name)) words[name] ??= 'LastName';
  nlp.addWords(words);
}

// ---------------------------------------------------------------------------------------------
// Helpers.

interface Span {
  readonly start: number;
  readonly end: number;
}

const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Letters, digits and marks of any script: what a match must not be glued to. */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const isWordChar = (ch: string | undefined): boolean => ch !== undefined && WORD_CHAR.test(ch);

/** A word as the name and street checks read it: letters with inner apostrophes or hyphens. */
const WORD = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/uy;

const WORDS = new RegExp(WORD.source, 'gu');

interface Word extends Span {
  readonly text: string;
  readonly lower: string;
}

/** The word starting at or after `from`, skipping only the characters `gap` allows; null otherwise. */
function wordAfter(text: string, from: number, gap: RegExp): Word | null {
  gap.lastIndex = from;
  const skipped = gap.exec(text);
  const at = from + (skipped && skipped.index === from ? skipped[0].length : 0);
  WORD.lastIndex = at;
  const match = WORD.exec(text);
  if (!match || match.index !== at) return null;
  return { start: at, end: at + match[0].length, text: match[0], lower: match[0].toLowerCase() };
}

/** The word ending at or before `to`, with only whitespace between; null otherwise. */
function wordBefore(text: string, to: number): Word | null {
  let end = to;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  if (end > 0 && text[end - 1] === '.') end--;
  let start = end;
  while (start > 0 && /[\p{L}\p{M}'’-]/u.test(text[start - 1]!)) start--;
  if (start === end) return null;
  const word = text.slice(start, end);
  return { start, end, text: word, lower: word.toLowerCase() };
}

const NO_GAP = /(?!)/y;
const SPACES = /[ \t\u00a0]+/y;
const SPACES_OR_COMMA = /[ \t\u00a0]*,?[ \t\u00a0]+|,/y;

const skipSpaces = (text: string, at: number): number => {
  let i = at;
  while (/\s/.test(text[i] ?? '')) i++;
  return i;
};

const isCapitalised = (word: string): boolean => /^\p{Lu}/u.test(word);
const isAcronym = (word: string): boolean => word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

// ---------------------------------------------------------------------------------------------
// Emails.

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;
const SPELT_DOT = String.raw`(?:\s*[([]dot[)\]]\s*|\s+dot\s+)`;
/**
 * Addresses spelt out to dodge spam filters: "jane dot doe at example dot co dot uk",
 * "jane(at)example(dot)com". Only with a known ending, so "meet at the park" stays.
 */
const SPELT_EMAIL = new RegExp(
  String.raw`(?<![\p{L}\p{N}._-])[\p{L}\p{N}._-]+(?:${SPELT_DOT}[\p{L}\p{N}._-]+)*` +
    String.raw`(?:\s*[([]at[)\]]\s*|\s+at\s+)[\p{L}\p{N}-]+` +
    String.raw`(?:${SPELT_DOT}[\p{L}\p{N}-]+)*${SPELT_DOT}(?:com|org|net|uk|gov|info|pl|ro|in|pk|ie|eu)(?![\p{L}\p{N}])`,
  'giu',
);

function findEmails(text: string): Span[] {
  const spans: Span[] = [];
  if (!text.includes('@') && !/\bdot\b/i.test(text)) return spans;
  for (const match of text.matchAll(EMAIL)) spans.push({ start: match.index, end: match.index + match[0].length });
  for (const match of text.matchAll(SPELT_EMAIL)) spans.push({ start: match.index, end: match.index + match[0].length });
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Phones.

/** The digit zero in the scripts residents write numbers in (Latin, Arabic, Urdu, Devanagari, Gurmukhi, full width). */
const ZEROS = new Set(['0', '٠', '۰', '०', '੦', '０']);

/**
 * A local number without its area code ("ring Cannock 462621"), which libphonenumber cannot read as a
 * number: six digits straight after a word that says it is one. "Call 101" and "ring 999" are too
 * short to match.
 */
const LOCAL_NUMBER =
  /(?<![\p{L}])(?:tel|telephone|phone|phoned|ring|rang|call|called|mobile|mob|landline|text|txt)\.?:?[ \t]+(?:(?:me|him|her|them|us|it)[ \t]+)?(?:on[ \t]+)?(?:\p{Lu}\p{Ll}+[ \t]+)?(\d{3}[ \t]?\d{3})(?![\p{L}\p{N}])/giu;

/**
 * Phone numbers, by libphonenumber-js with Britain as the default country and "possible" leniency:
 * a mistyped or fictional number (Ofcom's 07700 900xxx) is still someone's number as far as
 * publication goes. A possible-but-invalid number only counts when written the way a phone number is,
 * from a trunk 0 or a +; so order numbers and the digits inside a reference stay.
 */
function findPhones(text: string): Span[] {
  if (!/\p{Nd}[^\p{Nd}]{0,3}\p{Nd}[^\p{Nd}]{0,3}\p{Nd}[^\p{Nd}]{0,3}\p{Nd}[^\p{Nd}]{0,3}\p{Nd}[^\p{Nd}]{0,3}\p{Nd}/u.test(text)) return [];
  // libphonenumber reads ", 07911" after a number as an extension; a list of numbers is not one number.
  const searchable = text.replace(/[,;]/g, '|');
  const spans: Span[] = [];
  for (const found of findPhoneNumbersInText(searchable, { defaultCountry: 'GB', extended: true })) {
    let { startsAt: start, endsAt: end } = found;
    // "(07911 123456" in "Lisa Wright (07911 123456)": a bracket the number does not close is not its own.
    if (text[start] === '(' && !text.slice(start, end).includes(')')) start = skipSpaces(text, start + 1);
    if (text[end - 1] === ')' && !text.slice(start, end - 1).includes('(')) end--;
    if (isWordChar(text[start - 1]) || isWordChar(text[end]) || /[-.]/.test(text[start - 1] ?? '')) continue;
    const written = text.slice(start, end);
    const first = /[+＋\p{Nd}]/u.exec(written)?.[0] ?? '';
    if (first === '+' || first === '＋' || ZEROS.has(first) || found.number.isValid()) spans.push({ start, end });
  }
  for (const match of text.matchAll(LOCAL_NUMBER)) {
    const start = match.index + match[0].length - match[1]!.length;
    spans.push({ start, end: start + match[1]!.length });
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Addresses: a full postcode, or a house number with its street.

const POSTCODE = /(?<![\p{L}\p{N}])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})(?![\p{L}\p{N}])/giu;

/**
 * A house number, with what may come before it: "Flat 3, 14", "no. 7", "number 9", "12a", "5-7".
 * Not glued to a letter or to another number's punctuation, so "A5190", "12/03" and "£1,234" stay.
 */
const HOUSE_NUMBER =
  /(?<![\p{L}\p{N}£$€#]|\p{N}[.,:/-])(?:(?:flat|apartment|apt|unit)\s*\d{1,4}[a-z]?\s*,?\s+)?(?:(?:no\.?|number|flat|apartment|apt|unit)\s*)?\d{1,3}[a-z]?(?:\s*[-–]\s*\d{1,3}[a-z]?)?(?![\p{L}\p{N}])/giu;

/** Lower-case words that show a number is a count or a measure, not a house ("24 hour road closure"). */
const NOT_STREET_NAME = new Set([
  ...NOT_NAMES,
  'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'minute',
  'minutes', 'mile', 'miles', 'mph', 'metre', 'metres', 'meter', 'meters', 'foot', 'feet', 'yard',
  'yards', 'times', 'bin', 'bins', 'car', 'cars', 'van', 'vans', 'bus', 'buses', 'house', 'houses',
  'home', 'homes', 'flat', 'flats', 'resident', 'residents', 'people', 'lane', 'lanes', 'way',
  'ways', 'storey', 'bed', 'bedroom', 'tonne', 'ton', 'lorry', 'lorries', 'child', 'children',
  'dog', 'dogs', 'tree', 'trees', 'pothole', 'potholes', 'light', 'lights', 'lamp', 'post', 'posts',
]);

function findStreetAddresses(text: string): Span[] {
  const spans: Span[] = [];
  HOUSE_NUMBER.lastIndex = 0;
  for (let match = HOUSE_NUMBER.exec(text); match; match = HOUSE_NUMBER.exec(text)) {
    const end = streetEnd(text, match.index + match[0].length);
    if (end === null) {
      // "Flat 3, 14 bins..." failed as a whole: the number inside may still start an address.
      HOUSE_NUMBER.lastIndex = match.index + 1;
      continue;
    }
    spans.push({ start: match.index, end });
    HOUSE_NUMBER.lastIndex = end;
  }
  return spans;
}

/**
 * Where the street after a house number ends: one to four name words then a street word ("Church
 * Street", "Hill Top Road", "St John's Road", "The Crescent", "Hawks Green Industrial Estate"); null
 * when what follows is no street. The longest such street wins, written in the same case throughout.
 */
function streetEnd(text: string, from: number): number | null {
  const words: Word[] = [];
  let at = from;
  for (let i = 0; i < 6; i++) {
    const word = wordAfter(text, at, i === 0 ? SPACES_OR_COMMA : SPACES);
    if (!word || (i === 0 && word.start === from)) break;
    words.push(word);
    // "St." inside a name ("12 St. John's Road") keeps the walk going; any other stop ends it.
    at = text[word.end] === '.' && word.lower === 'st' ? word.end + 1 : word.end;
  }
  let first: Word | null = null;
  let end = from;
  for (let k = 1; k < words.length && k <= 4; k++) {
    const suffix = words[k]!;
    // Capitals throughout ("12 CHURCH STREET") are a way of writing, not an acronym.
    const shouting = isAcronym(suffix.text);
    const named = (w: Word) => (isCapitalised(w.text) ? shouting || !isAcronym(w.text) || w.lower === 'st' : !NOT_STREET_NAME.has(w.lower));
    if (!words.slice(0, k).every(named)) break;
    if (!STREET_SUFFIXES.has(suffix.lower)) continue;
    if (first === null) first = suffix;
    else if (isCapitalised(suffix.text) !== isCapitalised(first.text)) break;
    end = suffix.end;
  }
  return first === null ? null : end;
}

// ---------------------------------------------------------------------------------------------
// Names.

const NOT_PEOPLE_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...NOT_PEOPLE].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);

/** A person's name word: capitalised, not an acronym, not a word that is never a name. */
function isNameWord(word: Word, shouting = false): boolean {
  return isCapitalised(word.text) && (shouting || !isAcronym(word.text)) && !NOT_NAMES.has(word.lower) && !TITLES.has(word.lower) && !PLACE_FOLLOWERS.has(word.lower);
}

function isTitle(word: Word): boolean {
  return TITLES.has(word.lower) && (isCapitalised(word.text) || LOWER_CASE_TITLES.has(word.lower));
}

interface NameWordsOptions {
  /** What may separate `from` and the first word (later words: spaces only). */
  readonly gap?: RegExp;
  /** Written in capitals throughout ("MR PATEL"): capitals are not an acronym. */
  readonly shouting?: boolean;
  /** After a title, the first word is a surname even when it is also a place word ("Mrs Hall", "Dr Green"). */
  readonly afterTitle?: boolean;
}

/** Up to three name words straight after `from`: the end of the last, or null when there is none. */
function nameWordsEnd(text: string, from: number, options: NameWordsOptions = {}): number | null {
  const { gap = SPACES, shouting = false, afterTitle = false } = options;
  let end: number | null = null;
  let at = from;
  for (let i = 0; i < 3; i++) {
    const word = wordAfter(text, at, i === 0 ? gap : SPACES);
    if (!word || word.start === at) break;
    const surname = i === 0 && afterTitle && PLACE_FOLLOWERS.has(word.lower) && isCapitalised(word.text) && (shouting || !isAcronym(word.text));
    if (!surname && !isNameWord(word, shouting)) break;
    end = word.end;
    at = word.end;
  }
  return end;
}

/** "Mrs Patel", "Mr. Smith-Jones", "Mr and Mrs Singh", "Cllr Jones", "PC Davies". */
const TITLE_START = /(?<![\p{L}\p{N}])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor|Prof|Professor|Rev|Revd|Reverend|PC|PCSO|DC|DS|Sgt|Sergeant|Insp|Inspector|mr|mrs|ms|miss|dr|cllr|MR|MRS|MS|MISS|DR|CLLR)(?:\.?\s+(?:and|&)\s+(?:Mr|Mrs|Ms|Miss|Dr|mr|mrs|ms|miss|dr))?\.?(?![\p{L}\p{N}])/gu;

function findTitledNames(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(TITLE_START)) {
    // "MR PATEL": a title in capitals takes a surname in capitals.
    const shouting = isAcronym(match[0].replace(/[^\p{L}]/gu, ''));
    const end = nameWordsEnd(text, match.index + match[0].length, { shouting, afterTitle: true });
    if (end !== null) spans.push({ start: match.index, end });
  }
  return spans;
}

/** Phrases after which a capitalised word is someone's name: "my name is", "my neighbour", "named". */
const NAME_CUES =
  /(?<![\p{L}])(?:my name is|my name's|name is|i am called|i'm called|named|my (?:next[- ]door )?(?:neighbour|neighbor|neighbours|neighbors|mum|mother|dad|father|son|daughter|husband|wife|partner|brother|sister|friend|carer|landlord|landlady|tenant|uncle|aunt|auntie|nan|nana|gran|grandad|grandson|granddaughter))(?![\p{L}])/giu;

function findCuedNames(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(NAME_CUES)) {
    const from = match.index + match[0].length;
    const end = nameWordsEnd(text, from, { gap: SPACES_OR_COMMA });
    if (end === null) continue;
    const start = wordAfter(text, from, SPACES_OR_COMMA)!.start;
    spans.push({ start, end });
  }
  return spans;
}

/** What this file reads of a compromise term (its types are not exported by the package). */
interface Term {
  readonly text: string;
  readonly pre: string;
  readonly post: string;
  readonly id?: string;
}

/**
 * Where each of compromise's terms starts in the text. A document's terms, each with the
 * punctuation and spaces before and after it, spell the text out again; walking them is much cheaper
 * than asking compromise for its JSON with offsets. Null when they do not spell it out exactly.
 */
function termStarts(doc: ReturnType<typeof nlp>, text: string): ReadonlyMap<string, number> | null {
  const starts = new Map<string, number>();
  let at = 0;
  for (const sentence of doc.docs as unknown as readonly (readonly Term[])[]) {
    for (const term of sentence) {
      at += term.pre.length;
      if (term.id !== undefined) starts.set(term.id, at);
      at += term.text.length + term.post.length;
    }
  }
  return at === text.length ? starts : null;
}

/** Where a term is: its walked start when that holds the term's text, else found after `from`. */
function termSpan(text: string, term: Term, starts: ReadonlyMap<string, number> | null, from: number): Span | null {
  if (term.text === '') return null;
  const walked = term.id === undefined ? undefined : starts?.get(term.id);
  if (walked !== undefined && text.startsWith(term.text, walked)) return { start: walked, end: walked + term.text.length };
  const at = text.indexOf(term.text, from);
  return at < 0 ? null : { start: at, end: at + term.text.length };
}

/** Honorifics compromise knows, and words compromise tags as a person that only ever head a name. */
const HONORIFIC_ONLY = /^(?:mr|mrs|ms|miss|mx|dr|sir|dame|lady|lord|madam|cllr|councillor|pc|pcso)\.?$/i;

/** The people compromise finds, as spans of the text with possessives and stray punctuation off. */
function findPeople(text: string): Span[] {
  ensureLexicon();
  const doc = nlp(text);
  const people = doc.people().docs as unknown as readonly (readonly Term[])[];
  if (people.length === 0) return [];
  const starts = termStarts(doc, text);
  const spans: Span[] = [];
  let cursor = 0;
  for (const person of people) {
    let words: Word[] = [];
    for (const term of person) {
      const span = termSpan(text, term, starts, cursor);
      if (!span) continue;
      cursor = span.end;
      // A term may carry what compromise did not split off ("Street,when", "Chadsmoor.01889"): the
      // name is the word it starts with.
      const word = wordAfter(text, span.start, NO_GAP);
      // compromise reads English: what it makes of Urdu or Punjabi words is noise.
      if (!word || !/\p{Script=Latin}/u.test(word.text)) continue;
      const end = Math.min(word.end, span.end);
      words.push({ start: word.start, end, text: text.slice(word.start, end), lower: text.slice(word.start, end).toLowerCase() });
    }
    // "Jack Russell dog", "Sorry Leon": when any word is capitalised, the name is the capitalised
    // run without the words that are never names.
    const kept = words.filter((w) => isCapitalised(w.text) && !NOT_NAMES.has(w.lower));
    if (kept.length > 0) words = words.slice(words.indexOf(kept[0]!), words.indexOf(kept[kept.length - 1]!) + 1);
    else if (words.some((w) => isCapitalised(w.text))) continue;
    // All in lower case ("my neighbour john smith"): only when the lexicon knows a word as a name.
    else if (!words.some((w) => knownAsName(w.lower))) continue;
    // "Ionut Dr": a title ends no name.
    while (words.length > 1 && TITLES.has(words[words.length - 1]!.lower)) words.pop();
    if (words.length === 0 || words.every((w) => HONORIFIC_ONLY.test(w.text))) continue;
    spans.push({ start: words[0]!.start, end: words[words.length - 1]!.end });
  }
  return spans;
}

/** Grows a name over adjacent name words ("Gurpreet Singh" + "Dhillon") and a title before it. */
function grownName(text: string, span: Span): Span {
  let { start, end } = span;
  const after = nameWordsEnd(text, end);
  if (after !== null) end = after;
  const before = wordBefore(text, start);
  if (before && isTitle(before) && /^[ \t.]*$/.test(text.slice(before.end, start))) start = before.start;
  return { start, end };
}

/** "Mrs O'Brien's fence": the name is "Mrs O'Brien". */
function withoutPossessive(text: string, span: Span): Span {
  const possessive = /['’]s$/u.exec(text.slice(span.start, span.end));
  return possessive ? { start: span.start, end: span.end - possessive[0].length } : span;
}

/** Whether a capitalised place word comes next ("Victoria| Street", "Queen's| Arms", "Chase District| Council"). */
function followedByPlaceWord(text: string, end: number): boolean {
  const next = wordAfter(text, end, /[ \t\u00a0]*(?:['’]s)?[ \t\u00a0]+/y);
  return next !== null && PLACE_FOLLOWERS.has(next.lower) && isCapitalised(next.text);
}

/** Drops what only looks like a person: part of a place or organisation, a street, or no name word at all. */
function isPerson(text: string, span: Span, places: readonly Span[], titled: boolean): boolean {
  const words: Word[] = [];
  for (const match of text.slice(span.start, span.end).matchAll(WORDS)) {
    words.push({ start: span.start + match.index, end: span.start + match.index + match[0].length, text: match[0], lower: match[0].toLowerCase() });
  }
  const nameWords = words.filter((w) => !TITLES.has(w.lower) && w.lower !== 'and');
  if (nameWords.length === 0) return false;
  // Made only of words that are never names, place words and words inside a place ("Heath Hayes",
  // "Cannock Chase District Council", "Jack Russell", "Brook King"): not a person.
  // A lower-case word among capitalised ones ("Mohammed bin Salman") is a particle, not a name by itself.
  const capitalised = nameWords.some((w) => isCapitalised(w.text));
  const neverName = (w: Word) =>
    NOT_NAMES.has(w.lower) || PLACE_FOLLOWERS.has(w.lower) || isAcronym(w.text) || (capitalised && !isCapitalised(w.text)) || places.some((p) => p.start <= w.start && w.end <= p.end);
  if (!titled && nameWords.every(neverName)) return false;
  // "Grace Road", "Pat Street": a place word inside what compromise took for a name.
  if (nameWords.slice(1).some((w) => PLACE_FOLLOWERS.has(w.lower) && isCapitalised(w.text))) return false;
  // "Victoria Street", "Grace Road", "Chase District Council", "Queen's Arms": followed by a place word.
  if (followedByPlaceWord(text, span.end)) return false;
  // "St John's Road", "Saint Luke's".
  const previous = wordBefore(text, span.start);
  if (previous && (previous.lower === 'st' || previous.lower === 'saint') && !titled) return false;
  return true;
}

function findNames(text: string, shortcut: boolean): Span[] {
  const places = [...text.matchAll(NOT_PEOPLE_PATTERN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const titled = findTitledNames(text).filter((span) => isPerson(text, span, places, true));
  const people = !shortcut || mayHoldPeople(text, places) ? findPeople(text).filter((span) => holdsName(text, span, places)) : [];
  const others = [...findCuedNames(text), ...people]
    .map((span) => grownName(text, span))
    .filter((span) => isPerson(text, span, places, titled.some((t) => t.start === span.start)));
  return [...titled, ...others].map((span) => withoutPossessive(text, span));
}

const SAYS = /^[ \t\u00a0]+(?:said|says|say|told|tells|asked|asks|reported|reports|complained|complains|rang|rings|called|calls|phoned|wrote|writes|emailed|thinks|thought|wants|wanted|mentioned|explained|claims|claimed|agreed|agrees|noticed|saw|sees|lives|lived)\b/i;

const LATIN_WORDS = /[\p{Script=Latin}\p{M}]+(?:['’-][\p{Script=Latin}\p{M}]+)*/gu;

/**
 * Whether the word at `start` looks like (part of) a name by itself: capitalised other than at the
 * start of a sentence (or at the start next to another capitalised word, or to "said"), shaped like
 * "O'Brien", or known to the lexicon as a name; and not a place, a street's name or a word that is
 * never a name. compromise's people are kept only when they hold such a word, which is what lets
 * mayHoldPeople skip compromise for a text with none without changing any answer.
 */
function mayBeName(text: string, start: number, word: string, places: readonly Span[]): boolean {
  const end = start + word.length;
  const lower = word.toLowerCase();
  // "johnSmith", "O'Brien", "O’neill", "McDonald": compromise reads these as names wherever they stand.
  if (/\p{Ll}\p{Lu}|^\p{Lu}['’]/u.test(word)) return true;
  if (NOT_NAMES.has(lower) || PLACE_FOLLOWERS.has(lower)) return false;
  if (places.some((p) => p.start <= start && end <= p.end) || followedByPlaceWord(text, end)) return false;
  if (isCapitalised(word) && !isAcronym(word)) {
    let before = start - 1;
    while (before >= 0 && /\s/.test(text[before]!)) before--;
    const startsSentence = before < 0 || /[.!?:;"“(]/.test(text[before]!);
    // Mid-sentence, or opening one next to another capitalised word ("Daisy Will said") or to what
    // people do in reports ("Rose said", "Bogdan rang").
    if (!startsSentence || /^[ \t\u00a0]+\p{Lu}/u.test(text.slice(end, end + 3)) || SAYS.test(text.slice(end, end + 16))) return true;
    // A capitalised "Prince" or "Doctor" (an actor to compromise) may head a name too.
    if (knownAsName(lower, true)) return true;
  }
  // "Peter's", "Anne-Marie", "john": compromise looks the parts up.
  return knownAsName(lower) || lower.split(/['’-]/).some((part) => knownAsName(part));
}

/**
 * Whether any word of the text may be a name (mayBeName). Most issues ("Potholes on Church Street
 * by the Co-op since the winter.") hold none, and compromise, the costly part, is skipped for them.
 * The tests check, on the corpus and on random text, that the answer is the same as running
 * compromise on everything.
 */
function mayHoldPeople(text: string, places: readonly Span[]): boolean {
  if (!/\p{Script=Latin}/u.test(text)) return false;
  for (const match of text.matchAll(LATIN_WORDS)) if (mayBeName(text, match.index, match[0], places)) return true;
  return false;
}

/** Whether a span compromise took for a person holds a word that may be a name. */
function holdsName(text: string, span: Span, places: readonly Span[]): boolean {
  for (const match of text.slice(span.start, span.end).matchAll(LATIN_WORDS)) if (mayBeName(text, span.start + match.index, match[0], places)) return true;
  return false;
}

let nameLexicon: ReadonlyMap<string, unknown> | null = null;
/**
 * Whether compromise's lexicon (with the district's names) tags the word as (part of) a person's
 * name, or with `orActor`, as a role compromise may read as a person ("Prince", "Doctor").
 */
function knownAsName(lower: string, orActor = false): boolean {
  if (!nameLexicon) {
    ensureLexicon();
    const world = nlp.world() as { model?: { one?: { lexicon?: Record<string, unknown> } } };
    nameLexicon = new Map(Object.entries(world.model?.one?.lexicon ?? {}));
  }
  const tags = nameLexicon.get(lower);
  const list = Array.isArray(tags) ? tags : [tags];
  return list.some((tag) => typeof tag === 'string' && (/Name$|^Person$|^Honorific$/.test(tag) || (orActor && tag === 'Actor')));
}

// ---------------------------------------------------------------------------------------------
// The scrubber.

/** Kinds in the order they win when two findings overlap: the most certain first. */
const PRECEDENCE: readonly RedactionKind[] = ['email', 'phone', 'address', 'name'];

const CACHE_SIZE = 20_000;
/**
 * The same texts come back (a location on many issues; the review, then the export built from the
 * same data): remembered, least recently used dropped first. 20,000 texts covers review and export of
 * a 10,000-issue period; a few MB for typical texts, at most ~40 MB if every one were 1,000 characters.
 */
const cache = new Map<string, readonly RedactionFinding[]>();

/**
 * The personal data in one field's text: sorted by start, never overlapping, with UTF-16 offsets so
 * that `text.slice(start, end) === finding.text`. Works on any script; phones and emails are found in
 * Urdu or Punjabi text as well.
 */
export function findPersonalData(text: string): RedactionFinding[] {
  const cached = cache.get(text);
  if (cached) {
    cache.delete(text);
    cache.set(text, cached);
    return [...cached];
  }
  const found = scan(text, true);
  cache.set(text, found);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return [...found];
}

/**
 * findPersonalData without the shortcut that skips compromise on texts with no possible name, and
 * without the cache: for tests that check the shortcut never changes an answer.
 */
export function findPersonalDataThoroughly(text: string): RedactionFinding[] {
  return [...scan(text, false)];
}

function scan(text: string, shortcut: boolean): readonly RedactionFinding[] {
  if (text.trim() === '') return [];
  const byKind: Record<RedactionKind, Span[]> = {
    email: findEmails(text),
    phone: findPhones(text),
    address: [...[...text.matchAll(POSTCODE)].map((m) => ({ start: m.index, end: m.index + m[0].length })), ...findStreetAddresses(text)],
    name: findNames(text, shortcut),
  };
  const kept: (Span & { kind: RedactionKind })[] = [];
  for (const kind of PRECEDENCE) {
    // Longest first within a kind, so "Mr and Mrs Singh" beats "Mrs Singh".
    const spans = [...byKind[kind]].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    for (const span of spans) {
      if (span.end > span.start && !kept.some((k) => overlaps(k, span))) kept.push({ ...span, kind });
    }
  }
  return kept
    .sort((a, b) => a.start - b.start)
    .map(({ kind, start, end }) => Object.freeze({ kind, start, end, text: text.slice(start, end) }));
}

/**
 * The text with the given findings (any subset of what findPersonalData returned for it) replaced,
 * working from the end so earlier offsets stay true. Overlapping or out-of-range findings are refused:
 * they cannot have come from this text.
 */
export function applyRedactions(text: string, findings: readonly RedactionFinding[], replacement: (kind: RedactionKind) => string): string {
  const ordered = [...findings].sort((a, b) => b.start - a.start);
  let result = text;
  let limit = text.length;
  for (const finding of ordered) {
    if (finding.start < 0 || finding.end > limit || finding.start >= finding.end || text.slice(finding.start, finding.end) !== finding.text) {
      throw new RangeError(`redaction ${finding.start}-${finding.end} does not fit the text`);
    }
    result = result.slice(0, finding.start) + replacement(finding.kind) + result.slice(finding.end);
    limit = finding.start;
  }
  return result;
}
