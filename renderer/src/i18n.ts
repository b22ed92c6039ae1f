import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources } from '../../shared/i18n/resources';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES, directionOf } from '../../shared/i18n/languages';

/** Keeps <html lang dir> in step with the language so the layout mirrors for Urdu. */
function applyToDocument(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

export async function createI18n(language: string = DEFAULT_LANGUAGE): Promise<i18n> {
  const instance = i18next.createInstance();
  instance.on('languageChanged', applyToDocument);
  await instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: LANGUAGE_CODES,
    interpolation: { escapeValue: false },
    returnNull: false,
    // Every language is bundled, so nothing ever loads: no Suspense boundaries needed.
    react: { useSuspense: false },
  });
  applyToDocument(instance.language);
  return instance;
}
