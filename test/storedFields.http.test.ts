import { buildInstallationUpdate, buildMessage, buildUser } from './helpers/activities';
import { startTestBot, storedData, type TestBot } from './helpers/testBot';
import { errorMessage } from './helpers/json';

/**
 * What a sender controls never makes the store invalid: the activity fields the bot keeps
 * (sender's object id and name, tenant, team and channel names, conversation id) are checked
 * for type and length before the turn runs, and a kept conversation reference holds only the
 * fields Teams needs. The store opens again afterwards, as it was.
 */
const sender = buildUser('Dana Whitfield');

type Mutation = (activity: Record<string, unknown>) => void;
const set =
  (path: string, value: unknown): Mutation =>
  (activity) => {
    const keys = path.split('.');
    let here = activity;
    for (const key of keys.slice(0, -1)) here = here[key] as Record<string, unknown>;
    here[keys.at(-1)!] = value;
  };

const cases: [string, string, Mutation, RegExp][] = [
  ['a number as the object id', 'personal', set('from.aadObjectId', 12345), /from\.aadObjectId must be text/],
  ['an object as the object id', 'personal', set('from.aadObjectId', { id: 'x' }), /from\.aadObjectId must be text/],
  [
    'a 1,000-character object id',
    'personal',
    set('from.aadObjectId', 'a'.repeat(1000)),
    /from\.aadObjectId must be text of at most 64 characters/,
  ],
  ['a 10 KB display name', 'personal', set('from.name', 'N'.repeat(10 * 1024)), /from\.name must be text of at most 256/],
  ['a list as the display name', 'personal', set('from.name', ['Dana']), /from\.name must be text/],
  ['an object as the tenant id', 'personal', set('channelData.tenant.id', { evil: true }), /channelData\.tenant\.id must be text/],
  ['a number as the conversation tenant id', 'personal', set('conversation.tenantId', 7), /conversation\.tenantId must be text/],
  [
    'a 1,000-character team name',
    'channel',
    set('channelData.team.name', 'T'.repeat(1000)),
    /channelData\.team\.name must be text of at most 256/,
  ],
  ['a number as the channel name', 'channel', set('channelData.channel.name', 42), /channelData\.channel\.name must be text/],
  ['a list as channelData', 'channel', set('channelData', [1, 2]), /channelData must be an object/],
  [
    'a 10 KB conversation id',
    'personal',
    set('conversation.id', `a:${'c'.repeat(10 * 1024)}`),
    /conversation\.id must be text of at most 512/,
  ],
  ['an empty conversation id', 'personal', set('conversation.id', '  '), /conversation\.id must be text/],
  ['a string as the group flag', 'channel', set('conversation.isGroup', 'yes'), /conversation\.isGroup must be true or false/],
  ['a serviceUrl that is not a URL', 'personal', set('serviceUrl', 'not a url'), /serviceUrl must be an http or https URL/],
];

describe('stored fields of an activity', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each(cases)(
    'When an activity carries %s, then it is refused politely (400 naming the field), nothing is stored and nothing sent',
    async (_label, kind, mutate, message) => {
      const before = JSON.stringify(storedData(t));
      const inMemory = t.bot.store.read((d) => JSON.stringify(d));
      const sentBefore = t.connector.attemptLog.length;
      for (const activity of [
        buildMessage('help', { serviceUrl: t.connector.url, from: sender, kind: kind as 'personal' | 'channel' }),
        buildInstallationUpdate({ serviceUrl: t.connector.url, from: sender, kind: kind as 'personal' | 'channel' }),
      ]) {
        mutate(activity);
        const res = await t.post(activity);
        expect(res.status).toBe(400);
        expect(errorMessage(res.body)).toMatch(message);
        expect(res.body.length).toBeLessThan(200);
      }
      expect(t.connector.attemptLog.length).toBe(sentBefore);
      expect(JSON.stringify(storedData(t))).toBe(before);
      expect(t.bot.store.read((d) => JSON.stringify(d))).toBe(inMemory);
    },
  );

  test('When a sender adds fields of their own to from, recipient and conversation, then the bot answers and keeps none of them', async () => {
    const activity = buildInstallationUpdate({ serviceUrl: t.connector.url, from: sender, kind: 'channel', channel: 'extras' });
    (activity.from as Record<string, unknown>).junk = 'J'.repeat(100 * 1024);
    (activity.recipient as Record<string, unknown>) = { ...(activity.recipient as object), junk: { nested: ['x'] } };
    (activity.conversation as Record<string, unknown>).junk = 12;
    const res = await t.post(activity);
    expect(res.status).toBe(200);
    const kept = storedData(t).conversations.find((c) => c.id === (activity.conversation as { id: string }).id);
    expect(kept).toBeDefined();
    expect(JSON.stringify(kept)).not.toContain('junk');
    expect(kept!.reference).toMatchObject({
      serviceUrl: t.connector.url,
      user: { id: sender.id, name: sender.name },
      conversation: { id: (activity.conversation as { id: string }).id },
    });
  });
});

test('When an activity with a non-string object id arrives, then the store is untouched and the bot starts again on it', async () => {
  const first = await startTestBot();
  const storePath = first.storePath;
  try {
    const activity = buildMessage('help', { serviceUrl: first.connector.url, from: sender });
    (activity.from as Record<string, unknown>).aadObjectId = 12345;
    expect((await first.post(activity)).status).toBe(400);
    const install = buildInstallationUpdate({ serviceUrl: first.connector.url, from: sender });
    (install.from as Record<string, unknown>).aadObjectId = { forged: true };
    expect((await first.post(install)).status).toBe(400);
  } finally {
    await first.stop();
  }
  const again = await startTestBot({ storePath });
  try {
    expect((await fetch(`${again.url}/health`)).status).toBe(200);
    expect(await again.say('help', sender)).toHaveLength(1);
  } finally {
    await again.stop();
  }
});
