import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { ConfigError, loadConfig } from '../bot/config';
import { createBot } from '../bot/createBot';
import { createLogger } from '../bot/logger';
import { SeedError } from '../bot/store/seed';
import { storeOnDisk } from './helpers/storeOnDisk';

/**
 * SEED_DIR chooses what a new store is created from: a seed folder (default: the bot's data/),
 * or nothing but COUNCIL_NAME (SEED_DIR=none). A folder that is missing or holds an invalid
 * seed stops start-up with a message naming it, and no store is created.
 */
const DATA = path.join(__dirname, '..', 'data');
const entry = path.join(__dirname, '..', 'dist', 'bot', 'index.js');
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'seed-choice-'));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

function startWith(env: Record<string, string>) {
  const dir = tempDir();
  const storePath = path.join(dir, 'store.json');
  const config = loadConfig({ PORT: '0', STORE_PATH: storePath, ...env });
  const start = createBot(config, { clock: new FixedClock(new Date('2023-09-05T09:00:00+01:00')), logger: createLogger('silent') });
  return { storePath, start };
}

/** A copy of the committed seed in a new folder, changed by `edit`. */
function seedFolder(edit: (dir: string) => void = () => undefined): string {
  const dir = path.join(tempDir(), 'seed');
  cpSync(DATA, dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('SEED_DIR and COUNCIL_NAME in the configuration', () => {
  test("When neither is set, then a new store is made from the bot's own data/ folder", () => {
    expect(loadConfig({}).seed).toEqual({ kind: 'folder', dir: null });
  });

  test('When SEED_DIR=none (any case) and COUNCIL_NAME are set, then a new store is made empty for that council', () => {
    expect(loadConfig({ SEED_DIR: 'None', COUNCIL_NAME: '  Example Borough Council ' }).seed).toEqual({
      kind: 'none',
      councilName: 'Example Borough Council',
    });
  });

  test('When SEED_DIR=none and COUNCIL_NAME is missing or blank, then start-up refuses naming COUNCIL_NAME', () => {
    for (const env of [{ SEED_DIR: 'none' }, { SEED_DIR: 'none', COUNCIL_NAME: '   ' }] as Record<string, string>[]) {
      const problems = problemsOf(env);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^COUNCIL_NAME: required when SEED_DIR=none/);
    }
  });
});

describe('creating the store from the chosen seed', () => {
  test('When SEED_DIR names a valid seed folder, then the new store is made from it', async () => {
    const dir = seedFolder((d) => {
      const council = JSON.parse(readFileSync(path.join(d, 'council.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(path.join(d, 'council.json'), JSON.stringify({ ...council, name: 'Seeded Elsewhere Council' }));
    });
    const { storePath, start } = startWith({ SEED_DIR: dir });
    const bot = await start;
    await bot.stop();
    expect(storeOnDisk(storePath).council.name).toBe('Seeded Elsewhere Council');
  });

  test('When SEED_DIR names a folder that does not exist, then start-up stops naming it and SEED_DIR, and no store or lock is left', async () => {
    const missing = path.join(tempDir(), 'no-such-seed');
    const { storePath, start } = startWith({ SEED_DIR: missing });
    const error = await start.catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toContain('SEED_DIR');
    expect(existsSync(storePath)).toBe(false);
    expect(existsSync(`${storePath}.lock`)).toBe(false);
  });

  test('When SEED_DIR names a missing folder and the store already exists, then start-up still stops, leaving the store as it was', async () => {
    const { storePath, start } = startWith({});
    await (await start).stop();
    const before = readFileSync(storePath, 'utf8');
    const again = startWith({ STORE_PATH: storePath, SEED_DIR: path.join(tempDir(), 'gone') });
    expect(await again.start.catch((err: unknown) => err)).toBeInstanceOf(SeedError);
    expect(readFileSync(storePath, 'utf8')).toBe(before);
  });

  test.each<[string, (dir: string) => void, RegExp]>([
    [
      'a file that is not JSON',
      (d) => writeFileSync(path.join(d, 'committees.json'), '[{"id": '),
      /committees\.json could not be read as JSON/,
    ],
    ['a missing file', (d) => rmSync(path.join(d, 'budget.json')), /budget\.json could not be read as JSON/],
    ['a record off the schema', (d) => writeFileSync(path.join(d, 'committees.json'), '[{"id": "x"}]'), /breaks the schema/],
    [
      'a broken reference',
      (d) => {
        const meetings = JSON.parse(readFileSync(path.join(d, 'meetings.json'), 'utf8')) as { committeeId: string }[];
        meetings[0]!.committeeId = 'no-such-committee';
        writeFileSync(path.join(d, 'meetings.json'), JSON.stringify(meetings));
      },
      /unknown id "no-such-committee"/,
    ],
  ])(
    'When the seed folder holds %s, then start-up stops with a message naming the problem and no store is created',
    async (_what, edit, message) => {
      const dir = seedFolder(edit);
      const { storePath, start } = startWith({ SEED_DIR: dir });
      const error = await start.catch((err: unknown) => err);
      expect(error).toBeInstanceOf(SeedError);
      expect((error as Error).message).toMatch(message);
      expect(existsSync(storePath)).toBe(false);
      expect(existsSync(`${storePath}.lock`)).toBe(false);
    },
  );

  test('When the seed holds no committee at all, then it is valid and the bot starts on it', async () => {
    const dir = seedFolder((d) => {
      for (const file of ['committees.json', 'meetings.json', 'minutes.json', 'actions.json', 'work-programme.json']) {
        writeFileSync(path.join(d, file), '[]');
      }
    });
    const { storePath, start } = startWith({ SEED_DIR: dir });
    await (await start).stop();
    expect(storeOnDisk(storePath).committees).toEqual([]);
  });
});

describe('the bot process with a bad seed choice', () => {
  const started = new Set<ChildProcess>();
  afterEach(() => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    started.clear();
  });

  async function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.add(child);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, output };
  }

  test('When SEED_DIR names a missing folder, then the process exits 1 with a message naming it and no stack trace', async () => {
    const missing = path.join(tempDir(), 'missing-seed');
    const { code, output } = await run({ SEED_DIR: missing, STORE_PATH: path.join(tempDir(), 'store.json') });
    expect(code).toBe(1);
    expect(output).toContain('Committee Assistant cannot start.');
    expect(output).toContain(missing);
    expect(output).not.toMatch(/\n\s+at /);
  });

  test('When SEED_DIR=none is set without COUNCIL_NAME, then the process exits 1 naming COUNCIL_NAME', async () => {
    const dir = tempDir();
    const { code, output } = await run({ SEED_DIR: 'none', STORE_PATH: path.join(dir, 'store.json') });
    expect(code).toBe(1);
    expect(output).toMatch(/cannot start[\s\S]*COUNCIL_NAME: required when SEED_DIR=none/);
    expect(existsSync(path.join(dir, 'store.json'))).toBe(false);
  });
});

describe('the commands that read the seed', () => {
  const script = (name: string) => path.join(__dirname, '..', 'dist', 'scripts', `${name}.js`);
  const runScript = (name: string, args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [script(name), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  const renamed = (name: string) => (d: string) => {
    const council = JSON.parse(readFileSync(path.join(d, 'council.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(d, 'council.json'), JSON.stringify({ ...council, name }));
  };

  test('When check:seed runs with SEED_DIR naming a valid folder, then it checks that folder and says so', () => {
    const dir = seedFolder();
    const result = runScript('check-seed', [], { SEED_DIR: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`The seed in ${dir} is valid.`);
    expect(result.stdout).toMatch(/^committees: 1$/m);
  });

  test('When check:seed runs with SEED_DIR naming a folder with a broken reference, then it exits 1 naming the problem', () => {
    const dir = seedFolder((d) => {
      const meetings = JSON.parse(readFileSync(path.join(d, 'meetings.json'), 'utf8')) as { committeeId: string }[];
      meetings[0]!.committeeId = 'no-such-committee';
      writeFileSync(path.join(d, 'meetings.json'), JSON.stringify(meetings));
    });
    const result = runScript('check-seed', [], { SEED_DIR: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^The seed cannot be used\. [\s\S]*unknown id "no-such-committee"/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('When check:seed runs with SEED_DIR naming a missing folder, then it exits 1 naming the folder', () => {
    const missing = path.join(tempDir(), 'nowhere');
    const result = runScript('check-seed', [], { SEED_DIR: missing });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(missing);
  });

  test('When check:seed runs with SEED_DIR=none, then it says there is no folder to check', () => {
    const result = runScript('check-seed', [], { SEED_DIR: 'none', COUNCIL_NAME: 'Example Borough Council' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('SEED_DIR=none: a new store starts empty for Example Borough Council');
  });

  test('When import:indicators creates the store, then it creates it from SEED_DIR like the bot', () => {
    const dir = seedFolder(renamed('Seeded Elsewhere Council'));
    const storePath = path.join(tempDir(), 'store.json');
    const csv = path.join(tempDir(), 'figures.csv');
    writeFileSync(
      csv,
      'indicatorId,period,periodEnd,value,count,comparatorName,comparatorValue,comparatorPeriod,source,asAt\r\n' +
        're-referral-rate,Q4 2023/24,2024-03-31,17.9,,,,,Q4 performance report,2024-04-20\r\n',
    );
    const result = runScript('import-indicators', [csv], { STORE_PATH: storePath, SEED_DIR: dir, BOT_NOW: '2024-05-01T10:00:00+01:00' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const data = storeOnDisk(storePath);
    expect(data.council.name).toBe('Seeded Elsewhere Council');
    expect(data.indicators.find((i) => i.id === 're-referral-rate')!.series.at(-1)).toMatchObject({ period: 'Q4 2023/24', value: 17.9 });
  });
});
