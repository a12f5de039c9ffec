import { londonInstant } from '../format';
import type {
  Action,
  Committee,
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
  indicators(): readonly Indicator[];
  indicator(id: string): Indicator | undefined;
  workProgramme(committeeId: string): readonly WorkProgrammeEntry[];
}

export function createRepositories(store: Store): Repositories {
  const read = store.read.bind(store);
  // Look-ups by id and per-committee lists come from indexes the store keeps until a change
  // touches their collection (a ten-year store has thousands of meetings and actions).
  const byId = <K extends 'people' | 'committees' | 'meetings' | 'indicators'>(collection: K) =>
    (id: string): StoreData[K][number] | undefined =>
      // Inside a change the data may be half-changed: a plain search is exact and cheaper than an index.
      store.isChanging
        ? read((d) => (d[collection] as readonly StoreData[K][number][]).find((r) => r.id === id))
        : store
        .derived(`${collection}ById`, [collection], (d) => {
          const index = new Map<string, StoreData[K][number]>();
          for (const r of d[collection]) if (!index.has(r.id)) index.set(r.id, r); // first wins, as find() did
          return index;
        })
        .get(id);
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
