import { editDistance, searchWords, trigramsOf, typoAllowance } from '../shared/directory/searchText';
import { topicsForWords } from '../shared/directory/topicMatch';
import type { Body, Topic } from '../shared/directory/topics';
import type { Database } from './driver';

/**
 * The words the directory's search index holds, with a trigram map over them, so a typo can be
 * matched to the nearest real word before asking FTS5. Build once per directory version.
 */
/**
 * Creates the connection's temporary view of the search index's words. Search does this on first
 * use; a connection that will be made read-only (`query_only`) must do it before, since a read-only
 * connection cannot create even a temporary table.
 */
export function prepareDirectorySearch(db: Database): void {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.service_search_vocab USING fts5vocab(main, 'service_search', 'row')");
}

export class SearchVocabulary {
  private readonly byTrigram = new Map<string, string[]>();
  private readonly terms = new Set<string>();
  private readonly sorted: readonly string[];

  constructor(terms: Iterable<string>) {
    for (const term of terms) {
      this.terms.add(term);
      for (const gram of new Set(trigramsOf(term))) {
        const list = this.byTrigram.get(gram);
        if (list) list.push(term);
        else this.byTrigram.set(gram, [term]);
      }
    }
    this.sorted = [...this.terms].sort();
  }

  get size(): number {
    return this.terms.size;
  }

  /** Whether some indexed word starts with `prefix` (binary search over the sorted words). */
  hasPrefix(prefix: string): boolean {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.sorted[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    return this.sorted[low]?.startsWith(prefix) ?? false;
  }

  has(word: string): boolean {
    return this.terms.has(word);
  }

  /** The same word in the singular or plural, where the index has it ("potholes" and "pothole"). */
  pluralForms(word: string): string[] {
    const forms = word.endsWith('s') ? [word.slice(0, -1)] : [`${word}s`];
    if (word.endsWith('es')) forms.push(word.slice(0, -2));
    return forms.filter((form) => form.length > 2 && this.terms.has(form));
  }

  static load(db: Database): SearchVocabulary {
    prepareDirectorySearch(db);
    return new SearchVocabulary(db.prepare('SELECT term FROM temp.service_search_vocab').pluck().all() as string[]);
  }

  /**
   * Real words within the word's typo allowance, nearest first. A word the index knows is taken as
   * meant: "mental" is not a typo for "dental", nor "parking" for "barking".
   */
  corrections(word: string): string[] {
    const allowance = typoAllowance(word);
    if (allowance === 0 || this.terms.has(word)) return [];
    const grams = trigramsOf(word);
    const shared = new Map<string, number>();
    for (const gram of grams) for (const term of this.byTrigram.get(gram) ?? []) shared.set(term, (shared.get(term) ?? 0) + 1);
    // A word with k typos still shares most of its trigrams with the right word; skip the rest unmeasured.
    const needed = Math.max(1, grams.length - 3 * allowance);
    const found: { term: string; distance: number }[] = [];
    for (const [term, count] of shared) {
      if (count < needed || term === word) continue;
      const distance = editDistance(word, term, allowance);
      if (distance <= allowance) found.push({ term, distance });
    }
    return found.sort((a, b) => a.distance - b.distance || a.term.localeCompare(b.term)).slice(0, 6).map((f) => f.term);
  }
}

export interface SearchHit {
  readonly serviceId: string;
  /**
   * Lower comes first. The responsible body's services for the topics the query is about, the
   * best-matching topic first; then other services on those topics; then everything else.
   */
  readonly tier: number;
  /**
   * How well its name carries the query's words: an exact word counts most, then the same word in
   * the plural, a corrected typo, a partial word; the first word typed, usually the point, counts most.
   */
  readonly nameScore: number;
  readonly rank: number;
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  /** The topics the query seems to be about, best first: the screen gives their routing and urgent advice. */
  readonly topics: readonly Topic[];
}

function quote(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

/**
 * Searches the directory as a resident types: each word may be a typo (corrected against the
 * index's own words), a partial word (prefix), or a person's word for a topic (the index carries
 * the topics' people's words). Results: the responsible body's services for the topic first,
 * then by BM25 relevance (name counts most, then topics, organisation, description).
 */
export function searchServices(db: Database, vocabulary: SearchVocabulary, query: string, limit = 20): SearchResult {
  const words = joinSplitWords(vocabulary, searchWords(query));
  if (words.length === 0) return { hits: [], topics: [] };
  const last = words.length - 1;
  const alternatives = words.map((word, index) => {
    // The word being typed is not a typo while real words still start with it ("dent" on the way to "dentist").
    const stillTyping = index === last && vocabulary.hasPrefix(word);
    const plurals = vocabulary.pluralForms(word);
    const spellings = new Set([word, ...(stillTyping ? [] : vocabulary.corrections(word)), ...plurals]);
    return { word, spellings, plurals, prefix: index === last || word.length >= 4 };
  });
  const topics = topicsForWords(alternatives.map((a) => a.spellings));

  const groups = alternatives.map(({ spellings, word, prefix }) => {
    const terms = [...spellings].map(quote);
    if (prefix && word.length >= 2) terms.push(`${quote(word)}*`);
    return `(${terms.join(' OR ')})`;
  });

  // The topic's own services first, even past the first page of raw relevance in a large directory:
  // membership is one indexed lookup per matching row, cheaper than a second full-text query.
  const topicCodes = JSON.stringify(topics.map((t) => t.id));
  const run = (match: string) =>
    db
      .prepare(
        `SELECT service_id AS serviceId, bm25(service_search, 0, 40.0, 6.0, 3.0, 1.0) AS rank,
                (SELECT min(j.key) FROM attributes a
                   JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
                   JOIN json_each(?) j ON j.value = t.code
                  WHERE a.service_id = service_search.service_id AND t.taxonomy = 'onestop-topics') AS topicOrder
           FROM service_search WHERE service_search MATCH ? ORDER BY coalesce(topicOrder, 1000), rank LIMIT ?`,
      )
      .all(topicCodes, match, limit * 5) as { serviceId: string; rank: number }[];

  let rows = run(groups.join(' AND '));
  // One unknown word should not hide everything the other words found.
  if (rows.length === 0 && groups.length > 1) rows = run(groups.join(' OR '));
  // Partial words from the middle ("cycling" in "recycling"): the trigram index.
  if (rows.length < limit) {
    const seen = new Set(rows.map((r) => r.serviceId));
    const fragments = words.filter((w) => w.length >= 3);
    if (fragments.length > 0) {
      const extra = db
        .prepare(
          `SELECT service_id AS serviceId, bm25(service_search_trigram) + 100 AS rank
             FROM service_search_trigram WHERE service_search_trigram MATCH ? ORDER BY rank LIMIT ?`,
        )
        .all(fragments.map(quote).join(' OR '), limit) as { serviceId: string; rank: number }[];
      for (const row of extra) if (!seen.has(row.serviceId)) rows.push(row);
    }
  }

  const hits = rankByResponsibleBody(db, rows, topics, alternatives);
  return { hits: hits.slice(0, limit), topics };
}

/** "pot hole" and "street light" are typed apart but indexed as "pothole" and "streetlight". */
function joinSplitWords(vocabulary: SearchVocabulary, words: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (next !== undefined && vocabulary.has(word + next) && !(vocabulary.has(word) && vocabulary.has(next) && word.length > 3 && next.length > 3)) {
      joined.push(word + next);
      i++;
    } else joined.push(word);
  }
  return joined;
}

function rankByResponsibleBody(
  db: Database,
  rows: { serviceId: string; rank: number }[],
  topics: readonly Topic[],
  words: readonly { word: string; spellings: ReadonlySet<string>; plurals: readonly string[] }[],
): SearchHit[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.serviceId);
  const placeholders = ids.map(() => '?').join(',');
  const facts = db
    .prepare(
      `SELECT s.id AS serviceId, o.body AS body, s.name AS name,
              (SELECT json_group_array(t.code) FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
                WHERE a.service_id = s.id AND t.taxonomy = 'onestop-topics') AS topicCodes
         FROM services s JOIN organizations o ON o.id = s.organization_id
        WHERE s.id IN (${placeholders})`,
    )
    .all(...ids) as { serviceId: string; body: Body; name: string; topicCodes: string }[];
  const byId = new Map(
    facts.map((f) => [f.serviceId, { body: f.body, nameWords: searchWords(f.name, 40), topics: new Set(JSON.parse(f.topicCodes) as string[]) }]),
  );
  return rows
    .map((row) => {
      const fact = byId.get(row.serviceId);
      const lead = topics.findIndex((topic) => fact?.topics.has(topic.id) && topic.bodies.includes(fact.body));
      const other = topics.findIndex((topic) => fact?.topics.has(topic.id));
      const tier = lead >= 0 ? lead : other >= 0 ? topics.length + other : 2 * topics.length;
      let nameScore = 0;
      words.forEach(({ word, spellings, plurals }, position) => {
        let best = 0;
        for (const nameWord of fact?.nameWords ?? []) {
          const match =
            nameWord === word
              ? 1
              : plurals.includes(nameWord)
                ? 0.9
                : spellings.has(nameWord)
                  ? 0.8
                  : nameWord.startsWith(word) || word.startsWith(nameWord)
                    ? 0.5
                    : 0;
          best = Math.max(best, match);
        }
        nameScore += best * (position === 0 ? 1 : 0.8);
      });
      return { serviceId: row.serviceId, tier, nameScore, rank: row.rank };
    })
    .sort((a, b) => a.tier - b.tier || b.nameScore - a.nameScore || a.rank - b.rank);
}
