import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import madge from 'madge';
import ts from 'typescript';

/**
 * The shape the code must keep: no import cycles in bot/, and Teams (botbuilder, the Bot
 * Framework packages, teams-ai) known only to bot/teams/, so moving to another Teams SDK
 * touches that folder alone. Type-only imports count too: a cycle of types still ties the
 * modules together.
 */
const ROOT = path.join(__dirname, '..');
const BOT = path.join(ROOT, 'bot');

/** Every TypeScript file under bot/, as paths relative to bot/ with forward slashes. */
function botFiles(dir = BOT): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return botFiles(full);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.relative(BOT, full).split(path.sep).join('/')] : [];
    })
    .sort();
}

/** The module names a file imports or re-exports: static, type-only, dynamic and require(). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(BOT, file), 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

const TEAMS_PACKAGE = /^(?:botbuilder|botframework-[^/]+|@microsoft\/teams-ai)(?:\/|$)/;

describe('architecture', () => {
  test('When the modules under bot/ are traced, then every file is reached and no import leads back to where it started', async () => {
    const graph = await madge(BOT, { fileExtensions: ['ts'], tsConfig: path.join(ROOT, 'tsconfig.json') });
    const files = botFiles();
    // Guards against a vacuous pass: madge saw every file and resolved every local import.
    expect(files.length).toBeGreaterThan(40);
    expect(Object.keys(graph.obj()).sort()).toEqual(files);
    expect(graph.warnings().skipped).toEqual([]);
    expect(graph.circular()).toEqual([]);
  });

  test('When the imports of each file under bot/ are read, then only bot/teams/ imports botbuilder, the Bot Framework or teams-ai', () => {
    const files = botFiles();
    const teamsFiles = files.filter((f) => f.startsWith('teams/'));
    // Guards against a vacuous pass: the reader does see the Teams layer's own imports.
    expect(teamsFiles.filter((f) => importsOf(f).some((m) => TEAMS_PACKAGE.test(m))).length).toBeGreaterThan(3);
    const outside = files
      .filter((f) => !f.startsWith('teams/'))
      .flatMap((f) => importsOf(f).filter((m) => TEAMS_PACKAGE.test(m)).map((m) => `${f} imports ${m}`));
    expect(outside).toEqual([]);
  });
});
