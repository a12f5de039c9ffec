import { londonInstant } from '../format';
import type {
  Action,
  Apology,
  Committee,
  Declaration,
  Indicator,
  Meeting,
  Minutes,
  Person,
  StoreData,
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
  /** The actions still open, in stored order (most of a council's actions are long complete). */
  openActions(): readonly Action[];
  /** Apologies for a meeting, sent and withdrawn, in the order they were first recorded. */
  apologiesFor(meetingId: string): readonly Apology[];
  /** Declarations for a meeting, in the order they were first recorded. */
  declarationsFor(meetingId: string): readonly Declaration[];
  indicators(): readonly Indicator[];
  indicator(id: string): Indicator | undefined;
  workProgramme(committeeId: string): readonly WorkProgrammeEntry[];
}

export function createRepositories(store: Store): Repositories {
  const read = store.read.bind(store);
  // Look-ups by id come from indexes the store keeps as records are added (ids never change),
  // so they stay cheap inside a change too; per-committee lists are rebuilt when their
  // collection changes (a ten-year store has thousands of meetings and actions).
  const byId = <K extends 'people' | 'committees' | 'meetings' | 'indicators'>(collection: K) =>
    (id: string): StoreData[K][number] | undefined =>
      store.index(`${collection}ById`, collection, (r) => r.id).get(id)?.[0]; // first wins, as find() did
  const sortedMeetings = () =>
    store.derived('meetingsByCommittee', ['meetings'], (d) => {
      const all = [...d.meetings].sort((a, b) => (a.date + (a.startTime ?? '')).localeCompare(b.date + (b.startTime ?? '')));
      const byCommittee = new Map<string, Meeting[]>();
      for (const m of all) {
        const list = byCommittee.get(m.committeeId) ?? [];
        list.push(m);
        byCommittee.set(m.committeeId, list);
      }
      return { all, byCommittee };
    });
  return {
    store,
    councilName: () => read((d) => d.council.name),
    people: () => read((d) => d.people),
    person: byId('people'),
    committees: () => read((d) => d.committees),
    committee: byId('committees'),
    // A copy, so callers may sort or filter it as before.
    meetings: (committeeId) => {
      const sorted = sortedMeetings();
      return [...(committeeId ? (sorted.byCommittee.get(committeeId) ?? []) : sorted.all)];
    },
    meeting: byId('meetings'),
    minutesOf: (meetingId) =>
      store.derived('minutesByMeeting', ['minutes'], (d) => {
        const index = new Map<string, Minutes>();
        for (const m of d.minutes) if (!index.has(m.meetingId)) index.set(m.meetingId, m);
        return index;
      }).get(meetingId),
    actions: () => read((d) => d.actions),
    openActions: () => store.derived('openActions', ['actions'], (d) => d.actions.filter((a) => a.status === 'open')),
    apologiesFor: (meetingId) => store.index('apologiesByMeeting', 'apologies', (a) => a.meetingId).get(meetingId) ?? [],
    declarationsFor: (meetingId) => store.index('declarationsByMeeting', 'declarations', (x) => x.meetingId).get(meetingId) ?? [],
    indicators: () => read((d) => d.indicators),
    indicator: byId('indicators'),
    workProgramme: (committeeId) =>
      store.derived('workProgrammeByCommittee', ['workProgramme'], (d) => {
        const index = new Map<string, WorkProgrammeEntry[]>();
        for (const w of d.workProgramme) {
          const list = index.get(w.committeeId) ?? [];
          list.push(w);
          index.set(w.committeeId, list);
        }
        return index;
      }).get(committeeId)?.slice() ?? [],
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
