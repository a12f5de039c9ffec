import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { cardElements, cardText } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, type TestBot } from './helpers/testBot';

/**
 * Search over HTTP with the fake connector, the clock pinned to Tuesday 5 September 2023, 9 am
 * in London. Facts are the seed's: the 12 September agenda (item 7 Fostering Recruitment), the
 * 15 June minutes (minute 38 mentions fostering, minute 39 home to school transport), its
 * actions, the work programme, the indicators and the budget lines.
 */
const member = buildUser('Qaisar Abbas');

type Button = { title: string; data: Record<string, unknown> };

function buttons(card: Record<string, unknown>): Button[] {
  return cardElements(card, 'Action.Submit') as unknown as Button[];
}

function imBack(button: Button): string {
  return (button.data.msteams as { value: string }).value;
}

describe('search on 5 September 2023', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each([
    ['anything about fostering?', /Item 7: Fostering Recruitment - Verbal Update[\s\S]*Minute 38: Children's Social Care Performance/],
    [
      'search for fostering',
      /Fostering Recruitment Update[\s\S]*Work programme, Children's Services Overview and Scrutiny Committee, Tuesday 12 September 2023/,
    ],
    ['search home to school transport', /Minute 39: Statutory Duties Report - Education/],
    ['is there anything on home to school transport', /ACTION 5: Review that the appeals process is outlined in the refusal letter/],
    ['look up family hubs', /Item 8: Family Hubs and the Start for Life Programme Report/],
    ['anything regarding complaints', /Item 6: 2022\/23 Annual Complaints and Representations Report/],
    ['search obesity', /Children Obesity report/],
    ['search youth cabinet', /Minute 35: Youth Cabinet Update/],
    ['anything about agency social workers', /Agency social workers in front-line teams/],
    ['search adoption', /Children adopted/],
    ['what do you have on fees and charges', /Minute 36: Fees and Charges Review 2023\/24/],
    ['search transport contract', /Childrens Transport contract re-procurement 2024/],
    ['search safeguarding', /Item 5: Safeguarding and Child Protection[\s\S]*Tuesday 29 January 2013/],
    ['anything about internal foster carers', /Saving: Increase the number of Internal Foster Carers[\s\S]*Budget, 2022\/23/],
    ['search stable homes', /Update on Stable Homes Built on Love/],
    ['permanent exclusions', /6\.1: Engage secondary schools on permanent exclusions/],
    ['Aveley and Orsett Heath', /Update on Aveley & Orsett Heath Schools/],
    ['bladed articles', /6\.2: Engage primary schools to identify children at risk earlier/],
  ] as [string, RegExp][])('When a member asks "%s", then the results card shows the matching record', async (question, fact) => {
    const text = readCard(await t.say(question, member));
    expect(text).toMatch(/^Search: "/);
    expect(text).toMatch(fact);
  });

  test('When a search matches several words, then the records matching all of them come first', async () => {
    const text = readCard(await t.say('search home to school transport', member));
    const first = text.indexOf('Minute 39');
    const weaker = text.indexOf('Update on Aveley & Orsett Heath Schools');
    expect(first).toBeGreaterThan(-1);
    expect(weaker).toBeGreaterThan(first);
  });

  test('When unknown words match records, then the results come with the "did you mean" suggestions', async () => {
    const card = checkedCardOf(await t.say('permanent exclusions', member));
    const text = cardText(card, { dropJoiners: true });
    expect(text).toMatch(/Search: "permanent exclusions"/);
    expect(text).not.toMatch(/did not understand/);
    expect(text).toMatch(/Or did you mean one of these\?/);
  });

  test('When the message is gibberish, then the not-understood card with suggestions is answered', async () => {
    const text = readCard(await t.say('xqzv blorf wibblequark', member));
    expect(text).toMatch(/Sorry, I did not understand that/);
    expect(text).not.toMatch(/Search:/);
  });

  test('When an explicit search finds nothing, then it says so plainly', async () => {
    const text = readCard(await t.say('search wibblequark', member));
    expect(text).toMatch(/Nothing found/);
  });

  test.each([
    ['anything about fostering', 'Minute 38', /Minute 38: Children's Social Care Performance - Quarter 4 2022-23/],
    ['anything about fostering', 'Fostering households recruited', /Fostering households recruited[\s\S]*Latest figure/],
    [
      'anything about internal foster carers',
      'Saving: Increase the number of Internal Foster Carers budget',
      /Internal Foster Carers[\s\S]*£/,
    ],
  ])('When "%s" is searched and the "%s" button is pressed, then its card opens', async (question, label, fact) => {
    const card = checkedCardOf(await t.say(question, member));
    const button = buttons(card).find((b) => b.title === label);
    expect(button).toBeDefined();
    expect(readCard(await t.say(imBack(button!), member))).toMatch(fact);
  });

  test('When there are more results than fit on a card, then "Show more" pages through them all once, each card valid', async () => {
    let card = checkedCardOf(await t.say('search children', member));
    const first = cardText(card, { dropJoiners: true });
    const total = Number(/(\d+) results, best match first/.exec(first)?.[1]);
    expect(total).toBeGreaterThan(8);
    let pages = 0;
    let next = 1;
    for (;;) {
      pages += 1;
      const more = buttons(card).find((b) => b.data.verb === 'search.more');
      const text = cardText(card, { dropJoiners: true });
      const shown = /Showing (\d+) to (\d+) of (\d+)/.exec(text);
      expect(shown).not.toBeNull();
      // Each page starts where the last one ended: every result is shown exactly once.
      expect(Number(shown![1])).toBe(next);
      expect(Number(shown![3])).toBe(total);
      next = Number(shown![2]) + 1;
      if (!more) {
        expect(Number(shown![2])).toBe(total);
        break;
      }
      card = checkedCardOf(await t.submit(more.data, member));
      expect(pages).toBeLessThan(50);
    }
    expect(pages).toBeGreaterThan(1);
  });
});

describe('search never shows or matches restricted content', () => {
  let t: TestBot;
  const SECRET_WORD = 'quollbridge';
  beforeAll(async () => {
    const data = storeFromSeed(loadSeed());
    const june = data.meetings.find((m) => m.id === 'childrens-os-2023-06-15')!;
    june.agendaItems.push({
      number: '13',
      title: 'Residential Placements Contract Award',
      description: `Award of the contract to ${SECRET_WORD} Care Ltd.`,
      pages: { from: 80, to: 90 },
      leadOfficer: null,
      restricted: true,
      exemptParagraph: '3',
    });
    data.minutes
      .find((m) => m.meetingId === june.id)!
      .items.push({
        minuteNumber: '42',
        title: 'Residential Placements Contract Award',
        summary: `The preferred bidder was ${SECRET_WORD} Care Ltd at £2.1 million.`,
        resolutions: [`That the contract be awarded to ${SECRET_WORD}.`],
      });
    data.actions.push({
      id: 'secret-action',
      reference: 'ACTION 9',
      origin: { kind: 'minutes', title: 'Minutes of 15 June 2023', meetingId: june.id, minuteNumber: '42' },
      text: `Notify ${SECRET_WORD} of the award.`,
      requestedBy: null,
      owner: null,
      due: null,
      dueText: null,
      status: 'open',
      rag: null,
      source: { document: 'exempt.txt' },
    });
    for (let i = 20; i < 60; i += 1) {
      june.agendaItems.push({
        number: String(i),
        title: `Marmalade review ${i} ${'with a very long title as printed in the agenda '.repeat(10)}`,
        description: `Marmalade ${'a long report summary that goes on and on '.repeat(150)}`,
        pages: null,
        leadOfficer: null,
        restricted: false,
      });
    }
    t = await startTestBot({ data });
  });
  afterAll(async () => {
    await t.stop();
  });

  test('When a word found only in restricted content is searched for, then nothing is found', async () => {
    const text = readCard(await t.say(`search ${SECRET_WORD}`, member));
    expect(text).toMatch(/Nothing found/);
    expect(text.toLowerCase()).not.toContain(SECRET_WORD);
  });

  test('When a word found only in restricted content is sent on its own, then it is not understood and nothing restricted is shown', async () => {
    const text = readCard(await t.say(SECRET_WORD, member));
    expect(text).toMatch(/Sorry, I did not understand that/);
    expect(text).not.toMatch(/Residential Placements|£2\.1 million|ACTION 9/);
  });

  test('When a restricted item is found by its title, then its title shows with the restricted note and none of its content', async () => {
    const text = readCard(await t.say('search residential placements contract', member));
    expect(text).toMatch(/Item 13: Residential Placements Contract Award[\s\S]*Restricted: not for publication/);
    expect(text).toMatch(/Minute 42: Residential Placements Contract Award[\s\S]*Restricted: not for publication/);
    expect(text.toLowerCase()).not.toContain(SECRET_WORD);
    expect(text).not.toMatch(/£2\.1 million|ACTION 9/);
  });

  test('When many long records match, then every page of results is valid, under 28 KB, and together they show each record once', async () => {
    let card = checkedCardOf(await t.say('search marmalade', member));
    const seen: string[] = [];
    for (let pages = 0; pages < 60; pages += 1) {
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
      seen.push(...[...cardText(card, { dropJoiners: true }).matchAll(/Marmalade review (\d+)/g)].map((m) => m[1]!));
      const more = buttons(card).find((b) => b.data.verb === 'search.more');
      if (!more) break;
      card = checkedCardOf(await t.submit(more.data, member));
    }
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => String(20 + i)));
  });
});

describe('search follows changes to the store', () => {
  test('When a clerk adds an agenda item after a search, then the next search finds it, and apologies sent meanwhile change nothing found', async () => {
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    try {
      const clerk = buildUser('Rhiannon Whiteley');
      expect(readCard(await t.say('search quokka', member))).toMatch(/Nothing found/);
      expect(readCard(await t.say('add agenda item 11 "Quokka enclosure visits" for 16 November', clerk))).toMatch(/Item 11 added/);
      expect(readCard(await t.say('send my apologies for 16 November', member))).toMatch(/Apologies sent/);
      expect(readCard(await t.say('search quokka', member))).toMatch(/Quokka enclosure visits/);
    } finally {
      await t.stop();
    }
  });
});
