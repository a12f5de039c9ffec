import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { checkedCardOf, readCard, startTestBot, type TestBot } from './helpers/testBot';
import { cardElements, cardText } from './helpers/cards';

/**
 * Budget questions over HTTP with the fake connector, the clock pinned to Tuesday 5 September
 * 2023, 9 am in London (financial year 2023/24). Figures are the seed's (data/budget.json): the
 * statutory duties report prints a Children and Family Services total of £34,465,264 whose lines
 * add up to £34,465,262; the portfolio holder report gives £35,615,000 for 2023/24.
 */
const member = buildUser('Qaisar Abbas');

type Button = { title: string; data: Record<string, unknown> };

function buttons(card: Record<string, unknown>): Button[] {
  return cardElements(card, 'Action.Submit') as unknown as Button[];
}

describe('budget questions on 5 September 2023', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each([
    // a line
    ['how much do we spend on the youth offending service?', /YOS and Adolescent Services[\s\S]*£1,008,452/],
    ['youth offending budget', /YOS and Adolescent Services[\s\S]*£1,008,452/],
    ["what's the YOS budget for 2023/24", /£1,008,452[\s\S]*2023\/24/],
    ['budget for looked after children', /Children Looked After and Placements[\s\S]*£24,058,531/],
    ['how much money is allocated to family support', /Family Support[\s\S]*£3,718,463/],
    ['spending on brighter futures', /Brighter Futures - Prevention Service[\s\S]*£4,595,917/],
    ['what is the LADO budget', /Safeguarding and Child Protection & LADO[\s\S]*£1,092,363/],
    ['how much is the social care grant', /Social Care Grant \(income\)[\s\S]*−£5,063,993/],
    // the whole children's budget: the stated totals and their check
    ["how much is the children's social care budget?", /£34,465,264[\s\S]*£34,465,262/],
    ['childrens services budget', /£35,615,000/],
    ['how much is the children’s social care budget', /Stated total: £34,465,264/],
    ['what is the total budget for 2023-24', /Children and Family Services total[\s\S]*£34,465,264/],
    ['overall budget 2024/25', /Children Portfolio total[\s\S]*£38,335,000/],
    ['whole budget this year', /£34,465,264/],
    // the biggest lines
    ['what are the largest budget lines', /Children Looked After and Placements[\s\S]*£24,058,531/],
    ['top budget lines for 2023/24', /largest first[\s\S]*Children Looked After and Placements[\s\S]*Children and Families[\s\S]*LSCB/],
    ['where is the biggest spending', /largest first/],
    ['list all budget lines', /Brighter Futures/],
  ] as [string, RegExp][])('When a member asks "%s", then the card shows the figure from the papers', async (question, fact) => {
    const text = readCard(await t.say(question, member));
    expect(text).toMatch(fact);
    expect(text).toMatch(/statutory-duties-childrens-social-care-2023\.txt|portfolio-holder-report-childrens-social-care-2024\.txt/);
  });

  test('When asked for the total budget for 2023/24, then the stated total and the sum of its lines are both shown and the £2 difference is said', async () => {
    const text = readCard(await t.say('total budget for 2023/24', member));
    expect(text).toMatch(/Stated total: £34,465,264/);
    expect(text).toMatch(/Sum of the lines: £34,465,262/);
    expect(text).toMatch(/£2 less than the total the paper states/);
    expect(text).toMatch(/Stated total: £35,615,000[\s\S]*the same as the total the paper states/);
  });

  test('When asked about a budget line the store does not hold, then it says so and offers the lines it holds as buttons', async () => {
    const card = checkedCardOf(await t.say('how much is spent on libraries', member));
    const text = cardText(card, { dropJoiners: true });
    expect(text).toMatch(/I don't hold a budget line for "how much is spent on libraries"/);
    expect(text).not.toMatch(/£/);
    const titles = buttons(card).map((b) => b.title);
    expect(titles).toContain('Children Looked After and Placements');
    expect(titles).toContain('YOS and Adolescent Services');
  });

  test('When a held line is offered as a button and pressed, then that line is answered', async () => {
    const card = checkedCardOf(await t.say('budget for street lighting', member));
    const yos = buttons(card).find((b) => b.title === 'YOS and Adolescent Services')!;
    expect(yos).toBeDefined();
    const value = (yos.data.msteams as { value: string }).value;
    expect(readCard(await t.say(value, member))).toMatch(/£1,008,452/);
  });

  test('When asked for a line in a year the papers give no figure for, then it says so and shows the year it does hold, labelled', async () => {
    const text = readCard(await t.say('youth offending budget for 2024/25', member));
    expect(text).toMatch(/I don't hold a 2024\/25 figure for that; this is from 2023\/24/);
    expect(text).toMatch(/YOS and Adolescent Services[\s\S]*2023\/24[\s\S]*£1,008,452/);
  });

  test('When asked for a year the papers do not cover, then it says so and names the years it holds', async () => {
    const text = readCard(await t.say('total budget for 2019/20', member));
    expect(text).toMatch(/I don't hold budget figures for 2019\/20/);
    expect(text).toMatch(/2023\/24/);
    expect(text).not.toMatch(/£/);
  });

  test('When a line is asked about, then the card keeps the exact figure with the rounded one beside it, and the summary says it the British way', async () => {
    const sent = await t.say('spending on brighter futures', member);
    const card = checkedCardOf(sent);
    expect(cardText(card, { dropJoiners: true })).toMatch(/Brighter Futures - Prevention Service[\s\S]*£4,595,917\nabout £4\.6 million/);
    expect(sent[0]!.summary).toMatch(/^Brighter Futures - Prevention Service: £4\.6 million \(2023\/24\)/);
    expect(card.fallbackText).toBe(sent[0]!.summary);
  });

  test('When the biggest lines are asked for, then the summary gives them in millions and thousands, and the check keeps the exact £2', async () => {
    const lines = await t.say('biggest budget lines 2023/24', member);
    expect(lines[0]!.summary).toMatch(
      /Children Looked After and Placements £24\.1 million; Brighter Futures - Prevention Service £4\.6 million;/,
    );
    expect(lines[0]!.summary).toMatch(/LSCB & Quality Assurance £89,000/);
    const total = await t.say('total budget for 2023/24', member);
    expect(total[0]!.summary).toMatch(/Children and Family Services total £34\.5 million/);
    expect(total[0]!.summary).toMatch(/£34,465,262, £2 less than the total the paper states \(£34,465,264\)/);
  });

  test('When a typed budget question carries template or Markdown syntax, then it is shown as typed', async () => {
    const text = readCard(await t.say('budget for **${title}** [x](http://e.org)', member));
    expect(text).toContain('"budget for **${title}** [x](http://e.org)"');
  });
});

describe('budget lines whatever is stored', () => {
  let t: TestBot;
  beforeAll(async () => {
    const data = storeFromSeed(loadSeed());
    for (let i = 1; i <= 60; i += 1) {
      data.budget.push({
        id: `big-${i}`,
        year: '2023/24',
        service: `Service ${i} ${'with a very long name as printed in the appendix '.repeat(8)}`,
        amount: 100_000 * i,
        kind: 'budget',
        source: {
          document: 'statutory-duties-childrens-social-care-2023.txt',
          section: '5.1 Financial implications: Children and Family Services Budget 2023/24',
        },
      });
    }
    t = await startTestBot({ data });
  });
  afterAll(async () => {
    await t.stop();
  });

  test('When the papers hold many long lines, then the biggest lines come a page at a time, each card valid, and paging reaches every line once', async () => {
    let card = checkedCardOf(await t.say('biggest budget lines', member));
    const seen: string[] = [];
    for (let pages = 0; pages < 20; pages += 1) {
      const text = cardText(card, { dropJoiners: true });
      seen.push(...[...text.matchAll(/Service (\d+) /g)].map((m) => m[1]!));
      const more = buttons(card).find((b) => b.title.startsWith('Show more'));
      if (!more) break;
      card = checkedCardOf(await t.submit(more.data, member));
    }
    expect(seen[0]).toBe('60');
    expect([...seen].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 60 }, (_, i) => String(i + 1)));
  });
});
