import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { cardElements, cardText } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, type TestBot } from './helpers/testBot';

/**
 * "Who is ..." over HTTP with the fake connector, the clock pinned to Tuesday 5 September 2023,
 * 9 am in London. People, items and the work programme are the seed's: Janet Simon leads item 7
 * (Fostering Recruitment) on 12 September; Lee Henley the complaints report (item 6); Sheila
 * Murphy is Corporate Director of Children's Services; the papers give nobody's email, and the
 * committee's contact is Direct.Democracy@thurrock.gov.uk. There are two Smiths (Dave, Natalie).
 */
const member = buildUser('Qaisar Abbas');

type Button = { title: string; data: { msteams?: { value: string } } };

describe('who is ... on 5 September 2023', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each([
    ['tell me about fostering', /^Search: "fostering"[\s\S]*Item 7: Fostering Recruitment - Verbal Update/],
    ['tell me about family hubs', /^Search: "family hubs"[\s\S]*Item 8: Family Hubs and the Start for Life Programme Report/],
    ["tell me about Janet Simon's fostering report", /^Search: "janet simon fostering report"[\s\S]*Fostering Recruitment/],
  ] as [string, RegExp][])('When a member asks "%s", a topic rather than a person, then it is searched for', async (question, fact) => {
    expect(readCard(await t.say(question, member))).toMatch(fact);
  });

  test.each([
    // by name
    [
      "who's Janet Simon",
      /Janet Simon[\s\S]*Assistant Director, Children's Social Care and Early Help[\s\S]*item 7, Fostering Recruitment/,
    ],
    ['who is janet simon?', /Janet Simon[\s\S]*Fostering Recruitment Update/],
    ['Who is Sheila Murphy', /Sheila Murphy[\s\S]*Corporate Director of Children's Services/],
    ['what does Michele Lucas do', /Michele Lucas[\s\S]*Assistant Director of Education and Skills/],
    ['who is councillor pearce', /Councillor Maureen Pearce[\s\S]*Children's Services Overview and Scrutiny Committee: Member/],
    ['who is Cllr Rigby', /Councillor Elizabeth Rigby[\s\S]*Committee: Chair/],
    ['who is Aaron Green', /Councillor Aaron Green[\s\S]*Substitute/],
    ['who is Sarah Barlow', /Sarah Barlow[\s\S]*Church of England/],
    ['who was Lee Henley', /Lee Henley[\s\S]*Strategic Lead, Information Management[\s\S]*Annual Complaints/],
    ['who is Rhiannon Whiteley', /Rhiannon Whiteley[\s\S]*Clerk[\s\S]*Direct\.Democracy@thurrock\.gov\.uk/],
    // lead officer for a topic
    ['who is responsible for fostering', /lead for "fostering"[\s\S]*Janet Simon/],
    ['who leads on family hubs', /lead for "family hubs"[\s\S]*Clare Moore/],
    ['who presents the complaints report', /Lee Henley[\s\S]*item 6/],
    ['lead officer for the youth cabinet update', /Angela Surrey/],
    ['who is the lead for the childrens transport contract', /Sarah Williams/],
    ['who is leading on educational attainment', /Michele Lucas/],
    ['who leads on youth offending', /Clare Moore[\s\S]*Strategic Lead Youth Offending Service and Prevention/],
    ['who runs the fees and charges pricing strategy', /Kelly McMillan/],
    ['who is in charge of the stable homes update', /I don't hold a lead officer for/],
    ['who is the responsible officer for aveley schools', /Michele Lucas/],
    // by job title
    ['who is the corporate director for childrens services', /Sheila Murphy/],
    ['who is the chief executive', /Dr Dave Smith[\s\S]*Chief Executive & Managing Director Commissioner/],
    ["who's the portfolio holder for education", /Councillor Carter/],
    ['who is the director of people services', /Jo Olsson/],
    ['who is the interim chief financial officer', /Steven Mair/],
    ['who is the assistant director finance', /Jonathan Wilson/],
    ['who is the senior management accountant', /Michelle Hall/],
    ["who is the portfolio holder for children's services", /Councillor B Johnson/],
    ['who is the strategic lead legal services', /Judith Knight/],
    ['who is the safeguarding solicitor', /Urenna Nwulu/],
    // contact
    ['contact details for Sheila Murphy', /Sheila Murphy[\s\S]*The papers give no contact details for Sheila Murphy/],
    ['how do I contact Janet Simon', /Janet Simon[\s\S]*no contact details[\s\S]*Direct\.Democracy@thurrock\.gov\.uk/],
    ['email address for Lee Henley', /Lee Henley[\s\S]*no contact details/],
    ['how can I get in touch with Clare Moore', /Clare Moore[\s\S]*no contact details/],
    ['how do I contact the clerk', /Rhiannon Whiteley[\s\S]*Direct\.Democracy@thurrock\.gov\.uk/],
    ['contact details for the clerk', /Rhiannon Whiteley/],
    // "tell me about" a person
    [
      'tell me about Janet Simon',
      /^Janet Simon\nOfficer: Assistant Director, Children's Social Care and Early Help[\s\S]*item 7, Fostering Recruitment/,
    ],
    [
      'tell me about Councillor Pearce',
      /^Councillor Maureen Pearce\nMember[\s\S]*Children's Services Overview and Scrutiny Committee: Member/,
    ],
    ['could you tell me about Cllr Rigby?', /^Councillor Elizabeth Rigby[\s\S]*Committee: Chair/],
    ['tell me a bit about Lee Henley', /^Lee Henley[\s\S]*Strategic Lead, Information Management/],
  ] as [string, RegExp][])('When a member asks "%s", then the card shows who it is from the papers', async (question, fact) => {
    const text = readCard(await t.say(question, member));
    expect(text).toMatch(fact);
  });

  test('When asked who is Janet Simon, then no email is invented: the card says the papers give none', async () => {
    const card = checkedCardOf(await t.say('who is Janet Simon', member));
    const text = cardText(card, { dropJoiners: true });
    expect(text).not.toMatch(/Email:|@(?!thurrock\.gov\.uk)/);
    expect(text).toMatch(/The papers give no contact details for Janet Simon/);
  });

  test.each([
    ['who is John Smith', /I don't hold anyone called "john smith"/],
    ['who is Boris Johnson', /I don't hold anyone called "boris johnson"|I don't hold anyone called or with the job title "boris johnson"/],
    ['who is the director of adult social care', /I don't hold anyone called or with the job title "director of adult social care"/],
    ['who is the lead officer for libraries', /I don't hold a lead officer for "libraries"/],
  ] as [string, RegExp][])(
    'When asked "%s", which the papers do not hold, then it says so honestly and shows nobody else',
    async (question, honest) => {
      const card = checkedCardOf(await t.say(question, member));
      const text = cardText(card, { dropJoiners: true });
      expect(text).toMatch(honest);
      expect(text).not.toMatch(/Officer:|Member:|Committees|Agenda items they lead/);
    },
  );

  test('When asked who is John Smith, then the two Smiths held are offered as buttons, never answered as him', async () => {
    const card = checkedCardOf(await t.say('who is John Smith', member));
    const titles = (cardElements(card, 'Action.Submit') as unknown as Button[]).map((b) => b.title);
    expect(titles.some((x) => x.startsWith('Dr Dave Smith'))).toBe(true);
    expect(titles.some((x) => x.startsWith('Natalie Smith'))).toBe(true);
  });

  test('When asked who is Smith, then it asks which of the two Smiths is meant', async () => {
    const text = readCard(await t.say('who is Smith', member));
    expect(text).toMatch(/Which person\?/);
    expect(text).toMatch(/Natalie Smith/);
    expect(text).toMatch(/Dave Smith/);
  });

  test('When the chair, the members and the clerk are asked about, then membership and the clerk still answer', async () => {
    expect(readCard(await t.say('who is the chair', member))).toMatch(/Elizabeth Rigby/);
    expect(readCard(await t.say('who is on the committee', member))).toMatch(/Sara Muldowney/);
    expect(readCard(await t.say('who is the clerk', member))).toMatch(/How to send apologies|apologies/i);
  });
});

describe('who is ... when an item is restricted', () => {
  let t: TestBot;
  beforeAll(async () => {
    const data = storeFromSeed(loadSeed());
    data.meetings
      .find((m) => m.id === 'childrens-os-2023-09-12')!
      .agendaItems.push({
        number: '11',
        title: 'Confidential placement contract award',
        pages: { from: 90, to: 99 },
        leadOfficer: "Janet Simon, Assistant Director, Children's Social Care and Early Help",
        restricted: true,
        exemptParagraph: '3',
      });
    t = await startTestBot({ data });
  });
  afterAll(async () => {
    await t.stop();
  });

  test('When asked who is Janet Simon, then her restricted item is not shown, her public ones are', async () => {
    const text = readCard(await t.say('who is Janet Simon', member));
    expect(text).toMatch(/Fostering Recruitment/);
    expect(text).not.toMatch(/Confidential placement/);
  });

  test('When asked who leads on a restricted item, then nothing of it is shown', async () => {
    const text = readCard(await t.say('who is the lead officer for the confidential placement contract', member));
    expect(text).not.toMatch(/Janet Simon/);
    expect(text).toMatch(/I don't hold a lead officer for/);
  });
});
