import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

// The project's own eslint.config.js, minus type-aware parsing: these snippets are linted as files
// that do not exist, which no tsconfig program contains, and the layer and i18n rules need no types.
const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? 'parse error');
}

describe('layer rules: a lower layer cannot import a higher one', () => {
  it.each([
    ['shared/domain/x.ts', `import { readFileSync } from 'node:fs';`],
    ['shared/domain/x.ts', `import { readFileSync } from 'fs';`],
    ['shared/domain/x.ts', `import { join } from 'path/posix';`],
    ['shared/domain/x.ts', `import { app } from 'electron';`],
    ['shared/domain/x.ts', `import Database from 'better-sqlite3';`],
    ['shared/domain/x.ts', `import { useState } from 'react';`],
    ['shared/domain/x.ts', `import { openDatabase } from '../../db';`],
    ['shared/ipc/x.ts', `import type { Backend } from '../../electron/backend/backend';`],
    ['shared/x.ts', `import { App } from '../renderer/src/App';`],
    ['db/x.ts', `import { app } from 'electron';`],
    ['db/x.ts', `import { createBackend } from '../electron/backend/backend';`],
    ['db/migrations/x.ts', `import { App } from '../../renderer/src/App';`],
    ['electron/backend/x.ts', `import { app } from 'electron';`],
    ['electron/browser-host/x.ts', `import { ipcMain } from 'electron/main';`],
    ['electron/main/x.ts', `import { App } from '../../renderer/src/App';`],
    ['electron/preload/x.ts', `import Database from 'better-sqlite3';`],
    ['electron/preload/y.ts', `import Database from 'better-sqlite3-multiple-ciphers';`],
    ['electron/preload/x.ts', `import { join } from 'node:path';`],
    ['electron/preload/x.ts', `import { openDatabase } from '../../db';`],
    ['electron/preload/x.ts', `import { createBackend } from '../backend/backend';`],
    ['renderer/src/x.tsx', `import { ipcRenderer } from 'electron';`],
    ['renderer/src/x.ts', `import { ipcRenderer } from 'electron/renderer';`],
    ['renderer/src/x.ts', `import { openDatabase } from '../../db';`],
    ['renderer/src/screens/x.tsx', `import { createBackend } from '../../../electron/backend/backend';`],
    ['renderer/src/x.ts', `import { readFile } from 'node:fs/promises';`],
    ['renderer/src/x.ts', `import Database from 'better-sqlite3';`],
    ['server/x.ts', `import { app } from 'electron';`],
    ['server/x.ts', `import { App } from '../renderer/src/App';`],
  ])('%s: %s is refused', async (file, code) => {
    expect(await ruleIds(file, `${code}\n`)).toContain('no-restricted-imports');
  });

  it.each([
    ['shared/domain/x.ts', `import { z } from 'zod';\nexport const name = z.string();`],
    ['shared/domain/x.ts', `import { LANGUAGES } from '../i18n/languages';\nexport const first = LANGUAGES[0];`],
    ['db/x.ts', `import { z } from 'zod';\nimport type { Role } from '../shared/domain/roles';\nexport const role = z.string() as unknown as Role;`],
    ['electron/backend/x.ts', `import { join } from 'node:path';\nimport { openDatabase } from '../../db';\nexport const open = () => openDatabase(join('a', 'b'));`],
    ['electron/main/x.ts', `import { app } from 'electron';\nimport { createBackend } from '../backend/backend';\nexport const both = [app, createBackend];`],
    ['electron/preload/x.ts', `import { contextBridge } from 'electron';\nimport { createClient } from '../../shared/ipc/client';\nexport const both = [contextBridge, createClient];`],
    ['renderer/src/x.ts', `import { createClient } from '../../shared/ipc/client';\nexport const make = createClient;`],
    ['server/x.ts', `import { openDatabase } from '../db';\nimport { join } from 'node:path';\nexport const open = () => openDatabase(join('a', 'b'));`],
    ['tests/unit/x.test.ts', `import { app } from 'electron';\nimport { readFileSync } from 'node:fs';\nexport const both = [app, readFileSync];`],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await ruleIds(file, `${code}\n`)).toEqual([]);
  });
});

describe('UI text comes from the translations', () => {
  const component = (jsx: string) =>
    `import { useTranslation } from 'react-i18next';\nexport function X() {\n  const { t } = useTranslation();\n  return ${jsx};\n}\n`;

  it('refuses literal text in JSX', async () => {
    expect(await ruleIds('renderer/src/x.tsx', component(`<p title={t('a')}>Find a service</p>`))).toEqual(['i18next/no-literal-string']);
  });

  it('refuses literal text in attributes people read or hear', async () => {
    expect(await ruleIds('renderer/src/x.tsx', component(`<nav aria-label="Languages">{t('a')}</nav>`))).toEqual(['no-restricted-syntax']);
    expect(await ruleIds('renderer/src/x.tsx', component(`<input placeholder={'Search'} aria-describedby={t('a')} />`))).toEqual(['no-restricted-syntax']);
  });

  it('accepts translated text, punctuation and non-text attributes', async () => {
    const jsx = `<nav aria-label={t('language.choose')} className="switch">{t('a')} · <img alt="" src="x.svg" /></nav>`;
    expect(await ruleIds('renderer/src/x.tsx', component(jsx))).toEqual([]);
  });
});
