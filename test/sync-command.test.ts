import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lockFileFor, lockStore } from '../bot/store/lock';
import { buildInstall, buildUser } from './helpers/activities';
import { cardText } from './helpers/cards';
import { FakeConnector } from './helpers/fakeConnector';
import { FakeModernGov, fixture } from './helpers/fakeModernGov';
import { storeOnDisk } from './helpers/storeOnDisk';
import { checkedCardOf, readCard, startTestBot } from './helpers/testBot';

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

    const before = storeOnDisk(storePath);
    const second = await run(env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/\n {2}Audit Committee: 2 unchanged\.\n {2}Art Galleries Committee: 2 unchanged\.\n/);
    const after = storeOnDisk(storePath);
    expect({ ...after, syncRuns: [] }).toEqual({ ...before, syncRuns: [] });
    expect(after.syncRuns).toHaveLength(2);
  });

  test('When a sync run from the command line changes a meeting, then the bot posts one alert card for it when it starts, and none when it starts again', async () => {
    const clerk = buildUser('Rhiannon Whiteley');
    const channelId = '19:galleries@thread.tacv2';
    const connector = new FakeConnector();
    await connector.start();
    const startBot = () =>
      startTestBot({
        storePath,
        connector,
        now: '2026-01-20T09:00:00Z',
        env: { MODERNGOV_URL: fake.url, MODERNGOV_COMMITTEES: '144,163', MODERNGOV_SYNC: 'off' },
      });
    try {
      expect((await run(env)).code).toBe(0);
      const linking = await startBot();
      await linking.post(buildInstall({ serviceUrl: connector.url, from: clerk, kind: 'channel', channel: 'galleries' }));
      expect(readCard(await linking.say('link this channel to the Art Galleries Committee', clerk, 'channel', 'galleries'))).toMatch(
        /Channel linked/,
      );
      await linking.stop();
      connector.clear();

      fake.set('GetMeeting:5001', fixture('galleries/GetMeeting-5001-moved.xml'));
      const synced = await run(env);
      expect(synced.code).toBe(0);
      expect(synced.stdout).toMatch(
        /Art Galleries Committee: 1 updated, 1 unchanged\.\n[\s\S]*\n1 alert waiting for the bot: posted when it next starts\.\n$/,
      );
      expect(connector.sentTo(channelId)).toEqual([]);

      // Stopping waits for the alerts the bot started with, so what it posted is all there.
      await (await startBot()).stop();
      const posted = connector.sentTo(channelId);
      expect(posted).toHaveLength(1);
      expect(cardText(checkedCardOf(posted))).toMatch(/Art Galleries Committee[\s\S]*Tuesday 3 March 2026, 6\.30 pm/);
      expect(storeOnDisk(storePath).pendingAlerts).toEqual([]);

      connector.clear();
      await (await startBot()).stop();
      expect(connector.sentTo(channelId)).toEqual([]);
      expect(storeOnDisk(storePath).alertSends).toHaveLength(1);
    } finally {
      await connector.stop();
    }
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
