import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { cardElements, cardText } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, type TestBot } from './helpers/testBot';

/**
 * Minutes and decisions over HTTP with the fake connector, the clock pinned to Tuesday
 * 5 September 2023, 9 am in London. The store holds the minutes of 15 June 2023 (minutes 31 to
 * 41, in the agenda pack for 12 September, pages 5-12): minute 36 is the fees and charges review
 * (ACTION 2), minute 38 children's social care performance (292 looked after children, foster
 * carer recruitment, ACTIONs 3 and 4), minute 39 the education report (Home to School Transport).
 * Nothing in them is about potholes or libraries.
 */
const member = buildUser('Qaisar Abbas');

type Button = { title: string; data: Record<string, unknown> };
const buttons = (card: Record<string, unknown>) => cardElements(card, 'Action.Submit') as unknown as Button[];
const SOURCE = /agenda-pack-childrens-os-committee-2023-09-12\.txt[\s\S]*pages 5-12/;

describe('minutes and decisions on 5 September 2023', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each([
    // a meeting's minutes
    ['show me the minutes of the June meeting', /Minutes of Thursday 15 June 2023[\s\S]*Minute 31: Minutes/],
    ['minutes from 15 June', /Minutes of Thursday 15 June 2023[\s\S]*6 members present/],
    ['June minutes please', /Minute 34: Terms of Reference/],
    ['minutes of the last meeting', /Minutes of Thursday 15 June 2023/],
    [
      'what was decided at the June meeting',
      /Minute 36: Fees and Charges Review 2023\/24[\s\S]*Resolved[\s\S]*1\.1 That Children's Overview and Scrutiny Committee note/,
    ],
    ['decisions from the last meeting', /Minutes of Thursday 15 June 2023/],
    ['what happened at the June meeting', /Youth Wellbeing Day/],
    ['can I see the minutes', /Minutes of Thursday 15 June 2023/],
    ['what did we agree in June', /Minute 31: Minutes[\s\S]*approved as a true and correct record/],
    ['what resolutions were made at the last meeting', /Minute 35: Youth Cabinet Update/],
    // a minute by number
    ['show minute 38', /Minute 38: Children's Social Care Performance - Quarter 4 2022-23[\s\S]*292 looked after children[\s\S]*ACTION 3/],
    ['minute number 36', /Minute 36[\s\S]*Actions arising[\s\S]*ACTION 2/],
    ['what does minute 37 say', /Minute 37: Items Raised by Thurrock Local Safeguarding Children Partnership[\s\S]*Walk Online Roadshow/],
    ['minute 41', /Minute 41: Work Programme/],
    ['what was resolved under minute 40', /Minute 40[\s\S]*statutory duties as set out are being met/],
    // by subject
    ['what did the committee decide on fostering?', /Minutes about "fostering"[\s\S]*Minute 38[\s\S]*foster carer recruitment/],
    ['what was agreed about fees and charges', /Minutes about "fees charges"[\s\S]*Minute 36/],
    ['decisions on the youth cabinet', /Minute 35: Youth Cabinet Update/],
    ['what was resolved about the terms of reference', /Minute 34: Terms of Reference[\s\S]*co-opted members/],
    ['any decisions about social workers', /Minute 38[\s\S]*social worker recruitment/],
    ['what was decided about grangewaters', /Minute 36[\s\S]*Grangewaters/],
    [
      'what did they decide on home to school transport',
      /Minute 39: Statutory Duties Report - Education[\s\S]*Home to School Transport overspend/,
    ],
  ] as [string, RegExp][])('When a member asks "%s", then the card shows it from the minutes with their source', async (question, fact) => {
    const text = readCard(await t.say(question, member));
    expect(text).toMatch(fact);
    expect(text).toMatch(SOURCE);
  });

  test.each([
    ['what was decided about potholes', /The minutes I hold record nothing about "potholes"/],
    ['what did the committee resolve on libraries', /record nothing about "libraries"/],
    ['minute 99', /I don't hold a minute 99/],
    ['minutes of the meeting in March 2022', /I don't hold a meeting for March 2022/],
    ['minutes of the next meeting', /Tuesday 12 September 2023 has not happened yet, so it has no minutes/],
  ] as [string, RegExp][])(
    'When asked "%s", which the minutes do not hold, then it says so and offers the minutes it holds',
    async (question, honest) => {
      const card = checkedCardOf(await t.say(question, member));
      const text = cardText(card, { dropJoiners: true });
      expect(text).toMatch(honest);
      expect(text).toMatch(/The minutes I hold: Thursday 15 June 2023 \(minutes 31 to 41\)/);
      expect(text).not.toMatch(/Resolved|Minute 3\d:/);
      expect(buttons(card).map((b) => b.title)).toContain('Minutes of Thursday 15 June 2023');
    },
  );

  test('When the June minutes are paged with "Show more", then every minute from 31 to 41 is shown exactly once', async () => {
    let card = checkedCardOf(await t.say('minutes of the June meeting', member));
    const seen: string[] = [];
    for (let pages = 0; pages < 10; pages += 1) {
      seen.push(...[...cardText(card, { dropJoiners: true }).matchAll(/Minute (\d+):/g)].map((m) => m[1]!));
      const more = buttons(card).find((b) => b.title.startsWith('Show more'));
      if (!more) break;
      card = checkedCardOf(await t.submit(more.data, member));
    }
    expect(seen).toEqual(['31', '32', '33', '34', '35', '36', '37', '38', '39', '40', '41']);
  });
});

describe('minutes of a restricted item, and minutes too big for one card', () => {
  let t: TestBot;
  const SECRET = 'The preferred bidder was Acme Care Ltd at £2.1 million';
  beforeAll(async () => {
    const data = storeFromSeed(loadSeed());
    const june = data.meetings.find((m) => m.id === 'childrens-os-2023-06-15')!;
    june.agendaItems.push({
      number: '13',
      title: 'Residential Placements Contract Award',
      pages: { from: 80, to: 90 },
      leadOfficer: null,
      restricted: true,
      exemptParagraph: '3',
    });
    const minutes = data.minutes.find((m) => m.meetingId === june.id)!;
    minutes.items.push({
      minuteNumber: '42',
      title: 'Residential Placements Contract Award',
      summary: `${SECRET}. Fostering placements were discussed.`,
      resolutions: [`${SECRET}: approved.`],
    });
    for (let i = 43; i <= 70; i += 1) {
      minutes.items.push({
        minuteNumber: String(i),
        title: `Long minute ${i}`,
        summary: `Summary ${i} ${'with a great deal of discussion recorded at length '.repeat(60)}`,
        resolutions: Array.from(
          { length: 12 },
          (_, r) => `${r + 1}. That the committee ${'notes the report and its appendices in full '.repeat(20)}`,
        ),
      });
    }
    t = await startTestBot({ data });
  });
  afterAll(async () => {
    await t.stop();
  });

  test('When minute 42, a restricted item, is asked for, then its number and title show with the restricted note and none of its content', async () => {
    const text = readCard(await t.say('minute 42', member));
    expect(text).toMatch(/Minute 42: Residential Placements Contract Award/);
    expect(text).toMatch(/Restricted: not for publication/);
    expect(text).not.toMatch(/Acme|preferred bidder|£2\.1 million/);
  });

  test('When the subject matches words only in a restricted minute, then nothing of it is shown', async () => {
    const text = readCard(await t.say('what was decided about the preferred bidder', member));
    expect(text).not.toMatch(/Acme|£2\.1 million|Minute 42/);
    expect(text).toMatch(/record nothing about "preferred bidder"/);
  });

  test('When all the June minutes are paged, then each card is valid, under 28 KB, and the restricted minute never shows its content', async () => {
    let card = checkedCardOf(await t.say('minutes of the June meeting', member));
    const seen: string[] = [];
    for (let pages = 0; pages < 60; pages += 1) {
      const text = cardText(card, { dropJoiners: true });
      expect(text).not.toMatch(/Acme|preferred bidder/);
      expect(JSON.stringify(card)).not.toMatch(/Acme/);
      seen.push(...[...text.matchAll(/Minute (\d+):/g)].map((m) => m[1]!));
      const more = buttons(card).find((b) => b.title.startsWith('Show more'));
      if (!more) break;
      card = checkedCardOf(await t.submit(more.data, member));
    }
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => String(31 + i)));
  });
});
