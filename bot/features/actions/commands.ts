import { findDate } from '../../recognition/dates';
import type { DateEntity } from '../../recognition/types';
import type { ActionStatus } from '../../store/schema';

/**
 * Reading the clerks' and owners' action commands from the text as typed (the recogniser only
 * chose the command): the action added and its details, the change to an action, the chasing
 * times. Nothing here decides whether the command may run; it only reads what was asked.
 */

/** Longest text read from a command (the rest is ignored, as for every command). */
const MAX_COMMAND = 2000;

export interface AddActionArgs {
  /** The words naming the meeting ("12 September"), the date they name, or "last"/"next". */
  meeting: { text: string; date: DateEntity | null; relative: 'last' | 'next' | null } | null;
  text: string;
  owner: string | null;
  due: string | null;
  requestedBy: string | null;
  minute: string | null;
  reference: string | null;
}

const CLAUSE_WORDS = String.raw`owner|owned by|action owner|due(?: date| by| on)?|requested by|asked by|raised by|minute|item|reference|ref`;
const CLAUSE_SPLIT = new RegExp(String.raw`\s*[,;]\s*(?=(?:${CLAUSE_WORDS})\b)`, 'i');
const CLAUSE = new RegExp(String.raw`^(${CLAUSE_WORDS})\s*[:\-]?\s*(.*)$`, 'is');

/** "add action for the 12 September meeting: a breakdown of agency staff costs, owner Janet Simon, due 30 October" */
export function parseAddAction(raw: string, now: Date): AddActionArgs {
  const text = raw.slice(0, MAX_COMMAND).trim();
  const rest = text.replace(/^(?:please\s+)?(?:add|record|new|create|log)\s+(?:an?\s+|new\s+)*action\b\s*/i, '');
  let head = '';
  let body = rest;
  const colon = rest.indexOf(':');
  const forMeeting = /^(?:for|from|at)\s+(?:the\s+)?(.*?)\s*\bmeeting\b\s*[,:-]?\s*/i.exec(rest);
  if (forMeeting) {
    head = forMeeting[1]!;
    body = rest.slice(forMeeting[0].length);
  } else if (colon >= 0) {
    head = rest.slice(0, colon);
    body = rest.slice(colon + 1);
  }
  const [first = '', ...clauses] = body.split(CLAUSE_SPLIT);
  const args: AddActionArgs = {
    meeting: null,
    text: first.trim().replace(/^[:\-\s]+/, ''),
    owner: null,
    due: null,
    requestedBy: null,
    minute: null,
    reference: null,
  };
  for (const clause of clauses) {
    const m = CLAUSE.exec(clause.trim());
    if (!m) continue;
    const word = m[1]!.toLowerCase();
    const value = m[2]!.trim().replace(/[.\s]+$/, '');
    if (!value) continue;
    if (word.includes('owner') || word === 'owned by') args.owner = value;
    else if (word.startsWith('due')) args.due = value;
    else if (/requested|asked|raised/.test(word)) args.requestedBy = value;
    else if (word === 'minute' || word === 'item') args.minute = value;
    else args.reference = value;
  }
  const words = head
    .replace(/^(?:for|from|at)\s+/i, '')
    .replace(/^the\s+/i, '')
    .trim();
  if (words) {
    const relative = /^(?:last|previous|latest)$/i.test(words) ? 'last' : /^next$/i.test(words) ? 'next' : null;
    args.meeting = { text: words, date: relative ? null : (findDate(words, now, 'nearest')?.entity ?? null), relative };
  }
  return args;
}

export interface ActionChangeArgs {
  /** "3", "1.1", "1.3.2" as typed after "action". */
  reference: string;
  status?: ActionStatus;
  rag?: 'red' | 'amber' | 'green';
  note?: string;
  /** The new due date's words, as typed. */
  due?: string;
  dueReason?: string;
}

const REFERENCE = String.raw`([a-z]{0,4}\s?\d+(?:\.\d+)*[a-z]?)`;
const STATUS_WORDS: [RegExp, ActionStatus][] = [
  [/\b(?:done|complete|completed|finished|closed)\b/i, 'complete'],
  [/\b(?:dropped|withdrawn|abandoned|no longer needed|cancelled|canceled)\b/i, 'dropped'],
  [/\b(?:in progress|under way|underway|started|ongoing)\b/i, 'in-progress'],
  [/\b(?:re-?opened|open again|not done)\b/i, 'open'],
];

/**
 * "action 3 done", "mark action 3 as done", "update action 1.1: presented to the board",
 * "action 2 will be late, new date 30 November", "action 1.3.2 is amber". Null when no action
 * reference is named.
 */
export function parseActionChange(raw: string): ActionChangeArgs | null {
  const text = raw.slice(0, MAX_COMMAND).trim();
  const named = new RegExp(
    String.raw`^(?:please\s+)?(?:update|mark|set|close|complete|progress|show)?\s*(?:on\s+)?action\s+(?:no\.?\s*|number\s+)?${REFERENCE}`,
    'i',
  ).exec(text);
  if (!named) return null;
  const args: ActionChangeArgs = { reference: named[1]!.trim() };
  let rest = text.slice(named[0].length);
  // After a colon everything is the note, as typed.
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const note = rest.slice(colon + 1).trim();
    if (note) args.note = note;
    rest = rest.slice(0, colon);
  }
  const newDate =
    /[,;]?\s*\b(?:new (?:due )?date|now due|due (?:date )?(?:now|moved to|changed to)|moved to|revised date)\s*(?:is|of|to)?\s*[:-]?\s*(.+)$/i.exec(
      rest,
    );
  if (newDate) {
    args.due = newDate[1]!.trim().replace(/[.\s]+$/, '');
    const reason = rest
      .slice(0, newDate.index)
      .replace(/^[\s,;:-]*(?:is\s+|has\s+been\s+)?/i, '')
      .trim();
    if (reason) args.dueReason = reason;
    rest = rest.slice(0, newDate.index);
  }
  const bare = rest.replace(/^[\s,;:-]*(?:as|is|has been|to)?\s*/i, '');
  for (const [pattern, status] of STATUS_WORDS) {
    if (pattern.test(bare) && !(status === 'open' && args.status)) {
      args.status = status;
      break;
    }
  }
  const rag = /\b(red|amber|green)\b/i.exec(bare);
  if (rag) args.rag = rag[1]!.toLowerCase() as ActionChangeArgs['rag'];
  return args;
}

/** Whether the change asks for anything (else the action is shown with its Update button). */
export function asksForChange(args: ActionChangeArgs): boolean {
  return args.status !== undefined || args.rag !== undefined || args.note !== undefined || args.due !== undefined;
}

export interface ChaseArgs {
  /** 0 Sunday to 6 Saturday. */
  weekday: number | null;
  /** HH:mm */
  at: string | null;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** "chase action owners every Monday at 9am" */
export function parseChase(raw: string): ChaseArgs {
  const t = raw.slice(0, MAX_COMMAND).toLowerCase();
  const day = /\b(sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day|nesday|rsday|urday|sday)?s?\b/.exec(t);
  const weekday = day ? WEEKDAYS.findIndex((w) => w.startsWith(day[1]!.slice(0, 3))) : null;
  const time = /\bat\s+(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)?\b/.exec(t);
  let at: string | null = null;
  if (time) {
    let hour = Number(time[1]);
    const minute = Number(time[2] ?? '0');
    if (time[3] === 'pm' && hour < 12) hour += 12;
    if (time[3] === 'am' && hour === 12) hour = 0;
    if (hour <= 23 && minute <= 59) at = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  }
  return { weekday, at };
}
