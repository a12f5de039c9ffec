import type { CardViewModel } from '../../cards/render';
import { formatDate, londonDate } from '../../format';
import type { Action, Meeting, Minutes } from '../../store/schema';
import type { Entities } from '../../recognition/types';
import { messageAnswer, type Answer, type QuestionButton } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { committeeIdOf } from '../meetings/meetings';
import { fitPage, shorten } from '../shared/paging';

/**
 * The minutes the store holds, as members ask for them: "minutes of the June meeting", "what
 * was decided about home to school transport", "what did the committee resolve on fostering",
 * "minute 38". Each minute shows its number, title, summary, resolutions and the actions arising
 * from it, with the source document and pages.
 *
 * A minute of a restricted (exempt) agenda item shows its number and title and the restricted
 * note only: never its summary, resolutions or actions, and a search never matches its words.
 * A meeting, minute or subject the minutes do not cover gets an honest answer and the minutes
 * that are held as buttons, never a different meeting's or minute's content.
 */

export const MINUTES_TEMPLATE = 'minutes';
/** Minutes on one card at most (fitPage keeps it under 28 KB whatever is stored). */
export const MINUTES_PER_PAGE = 6;
const SUMMARY_CHARS = 1200;
const RESOLUTION_CHARS = 500;
const LIST_CHARS = 300;
const MAX_LIST = 8;

export interface MinuteView {
  heading: string;
  /** "Thursday 15 June 2023" (search results span meetings). */
  meeting: string;
  restricted: boolean;
  restrictedNote: string;
  summary: string;
  resolutionsHeading: string;
  resolutions: string[];
  actionsHeading: string;
  actions: string[];
}

export interface MinutesView extends CardViewModel {
  title: string;
  intro: string;
  minutes: MinuteView[];
  source: string;
  showing: string;
  hasMore: boolean;
  moreLabel: string;
  more: Record<string, unknown> | null;
  options: QuestionButton[];
}

type MinuteItem = Minutes['items'][number];

const RESTRICTED_NOTE = 'Restricted: not for publication. Its discussion and decisions are not shown.';

function norm(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A minute is restricted when its agenda item is, or when it says it is exempt or confidential. */
export function isRestricted(meeting: Meeting | undefined, item: MinuteItem): boolean {
  if (/\b(?:exempt|confidential|restricted|not for publication)\b/i.test(item.title)) return true;
  const title = norm(item.title);
  return (meeting?.agendaItems ?? []).some((a) => a.restricted && norm(a.title) === title);
}

function sourceText(minutes: Minutes): string {
  const s = minutes.source;
  const page = s.page ? `, ${/^\d+$/.test(s.page) ? 'page' : 'pages'} ${s.page}` : '';
  return `Source: ${s.document}${s.section ? `, ${s.section}` : ''}${page}`;
}

function minuteView(arising: readonly Action[], minutes: Minutes, meeting: Meeting | undefined, item: MinuteItem): MinuteView {
  const when = meeting ? formatDate(meeting.date) : '';
  const heading = shorten(`Minute ${item.minuteNumber}: ${item.title}`, 200).text;
  if (isRestricted(meeting, item)) {
    return {
      heading,
      meeting: when,
      restricted: true,
      restrictedNote: RESTRICTED_NOTE,
      summary: '',
      resolutionsHeading: '',
      resolutions: [],
      actionsHeading: '',
      actions: [],
    };
  }
  const capped = (rows: string[], chars: number) => {
    const shown = rows.slice(0, MAX_LIST).map((r) => shorten(r, chars).text);
    if (rows.length > MAX_LIST) shown.push(`and ${rows.length - MAX_LIST} more`);
    return shown;
  };
  const actions = arising
    .filter((a) => a.origin.meetingId === minutes.meetingId && a.origin.minuteNumber === item.minuteNumber)
    .map((a) => `${a.reference}: ${a.text} (${a.status.replace('-', ' ')})`);
  return {
    heading,
    meeting: when,
    restricted: false,
    restrictedNote: '',
    summary: shorten(item.summary, SUMMARY_CHARS).text,
    resolutionsHeading: item.resolutions.length > 0 ? 'Resolved' : 'No resolutions recorded',
    resolutions: capped(item.resolutions, RESOLUTION_CHARS),
    actionsHeading: actions.length > 0 ? 'Actions arising' : '',
    actions: capped(actions, LIST_CHARS),
  };
}

/** The committee's meetings (oldest first) and the minutes held for them (newest meeting first). */
async function heldMinutes(ctx: AskContext): Promise<{ meetings: readonly Meeting[]; held: { minutes: Minutes; meeting: Meeting }[] }> {
  const meetings = await ctx.records.meetings.list(await committeeIdOf(ctx));
  const minutes = await Promise.all(meetings.map((meeting) => ctx.records.minutes.ofMeeting(meeting.id)));
  const held = meetings.flatMap((meeting, i) => (minutes[i] ? [{ minutes: minutes[i], meeting }] : [])).reverse();
  return { meetings, held };
}

function heldButtons(held: { minutes: Minutes; meeting: Meeting }[]): QuestionButton[] {
  return held.slice(0, 4).map(({ meeting }) => ({
    label: `Minutes of ${formatDate(meeting.date)}`,
    text: `minutes of ${formatDate(meeting.date).replace(/^\w+ /, '')}`,
  }));
}

function heldLine(held: { minutes: Minutes; meeting: Meeting }[]): string {
  if (held.length === 0) return 'I hold no minutes yet.';
  return `The minutes I hold: ${held
    .slice(0, 6)
    .map(({ minutes, meeting }) => {
      const numbers = minutes.items.map((i) => i.minuteNumber);
      const range =
        numbers.length > 1 ? ` (minutes ${numbers[0]!} to ${numbers.at(-1)!})` : numbers.length === 1 ? ` (minute ${numbers[0]!})` : '';
      return `${formatDate(meeting.date)}${range}`;
    })
    .join('; ')}.`;
}

interface Found {
  minutes: Minutes;
  meeting: Meeting;
  item: MinuteItem;
}

async function page(
  ctx: AskContext,
  title: string,
  intro: string,
  found: Found[],
  offset: unknown,
  more: Record<string, unknown>,
  options: QuestionButton[],
): Promise<Answer> {
  const meetingIds = [...new Set(found.map((f) => f.minutes.meetingId))];
  const arising = new Map(await Promise.all(meetingIds.map(async (id) => [id, await ctx.records.actions.forMeeting(id)] as const)));
  const view = fitPage<Found, MinutesView>(
    MINUTES_TEMPLATE,
    found,
    offset,
    () => more,
    (p) => {
      const minutes = p.rows.map((f) => minuteView(arising.get(f.minutes.meetingId) ?? [], f.minutes, f.meeting, f.item));
      const sources = [...new Set(p.rows.map((f) => sourceText(f.minutes)))];
      return {
        summary: shorten(
          `${title}. ${intro} ${minutes
            .map((m) => `${m.heading}${m.restricted ? ` (${m.restrictedNote})` : `: ${m.summary} ${m.resolutions.join(' ')}`}`)
            .join(' ')}`,
          4000,
        ).text,
        title,
        intro,
        minutes,
        source: sources.join('; '),
        showing: p.view.showing,
        hasMore: p.view.hasMore,
        moreLabel: p.view.moreLabel,
        more: p.view.more,
        options,
      };
    },
    MINUTES_PER_PAGE,
  );
  return { template: MINUTES_TEMPLATE, view };
}

/** The meeting's whole minutes, a page at a time. */
export async function minutesOfMeeting(ctx: AskContext, meetingId: unknown, offset?: unknown): Promise<Answer | null> {
  if (typeof meetingId !== 'string') return null;
  const meeting = await ctx.records.meetings.get(meetingId);
  const minutes = meeting ? await ctx.records.minutes.ofMeeting(meeting.id) : undefined;
  if (!meeting || !minutes) return null;
  const found = minutes.items.map((item) => ({ minutes, meeting, item }));
  const present = minutes.present.length;
  return page(
    ctx,
    `Minutes of ${formatDate(meeting.date)}`,
    `${minutes.items.length} minutes; ${present} member${present === 1 ? '' : 's'} present.`,
    found,
    offset,
    { verb: 'minutes.more', meetingId: meeting.id },
    [],
  );
}

const DECISION_WORDS = /\b(?:decid\w*|decision\w*|resol\w*|agree\w*|conclu\w*|recommend\w*|minuted|say|said|discuss\w*)\b/i;
/** Words that say which meeting or that it is a question, not what it is about. */
const NOT_TOPIC = new Set(
  (
    'a an the of on in at for to about regarding concerning re what was were is are did do does has have had how ' +
    'committee committees council members member we they it minutes minute meeting meetings last previous latest ' +
    'recent june july august september october november december january february march april may ' +
    'scrutiny o&s os children childrens services overview and there any anything something show me tell give ' +
    'please decided decide decision decisions resolve resolved resolution resolutions agree agreed conclude concluded ' +
    'recommend recommended recommendation recommendations say said discuss discussed discussion minuted this that ' +
    'held from with by our which when where who why you can could would should made make taken take were any'
  ).split(' '),
);

function topicWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !NOT_TOPIC.has(w) && !/^\d+(?:st|nd|rd|th)?$/.test(w));
}

/** "fostering" finds "foster"; short words must match exactly ("care" never finds "career"). */
function wordMatches(wanted: string, have: string): boolean {
  if (wanted === have) return true;
  if (wanted.length < 5 || have.length < 5) return false;
  return wanted.startsWith(have) || have.startsWith(wanted);
}

function mentions(item: MinuteItem, words: string[]): boolean {
  const have = `${item.title} ${item.summary} ${item.resolutions.join(' ')}`
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9]+/);
  return words.every((w) => have.some((h) => wordMatches(w, h)));
}

/** The meeting a question names: a date or month, "last", or (none named) the latest with minutes. */
function meetingAsked(
  ctx: AskContext,
  meetings: readonly Meeting[],
  held: readonly { meeting: Meeting }[],
  e: Entities,
): { meeting?: Meeting; named: string } {
  const today = londonDate(ctx.now);
  const past = meetings.filter((m) => m.date <= today && m.status !== 'cancelled');
  if (e.date) {
    const inRange = meetings.filter((m) => m.date >= e.date!.from && m.date <= e.date!.to && m.status !== 'cancelled');
    const minuted = new Set(held.map((h) => h.meeting.id));
    return { meeting: inRange.find((m) => minuted.has(m.id)) ?? inRange[0], named: e.date.text };
  }
  if (e.relative === 'last') return { meeting: past.at(-1), named: 'the last meeting' };
  if (e.relative === 'next') {
    return { meeting: meetings.find((m) => m.date > today && m.status !== 'cancelled'), named: 'the next meeting' };
  }
  return { meeting: undefined, named: '' };
}

/** The answer to a question about the minutes or what was decided. */
export async function minutesAnswer(ctx: AskContext, e: Entities, text: string): Promise<Answer> {
  const { meetings, held } = await heldMinutes(ctx);
  const buttons = heldButtons(held);
  const number = /\bminute\s*(?:no\.?|number|#)?\s*(\d{1,4}[a-z]?)\b/i.exec(text)?.[1]?.toLowerCase();
  if (number) {
    const found = held.flatMap(({ minutes, meeting }) =>
      minutes.items.filter((i) => i.minuteNumber.toLowerCase() === number).map((item) => ({ minutes, meeting, item })),
    );
    if (found.length === 0) return messageAnswer(`Minute ${number}`, [`I don't hold a minute ${number}.`, heldLine(held)], buttons);
    return page(
      ctx,
      `Minute ${number}`,
      '',
      found,
      0,
      { verb: 'minutes.more', minute: number },
      found.length === 1
        ? [
            {
              label: `All minutes of ${formatDate(found[0]!.meeting.date)}`,
              text: `minutes of ${formatDate(found[0]!.meeting.date).replace(/^\w+ /, '')}`,
            },
          ]
        : [],
    );
  }

  const asked = meetingAsked(ctx, meetings, held, e);
  const topic =
    DECISION_WORDS.test(text) || /\b(?:about|regarding|concerning|on)\b/i.test(text)
      ? topicWords(text.replace(/\bitem\s*\d+\w?\b/gi, ' '))
      : [];
  if (asked.named && !asked.meeting) {
    return messageAnswer('No such meeting', [`I don't hold a meeting for ${asked.named}.`, heldLine(held)], buttons);
  }
  if (topic.length > 0) {
    const shownTopic = shorten(topic.join(' '), 120).text;
    const pool = asked.meeting ? held.filter((h) => h.meeting.id === asked.meeting!.id) : held;
    const found = pool.flatMap(({ minutes, meeting }) =>
      minutes.items.filter((item) => !isRestricted(meeting, item) && mentions(item, topic)).map((item) => ({ minutes, meeting, item })),
    );
    if (found.length === 0 && !(asked.meeting && pool.length === 0)) {
      const where = asked.meeting ? `The minutes of ${formatDate(asked.meeting.date)} record` : 'The minutes I hold record';
      return messageAnswer('Nothing in the minutes I hold', [`${where} nothing about "${shownTopic}".`, heldLine(held)], buttons);
    }
    if (found.length > 0)
      return page(
        ctx,
        `Minutes about "${shownTopic}"`,
        `${found.length} minute${found.length === 1 ? '' : 's'} mention${found.length === 1 ? 's' : ''} it.`,
        found,
        0,
        { verb: 'minutes.more', topic: topic.join(' ') },
        [],
      );
  }
  const target = asked.meeting ?? held[0]?.meeting;
  if (!target) return messageAnswer('Minutes', [heldLine(held)]);
  const answer = await minutesOfMeeting(ctx, target.id);
  if (!answer) {
    const when = target.date > londonDate(ctx.now) ? 'has not happened yet' : 'are not held yet';
    const line =
      target.date > londonDate(ctx.now)
        ? `The meeting of ${formatDate(target.date)} ${when}, so it has no minutes.`
        : `The minutes of ${formatDate(target.date)} ${when}.`;
    return messageAnswer('Minutes not held', [line, heldLine(held)], buttons);
  }
  return answer;
}

/** "Show more" on a minutes card: the same list again from the store, the page at `offset`. */
export async function minutesMore(ctx: AskContext, data: Record<string, unknown>): Promise<Answer | null> {
  if (typeof data.meetingId === 'string') return minutesOfMeeting(ctx, data.meetingId, data.offset);
  const { held } = await heldMinutes(ctx);
  if (typeof data.minute === 'string') {
    const found = held.flatMap(({ minutes, meeting }) =>
      minutes.items.filter((i) => i.minuteNumber.toLowerCase() === data.minute).map((item) => ({ minutes, meeting, item })),
    );
    return found.length > 0
      ? page(ctx, `Minute ${data.minute}`, '', found, data.offset, { verb: 'minutes.more', minute: data.minute }, [])
      : null;
  }
  if (typeof data.topic === 'string' && data.topic.length <= 400) {
    const topic = topicWords(data.topic);
    const found = held.flatMap(({ minutes, meeting }) =>
      minutes.items.filter((item) => !isRestricted(meeting, item) && mentions(item, topic)).map((item) => ({ minutes, meeting, item })),
    );
    if (topic.length === 0 || found.length === 0) return null;
    const shownTopic = shorten(topic.join(' '), 120).text;
    return page(
      ctx,
      `Minutes about "${shownTopic}"`,
      `${found.length} minutes mention it.`,
      found,
      data.offset,
      { verb: 'minutes.more', topic: topic.join(' ') },
      [],
    );
  }
  return null;
}
