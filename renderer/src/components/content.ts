/**
 * Directory content is in English unless the directory carries a translation for the screen's
 * language: mark each piece with its language, so that it lays out in the right direction and font
 * and a screen reader reads it in the right voice.
 */
export function contentIn(language: string) {
  return { lang: language, dir: 'auto' } as const;
}
