import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { COMMAND_LISTS } from '../bot/features/catalogue';

/**
 * The Teams app package: appPackage/manifest.json with its `${{NAME}}` placeholders filled from
 * the environment and the bot's command menus built from the feature definitions
 * (bot/features/catalogue.ts), plus the two icons, zipped flat (Teams wants the three files at the root).
 * Used by `npm run package` (scripts/package-app.ts) and by test/app-package.test.ts.
 */

/** The repository root, whether this runs from scripts/ (ts-jest) or dist/scripts/ (node). */
export const ROOT = findRoot(__dirname);
export const APP_PACKAGE_DIR = path.join(ROOT, 'appPackage');
export const MANIFEST_PATH = path.join(APP_PACKAGE_DIR, 'manifest.json');
export const PACKAGE_ZIP_PATH = path.join(ROOT, 'build', 'appPackage.zip');

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'appPackage'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no project root above ${from}`);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?:\.(?!-)[a-z0-9-]{1,63})+$/i;

interface Variable {
  name: string;
  /** Read from the first of these environment variables that is set. */
  from: string[];
  meaning: string;
  check: (value: string) => string | null;
}

/** Every placeholder the manifest may use, what it means and how a value is checked. */
export const VARIABLES: readonly Variable[] = [
  {
    name: 'TEAMS_APP_ID',
    from: ['TEAMS_APP_ID'],
    meaning: 'the Teams app id: a GUID you generate once (node -e "console.log(crypto.randomUUID())") and keep for every version',
    check: (v) => (GUID.test(v) ? null : 'must be a GUID such as 3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d'),
  },
  {
    name: 'BOT_ID',
    from: ['BOT_ID', 'MicrosoftAppId'],
    meaning: "the Microsoft App ID of the bot's Azure Bot registration (set BOT_ID, or MicrosoftAppId as the bot itself reads)",
    check: (v) => (GUID.test(v) ? null : 'must be the GUID of the Azure Bot registration'),
  },
  {
    name: 'BOT_DOMAIN',
    from: ['BOT_DOMAIN'],
    meaning: 'the public host name of the bot, e.g. committee-bot.example.gov.uk',
    check: (v) => (HOST.test(v) ? null : 'must be a host name such as committee-bot.example.gov.uk (no https://, port or path)'),
  },
];

const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export class PackageError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Cannot build the Teams app package:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageError';
  }
}

/** The placeholder names a manifest template uses, in order of first use. */
export function placeholdersIn(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Values for every placeholder the template uses, from `env`. Throws a PackageError listing every
 * missing or malformed variable (and any placeholder the template uses that is not known).
 */
export function packageVariables(template: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const problems: string[] = [];
  const values: Record<string, string> = {};
  for (const name of placeholdersIn(template)) {
    const variable = VARIABLES.find((v) => v.name === name);
    if (!variable) {
      problems.push(`${name}: the manifest uses \${{${name}}}, which npm run package does not know`);
      continue;
    }
    const source = variable.from.find((key) => (env[key] ?? '').trim() !== '');
    if (!source) {
      problems.push(`${name} is not set: ${variable.meaning}`);
      continue;
    }
    const value = env[source]!.trim();
    const wrong = variable.check(value);
    if (wrong) problems.push(`${source}=${JSON.stringify(value)}: ${wrong}`);
    else values[name] = value;
  }
  if (problems.length > 0) throw new PackageError(problems);
  return values;
}

/** Replaces each `${{NAME}}` with its value, JSON-escaped (the template is JSON text). */
export function fillPlaceholders(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new PackageError([`no value for ${whole}`]);
    return JSON.stringify(value).slice(1, -1);
  });
}

/**
 * The manifest to package: the template with its placeholders filled, and the bot's command
 * menus (`commandLists`) from the feature definitions, so a menu only offers what a definition
 * handles.
 */
export function manifestFrom(template: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const manifest = JSON.parse(fillPlaceholders(template, packageVariables(template, env))) as Record<string, unknown>;
  const bots = Array.isArray(manifest.bots) ? (manifest.bots as Record<string, unknown>[]) : [];
  for (const bot of bots)
    bot.commandLists = COMMAND_LISTS.map((list) => ({ scopes: [...list.scopes], commands: list.commands.map((c) => ({ ...c })) }));
  return manifest;
}

export interface AppPackage {
  manifest: Record<string, unknown>;
  /** The zip's bytes: manifest.json and the two icons at its root. */
  zip: Buffer;
  files: string[];
}

/** A fixed date on every entry, so the same inputs always give the same zip. */
const ZIP_DATE = new Date(Date.UTC(2023, 0, 1));

/** Builds the package from appPackage/ (or `dir`) and `env`; throws PackageError on a bad env. */
export async function buildAppPackage(env: NodeJS.ProcessEnv, dir = APP_PACKAGE_DIR): Promise<AppPackage> {
  const template = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  const manifest = manifestFrom(template, env);
  const icons = (manifest.icons ?? {}) as Record<string, string>;
  const iconFiles = [icons.color, icons.outline].filter((f): f is string => typeof f === 'string');
  const missing = iconFiles.filter((f) => !existsSync(path.join(dir, f)));
  if (missing.length > 0) throw new PackageError(missing.map((f) => `icon ${f} is missing from ${dir} (npm run icons draws them)`));

  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date: ZIP_DATE });
  for (const file of iconFiles) zip.file(file, readFileSync(path.join(dir, file)), { date: ZIP_DATE });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  return { manifest, zip: bytes, files: ['manifest.json', ...iconFiles] };
}
