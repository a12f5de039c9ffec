import * as chrono from 'chrono-node';
import { getTimezoneOffset } from 'date-fns-tz';
import { londonDate, TIME_ZONE } from '../format';
import type { DateEntity } from './types';

/**
 * Dates in a message, read with chrono's British English parser and settled on London calendar
 * days. A date without a year is settled by direction:
 * - 'future': meetings, agendas, apologies ("Tuesday" is the coming Tuesday, "January" next January);
 * - 'past': action lists ("the June meeting" is the June just gone);
 * - 'nearest': records that may be past or future (apologies received, declarations): whichever
 *   occurrence is closer to today, the future one on a tie. Weekdays look forward unless "last".
 */
export type DateDirection = 'future' | 'past' | 'nearest';

export interface FoundDate {
  entity: DateEntity;
  /** Where the words sit in the text that was searched (for reading a reason after them). */
  index: number;
  end: number;
}

interface Ymd {
  y: number;
  m: number; // 1-12
  d: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const ymdString = (v: Ymd) => `${pad(v.y, 4)}-${pad(v.m)}-${pad(v.d)}`;
const compare = (a: Ymd, b: Ymd) => a.y - b.y || a.m - b.m || a.d - b.d;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const isValid = (v: Ymd) => v.m >= 1 && v.m <= 12 && v.d >= 1 && v.d <= daysInMonth(v.y, v.m);

function addDays(v: Ymd, days: number): Ymd {
  const date = new Date(Date.UTC(v.y, v.m - 1, v.d + days));
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

function daysApart(a: Ymd, b: Ymd): number {
  return Math.abs(Date.UTC(a.y, a.m - 1, a.d) - Date.UTC(b.y, b.m - 1, b.d)) / 86_400_000;
}

function weekdayOf(v: Ymd): number {
  return new Date(Date.UTC(v.y, v.m - 1, v.d)).getUTCDay();
}

function parseYmd(text: string): Ymd | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** Three-letter day names that are also everyday words ("I sat on", "wed"): not dates. */
const WORDS_NOT_DAYS = /^(?:sat|sun|wed|mon)$/;
/** Chrono words for the present moment: not a meeting date. */
const NOT_A_DAY = /^(?:now|right now|just now)$/i;
/** Relative dates worth a calendar day ("tomorrow", "in 2 weeks"), not "in 5 minutes". */
const RELATIVE_DAY = /\b(?:today|tonight|tomorrow|yesterday|days?|weeks?|fortnight|months?|years?)\b/i;
/** Little words chrono keeps at the front of a date ("on 16 Nov"): left out of the entity text. */
const LEADING_FILLER = /^(?:on|in|at|for|the|of)\s+/i;

/**
 * The check before chrono, which costs more than the rest of recognition: most messages ("What
 * is the CP rate?", "open actions") name no date. It says no only where chrono would find nothing
 * toEntity accepts, so skipping chrono then changes no answer. Every date chrono-node 2.10's
 * English parsers read (locales/en: constants.js, parsers/) has a digit or one of these words:
 * - month names and abbreviations; weekday names and abbreviations, "weekend", "weekday";
 * - now, today, tonight, tomorrow, overmorrow, tmr, tmrw, yesterday, last night; morning,
 *   afternoon, evening, night, midnight, midday, noon; "end of (the) month";
 * - ordinal words ("first of May": they only come with a month name, but cost nothing to list);
 * - units of a day or longer, abbreviations too, after a number word or this/last/past/next/after
 *   ("in a week", "next mo", "a few days ago", "in a d").
 * Units within a day (second, minute, hour, sec, min, hr, s, m, h) are left out: chrono tags a
 * duration holding any of them relativeDateAndTime, and toEntity then wants one of RELATIVE_DAY's
 * words, all listed here. So "the minutes" and "What's on" do not wake chrono.
 * Chrono lets words run into each other ("nextweek", "lastnight", "onmonday", "injanuary",
 * "mayfirst", "a dago"): long words are looked for anywhere, short ones (hidden in everyday words
 * such as "common", "know") where a word starts or ends, or where they meet a word chrono lets run
 * into them. A false "maybe" costs only time, a false "no" loses a date: when in doubt, list it.
 * test/recognition-cost.test.ts checks this against chrono itself.
 */
const ANYWHERE = [
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'day',
  'week',
  'month',
  'year',
  'quarter',
  'night',
  'morrow',
  'morning',
  'evening',
  'noon', // today, weekend, tonight...
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'teenth',
  'twentieth',
  'thirtieth',
];
const SHORT_WORDS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sept?',
  'oct',
  'nov',
  'dec',
  'sun',
  'mon',
  'tues?',
  'weds?',
  'thu',
  'thurs?',
  'fri',
  'sat',
  'now',
  'tmrw?',
  'mos?',
  'yrs?',
  'qtr',
];
/** Little words chrono lets run into a unit ("nextmo", "half amo", "a fewd"). */
const UNIT_RUN_IN = 'of|this|last|past|next|after|few|couple|half|half\\s*an?';
/** Words chrono reads as a number (or this/next...) before a unit. */
const NUMBERS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several|the|couple|half';
const BEFORE_UNIT = `${NUMBERS}|an?|of|this|last|past|next|after`;
/** What chrono lets a short word run into: "ago" and the like, the next unit, "of" after a month ("a dago", "a wand a d", "mayof"). */
const RUNS_INTO = `ago|before|earlier|later|after|from|henceforth|forward|out|and|${NUMBERS}|an?(?![a-z])|acouple|of`;
const MIGHT_NAME_A_DATE = new RegExp(
  [
    '\\d',
    ANYWHERE.join('|'),
    // "on" and "in" also run into weekdays and months ("onmonday", "injan").
    `(?:(?<![a-z])|(?<=on|in|${UNIT_RUN_IN}))(?:${SHORT_WORDS.join('|')})(?:(?![a-z])|(?=${RUNS_INTO}))`,
    // d, w, y (days, weeks, years) only after a number word, "I'd" is no date; run in only where
    // chrono's number is two words (it ignores "ad" but reads "half ad", "a fewd", "a couple ofd").
    `(?:(?:${BEFORE_UNIT})\\s+|(?<=${UNIT_RUN_IN}))[dwy](?:(?![a-z])|(?=${RUNS_INTO}))`,
  ].join('|'),
  'i',
);

/** Whether `text` might name a date (see above); exported for its tests. */
export function mightNameDate(text: string): boolean {
  return MIGHT_NAME_A_DATE.test(text);
}

/** The first calendar day or month named in `text`, or undefined. Never throws. */
export function findDate(text: string, now: Date, direction: DateDirection): FoundDate | undefined {
  return mightNameDate(text) ? readDate(text, now, direction) : undefined;
}

/** findDate without the pre-check (exported for the test that shows the pre-check loses no date). */
export function readDate(text: string, now: Date, direction: DateDirection): FoundDate | undefined {
  if (text.trim() === '' || Number.isNaN(now.getTime())) return undefined;
  const today = parseYmd(londonDate(now));
  if (!today) return undefined;
  let results: chrono.ParsedResult[];
  try {
    const offsetMinutes = Math.round(getTimezoneOffset(TIME_ZONE, now) / 60_000);
    results = chrono.en.GB.parse(text, { instant: now, timezone: offsetMinutes }, { forwardDate: direction !== 'past' });
  } catch {
    return undefined; // a parser bug must not stop the message being understood
  }
  for (const result of results) {
    const entity = toEntity(result, today, direction);
    if (!entity) continue;
    let words = result.text.replace(/[\s,.;:!?'"-]+$/, '');
    let index = result.index;
    for (let filler = LEADING_FILLER.exec(words); filler; filler = LEADING_FILLER.exec(words)) {
      words = words.slice(filler[0].length);
      index += filler[0].length;
    }
    return { entity: { ...entity, text: words }, index, end: index + words.length };
  }
  return undefined;
}

function toEntity(result: chrono.ParsedResult, today: Ymd, direction: DateDirection): DateEntity | undefined {
  const start = result.start;
  const words = result.text.trim();
  if (NOT_A_DAY.test(words) || WORDS_NOT_DAYS.test(words)) return undefined;
  // "the minutes" / "in an hour" are moments from now, not a day someone is asking about.
  if (start.tags().has('result/relativeDateAndTime') && !RELATIVE_DAY.test(words)) return undefined;
  const certain = (c: chrono.Component) => start.isCertain(c);
  const value = (c: chrono.Component) => start.get(c) ?? 0;

  let day = certain('day') ? value('day') : null;
  let year = certain('year') ? value('year') : null;
  const month = certain('month') ? value('month') : null;
  // "Sept 12" reads as September 2012 to chrono; a two-digit number after a month is a day.
  if (month !== null && day === null && year !== null && !/\d{4}/.test(words) && year % 100 <= 31) {
    day = year % 100;
    year = null;
  }

  if (month !== null && day !== null) {
    const from = settleDay(month, day, year, today, direction);
    if (!from) return undefined;
    return { text: words, from: ymdString(from), to: ymdString(endOf(result, from) ?? from) };
  }
  if (month !== null) {
    const y = year ?? settleMonthYear(month, today, direction);
    return { text: words, from: ymdString({ y, m: month, d: 1 }), to: ymdString({ y, m: month, d: daysInMonth(y, month) }) };
  }
  if (certain('weekday') && !certain('day')) {
    const day = settleWeekday(value('weekday'), words, today, direction);
    return { text: words, from: ymdString(day), to: ymdString(day) };
  }
  if (certain('day') || (start.tags().has('result/relativeDate') && RELATIVE_DAY.test(words))) {
    // "tomorrow", "in 2 weeks", "16/11/2023": chrono has worked the day out already.
    const v = { y: value('year'), m: value('month'), d: value('day') };
    return isValid(v) ? { text: words, from: ymdString(v), to: ymdString(v) } : undefined;
  }
  return undefined; // a time of day only ("at 7pm", "morning")
}

/** Day and month without a year: the next one on or after today, or the last on or before. */
function settleDay(month: number, day: number, year: number | null, today: Ymd, direction: DateDirection): Ymd | null {
  if (year !== null) {
    const v = { y: year, m: month, d: day };
    return isValid(v) ? v : null;
  }
  if (direction === 'nearest') {
    const ahead = settleDay(month, day, null, today, 'future');
    const behind = settleDay(month, day, null, today, 'past');
    if (!ahead || !behind) return ahead ?? behind;
    return daysApart(today, behind) < daysApart(today, ahead) ? behind : ahead;
  }
  const step = direction === 'future' ? 1 : -1;
  for (let i = 0; i < 8; i += 1) {
    const v = { y: today.y + step * i, m: month, d: day }; // 29 February may be years away
    if (!isValid(v)) continue;
    const order = compare(v, today);
    if ((direction === 'future' && order >= 0) || (direction === 'past' && order <= 0)) return v;
  }
  return null;
}

/** Month without a year: this month or the next such month ahead (or behind, looking back). */
function settleMonthYear(month: number, today: Ymd, direction: DateDirection): number {
  const ahead = month >= today.m ? today.y : today.y + 1;
  const behind = month <= today.m ? today.y : today.y - 1;
  if (direction === 'future') return ahead;
  if (direction === 'past') return behind;
  const monthsAhead = (ahead - today.y) * 12 + month - today.m;
  const monthsBehind = (today.y - behind) * 12 + today.m - month;
  return monthsBehind < monthsAhead ? behind : ahead;
}

/** "Tuesday" = the coming Tuesday (never today); "last Tuesday" = the one before today. */
function settleWeekday(weekday: number, words: string, today: Ymd, direction: DateDirection): Ymd {
  const lower = words.toLowerCase();
  const back = /^(?:last|previous|past)\b/.test(lower) || (direction === 'past' && !/^(?:next|this|coming)\b/.test(lower));
  const includeToday = /^this\b/.test(lower);
  for (let i = includeToday ? 0 : 1; i <= 7; i += 1) {
    const candidate = addDays(today, back ? -i : i);
    if (weekdayOf(candidate) === weekday) return candidate;
  }
  return today;
}

/** The last day of a range such as "16 to 18 November", when chrono found one. */
function endOf(result: chrono.ParsedResult, from: Ymd): Ymd | null {
  const end = result.end;
  if (!end || !end.isCertain('day')) return null;
  const m = end.isCertain('month') ? (end.get('month') ?? from.m) : from.m;
  const d = end.get('day') ?? from.d;
  let v: Ymd = { y: end.isCertain('year') ? (end.get('year') ?? from.y) : from.y, m, d };
  if (compare(v, from) < 0) v = { ...v, y: v.y + 1 };
  return isValid(v) ? v : null;
}

const MONTH_WORDS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH_INDEX = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+(${MONTH_WORDS})\\b(?:,?\\s+(\\d{4})\\b)?`, 'gi');
const MONTH_DAY = new RegExp(`\\b(${MONTH_WORDS})\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`, 'gi');
const NUMERIC_DATE = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?\b/g;

/**
 * Words that name a day no calendar has: "31 February", "32 March", "February 30th",
 * "29 February 2023", "31/02". Chrono reads none of these as the day meant (it drops some and
 * reads "32 March" as March), so they are found here and matched to no meeting.
 */
export function findImpossibleDate(text: string): string | undefined {
  const impossible = (day: number, month: number, year: string | undefined) => {
    if (month < 1 || month > 12) return true;
    // Without a year, 29 February exists (in a leap year).
    const last = year ? daysInMonth(Number(year), month) : month === 2 ? 29 : daysInMonth(2023, month);
    return day < 1 || day > last;
  };
  // Every form below has a day in digits.
  if (!/\d/.test(text)) return undefined;
  const monthOf = (word: string) => MONTH_INDEX.indexOf(word.slice(0, 3).toLowerCase()) + 1;
  for (const m of text.matchAll(DAY_MONTH)) if (impossible(Number(m[1]), monthOf(m[2]!), m[3])) return m[0];
  for (const m of text.matchAll(MONTH_DAY)) if (impossible(Number(m[2]), monthOf(m[1]!), m[3])) return m[0];
  for (const m of text.matchAll(NUMERIC_DATE)) if (impossible(Number(m[1]), Number(m[2]), m[3])) return m[0];
  return undefined;
}

/**
 * A year named on its own ("the meeting in 1999", "2031"), as the whole of that year. Not a
 * municipal or financial year such as "2023/24" or "2023-24", and not part of a longer number.
 */
export function findYear(text: string): DateEntity | undefined {
  const match = /(?<![\d/.-])\b((?:19|20)\d\d)\b(?![/.-]?\d)/.exec(text);
  if (!match) return undefined;
  const year = match[1]!;
  return { text: year, from: `${year}-01-01`, to: `${year}-12-31` };
}
