import type { Action, AgendaItem, Committee, Meeting, Person, Seed, StoreData } from '../../bot/store/schema';

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

/**
 * The seed's council with a second committee, the Corporate Parenting Panel (chaired by
 * Elizabeth Rigby, clerked by the seed's clerk), meeting on Tuesday 3 October 2023 at 2.00 pm.
 */
export function withCorporateParentingPanel(data: StoreData): StoreData {
  data.committees.push(
    buildCommittee({
      id: 'corporate-parenting',
      name: 'Corporate Parenting Panel',
      aliases: [],
      membership: [{ personId: 'elizabeth-rigby', role: 'chair' }],
      substitutes: [],
      clerkIds: ['rhiannon-whiteley'],
    }),
  );
  data.meetings.push(
    buildMeeting({ id: 'corporate-parenting-2023-10-03', committeeId: 'corporate-parenting', date: '2023-10-03', startTime: '14:00' }),
  );
  return data;
}

/** Words of a restricted item that no answer may ever show. */
export const RESTRICTED_SECRET = 'Placement costs for child AB at Example Care Ltd';

/** Item 11, restricted (exempt under paragraph 3), whose summary is RESTRICTED_SECRET. */
export function restrictedPlacementItem(overrides: Partial<AgendaItem> = {}): AgendaItem {
  return {
    number: '11',
    title: 'Residential placement contract',
    description: RESTRICTED_SECRET,
    pages: { from: 59, to: 64 },
    leadOfficer: 'Jane Private, Commissioning Manager',
    restricted: true,
    exemptParagraph: '3',
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

/** Completed actions from an old plan, added until the store's JSON is at least `bytes` long. */
export function padWithArchivedActions(data: StoreData, bytes: number): void {
  const padding = (i: number): Action => ({
    id: `archive-${i}`,
    reference: `ARCHIVE ${i}`,
    origin: { kind: 'plan', title: 'Archived improvement plan 2015' },
    text: `Archived action ${i}: review the quarterly performance report and circulate it to members before the next meeting.`,
    requestedBy: null,
    owner: { name: 'Archived officer' },
    due: '2015-03-31',
    dueText: 'March 2015',
    status: 'complete',
    rag: null,
    source: { document: 'test-padding' },
  });
  for (let i = 0; Buffer.byteLength(JSON.stringify(data)) < bytes; i += 1) data.actions.push(padding(i));
}
