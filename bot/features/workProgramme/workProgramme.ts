import type { CardViewModel } from '../../cards/render';
import { formatShortDate } from '../../format';
import { hasStarted } from '../../store/meetingTime';
import type { Committee, Meeting, WorkProgrammeEntry } from '../../store/schema';
import { messageAnswer, type Answer, type QuestionButton } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { committeeForQuestion } from '../meetings/meetings';
import {
  asAtLine,
  describeRange,
  findLastMeeting,
  findNextMeeting,
  meetingsInRange,
  meetingWhen,
  nearestMeetings,
  sourceLine,
  theCommittee,
  type MeetingQuery,
} from '../meetings/meetings';
import { fitPage, fullTextData, shorten } from '../shared/paging';

/**
 * "What's coming to the January meeting?", "work programme": the committee's work programme,
 * by meeting. The whole programme lists upcoming meetings first (date order), then items still
 * to be scheduled, then past meetings marked "held".
 */

export interface WorkProgrammeEntryView {
  topic: string;
  /** "Full text" button data when the topic is shortened on the card. */
  full: Record<string, unknown> | null;
  details: string;
  hasDetails: boolean;
}

export interface WorkProgrammeGroupView {
  heading: string;
  /** "Upcoming", "Held", "Cancelled", "To be scheduled" */
  status: string;
  /** Semantic colour for the status: "Accent", "Good", "Attention", "Warning". */
  statusColor: string;
  entries: WorkProgrammeEntryView[];
  hasEntries: boolean;
  emptyText: string;
}

export interface WorkProgrammeView extends CardViewModel {
  title: string;
  subtitle: string;
  groups: WorkProgrammeGroupView[];
  note: string;
  hasNote: boolean;
  options: QuestionButton[];
  source: string;
  asAt: string;
  showing: string;
  hasMore: boolean;
  moreLabel: string;
  more: Record<string, unknown> | null;
}

const MAX_BUTTONS = 5;

function entryView(entry: WorkProgrammeEntry): WorkProgrammeEntryView {
  const details = shorten(
    [entry.leadOfficer ? `Lead officer: ${entry.leadOfficer}` : '', entry.requestedBy ? `Requested by: ${entry.requestedBy}` : '']
      .filter(Boolean)
      .join(' · '),
  ).text;
  const topic = shorten(entry.topic);
  return {
    topic: topic.text,
    full: topic.shortened ? fullTextData('workItem', entry.id, 'topic') : null,
    details,
    hasDetails: details !== '',
  };
}

type GroupKind = 'upcoming' | 'held' | 'cancelled' | 'unscheduled';

const STATUS: Record<GroupKind, { status: string; statusColor: string }> = {
  upcoming: { status: 'Upcoming', statusColor: 'Accent' },
  held: { status: 'Held', statusColor: 'Good' },
  cancelled: { status: 'Cancelled', statusColor: 'Attention' },
  unscheduled: { status: 'To be scheduled', statusColor: 'Warning' },
};

interface Group {
  kind: GroupKind;
  meeting: Meeting | null;
  entries: WorkProgrammeEntry[];
}

function kindOf(meeting: Meeting, now: Date): GroupKind {
  if (meeting.status === 'cancelled') return 'cancelled';
  return hasStarted(meeting, now) ? 'held' : 'upcoming';
}

function groupView(group: Group): WorkProgrammeGroupView {
  const entries = group.entries.map(entryView);
  return {
    heading: group.meeting ? meetingWhen(group.meeting) : 'Not yet scheduled',
    ...STATUS[group.kind],
    entries,
    hasEntries: entries.length > 0,
    emptyText: 'Nothing is on the work programme for this meeting yet.',
  };
}

function buttonFor(meeting: Meeting): QuestionButton {
  return { label: formatShortDate(meeting.date), text: `work programme for ${formatShortDate(meeting.date)}` };
}

function topicsSentence(entries: WorkProgrammeEntry[]): string {
  const topics = entries.slice(0, 5).map((e) => shorten(e.topic, 200).text);
  const more = entries.length > 5 ? `; and ${entries.length - 5} more` : '';
  return `${topics.join('; ')}${more}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export async function workProgramme(ctx: AskContext, q: MeetingQuery = {}, offset: unknown = 0): Promise<Answer> {
  const resolved = await committeeForQuestion(ctx, (name) =>
    q.date ? `What's coming to the meeting of ${name} ${describeRange(q.date)}?` : `Work programme of ${name}`,
  );
  if ('answer' in resolved) return resolved.answer;
  const { committee } = resolved;
  const meetings = await ctx.records.meetings.list(committee.id);
  const entries = await ctx.records.workProgramme.forCommittee(committee.id);
  const entriesOf = (meeting: Meeting) => entries.filter((e) => e.meetingId === meeting.id);

  let chosen: Meeting[] | null = null;
  if (q.date) {
    chosen = meetingsInRange(meetings, q.date);
    if (chosen.length === 0) {
      const nearest = nearestMeetings(meetings, q.date);
      return messageAnswer(
        `No meeting ${describeRange(q.date)}`,
        [
          `There is no meeting of ${theCommittee(committee)} ${describeRange(q.date)}.`,
          nearest.length > 0
            ? 'The work programme for the nearest meetings is a tap away below.'
            : 'No meetings of the committee are recorded.',
        ],
        nearest.map(buttonFor),
      );
    }
  } else if (q.relative) {
    const meeting = q.relative === 'last' ? findLastMeeting(meetings, ctx.now) : findNextMeeting(meetings, ctx.now);
    if (!meeting) {
      return messageAnswer('No meeting found', [
        q.relative === 'last'
          ? `No earlier meeting of ${theCommittee(committee)} is recorded.`
          : `No meeting of ${theCommittee(committee)} is scheduled after ${formatShortDate(ctx.now)}.`,
      ]);
    }
    chosen = [meeting];
  }

  if (chosen) return meetingsProgramme(ctx, committee, chosen, entriesOf, offset);
  return wholeProgramme(ctx, committee, meetings, entries, offset);
}

/** The entries for one or a few meetings. */
function meetingsProgramme(
  ctx: AskContext,
  committee: Committee,
  chosen: Meeting[],
  entriesOf: (m: Meeting) => WorkProgrammeEntry[],
  offset: unknown,
): Answer {
  const groups = chosen.map((m) => ({ kind: kindOf(m, ctx.now), meeting: m, entries: entriesOf(m) }));
  const sentences = groups.map((g) => {
    const m = g.meeting;
    const when = meetingWhen(m);
    if (g.entries.length === 0) return `Nothing is on the work programme for the meeting on ${when} yet.`;
    const n = g.entries.length;
    return g.kind === 'upcoming'
      ? `${n === 1 ? '1 item is' : `${n} items are`} coming to the meeting on ${when}: ${topicsSentence(g.entries)}.`
      : `${n === 1 ? '1 item was' : `${n} items were`} on the work programme for the meeting on ${when}: ${topicsSentence(g.entries)}.`;
  });
  const source = chosenSource(
    committee,
    groups.flatMap((g) => g.entries),
  );
  const more = { verb: 'list.more', list: 'workProgramme', committeeId: committee.id, meetingIds: chosen.map((m) => m.id) };
  return {
    template: 'work-programme',
    view: pagedProgramme(ctx, committee, groups, shorten(sentences.join(' '), 1000).text, source, offset, more),
  };
}

/** Everything: upcoming meetings, items to be scheduled, then past meetings marked held. */
function wholeProgramme(
  ctx: AskContext,
  committee: Committee,
  meetings: readonly Meeting[],
  entries: readonly WorkProgrammeEntry[],
  offset: unknown,
): Answer {
  const withEntries = (m: Meeting): Group => ({
    kind: kindOf(m, ctx.now),
    meeting: m,
    entries: entries.filter((e) => e.meetingId === m.id),
  });
  const scheduled = meetings.map(withEntries).filter((g) => g.entries.length > 0 || g.kind === 'upcoming');
  const upcoming = scheduled.filter((g) => g.kind === 'upcoming');
  const past = scheduled.filter((g) => g.kind !== 'upcoming');
  const unscheduled: Group[] = entries.some((e) => e.meetingId === null)
    ? [{ kind: 'unscheduled', meeting: null, entries: entries.filter((e) => e.meetingId === null) }]
    : [];
  const ordered = [...upcoming, ...unscheduled, ...past];

  const next = upcoming[0];
  const summary =
    `The work programme of ${theCommittee(committee)} has ${plural(entries.length, 'item')} across ${plural(
      scheduled.filter((g) => g.entries.length > 0).length,
      'meeting',
    )}.` +
    (next?.meeting
      ? ` The next meeting, ${meetingWhen(next.meeting)}, has ${plural(next.entries.length, 'item')}${next.entries.length > 0 ? `: ${topicsSentence(next.entries)}` : ''}.`
      : ' No meeting is scheduled ahead.');
  const source = chosenSource(committee, [...entries]);

  // Past meetings are also a tap away when the programme spans several cards.
  const leftOut = past.filter((g) => g.meeting).map((g) => g.meeting!);
  const spans = {
    note:
      'The whole programme is too long for one card: upcoming meetings come first, then "Show more" for the rest. ' +
      `To see one meeting's items, ask about it by its date${leftOut.length > 0 ? ' or tap it below' : ''}.`,
    // One of a card's five buttons is "Show more".
    options: leftOut
      .slice(-(MAX_BUTTONS - 1))
      .reverse()
      .map(buttonFor),
  };
  const more = { verb: 'list.more', list: 'workProgramme', committeeId: committee.id };
  return { template: 'work-programme', view: pagedProgramme(ctx, committee, ordered, summary, source, offset, more, spans) };
}

/**
 * The groups' entries a page at a time (a meeting with nothing on it takes a row of its own, to
 * say so); `spans` is the note and buttons for when the programme needs more than one card.
 */
function pagedProgramme(
  ctx: AskContext,
  committee: Committee,
  groups: Group[],
  summary: string,
  source: string,
  offset: unknown,
  more: Record<string, unknown>,
  spans?: { note: string; options: QuestionButton[] },
): WorkProgrammeView {
  type Row = { group: Group; entry: WorkProgrammeEntry | null };
  const rows = groups.flatMap((group): Row[] =>
    group.entries.length > 0 ? group.entries.map((entry) => ({ group, entry })) : [{ group, entry: null }],
  );
  return fitPage<Row, WorkProgrammeView>(
    'work-programme',
    rows,
    offset,
    () => more,
    (page) => {
      const shown: Group[] = [];
      for (const { group, entry } of page.rows) {
        let last = shown.at(-1);
        if (!last || last.meeting !== group.meeting || last.kind !== group.kind) {
          last = { ...group, entries: [] };
          shown.push(last);
        }
        if (entry) last.entries.push(entry);
      }
      const several = spans !== undefined && page.view.showing !== '';
      const note = several ? spans.note : '';
      return {
        summary,
        title: `Work programme: ${committee.name}`,
        subtitle: `Municipal year ${committee.municipalYear}`,
        groups: shown.map(groupView),
        note,
        hasNote: note !== '',
        options: several ? spans.options : [],
        source,
        asAt: asAtLine(ctx.now),
        ...page.view,
      };
    },
    100,
  );
}

function chosenSource(committee: Committee, entries: WorkProgrammeEntry[]): string {
  const first = entries[0];
  return sourceLine(first ? first.source : committee.source);
}

/**
 * A later page of the work programme ("Show more"): the whole programme, or the meetings the
 * first card was about. Null when the committee or a meeting is no longer known.
 */
export async function workProgrammeFor(
  ctx: AskContext,
  committeeId: unknown,
  meetingIds: unknown,
  offset: unknown,
): Promise<Answer | null> {
  const committee = typeof committeeId === 'string' ? await ctx.records.committees.get(committeeId) : undefined;
  if (!committee) return null;
  const entries = await ctx.records.workProgramme.forCommittee(committee.id);
  if (meetingIds === undefined) return wholeProgramme(ctx, committee, await ctx.records.meetings.list(committee.id), entries, offset);
  if (!Array.isArray(meetingIds) || meetingIds.length === 0 || meetingIds.length > 50) return null;
  const ids: unknown[] = meetingIds;
  const chosen = await Promise.all(ids.map(async (id) => (typeof id === 'string' ? ctx.records.meetings.get(id) : undefined)));
  if (chosen.some((m) => !m || m.committeeId !== committee.id)) return null;
  return meetingsProgramme(ctx, committee, chosen as Meeting[], (m) => entries.filter((e) => e.meetingId === m.id), offset);
}
