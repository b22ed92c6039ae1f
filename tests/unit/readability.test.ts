import { describe, expect, it } from 'vitest';
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';
import { resources } from '../../shared/i18n/resources';

/** The parts of the English strings a resident reads (staff screens are written for staff). */
const RESIDENT_SECTIONS = ['app', 'common', 'emergency', 'language', 'home', 'raise', 'receipt', 'check', 'enquiryStatus', 'statusExplained', 'idle', 'directory', 'urgent', 'service', 'display', 'readAloud', 'errors', 'fieldErrors'] as const;

/** GOV.UK aims at a reading age of 9; no single sentence a resident meets should need more than 13. */
const TARGET_MEAN_READING_AGE = 9;
const MAX_READING_AGE = 13;

interface Scored {
  readonly key: string;
  readonly text: string;
  readonly readingAge: number;
}

type Tree = { readonly [key: string]: string | Tree };

function score(tree: Tree, path: string, out: Scored[]): void {
  for (const [key, value] of Object.entries(tree)) {
    const here = `${path}.${key}`;
    if (typeof value !== 'string') {
      score(value, here, out);
      continue;
    }
    // Interpolated values are short names or numbers: count them as a one-syllable word.
    const text = value.replace(/{{\s*\w+\s*}}/g, 'it');
    const words = text.split(/\s+/).filter((word) => /\p{L}/u.test(word));
    // Labels of one to three words have no sentences to measure.
    if (words.length < 4) continue;
    const sentences = Math.max(1, (text.match(/[.!?](\s|$)/g) ?? []).length);
    const syllables = words.reduce((sum, word) => sum + syllable(word), 0);
    // Reading age is the US grade level plus five.
    out.push({ key: here.slice(1), text: value, readingAge: fleschKincaid({ sentence: sentences, word: words.length, syllable: syllables }) + 5 });
  }
}

describe('plain English on resident screens', () => {
  const scored: Scored[] = [];
  const english = resources['en-GB'].translation as unknown as Tree;
  for (const section of RESIDENT_SECTIONS) score(english[section] as Tree, `.${section}`, scored);

  it('measures enough strings to mean something', () => {
    expect(scored.length).toBeGreaterThan(40);
  });

  it(`reads at an average reading age of ${TARGET_MEAN_READING_AGE} or below`, () => {
    const mean = scored.reduce((sum, s) => sum + s.readingAge, 0) / scored.length;
    expect(mean).toBeLessThanOrEqual(TARGET_MEAN_READING_AGE);
  });

  it(`has no string above a reading age of ${MAX_READING_AGE}`, () => {
    const hard = scored.filter((s) => s.readingAge > MAX_READING_AGE).map((s) => `${s.key} (${s.readingAge.toFixed(1)}): ${s.text}`);
    expect(hard).toEqual([]);
  });
});
