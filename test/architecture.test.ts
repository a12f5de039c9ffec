import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import madge from 'madge';
import ts from 'typescript';
import { CARD_TEMPLATES } from '../bot/cards/templates';
import * as catalogue from '../bot/features/catalogue';

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
      .flatMap((f) =>
        importsOf(f)
          .filter((m) => TEAMS_PACKAGE.test(m))
          .map((m) => `${f} imports ${m}`),
      );
    expect(outside).toEqual([]);
  });
});

describe('feature definitions', () => {
  const cardFiles = readdirSync(path.join(ROOT, 'cards'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();

  test('When the card template names are compared with cards/, then each names a file and each file has a name', () => {
    expect(cardFiles.length).toBeGreaterThan(10);
    expect([...CARD_TEMPLATES].sort()).toEqual(cardFiles);
  });

  test('When every definition is read, then its template and every submit template is a file in cards/', () => {
    const named = [
      ...catalogue.INTENT_TABLE.map((d) => [d.intent, d.template] as const),
      ...[...catalogue.SUBMITS.values()].flatMap((s) => s.templates.map((t) => [s.verb, t] as const)),
    ];
    expect(named.length).toBeGreaterThan(40);
    const missing = named.filter(([, template]) => !cardFiles.includes(template)).map(([name, template]) => `${name}: ${template}`);
    expect(missing).toEqual([]);
  });

  test('When every definition is read, then each has examples and a label, and no two share an intent or a priority', () => {
    const table = catalogue.INTENT_TABLE;
    expect(table.length).toBeGreaterThan(20);
    for (const d of table) {
      expect(d.examples.length).toBeGreaterThan(0);
      expect(d.label.trim()).not.toBe('');
    }
    expect(new Set(table.map((d) => d.intent)).size).toBe(table.length);
    const byPriority = new Map<number, string[]>();
    for (const d of table) byPriority.set(d.priority, [...(byPriority.get(d.priority) ?? []), d.intent]);
    expect([...byPriority.values()].filter((intents) => intents.length > 1)).toEqual([]);
  });

  test('When the features are gathered, then no two features claim the same card verb', () => {
    const verbs = catalogue.FEATURES.flatMap((f) => (f.submits ?? []).map((s) => s.verb));
    expect(verbs.length).toBeGreaterThan(10);
    expect(verbs.filter((v, i) => verbs.indexOf(v) !== i)).toEqual([]);
    expect(catalogue.SUBMITS.size).toBe(verbs.length);
  });

  test('When bot/features/ is listed, then every definitions.ts is gathered by the catalogue, so no feature is silently left out', () => {
    const definitionFiles = botFiles().filter((f) => f.startsWith('features/') && f.endsWith('/definitions.ts'));
    expect(definitionFiles.length).toBeGreaterThan(10);
    const gathered = importsOf('features/catalogue.ts').map((m) => path.posix.join('features', `${m}.ts`));
    expect(definitionFiles.filter((f) => !gathered.includes(f))).toEqual([]);
  });

  test('When the catalogue is read, then each feature is listed once and every feature but the shared buttons has questions', () => {
    const names = catalogue.FEATURES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(catalogue.FEATURES.filter((f) => f.questions.length === 0).map((f) => f.name)).toEqual(['lists']);
  });
});
