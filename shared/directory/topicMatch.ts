import { foldText, searchWords } from './searchText';
import { TOPICS, type Topic } from './topics';
import { resources } from '../i18n/resources';

/** A topic's name in every shipped language (the UI's own words for it). */
export function topicNames(topicId: string): string[] {
  const names = new Set<string>();
  for (const { translation } of Object.values(resources)) {
    const name = (translation.topics as Record<string, string | undefined>)[topicId];
    if (name) names.add(name);
  }
  return [...names];
}

interface TopicPhrase {
  readonly topic: Topic;
  readonly words: readonly string[];
}

const PHRASES: readonly TopicPhrase[] = TOPICS.flatMap((topic) =>
  [...topic.words, topic.id.replace(/-/g, ' '), ...topicNames(topic.id)].map((phrase) => ({ topic, words: searchWords(foldText(phrase)) })),
).filter((p) => p.words.length > 0);

/**
 * The topics a query is about, judged from the people's words for each topic: every word of a
 * phrase must be among the query's words (each given as its set of accepted spellings). Best first:
 * longer phrases are more specific ("garden waste" beats "waste"), then the one the resident typed first.
 */
export function topicsForWords(words: readonly (ReadonlySet<string> | readonly string[])[]): Topic[] {
  const sets = words.map((w) => (w instanceof Set ? (w as ReadonlySet<string>) : new Set(w as readonly string[])));
  const scores = new Map<string, { topic: Topic; length: number; first: number }>();
  for (const phrase of PHRASES) {
    const positions = phrase.words.map((word) => sets.findIndex((set) => set.has(word)));
    if (positions.some((p) => p < 0)) continue;
    const candidate = { topic: phrase.topic, length: phrase.words.length, first: Math.min(...positions) };
    const current = scores.get(phrase.topic.id);
    if (!current || current.length < candidate.length || (current.length === candidate.length && candidate.first < current.first)) {
      scores.set(phrase.topic.id, candidate);
    }
  }
  return [...scores.values()].sort((a, b) => b.length - a.length || a.first - b.first).map((s) => s.topic);
}
