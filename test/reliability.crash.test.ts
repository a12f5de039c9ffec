import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { padWithArchivedActions } from './helpers/builders';
import { prng } from '../bench/generateStore';
import { loadSeed } from '../bot/store/seed';
import { Store, storeFromSeed } from '../bot/store/store';
import { readStoreFiles } from '../bot/store/storeFile';
import { buildSubmit, buildUser } from './helpers/activities';
import { FakeConnector } from './helpers/fakeConnector';
import { cardText } from './helpers/testBot';
import { linkTestPeople } from './helpers/linkPeople';

/**
 * Crash safety: the built bot (what `npm start` runs) is killed with SIGKILL at random moments
 * while apology submissions are in flight, then started again on the same store. After every
 * kill the store must load, and every submission the user saw confirmed ("Apologies sent" or
 * "updated" arrived at the connector) must be in it, once.
 *
 * Two chains run side by side, 10 kills each: a seed-sized store and a store of 768 KiB and
 * more (whose first write stores it in parts). Each kill
 * comes at a random moment (seeded; the seed is in any failure) after the bot has started
 * confirming writes, with six submissions always in flight. The large store's chain ends with
 * a clean start and SIGTERM, after which the store's files alone hold everything.
 * `npm test` builds dist/ with tsc before jest runs.
 */
const entry = path.join(__dirname, '..', 'dist', 'bot', 'index.js');
const NOW = '2023-09-05T09:00:00+01:00';
const MEETINGS = ['childrens-os-2023-09-12', 'childrens-os-2023-11-16', 'childrens-os-2024-01-16', 'childrens-os-2024-03-12'];
const MEMBERS = Array.from({ length: 50 }, (_, i) => ({
  id: `member-${i}`,
  name: `Member Number${i}`,
  title: 'Councillor',
  kind: 'member' as const,
}));
const PAIRS = MEMBERS.flatMap((m) => MEETINGS.map((meetingId) => ({ member: m, meetingId })));
const KILLS_PER_CHAIN = 10;
const WRITERS = 6;

function writeStore(large: boolean): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'crash-')), 'store.json');
  const data = storeFromSeed(loadSeed());
  data.people.push(...MEMBERS);
  data.committees[0]!.membership.push(...MEMBERS.map((m) => ({ personId: m.id, role: 'member' as const })));
  if (large) {
    // Completed actions from an old plan: a store that is written compactly and whose every
    // write takes real time.
    padWithArchivedActions(data, 768 * 1024);
  }
  writeFileSync(file, JSON.stringify(data));
  return file;
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startBot(storePath: string): Running {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', STORE_PATH: storePath, BOT_NOW: NOW, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function portOf(bot: Running, ms = 30_000): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    const match = /"port":(\d+)/.exec(bot.output());
    if (match) return Number(match[1]);
    if (bot.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the bot did not start:\n${bot.output()}`);
}

interface Submission {
  k: number;
  pair: number;
  reason: string;
  activityId: string;
}

/** Opens a copy of the store, as one whole document (so the next bot process starts from the original). */
async function openCopy(storePath: string): Promise<Store> {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), 'crash-check-')), 'store.json');
  writeFileSync(copy, JSON.stringify(readStoreFiles(storePath)));
  return Store.open(copy, { seed: loadSeed, clock: new FixedClock(new Date(NOW)) });
}

/** What is missing from the store: confirmed submissions not in it, pairs not as last written. */
function problemsIn(store: Store, confirmed: Submission[], sent: Submission[]): string[] {
  const problems: string[] = [];
  const { apologies, reasonsAudited } = store.read((d) => ({
    apologies: d.apologies.filter((a) => a.personId.startsWith('member-')),
    reasonsAudited: new Set(
      d.audit.filter((a) => a.recordType === 'apology').map((a) => (a.after as { reason?: string } | undefined)?.reason),
    ),
  }));
  const byPair = new Map<string, string | null>();
  for (const a of apologies) {
    const key = `${a.personId} ${a.meetingId}`;
    if (byPair.has(key)) problems.push(`two apologies for ${key}`);
    byPair.set(key, a.reason);
  }
  for (const s of confirmed) {
    if (!reasonsAudited.has(s.reason)) problems.push(`confirmed "${s.reason}" is not in the audit trail`);
  }
  // Each pair holds its last confirmed reason, or a later one that was in flight.
  const lastConfirmed = new Map<number, number>();
  for (const s of confirmed) lastConfirmed.set(s.pair, Math.max(lastConfirmed.get(s.pair) ?? -1, s.k));
  const reasonToK = new Map(sent.map((s) => [s.reason, s.k]));
  for (const [pairIndex, k] of lastConfirmed) {
    const pair = PAIRS[pairIndex]!;
    const stored = byPair.get(`${pair.member.id} ${pair.meetingId}`);
    const storedK = stored ? reasonToK.get(stored) : undefined;
    if (storedK === undefined || storedK < k)
      problems.push(`${pair.member.id} ${pair.meetingId} holds "${stored}", older than confirmed k=${k}`);
  }
  return problems;
}

async function crashChain(large: boolean, seed: number): Promise<{ confirmed: number; inFlightAtKills: number[] }> {
  const rnd = prng(seed); // seeded, so a failing run can be repeated with its seed
  const storePath = writeStore(large);
  await linkTestPeople(storePath, { now: NOW });
  const connector = new FakeConnector();
  await connector.start();
  const sent: Submission[] = [];
  const confirmed: Submission[] = [];
  const confirmedIds = new Set<string>();
  const inFlightAtKills: number[] = [];
  let k = 0;
  let bot: Running | null = null;
  try {
    for (let cycle = 1; cycle <= KILLS_PER_CHAIN; cycle += 1) {
      bot = startBot(storePath);
      const port = await portOf(bot);
      let stopped = false;
      let inFlight = 0;
      const writer = async () => {
        while (!stopped) {
          const s: Submission = { k, pair: k % PAIRS.length, reason: `chain ${seed} cycle ${cycle} write ${k}`, activityId: '' };
          k += 1;
          const pair = PAIRS[s.pair]!;
          const activity = buildSubmit(
            { verb: 'apologies.submit', meetingId: pair.meetingId, reason: s.reason },
            { serviceUrl: connector.url, from: buildUser(pair.member.name) },
          );
          s.activityId = activity.id as string;
          sent.push(s);
          inFlight += 1;
          try {
            await fetch(`http://127.0.0.1:${port}/api/messages`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify(activity),
            });
          } catch {
            return; // the bot was killed
          } finally {
            inFlight -= 1;
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, writer);
      // Once the bot is confirming writes, kill it at a random moment in the stream.
      const cycleStart = connector.activities.length;
      for (
        const deadline = Date.now() + 20_000;
        !connector.activities.slice(cycleStart).some((a) => /Apologies/.test(cardText(a.activity.attachments ?? [])));
      ) {
        if (Date.now() > deadline) throw new Error(`no write was confirmed in cycle ${cycle}:\n${bot.output()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, rnd() * 250));
      inFlightAtKills.push(inFlight);
      bot.child.kill('SIGKILL');
      await bot.exited;
      stopped = true;
      await Promise.all(writers);
      bot = null;

      // Confirmed = the user saw the confirmation card, whatever became of the HTTP response.
      const replies = new Map(connector.activities.map((a) => [a.replyToId, cardText(a.activity.attachments ?? [])]));
      for (const s of sent) {
        if (!confirmedIds.has(s.activityId) && /Apologies (sent|updated|sent again)/.test(replies.get(s.activityId) ?? '')) {
          confirmedIds.add(s.activityId);
          confirmed.push(s);
        }
      }
      const store = await openCopy(storePath);
      try {
        expect({ seed, large, cycle, problems: problemsIn(store, confirmed, sent) }).toEqual({ seed, large, cycle, problems: [] });
      } finally {
        await store.close();
      }
    }

    if (!large) return { confirmed: confirmed.length, inFlightAtKills };
    // A last clean start and stop: the store's files alone then hold everything.
    bot = startBot(storePath);
    const port = await portOf(bot);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    bot = null;
    const final = await Store.open(storePath, { seed: loadSeed, clock: new FixedClock(new Date(NOW)) });
    try {
      expect({ seed, large, problems: problemsIn(final, confirmed, sent) }).toEqual({ seed, large, problems: [] });
    } finally {
      await final.close();
    }
    return { confirmed: confirmed.length, inFlightAtKills };
  } finally {
    bot?.child.kill('SIGKILL');
    await connector.stop();
  }
}

test('When the bot is killed with SIGKILL 20 times while apologies are being written, then after each restart the store loads and holds every confirmed write', async () => {
  const seed = Date.now() % 1_000_000;
  const [small, large] = await Promise.all([crashChain(false, seed), crashChain(true, seed + 1)]);
  // Every kill landed with writes in flight, after writes had been confirmed in that run.
  expect([...small.inFlightAtKills, ...large.inFlightAtKills].filter((n) => n > 0)).toHaveLength(2 * KILLS_PER_CHAIN);
  expect(small.confirmed).toBeGreaterThanOrEqual(KILLS_PER_CHAIN);
  expect(large.confirmed).toBeGreaterThanOrEqual(KILLS_PER_CHAIN);
}, 180_000);
