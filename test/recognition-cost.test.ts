import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { findDate, mightNameDate, readDate, type DateDirection } from '../bot/recognition/dates';
import { INTENT_TABLE, recognise, type RecognitionContext } from '../bot/features/catalogue';
import { loadSeed } from '../bot/store/seed';
import { Store } from '../bot/store/store';

/**
 * findDate skips chrono when the text cannot name a date (mightNameDate): that must change no
 * answer. It is checked against the plain path on a large corpus: every string literal in the
 * test files, the intent table's examples, and date words put into sentences. And the
 * recogniser's name tables follow the names in the store.
 */

const NOW = new Date('2023-09-05T09:00:00+01:00');
const MOMENTS = [
  NOW,
  new Date('2024-02-29T23:30:00Z'), // a leap day, late evening in London
  new Date('2023-03-26T00:30:00Z'), // the night the clocks go forward
];
const DIRECTIONS: DateDirection[] = ['future', 'past', 'nearest'];

/** Every string literal in the test files (messages, names, and much else: more is better here). */
function testFileLiterals(maxLength: number): string[] {
  const found = new Set<string>();
  const dir = __dirname;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const match of source.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\$]|\\.)*`/g)) {
      const text = match[0].slice(1, -1).replace(/\\(['"`\\])/g, '$1');
      if (text.trim() !== '' && text.length <= maxLength) found.add(text);
    }
  }
  return [...found];
}

/** Date words, the odd and the run-together included, as chrono-node 2.10 reads them (or not). */
const DATE_WORDS = [
  '16 November',
  '16 Nov',
  'November 16',
  'Nov 16th',
  '16th of November',
  '16-18 November',
  '16 to 18 November',
  'sept 12',
  'Sept. 12',
  'sep 12',
  '12 sept',
  '12/9',
  '12/09/2023',
  '12.9.23',
  '2023-11-16',
  '2023/11/16',
  '11/2023',
  'the 5th',
  'on the 5th',
  'first of May',
  'the first of May',
  'May first',
  'mayfirst',
  'firstofmay',
  'twenty-first of June',
  'twenty first of June',
  'thirtieth of April',
  'the second of May',
  'the second',
  'third of march',
  'January',
  'in January',
  'injanuary',
  'in Jan',
  'Jan.',
  'jan',
  'March',
  'march',
  'may',
  'May',
  'in May',
  'in may',
  'June',
  'last June',
  'next June',
  'the June meeting',
  'December 2023',
  '2023 December',
  'Dec 2024',
  'Tuesday',
  'Tues',
  'Tue',
  'tue',
  'next Tuesday',
  'last Tuesday',
  'this Tuesday',
  'on Tuesday',
  'onmonday',
  'nextfriday',
  'Weds',
  'Wed',
  'wed',
  'on Weds',
  'Thurs',
  'Thur',
  'thu',
  'Fri',
  'fri',
  'Sat',
  'sat',
  'on sat',
  'Sat.',
  'sun',
  'Sun',
  'mon',
  'Monday next week',
  'Monday of next week',
  'mondaynextweek',
  'weekend',
  'this weekend',
  'next weekend',
  'weekday',
  'today',
  'tonight',
  'tomorrow',
  'tmrw',
  'tmr',
  'overmorrow',
  'yesterday',
  'last night',
  'lastnight',
  'now',
  'right now',
  'just now',
  'now BST',
  'now GMT',
  'this evening',
  'this morning',
  'thismorning',
  'this afternoon',
  'evening',
  'morning',
  'night',
  'noon',
  'midnight',
  'midday',
  'at noon',
  'tomorrow at noon',
  'tomorrow evening',
  'end of month',
  'end of the month',
  'last day of the month',
  'end of next month',
  'end of this week',
  'end of May',
  'next week',
  'nextweek',
  'last week',
  'this week',
  'next fortnight',
  'in a fortnight',
  'a fortnight',
  'fortnight',
  'in a week',
  'within a week',
  'within the week',
  'in the week',
  'ina week',
  'in a w',
  'next w',
  'nextw',
  'in a d',
  'the d',
  'in 2 weeks',
  'in two weeks',
  'in 2w',
  'in 3d',
  '+2 days',
  '-1 week',
  'a few days ago',
  'a couple of days ago',
  '3 days later',
  'three days later',
  'two weeks from now',
  'a week after',
  'a day before',
  'in half a day',
  'half a day later',
  'next mo',
  'in a mo',
  'a few mos ago',
  'next month',
  'last month',
  'this month',
  'nextmonth',
  'in a month',
  'in a mon',
  'next year',
  'last year',
  'this year',
  'next y',
  'last yr',
  'in 2 yrs',
  'next quarter',
  'in a qtr',
  'last quarter',
  'in 5 minutes',
  'in an hour',
  'half an hour',
  'in half an hour',
  'an hour ago',
  'in a few mins',
  'in 30 s',
  'next hr',
  'the minutes',
  'a minute',
  'a second',
  'in a sec',
  'at 7pm',
  '7pm',
  '7.30',
  '19:00',
  "7 o'clock",
  'at 7',
  'a dago',
  'a wlater',
  'a dthey',
  'a wand a d',
  'half ad',
  'a fewd',
  'a couple ofd',
  'an hour and a d',
  'mayof',
  'in janof',
  'Q3',
  '2024',
  "'23",
  '10,000',
  '5',
  'item 5',
  'the 3rd item',
];

const FRAMES = [
  '{x}',
  'apologies for the {x} meeting',
  'actions from {x}',
  'next meeting after {x}',
  "I can't make {x}, I'm on leave",
  'send my apologies for {x}, because of work',
  "what's on the agenda {x}?",
  'who sent apologies for {x}',
  'minutes of {x}',
  'is there a meeting {x}?',
  'declarations at the {x} meeting',
  'CP rate {x}',
  '{x} - open actions',
];

/**
 * Literals up to `maxLength` characters and the date words in the first `frames` frames (fewer
 * for whole-message recognition: unknown words are slow to spell-check).
 */
const corpus = (maxLength = 500, frames = FRAMES.length): string[] => [
  ...new Set([
    ...testFileLiterals(maxLength),
    ...INTENT_TABLE.flatMap((row) => row.examples),
    ...FRAMES.slice(0, frames).flatMap((frame) => DATE_WORDS.map((x) => frame.replace('{x}', x))),
  ]),
];

describe('dates: the check before chrono', () => {
  test.each([
    'sept 12',
    '12/9',
    'the 5th',
    'next fortnight',
    'in a week',
    'tmrw',
    'Weds',
    'this evening',
    'end of month',
    'first of May',
    'nextweek',
    'lastnight',
    'onmonday',
    'injanuary',
    'mayfirst',
    'in a d',
    'next mo',
    'now BST',
    'a dago',
    'a dthey',
    'mayof',
    'I may be late',
  ])('When the text is %p, then chrono is asked', (text) => {
    expect(mightNameDate(text)).toBe(true);
  });

  test.each([
    'What is the CP rate?',
    'open actions',
    'help',
    "I'd like to attend",
    "What's the agenda",
    'they are coming',
    'the minutes of the last meeting',
    'who is on the committee',
    'common knowledge',
    'declare an interest',
    '',
  ])('When the text is %p, then chrono is skipped', (text) => {
    expect(mightNameDate(text)).toBe(false);
  });

  test('When every phrase of the corpus is read with and without the check, then the dates are the same', () => {
    const texts = corpus();
    const mismatches: string[] = [];
    let skipped = 0;
    let dated = 0;
    for (const text of texts) {
      if (!mightNameDate(text)) skipped += 1;
      for (const now of MOMENTS) {
        for (const direction of DIRECTIONS) {
          const checked = findDate(text, now, direction);
          const unchecked = readDate(text, now, direction);
          if (unchecked) dated += 1;
          if (JSON.stringify(checked) !== JSON.stringify(unchecked)) {
            mismatches.push(
              `${JSON.stringify(text)} ${direction} ${now.toISOString()}: ${JSON.stringify(checked)} vs ${JSON.stringify(unchecked)}`,
            );
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    // Not vacuous: many phrases are skipped, and many others do name dates.
    expect(texts.length).toBeGreaterThan(2000);
    expect(skipped).toBeGreaterThan(500);
    expect(dated).toBeGreaterThan(2000);
  });

  test('When thousands of made-up messages are skipped by the check, then chrono finds no date in any of them', () => {
    // Words that come close: number words, units, run-in little words, suffixes, everyday words.
    const tokens = (
      's m h sec secs min mins minute minutes hr hrs hour hours d w y mo mos mon yr yrs qtr jan may sept sat now tmr ' +
      'half an a few couple acouple of the several one two ten twelve ' +
      'in within for next last past this after ago later from before earlier out forward henceforth about around ' +
      "just on at and to until till through I'd I'm what's they them am pm o'clock GMT BST + - common know showed " +
      'meeting agenda actions apologies CP rate item cllr Green please'
    ).split(' ');
    let seed = 20231105;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const texts: string[] = [];
    // Every pair, run together and apart; then longer runs at random.
    for (const a of tokens) for (const b of tokens) texts.push(`${a}${b}`, `${a} ${b}`);
    const separators = [' ', ' ', ' ', '', '', ', ', '-', '/', '.', '(', ')'];
    for (let i = 0; i < 15_000; i += 1) {
      let text = pick(tokens);
      for (let n = 1 + Math.floor(random() * 4); n > 0; n -= 1) text += pick(separators) + pick(tokens);
      texts.push(random() < 0.3 ? text.toUpperCase() : text);
    }
    const found: string[] = [];
    let skipped = 0;
    for (const text of texts) {
      if (mightNameDate(text)) continue;
      skipped += 1;
      for (const direction of DIRECTIONS) {
        const date = readDate(text, NOW, direction);
        if (date) found.push(`${JSON.stringify(text)} ${direction}: ${JSON.stringify(date.entity)}`);
      }
    }
    expect(found).toEqual([]);
    expect(skipped).toBeGreaterThan(10_000);
  });
});

describe('recognise: names from the store', () => {
  const actor = { personId: 'clara-clerk', aadObjectId: 'aad-clara', name: 'Clara Clerk' };

  async function openStore(): Promise<Store> {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'recognition-cost-')), 'store.json');
    return Store.open(file, { seed: loadSeed, clock: new FixedClock(NOW) });
  }

  test('When a message could name a date, then it is recognised afresh at each time', async () => {
    const store = await openStore();
    const at = (now: Date): RecognitionContext => ({ now, data: store.read((d) => d) });
    const text = 'is there a meeting tomorrow?';
    const monday = recognise(text, at(new Date('2023-09-04T09:00:00+01:00')));
    const tuesday = recognise(text, at(new Date('2023-09-05T09:00:00+01:00')));
    expect(monday).toMatchObject({ entities: { date: { from: '2023-09-05' } } });
    expect(tuesday).toMatchObject({ entities: { date: { from: '2023-09-06' } } });
    await store.close();
  });

  test('When a person, an indicator and a committee gain names, then the recogniser knows them', async () => {
    const store = await openStore();
    const ctx = (): RecognitionContext => ({ now: NOW, data: store.read((d) => d) });
    const texts = ['actions for Cllr Zephyrine', 'what is the zorblat rate', 'next meeting of the quizzical panel', 'open actions'];
    expect(recognise(texts[0]!, ctx())).not.toMatchObject({ entities: { personIds: ['qaisar-abbas'] } });

    await store.transact((data, audit) => {
      const person = data.people.find((p) => p.id === 'qaisar-abbas')!;
      person.name = 'Qaisar Zephyrine';
      audit({ actor, kind: 'person.renamed', recordType: 'person', recordId: person.id });
    });
    expect(recognise(texts[0]!, ctx())).toMatchObject({ entities: { personIds: ['qaisar-abbas'] } });

    await store.transact((data, audit) => {
      const indicator = data.indicators.find((i) => i.id === 'cp-rate')!;
      indicator.aliases.push('zorblat rate');
      audit({ actor, kind: 'indicator.updated', recordType: 'indicator', recordId: indicator.id });
      const committee = data.committees.find((c) => c.id === 'childrens-os')!;
      committee.aliases.push('quizzical panel');
      audit({ actor, kind: 'committee.updated', recordType: 'committee', recordId: committee.id });
    });
    expect(recognise(texts[1]!, ctx())).toMatchObject({ kind: 'intent', intent: 'indicator', entities: { indicatorId: 'cp-rate' } });
    expect(recognise(texts[2]!, ctx())).toMatchObject({ kind: 'intent', entities: { committeeId: 'childrens-os' } });
    await store.close();
  });
});
