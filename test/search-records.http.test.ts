import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import type { StoreData } from '../bot/store/schema';
import { buildUser } from './helpers/activities';
import { buildCommittee, buildMeeting, buildPerson, restrictedPlacementItem, RESTRICTED_SECRET } from './helpers/builders';
import { cardElements, cardText } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * Search results open their own record, and search keeps to the conversation's committee. Over
 * HTTP with the fake connector, the clock pinned to Tuesday 5 September 2023, 9 am in London.
 * Facts are the seed's: ACTION 3 of the 15 June 2023 minutes (owned by the Assistant Director,
 * Janet Simon; no due date), thematic review action 1.1 (amber, due 31/10/23), and the work
 * programme entry "Fostering Recruitment Update" for 12 September 2023.
 */
const member = buildUser('Qaisar Abbas');
const clerk = buildUser('Rhiannon Whiteley');

type Button = { title: string; data: Record<string, unknown> };

function buttons(card: Record<string, unknown>): Button[] {
  return cardElements(card, 'Action.Submit') as unknown as Button[];
}

/** The text of the card the result button `label` opens, with each fact ("Owner: ...") on one line. */
async function pressed(t: TestBot, question: string, label: string, from = member): Promise<string> {
  const card = checkedCardOf(await t.say(question, from));
  const button = buttons(card).find((b) => b.title === label);
  expect(button).toBeDefined();
  return cardText(checkedCardOf(await t.submit(button!.data, from)), { dropJoiners: true, joinBlocks: true });
}

describe('a search result opens its own record', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  test('When an action found by search is opened, then its own card shows it, not its meeting’s other actions', async () => {
    const text = await pressed(t, 'search permanent social workers', 'Open ACTION 3');
    expect(text).toMatch(/^ACTION 3\n/);
    expect(text).toMatch(/A breakdown of the number of permanent social workers and agency social workers/);
    expect(text).toMatch(/Owner: The Assistant Director of Children's Social Care and Early Help \(Janet Simon\)/);
    expect(text).toMatch(/Requested by: Councillor Panjala/);
    expect(text).toMatch(/Due: No due date in the papers/);
    expect(text).toMatch(/Status: Open/);
    expect(text).toMatch(/Meeting: Children's Services Overview and Scrutiny Committee, Thursday 15 June 2023, 7\.00 pm/);
    expect(text).toMatch(/Minute: 38/);
    expect(text).toMatch(
      /Source: agenda-pack-childrens-os-committee-2023-09-12\.txt, Minutes of 15 June 2023, minute 38, ACTION 3.*pages 5-12/,
    );
    expect(text).not.toMatch(/ACTION 4|ACTION 1\b/);
  });

  test('When an action of the thematic review plan is opened, then its update, due date and RAG status show', async () => {
    const text = await pressed(t, 'search information sharing Essex Police', 'Open action 1.1');
    expect(text).toMatch(/Action, Thematic Review Action Plan/);
    expect(text).toMatch(/Latest update\nAction plan presented to the Youth Crime Governance Board/);
    expect(text).toMatch(/Owner: Thurrock LSCP Business Team/);
    expect(text).toMatch(/Due: 31\/10\/23/);
    expect(text).toMatch(/Status: Open \(amber\)/);
    expect(text).toMatch(/pages 47-52/);
  });

  test('When a work programme entry found by search is opened, then that entry alone is shown, with its meeting, lead and status', async () => {
    const text = await pressed(t, 'search fostering recruitment update', 'Open this entry');
    expect(text).toMatch(/^Fostering Recruitment Update\nWork programme, Children's Services Overview and Scrutiny Committee/);
    expect(text).toMatch(/Meeting: Tuesday 12 September 2023, 7\.00 pm \(upcoming\)/);
    expect(text).toMatch(/Lead officer: .*Janet Simon/);
    expect(text).toMatch(/Status: Planned/);
    expect(text).toMatch(/Work Programme 2023\/24.*pages 53-58/);
    expect(text).not.toMatch(/Terms of Reference|Youth Cabinet/);
  });

  test('When an agenda item found by search is opened, then its own card shows that item from the agenda pack, not the rest of the agenda', async () => {
    const text = await pressed(t, 'search family hubs start for life', 'Open item 8');
    expect(text).toMatch(
      /^Item 8: Family Hubs and the Start for Life Programme Report\nAgenda item, Children's Services Overview and Scrutiny Committee/,
    );
    expect(text).toMatch(/Meeting: Children's Services Overview and Scrutiny Committee, Tuesday 12 September 2023, 7\.00 pm \(upcoming\)/);
    expect(text).toMatch(/Lead officer: Clare Moore, Strategic Lead Youth Offending Service and Prevention/);
    expect(text).toMatch(/Pages: 39 to 46 of the agenda pack/);
    expect(text).toMatch(/Source document: agenda-pack-childrens-os-committee-2023-09-12\.txt/);
    expect(text).not.toMatch(/Youth Cabinet Update|Annual Complaints|Fostering Recruitment|Lee Henley|Pages: 21/);
  });

  test('When an agenda item with a summary is opened, then the summary shows, and its button opens the whole agenda of that meeting', async () => {
    const card = checkedCardOf(await t.say('search correct record minutes', member));
    const open = buttons(card).find((b) => b.data.verb === 'search.open' && String(b.data.id).includes('2023-09-12'));
    expect(open).toBeDefined();
    const item = checkedCardOf(await t.submit(open!.data, member));
    const text = cardText(item, { dropJoiners: true, joinBlocks: true });
    expect(text).toMatch(/^Item 2: Minutes\n/);
    expect(text).toMatch(
      /Summary\nTo approve as a correct record the minutes of Children's Services Overview and Scrutiny Committee meeting held on 15 June 2023\./,
    );
    expect(text).toMatch(/Pages: 5 to 12 of the agenda pack/);
    expect(text).toMatch(/Lead officer: None named in the papers/);
    const agenda = buttons(item).find((b) => b.title === 'Agenda for 12 September 2023');
    expect(agenda).toBeDefined();
    const question = (agenda!.data.msteams as { value: string }).value;
    const whole = readCard(await t.say(question, member));
    expect(whole).toMatch(/Agenda: Children's Services Overview and Scrutiny Committee[\s\S]*Tuesday 12 September 2023, 7\.00 pm/);
    expect(whole).toMatch(/Youth Cabinet Update[\s\S]*Work Programme/);
  });

  test('When an agenda item of a meeting whose time is not known is opened, then it says "time to be confirmed", never midnight', async () => {
    const text = await pressed(t, 'search safeguarding and child protection', 'Open item 5');
    expect(text).toMatch(/^Item 5: Safeguarding and Child Protection/);
    expect(text).toMatch(
      /Meeting: Children's Services Overview and Scrutiny Committee, Tuesday 29 January 2013, time to be confirmed \(held\)/,
    );
    expect(text).not.toMatch(/12\.00 am|midnight/);
  });

  test.each([
    [{ verb: 'search.open', record: 'agenda item', id: 'childrens-os-2023-09-12#99' }],
    [{ verb: 'search.open', record: 'agenda item', id: 'childrens-os-2023-09-12#8.1' }],
    [{ verb: 'search.open', record: 'agenda item', id: 'no-such-meeting#8' }],
    [{ verb: 'search.open', record: 'agenda item', id: 'childrens-os-2023-09-12' }],
    [{ verb: 'search.open', record: 'agenda item', id: '#8' }],
    [{ verb: 'search.open', record: 'agenda item', id: ['childrens-os-2023-09-12#8'] }],
  ])(
    'When a forged or stale agenda item button %j is pressed, then it says politely the item is no longer held and records nothing',
    async (data) => {
      const before = storedData(t).audit.length;
      const text = readCard(await t.submit(data, member));
      expect(text).toMatch(/No longer held\nI no longer hold that agenda item[\s\S]*Search again for a fresh card/);
      expect(text).not.toMatch(/Family Hubs|Clare Moore/);
      expect(storedData(t).audit.length).toBe(before);
    },
  );

  test.each([
    [{ verb: 'search.open', record: 'action', id: 'no-such-action' }],
    [{ verb: 'search.open', record: 'work programme', id: '2023-06-15-action-3' }],
    [{ verb: 'search.open', record: 'minutes', id: '2023-06-15-action-3' }],
    [{ verb: 'search.open', record: 'action', id: { $ne: null } }],
    [{ verb: 'search.open', record: 'action', id: '${data.owner}' }],
  ])(
    'When a forged or stale result button %j is pressed, then it says politely the record is no longer held and records nothing',
    async (data) => {
      const before = storedData(t).audit.length;
      const text = readCard(await t.submit(data, member));
      expect(text).toMatch(/No longer held[\s\S]*Search again for a fresh card/);
      expect(storedData(t).audit.length).toBe(before);
    },
  );
});

describe('a result arising from restricted content', () => {
  test('When the button of an action arising from a restricted minute is forged, then nothing of it is shown', async () => {
    const data = storeFromSeed(loadSeed());
    const june = data.meetings.find((m) => m.id === 'childrens-os-2023-06-15')!;
    june.agendaItems.push({
      number: '13',
      title: 'Residential Placements Contract Award',
      pages: null,
      leadOfficer: null,
      restricted: true,
    });
    data.minutes
      .find((m) => m.meetingId === june.id)!
      .items.push({ minuteNumber: '42', title: 'Residential Placements Contract Award', summary: 'Exempt.', resolutions: [] });
    data.actions.push({
      id: 'secret-action',
      reference: 'ACTION 9',
      origin: { kind: 'minutes', title: 'Minutes of 15 June 2023', meetingId: june.id, minuteNumber: '42' },
      text: 'Notify quollbridge of the award.',
      requestedBy: null,
      owner: null,
      due: null,
      dueText: null,
      status: 'open',
      rag: null,
      source: { document: 'exempt.txt' },
    });
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00', data });
    try {
      const text = readCard(await t.submit({ verb: 'search.open', record: 'action', id: 'secret-action' }, member));
      expect(text).toMatch(/No longer held/);
      expect(text).not.toMatch(/quollbridge|ACTION 9/i);
    } finally {
      await t.stop();
    }
  });
});

describe('an agenda item held with its papers, and a restricted one', () => {
  let t: TestBot;
  beforeAll(async () => {
    const data = storeFromSeed(loadSeed());
    const november = data.meetings.find((m) => m.id === 'childrens-os-2023-11-16')!;
    november.moderngov = {
      site: 'https://democracy.example.gov.uk',
      id: '5120',
      url: 'https://democracy.example.gov.uk/ieListDocuments.aspx?MId=5120',
    };
    november.agendaItems.push(
      {
        number: '5.10',
        title: 'Kinship Care Policy',
        description: 'Report of the Assistant Director on the revised kinship care policy, for decision.',
        pages: { from: 23, to: 40 },
        leadOfficer: 'Janet Simon, Assistant Director',
        restricted: false,
        late: true,
        urgencyReason: 'The policy must be in place before the Ofsted visit.',
        documents: [
          {
            title: 'Kinship Care Policy report',
            url: 'https://democracy.example.gov.uk/documents/s901/kinship.pdf',
            published: '2023-11-07',
            restricted: false,
          },
          {
            title: 'Appendix B (exempt)',
            url: 'https://democracy.example.gov.uk/documents/s902/appendix-b.pdf',
            published: '2023-11-07',
            restricted: true,
          },
        ],
      },
      restrictedPlacementItem({
        documents: [
          {
            title: 'Contract award report',
            url: 'https://democracy.example.gov.uk/documents/s903/award.pdf',
            published: null,
            restricted: false,
          },
        ],
      }),
    );
    t = await startTestBot({ data, now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  /** Searches, then presses the result button titled `title`: the card it opens. */
  async function openFromSearch(query: string, title: string) {
    const card = checkedCardOf(await t.say(query, member));
    const open = buttons(card).find((b) => b.title === title);
    expect(open).toBeDefined();
    return checkedCardOf(await t.submit(open!.data, member));
  }

  test('When an item with papers at web addresses is opened, then its summary, papers and late reason show, with links to its public papers and its modern.gov page', async () => {
    const item = await openFromSearch('search kinship care policy', 'Open item 5.10');
    const text = cardText(item, { dropJoiners: true, joinBlocks: true });
    expect(text).toMatch(/^Item 5\.10: Kinship Care Policy\n/);
    expect(text).toMatch(/Summary\nReport of the Assistant Director on the revised kinship care policy, for decision\./);
    expect(text).toMatch(
      /Meeting: Children's Services Overview and Scrutiny Committee, Thursday 16 November 2023, time to be confirmed \(upcoming\)/,
    );
    expect(text).toMatch(/Pages: 23 to 40 of the agenda pack/);
    expect(text).toMatch(/Paper: Kinship Care Policy report, published Tuesday 7 November 2023/);
    expect(text).toMatch(/Late item: The policy must be in place before the Ofsted visit\./);
    expect(text).not.toMatch(/Appendix B/);
    const links = cardElements(item, 'Action.OpenUrl').map((a) => [a.title, a.url]);
    expect(links).toEqual([
      ['Kinship Care Policy report', 'https://democracy.example.gov.uk/documents/s901/kinship.pdf'],
      ['Open in modern.gov', 'https://democracy.example.gov.uk/ieListDocuments.aspx?MId=5120'],
    ]);
  });

  test('When a restricted item is found and opened, then only its number, title, meeting and the restricted note show: no summary, officer, pages, papers or links', async () => {
    const item = await openFromSearch('search residential placement contract', 'Open item 11');
    const text = cardText(item, { dropJoiners: true, joinBlocks: true });
    expect(text).toMatch(/^Item 11: Residential placement contract\n/);
    expect(text).toMatch(/Restricted: not for publication\./);
    expect(text).toMatch(/Meeting: Children's Services Overview and Scrutiny Committee, Thursday 16 November 2023, time to be confirmed/);
    expect(JSON.stringify(item)).not.toMatch(/Example Care|child AB|Jane Private|Contract award|s903|59|64/);
    expect(JSON.stringify(item)).not.toContain(RESTRICTED_SECRET);
    expect(cardElements(item, 'Action.OpenUrl')).toEqual([]);
  });
});

/** The seed plus a Housing Overview and Scrutiny Committee with a fostering item of its own. */
function twoCommittees(): StoreData {
  const data = storeFromSeed(loadSeed());
  data.people.push(buildPerson({ id: 'harriet-hale', name: 'Harriet Hale' }));
  data.committees.push(
    buildCommittee({
      id: 'housing-os',
      name: 'Housing Overview and Scrutiny Committee',
      aliases: ['housing scrutiny'],
      membership: [{ personId: 'harriet-hale', role: 'chair' }],
      substitutes: [],
      clerkIds: ['rhiannon-whiteley'],
    }),
  );
  data.meetings.push(
    buildMeeting({
      id: 'housing-os-2023-10-10',
      committeeId: 'housing-os',
      date: '2023-10-10',
      startTime: '18:00',
      agendaItems: [
        { number: '5', title: 'Fostering and Supported Lodgings for Care Leavers', pages: null, leadOfficer: null, restricted: false },
      ],
    }),
  );
  data.workProgramme.push({
    id: 'wp-housing-1',
    committeeId: 'housing-os',
    meetingId: 'housing-os-2023-10-10',
    topic: 'Fostering placements and housing need',
    leadOfficer: null,
    requestedBy: 'Members',
    source: { document: 'housing-work-programme.txt' },
  });
  return data;
}

describe('search keeps to the conversation’s committee', () => {
  let t: TestBot;
  const harriet = buildUser('Harriet Hale');
  const officer = buildUser('Janet Simon');
  beforeAll(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00', data: twoCommittees() });
  });
  afterAll(async () => {
    await t.stop();
  });

  test('When a member of one committee searches in a personal chat, then only that committee’s records (and those of none) are found, and all committees are a button away', async () => {
    const card = checkedCardOf(await t.say('search fostering', member));
    const text = cardText(card, { dropJoiners: true });
    expect(text).toMatch(/results in the records of the Children's Services Overview and Scrutiny Committee, best match first/);
    expect(text).toMatch(/Item 7: Fostering Recruitment - Verbal Update\nAgenda, Children's Services Overview and Scrutiny Committee/);
    expect(text).toMatch(/Fostering households recruited/);
    expect(text).not.toMatch(/Supported Lodgings|Housing/);
    const all = buttons(card).find((b) => b.title === 'Search all committees')!;
    const everywhere = cardText(checkedCardOf(await t.submit(all.data, member)), { dropJoiners: true });
    expect(everywhere).toMatch(/results across every committee/);
    expect(everywhere).toMatch(
      /Item 5: Fostering and Supported Lodgings for Care Leavers\nAgenda, Housing Overview and Scrutiny Committee, Tuesday 10 October 2023/,
    );
    expect(everywhere).toMatch(/Fostering placements and housing need\nWork programme, Housing Overview and Scrutiny Committee/);
    expect(everywhere).toMatch(/Item 7: Fostering Recruitment - Verbal Update/);
  });

  test('When a member of the other committee searches, then they find its records and not the first committee’s', async () => {
    const text = readCard(await t.say('anything about fostering?', harriet));
    expect(text).toMatch(/in the records of the Housing Overview and Scrutiny Committee/);
    expect(text).toMatch(/Fostering and Supported Lodgings for Care Leavers/);
    expect(text).toMatch(/Fostering households recruited/);
    expect(text).not.toMatch(/Fostering Recruitment - Verbal Update|Children's Services Overview and Scrutiny Committee/);
  });

  test('When nothing matches in the member’s own committee, then the other committees’ records are shown, saying so', async () => {
    const text = readCard(await t.say('search Orsett Heath', harriet));
    expect(text).toMatch(/Nothing in the records of the Housing Overview and Scrutiny Committee\. \d+ results? across every committee/);
    expect(text).toMatch(/Update on Aveley & Orsett Heath Schools\nWork programme, Children's Services Overview and Scrutiny Committee/);
  });

  test('When someone on no committee searches, then every committee’s records are found, each saying which committee', async () => {
    const text = readCard(await t.say('search fostering', officer));
    expect(text).toMatch(/results across every committee/);
    expect(text).toMatch(/Agenda, Housing Overview and Scrutiny Committee/);
    expect(text).toMatch(/Agenda, Children's Services Overview and Scrutiny Committee/);
  });

  test('When a channel is linked to a committee, then a search there keeps to that committee, whoever asks', async () => {
    const channel = 'housing-channel';
    expect(readCard(await t.say('link this channel to the Housing Overview and Scrutiny Committee', clerk, 'channel', channel))).toMatch(
      /Channel linked/,
    );
    const text = readCard(await t.say('search fostering', member, 'channel', channel));
    expect(text).toMatch(/in the records of the Housing Overview and Scrutiny Committee/);
    expect(text).toMatch(/Fostering and Supported Lodgings for Care Leavers/);
    expect(text).not.toMatch(/Fostering Recruitment - Verbal Update/);
  });
});
