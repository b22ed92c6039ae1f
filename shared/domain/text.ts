import { z } from 'zod';

// C0/C1 control characters and bidi overrides/isolates; tab and newline are handled per field.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Removes control characters and trims; a single-line field also folds newlines and tabs to spaces. */
export function cleanText(value: string, multiline = false): string {
  const withoutControls = value.replace(CONTROL, '');
  const folded = multiline ? withoutControls.replace(/\r\n?/g, '\n') : withoutControls.replace(/[\t\r\n]+/g, ' ');
  return folded.trim();
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text that arrives from elsewhere (the hub, another device) rather than from this kiosk's own
 * screens: cleaned as typed text is (`cleanText`), and a lone surrogate, which no person types but a
 * hostile sender can, made U+FFFD. Another device, or one with a stolen token, could send a
 * right-to-left override to make "exe.png" read "gnp.exe".
 */
export function receivedText(value: string, multiline = false): string {
  return cleanText(value, multiline).replace(LONE_SURROGATE, '\uFFFD');
}

/** A single line of text a person typed, cleaned, between min and max characters. */
export function lineOfText(min: number, max: number) {
  return z
    .string()
    .transform((value) => cleanText(value))
    .pipe(z.string().min(min).max(max));
}
