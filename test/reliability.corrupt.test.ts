import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { loadConfig } from '../bot/config';
import { createBot } from '../bot/createBot';
import { createLogger } from '../bot/logger';
import { loadSeed } from '../bot/store/seed';
import { Store, StoreLoadError, storeFromSeed } from '../bot/store/store';
import { SCHEMA_VERSION } from '../bot/store/schema';

/**
 * A damaged store (its file, or a part of it) never starts the bot and is never touched:
 * start-up refuses with a message that names the file and says what is wrong, and the files
 * are byte-identical afterwards
 * (no repair, no rewrite, no temporary or backup files left beside them).
 */
const NOW = '2023-09-05T09:00:00+01:00';
const clock = new FixedClock(new Date(NOW));

function folder(): string {
  return mkdtempSync(path.join(tmpdir(), 'corrupt-'));
}

function validStoreText(): string {
  return `${JSON.stringify(storeFromSeed(loadSeed()), null, 1)}\n`;
}

/** Every file under `dir` (the store, its parts folder, anything else) with its bytes. */
function snapshotOf(dir: string): Record<string, string> {
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((name) => statSync(path.join(dir, name)).isFile());
  return Object.fromEntries(files.map((name) => [name, readFileSync(path.join(dir, name)).toString('base64')]));
}

/** A store in parts (as the bot writes it) with one of its part files damaged by `damage`. */
async function partedStoreWith(damage: (part: string) => void): Promise<string> {
  const file = path.join(folder(), 'store.json');
  await (await Store.open(file, { seed: loadSeed, clock })).close();
  const index = JSON.parse(readFileSync(file, 'utf8')) as { parts: Record<string, string> };
  damage(path.join(path.dirname(file), index.parts['committee/childrens-os/2023-24']!));
  return file;
}

async function startAttempt(file: string): Promise<unknown> {
  const config = loadConfig({ PORT: '0', STORE_PATH: file, LOG_LEVEL: 'silent' });
  try {
    const bot = await createBot(config, { clock, logger: createLogger('silent'), typingIndicator: false });
    await bot.stop();
    return null;
  } catch (err) {
    return err;
  }
}

type Damage = { label: string; make: () => Promise<string> | string; message: RegExp };

const DAMAGE: Damage[] = [
  {
    label: 'the store file is truncated half-way',
    make: () => {
      const file = path.join(folder(), 'store.json');
      const text = validStoreText();
      writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
      return file;
    },
    message: /not valid JSON/,
  },
  { label: 'the store file is truncated to nothing', make: () => write(''), message: /not valid JSON/ },
  {
    label: 'the store file is binary garbage, not JSON',
    make: () => write(Buffer.from([0x00, 0xff, 0x7b, 0x00, 0x22, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])),
    message: /not valid JSON/,
  },
  { label: 'the store file is JSON but not an object', make: () => write('"store"'), message: /does not hold a JSON object/ },
  {
    label: 'the store file has schema version 0 (older than any migration)',
    make: () => write(validStoreText().replace(`"schemaVersion": ${SCHEMA_VERSION}`, '"schemaVersion": 0')),
    message: /no migration from schemaVersion 0/,
  },
  {
    label: 'the store file has schema version 99 (from a newer bot)',
    make: () => write(validStoreText().replace(`"schemaVersion": ${SCHEMA_VERSION}`, '"schemaVersion": 99')),
    message: /schemaVersion 99 is newer than this bot understands/,
  },
  {
    label: 'the store file has a schema version that is text',
    make: () => write(validStoreText().replace(`"schemaVersion": ${SCHEMA_VERSION}`, '"schemaVersion": "1"')),
    message: /schemaVersion is missing or not a whole number/,
  },
  {
    label: 'the store file has the wrong shape (apologies not a list)',
    make: () => write(validStoreText().replace('"apologies": []', '"apologies": {}')),
    message: /breaks the store schema[\s\S]*apologies/,
  },
  { label: 'the store file holds JSON null', make: () => write('null'), message: /does not hold a JSON object/ },
  {
    label: 'a part of the store is truncated half-way',
    make: () => partedStoreWith((part) => writeFileSync(part, readFileSync(part, 'utf8').slice(0, 200))),
    message: /not valid JSON \(.*\) \(it is a part of the store/,
  },
  { label: 'a part of the store is missing', make: () => partedStoreWith((part) => rmSync(part)), message: /is missing \(the store index/ },
];

function write(content: string | Buffer): string {
  const file = path.join(folder(), 'store.json');
  writeFileSync(file, content);
  return file;
}

describe('a damaged store', () => {
  test.each(DAMAGE.map((d) => [d.label, d] as const))(
    'When %s, then start-up refuses with a clear message and the files are byte-identical',
    async (_label, damage) => {
      const file = await damage.make();
      const dir = path.dirname(file);
      const before = snapshotOf(dir);
      const err = await startAttempt(file);
      expect(err).toBeInstanceOf(StoreLoadError);
      const message = (err as Error).message;
      expect(message).toContain(file);
      expect(message).toMatch(damage.message);
      expect(message).toMatch(/has not changed the file/);
      // A second attempt says the same, and nothing at all changed in the folder.
      expect(((await startAttempt(file)) as Error).message).toBe(message);
      expect(snapshotOf(dir)).toEqual(before);
    },
  );

  test('When the built bot is started on a damaged store file, then it exits 1 naming the file and leaves it byte-identical', async () => {
    const text = validStoreText();
    const file = write(text.slice(0, Math.floor(text.length / 2)));
    const before = snapshotOf(path.dirname(file));
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'dist', 'bot', 'index.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', STORE_PATH: file, BOT_NOW: NOW },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toMatch(/Committee Assistant cannot start/);
    expect(out).toContain(file);
    expect(out).toMatch(/not valid JSON/);
    expect(snapshotOf(path.dirname(file))).toEqual(before);
    expect(existsSync(path.join(path.dirname(file), '.store.json.tmp'))).toBe(false);
  });
});
