import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lockFileFor, lockStore } from '../bot/store/lock';
import { FakeModernGov } from './helpers/fakeModernGov';
import { storeOnDisk } from './helpers/storeOnDisk';

/**
 * `npm run sync` as a real process (the built dist/scripts/sync.js, as `npm run sync` runs it;
 * `npm test` builds dist/ before jest), against a local fake of the modern.gov web service.
 */
const entry = path.join(__dirname, '..', 'dist', 'scripts', 'sync.js');

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', BOT_NOW: '2026-01-20T09:00:00Z', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run sync', () => {
  let fake: FakeModernGov;
  let storePath: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    fake = new FakeModernGov();
    await fake.start();
    storePath = path.join(mkdtempSync(path.join(tmpdir(), 'sync-command-')), 'new', 'store.json');
    env = { STORE_PATH: storePath, MODERNGOV_URL: fake.url, MODERNGOV_COMMITTEES: '144,163' };
  });
  afterEach(async () => {
    await fake.stop();
  });

  test('When the store does not exist, then it is created from the seed, synced, and what changed is printed per committee', async () => {
    const first = await run(env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Synced from http:\/\/127\.0\.0\.1:\d+ into .*store\.json:\n {2}Audit Committee: 2 created, 0 unchanged\.\n/,
    );
    expect(first.stdout).toMatch(/ {2}Art Galleries Committee: 2 created, 0 unchanged\.\n/);
    const data = storeOnDisk(storePath);
    expect(data.committees.map((c) => c.name)).toEqual(
      expect.arrayContaining(["Children's Services Overview and Scrutiny Committee", 'Audit Committee']),
    );
    expect(existsSync(lockFileFor(storePath))).toBe(false);

    const before = readFileSync(storePath, 'utf8');
    const second = await run(env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/\n {2}Audit Committee: 2 unchanged\.\n {2}Art Galleries Committee: 2 unchanged\.\n/);
    const after = storeOnDisk(storePath);
    expect({ ...after, syncRuns: [] }).toEqual({ ...(JSON.parse(before) as object), syncRuns: [] });
    expect(after.syncRuns).toHaveLength(2);
  });

  test('When modern.gov fails for a committee, then the exit code is 1 and the problem names the method and the site', async () => {
    fake.fail('GetMeetings:163', 403);
    const result = await run(env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Synced with problems[\s\S]*Audit Committee: 2 created[\s\S]*Art Galleries Committee: not synced, last good data kept\. modern\.gov GetMeetings at http:\/\/127\.0\.0\.1:\d+: HTTP 403/,
    );
    expect(storeOnDisk(storePath).committees.some((c) => c.name === 'Art Galleries Committee')).toBe(false);
  });

  test('When the bot holds the store, then it refuses, writes nothing and says to ask the bot "sync now"', async () => {
    const existing = path.join(mkdtempSync(path.join(tmpdir(), 'sync-command-')), 'store.json');
    const lock = await lockStore(existing, 'the Committee Assistant bot');
    try {
      const result = await run({ ...env, STORE_PATH: existing });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /Nothing was synced: the store .* is in use \(the Committee Assistant bot\)\. While the bot is running, ask it "sync now"/,
      );
      expect(existsSync(existing)).toBe(false);
      expect(fake.requests).toEqual([]);
    } finally {
      await lock.release();
    }
  });

  test('When MODERNGOV_URL is not set or a setting is wrong, then it says what to set and exits 1', async () => {
    const unset = await run({ STORE_PATH: storePath });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toMatch(/set MODERNGOV_URL/);
    const wrong = await run({ ...env, MODERNGOV_MONTHS_AHEAD: 'soon' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/MODERNGOV_MONTHS_AHEAD: must be a whole number of months/);
    expect(existsSync(storePath)).toBe(false);
  });
});
