import { londonInstant } from '../format';
import type {
  Action,
  Committee,
  Indicator,
  Meeting,
  Minutes,
  Person,
  WorkProgrammeEntry,
} from './schema';
import type { Store } from './store';

/**
 * Small read functions over the store: what capabilities use instead of the data object, so
 * the storage design can change (indexes, partitioned files) without touching them.
 * Results are live records: read them, never change them (changes go through Store.transact).
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
  indicators(): readonly Indicator[];
  indicator(id: string): Indicator | undefined;
  workProgramme(committeeId: string): readonly WorkProgrammeEntry[];
}

export function createRepositories(store: Store): Repositories {
  const read = store.read.bind(store);
  return {
    store,
    councilName: () => read((d) => d.council.name),
    people: () => read((d) => d.people),
    person: (id) => read((d) => d.people.find((p) => p.id === id)),
    committees: () => read((d) => d.committees),
    committee: (id) => read((d) => d.committees.find((c) => c.id === id)),
    meetings: (committeeId) =>
      read((d) =>
        d.meetings
          .filter((m) => !committeeId || m.committeeId === committeeId)
          .sort((a, b) => (a.date + (a.startTime ?? '')).localeCompare(b.date + (b.startTime ?? ''))),
      ),
    meeting: (id) => read((d) => d.meetings.find((m) => m.id === id)),
    minutesOf: (meetingId) => read((d) => d.minutes.find((m) => m.meetingId === meetingId)),
    actions: () => read((d) => d.actions),
    indicators: () => read((d) => d.indicators),
    indicator: (id) => read((d) => d.indicators.find((i) => i.id === id)),
    workProgramme: (committeeId) => read((d) => d.workProgramme.filter((w) => w.committeeId === committeeId)),
  };
}

/**
 * When a meeting starts. A meeting whose time is still to be confirmed is treated as starting
 * at the beginning of its day, so "not yet started" rules stay on the safe side.
 */
export function meetingStart(meeting: Meeting): Date {
  return londonInstant(meeting.date, meeting.startTime ?? '00:00');
}

/** A meeting is ahead while it has not started and is not cancelled. */
export function isUpcoming(meeting: Meeting, now: Date): boolean {
  return meeting.status !== 'cancelled' && meetingStart(meeting).getTime() > now.getTime();
}
