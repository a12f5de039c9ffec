import * as chrono from 'chrono-node';
import { TIME_ZONE } from '../format';
import { findDate, findImpossibleDate, findYear } from './dates';

/**
 * The arguments of clerks' commands ("add meeting ... on <date> at <time> in <venue>", "move",
 * "cancel", "add agenda item", "remind members ..."), read with chrono's British English
 * parser. Anything a clerk might mean two ways is flagged `ambiguous` so it is confirmed back
 * before it is saved.
 */
export interface WhenParsed {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm, or null when no time was given. */
  time: string | null;
  /** The words that gave the date, e.g. "14 March 2024 at 7pm". */
  text: string;
  /** Why the clerk should confirm: e.g. "3/4/2024 could be 3 April or 4 March". */
  doubts: string[];
}

/**
 * Words naming a meeting that are not one day: a day no calendar has ("31 February": no range,
 * so no meeting), or a month or a year (the range it covers). A command that names one of these
 * acts on a meeting in that range or on none, never on "the next meeting".
 */
export interface NamedRange {
  text: string;
  range: { from: string; to: string } | null;
}

export function namedRange(segment: string, now: Date): NamedRange | null {
  const impossible = findImpossibleDate(segment);
  if (impossible) return { text: impossible, range: null };
  const found = findDate(segment, now, 'future');
  if (found && found.entity.from !== found.entity.to)
    return { text: found.entity.text, range: { from: found.entity.from, to: found.entity.to } };
  const year = findYear(segment);
  return year ? { text: year.text, range: { from: year.from, to: year.to } } : null;
}

/** A day chrono found wins over a month or year around it ("16 November 2023"); a day no calendar has wins over everything. */
function beyondDay(named: NamedRange | null, day: chrono.ParsedResult | undefined): NamedRange | null {
  return named && !(day && named.range) ? named : null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const MAX_COMMAND = 500;

function parseAll(text: string, now: Date): chrono.ParsedResult[] {
  return chrono.en.GB.parse(text.slice(0, MAX_COMMAND), { instant: now, timezone: TIME_ZONE }, { forwardDate: true }).filter(
    (r) => r.start.isCertain('day') || r.start.isCertain('weekday'),
  );
}

function toWhen(result: chrono.ParsedResult): WhenParsed {
  const s = result.start;
  const date = `${s.get('year')}-${pad(s.get('month') ?? 1)}-${pad(s.get('day') ?? 1)}`;
  const hasTime = s.isCertain('hour');
  const time = hasTime ? `${pad(s.get('hour') ?? 0)}:${pad(s.get('minute') ?? 0)}` : null;
  const doubts: string[] = [];
  const numeric = /\b(\d{1,2})[/.-](\d{1,2})(?:[/.-]\d{2,4})?\b/.exec(result.text);
  if (numeric && Number(numeric[1]) <= 12 && Number(numeric[2]) <= 12 && numeric[1] !== numeric[2]) {
    doubts.push(`"${numeric[0]}" is read the British way, day first`);
  }
  if (hasTime && !s.isCertain('meridiem') && (s.get('hour') ?? 0) <= 12) {
    doubts.push(
      `"${result.text}" has no am or pm, so ${s.get('hour')} o'clock is read as ${(s.get('hour') ?? 0) < 12 ? 'morning' : 'midday'}`,
    );
  }
  return { date, time, text: result.text.replace(/^(?:on|at|for)\s+/i, ''), doubts };
}

/** Text after the first "in"/"at" that is not part of a date, up to any later date: the venue. */
function venueAfter(text: string, dateSpans: { index: number; end: number }[]): string | null {
  const keyword = /\b(?:in|at)\s+(?:the\s+)?/gi;
  for (let m = keyword.exec(text); m; m = keyword.exec(text)) {
    const start = m.index;
    if (dateSpans.some((s) => start >= s.index && start < s.end)) continue;
    const later = dateSpans.find((s) => s.index > start);
    const venue = text
      .slice(start + m[0].length, later ? later.index : undefined)
      .trim()
      .replace(/[.,;]+$/, '');
    if (venue) return venue.slice(0, 200);
  }
  return null;
}

export interface AddMeetingArgs {
  when: WhenParsed | null;
  venue: string | null;
  /** A day no calendar has, when that is what was given instead of a date. */
  impossible: string | null;
}

export function parseAddMeeting(text: string, now: Date): AddMeetingArgs {
  const results = parseAll(text, now);
  const first = results[0];
  const spans = results.map((r) => ({ index: r.index, end: r.index + r.text.length }));
  const impossible = findImpossibleDate(text.slice(0, MAX_COMMAND)) ?? null;
  return { when: first && !impossible ? toWhen(first) : null, venue: venueAfter(text.slice(0, MAX_COMMAND), spans), impossible };
}

export interface MoveMeetingArgs {
  from: WhenParsed | null;
  /** The meeting to move, when named by a month, a year or a day no calendar has. */
  fromNamed: NamedRange | null;
  to: WhenParsed | null;
  /** A day no calendar has, given as where to move it. */
  toImpossible: string | null;
  venue: string | null;
}

/** "move the 16 November meeting to 23 November at 6.30pm [in <venue>]" */
export function parseMoveMeeting(text: string, now: Date): MoveMeetingArgs {
  const results = parseAll(text, now);
  const spans = results.map((r) => ({ index: r.index, end: r.index + r.text.length }));
  const toIndex = text.search(/\bto\b/i);
  const before = results.filter((r) => toIndex < 0 || r.index < toIndex);
  const after = results.filter((r) => toIndex >= 0 && r.index > toIndex);
  const head = toIndex < 0 ? text.slice(0, MAX_COMMAND) : text.slice(0, toIndex);
  const tail = toIndex < 0 ? '' : text.slice(toIndex, MAX_COMMAND);
  const fromNamed = beyondDay(namedRange(head, now), before[0]);
  const toImpossible = findImpossibleDate(tail) ?? null;
  return {
    from: before[0] && !fromNamed ? toWhen(before[0]) : null,
    fromNamed,
    to: after[0] && !toImpossible ? toWhen(after[0]) : null,
    toImpossible,
    venue: venueAfter(text.slice(0, MAX_COMMAND), spans),
  };
}

export interface CancelMeetingArgs {
  when: WhenParsed | null;
  /** The meeting, when named by a month, a year or a day no calendar has. */
  named: NamedRange | null;
  reason: string | null;
}

/** "cancel the meeting on 16 November because the report is not ready" */
export function parseCancelMeeting(text: string, now: Date): CancelMeetingArgs {
  const reasonMatch = /(?:\bbecause\b|\breason:?|\bdue to\b|\bas\b|,|:)\s*(.+)$/i.exec(text.slice(0, MAX_COMMAND));
  const head = reasonMatch ? text.slice(0, reasonMatch.index) : text;
  const first = parseAll(head, now)[0];
  const reason = reasonMatch?.[1]?.trim() ?? null;
  const named = beyondDay(namedRange(head, now), first);
  return {
    when: first && !named ? toWhen(first) : null,
    named,
    reason: reason && reason.length > 0 ? reason : null,
  };
}

export interface AddAgendaItemArgs {
  number: string | null;
  title: string | null;
  leadOfficer: string | null;
  restricted: boolean;
  when: WhenParsed | null;
  /** The meeting, when named by a month, a year or a day no calendar has. */
  named: NamedRange | null;
  /** Why the clerk should see what will be saved before it is: the command could be read another way. */
  doubts: string[];
}

const RESTRICTED_WORD = /\b(?:restricted|exempt|confidential|private|not for publication)\b/i;
const TRAILING_RESTRICTED = /[\s,;(]*\b(?:restricted|exempt|confidential|private|not for publication)\b\)?\s*$/i;
const TRAILING_LEAD = /[\s,;(]+(?:lead(?:\s+officer)?|presented by|officer)\s*:?\s+(.+?)\)?\s*$/i;
const LINK_WORD = /\b(?:to|for|on)\b/i;

/**
 * The meeting named at the end: the last "to / for / on <date>" (or "... next meeting") whose
 * words are all the date, so "Payment to contractor exempt for 16 November" keeps "to contractor"
 * in the title.
 */
function meetingAtEnd(rest: string, now: Date): { when: WhenParsed | null; named: NamedRange | null; index: number } | null {
  const links = [...rest.matchAll(/\s+(?:to|for|on)\s+(?:the\s+)?/gi)];
  for (const link of links.reverse()) {
    const tail = rest
      .slice(link.index + link[0].length)
      .replace(/\s*\bmeeting\b\s*$/i, '')
      .replace(/^meeting\s+(?:in|of|on)\s+/i, '')
      .trim();
    if (/^next$/i.test(tail)) return { when: null, named: null, index: link.index };
    const named = namedRange(tail, now);
    if (named && named.text.toLowerCase() === tail.toLowerCase()) return { when: null, named, index: link.index };
    const found = parseAll(tail, now)[0];
    if (found && found.index === 0 && found.text.trim().length === tail.length)
      return { when: toWhen(found), named: null, index: link.index };
  }
  return null;
}

/**
 * "add agenda item 11 Budget monitoring lead officer Jane Doe restricted for 16 November". The
 * meeting, the restricted flag and the lead officer are read from the end, in any order; what is
 * left is the title (a quoted title is taken exactly as quoted). A restricted word anywhere marks
 * the item restricted: restricted is never lost, and anything that could be read two ways is
 * listed in `doubts` for the clerk to confirm.
 */
export function parseAddAgendaItem(text: string, now: Date): AddAgendaItemArgs {
  const body = text.slice(0, MAX_COMMAND).replace(/^\s*add\s+(?:an\s+)?(?:agenda\s+)?item\s*/i, '');
  const numberMatch = /^(?:no\.?\s*|number\s*)?([0-9]{1,3}[a-z]?)\b[.:]?\s*/i.exec(body);
  let rest = numberMatch ? body.slice(numberMatch[0].length) : body;
  const doubts: string[] = [];
  const quoted = /^["“](.+?)["”]/.exec(rest.trim());
  let title: string;
  let when: WhenParsed | null = null;
  let named: NamedRange | null = null;
  let restricted = false;
  let leadOfficer: string | null = null;
  // The title in quotes is exact; the rest after it carries the meeting, flag and officer.
  let tail = quoted ? rest.trim().slice(quoted[0].length) : rest;
  const meeting = meetingAtEnd(tail, now);
  if (meeting) {
    when = meeting.when;
    named = meeting.named;
    tail = tail.slice(0, meeting.index);
  }
  for (let changed = true; changed;) {
    changed = false;
    if (TRAILING_RESTRICTED.test(tail)) {
      restricted = true;
      tail = tail.replace(TRAILING_RESTRICTED, '');
      changed = true;
    }
    const lead: RegExpExecArray | null = leadOfficer === null ? TRAILING_LEAD.exec(tail) : null;
    if (lead) {
      leadOfficer = lead[1]!.trim() || null;
      tail = tail.slice(0, lead.index);
      changed = true;
    }
  }
  if (quoted) {
    title = quoted[1]!.trim();
    if (tail.trim()) doubts.push(`the words after the quoted title ("${tail.trim()}") were not understood`);
  } else {
    title = tail
      .trim()
      .replace(/^[:\-–]\s*/, '')
      .trim();
    rest = title;
    if (RESTRICTED_WORD.test(rest)) {
      restricted = true;
      doubts.push('the title contains a word that marks an item restricted, so it is saved as restricted');
    }
    if (LINK_WORD.test(rest)) doubts.push('the title contains "to", "for" or "on", so where the title ends was a judgement');
    if (/\b(?:lead|officer|presented by)\b/i.test(rest)) doubts.push('the title mentions a lead officer, which was not separated from it');
    if (parseAll(rest, now).length > 0) doubts.push('the title contains a date, which was not taken as the meeting');
  }
  if (leadOfficer && RESTRICTED_WORD.test(leadOfficer)) {
    restricted = true;
    doubts.push('the lead officer contains a word that marks an item restricted, so it is saved as restricted');
  }
  return { number: numberMatch?.[1] ?? null, title: title || null, leadOfficer, restricted, when, named, doubts };
}

export interface ReminderScheduleArgs {
  daysBefore: number[];
  /** HH:mm */
  at: string | null;
  includeMembers: boolean;
}

/** "remind members 7 days and 1 day before each meeting at 9am" */
export function parseReminderSchedule(text: string): ReminderScheduleArgs {
  const t = text.slice(0, MAX_COMMAND).toLowerCase();
  const days = new Set<number>();
  const re = /(\d{1,2}|a|one|two|three|seven|fourteen)\s+(days?|weeks?|fortnight)\b/g;
  const words: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, seven: 7, fourteen: 14 };
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const n = words[m[1]!] ?? Number(m[1]);
    const unit = m[2]!.startsWith('week') ? 7 : m[2] === 'fortnight' ? 14 : 1;
    if (n * unit <= 60) days.add(n * unit);
  }
  if (/\b(?:the )?day before\b/.test(t) && !/\d+\s+days?\s+before/.test(t)) days.add(1);
  if (/\bon the day\b/.test(t)) days.add(0);
  const time = /\bat\s+(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)?\b/.exec(t);
  let at: string | null = null;
  if (time) {
    let hour = Number(time[1]);
    if (time[3] === 'pm' && hour < 12) hour += 12;
    if (time[3] === 'am' && hour === 12) hour = 0;
    if (hour <= 23) at = `${pad(hour)}:${time[2] ?? '00'}`;
  }
  return { daysBefore: [...days].sort((a, b) => b - a), at, includeMembers: /\bmembers\b|\beveryone\b/.test(t) };
}
