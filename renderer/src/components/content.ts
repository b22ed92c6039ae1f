/**
 * Directory content is written in English (ORUK records carry no language yet): mark it so, so that
 * an Urdu screen lays it out left to right in a Latin font and a screen reader reads it as English.
 */
export const CONTENT = { lang: 'en-GB', dir: 'auto' } as const;
