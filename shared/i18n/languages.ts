/** The languages the kiosk ships. Each needs a complete locale file in ./locales. */
export const LANGUAGES = [
  { code: 'en-GB', nativeName: 'English', dir: 'ltr' },
  { code: 'pl', nativeName: 'Polski', dir: 'ltr' },
  { code: 'ro', nativeName: 'Română', dir: 'ltr' },
  { code: 'pa', nativeName: 'ਪੰਜਾਬੀ', dir: 'ltr' },
  { code: 'ur', nativeName: 'اردو', dir: 'rtl' },
] as const satisfies readonly { code: string; nativeName: string; dir: 'ltr' | 'rtl' }[];

export type LanguageCode = (typeof LANGUAGES)[number]['code'];
export const LANGUAGE_CODES = LANGUAGES.map((l) => l.code) as [LanguageCode, ...LanguageCode[]];
export const DEFAULT_LANGUAGE: LanguageCode = 'en-GB';

export function directionOf(code: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((l) => l.code === code)?.dir ?? 'ltr';
}
