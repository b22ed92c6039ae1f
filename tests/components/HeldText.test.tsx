import { describe, expect, it } from 'vitest';
import { createI18n } from '../../renderer/src/i18n';
import { heldText } from '../../renderer/src/format';
import { ANONYMISED } from '../../shared/enquiries/retention';
import { LANGUAGE_CODES } from '../../shared/i18n/languages';

/**
 * Words that retention or an erasure removed are stored as the marker `[anonymised]`; staff and chairs
 * read that they were removed, in their own language, and a resident's own words are shown as they are.
 */
describe('heldText', () => {
  it('says the words were removed in every language, and leaves other words alone', async () => {
    const seen = new Set<string>();
    for (const language of LANGUAGE_CODES) {
      const i18n = await createI18n(language);
      const said = heldText(ANONYMISED, i18n.t);
      expect(said, language).not.toBe(ANONYMISED);
      expect(said, language).not.toMatch(/^common\./);
      seen.add(said);
      expect(heldText('Pothole on Mill Lane', i18n.t)).toBe('Pothole on Mill Lane');
      // Only the marker itself: a resident who typed it inside other words keeps them.
      expect(heldText(`${ANONYMISED} please`, i18n.t)).toBe(`${ANONYMISED} please`);
    }
    expect(seen.size).toBe(LANGUAGE_CODES.length);
  });
});
