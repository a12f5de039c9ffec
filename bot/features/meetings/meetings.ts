import { agendaPublicationDeadline } from './workingDays';
import { cardBytes, MAX_CARD_BYTES, type CardViewModel } from '../../cards/render';
import { daysBetween, formatDate, formatShortDate } from '../../format';
import { hasStarted, isUpcoming, meetingStart } from '../../store/meetingTime';
import type { Repository, Versioned } from '../../store/repository';
import type { AgendaItem, Committee, Meeting, Source } from '../../store/schema';
import { chooseAnswer, messageAnswer, type Answer, type QuestionButton } from '../shared/answer';
import type { AskContext, QuestionContext } from '../shared/context';
import { resolveCommittee } from '../shared/guards';
import { agendaItemRef, sameItemNumber } from '../shared/agendaItems';
import { meetingWhen } from '../shared/meetingWhen';
import { fitPage, fullTextData, shorten } from '../shared/paging';

/**
 * "When is the next meeting?", "Is there a meeting in January?", "What's on the agenda on
 * 16 November?": meetings and their agendas, answered from the store as at ctx.now.
 * Restricted (exempt, Schedule 12A) items show their number and title only, everywhere.
 */

/** A date the user named: first and last London calendar day it covers (YYYY-MM-DD). */
export interface DateRange {
  from: string;
  to: string;
  text: string;
}

export interface MeetingQuery {
  date?: DateRange;
  relative?: 'next' | 'last';
  /** Words that name a day no calendar has ("31 February"). */
  unmatchedDate?: string;
}

export interface AgendaQuery extends MeetingQuery {
  itemNumber?: string;
}

export const RESTRICTED_NOTE = 'Restricted (not for publication)';

// ---------------------------------------------------------------------------------------------
// Helpers shared by the meeting, agenda, membership and work programme answers.

export type CommitteeOrAnswer = { committee: Committee } | { answer: Answer };

/**
 * The committee the question is about: ctx.committeeId when the caller resolved it, else
 * resolveCommittee; when that leaves several, a "which committee?" answer whose buttons repeat
 * the question with each committee's name.
 */
export async function committeeForQuestion(ctx: AskContext, question: (committeeName: string) => string): Promise<CommitteeOrAnswer> {
  const known = ctx.committeeId ? await ctx.records.committees.get(ctx.committeeId) : undefined;
  if (known) return { committee: known };
  const choice = resolveCommittee(await ctx.records.committees.all(), { linkedId: ctx.committeeId, personId: ctx.personId });
  if (choice.kind === 'one') return { committee: choice.committee };
  return {
    answer: chooseAnswer(
      'Which committee?',
      'Which committee do you mean?',
      choice.committees.map((c) => ({ label: c.name, text: question(c.name) })),
    ),
  };
}

/** "the Children's Services Overview and Scrutiny Committee" */
export function theCommittee(committee: Committee): string {
  return /^the\s/i.test(committee.name) ? committee.name : `the ${committee.name}`;
}

export { meetingWhen } from '../shared/meetingWhen';

/** "at Committee Room 2, ..." or "venue to be confirmed", for sentences. */
export function meetingWherePhrase(meeting: Meeting): string {
  return meeting.venue ? `at ${meeting.venue}` : 'venue to be confirmed';
}

/** "today", "tomorrow", "in 7 days", "yesterday", "20 days ago" (London calendar days). */
export function relativeDays(now: Date, meeting: Meeting): string {
  const days = daysBetween(now, meetingStart(meeting));
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** "Source: agenda-pack.txt, pages 1-4" */
export function sourceLine(source: Source): string {
  if (!source.page) return `Source: ${source.document}`;
  const word = /^\d+$/.test(source.page) ? 'page' : 'pages';
  return `Source: ${source.document}, ${word} ${source.page}`;
}

/** "As at Tuesday 5 September 2023" */
export function asAtLine(now: Date): string {
  return `As at ${formatDate(now)}`;
}

/** "on Tuesday 16 January 2024", "in January 2024", "between 1 and 14 January 2024" */
export function describeRange(range: DateRange): string {
  if (range.from === range.to) return `on ${formatDate(range.from)}`;
  if (range.from.endsWith('-01-01') && range.to === `${range.from.slice(0, 4)}-12-31`) return `in ${range.from.slice(0, 4)}`;
  const [y, m, d] = range.from.split('-').map(Number);
  if (y !== undefined && m !== undefined && d === 1) {
    const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (range.to === `${range.from.slice(0, 8)}${String(lastDay).padStart(2, '0')}`) {
      return `in ${formatShortDate(range.from).replace(/^\d+ /, '')}`;
    }
  }
  return `between ${formatShortDate(range.from)} and ${formatShortDate(range.to)}`;
}

export function meetingsInRange(meetings: readonly Meeting[], range: DateRange): Meeting[] {
  return meetings.filter((m) => m.date >= range.from && m.date <= range.to);
}

/** The first meeting that has not started and is not cancelled. */
export function findNextMeeting(meetings: readonly Meeting[], now: Date): Meeting | undefined {
  return meetings.find((m) => isUpcoming(m, now));
}

/** The latest meeting that has started (cancelled ones left out). */
export function findLastMeeting(meetings: readonly Meeting[], now: Date): Meeting | undefined {
  return [...meetings].reverse().find((m) => m.status !== 'cancelled' && hasStarted(m, now));
}

/** Up to `count` meetings nearest to a date range, in date order (cancelled ones left out). */
export function nearestMeetings(meetings: readonly Meeting[], range: DateRange, count = 3): Meeting[] {
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  const distance = (m: Meeting) =>
    m.date < range.from ? day(range.from) - day(m.date) : m.date > range.to ? day(m.date) - day(range.to) : 0;
  return meetings
    .filter((m) => m.status !== 'cancelled')
    .map((m) => ({ m, d: distance(m) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, count)
    .map((x) => x.m)
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** "Agenda published on Monday 4 September 2023" / "Agenda not yet published" */
export function agendaStatus(meeting: Meeting, now: Date): string {
  if (meeting.agendaPublished) return `Agenda published on ${formatDate(meeting.agendaPublished)}`;
  if (hasStarted(meeting, now)) return 'Agenda publication date not recorded';
  return 'Agenda not yet published';
}

/** "pages 13-20", "page 7", or null when not known. */
export function pagesText(pages: AgendaItem['pages']): string | null {
  if (!pages) return null;
  return pages.from === pages.to ? `page ${pages.from}` : `pages ${pages.from}-${pages.to}`;
}

/**
 * The first of `candidates` (fullest first) whose card fits Teams' 28 KB limit; the last one
 * when none does (callers make the last one small enough).
 */
export function fitCard<V extends CardViewModel>(template: string, candidates: Iterable<V>): V {
  let last: V | undefined;
  for (const view of candidates) {
    last = view;
    if (cardBytes(template, view) < MAX_CARD_BYTES - 256) return view;
  }
  if (!last) throw new Error(`fitCard(${template}): no candidate views`);
  return last;
}

// ---------------------------------------------------------------------------------------------
// View models.

export interface AgendaItemView {
  /** "5. Youth Cabinet Update" */
  heading: string;
  restricted: boolean;
  /** "Restricted (not for publication)" for restricted items, else "". */
  note: string;
  /** "pages 13-20 · Lead officer: Angela Surrey, Youth Worker" or "". */
  details: string;
  hasDetails: boolean;
  description: string;
  hasDescription: boolean;
  /** "Late item: <urgency reason>" or "". */
  lateText: string;
  isLate: boolean;
  /** "Full text" button data when the title or description is shortened on the card. */
  fullTitle: Record<string, unknown> | null;
  fullDescription: Record<string, unknown> | null;
}

export interface SubmitActionView {
  title: string;
  data: Record<string, string>;
}

export interface UrlActionView {
  title: string;
  url: string;
}

export interface MeetingSectionView {
  id: string;
  /** "Next meeting", "Last meeting", "Meeting", "Most recent meeting" */
  label: string;
  when: string;
  relative: string;
  venue: string;
  agendaStatus: string;
  isCancelled: boolean;
  statusText: string;
  hasWebcast: boolean;
  webcastTitle: string;
  webcastUrl: string;
  agendaHeading: string;
  items: AgendaItemView[];
  hasItems: boolean;
  itemsNote: string;
  hasItemsNote: boolean;
}

export interface MeetingCardView extends CardViewModel {
  title: string;
  notices: string[];
  hasNotices: boolean;
  hasMeeting: boolean;
  meeting: MeetingSectionView | null;
  submitActions: SubmitActionView[];
  urlActions: UrlActionView[];
  source: string;
  asAt: string;
}

export interface AgendaCardView extends CardViewModel {
  title: string;
  subtitle: string;
  relative: string;
  venue: string;
  agendaStatus: string;
  notices: string[];
  hasNotices: boolean;
  isCancelled: boolean;
  statusText: string;
  items: AgendaItemView[];
  hasItems: boolean;
  itemsNote: string;
  hasItemsNote: boolean;
  submitActions: SubmitActionView[];
  urlActions: UrlActionView[];
  source: string;
  asAt: string;
  hasMore: boolean;
  moreLabel: string;
  more: Record<string, unknown> | null;
}

/**
 * What a reader may see of an agenda item. A restricted item yields its number and title and
 * the restricted note only: its description, pages, lead officer and urgency reason never
 * leave this function.
 */
export function agendaItemView(item: AgendaItem, options: { description: boolean; meetingId?: string }): AgendaItemView {
  const title = shorten(item.title);
  const heading = `${shorten(item.number, 20).text}. ${title.text}`;
  const full = (field: string) =>
    options.meetingId ? fullTextData('agendaItem', agendaItemRef(options.meetingId, item.number), field) : null;
  const fullTitle = title.shortened ? full('title') : null;
  if (item.restricted) {
    return {
      heading,
      restricted: true,
      note: RESTRICTED_NOTE,
      details: '',
      hasDetails: false,
      description: '',
      hasDescription: false,
      lateText: '',
      isLate: false,
      fullTitle,
      fullDescription: null,
    };
  }
  const pages = pagesText(item.pages);
  const details = shorten(
    [pages, item.leadOfficer ? `Lead officer: ${item.leadOfficer}` : null].filter((x): x is string => Boolean(x)).join(' · '),
  ).text;
  const description = shorten(options.description && item.description ? item.description : '');
  const lateText = shorten(item.late ? (item.urgencyReason ? `Late item: ${item.urgencyReason}` : 'Late item') : '').text;
  return {
    heading,
    fullTitle,
    fullDescription: description.shortened ? full('description') : null,
    restricted: false,
    note: '',
    details,
    hasDetails: details !== '',
    description: description.text,
    hasDescription: description.text !== '',
    lateText,
    isLate: lateText !== '',
  };
}

/** Send apologies / Declare an interest (ahead of the meeting only), Add to calendar, and its modern.gov page. */
function meetingActions(ctx: AskContext, meeting: Meeting): { submitActions: SubmitActionView[]; urlActions: UrlActionView[] } {
  // A meeting from modern.gov links to its page there (papers, minutes, webcast).
  const page = meeting.moderngov?.url ? [{ title: 'Open in modern.gov', url: meeting.moderngov.url }] : [];
  if (!isUpcoming(meeting, ctx.now)) return { submitActions: [], urlActions: page };
  return {
    submitActions: [
      { title: 'Send apologies', data: { verb: 'apologies.form', meetingId: meeting.id } },
      { title: 'Declare an interest', data: { verb: 'declaration.form', meetingId: meeting.id } },
    ],
    urlActions: [{ title: 'Add to calendar', url: calendarUrl(ctx.publicUrl, meeting.id) }, ...page],
  };
}

/** Where the bot serves a meeting's invitation: `${publicUrl}/meetings/<id>.ics`. */
export function calendarUrl(publicUrl: string, meetingId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/meetings/${encodeURIComponent(meetingId)}.ics`;
}

/** "Committee Room 2, ..." or "Venue to be confirmed", for a line of its own. */
function venueLine(meeting: Meeting): string {
  return meeting.venue ?? 'Venue to be confirmed';
}

function cancelledText(meeting: Meeting): string {
  return meeting.cancelledReason ? `Cancelled: ${meeting.cancelledReason}` : 'Cancelled';
}

/** "The agenda was published on ..." / "The agenda has not been published yet." */
function agendaSentence(meeting: Meeting, now: Date): string {
  if (meeting.status === 'cancelled') return '';
  if (meeting.agendaPublished) {
    const count = meeting.agendaItems.length;
    return `The agenda was published on ${formatDate(meeting.agendaPublished)}${count > 0 ? ` with ${count} item${count === 1 ? '' : 's'}` : ''}.`;
  }
  return isUpcoming(meeting, now) ? 'The agenda has not been published yet.' : '';
}

type MeetingMode = 'next' | 'last' | 'range' | 'recent';

const LABELS: Record<MeetingMode, string> = {
  next: 'Next meeting',
  last: 'Last meeting',
  range: 'Meeting',
  recent: 'Most recent meeting',
};

/** The one sentence that answers the question about this meeting. */
function meetingSentence(ctx: AskContext, committee: Committee, meeting: Meeting, mode: MeetingMode): string {
  const who = theCommittee(committee);
  if (meeting.status === 'cancelled') {
    const reason = meeting.cancelledReason ? `: ${meeting.cancelledReason}` : '';
    return `The meeting of ${who} on ${formatDate(meeting.date)} has been cancelled${reason}.`;
  }
  const when = `${meetingWhen(meeting)}, ${meetingWherePhrase(meeting)}`;
  const ahead = !hasStarted(meeting, ctx.now);
  switch (mode) {
    case 'next':
      return `The next meeting of ${who} is on ${when} (${relativeDays(ctx.now, meeting)}).`;
    case 'last':
      return `The last meeting of ${who} was on ${when}.`;
    case 'recent':
      return `The most recent meeting was on ${when}.`;
    case 'range':
      return ahead ? `${capitalise(who)} meets on ${when} (${relativeDays(ctx.now, meeting)}).` : `${capitalise(who)} met on ${when}.`;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function meetingSection(ctx: AskContext, meeting: Meeting, mode: MeetingMode, itemLimit: number): MeetingSectionView {
  const cancelled = meeting.status === 'cancelled';
  const all = cancelled ? [] : meeting.agendaItems;
  const shown = all.slice(0, itemLimit).map((item) => agendaItemView(item, { description: false }));
  const itemsNote =
    shown.length < all.length
      ? `Showing items 1 to ${shown.length} of ${all.length}. Ask for the agenda of this meeting to see the rest.`
      : '';
  return {
    id: meeting.id,
    label: LABELS[mode],
    when: meetingWhen(meeting),
    relative: relativeDays(ctx.now, meeting),
    venue: venueLine(meeting),
    agendaStatus: agendaStatus(meeting, ctx.now),
    isCancelled: cancelled,
    statusText: cancelled ? cancelledText(meeting) : '',
    hasWebcast: Boolean(meeting.webcastUrl) && !cancelled,
    webcastTitle: 'Watch the webcast',
    webcastUrl: meeting.webcastUrl ?? '',
    agendaHeading: 'Agenda',
    items: shown,
    hasItems: shown.length > 0,
    itemsNote,
    hasItemsNote: itemsNote !== '',
  };
}

/** The meeting card (template cards/meeting.json), trimmed to fit when the agenda is long. */
function meetingAnswer(
  ctx: AskContext,
  committee: Committee,
  meeting: Meeting | undefined,
  options: { mode: MeetingMode; notices?: string[]; summaryLead?: string[] },
): Answer {
  const notices = options.notices ?? [];
  const sentences = [...(options.summaryLead ?? [])];
  if (meeting) sentences.push(meetingSentence(ctx, committee, meeting, options.mode), agendaSentence(meeting, ctx.now));
  const summary = sentences.filter(Boolean).join(' ');
  const actions = meeting ? meetingActions(ctx, meeting) : { submitActions: [], urlActions: [] };
  function* candidates(): Generator<MeetingCardView> {
    const total = meeting?.agendaItems.length ?? 0;
    for (let limit = total; limit >= 0; limit = limit > 5 ? Math.floor(limit / 2) : limit - 1) {
      yield {
        summary,
        title: committee.name,
        notices,
        hasNotices: notices.length > 0,
        hasMeeting: Boolean(meeting),
        meeting: meeting ? meetingSection(ctx, meeting, options.mode, limit) : null,
        ...actions,
        source: sourceLine(meeting?.source ?? committee.source),
        asAt: asAtLine(ctx.now),
      };
      if (limit === 0) return;
    }
  }
  return { template: 'meeting', view: fitCard('meeting', candidates()) };
}

/** The card for one meeting of `committee`, with notices above it (clerks' confirmations, reminders). */
export function meetingCardFor(ctx: AskContext, committee: Committee, meeting: Meeting, notices: string[] = []): Answer {
  return meetingAnswer(ctx, committee, meeting, { mode: 'range', notices, summaryLead: notices.slice(0, 1) });
}

/** The card for one meeting, with notices above it; its committee read from the records. */
export async function meetingCard(ctx: AskContext, meeting: Meeting, notices: string[] = []): Promise<Answer> {
  const committee = await ctx.records.committees.get(meeting.committeeId);
  if (!committee) return messageAnswer('Committee not found', ['I could not find the committee of that meeting.']);
  return meetingCardFor(ctx, committee, meeting, notices);
}

/** Cancelled meetings between now and `until` (or all ahead when no date), as notices. */
function cancellationNotices(meetings: readonly Meeting[], now: Date, until: Meeting | undefined): string[] {
  return meetings
    .filter((m) => m.status === 'cancelled' && !hasStarted(m, now) && (!until || meetingStart(m).getTime() < meetingStart(until).getTime()))
    .map((m) => `The meeting on ${formatDate(m.date)} has been cancelled${m.cancelledReason ? `: ${m.cancelledReason}` : ''}.`);
}

/** Nothing ahead: say so, show the most recent meeting, and how a clerk adds one. */
function noUpcomingAnswer(
  ctx: AskContext,
  committee: Committee,
  ahead: readonly Meeting[],
  recent: Meeting | undefined,
  lead: string[],
): Answer {
  const none = `No meeting of ${theCommittee(committee)} is scheduled after ${formatDate(ctx.now)}.`;
  const hint = `A clerk can add one by typing: add meeting ${committee.name} on <date> at <time> in <venue>`;
  return meetingAnswer(ctx, committee, recent, {
    mode: 'recent',
    notices: [...lead, none, ...cancellationNotices(ahead, ctx.now, undefined), hint],
    summaryLead: [...lead, none],
  });
}

function meetingQuestion(committeeName: string, q: MeetingQuery): string {
  if (q.date) return `Is there a meeting of ${committeeName} ${describeRange(q.date)}?`;
  if (q.relative === 'last') return `When was the last meeting of ${committeeName}?`;
  return `When is the next meeting of ${committeeName}?`;
}

// ---------------------------------------------------------------------------------------------
// Capabilities.

/**
 * "When is the next meeting?", "Is there a meeting in January?", "When was the last meeting?"
 * A meeting that has started is never "next"; cancelled meetings are shown as cancelled; a date
 * with no meeting is answered with only that, and the meetings ahead as buttons.
 */
export async function nextMeeting(ctx: AskContext, q: MeetingQuery = {}): Promise<Answer> {
  const resolved = await committeeForQuestion(ctx, (name) => meetingQuestion(name, q));
  if ('answer' in resolved) return resolved.answer;
  const { committee } = resolved;
  const meetings = ctx.records.meetings;
  if (q.unmatchedDate) {
    return unmatchedMeeting(
      ctx,
      committee.id,
      `There is no such date as ${q.unmatchedDate}, so I could not match it to a meeting.`,
      (m) => `Is there a meeting on ${formatShortDate(m.date)}?`,
      { includePast: true },
    );
  }

  if (q.date) {
    const range = q.date;
    const found = await meetings.between(committee.id, range.from, range.to);
    const [only] = found;
    if (found.length > 1) {
      return chooseAnswer(
        `${found.length} meetings ${describeRange(range)}`,
        `${capitalise(theCommittee(committee))} has ${found.length} meetings ${describeRange(range)}. Which one do you want to see?`,
        found.map((m) => ({ label: meetingWhen(m), text: `Is there a meeting on ${formatShortDate(m.date)}?` })),
      );
    }
    if (only) return meetingAnswer(ctx, committee, only, { mode: 'range' });
    // No other meeting's card stands in for the one asked about: the meetings ahead are buttons.
    return unmatchedMeeting(
      ctx,
      committee.id,
      `There is no meeting of ${theCommittee(committee)} ${describeRange(range)}.`,
      (m) => `Is there a meeting on ${formatShortDate(m.date)}?`,
      { includePast: true },
    );
  }

  if (q.relative === 'last') {
    const last = await meetings.last(committee.id, ctx.now);
    if (!last) {
      const none = `No earlier meeting of ${theCommittee(committee)} is recorded.`;
      return meetingAnswer(ctx, committee, undefined, { mode: 'last', notices: [none], summaryLead: [none] });
    }
    return meetingAnswer(ctx, committee, last, { mode: 'last' });
  }

  const ahead = await meetings.notStarted(committee.id, ctx.now);
  const next = findNextMeeting(ahead, ctx.now);
  if (!next) return noUpcomingAnswer(ctx, committee, ahead, await meetings.last(committee.id, ctx.now), []);
  return meetingAnswer(ctx, committee, next, { mode: 'next', notices: cancellationNotices(ahead, ctx.now, next) });
}

function agendaButton(meeting: Meeting): QuestionButton {
  return { label: meetingWhen(meeting), text: `agenda ${formatShortDate(meeting.date)}` };
}

/**
 * "What's on the agenda on 16 November?", "agenda for the next meeting", "agenda item 6".
 * Several meetings match: which one? No meeting on that date: the nearest ones as buttons.
 */
export async function agenda(ctx: AskContext, q: AgendaQuery = {}): Promise<Answer> {
  const resolved = await committeeForQuestion(ctx, (name) =>
    q.date
      ? `What's on the agenda of ${name} ${describeRange(q.date)}?`
      : `What's on the agenda for the ${q.relative === 'last' ? 'last' : 'next'} meeting of ${name}?`,
  );
  if ('answer' in resolved) return resolved.answer;
  const { committee } = resolved;
  const meetings = ctx.records.meetings;
  if (q.unmatchedDate) {
    return unmatchedMeeting(
      ctx,
      committee.id,
      `There is no such date as ${q.unmatchedDate}, so I could not match it to a meeting.`,
      (m) => agendaButton(m).text,
      { includePast: true },
    );
  }

  let meeting: Meeting | undefined;
  if (q.date) {
    const range = q.date;
    const found = await meetings.between(committee.id, range.from, range.to);
    if (found.length > 1) {
      return chooseAnswer(
        `${found.length} meetings ${describeRange(range)}`,
        `${capitalise(theCommittee(committee))} has ${found.length} meetings ${describeRange(range)}. Which agenda do you want?`,
        found.map(agendaButton),
      );
    }
    meeting = found[0];
    if (!meeting) {
      const nearest = nearestMeetings(await meetings.list(committee.id), range);
      return messageAnswer(
        `No meeting ${describeRange(range)}`,
        [
          `There is no meeting of ${theCommittee(committee)} ${describeRange(range)}.`,
          nearest.length > 0 ? 'The nearest meetings are below.' : 'No meetings of the committee are recorded.',
        ],
        nearest.map(agendaButton),
      );
    }
  } else if (q.relative === 'last') {
    meeting = await meetings.last(committee.id, ctx.now);
    if (!meeting) {
      return messageAnswer('No earlier meeting', [`No earlier meeting of ${theCommittee(committee)} is recorded.`]);
    }
  } else {
    meeting = await meetings.next(committee.id, ctx.now);
    if (!meeting) {
      const recent = await meetings.last(committee.id, ctx.now);
      return messageAnswer(
        'No meeting scheduled',
        [
          `No meeting of ${theCommittee(committee)} is scheduled after ${formatDate(ctx.now)}, so there is no agenda to show yet.`,
          `A clerk can add one by typing: add meeting ${committee.name} on <date> at <time> in <venue>`,
        ],
        recent ? [agendaButton(recent)] : [],
      );
    }
  }
  return agendaAnswer(ctx, committee, meeting, q.itemNumber);
}

/** A later page of a meeting's agenda ("Show more"); null when the meeting is not known. */
export async function agendaPage(ctx: AskContext, meetingId: unknown, offset: unknown): Promise<Answer | null> {
  const meeting = typeof meetingId === 'string' ? await ctx.records.meetings.get(meetingId) : undefined;
  const committee = meeting ? await ctx.records.committees.get(meeting.committeeId) : undefined;
  return meeting && committee ? agendaAnswer(ctx, committee, meeting, undefined, offset) : null;
}

function agendaAnswer(
  ctx: AskContext,
  committee: Committee,
  meeting: Meeting,
  itemNumber: string | undefined,
  offset: unknown = 0,
): Answer {
  const cancelled = meeting.status === 'cancelled';
  const ahead = isUpcoming(meeting, ctx.now);
  const notices: string[] = [];
  const sentences: string[] = [];
  const dateText = formatDate(meeting.date);
  let items = meeting.agendaItems;

  if (cancelled) {
    const reason = meeting.cancelledReason ? `: ${meeting.cancelledReason}` : '';
    notices.push(`This meeting has been cancelled${reason}.`);
    sentences.push(`The meeting of ${theCommittee(committee)} on ${dateText} has been cancelled${reason}.`);
  } else if (items.length === 0) {
    if (ahead) {
      const due = formatDate(agendaPublicationDeadline(meeting.date));
      notices.push(
        'The agenda has not been published yet.',
        `It is due by ${due}: five clear working days before the meeting (earlier if there is a bank holiday).`,
      );
      sentences.push(
        `The agenda for the meeting of ${theCommittee(committee)} on ${meetingWhen(meeting)} has not been published yet; it is due by ${due}.`,
      );
    } else {
      notices.push('No agenda items are recorded for this meeting.');
      sentences.push(`No agenda items are recorded for the meeting of ${theCommittee(committee)} on ${dateText}.`);
    }
  } else if (itemNumber) {
    const wanted = items.filter((i) => sameItemNumber(i.number, itemNumber));
    const [item] = wanted;
    if (item) {
      items = wanted;
      const view = agendaItemView(item, { description: false });
      const detail = view.restricted ? ' (restricted: not for publication)' : view.hasDetails ? ` (${view.details})` : '';
      sentences.push(`Item ${item.number}, ${item.title}, is on the agenda for ${meetingWhen(meeting)}${detail}.`);
    } else {
      notices.push(`There is no item ${itemNumber} on this agenda.`);
      sentences.push(`There is no item ${itemNumber} on the agenda for ${meetingWhen(meeting)}.`);
    }
  }
  if (sentences.length === 0) {
    const titles = items.slice(0, 5).map((i) => `${i.number}. ${i.title}`);
    const more = items.length > 5 ? `; and ${items.length - 5} more` : '';
    sentences.push(
      `The agenda for the meeting of ${theCommittee(committee)} on ${meetingWhen(meeting)} has ${items.length} item${items.length === 1 ? '' : 's'}: ${titles.join('; ')}${more}.`,
    );
  }
  const summary = sentences.join(' ');
  const actions = meetingActions(ctx, meeting);
  const shownItems = cancelled ? [] : items;

  const view = fitPage<AgendaItem, AgendaCardView>(
    'agenda',
    shownItems,
    offset,
    () => ({ verb: 'list.more', list: 'agenda', meetingId: meeting.id }),
    (page) => {
      const views = page.rows.map((i) => agendaItemView(i, { description: true, meetingId: meeting.id }));
      const itemsNote = page.view.showing ? `Showing items ${page.offset + 1} to ${page.end} of ${page.total}.` : '';
      return {
        summary,
        title: `Agenda: ${committee.name}`,
        subtitle: meetingWhen(meeting),
        relative: relativeDays(ctx.now, meeting),
        venue: venueLine(meeting),
        agendaStatus: agendaStatus(meeting, ctx.now),
        notices,
        hasNotices: notices.length > 0,
        isCancelled: cancelled,
        statusText: cancelled ? cancelledText(meeting) : '',
        items: views,
        hasItems: views.length > 0,
        itemsNote,
        hasItemsNote: itemsNote !== '',
        ...actions,
        source: sourceLine(meeting.source),
        asAt: asAtLine(ctx.now),
        hasMore: page.view.hasMore,
        moreLabel: page.view.moreLabel,
        more: page.view.more,
      };
    },
    40,
  );
  return { template: 'agenda', view };
}

// ---------------------------------------------------------------------------------------------
// Which meeting a request means (records, lists, clerks' commands).

/**
 * The meeting meant by "the next meeting", "16 November", "Tuesday's committee"... Records are
 * only made for meetings ahead; lists and minutes may also look back ("the last meeting").
 */
export async function meetingFor(
  records: Repository,
  committeeId: string,
  now: Date,
  q: { date?: DateRange; relative?: 'next' | 'last' },
  options: { includePast?: boolean } = {},
): Promise<
  { kind: 'one'; meeting: Versioned<Meeting> } | { kind: 'none'; message: string } | { kind: 'choose'; meetings: Versioned<Meeting>[] }
> {
  if (q.date) {
    const inRange = (await records.meetings.between(committeeId, q.date.from, q.date.to)).filter((m) =>
      options.includePast ? m.status !== 'cancelled' : isUpcoming(m, now),
    );
    if (inRange.length === 1) return { kind: 'one', meeting: inRange[0]! };
    if (inRange.length > 1) return { kind: 'choose', meetings: inRange };
    return { kind: 'none', message: `There is no ${options.includePast ? '' : 'upcoming '}meeting on ${q.date.text}.` };
  }
  if (q.relative === 'last' && options.includePast) {
    const past = await records.meetings.last(committeeId, now);
    return past ? { kind: 'one', meeting: past } : { kind: 'none', message: 'There has been no meeting yet.' };
  }
  const next = await records.meetings.next(committeeId, now);
  return next ? { kind: 'one', meeting: next } : { kind: 'none', message: 'There is no upcoming meeting.' };
}

/** The conversation's committee, else the first committee held (questions that need no choice). */
export async function committeeIdOf(ctx: AskContext): Promise<string | undefined> {
  return ctx.committeeId ?? (await ctx.records.committees.all())[0]?.id;
}

/**
 * For text requests: pick the meeting, or ask which, or say there is none. A date that matches no
 * meeting (or names no real day) is never stood in for by another meeting: the answer says what
 * could not be matched and offers the upcoming meetings instead. Records are only made for
 * meetings ahead (without `includePast`), so then it also says nothing has been recorded.
 */
export async function withMeeting(
  ctx: QuestionContext,
  q: { date?: DateRange; relative?: 'next' | 'last'; unmatchedDate?: string },
  then: (meeting: Versioned<Meeting>) => Answer | Promise<Answer>,
  ask: (meeting: Meeting) => string,
  options: { includePast?: boolean } = {},
): Promise<Answer> {
  const committeeId = await committeeIdOf(ctx);
  if (!committeeId) return messageAnswer('No committee', ['I have no committee on record.']);
  if (q.unmatchedDate) {
    return unmatchedMeeting(
      ctx,
      committeeId,
      `There is no such date as ${q.unmatchedDate}, so I could not match it to a meeting.`,
      ask,
      options,
    );
  }
  const found = await meetingFor(ctx.records, committeeId, ctx.now, q, options);
  if (found.kind === 'none') {
    const committee = await ctx.records.committees.get(committeeId);
    const which = committee ? theCommittee(committee) : 'the committee';
    const line = q.date
      ? `I could not find ${options.includePast ? 'a' : 'an upcoming'} meeting of ${which} ${describeRange(q.date)} ("${q.date.text}").`
      : found.message;
    return unmatchedMeeting(ctx, committeeId, line, ask, options);
  }
  if (found.kind === 'choose') {
    return chooseAnswer(
      'Which meeting?',
      'More than one meeting matches. Which one do you mean?',
      found.meetings.map((m) => ({ label: meetingWhen(m), text: ask(m) })),
    );
  }
  return then(found.meeting);
}

/** "I could not match that": what was not matched, that nothing was recorded, and the meetings ahead as buttons. */
export async function unmatchedMeeting(
  ctx: AskContext,
  committeeId: string,
  line: string,
  ask: (meeting: Meeting) => string,
  options: { includePast?: boolean },
): Promise<Answer> {
  const upcoming = (await ctx.records.meetings.notStarted(committeeId, ctx.now)).filter((m) => m.status !== 'cancelled').slice(0, 5);
  const lines = [line];
  if (!options.includePast) lines.push('Nothing has been recorded.');
  lines.push(upcoming.length > 0 ? 'These are the meetings ahead:' : 'No meeting is scheduled ahead yet.');
  return messageAnswer(
    'No meeting found',
    lines,
    upcoming.map((m) => ({ label: meetingWhen(m), text: ask(m) })),
  );
}
