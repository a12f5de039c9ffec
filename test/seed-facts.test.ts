/**
 * Spot checks of the seed (data/*.json) against the committee's papers in
 * ../shared/source-documents. Each expected value below is as printed in those papers.
 */
import path from 'node:path';
import { loadSeed } from '../bot/store/seed';
import type { Action, Indicator, Meeting, Seed } from '../bot/store/schema';

// The papers live outside the repository (../shared/source-documents); CI clones the repo
// alone, so the seed is checked against their file names rather than their presence on disk.
const SOURCE_DOCUMENTS = new Set([
  'agenda-pack-childrens-os-committee-2023-09-12.txt',
  'portfolio-holder-report-childrens-social-care-2024.txt',
  'statutory-duties-childrens-social-care-2023.txt',
  'safeguarding-and-child-protection-report-2013.txt',
  'dcs-statutory-guidance-appointments-panel-2020.txt',
]);
const AGENDA_PACK = 'agenda-pack-childrens-os-committee-2023-09-12.txt';
const PORTFOLIO = 'portfolio-holder-report-childrens-social-care-2024.txt';

let seed: Seed;

beforeAll(() => {
  seed = loadSeed(path.resolve(__dirname, '..', 'data'));
});

const committee = () => {
  const c = seed.committees.find((x) => x.id === 'childrens-os');
  if (!c) throw new Error('committee childrens-os missing');
  return c;
};
const person = (id: string) => {
  const p = seed.people.find((x) => x.id === id);
  if (!p) throw new Error(`person ${id} missing`);
  return p;
};
const meeting = (id: string): Meeting => {
  const m = seed.meetings.find((x) => x.id === id);
  if (!m) throw new Error(`meeting ${id} missing`);
  return m;
};
const indicator = (id: string): Indicator => {
  const i = seed.indicators.find((x) => x.id === id);
  if (!i) throw new Error(`indicator ${id} missing`);
  return i;
};
const action = (id: string): Action => {
  const a = seed.actions.find((x) => x.id === id);
  if (!a) throw new Error(`action ${id} missing`);
  return a;
};
const point = (i: Indicator, period: string) => {
  const p = i.series.find((x) => x.period === period);
  if (!p) throw new Error(`${i.id} has no point for ${period}`);
  return p;
};
const comparator = (i: Indicator, name: string) => i.comparators.find((c) => c.name === name)?.value;

describe('committee membership (agenda of 12 September 2023)', () => {
  test('When the committee is loaded, then Councillor Elizabeth Rigby is the chair', () => {
    const chair = committee().membership.filter((m) => m.role === 'chair');
    expect(chair).toHaveLength(1);
    expect(person(chair[0]!.personId).name).toBe('Elizabeth Rigby');
    expect(person(chair[0]!.personId).title).toBe('Councillor');
  });

  test('When the committee is loaded, then Councillor Sara Muldowney is the vice-chair', () => {
    const vice = committee().membership.filter((m) => m.role === 'vice-chair');
    expect(vice).toHaveLength(1);
    expect(person(vice[0]!.personId).name).toBe('Sara Muldowney');
  });

  test('When membership is counted, then there are 6 councillors and 3 co-opted representatives', () => {
    const m = committee().membership;
    expect(m.filter((x) => x.role !== 'co-opted')).toHaveLength(6);
    const coopted = m.filter((x) => x.role === 'co-opted');
    expect(coopted.map((x) => person(x.personId).name).sort()).toEqual(['Kim James', 'Nicola Cranch', 'Sarah Barlow']);
    expect(coopted.find((x) => x.personId === 'sarah-barlow')?.representing).toBe('Church of England Representative');
  });

  test('When substitutes are listed, then the six named substitutes are there', () => {
    expect(
      committee()
        .substitutes.map((id) => person(id).name)
        .sort(),
    ).toEqual(['Aaron Green', 'Cici Manwa', 'James Halden', 'Paul Arnold', 'Sue Shinnick', 'Susan Little']);
  });

  test('When the clerk is looked up, then it is Rhiannon Whiteley, Senior Democratic Services Officer', () => {
    expect(committee().clerkIds).toEqual(['rhiannon-whiteley']);
    const clerk = person('rhiannon-whiteley');
    expect(clerk.kind).toBe('clerk');
    expect(clerk.jobTitle).toBe('Senior Democratic Services Officer');
  });

  test('When apologies are sent, then they go to Direct.Democracy@thurrock.gov.uk and the webcast is on thurrock.gov.uk', () => {
    expect(committee().apologiesContact).toBe('Direct.Democracy@thurrock.gov.uk');
    expect(committee().webcastUrl).toBe('https://www.thurrock.gov.uk/webcast');
  });

  test('When people are loaded, then no one carries an email that the papers do not state', () => {
    expect(seed.people.filter((p) => p.email !== undefined)).toEqual([]);
  });
});

describe('meetings', () => {
  test('When the 12 September 2023 meeting is loaded, then it is at 19:00 in Committee Room 2, Civic Offices, Grays', () => {
    const m = meeting('childrens-os-2023-09-12');
    expect(m.date).toBe('2023-09-12');
    expect(m.startTime).toBe('19:00');
    expect(m.venue).toBe('Committee Room 2, Civic Offices, New Road, Grays, Essex, RM17 6SL');
  });

  test('When the 12 September 2023 agenda is read, then it has 10 items and was published on 4 September 2023', () => {
    const m = meeting('childrens-os-2023-09-12');
    expect(m.agendaItems).toHaveLength(10);
    expect(m.agendaItems.map((i) => i.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(m.agendaPublished).toBe('2023-09-04');
    expect(m.agendaItems.every((i) => i.restricted === false)).toBe(true);
  });

  test('When page ranges are read, then minutes are 5-12, complaints 21-38, work programme 53-58 and the verbal update has none', () => {
    const items = meeting('childrens-os-2023-09-12').agendaItems;
    const pages = (n: string) => items.find((i) => i.number === n)?.pages;
    expect(pages('2')).toEqual({ from: 5, to: 12 });
    expect(pages('6')).toEqual({ from: 21, to: 38 });
    expect(pages('8')).toEqual({ from: 39, to: 46 });
    expect(pages('10')).toEqual({ from: 53, to: 58 });
    expect(pages('7')).toBeNull();
  });

  test('When item 6 of 12 September 2023 is read, then its lead officer is Lee Henley', () => {
    const item = meeting('childrens-os-2023-09-12').agendaItems.find((i) => i.number === '6');
    expect(item?.leadOfficer).toBe('Lee Henley, Strategic Lead, Information Management');
  });

  test('When the 2023/24 meeting dates are listed, then they are the five dates of the work programme', () => {
    const dates = seed.meetings
      .filter((m) => m.date >= '2023-06-01' && m.date <= '2024-05-31')
      .map((m) => m.date)
      .sort();
    expect(dates).toEqual(['2023-06-15', '2023-09-12', '2023-11-16', '2024-01-16', '2024-03-12']);
  });

  test('When meetings after 12 September 2023 are read, then their time and venue are not stated', () => {
    for (const id of ['childrens-os-2023-11-16', 'childrens-os-2024-01-16', 'childrens-os-2024-03-12']) {
      expect(meeting(id).startTime).toBeNull();
      expect(meeting(id).venue).toBeNull();
      expect(meeting(id).status).toBe('scheduled');
    }
  });

  test('When the 2013 safeguarding report meeting is loaded, then it was held on 29 January 2013', () => {
    const m = meeting('childrens-os-2013-01-29');
    expect(m.date).toBe('2013-01-29');
    expect(m.status).toBe('held');
  });

  test('When the 15 June 2023 meeting is loaded, then it was held at 19:00', () => {
    const m = meeting('childrens-os-2023-06-15');
    expect(m.status).toBe('held');
    expect(m.startTime).toBe('19:00');
  });
});

describe('minutes of 15 June 2023', () => {
  const minutes = () => {
    const m = seed.minutes.find((x) => x.meetingId === 'childrens-os-2023-06-15');
    if (!m) throw new Error('minutes of 15 June 2023 missing');
    return m;
  };

  test('When apologies are read, then Councillor Hartstean sent apologies with Councillor Green as substitute', () => {
    expect(minutes().apologies).toEqual([{ personId: 'vikki-hartstean', substituteId: 'aaron-green' }]);
    expect(minutes().present).toHaveLength(6);
    expect(minutes().present).toContain('aaron-green');
  });

  test('When minute items are read, then they run from 31 to 41', () => {
    expect(minutes().items.map((i) => i.minuteNumber)).toEqual(['31', '32', '33', '34', '35', '36', '37', '38', '39', '40', '41']);
    expect(minutes().items.find((i) => i.minuteNumber === '36')?.resolutions).toHaveLength(4);
  });
});

describe('actions', () => {
  test('When ACTIONs 1-6 are read, then they are open and point at the 15 June 2023 minutes', () => {
    for (let n = 1; n <= 6; n += 1) {
      const a = action(`2023-06-15-action-${n}`);
      expect(a.reference).toBe(`ACTION ${n}`);
      expect(a.origin.meetingId).toBe('childrens-os-2023-06-15');
      expect(a.status).toBe('open');
    }
  });

  test('When ACTIONs 1-6 owners are read, then only 3, 5 and 6 have a named owner, as in the minutes', () => {
    const owner = (n: number) => action(`2023-06-15-action-${n}`).owner?.personId ?? null;
    expect([1, 2, 3, 4, 5, 6].map(owner)).toEqual([null, null, 'janet-simon', null, 'michele-lucas', 'michele-lucas']);
  });

  test('When ACTIONs 1-6 requesters are read, then Councillors Muldowney and Panjala asked for 1-4', () => {
    const asked = (n: number) => action(`2023-06-15-action-${n}`).requestedBy?.personId ?? null;
    expect([1, 2, 3, 4].map(asked)).toEqual(['sara-muldowney', 'sara-muldowney', 'srikanth-panjala', 'srikanth-panjala']);
    expect(action('2023-06-15-action-1').origin.minuteNumber).toBe('34');
    expect(action('2023-06-15-action-6').origin.minuteNumber).toBe('39');
  });

  test('When the Thematic Review action plan is read, then it has 15 actions, 6 green and complete and 9 amber', () => {
    const plan = seed.actions.filter((a) => a.origin.kind === 'plan');
    expect(plan).toHaveLength(15);
    expect(plan.filter((a) => a.rag === 'green')).toHaveLength(6);
    expect(plan.filter((a) => a.status === 'complete')).toHaveLength(6);
    expect(plan.filter((a) => a.rag === 'amber')).toHaveLength(9);
    expect(plan.every((a) => (a.rag === 'green') === (a.status === 'complete'))).toBe(true);
  });

  test('When Thematic Review action 1.3.2 is read, then MSEFT leads it, due 30 September 2023, amber', () => {
    const a = seed.actions.find((x) => x.origin.kind === 'plan' && x.reference === '1.3.2');
    expect(a?.owner?.name).toBe('MSEFT');
    expect(a?.due).toBe('2023-09-30');
    expect(a?.dueText).toBe('30/09/23');
    expect(a?.rag).toBe('amber');
  });
});

describe('indicators', () => {
  test('When the CP rate is read, then it is 25 in 2021/22, 24 in 2022/23 and 30 (135 children) at Q3 2023/24', () => {
    const cp = indicator('cp-rate');
    expect(point(cp, '2021/22').value).toBe(25);
    expect(point(cp, '2022/23').value).toBe(24);
    const q3 = point(cp, 'Q3 2023/24');
    expect(q3.value).toBe(30);
    expect(q3.count).toEqual({ value: 135, unit: 'children' });
    expect(q3.periodEnd).toBe('2023-12-31');
    expect(cp.polarity).toBe('neutral');
  });

  test('When CP rate comparators are read, then statistical neighbours are 39 and national 53', () => {
    const cp = indicator('cp-rate');
    expect(comparator(cp, 'Statistical neighbours')).toBe(39);
    expect(comparator(cp, 'National')).toBe(53);
  });

  test('When the CIN rate is read, then it is 333, 314 and 253 with statistical neighbours at 331', () => {
    const cin = indicator('cin-rate');
    expect(['2021/22', '2022/23', 'Q3 2023/24'].map((p) => point(cin, p).value)).toEqual([333, 314, 253]);
    expect(comparator(cin, 'Statistical neighbours')).toBe(331);
  });

  test('When the re-referral rate is read, then it is 18.4% against 21% and 22%, lower being better', () => {
    const r = indicator('re-referral-rate');
    expect(r.series.map((p) => p.value)).toEqual([18.4]);
    expect(r.unit).toBe('%');
    expect(comparator(r, 'Statistical neighbours')).toBe(21);
    expect(comparator(r, 'National')).toBe(22);
    expect(r.polarity).toBe('lower-is-better');
  });

  test('When the reoffending rate is read, then it is 36.4%, lower being better', () => {
    const r = indicator('reoffending-rate');
    expect(r.series.map((p) => p.value)).toEqual([36.4]);
    expect(r.polarity).toBe('lower-is-better');
  });

  test('When the other headline figures are read, then UASC quota is 44, CWD 287, family hubs 8 and Turnaround 30', () => {
    expect(indicator('uasc-quota').series[0]?.value).toBe(44);
    expect(indicator('children-with-disabilities-supported').series[0]?.value).toBe(287);
    expect(indicator('family-hubs').series[0]?.value).toBe(8);
    expect(indicator('turnaround').series[0]?.value).toBe(30);
    expect(comparator(indicator('turnaround'), 'Programme target (by March 2025)')).toBe(58);
  });

  test('When complaints are read, then 57% were upheld in 2021/22 and 47% in 2022/23 from 15 and 14 complaints', () => {
    const upheld = indicator('complaints-upheld');
    expect(point(upheld, '2021/22').value).toBe(57);
    expect(point(upheld, '2022/23').value).toBe(47);
    const received = indicator('complaints-received');
    expect(point(received, '2021/22').value).toBe(15);
    expect(point(received, '2022/23').value).toBe(14);
  });

  test('When looked after children and adoptions are read, then they are 292 and 14 (minutes of 15 June 2023)', () => {
    expect(point(indicator('looked-after-children'), '2022/23').value).toBe(292);
    expect(point(indicator('adoptions'), '2022/23').value).toBe(14);
  });

  test('When each indicator point and comparator is checked, then its source document is one of the committee papers', () => {
    const documents = new Set<string>();
    for (const i of seed.indicators) {
      expect(i.series.length).toBeGreaterThan(0);
      i.series.forEach((p) => documents.add(p.source.document));
      i.comparators.forEach((c) => documents.add(c.source.document));
    }
    for (const doc of documents) {
      expect(SOURCE_DOCUMENTS).toContain(doc);
    }
    expect(documents).toContain(PORTFOLIO);
    expect(documents).toContain(AGENDA_PACK);
  });

  test('When indicator ids are listed, then the fixed ids the bot relies on are all present', () => {
    const ids = seed.indicators.map((i) => i.id);
    for (const id of [
      'cp-rate',
      'cin-rate',
      're-referral-rate',
      'looked-after-children',
      'uasc-quota',
      'children-with-disabilities-supported',
      'reoffending-rate',
      'turnaround',
      'adoptions',
      'complaints-upheld',
      'complaints-received',
      'family-hubs',
    ]) {
      expect(ids).toContain(id);
    }
  });

  test('When each indicator is read, then it has a reporting cycle, a grace period, owners who are officers of the data, and where that comes from', () => {
    for (const i of seed.indicators) {
      expect([i.id, i.cycle]).toEqual([i.id, expect.stringMatching(/^(annual|quarterly|monthly)$/)]);
      expect(i.graceDays).toBeGreaterThan(0);
      expect(SOURCE_DOCUMENTS).toContain(i.scheduleSource?.document);
      for (const owner of i.ownerIds ?? []) expect(person(owner).kind).toBe('officer');
    }
    expect(indicator('cp-rate')).toMatchObject({ cycle: 'quarterly', ownerIds: ['janet-simon'] });
    expect(indicator('complaints-upheld')).toMatchObject({ cycle: 'annual', ownerIds: ['lee-henley'] });
    expect(indicator('agency-social-workers').ownerIds).toBeUndefined();
  });
});

describe('work programme and budget', () => {
  test('When the work programme is read, then every entry points at one of the five 2023/24 meetings', () => {
    const allowed = new Set(['2023-06-15', '2023-09-12', '2023-11-16', '2024-01-16', '2024-03-12'].map((d) => `childrens-os-${d}`));
    expect(seed.workProgramme.length).toBe(36);
    expect(seed.workProgramme.every((w) => w.meetingId !== null && allowed.has(w.meetingId))).toBe(true);
  });

  test('When the 2023/24 Children and Family Services budget total is read, then it is £34,465,264', () => {
    const total = seed.budget.find((b) => b.kind === 'total' && b.year === '2023/24' && b.amount === 34465264);
    expect(total?.source.document).toBe('statutory-duties-childrens-social-care-2023.txt');
    const placements = seed.budget.find((b) => b.service === 'Children Looked After and Placements');
    expect(placements?.amount).toBe(24058531);
  });

  test('When every record source is checked, then it names one of the committee papers', () => {
    const docs = [
      ...seed.people.map((p) => p.source?.document).filter((d): d is string => d !== undefined),
      ...seed.committees.map((c) => c.source.document),
      ...seed.meetings.map((m) => m.source.document),
      ...seed.minutes.map((m) => m.source.document),
      ...seed.actions.map((a) => a.source.document),
      ...seed.workProgramme.map((w) => w.source.document),
      ...seed.budget.map((b) => b.source.document),
    ];
    for (const doc of new Set(docs)) expect(SOURCE_DOCUMENTS).toContain(doc);
  });
});
