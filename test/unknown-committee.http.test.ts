import { buildUser } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * A committee the store does not hold (the seed holds only the Children's Services Overview and
 * Scrutiny Committee) never gets an answer about another one: nothing is recorded, the answer
 * says plainly it is not held, and offers the committee held, with its next meeting, as a button.
 * Clock: Tuesday 5 September 2023, 9 am.
 */
const abbas = buildUser('Qaisar Abbas');
const clerk = buildUser('Rhiannon Whiteley');
const HELD = "Children's Services Overview and Scrutiny Committee";

function records(t: TestBot) {
  const { apologies, declarations, meetings, audit } = storedData(t);
  return { apologies, declarations, meetings, auditEntries: audit.length };
}

describe('a committee the store does not hold', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test.each([
    ['when is the Cabinet meeting?', 'Cabinet', abbas],
    ['agenda for the Cabinet meeting', 'Cabinet', abbas],
    ['send my apologies for the Cabinet meeting', 'Cabinet', abbas],
    ['withdraw my apologies for the Cabinet meeting', 'Cabinet', abbas],
    ['declare an interest in item 6 at Planning Committee', 'Planning Committee', abbas],
    ['withdraw my declaration for item 8 at the planning committee', 'Planning Committee', abbas],
    ['who has sent apologies for the Licensing Committee', 'Licensing Committee', clerk],
    ['who is on the Planning Committee?', 'Planning Committee', abbas],
    ['when does Full Council meet next', 'Full Council', abbas],
    ['send my apologies for the Housing Overview and Scrutiny Committee', 'Housing Overview and Scrutiny Committee', abbas],
    ['when is the housing overview and scrutiny committee', 'Housing Overview and Scrutiny Committee', abbas],
    ['agenda for the Health and Wellbeing Overview and Scrutiny Committee', 'Health and Wellbeing Overview and Scrutiny Committee', abbas],
  ])(
    'When someone asks "%s", then nothing is recorded and the answer says %s is not held and offers the committee held',
    async (question, named, who) => {
      await t.say('hello', who);
      const before = records(t);
      const sent = await t.say(question, who);
      expect(records(t)).toEqual(before);
      const card = checkedCardOf(sent);
      const reply = readCard(sent);
      expect(reply).toContain(`I do not hold the meetings or papers of ${named}`);
      expect(reply).not.toMatch(/Apologies sent|Declaration recorded|Youth Cabinet Update|Councillor Elizabeth Rigby/);
      const buttons = cardElements(card, 'Action.Submit');
      expect(buttons).toHaveLength(1);
      expect(buttons[0]!.title).toBe(`${HELD}: Tuesday 12 September 2023, 7.00 pm`);
    },
  );

  test('When the button offered for "when is the Cabinet meeting?" is used, then it answers for the committee held', async () => {
    const card = checkedCardOf(await t.say('when is the Cabinet meeting?', abbas));
    const button = cardElements(card, 'Action.Submit')[0]!;
    const asked = ((button.data as Record<string, unknown>).msteams as Record<string, unknown>).value as string;
    expect(asked).toBe(`when is the ${HELD} meeting?`);
    const reply = readCard(await t.say(asked, abbas));
    expect(reply).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
  });

  test('When a question names the Youth Cabinet (an agenda item) or the committee held, then it is answered as before', async () => {
    expect(readCard(await t.say('agenda for the next meeting', abbas))).toMatch(/Youth Cabinet Update/);
    expect(readCard(await t.say("when is the next children's O&S committee", abbas))).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
    expect(readCard(await t.say('what is the Youth Cabinet update about', abbas))).not.toMatch(/I do not hold/);
    expect(readCard(await t.say("send my apologies for the Children's Services Overview and Scrutiny Committee", abbas))).toMatch(
      /Apologies sent/,
    );
    expect(readCard(await t.say('when is the next overview and scrutiny committee', abbas))).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
  });

  test("When a declaration's reason names another body, then the declaration is still taken", async () => {
    const reply = readCard(await t.say('declare an interest in item 6, I sit on the Academy Trust finance committee', abbas));
    expect(reply).not.toMatch(/I do not hold/);
  });
});
