import { INTENT_TABLE } from '../bot/features/catalogue';
import { buildUser, type TeamsUser } from './helpers/activities';
import { readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * What a definition's `audience` promises, checked over HTTP for every definition: whoever is not
 * in the audience is refused politely and nothing is recorded. A new clerks' command or members'
 * request is covered here as soon as it is defined.
 */
const clerk = buildUser('Rhiannon Whiteley');
const councillor = buildUser('Qaisar Abbas');
const stranger = buildUser('Nobody We Know');
const CHANNEL = 'childrens-os';

const forAudience = (audience: string) =>
  INTENT_TABLE.filter((d) => d.audience === audience).map((d) => [d.intent, d.examples[0]!] as const);

describe('who may use each question or command', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    expect(readCard(await t.say("link this channel to the children's services O&S", clerk, 'channel', CHANNEL))).toMatch(/Channel linked/);
    // A first message links a member's Teams account (audited); that is not what is checked here.
    for (const user of [councillor, stranger])
      expect(readCard(await t.say('help', user, 'channel', CHANNEL))).toMatch(/What I can help with/);
  });
  afterAll(async () => {
    await t.stop();
  });

  async function tries(text: string, from: TeamsUser) {
    const before = storedData(t).audit.length;
    const reply = readCard(await t.say(text, from, 'channel', CHANNEL));
    return { reply, recorded: storedData(t).audit.length - before };
  }

  test('When the definitions are read, then there are clerks-only commands and members-only requests to check', () => {
    expect(forAudience('clerk').length).toBeGreaterThan(10);
    expect(forAudience('member').length).toBeGreaterThanOrEqual(4);
  });

  test.each(forAudience('clerk'))(
    'When a councillor who is not a clerk asks %s (%p), then they are told it is for clerks and nothing is recorded',
    async (_intent, example) => {
      const { reply, recorded } = await tries(example, councillor);
      expect(reply).toMatch(/Only a clerk can do that|For clerks/);
      expect(recorded).toBe(0);
    },
  );

  test.each(forAudience('member'))(
    'When someone the bot does not know asks %s (%p), then they are told who can help and nothing is recorded',
    async (_intent, example) => {
      const { reply, recorded } = await tries(example, stranger);
      expect(reply).toMatch(/I do not know who you are yet/);
      expect(recorded).toBe(0);
    },
  );
});
