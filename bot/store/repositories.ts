import { londonInstant } from '../format';
import { isOpenAction } from './schema';
import type {
  Action,
  Apology,
  BudgetLine,
  Committee,
  Declaration,
  Indicator,
  Meeting,
  Minutes,
  Person,
  WorkProgrammeEntry,
} from './schema';
import type { Store } from './store';

/**
 * Small read functions over the store: what capabilities use instead of the data object, so
 * the storage design can change (partitioned files, a database) without touching them.
 * Results are the stored records: read them, never change them (changes go through
 * Store.transact, inside which these functions read the change's draft).
 */
export interface Repositories {
  store: Store;
  councilName(): string;
  people(): readonly Person[];
  person(id: string): Person | undefined;
  committees(): readonly Committee[];
  committee(id: string): Committee | undefined;
  /** Meetings in date order (earliest first), optionally for one committee. */
  meetings(committeeId?: string): readonly Meeting[];
  meeting(id: string): Meeting | undefined;
  minutesOf(meetingId: string): Minutes | undefined;
  actions(): readonly Action[];
  /** The actions still open, in stored order (most of a council's actions are long complete). */
  openActions(): readonly Action[];
  /** Apologies for a meeting, sent and withdrawn, in the order they were first recorded. */
  apologiesFor(meetingId: string): readonly Apology[];
  /** Declarations for a meeting, in the order they were first recorded. */
  declarationsFor(meetingId: string): readonly Declaration[];
  indicators(): readonly Indicator[];
  indicator(id: string): Indicator | undefined;
  workProgramme(committeeId: string): readonly WorkProgrammeEntry[];
  /** Budget lines, savings, pressures and the totals the papers state, in stored order. */
  budget(): readonly BudgetLine[];
}

export function createRepositories(store: Store): Repositories {
  const read = store.read.bind(store);
  const byMeetingTime = (a: Meeting, b: Meeting) => (a.date + (a.startTime ?? '')).localeCompare(b.date + (b.startTime ?? ''));
  return {
    store,
    councilName: () => read((d) => d.council.name),
    people: () => read((d) => d.people),
    person: (id) => read((d) => d.people.find((p) => p.id === id)),
    committees: () => read((d) => d.committees),
    committee: (id) => read((d) => d.committees.find((c) => c.id === id)),
    meetings: (committeeId) =>
      read((d) => (committeeId ? d.meetings.filter((m) => m.committeeId === committeeId) : [...d.meetings]).sort(byMeetingTime)),
    meeting: (id) => read((d) => d.meetings.find((m) => m.id === id)),
    minutesOf: (meetingId) => read((d) => d.minutes.find((m) => m.meetingId === meetingId)),
    actions: () => read((d) => d.actions),
    openActions: () => read((d) => d.actions.filter(isOpenAction)),
    apologiesFor: (meetingId) => read((d) => d.apologies.filter((a) => a.meetingId === meetingId)),
    declarationsFor: (meetingId) => read((d) => d.declarations.filter((x) => x.meetingId === meetingId)),
    indicators: () => read((d) => d.indicators),
    indicator: (id) => read((d) => d.indicators.find((i) => i.id === id)),
    workProgramme: (committeeId) => read((d) => d.workProgramme.filter((w) => w.committeeId === committeeId)),
    budget: () => read((d) => d.budget),
  };
}

/**
 * The earliest a meeting can start: its start time, or the beginning of its day when the time is
 * still to be confirmed. For ordering meetings and for the reminder scheduler (a scheduled
 * reminder never goes out once a meeting may have begun); whether a meeting has started is
 * `hasStarted`, never this instant compared with the clock.
 */
export function meetingStart(meeting: Meeting): Date {
  return londonInstant(meeting.date, meeting.startTime ?? '00:00');
}

/**
 * Whether a meeting has started: the one rule behind "upcoming", "next meeting" and refusing to
 * record anything for a meeting that has begun. A meeting with a known start time has started
 * from that time. A meeting whose time is still to be confirmed counts as not started until the
 * end of its day (London): on that day members can still send apologies or declare interests and
 * "next meeting" still finds it, and the clerk, who knows when it met, settles anything sent
 * after it. Deadlines from the meeting's date (agenda publication) do not depend on this.
 */
export function hasStarted(meeting: Meeting, now: Date): boolean {
  const startedBy = meeting.startTime ? meetingStart(meeting) : londonInstant(dayAfter(meeting.date));
  return startedBy.getTime() <= now.getTime();
}

/** A meeting is ahead while it has not started (see hasStarted) and is not cancelled. */
export function isUpcoming(meeting: Meeting, now: Date): boolean {
  return meeting.status !== 'cancelled' && !hasStarted(meeting, now);
}

/**
 * The last moment a substitute can be notified: the committee's notice period before the start.
 * Null when the start time is still to be confirmed: the deadline cannot be known, so a
 * substitute is accepted and the clerk confirms it once the time is set.
 */
export function substitutionDeadline(meeting: Meeting, committee: Committee): Date | null {
  if (!meeting.startTime) return null;
  return new Date(meetingStart(meeting).getTime() - committee.substituteNoticeMinutes * 60_000);
}

/** "2023-11-17" for "2023-11-16" (calendar arithmetic, no time zone involved). */
function dayAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}
