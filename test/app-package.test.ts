import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import {
  APP_PACKAGE_DIR,
  MANIFEST_PATH,
  PackageError,
  ROOT,
  buildAppPackage,
  fillPlaceholders,
  manifestFrom,
  packageVariables,
  placeholdersIn,
} from '../scripts/app-package';
import { ACCENT_COLOR, drawColorIcon, drawOutlineIcon } from '../scripts/icons';
import { validateManifest } from '../scripts/manifest-schema';
import { INTENT_TABLE, recognise, type Intent, type RecognitionContext } from '../bot/features/catalogue';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';

/**
 * The Teams app package a council's administrator uploads: the manifest is valid against the
 * schema bundled in @microsoft/app-manifest (offline), its command menus are phrases the bot
 * understands, the icons are the sizes and kinds Teams requires, and `npm run package` zips
 * exactly the three files with every placeholder filled, or refuses clearly.
 */
const ENV = {
  TEAMS_APP_ID: '3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d',
  BOT_ID: '0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d',
  BOT_DOMAIN: 'committee-bot.example.gov.uk',
};
const template = readFileSync(MANIFEST_PATH, 'utf8');
const filled = () => manifestFrom(template, ENV) as unknown as Manifest;

interface Command {
  title: string;
  description?: string;
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  name: { short: string; full?: string };
  developer: Record<string, string>;
  icons: { color: string; outline: string };
  accentColor: string;
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: Command[] }[] }[];
  validDomains: string[];
}

describe('the manifest', () => {
  test('When filled with valid values, then it is valid against the Teams schema bundled in @microsoft/app-manifest, with no network', async () => {
    const manifest = filled();
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    const result = await validateManifest(manifest);
    expect(result.schemaFile).toBe(
      `@microsoft/app-manifest/build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(result.errors).toEqual([]);
  });

  test('When the manifest breaks the schema, then validation reports each problem (so a pass means something)', async () => {
    const manifest = filled() as unknown as Record<string, unknown>;
    manifest.name = { short: 'A name far longer than the thirty characters Teams allows' };
    delete manifest.developer;
    (manifest.bots as Manifest['bots'])[0]!.scopes.push('everywhere');
    const { errors } = await validateManifest(manifest);
    expect(errors.join('\n')).toMatch(/\/name\/short must NOT have more than 30 characters/);
    expect(errors.join('\n')).toMatch(/must have required property 'developer'/);
    expect(errors.join('\n')).toMatch(/\/bots\/0\/scopes\/3 must be equal to one of the allowed values/);
  });

  test('When the manifest names a schema that is not bundled, then validation fails instead of downloading it', async () => {
    const manifest = { ...filled(), $schema: 'https://developer.microsoft.com/json-schemas/teams/v9.99/MicrosoftTeams.schema.json' };
    await expect(validateManifest(manifest)).rejects.toThrow(/bundles no schema for .*v9\.99/);
  });

  test('When a council installs it, then the bot works in personal chats, teams and group chats, with a command menu for each', () => {
    const manifest = filled();
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots[0]!;
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.commandLists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of bot.commandLists) {
      const titles = list.commands.map((c) => c.title);
      expect(titles).toEqual(
        expect.arrayContaining([
          'next meeting',
          'CP rate',
          'open actions',
          'send apologies',
          'declare an interest',
          'post agenda reminder',
          'help',
        ]),
      );
      expect(new Set(titles).size).toBe(titles.length);
      for (const c of list.commands) expect(c.description?.length ?? 0).toBeGreaterThan(10);
    }
    expect(manifest.name.short).toBe('Committee Assistant');
    expect(manifest.accentColor).toBe(ACCENT_COLOR);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  // Teams sends a chosen command's title as the message text, so each must reach the right answer.
  const ctx: RecognitionContext = { now: new Date('2023-09-05T09:00:00+01:00'), data: storeFromSeed(loadSeed()) };
  const expected: Record<string, Intent> = {
    'next meeting': 'nextMeeting',
    'CP rate': 'indicator',
    'open actions': 'openActions',
    'send apologies': 'sendApologies',
    'declare an interest': 'declareInterest',
    'post agenda reminder': 'postReminder',
    'who has sent apologies': 'listApologies',
    'agenda for the next meeting': 'agenda',
    'who is on the committee': 'membership',
    'link this channel to the committee': 'linkChannel',
    help: 'help',
  };
  const allTitles = [...new Set(filled().bots[0]!.commandLists.flatMap((l) => l.commands.map((c) => c.title)))];
  test.each(allTitles)('When a user picks the command "%s", then the bot recognises what it asks for', (title) => {
    expect(expected[title]).toBeDefined();
    const result = recognise(title, ctx);
    expect(result).toMatchObject({ kind: 'intent', intent: expected[title] });
    if (expected[title] === 'linkChannel') expect(result).toMatchObject({ entities: { committeeId: 'childrens-os' } });
  });

  test('When the command menus are built, then each entry is the menu of one definition, and choosing it reaches that definition', () => {
    const offered = INTENT_TABLE.filter((d) => d.menu).map((d) => [d.menu!.title, d.intent] as const);
    expect(offered.length).toBeGreaterThan(8);
    expect([...allTitles].sort()).toEqual(offered.map(([title]) => title).sort());
    for (const [title, intent] of offered) expect(recognise(title, ctx)).toMatchObject({ kind: 'intent', intent });
    for (const list of filled().bots[0]!.commandLists) {
      const scope = list.scopes[0] as 'personal' | 'team' | 'groupChat';
      expect(list.commands.map((c) => c.title).sort()).toEqual(
        INTENT_TABLE.filter((d) => d.menu?.scopes.includes(scope))
          .map((d) => d.menu!.title)
          .sort(),
      );
    }
  });
});

describe('placeholders', () => {
  test('When the template is read, then it uses exactly TEAMS_APP_ID, BOT_ID and BOT_DOMAIN, and filling leaves none behind', () => {
    expect(placeholdersIn(template).sort()).toEqual(['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    const text = fillPlaceholders(template, packageVariables(template, ENV));
    expect(text).not.toMatch(/\$\{\{/);
    const manifest = JSON.parse(text) as Manifest;
    expect(manifest.id).toBe(ENV.TEAMS_APP_ID);
    expect(manifest.bots[0]!.botId).toBe(ENV.BOT_ID);
    expect(manifest.validDomains).toEqual([ENV.BOT_DOMAIN]);
  });

  test('When variables are missing or malformed, then every problem is listed at once', () => {
    expect(() => packageVariables(template, {})).toThrow(PackageError);
    try {
      packageVariables(template, { TEAMS_APP_ID: 'my-app', BOT_DOMAIN: 'https://bot.example.gov.uk/api' });
      throw new Error('expected a PackageError');
    } catch (err) {
      expect(err).toBeInstanceOf(PackageError);
      const problems = (err as PackageError).problems.join('\n');
      expect(problems).toMatch(/TEAMS_APP_ID="my-app": must be a GUID/);
      expect(problems).toMatch(/BOT_ID is not set/);
      expect(problems).toMatch(/BOT_DOMAIN="https:\/\/bot\.example\.gov\.uk\/api": must be a host name/);
      expect((err as PackageError).problems).toHaveLength(3);
    }
  });

  test("When BOT_ID is not set but the bot's MicrosoftAppId is, then that is the bot id", () => {
    const { BOT_ID, ...rest } = ENV;
    expect(packageVariables(template, { ...rest, MicrosoftAppId: BOT_ID }).BOT_ID).toBe(BOT_ID);
  });

  test('When the template uses a placeholder nobody fills, then packaging refuses', () => {
    expect(() => packageVariables('{"x": "${{NOT_A_VARIABLE}}"}', ENV)).toThrow(/NOT_A_VARIABLE/);
  });
});

describe('icons', () => {
  const read = (file: string) => PNG.sync.read(readFileSync(path.join(APP_PACKAGE_DIR, file)));
  const pixels = (png: PNG) =>
    Array.from({ length: png.width * png.height }, (_, i) => [...png.data.subarray(i * 4, i * 4 + 4)] as [number, number, number, number]);

  test('When Teams shows the colour icon, then it is 192×192, fully opaque, on the accent colour', () => {
    const png = read('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
    expect(pixels(png).every(([, , , a]) => a === 255)).toBe(true);
    const corner = pixels(png)[0]!;
    expect(
      `#${corner
        .slice(0, 3)
        .map((c) => c.toString(16).padStart(2, '0'))
        .join('')}`.toUpperCase(),
    ).toBe(ACCENT_COLOR.toUpperCase());
    expect(pixels(png).some(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
  });

  test('When Teams shows the outline icon, then it is 32×32, white on a transparent background', () => {
    const png = read('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    const all = pixels(png);
    expect(all.filter(([r, g, b, a]) => a > 0 && (r !== 255 || g !== 255 || b !== 255))).toEqual([]);
    const transparent = all.filter(([, , , a]) => a === 0).length;
    const solid = all.filter(([, , , a]) => a === 255).length;
    expect(transparent).toBeGreaterThan(all.length / 2);
    expect(solid).toBeGreaterThan(50);
    for (const i of [0, 31, 32 * 31, 32 * 32 - 1]) expect(all[i]![3]).toBe(0);
  });

  test('When the icon script is run, then it draws exactly the committed icons', () => {
    expect(Buffer.compare(drawColorIcon().data, read('color.png').data)).toBe(0);
    expect(Buffer.compare(drawOutlineIcon().data, read('outline.png').data)).toBe(0);
  });
});

describe('the zip', () => {
  test('When built, then it holds exactly manifest.json, color.png and outline.png at its root, the manifest filled', async () => {
    const pkg = await buildAppPackage(ENV);
    const zip = await JSZip.loadAsync(pkg.zip);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifestText = await zip.file('manifest.json')!.async('string');
    expect(manifestText).not.toMatch(/\$\{\{/);
    expect(JSON.parse(manifestText)).toEqual(filled());
    for (const icon of ['color.png', 'outline.png']) {
      const bytes = await zip.file(icon)!.async('nodebuffer');
      expect(bytes.equals(readFileSync(path.join(APP_PACKAGE_DIR, icon)))).toBe(true);
    }
  });

  test('When built twice from the same inputs, then the zips are identical', async () => {
    expect((await buildAppPackage(ENV)).zip.equals((await buildAppPackage(ENV)).zip)).toBe(true);
  });
});

describe('npm run package', () => {
  // Runs the built command (npm test builds with tsc first), writing to a temporary directory.
  const cli = path.join(ROOT, 'dist', 'scripts', 'package-app.js');
  const run = (env: Record<string, string>, out: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const clean = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !['TEAMS_APP_ID', 'BOT_ID', 'BOT_DOMAIN', 'MicrosoftAppId'].includes(k)),
      );
      execFile(process.execPath, [cli, '--out', out], { cwd: ROOT, env: { ...clean, ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  test('When a required variable is missing, then it exits 1 naming it and writes no zip', async () => {
    expect(existsSync(cli)).toBe(true);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'app-package-')), 'appPackage.zip');
    const { code, stderr } = await run({ TEAMS_APP_ID: ENV.TEAMS_APP_ID, BOT_ID: ENV.BOT_ID }, out);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Cannot build the Teams app package:\n {2}- BOT_DOMAIN is not set/);
    expect(existsSync(out)).toBe(false);
  });

  test('When every variable is set, then it writes a valid zip and says where', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'app-package-')), 'appPackage.zip');
    const { code, stdout, stderr } = await run(ENV, out);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/Wrote .*appPackage\.zip .*manifest\.json, color\.png, outline\.png/);
    expect(stdout).toMatch(/valid against the bundled/);
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });
});
