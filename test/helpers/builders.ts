import type { Committee, Meeting, Person, Seed } from '../../bot/store/schema';

/** Test data builders: a small valid seed, overridable piece by piece. */
const source = { document: 'test-fixture' };

export function buildPerson(overrides: Partial<Person> & { id: string }): Person {
  return { name: overrides.id.replace(/-/g, ' '), kind: 'member', title: 'Councillor', ...overrides };
}

export function buildMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: 'test-committee-2030-01-15',
    committeeId: 'test-committee',
    date: '2030-01-15',
    startTime: '19:00',
    venue: 'Committee Room 1',
    webcastUrl: null,
    status: 'scheduled',
    agendaPublished: null,
    agendaItems: [
      { number: '1', title: 'Apologies for Absence', pages: null, leadOfficer: null, restricted: false },
      { number: '2', title: 'Budget', pages: { from: 5, to: 12 }, leadOfficer: 'Ann Officer', restricted: false },
    ],
    source,
    ...overrides,
  };
}

export function buildCommittee(overrides: Partial<Committee> = {}): Committee {
  return {
    id: 'test-committee',
    name: 'Test Committee',
    aliases: ['test'],
    council: 'Test Council',
    municipalYear: '2029/30',
    membership: [
      { personId: 'alice-chair', role: 'chair' },
      { personId: 'bob-member', role: 'member' },
    ],
    substitutes: ['sam-sub'],
    clerkIds: ['clara-clerk'],
    quorum: 2,
    substituteNoticeMinutes: 120,
    source,
    ...overrides,
  };
}

export function buildSeed(overrides: Partial<Seed> = {}): Seed {
  return {
    council: { name: 'Test Council', timeZone: 'Europe/London' },
    people: [
      buildPerson({ id: 'alice-chair' }),
      buildPerson({ id: 'bob-member' }),
      buildPerson({ id: 'sam-sub' }),
      buildPerson({ id: 'clara-clerk', kind: 'clerk', title: 'Ms' }),
    ],
    committees: [buildCommittee()],
    meetings: [buildMeeting()],
    minutes: [],
    actions: [],
    indicators: [],
    workProgramme: [],
    budget: [],
    ...overrides,
  };
}
