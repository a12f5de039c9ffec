import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../../bot/clock';
import { loadConfig } from '../../bot/config';
import { createBot, type Bot, type BotOptions } from '../../bot/createBot';
import { createLogger } from '../../bot/logger';
import type { StoreData } from '../../bot/store/schema';
import { FakeConnector } from './fakeConnector';
import { buildMessage, buildSubmit, type ConversationKind, type TeamsUser } from './activities';
import { cardOf, cardText } from './cards';
import { cardProblems } from './validateCard';
import { storeOnDisk } from './storeOnDisk';
import { linkTestPeople } from './linkPeople';

/** Reading cards lives in ./cards, which capability tests use without starting the bot. */
export { cardOf, cardText } from './cards';

/**
 * Builds the real bot (the same createBot that `npm start` uses) on port 0 with a temporary
 * store and a fake Teams connector, and talks to it over HTTP the way Teams does.
 */
export interface TestBot {
  bot: Bot;
  url: string;
  connector: FakeConnector;
  clock: FixedClock;
  storePath: string;
  logs: string[];
  /** POSTs a raw body to /api/messages. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  /** Sends a message as `from` and returns the activities the bot sent back during the turn. */
  say(text: string, from: TeamsUser, kind?: ConversationKind, channel?: string): Promise<Record<string, unknown>[]>;
  /** Clicks a card button: posts its data as a message `value`. */
  submit(value: Record<string, unknown>, from: TeamsUser, kind?: ConversationKind): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export interface TestBotOptions {
  now?: string;
  storePath?: string;
  /** Start on this store's contents (written to a new temporary store) instead of the seed. */
  data?: StoreData;
  env?: Record<string, string>;
  connector?: FakeConnector;
  /** How long a clerk's reminder turn waits before answering "still sending" (ms). */
  reminderReplyWithinMs?: number;
  /**
   * Before the bot starts, link the people in the store to the object ids their test users
   * carry (see linkTestPeople), as an administrator's people:import would. Default: everyone;
   * `false`: nobody; `{ except }`: everyone but those person ids.
   */
  linkPeople?: boolean | { except: string[] };
  /** Timeout and pacing of requests to modern.gov (see BotOptions). */
  moderngovClient?: BotOptions['moderngovClient'];
  /** What the bot calls with the meeting changes a sync found (see BotOptions). */
  onMeetingChanges?: BotOptions['onMeetingChanges'];
}

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const connector = options.connector ?? new FakeConnector();
  if (!connector.url) await connector.start();
  const storePath = options.storePath ?? path.join(mkdtempSync(path.join(tmpdir(), 'committee-')), 'store.json');
  if (options.data) writeFileSync(storePath, JSON.stringify(options.data));
  const clock = new FixedClock(new Date(options.now ?? '2023-09-05T09:00:00+01:00'));
  const logs: string[] = [];
  let bot: Bot;
  try {
    const link = options.linkPeople ?? true;
    if (link !== false) await linkTestPeople(storePath, { except: link === true ? [] : link.except });
    const config = loadConfig({ PORT: '0', STORE_PATH: storePath, LOG_LEVEL: 'debug', ...options.env });
    bot = await createBot(config, {
      clock,
      logger: createLogger('debug', (l) => logs.push(l)),
      typingIndicator: false,
      reminderReplyWithinMs: options.reminderReplyWithinMs,
      moderngovClient: options.moderngovClient,
      onMeetingChanges: options.onMeetingChanges,
    });
  } catch (err) {
    // A bot that did not start leaves nothing running (the connector is ours to stop).
    if (!options.connector) await connector.stop();
    throw err;
  }
  const port = await bot.listen(0);
  const url = `http://127.0.0.1:${port}`;

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.text() };
  };

  const turn = async (activity: Record<string, unknown>) => {
    const before = connector.activities.length;
    const res = await post(activity);
    if (res.status >= 400) throw new Error(`bot answered ${res.status}: ${res.body}`);
    return connector.activities.slice(before).map((a) => a.activity);
  };

  return {
    bot,
    url,
    connector,
    clock,
    storePath,
    logs,
    post,
    say: (text, from, kind = 'personal', channel) => turn(buildMessage(text, { serviceUrl: connector.url, from, kind, channel })),
    submit: (value, from, kind = 'personal') => turn(buildSubmit(value, { serviceUrl: connector.url, from, kind })),
    stop: async () => {
      await bot.stop();
      if (!options.connector) await connector.stop();
    },
  };
}

/** What the bot has stored, read from its store file and checked against the schema. */
export function storedData(t: { storePath: string }): StoreData {
  return storeOnDisk(t.storePath);
}

/** The first card among `sent`, checked to be one Teams can show. */
export function checkedCardOf(sent: Record<string, unknown>[]): Record<string, unknown> {
  const card = cardOf(sent);
  expect(cardProblems(card)).toEqual([]);
  return card;
}

/** The text a user reads on the first card among `sent` (checked to be one Teams can show). */
export function readCard(sent: Record<string, unknown>[]): string {
  return cardText(checkedCardOf(sent), { dropJoiners: true });
}
