import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { restrictedPlacementItem, RESTRICTED_SECRET } from './helpers/builders';
import { cardElements, cardText } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, type TestBot } from './helpers/testBot';

/**
 * Questions about an item's papers over HTTP with the fake connector, the clock pinned to
 * Tuesday 5 September 2023, 9 am in London. Facts are the seed's agenda of 12 September 2023
 * (data/meetings.json, from the agenda pack's front sheet and report front sheets): item 6 is the
 * 2022/23 Annual Complaints and Representations Report, pages 21 to 38, Lee Henley; item 8 is
 * Family Hubs and the Start for Life Programme Report, pages 39 to 46, Clare Moore.
 */
const member = buildUser('Qaisar Abbas');
const PACK = 'agenda-pack-childrens-os-committee-2023-09-12.txt';

type Button = { title: string; data: Record<string, unknown>; url?: string };

function buttons(card: Record<string, unknown>, type = 'Action.Submit'): Button[] {
  return cardElements(card, type) as unknown as Button[];
}

describe('papers questions on 5 September 2023', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each([
    ['show me the papers for item 6', /Item 6: 2022\/23 Annual Complaints[\s\S]*Pages 21 to 38[\s\S]*Lee Henley/],
    ['item 6 papers', /Pages 21 to 38 of the agenda pack/],
    ['which pages is item 8 on', /Item 8: Family Hubs[\s\S]*Pages 39 to 46/],
    ['what page is the complaints report on', /Complaints and Representations Report[\s\S]*Pages 21 to 38/],
    ['on which page is the family hubs report?', /Pages 39 to 46/],
    ['the family hubs report', /Clare Moore, Strategic Lead Youth Offending Service and Prevention/],
    ['report about start for life', /Item 8: Family Hubs and the Start for Life Programme Report/],
    ['where can I find the complaints report', /Lead officer: Lee Henley, Strategic Lead, Information Management/],
    [
      'documents on the safeguarding partnership',
      /Item 9: Items Raised by Thurrock Local Safeguarding Children Partnership[\s\S]*Pages 47 to 52/,
    ],
    ['papers for item 10 on 12 September', /Item 10: Work Programme[\s\S]*Pages 53 to 58/],
    ['report on youth cabinet', /Item 5: Youth Cabinet Update[\s\S]*Pages 13 to 20[\s\S]*Angela Surrey/],
    [
      'what page numbers is the fostering report',
      /Item 7: Fostering Recruitment - Verbal Update[\s\S]*Pages: not given in the papers I hold/,
    ],
  ] as [string, RegExp][])('When a member asks "%s", then the card shows the item from the agenda pack', async (question, fact) => {
    const text = readCard(await t.say(question, member));
    expect(text).toMatch(fact);
    expect(text).toMatch(/Meeting: Tuesday 12 September 2023, 7\.00 pm/);
    expect(text).toContain(`Source document: ${PACK}`);
  });

  test('When asked for an item the agenda does not have, then it says so and offers the items it holds', async () => {
    const card = checkedCardOf(await t.say('papers for item 14', member));
    const text = cardText(card, { dropJoiners: true });
    expect(text).toMatch(/The agenda of Tuesday 12 September 2023 has no item 14/);
    expect(text).not.toMatch(/Pages \d/);
    expect(buttons(card).map((b) => b.title)).toContain('6. 2022/23 Annual Complaints and Representations Report -…');
  });

  test('When asked for a report the agendas do not hold, then it says so and offers the items it holds', async () => {
    const card = checkedCardOf(await t.say('report on libraries', member));
    const text = cardText(card, { dropJoiners: true });
    expect(text).toMatch(/I don't hold a report about "libraries"/);
    expect(text).not.toMatch(/Pages \d/);
    expect(buttons(card).map((b) => b.title)).toContain('8. Family Hubs and the Start for Life Programme Report');
  });
});

describe('papers of a restricted item, and papers held at a web address', () => {
  let t: TestBot;
  beforeAll(async () => {
    const data = storeFromSeed(loadSeed());
    const meeting = data.meetings.find((m) => m.id === 'childrens-os-2023-09-12')!;
    meeting.source.document = 'https://democracy.example.gov.uk/documents/pack-2023-09-12.pdf';
    meeting.agendaItems.push(restrictedPlacementItem());
    t = await startTestBot({ data, now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each(['papers for item 11', 'report on residential placement contract', 'what page is the residential placement report on'])(
    'When a member asks "%s" about a restricted item, then only its title and the restricted note are shown',
    async (question) => {
      const card = checkedCardOf(await t.say(question, member));
      const text = cardText(card, { dropJoiners: true });
      expect(text).toMatch(/Item 11: Residential placement contract[\s\S]*Restricted: not for publication\./);
      expect(JSON.stringify(card)).not.toMatch(/Example Care|child AB|Jane Private|59|64/);
      expect(JSON.stringify(card)).not.toContain(RESTRICTED_SECRET);
      expect(buttons(card, 'Action.OpenUrl')).toEqual([]);
    },
  );

  test("When a restricted item's description is searched for, then it is never matched", async () => {
    const text = readCard(await t.say('report on example care placement costs', member));
    expect(text).toMatch(/I don't hold a report about/);
    expect(text).not.toMatch(/Residential placement contract/);
  });

  test('When the store holds the papers at a web address, then the card links to them', async () => {
    const card = checkedCardOf(await t.say('papers for item 6', member));
    expect(buttons(card, 'Action.OpenUrl').map((b) => b.url)).toEqual(['https://democracy.example.gov.uk/documents/pack-2023-09-12.pdf']);
  });
});

describe('sub-item numbers, as modern.gov numbers items', () => {
  let t: TestBot;
  beforeAll(async () => {
    // The 12 September agenda with sub-items 5.1 and 5.10 after item 5, as modern.gov numbers them.
    const data = storeFromSeed(loadSeed());
    const meeting = data.meetings.find((m) => m.id === 'childrens-os-2023-09-12')!;
    const five = meeting.agendaItems.findIndex((i) => i.number === '5');
    meeting.agendaItems.splice(
      five + 1,
      0,
      { number: '5.1', title: 'Kinship Care Policy', pages: { from: 14, to: 16 }, leadOfficer: 'Janet Simon', restricted: false },
      {
        number: '5.10',
        title: 'Virtual School Annual Report',
        pages: { from: 17, to: 20 },
        leadOfficer: 'Ann Headteacher',
        restricted: false,
      },
    );
    t = await startTestBot({ data, now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  const FIVE_TEN = /Item 5\.10: Virtual School Annual Report[\s\S]*Pages 17 to 20 of the agenda pack[\s\S]*Lead officer: Ann Headteacher/;
  const FIVE_ONE = /Item 5\.1: Kinship Care Policy[\s\S]*Pages 14 to 16 of the agenda pack[\s\S]*Lead officer: Janet Simon/;
  test.each([
    ['papers for item 5.10', FIVE_TEN, /Kinship|Youth Cabinet/],
    ['item 5.10', FIVE_TEN, /Kinship|Youth Cabinet/],
    ["what's item 5.10 about?", FIVE_TEN, /Kinship|Youth Cabinet/],
    ['pages for item 5.10 on 12 September', FIVE_TEN, /Kinship|Youth Cabinet/],
    ['which pages is item 5.1 on', FIVE_ONE, /Virtual School|Youth Cabinet/],
    ['show me item 5.1', FIVE_ONE, /Virtual School|Youth Cabinet/],
  ] as [string, RegExp, RegExp][])('When a member asks "%s", then that item and no other is shown', async (question, fact, other) => {
    const text = readCard(await t.say(question, member));
    expect(text).toMatch(fact);
    expect(text).toMatch(/Meeting: Tuesday 12 September 2023, 7\.00 pm/);
    expect(text).not.toMatch(other);
  });

  test('When the agenda item question names a sub-item, then the agenda shows that sub-item alone', async () => {
    const text = readCard(await t.say('what is agenda item 5.10 about', member));
    expect(text).toMatch(/5\.10\. Virtual School Annual Report/);
    expect(text).not.toMatch(/Kinship|Youth Cabinet/);
  });

  test.each([
    ['papers for item 5.2', '5.2'],
    ['papers for item 5.100', '5.100'],
    ['papers for item 6(a)', '6(a)'],
    ['what is item 14 about', '14'],
  ])(
    'When "%s" names an item the agenda lacks, then it says so plainly and offers the items it has, never another item',
    async (question, number) => {
      const card = checkedCardOf(await t.say(question, member));
      const text = cardText(card, { dropJoiners: true });
      expect(text).toContain(
        `The agenda of Tuesday 12 September 2023 has no item ${number}. The first 10 of the 12 items on the agenda of Tuesday 12 September 2023 are buttons below.`,
      );
      expect(text).not.toMatch(/Pages \d|Lead officer/);
      const offered = buttons(card);
      expect(offered.map((b) => b.title)).toEqual(
        expect.arrayContaining(['5.1. Kinship Care Policy', '5.10. Virtual School Annual Report']),
      );
      const agenda = offered.find((b) => b.title === 'Agenda for 12 September 2023');
      expect(agenda).toBeDefined();
      expect(readCard(await t.say((agenda!.data.msteams as { value: string }).value, member))).toMatch(
        /Youth Cabinet Update[\s\S]*Work Programme/,
      );
    },
  );
});
