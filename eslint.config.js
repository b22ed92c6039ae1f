// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------
// Layer rules (STYLE.md "Layers you can see in the folders", DESIGN.md "Parts and where they live").
// Each folder gets one `no-restricted-imports` setting built from the bans below. Type-only
// imports are banned too: a type reaching across a layer is the same coupling as a value.
// ---------------------------------------------------------------------------

/** Every Node builtin by its bare name ('fs', 'fs/promises', ...); `node:` specifiers are caught by a regex. */
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_') && !name.startsWith('node:'));

const ban = {
  electron: {
    // 'electron' and its subpath entries (electron/main, electron/renderer, electron/common, ...).
    patterns: [{ regex: '^electron(/.*)?$', message: 'This layer must not import Electron.' }],
  },
  node: {
    paths: nodeBuiltins.map((name) => ({ name, message: 'This layer must not use Node built-in modules.' })),
    patterns: [{ regex: '^node:', message: 'This layer must not use Node built-in modules.' }],
  },
  sqlite: {
    paths: ['better-sqlite3', 'better-sqlite3-multiple-ciphers'].map((name) => ({ name, message: 'Only db/ (and the Node processes using it) talk to SQLite.' })),
  },
  react: {
    patterns: [{ regex: '^react(-dom)?(/.*)?$', message: 'shared/ holds no UI: React belongs in renderer/.' }],
  },
  /**
   * Relative imports that climb (`../`) into one of the project's top-level folders. Only the first
   * segment after the climb counts, so a layer's own files (`./ipc/...`, `../domain/...`) stay allowed.
   * @param {string[]} folders
   */
  folders: (folders) => ({
    patterns: [
      {
        regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
        message: `This layer must not import from ${folders.map((f) => `${f}/`).join(', ')}.`,
      },
    ],
  }),
};

/**
 * One `no-restricted-imports` entry from several bans.
 * @param {...{ paths?: object[], patterns?: object[] }} bans
 * @returns {import('eslint').Linter.RulesRecord}
 */
function layer(...bans) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: bans.flatMap((b) => b.paths ?? []),
        patterns: bans.flatMap((b) => b.patterns ?? []),
      },
    ],
  };
}

/**
 * label="Name", label={'Name'} or label={`Name`} on an attribute people read or hear. Only text with a
 * letter counts, so alt="" (a decorative image) and punctuation pass.
 */
const textAttributeNames = ['aria-label', 'aria-description', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext', 'title', 'alt', 'placeholder', 'label'];
const textAttribute = `JSXAttribute[name.name=/^(${textAttributeNames.join('|')})$/]`;
const withLetter = '/\\p{L}/u';
const literalTextAttribute = [
  `${textAttribute} > Literal[value=${withLetter}]`,
  `${textAttribute} > JSXExpressionContainer > Literal[value=${withLetter}]`,
  `${textAttribute} > JSXExpressionContainer > TemplateLiteral[expressions.length=0][quasis.0.value.cooked=${withLetter}]`,
].join(', ');

const tsFiles = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

export default defineConfig([
  globalIgnores([
    'node_modules/',
    'out/',
    'dist/',
    'release/',
    'coverage/',
    'test-results/',
    'playwright-report/',
    'screenshots/',
  ]),

  js.configs.recommended,

  // Type-aware typescript-eslint on the TypeScript sources: the project service picks each file's
  // tsconfig through the references in tsconfig.json (shared/ resolves to tsconfig.shared.json).
  {
    files: tsFiles,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  // Plain JS (this file) is in no tsconfig program (no allowJs): lint it without type information.
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },

  // Node processes and tooling: the root config files, db/, electron/, server/, tests outside components.
  {
    files: [
      '*.config.{js,ts,mjs,cjs}',
      'db/**',
      'electron/**',
      'server/**',
      'tests/**',
    ],
    ignores: ['tests/components/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**', 'tests/components/**'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // --- Layer rules -----------------------------------------------------------------------------
  // shared/ is "common": no Electron, Node, SQLite or React, nothing of the other layers.
  // DOM use is already impossible there: tsconfig.shared.json has lib ES2023 only, so tsc rejects it.
  {
    files: ['shared/**'],
    rules: layer(ban.electron, ban.node, ban.sqlite, ban.react, ban.folders(['db', 'electron', 'renderer', 'server'])),
  },
  {
    files: ['db/**'],
    rules: layer(ban.electron, ban.folders(['electron', 'renderer', 'server'])),
  },
  // The backend and the browser host run under plain Node (tests, benchmarks, preview:browser).
  {
    files: ['electron/backend/**', 'electron/browser-host/**'],
    rules: layer(ban.electron, ban.folders(['renderer', 'server'])),
  },
  {
    files: ['electron/main/**'],
    rules: layer(ban.folders(['renderer', 'server'])),
  },
  // The sandboxed preload can use only Electron's renderer APIs and shared/ (its bundle requires nothing else).
  {
    files: ['electron/preload/**'],
    rules: layer(ban.node, ban.sqlite, {
      patterns: [
        {
          // Any climb out of electron/preload/ that does not land in shared/.
          regex: '^(\\.\\./)+(?!\\.\\./)(?!shared(/|$))',
          message: 'The preload may import only electron and shared/.',
        },
      ],
    }),
  },
  // The renderer reaches data only through the preload API (the client from shared/ipc).
  {
    files: ['renderer/**'],
    rules: layer(ban.electron, ban.node, ban.sqlite, ban.folders(['db', 'electron', 'server'])),
  },
  {
    files: ['server/**'],
    rules: layer(ban.electron, ban.folders(['renderer'])),
  },

  // --- React -----------------------------------------------------------------------------------
  {
    files: ['renderer/**/*.tsx', 'tests/components/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },
  // Every piece of UI text comes from the i18n resources: no literal text in JSX.
  {
    files: ['renderer/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': ['error', { mode: 'jsx-text-only' }],
      // The plugin checks attributes only in 'jsx-only' mode, which also flags every string inside
      // JSX expressions; this selector covers just the attributes people read or hear.
      'no-restricted-syntax': [
        'error',
        { selector: literalTextAttribute, message: 'User-facing attribute text must come from the i18n resources (t(...)).' },
      ],
    },
  },

  // --- Tests -----------------------------------------------------------------------------------
  // Playwright fixtures that need no other fixture must still destructure their first argument.
  {
    files: ['tests/e2e/**'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
]);
