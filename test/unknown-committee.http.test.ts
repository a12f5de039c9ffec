import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { withCorporateParentingPanel } from './helpers/builders';
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
    // Boards, panels, forums, partnerships and councils, named where their meetings are meant.
    ['when is the planning board meeting', 'Planning Board', abbas],
    ['next meeting of the health and wellbeing board', 'Health and Wellbeing Board', abbas],
    ['when does the licensing panel meet', 'Licensing Panel', abbas],
    ['adoption panel meeting', 'Adoption Panel', abbas],
    ['papers for the Health and Wellbeing Board', 'Health and Wellbeing Board', abbas],
    ["what's on the Schools Forum agenda", 'Schools Forum', abbas],
    ['who sits on the fostering panel?', 'Fostering Panel', abbas],
    ['when does the community safety partnership meet next', 'Community Safety Partnership', abbas],
    ['when is the next council meeting', 'Council', abbas],
    ['minutes of the Corporate Parenting Sub-Committee', 'Corporate Parenting Sub-Committee', abbas],
    ['send my apologies for the adoption panel', 'Adoption Panel', abbas],
    ["I can't make tonight's planning board, I'm on leave", 'Planning Board', abbas],
    ['withdraw my apologies for the licensing panel', 'Licensing Panel', abbas],
    ['declare an interest in item 6 at the licensing panel', 'Licensing Panel', abbas],
    ['declare a pecuniary interest in item 7 at the Health and Wellbeing Board, I own a care home', 'Health and Wellbeing Board', abbas],
    ['withdraw my declaration on item 6 at the fostering panel', 'Fostering Panel', abbas],
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

  test.each([
    ['open actions presented to the board', /Open actions[\s\S]*ACTION 1/],
    ['actions for the Youth Crime Governance Board', /Open actions/],
    [
      'search Local Safeguarding Children Board',
      /Search: "local safeguarding children board"[\s\S]*Thurrock Local Safeguarding Children Partnership/,
    ],
    ['what is the Youth Cabinet update about', /Minute 35: Youth Cabinet Update/],
    ["how much is Thurrock Council's children's budget", /Children and Family Services/],
  ])('When "%s" names a board, panel or council only as a topic, then it is answered, not taken for a committee', async (q, fact) => {
    const reply = readCard(await t.say(q, abbas));
    expect(reply).not.toMatch(/I do not hold the meetings/);
    expect(reply).toMatch(fact);
  });

  test("When a declaration's reason names another body, then the declaration is still taken", async () => {
    const reply = readCard(await t.say('declare an interest in item 6, I sit on the Academy Trust finance committee', abbas));
    expect(reply).not.toMatch(/I do not hold/);
  });
});

describe('a panel the store holds', () => {
  test('When the store holds the Corporate Parenting Panel, then its meetings are answered, and an unheld panel still is not', async () => {
    const data = withCorporateParentingPanel(storeFromSeed(loadSeed()));
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00', data });
    try {
      const held = readCard(await t.say('when does the corporate parenting panel meet', abbas));
      expect(held).toMatch(/Corporate Parenting Panel[\s\S]*Tuesday 3 October 2023, 2\.00 pm/);
      const unheld = readCard(await t.say('when does the adoption panel meet', abbas));
      expect(unheld).toMatch(/I do not hold the meetings or papers of Adoption Panel/);
      expect(unheld).toMatch(/Corporate Parenting Panel: Tuesday 3 October 2023, 2\.00 pm/);
    } finally {
      await t.stop();
    }
  });
});
