import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { findDate, findImpossibleDate, mightNameDate, readDate, type DateDirection } from '../bot/recognition/dates';
import { cleanText, CONTRACTIONS, MAX_RECOGNISED_CHARS, normaliseText, spellOut } from '../bot/recognition/normalise';
import { anyOf } from '../bot/recognition/recognise';
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

/**
 * The recogniser's shortcuts (each step of cleaning and normalising runs only where it can
 * change something, a row's patterns are tested as one expression, impossible dates are looked
 * for only where there is a digit) must change no answer: each is checked against the plain
 * path on the corpus, with odd characters and markup mixed in.
 */
describe('recognise: shortcuts', () => {
  const corpus = [
    ...testFileLiterals(600),
    ...INTENT_TABLE.flatMap((row) => row.examples),
    ...DATE_WORDS.flatMap((w) => [`send apologies for ${w}`, `31 ${w}`, `${w} 30/02`]),
    'what`s on',
    'what\u2019s on\tthe\nagenda',
    '<at>Committee Assistant</at> next meeting',
    '&amp; o &amp; s &lt;b&gt;',
    'ｎｅｘｔ　ｍｅｅｔｉｎｇ',
    'next\u200bmeeting\u2026',
    '\u201cminutes\u201d \u2013 item 5',
    'Cllr Pearce\u0000s apologies',
    `${'a '.repeat(MAX_RECOGNISED_CHARS)}next meeting`,
    `${'é'.repeat(MAX_RECOGNISED_CHARS + 10)}`,
  ];

  /** cleanText as the plain path: every step, whatever the text. */
  function cleanEveryStep(raw: string): string {
    const entities: Record<string, string> = {
      '&amp;': '&',
      '&nbsp;': ' ',
      '&lt;': ' ',
      '&gt;': ' ',
      '&quot;': '"',
      '&#39;': "'",
      '&apos;': "'",
    };
    const text = raw
      .slice(0, 4000)
      .replace(/<at\b[^>]{0,200}>[^<]{0,200}<\/at>/gi, ' ')
      .replace(/<[^<>]{0,300}>/g, ' ')
      .replace(/&(?:amp|nbsp|lt|gt|quot|#39|apos);/gi, (entity) => entities[entity.toLowerCase()] ?? ' ')
      .normalize('NFKC')
      .replace(/[\p{Cf}]/gu, '')
      .replace(/[\p{Cc}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/gu, ' ')
      .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/\u2026/g, '...')
      .replace(/\s+/g, ' ')
      .trim();
    const characters = Array.from(text);
    if (characters.length <= MAX_RECOGNISED_CHARS) return text;
    const cut = characters.slice(0, MAX_RECOGNISED_CHARS).join('');
    const lastSpace = cut.lastIndexOf(' ');
    return (lastSpace > MAX_RECOGNISED_CHARS / 2 ? cut.slice(0, lastSpace) : cut).trim();
  }

  test('When every phrase of the corpus is cleaned, then the shortcuts give what every step gives', () => {
    const differing = corpus.filter((text) => cleanText(text) !== cleanEveryStep(text));
    expect(differing).toEqual([]);
  });

  test('When every phrase of the corpus is spelt out, then it reads as with every contraction rule applied', () => {
    const texts = corpus.map((text) => cleanText(text).toLowerCase());
    const everyRule = (text: string) => CONTRACTIONS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
    expect(texts.filter((text) => spellOut(text) !== everyRule(text))).toEqual([]);
    // Both kinds are in the corpus: text the rules change, and text they leave alone.
    expect(texts.filter((text) => everyRule(text) !== text).length).toBeGreaterThan(20);
    expect(texts.filter((text) => everyRule(text) === text).length).toBeGreaterThan(1000);
  });

  test('When every phrase of the corpus is matched against each row, then the joined patterns match where the patterns do', () => {
    const texts = corpus.map((text) => normaliseText(cleanText(text)));
    const mismatches: string[] = [];
    let joined = 0;
    for (const row of INTENT_TABLE) {
      const any = anyOf(row.patterns);
      for (const text of texts) {
        if (any(text) !== row.patterns.some((p) => p.test(text))) mismatches.push(`${row.intent}: ${text}`);
      }
      if (row.patterns.length > 1) joined += 1;
    }
    expect(mismatches).toEqual([]);
    expect(joined).toBeGreaterThan(20);
  });

  test('When patterns refer to their own groups or keep state, then they are tested one by one', () => {
    const backReference = [/^(a)b\1$/, /^c$/];
    expect(anyOf(backReference)('aba')).toBe(true);
    expect(anyOf(backReference)('abb')).toBe(false);
    expect(anyOf(backReference)('c')).toBe(true);
    const named = [/^(?<x>a)\k<x>$/, /^(?<x>b)$/];
    expect(anyOf(named)('aa')).toBe(true);
    expect(anyOf(named)('b')).toBe(true);
    const mixedFlags = [/^next$/i, /^agenda$/];
    expect(anyOf(mixedFlags)('NEXT')).toBe(true);
    expect(anyOf(mixedFlags)('AGENDA')).toBe(false);
  });

  test('When a message comes again, then it is recognised as it was the first time, and what is kept cannot be changed', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'recognition-kept-')), 'store.json');
    const store = await Store.open(file, { seed: loadSeed, clock: new FixedClock(NOW) });
    const data = store.read((d) => d);
    const kept: RecognitionContext = { now: NOW, data };
    // The same names in new lists: nothing is kept for them, so each message is recognised afresh there.
    const afresh = (): RecognitionContext => ({
      now: NOW,
      data: { people: [...data.people], committees: [...data.committees], indicators: [...data.indicators] },
    });
    const other = afresh();
    const first = corpus.map((text) => JSON.stringify(recognise(text, kept)));
    const differing = corpus.filter((text, i) => {
      const again = JSON.stringify(recognise(text, kept));
      return again !== first[i] || JSON.stringify(recognise(text, other)) !== again;
    });
    expect(differing).toEqual([]);
    // Messages that might name a date are in the corpus, and never kept: they depend on the clock.
    expect(corpus.filter((text) => mightNameDate(cleanText(text))).length).toBeGreaterThan(200);

    const recognition = recognise('When is the next meeting?', kept);
    expect(recognise('When is the next meeting?', kept)).toBe(recognition);
    expect(() => {
      (recognition as { kind: string }).kind = 'unknown';
    }).toThrow(TypeError);
    expect(() => {
      if (recognition.kind === 'intent') (recognition.entities as Record<string, unknown>).relative = 'last';
    }).toThrow(TypeError);
    expect(recognise('When is the next meeting?', afresh())).toMatchObject({
      kind: 'intent',
      intent: 'nextMeeting',
      entities: { relative: 'next' },
    });
    await store.close();
  });

  test('When a date has no digit, then no impossible date is looked for; with one, they are found as before', () => {
    expect(findImpossibleDate('send apologies for the thirty-first of February')).toBeUndefined();
    expect(findImpossibleDate('send apologies for 31 February')).toBe('31 February');
    expect(findImpossibleDate('February 30th please')).toBe('February 30th');
    expect(findImpossibleDate('the 31/02 meeting')).toBe('31/02');
    expect(findImpossibleDate('29 February 2024')).toBeUndefined();
  });
});
