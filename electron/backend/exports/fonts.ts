import { existsSync } from 'node:fs';
import { dirname, join, parse, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The fonts the PDF writer embeds: Noto Sans regular and bold (static TrueType, full Latin, Greek
 * and Cyrillic, so Polish and Romanian names print; SIL Open Font Licence, assets/fonts/OFL.txt).
 * Embedding them, instead of PDF's standard Helvetica, makes a pack print the same on every
 * machine and lets text outside Latin-1 ("Dąbrowski", "Ștefan", "€") print at all.
 */
export interface FontFiles {
  readonly regular: string;
  readonly bold: string;
}

const REGULAR = 'NotoSans-Regular.ttf';
const BOLD = 'NotoSans-Bold.ttf';

const found = new Map<string, FontFiles>();

function inFolder(fontsDir: string): FontFiles | null {
  const files = { regular: join(fontsDir, REGULAR), bold: join(fontsDir, BOLD) };
  return existsSync(files.regular) && existsSync(files.bold) ? files : null;
}

/** `start` and every folder above it, nearest first. */
function upwards(start: string): string[] {
  const folders: string[] = [];
  const root = parse(start).root;
  for (let folder = start; ; folder = dirname(folder)) {
    folders.push(folder);
    if (folder === root) return folders;
  }
}

/**
 * Where the font files are. With `assetsDir` (a packaged app passes its resources folder, where
 * the build copies `assets/`) only `<assetsDir>/fonts` is looked at. Without it: `assets/fonts`
 * in the nearest folder above this file that has one (the source tree under tsx and vitest, or an
 * unpacked build), then under the working directory. Throws, naming the folders tried, when none
 * has both files: a PDF without its fonts would be a worse failure later.
 */
export function fontFiles(assetsDir?: string): FontFiles {
  const key = assetsDir ?? '';
  const cached = found.get(key);
  if (cached) return cached;
  const candidates =
    assetsDir !== undefined
      ? [join(resolve(assetsDir), 'fonts')]
      : [...upwards(dirname(fileURLToPath(import.meta.url))), process.cwd()].map((folder) => join(folder, 'assets', 'fonts'));
  for (const candidate of candidates) {
    const files = inFolder(candidate);
    if (files) {
      found.set(key, files);
      return files;
    }
  }
  throw new Error(`The PDF fonts (${REGULAR}, ${BOLD}) are in none of: ${[...new Set(candidates)].join(', ')}`);
}
