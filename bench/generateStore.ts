import type {
  Action,
  AgendaItem,
  Apology,
  AuditEntry,
  Committee,
  Declaration,
  Indicator,
  IndicatorPoint,
  Meeting,
  Person,
  StoreData,
} from '../bot/store/schema';
import { storeSchema } from '../bot/store/schema';
import { checkReferences, loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { linkPeopleAsBenchUsers } from './activities';

/**
 * Deterministic stores for the benchmarks: the committed seed (Thurrock's Children's Services
 * O&S, so the same questions have the same answers) plus generated committees, municipal years
 * of meetings with agendas (and, for a modern.gov-sized sync, the papers' summaries), actions,
 * apologies and declarations (each with its audit entry, as the bot would have written them)
 * and indicators with monthly series. The same seed always gives the same store, byte for byte
 * (ids come from the PRNG).
 *
 * Realism where it matters for the benchmarks: actions from meetings more than a year before
 * BOT_NOW are almost all complete, so "open actions" lists tens or hundreds, not thousands;
 * councillors sit on several committees; only the seed's own people have the seed's names, so
 * identity and recognition behave as with the seed.
 */
export interface ScaleCounts {
  committees: number;
  years: number;
  meetingsPerYear: number;
  /** Agenda items carry their report's summary, as a modern.gov sync brings them. */
  papers: boolean;
  actions: number;
  apologies: number;
  declarations: number;
  indicators: number;
}

/** One committee over ten municipal years: 100 meetings with agendas, 2,000 actions, 3,000 apologies and declarations. */
export const COMMITTEE_DECADE: ScaleCounts = {
  committees: 1,
  years: 10,
  meetingsPerYear: 10,
  papers: false,
  actions: 2_000,
  apologies: 500,
  declarations: 2_500,
  indicators: 0,
};

/** A whole council's sync window: 50 committees, two municipal years of meetings with agendas and papers. */
export const COUNCIL_WINDOW: ScaleCounts = {
  committees: 50,
  years: 2,
  meetingsPerYear: 10,
  papers: true,
  actions: 4_000,
  apologies: 3_000,
  declarations: 2_000,
  indicators: 100,
};

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Alan',
  'Beth',
  'Carl',
  'Dina',
  'Evan',
  'Fiona',
  'Gareth',
  'Hannah',
  'Ian',
  'Joanne',
  'Keith',
  'Lorna',
  'Martin',
  'Nadia',
  'Oliver',
  'Priya',
  'Ruth',
  'Simon',
  'Tessa',
  'Usha',
  'Victor',
  'Wendy',
  'Yusuf',
  'Zoe',
  'Adrian',
  'Bronwen',
  'Colin',
  'Delia',
  'Edwin',
  'Freya',
];
const LAST = [
  'Ashworth',
  'Bellamy',
  'Cartwright',
  'Dunmore',
  'Ellery',
  'Fairbairn',
  'Gostelow',
  'Hollins',
  'Ingram',
  'Jessop',
  'Kendrick',
  'Lockwood',
  'Marchant',
  'Northcott',
  'Oakley',
  'Pendry',
  'Quayle',
  'Rudd',
  'Southgate',
  'Thackeray',
  'Underwood',
  'Varley',
  'Whitlock',
  'Yardley',
  'Zouch',
  'Abernethy',
  'Blackwood',
  'Crabtree',
  'Dewhurst',
  'Eastwood',
];
const COMMITTEE_NAMES = [
  'Planning Committee',
  'Licensing Committee',
  'Audit Committee',
  'Standards and Audit Committee',
  'General Services Committee',
  'Cleaner, Greener and Safer Overview and Scrutiny Committee',
  'Corporate Overview and Scrutiny Committee',
  'Health and Wellbeing Overview and Scrutiny Committee',
  'Housing Overview and Scrutiny Committee',
  'Planning, Transport and Regeneration Overview and Scrutiny Committee',
  'Health and Wellbeing Board',
  'Corporate Parenting Committee',
  'Local Development Plan Task Force',
  'Lower Thames Crossing Task Force',
  'Schools Forum',
  'Pensions Committee',
  'Appeals Panel',
  'Hidden and Extreme Harms Prevention Committee',
  'Electoral Review Working Group',
  'Constitution Working Group',
  'Port Health Authority Committee',
  'Community Safety Partnership Board',
  'Armed Forces Covenant Board',
  'Tenants Excellence Panel',
  'Grays Town Centre Board',
  'Purfleet Regeneration Board',
  'Tilbury Towns Fund Board',
  'Stanford-le-Hope Community Forum',
  'South Ockendon Community Forum',
  'Aveley and Uplands Community Forum',
  'Chadwell St Mary Community Forum',
  'Corringham Community Forum',
  'East Tilbury Community Forum',
  'Orsett Community Forum',
  'West Thurrock Community Forum',
  'Little Thurrock Community Forum',
  'Tilbury Community Forum',
  'Belhus Community Forum',
  'Stifford Clays Community Forum',
  'Ockendon Community Forum',
  'Homesteads Community Forum',
  'Chafford Hundred Community Forum',
  'Grays Riverside Community Forum',
  'Youth Cabinet Liaison Panel',
  'Adult Social Care Improvement Board',
  'Climate Change Working Group',
  'Budget Scrutiny Panel',
  'Procurement Review Panel',
  'Flood Risk Management Panel',
];
const ITEM_TITLES = [
  'Apologies for Absence',
  'Minutes',
  'Items of Urgent Business',
  'Declaration of Interests',
  'Quarterly Performance Report',
  'Budget Monitoring Report',
  'Fees and Charges Review',
  'Annual Complaints Report',
  'Risk Register Update',
  'Capital Programme Update',
  'Policy Review',
  'Consultation Response',
  'Service Plan',
  'Partnership Update',
  'Internal Audit Progress Report',
  'Work Programme',
];
const ACTION_TEXTS = [
  'Officers to circulate the detailed figures to members before the next meeting.',
  'A briefing note on the consultation responses to be provided to the committee.',
  'The service to report back on progress against the improvement plan.',
  'Officers to arrange a site visit for members.',
  'An update on the procurement timetable to be included in the next report.',
  'The portfolio holder to be invited to the next meeting to answer questions.',
];
const INDICATOR_AREAS = [
  'Household waste recycled',
  'Missed bin collections',
  'Major planning applications decided on time',
  'Minor planning applications decided on time',
  'Council tax collected',
  'Business rates collected',
  'Homeless households in temporary accommodation',
  'Average days to re-let council homes',
  'Rent arrears of current tenants',
  'Fly-tipping incidents cleared within 48 hours',
  'Street lights repaired on time',
  'Potholes repaired within 28 days',
  'Freedom of information requests answered on time',
  'Staff sickness absence days',
  'Library visits',
  'Leisure centre visits',
  'Adults receiving direct payments',
  'Delayed transfers of care from hospital',
  'Older people still at home 91 days after reablement',
  'Carers assessed',
  'Affordable homes delivered',
  'Empty homes brought back into use',
  'Food hygiene inspections completed',
  'Noise complaints resolved',
  'Parking penalty charge notices issued',
  'Customer calls answered within two minutes',
  'Online transactions completed',
  'Apprenticeships started',
  'Young people not in education, employment or training',
  'Pupils in good or outstanding schools',
  'Early years places taken up',
  'Air quality monitoring sites within limits',
  'Trees planted',
  'Energy used by council buildings',
  'Invoices paid within 30 days',
  'Disabled facilities grants completed',
  'Anti-social behaviour cases closed',
  'Domestic abuse referrals',
  'Volunteers supported',
];

const PAPER_SENTENCES = [
  'This report sets out the position at the end of the quarter against the targets agreed by the committee.',
  'Members are asked to note the progress made and to comment on the proposed next steps.',
  'The service has seen an increase in demand which has been met within the existing budget.',
  'A consultation with residents and partners ran for eight weeks and its findings are summarised in Appendix 1.',
  'The financial implications are set out in section 7 and have been agreed with the Section 151 Officer.',
  'There are no direct legal implications arising from this report beyond those set out in section 8.',
  'An equality impact assessment has been completed and is available as a background paper.',
  'Risks are recorded in the corporate risk register and are reviewed monthly by the directorate.',
];

/** The summary of a report, as modern.gov publishes it with the agenda (three to six sentences). */
function paperSummary(pick: <T>(list: readonly T[]) => T, rnd: () => number): string {
  return Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => pick(PAPER_SENTENCES)).join(' ');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

export interface GeneratedStore {
  data: StoreData;
  counts: Record<string, number>;
}

/** Builds and validates the store. `now` decides which meetings are held and which scheduled. */
export function generateStore(now: Date, counts: ScaleCounts, seed = 20231105): GeneratedStore {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  let serial = 0;
  // Deterministic uuid-shaped ids (the store's own ids are uuids).
  const uuid = () => {
    serial += 1;
    const hex = (serial.toString(16) + Math.floor(rnd() * 0xffffffff).toString(16)).padStart(32, '0').slice(-32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };

  // The seed's people are the bench's users (linked by object id); generated people are not.
  const data = linkPeopleAsBenchUsers(storeFromSeed(loadSeed()));
  const source = { document: 'generated-benchmark-council.txt' };
  const takenNames = new Set(data.people.map((p) => p.name.toLowerCase()));
  const newPerson = (kind: Person['kind'], jobTitle?: string): Person => {
    let name = `${pick(FIRST)} ${pick(LAST)}`;
    for (let i = 2; takenNames.has(name.toLowerCase()); i += 1) name = `${pick(FIRST)} ${pick(LAST)}-${pick(LAST)}`;
    takenNames.add(name.toLowerCase());
    const id = `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${pad(data.people.length, 4)}`;
    const person: Person = {
      id,
      name,
      kind,
      ...(kind === 'member' ? { title: 'Councillor' } : {}),
      ...(jobTitle ? { jobTitle } : {}),
      source,
    };
    data.people.push(person);
    return person;
  };

  // People: 60 councillors (several committees each), clerks, officers.
  const councillors = Array.from({ length: 60 }, () => newPerson('member'));
  const clerks = Array.from({ length: 8 }, () => newPerson('clerk', 'Democratic Services Officer'));
  const officers = Array.from({ length: 120 }, () =>
    newPerson('officer', pick(['Assistant Director', 'Strategic Lead', 'Service Manager', 'Head of Service'])),
  );

  // Committees: the seed's, and generated ones up to the count.
  const committees: Committee[] = [...data.committees];
  for (let c = 0; committees.length < counts.committees; c += 1) {
    const name =
      COMMITTEE_NAMES[c % COMMITTEE_NAMES.length]! + (c >= COMMITTEE_NAMES.length ? ` ${Math.floor(c / COMMITTEE_NAMES.length) + 1}` : '');
    const members = new Set<Person>();
    while (members.size < 11) members.add(pick(councillors));
    const [chair, vice, ...rest] = [...members];
    const substitutes = new Set<string>();
    while (substitutes.size < 4) {
      const s = pick(councillors);
      if (!members.has(s)) substitutes.add(s.id);
    }
    const committee: Committee = {
      id: `committee-${pad(c + 1)}`,
      name,
      aliases: [name.replace(/ (Committee|Board|Panel|Forum|Task Force|Working Group)$/, '').toLowerCase()],
      council: data.council.name,
      municipalYear: '2023/24',
      membership: [
        { personId: chair!.id, role: 'chair' },
        { personId: vice!.id, role: 'vice-chair' },
        ...rest.map((p) => ({ personId: p.id, role: 'member' as const })),
      ],
      substitutes: [...substitutes],
      clerkIds: [pick(clerks).id],
      quorum: 3,
      substituteNoticeMinutes: 120,
      source,
    };
    committees.push(committee);
  }
  data.committees = committees;

  // Meetings: municipal years (May to April), agendas with 6-12 items.
  const lastYear = now.getUTCMonth() >= 4 ? now.getUTCFullYear() : now.getUTCFullYear() - 1; // 2023 for 2023/24
  const seedMeetingDates = new Set(data.meetings.map((m) => `${m.committeeId} ${m.date}`));
  const meetings: Meeting[] = [];
  for (const committee of committees) {
    for (let y = lastYear - counts.years + 1; y <= lastYear; y += 1) {
      // The seed already has the children's committee's 2023/24 meetings.
      if (committee.id === 'childrens-os' && y >= lastYear - 1) continue;
      for (let k = 0; k < counts.meetingsPerYear; k += 1) {
        const month = (4 + Math.floor((k * 12) / counts.meetingsPerYear)) % 12; // May .. April
        const year = month < 4 ? y + 1 : y;
        const day = 2 + Math.floor(rnd() * 25);
        const date = `${year}-${pad(month + 1)}-${pad(day)}`;
        if (seedMeetingDates.has(`${committee.id} ${date}`)) continue;
        const start = new Date(`${date}T18:00:00Z`);
        const held = start.getTime() < now.getTime();
        const items: AgendaItem[] = Array.from({ length: 6 + Math.floor(rnd() * 7) }, (_, i) => ({
          number: String(i + 1),
          title: i < 4 ? ITEM_TITLES[i]! : pick(ITEM_TITLES.slice(4)),
          pages: i < 4 ? null : { from: 5 + i * 8, to: 12 + i * 8 },
          leadOfficer: i < 4 ? null : `${pick(officers).name}, ${pick(['Assistant Director', 'Strategic Lead', 'Service Manager'])}`,
          restricted: rnd() < 0.03,
          ...(counts.papers && i >= 4 ? { description: paperSummary(pick, rnd) } : {}),
        }));
        meetings.push({
          id: `${committee.id}-${date}`,
          committeeId: committee.id,
          date,
          startTime: pick(['10:00', '14:00', '18:00', '19:00']),
          venue: pick(['Council Chamber, Civic Offices', 'Committee Room 1, Civic Offices', 'Committee Room 2, Civic Offices', 'Online']),
          webcastUrl: null,
          status: held ? 'held' : rnd() < 0.02 ? 'cancelled' : 'scheduled',
          agendaPublished: held ? isoDay(new Date(start.getTime() - 8 * 86_400_000)) : null,
          agendaItems: items,
          source,
        });
      }
    }
  }
  data.meetings.push(...meetings);
  const held = meetings.filter((m) => m.status === 'held');
  const upcomingOrHeld = meetings.filter((m) => m.status !== 'cancelled');

  // Actions: spread over held meetings; older than a year almost all complete.
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
  const actions: Action[] = [];
  while (data.actions.length + actions.length < counts.actions) {
    const meeting = pick(held);
    const committee = committees.find((c) => c.id === meeting.committeeId)!;
    const due = new Date(new Date(`${meeting.date}T12:00:00Z`).getTime() + (30 + Math.floor(rnd() * 150)) * 86_400_000);
    const old = new Date(`${meeting.date}T12:00:00Z`) < yearAgo;
    const complete = old ? rnd() < 0.985 : rnd() < 0.5;
    const owner = pick(officers);
    const requester = committee.membership[Math.floor(rnd() * committee.membership.length)]!;
    actions.push({
      id: `action-${pad(actions.length + 1, 5)}`,
      reference: `ACTION ${(actions.length % 9) + 1}`,
      origin: {
        kind: 'minutes',
        title: `Minutes of ${meeting.date}`,
        meetingId: meeting.id,
        minuteNumber: String(10 + Math.floor(rnd() * 40)),
      },
      text: pick(ACTION_TEXTS),
      requestedBy: { personId: requester.personId, name: data.people.find((p) => p.id === requester.personId)?.name ?? requester.personId },
      owner: { personId: owner.id, name: owner.name },
      due: isoDay(due),
      dueText: null,
      status: complete ? 'complete' : 'open',
      rag: complete ? null : pick(['red', 'amber', 'green'] as const),
      source,
    });
  }
  data.actions.push(...actions);

  // Apologies and declarations, each audited as the bot audits them.
  const audit: AuditEntry[] = [];
  const auditOf = (kind: string, recordType: string, record: Apology | Declaration) => {
    audit.push({
      id: uuid(),
      at: record.createdAt,
      actor: record.recordedBy,
      onBehalfOf: record.onBehalf ? record.personId : null,
      kind,
      recordType,
      recordId: record.id,
      after: record,
    });
  };
  const apologyKeys = new Set<string>();
  while (data.apologies.length < counts.apologies) {
    const meeting = pick(upcomingOrHeld);
    if (meeting.committeeId === 'childrens-os' && meeting.date >= isoDay(now)) continue;
    const committee = committees.find((c) => c.id === meeting.committeeId)!;
    const member = committee.membership[Math.floor(rnd() * committee.membership.length)]!;
    const key = `${meeting.id} ${member.personId}`;
    if (apologyKeys.has(key)) continue;
    apologyKeys.add(key);
    const at = new Date(new Date(`${meeting.date}T09:00:00Z`).getTime() - Math.floor(rnd() * 14) * 86_400_000).toISOString();
    const person = data.people.find((p) => p.id === member.personId)!;
    const apology: Apology = {
      id: uuid(),
      meetingId: meeting.id,
      personId: member.personId,
      reason: pick([null, 'Work commitment', 'On leave', 'Unwell', 'Family commitment', 'Another council meeting']),
      substituteId: rnd() < 0.2 ? pick(committee.substitutes) : null,
      status: rnd() < 0.05 ? 'withdrawn' : 'sent',
      recordedBy: { personId: person.id, aadObjectId: `aad-${person.id}`, name: person.name },
      onBehalf: false,
      createdAt: at,
      updatedAt: at,
    };
    data.apologies.push(apology);
    auditOf('apology.sent', 'apology', apology);
  }
  const declarationKeys = new Set<string>();
  while (data.declarations.length < counts.declarations) {
    const meeting = pick(held);
    const committee = committees.find((c) => c.id === meeting.committeeId)!;
    const member = committee.membership[Math.floor(rnd() * committee.membership.length)]!;
    const item = pick(meeting.agendaItems);
    const key = `${meeting.id} ${item.number} ${member.personId}`;
    if (declarationKeys.has(key)) continue;
    declarationKeys.add(key);
    const person = data.people.find((p) => p.id === member.personId)!;
    const at = new Date(`${meeting.date}T09:00:00Z`).toISOString();
    const declaration: Declaration = {
      id: uuid(),
      meetingId: meeting.id,
      agendaItemNumber: item.number,
      personId: member.personId,
      kind: pick(['disclosable-pecuniary', 'other-registrable', 'non-registrable'] as const),
      nature: pick([
        'My partner works for the provider',
        'I am a governor of a local school',
        'I live near the site',
        'I am a member of the organisation',
      ]),
      onRegister: rnd() < 0.5,
      status: 'declared',
      recordedBy: { personId: person.id, aadObjectId: `aad-${person.id}`, name: person.name },
      onBehalf: false,
      createdAt: at,
      updatedAt: at,
    };
    data.declarations.push(declaration);
    auditOf('declaration.made', 'declaration', declaration);
  }
  audit.sort((a, b) => a.at.localeCompare(b.at));
  data.audit.push(...audit);

  // Indicators: monthly series over the years.
  const months = counts.years * 12;
  for (let i = 0; data.indicators.length < counts.indicators; i += 1) {
    const area =
      INDICATOR_AREAS[i % INDICATOR_AREAS.length]! +
      (i >= INDICATOR_AREAS.length
        ? ` (${['north', 'south', 'east'][Math.floor(i / INDICATOR_AREAS.length) - 1] ?? 'other'} locality)`
        : '');
    let value = 40 + rnd() * 50;
    const series: IndicatorPoint[] = Array.from({ length: months }, (_, m) => {
      const end = new Date(Date.UTC(lastYear - counts.years + 1, 4 + m + 1, 0)); // last day of each month from May
      value = Math.max(0, value + (rnd() - 0.5) * 4);
      return {
        period: `${end.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${end.getUTCFullYear()}`,
        periodEnd: isoDay(end),
        value: Math.round(value * 10) / 10,
        asAt: isoDay(new Date(end.getTime() + 20 * 86_400_000)),
        source,
      };
    }).filter((p) => p.periodEnd <= isoDay(now));
    const indicator: Indicator = {
      id: `indicator-${pad(i + 1, 3)}`,
      name: `${area} (%)`,
      aliases: [area.toLowerCase()],
      unit: '%',
      polarity: pick(['higher-is-better', 'lower-is-better', 'neutral'] as const),
      series,
      comparators: [],
    };
    data.indicators.push(indicator);
  }

  const parsed = storeSchema.parse(data);
  checkReferences(parsed);
  return {
    data: parsed,
    counts: {
      committees: parsed.committees.length,
      meetings: parsed.meetings.length,
      agendaItems: parsed.meetings.reduce((n, m) => n + m.agendaItems.length, 0),
      people: parsed.people.length,
      actions: parsed.actions.length,
      openActions: parsed.actions.filter((a) => a.status === 'open').length,
      apologies: parsed.apologies.length,
      declarations: parsed.declarations.length,
      indicators: parsed.indicators.length,
      indicatorPoints: parsed.indicators.reduce((n, x) => n + x.series.length, 0),
      auditEntries: parsed.audit.length,
    },
  };
}
