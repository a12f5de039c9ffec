import { buildUser, type TeamsUser } from './helpers/activities';
import { cardElements, cardText } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * A date, month or year that matches no meeting the bot holds (or names no real day) is never
 * stood in for by another meeting: nothing is recorded or changed, the answer says what could not
 * be matched, and the meetings ahead are offered as buttons. Clock: Tuesday 5 September 2023, 9 am.
 * The seed's meetings ahead: 12 September, 16 November (time to be confirmed), 16 January, 12 March.
 */
const abbas = buildUser('Qaisar Abbas');
const clerk = buildUser('Rhiannon Whiteley');
const SEPT = 'childrens-os-2023-09-12';

const UNMATCHED: [string, string][] = [
  ['31 February', '31 February'],
  ['30 February', '30 February'],
  ['32 March', '32 March'],
  ['the meeting in 1999', '1999'],
  ['the meeting in 2031', '2031'],
  ['October', 'October'],
  ['14 October', '14 October'],
];

function buttonsOf(card: Record<string, unknown>): { title: string; value: string }[] {
  return cardElements(card, 'Action.Submit').map((a) => ({
    title: String(a.title),
    value: String(((a.data as Record<string, unknown>).msteams as Record<string, unknown>).value),
  }));
}

/** The records a message could change, and how many audit entries there are. */
function records(t: TestBot) {
  const { apologies, declarations, meetings, audit } = storedData(t);
  return { apologies, declarations, meetings, auditEntries: audit.length };
}

/**
 * Sends `text` (after a first hello, which links the Teams account), checks nothing was recorded
 * or changed, and returns what the user reads and the buttons offered.
 */
async function sayUnchanged(
  t: TestBot,
  text: string,
  who: TeamsUser,
): Promise<{ reply: string; buttons: { title: string; value: string }[] }> {
  await t.say('hello', who);
  const before = records(t);
  const sent = await t.say(text, who);
  expect(records(t)).toEqual(before);
  return { reply: readCard(sent), buttons: buttonsOf(checkedCardOf(sent)) };
}

function expectUpcomingOffered(buttons: { title: string; value: string }[]) {
  const titles = buttons.map((b) => b.title);
  expect(titles).toEqual(expect.arrayContaining(['Tuesday 12 September 2023, 7.00 pm', 'Thursday 16 November 2023, time to be confirmed']));
  expect(titles.some((title) => /12\.00 am/.test(title))).toBe(false);
}

describe('a date that matches no meeting', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test.each(UNMATCHED)(
    'When a councillor sends apologies for %s, then nothing is recorded, the answer names "%s" and the meetings ahead are buttons',
    async (words, named) => {
      const { reply, buttons } = await sayUnchanged(t, `send my apologies for ${words}`, abbas);
      expect(reply).toContain(named);
      expect(reply).toMatch(/Nothing has been recorded/);
      expect(reply).not.toMatch(/Apologies sent/);
      expectUpcomingOffered(buttons);
      expect(buttons[0]!.value).toBe('send my apologies for 12 September 2023');
    },
  );

  test('When a button offered for an unmatched date is used, then apologies are recorded for that meeting', async () => {
    const { buttons } = await sayUnchanged(t, 'send apologies for 31 February', abbas);
    expect(readCard(await t.say(buttons[0]!.value, abbas))).toMatch(/Apologies sent/);
    expect(storedData(t).apologies).toEqual([expect.objectContaining({ meetingId: SEPT, personId: 'qaisar-abbas', status: 'sent' })]);
  });

  test.each(UNMATCHED)(
    'When a councillor with apologies recorded withdraws them for %s, then the apologies stay as they were',
    async (words, named) => {
      await t.say('send my apologies for the next meeting', abbas);
      const { reply, buttons } = await sayUnchanged(t, `withdraw my apologies for ${words}`, abbas);
      expect(reply).toContain(named);
      expect(reply).not.toMatch(/Apologies withdrawn/);
      expectUpcomingOffered(buttons);
      expect(storedData(t).apologies[0]!.status).toBe('sent');
    },
  );

  test.each(UNMATCHED)(
    'When a councillor declares an interest in item 6 for %s, then nothing is recorded and the meetings ahead are offered',
    async (words, named) => {
      const { reply, buttons } = await sayUnchanged(t, `declare an interest in item 6 for ${words}`, abbas);
      expect(reply).toContain(named);
      expect(reply).toMatch(/Nothing has been recorded/);
      expectUpcomingOffered(buttons);
      expect(buttons[0]!.value).toMatch(/12 September 2023/);
    },
  );

  test.each(UNMATCHED)(
    'When a councillor with a declaration withdraws it for %s, then the declaration stays as it was',
    async (words, named) => {
      await t.submit(
        {
          verb: 'declaration.submit',
          meetingId: SEPT,
          itemNumber: '8',
          kind: 'other-registrable',
          nature: 'I am a governor',
          onRegister: 'true',
        },
        abbas,
      );
      expect(storedData(t).declarations).toHaveLength(1);
      const { reply, buttons } = await sayUnchanged(t, `withdraw my declaration for item 8 for ${words}`, abbas);
      expect(reply).toContain(named);
      expect(reply).not.toMatch(/Declaration withdrawn/);
      expectUpcomingOffered(buttons);
    },
  );

  test.each(UNMATCHED)("When the clerk asks who has sent apologies for %s, then no other meeting's list is shown", async (words, named) => {
    await t.say('send my apologies for the next meeting', abbas);
    const { reply, buttons } = await sayUnchanged(t, `who has sent apologies for ${words}`, clerk);
    expect(reply).toContain(named);
    expect(reply).not.toMatch(/Qaisar Abbas/);
    expectUpcomingOffered(buttons);
  });

  test.each([
    ['is there a meeting on 31 February', '31 February'],
    ['agenda for 32 March', '32 March'],
  ])('When someone asks "%s", then no other meeting is shown in its place', async (question, named) => {
    const { reply, buttons } = await sayUnchanged(t, question, abbas);
    expect(reply).toContain(`There is no such date as ${named}`);
    expect(reply).not.toMatch(/Youth Cabinet Update/);
    expectUpcomingOffered(buttons);
  });

  test.each([
    ['is there a meeting in 1999', 'in 1999'],
    ['is there a meeting in October', 'in October 2023'],
    ['is there a meeting on 14 October', 'on Saturday 14 October 2023'],
  ])(
    'When someone asks "%s", then the answer only says there is none and offers the meetings ahead as buttons',
    async (question, named) => {
      const sent = await t.say(question, abbas);
      const card = checkedCardOf(sent);
      const buttons = buttonsOf(card);
      const body = cardText(card.body, { dropJoiners: true });
      expect(body).toContain(`There is no meeting of the Children's Services Overview and Scrutiny Committee ${named}.`);
      expect(body).not.toMatch(/Next meeting|The next meeting|Tuesday 12 September 2023|Youth Cabinet Update|Agenda/);
      expectUpcomingOffered(buttons);
      expect(buttons[0]!.value).toBe('Is there a meeting on 12 September 2023?');
      expect(readCard(await t.say(buttons[0]!.value, abbas))).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
    },
  );
});

describe("a clerk's command whose date matches no meeting", () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test.each([
    ['move the 31 February meeting to 23 November at 6.30pm', '31 February'],
    ['move the October meeting to 23 November at 6.30pm', 'October'],
    ['move the meeting in 1999 to 23 November at 6.30pm', '1999'],
    ['move the 14 October meeting to 23 November at 6.30pm', '14 October'],
    ['cancel the meeting on 31 February because there is no business', '31 February'],
    ['cancel the October meeting because there is no business', 'October'],
    ['cancel the meeting on 14 October because there is no business', '14 October'],
    ['cancel the meeting in 2031 because there is no business', '2031'],
    ['publish the agenda for 32 March', '32 March'],
    ['publish the agenda for October', 'October'],
    ['publish the agenda for 14 October', '14 October'],
    ['publish the agenda for 1999', '1999'],
    ['add agenda item 11 Budget monitoring for 31 February', '31 February'],
    ['add agenda item 11 Budget monitoring for the meeting in 1999', '1999'],
    ['add agenda item 11 Budget monitoring for 14 October', '14 October'],
    ['add agenda item 11 Budget monitoring for October', 'October'],
    ['minutes text for 31 February', '31 February'],
    ['minutes text for the meeting in 1999', '1999'],
  ])(
    'When the clerk types "%s", then nothing changes, the answer names "%s" and the meetings ahead are buttons',
    async (command, named) => {
      const { reply, buttons } = await sayUnchanged(t, command, clerk);
      expect(reply).toContain(named);
      expect(reply).not.toMatch(/Meeting moved|Meeting cancelled|Agenda published|Add this item|Cancel this meeting|Move this meeting/i);
      expectUpcomingOffered(buttons);
    },
  );

  test.each([
    ['add meeting on 31 February 2024 at 7pm in Committee Room 2', '31 February'],
    ['move the 16 November meeting to 31 February at 7pm', '31 February'],
  ])('When the clerk types "%s", then nothing is added or moved and the answer says there is no such date', async (command, named) => {
    const { reply } = await sayUnchanged(t, command, clerk);
    expect(reply).toContain(`There is no such date as ${named}`);
  });

  test('When the clerk names a month that has one meeting ahead, then the command acts on that meeting', async () => {
    const reply = readCard(await t.say('publish the agenda for November', clerk));
    expect(reply).toMatch(/Agenda published/);
    expect(storedData(t).meetings.find((m) => m.id === 'childrens-os-2023-11-16')!.agendaPublished).toBe('2023-09-05');
  });
});
