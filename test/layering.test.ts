/**
 * The layers under the features: src/shared/ (formatting, clock, logger …) at the bottom,
 * src/calendar/ (periods, working days, local time) on it, src/config/ on both. None of them may
 * import a feature (followup/, reminders/, reporting/, leadership/, bot/ …), at runtime or as a
 * type, or the calendar would again live inside a feature. And the SDKs and the environment stay
 * in the one folder each: botbuilder in src/bot/ (legacy: a move to the Teams SDK touches nothing
 * else), @azure/data-tables in src/storage/, `process.env` in src/config/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../src', import.meta.url));

/** Every module specifier of a source text: static, type-only, re-exports, side effects, dynamic. */
function specifiers(source: string): string[] {
  const patterns = [
    /(?:^|[\s;])(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /(?:^|[\s;])import\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((p) => [...source.matchAll(p)].map((m) => m[1] ?? ''));
}

/** The src/ folders a file's relative imports reach, e.g. `followup` for '../followup/ports.js'. */
function importedFolders(file: string, source: string): string[] {
  return specifiers(source)
    .filter((s) => s.startsWith('.'))
    .map((s) => path.relative(srcDir, path.resolve(path.dirname(file), s)).split(path.sep)[0] ?? '');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** "file → folder" for every relative import of `folder` that leaves the allowed folders. */
function violations(folder: string, allowed: readonly string[]): string[] {
  return sourceFiles(path.join(srcDir, folder)).flatMap((file) =>
    importedFolders(file, readFileSync(file, 'utf8'))
      .filter((target) => !allowed.includes(target))
      .map((target) => `${path.relative(srcDir, file)} → ${target}/`),
  );
}

describe('layers under the features', () => {
  it('finds every kind of import, so that the rules below can fail', () => {
    const file = path.join(srcDir, 'calendar', 'example.ts');
    const source = [
      "import type { Period } from '../followup/a.js';",
      'import {\n  x,\n  y,\n} from "../reminders/b.js";',
      "export { z } from '../reporting/c.js';",
      "import '../bot/d.js';",
      "const m = await import('../leadership/e.js');",
      "import { DateTime } from 'luxon';",
      "import { w } from './working-days.js';",
      "import { f } from '../shared/swedish-format.js';",
    ].join('\n');
    expect(importedFolders(file, source).sort()).toEqual([
      'bot',
      'calendar',
      'followup',
      'leadership',
      'reminders',
      'reporting',
      'shared',
    ]);
  });

  it('src/calendar/ imports only src/calendar/, src/shared/ and libraries', () => {
    expect(sourceFiles(path.join(srcDir, 'calendar')).length).toBeGreaterThan(0);
    expect(violations('calendar', ['calendar', 'shared'])).toEqual([]);
  });

  it('src/config/ imports no feature: only src/config/, src/calendar/, src/shared/ and libraries', () => {
    expect(violations('config', ['config', 'calendar', 'shared'])).toEqual([]);
  });

  it('src/shared/ imports only src/shared/ and libraries', () => {
    expect(violations('shared', ['shared'])).toEqual([]);
  });
});

/** Files outside `folder` (relative to src/) whose text matches `pattern`. */
function usesOutside(folder: string, pattern: RegExp): string[] {
  return sourceFiles(srcDir)
    .filter((file) => !path.relative(srcDir, file).startsWith(`${folder}${path.sep}`))
    .filter((file) => pattern.test(readFileSync(file, 'utf8')))
    .map((file) => path.relative(srcDir, file));
}

describe('each SDK and the environment in one folder', () => {
  const botbuilder = /from\s*['"](botbuilder|botframework-[\w-]+)(\/[^'"]*)?['"]|import\(\s*['"]botbuilder/;
  const tables = /['"]@azure\/data-tables['"]/;
  const environment = /\bprocess\.env\b/;

  it('the patterns find what they look for', () => {
    expect(botbuilder.test("import { type TurnContext } from 'botbuilder';")).toBe(true);
    expect(botbuilder.test("import { x } from 'botframework-connector';")).toBe(true);
    expect(tables.test("import type { TableClient } from '@azure/data-tables';")).toBe(true);
    expect(environment.test('const port = process.env.PORT;')).toBe(true);
  });

  it('botbuilder and the Bot Framework packages are imported only in src/bot/', () => {
    expect(usesOutside('bot', botbuilder)).toEqual([]);
  });

  it('@azure/data-tables is imported only in src/storage/', () => {
    expect(usesOutside('storage', tables)).toEqual([]);
  });

  it('process.env is read only in src/config/', () => {
    expect(usesOutside('config', environment)).toEqual([]);
  });
});
