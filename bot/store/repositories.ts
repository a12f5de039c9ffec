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
    openActions: () => read((d) => d.actions.filter((a) => a.status === 'open')),
    apologiesFor: (meetingId) => read((d) => d.apologies.filter((a) => a.meetingId === meetingId)),
    declarationsFor: (meetingId) => read((d) => d.declarations.filter((x) => x.meetingId === meetingId)),
    indicators: () => read((d) => d.indicators),
    indicator: (id) => read((d) => d.indicators.find((i) => i.id === id)),
    workProgramme: (committeeId) => read((d) => d.workProgramme.filter((w) => w.committeeId === committeeId)),
    budget: () => read((d) => d.budget),
  };
}

// The meeting-time rules (./meetingTime), also offered here beside the read helpers.
export { hasStarted, isUpcoming, meetingStart, substitutionDeadline } from './meetingTime';
