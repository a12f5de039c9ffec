import { INTENT_TABLE, SUBMITS } from '../bot/features/catalogue';
import type { StoreData } from '../bot/store/schema';
import { emptySeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildInstall, buildUser, type ConversationKind, type TeamsUser } from './helpers/activities';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * A council that starts without a seed (SEED_DIR=none): the store holds the council's name and
 * no committee, meeting, person or figure until the sync fills it. The bot must start, answer
 * /health, and answer every question and card button politely, recording nothing.
 */
const COUNCIL = 'Example Borough Council';
const NO_COMMITTEES = 'No committees are set up yet';

/** What a user can record, whatever the turn: none of it may appear on an empty council. */
function recorded(data: StoreData) {
  const { apologies, declarations, meetings, committees, actions, reminderSchedules, reminderSends } = data;
  return { apologies, declarations, meetings, committees, actions, reminderSchedules, reminderSends };
}

const nothingRecorded = {
  apologies: [],
  declarations: [],
  meetings: [],
  committees: [],
  actions: [],
  reminderSchedules: [],
  reminderSends: [],
};

/** Every example phrasing of every question and command, with whether it is about a committee. */
const EXAMPLES = INTENT_TABLE.flatMap((d) => d.examples.map((text) => ({ intent: d.intent, text, aboutCommittee: d.aboutCommittee })));

/** Card data that names records the store does not hold, with every field a button could carry. */
const BUTTON_DATA = {
  meetingId: 'meeting-that-is-not-held',
  committeeId: 'committee-that-is-not-held',
  requestId: 'request-that-is-not-held',
  declarationId: 'declaration-that-is-not-held',
  date: '2030-01-15',
  time: '19:00',
  venue: 'Committee Room 1',
  offset: 0,
  query: 'fostering',
  number: '6',
  title: 'Budget monitoring',
  restricted: false,
  seal: 'not-a-seal',
  reason: 'On leave',
  kind: 'other-registrable',
  nature: 'My spouse works for the provider',
  list: 'apologies',
};

function expectPoliteAnswers(t: TestBot, answers: { asked: string; sent: Record<string, unknown>[] }[]): string[] {
  const texts: string[] = [];
  for (const { asked, sent } of answers) {
    // The answer is the turn's last card (a name claim is answered first), one Teams can show;
    // never the apology for a failed turn.
    const text = readCard(sent.slice(-1));
    expect({ asked, text }).not.toEqual({ asked, text: expect.stringMatching(/went wrong/i) as unknown });
    texts.push(text);
  }
  expect(t.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  return texts;
}

describe('a council started with SEED_DIR=none', () => {
  let t: TestBot;
  afterEach(async () => {
    await t?.stop();
  });

  test('When the bot starts with SEED_DIR=none and COUNCIL_NAME, then it answers /health and its new store holds the council and nothing else', async () => {
    t = await startTestBot({ env: { SEED_DIR: 'none', COUNCIL_NAME: COUNCIL }, linkPeople: false });
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const data = storedData(t);
    expect(data.council).toEqual({ name: COUNCIL, timeZone: 'Europe/London' });
    expect({
      people: data.people,
      committees: data.committees,
      meetings: data.meetings,
      minutes: data.minutes,
      actions: data.actions,
      indicators: data.indicators,
      workProgramme: data.workProgramme,
      budget: data.budget,
      audit: data.audit,
    }).toEqual({
      people: [],
      committees: [],
      meetings: [],
      minutes: [],
      actions: [],
      indicators: [],
      workProgramme: [],
      budget: [],
      audit: [],
    });
  });

  test('When a guest asks every example question on an empty council, then each gets a card, questions about a committee say none is set up, and nothing is recorded', async () => {
    t = await startTestBot({ env: { SEED_DIR: 'none', COUNCIL_NAME: COUNCIL }, linkPeople: false });
    const guest = buildUser('Sam Newcomer');
    const answers = [];
    for (const example of EXAMPLES) answers.push({ asked: example.text, sent: await t.say(example.text, guest) });
    const texts = expectPoliteAnswers(t, answers);
    EXAMPLES.forEach((example, i) => {
      if (example.aboutCommittee)
        expect({ asked: example.text, text: texts[i] }).toEqual({
          asked: example.text,
          text: expect.stringContaining(NO_COMMITTEES) as unknown,
        });
    });
    expect(texts.find((text, i) => EXAMPLES[i]!.intent === 'nextMeeting')).toContain(`I do not hold any of ${COUNCIL}'s committees yet`);
    expect(recorded(storedData(t))).toEqual(nothingRecorded);
  });

  describe('with people but no committee yet', () => {
    const data = storeFromSeed(emptySeed(COUNCIL));
    data.people.push(
      { id: 'dana-clerk', name: 'Dana Clerk', kind: 'clerk', jobTitle: 'Democratic Services Officer' },
      { id: 'chris-member', name: 'Chris Member', title: 'Councillor', kind: 'member' },
      { id: 'pat-unlinked', name: 'Pat Unlinked', title: 'Councillor', kind: 'member' },
    );
    const clerk = buildUser('Dana Clerk');
    const member = buildUser('Chris Member');
    const claimant = buildUser('Pat Unlinked', { aadObjectId: 'aad-someone-else' });

    beforeEach(async () => {
      t = await startTestBot({ data, linkPeople: { except: ['pat-unlinked'] } });
    });

    test.each<[string, TeamsUser, ConversationKind]>([
      ['a clerk in personal chat', clerk, 'personal'],
      ['a clerk in a channel', clerk, 'channel'],
      ['a member in a group chat', member, 'groupChat'],
      ['someone claiming an unlinked name', claimant, 'personal'],
    ])(
      'When %s asks every example question, then each gets a card, questions about a committee say none is set up, and nothing is recorded',
      async (_who, user, kind) => {
        const answers = [];
        for (const example of EXAMPLES) answers.push({ asked: example.text, sent: await t.say(example.text, user, kind) });
        const texts = expectPoliteAnswers(t, answers);
        EXAMPLES.forEach((example, i) => {
          if (example.aboutCommittee)
            expect({ asked: example.text, text: texts[i] }).toEqual({
              asked: example.text,
              text: expect.stringContaining(NO_COMMITTEES) as unknown,
            });
        });
        expect(recorded(storedData(t))).toEqual(nothingRecorded);
      },
    );

    test('When a clerk asks for agenda deadlines or to link the channel, then the answer says no committee is set up', async () => {
      for (const [text, kind] of [
        ['agenda deadlines', 'personal'],
        ['link this channel to the committee', 'channel'],
        ["link this channel to the Children's Services Overview and Scrutiny Committee", 'channel'],
      ] as const) {
        const sent = await t.say(text, clerk, kind);
        expect(readCard(sent)).toContain(NO_COMMITTEES);
      }
      expect(recorded(storedData(t))).toEqual(nothingRecorded);
      expect(storedData(t).conversations.every((c) => c.committeeId === null)).toBe(true);
    });

    test('When every card button is pressed with data naming records not held, then each gets a polite card and nothing is recorded', async () => {
      const answers = [];
      for (const verb of SUBMITS.keys()) {
        for (const user of [clerk, member]) answers.push({ asked: verb, sent: await t.submit({ verb, ...BUTTON_DATA }, user) });
      }
      expect(answers.length).toBeGreaterThan(20);
      expectPoliteAnswers(t, answers);
      expect(recorded(storedData(t))).toEqual(nothingRecorded);
    });

    test('When the bot is installed in a channel, then it sends its welcome card', async () => {
      const before = t.connector.activities.length;
      const res = await t.post(buildInstall({ serviceUrl: t.connector.url, from: clerk, kind: 'channel' }));
      expect(res.status).toBeLessThan(300);
      const sent = t.connector.activities.slice(before).map((a) => a.activity);
      expect(readCard(sent)).toMatch(/\S/);
      checkedCardOf(sent);
      expect(t.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
    });
  });
});
