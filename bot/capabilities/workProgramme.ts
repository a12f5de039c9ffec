import type { CardViewModel } from '../cards/render';
import { formatShortDate } from '../format';
import { meetingStart } from '../store/repositories';
import type { Committee, Meeting, WorkProgrammeEntry } from '../store/schema';
import { messageAnswer, type Answer, type AskContext, type QuestionButton } from './answer';
import {
  asAtLine,
  committeeForQuestion,
  describeRange,
  findLastMeeting,
  findNextMeeting,
  fitCard,
  meetingsInRange,
  meetingWhen,
  nearestMeetings,
  sourceLine,
  theCommittee,
  type MeetingQuery,
} from './meetings';

/**
 * "What's coming to the January meeting?", "work programme": the committee's work programme,
 * by meeting. The whole programme lists upcoming meetings first (date order), then items still
 * to be scheduled, then past meetings marked "held".
 */

export interface WorkProgrammeEntryView {
  topic: string;
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
}

const MAX_BUTTONS = 5;

function entryView(entry: WorkProgrammeEntry): WorkProgrammeEntryView {
  const details = [
    entry.leadOfficer ? `Lead officer: ${entry.leadOfficer}` : '',
    entry.requestedBy ? `Requested by: ${entry.requestedBy}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return { topic: entry.topic, details, hasDetails: details !== '' };
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
  return meetingStart(meeting).getTime() > now.getTime() ? 'upcoming' : 'held';
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
  const topics = entries.slice(0, 5).map((e) => e.topic);
  const more = entries.length > 5 ? `; and ${entries.length - 5} more` : '';
  return `${topics.join('; ')}${more}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function workProgramme(ctx: AskContext, q: MeetingQuery = {}): Answer {
  const resolved = committeeForQuestion(ctx, (name) =>
    q.date ? `What's coming to the meeting of ${name} ${describeRange(q.date)}?` : `Work programme of ${name}`,
  );
  if ('answer' in resolved) return resolved.answer;
  const { committee } = resolved;
  const meetings = ctx.repo.meetings(committee.id);
  const entries = ctx.repo.workProgramme(committee.id);
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
          nearest.length > 0 ? 'The work programme for the nearest meetings is a tap away below.' : 'No meetings of the committee are recorded.',
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

  if (chosen) return meetingsProgramme(ctx, committee, chosen, entriesOf);
  return wholeProgramme(ctx, committee, meetings, entries);
}

/** The entries for one or a few meetings. */
function meetingsProgramme(
  ctx: AskContext,
  committee: Committee,
  chosen: Meeting[],
  entriesOf: (m: Meeting) => WorkProgrammeEntry[],
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
  const source = chosenSource(committee, groups.flatMap((g) => g.entries));
  return {
    template: 'work-programme',
    view: fitCard('work-programme', fittedGroups(ctx, committee, groups, sentences.join(' '), [], source)),
  };
}

/** Everything: upcoming meetings, items to be scheduled, then past meetings marked held. */
function wholeProgramme(ctx: AskContext, committee: Committee, meetings: readonly Meeting[], entries: readonly WorkProgrammeEntry[]): Answer {
  const withEntries = (m: Meeting): Group => ({ kind: kindOf(m, ctx.now), meeting: m, entries: entries.filter((e) => e.meetingId === m.id) });
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

  function* candidates(): Generator<WorkProgrammeView> {
    yield* fittedGroups(ctx, committee, ordered, summary, [], source, false);
    // Too long for one card: upcoming meetings only, with the past ones a tap away.
    const leftOut = past.filter((g) => g.meeting).map((g) => g.meeting!);
    const note =
      'The whole programme is too long for one card, so only upcoming meetings are shown. ' +
      `To see a past meeting's items, ask about it by its date${leftOut.length > 0 ? ' or tap it below' : ''}.`;
    const buttons = leftOut.slice(-MAX_BUTTONS).reverse().map(buttonFor);
    yield* fittedGroups(ctx, committee, [...upcoming, ...unscheduled], summary, [note], source, true, buttons);
  }
  return { template: 'work-programme', view: fitCard('work-programme', candidates()) };
}

/**
 * Views with all `groups`, then (with `trim`) fewer and fewer entries, cut from the end, each
 * saying how many were left out; the last one is small enough to fit whatever the data.
 */
function* fittedGroups(
  ctx: AskContext,
  committee: Committee,
  groups: Group[],
  summary: string,
  notes: string[],
  source: string,
  trim = true,
  options: QuestionButton[] = [],
): Generator<WorkProgrammeView> {
  const total = groups.reduce((n, g) => n + g.entries.length, 0);
  const build = (limit: number): WorkProgrammeView => {
    const shown: Group[] = [];
    let budget = limit;
    for (const group of groups) {
      if (budget <= 0 && limit < total) break;
      shown.push({ ...group, entries: group.entries.slice(0, Math.max(budget, 0)) });
      budget -= group.entries.length;
    }
    const hidden = total - shown.reduce((n, g) => n + g.entries.length, 0);
    const note = [...notes, hidden > 0 ? `${plural(hidden, 'more item')} not shown: ask about one meeting by its date.` : '']
      .filter(Boolean)
      .join(' ');
    return {
      summary,
      title: `Work programme: ${committee.name}`,
      subtitle: `Municipal year ${committee.municipalYear}`,
      groups: shown.map(groupView),
      note,
      hasNote: note !== '',
      options,
      source,
      asAt: asAtLine(ctx.now),
    };
  };
  yield build(total);
  if (!trim) return;
  for (let limit = total > 8 ? Math.floor(total / 2) : total - 1; limit >= 0; limit = limit > 8 ? Math.floor(limit / 2) : limit - 1) {
    yield build(limit);
  }
}

function chosenSource(committee: Committee, entries: WorkProgrammeEntry[]): string {
  const first = entries[0];
  return sourceLine(first ? first.source : committee.source);
}
