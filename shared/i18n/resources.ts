import enGB from './locales/en-GB.json' with { type: 'json' };
import ur from './locales/ur.json' with { type: 'json' };
import pl from './locales/pl.json' with { type: 'json' };
import ro from './locales/ro.json' with { type: 'json' };
import pa from './locales/pa.json' with { type: 'json' };
import type { LanguageCode } from './languages';

/** The English file is the reference: every other language must have exactly its keys and variables. */
export type Messages = typeof enGB;

export const resources: Readonly<Record<LanguageCode, { translation: Messages }>> = {
  'en-GB': { translation: enGB },
  pl: { translation: pl },
  ro: { translation: ro },
  pa: { translation: pa },
  ur: { translation: ur },
};
