import { describe, expect, it } from 'vitest';
import { resources } from '../../shared/i18n/resources';
import { LANGUAGES } from '../../shared/i18n/languages';
import { ERROR_CODES, FIELD_ERROR_CODES } from '../../shared/ipc/result';

type Tree = { [key: string]: string | Tree };

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** Keys with plural suffixes folded together: plural forms differ by language, the key does not. */
function baseKeys(messages: Map<string, string>): Set<string> {
  return new Set([...messages.keys()].map((k) => k.replace(PLURAL_SUFFIX, '')));
}

function variables(text: string): string[] {
  return [...text.matchAll(/{{\s*([\w.]+)\s*(?:,[^}]*)?}}/g)].map((m) => m[1]!).sort();
}

const english = flatten(resources['en-GB'].translation);

describe('translations', () => {
  for (const { code } of LANGUAGES) {
    const messages = flatten(resources[code].translation);

    it(`${code} has exactly the English keys`, () => {
      const missing = [...baseKeys(english)].filter((k) => !baseKeys(messages).has(k));
      const extra = [...baseKeys(messages)].filter((k) => !baseKeys(english).has(k));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });

    it(`${code} has every plural form its grammar needs`, () => {
      const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
      const plurals = new Set([...english.keys()].filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')));
      for (const base of plurals) {
        for (const category of categories) expect(messages.has(`${base}_${category}`), `${code} ${base}_${category}`).toBe(true);
      }
    });

    it(`${code} uses the same interpolation variables as English`, () => {
      for (const [key, text] of messages) {
        const englishText = english.get(key) ?? english.get(key.replace(PLURAL_SUFFIX, '_other'));
        expect(englishText, key).toBeDefined();
        expect(variables(text), key).toEqual(variables(englishText!));
      }
    });

    it(`${code} leaves no message empty`, () => {
      for (const [key, text] of messages) expect(text.trim(), key).not.toBe('');
    });
  }

  it('every error code and field error code has a message a person can read', () => {
    for (const code of ERROR_CODES) {
      expect(english.has(`errors.${code}`) || english.has(`errors.${code}_other`), code).toBe(true);
    }
    for (const code of FIELD_ERROR_CODES) expect(english.has(`fieldErrors.${code}`), code).toBe(true);
  });
});
