import type { Committee, StoreData } from '../bot/store/schema';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * A synced committee (one carrying `moderngov`) has its meetings and agendas from modern.gov:
 * clerks' add, move and cancel meeting, publish agenda and add agenda item answer that this is
 * done in modern.gov, with the link, and record nothing. Apologies, declarations, actions,
 * reminders and channel links stay the bot's own and keep working.
 * Clock: Tuesday 5 September 2023, 9 am; the seed's next meetings are 12 September and 16 November.
 */
const clerk = buildUser('Rhiannon Whiteley');
const abbas = buildUser('Qaisar Abbas');
const SITE = 'https://democracy.example.gov.uk';
const PAGE = `${SITE}/mgCommitteeDetails.aspx?ID=143`;
const SEPT = 'childrens-os-2023-09-12';
const NOV = 'childrens-os-2023-11-16';

function syncedStore(moderngov: Committee['moderngov']): StoreData {
  const data = storeFromSeed(loadSeed());
  data.committees[0] = { ...data.committees[0]!, moderngov };
  return data;
}

/** Meetings and their agendas, and how many audit entries: what a refused command must leave as it was. */
function calendar(t: TestBot) {
  const { meetings, audit } = storedData(t);
  return { meetings, auditEntries: audit.length };
}

function openButtons(sent: Record<string, unknown>[]): { title: unknown; url: unknown }[] {
  return cardElements(checkedCardOf(sent), 'Action.OpenUrl').map((a) => ({ title: a.title, url: a.url }));
}

describe('a committee synced from modern.gov', () => {
  let t: TestBot;
  afterEach(async () => {
    await t.stop();
  });

  describe('with a page of its own on modern.gov', () => {
    beforeEach(async () => {
      t = await startTestBot({ data: syncedStore({ site: SITE, id: '143', url: PAGE }) });
      await t.say('hello', clerk);
    });

    test.each([
      ['add meeting on 14 March 2024 at 7pm in Committee Room 2', 'Adding a meeting'],
      ['add meeting on 3/4/2024 at 7 in Room 1', 'Adding a meeting'],
      ['move the 16 November meeting to 23 November at 6.30pm', 'Moving a meeting'],
      ['cancel the meeting on 16 November because there is no business', 'Cancelling a meeting'],
      ['publish agenda for 16 November', 'Publishing an agenda'],
      ['add agenda item 5 Ofsted focused visit lead officer Janet Simon for 16 November', 'Adding an agenda item'],
      ['add agenda item 12 Payment to contractor restricted for 16 November', 'Adding an agenda item'],
    ])(
      'When the clerk says "%s", then the answer is that it is done in modern.gov, with the link, and nothing is recorded',
      async (command, change) => {
        const before = calendar(t);
        const sent = await t.say(command, clerk);
        const text = readCard(sent);
        expect(text).toContain('Managed in modern.gov');
        expect(text).toContain(`${change} for the Children's Services Overview and Scrutiny Committee is done in modern.gov`);
        expect(text).toContain('Nothing has been changed here.');
        expect(openButtons(sent)).toEqual([{ title: 'Open in modern.gov', url: PAGE }]);
        expect(calendar(t)).toEqual(before);
      },
    );

    test.each([
      ['meeting.add', { committeeId: 'childrens-os', date: '2024-03-14', time: '19:00', venue: 'Committee Room 2' }],
      ['meeting.move', { meetingId: NOV, date: '2023-11-23', time: '18:30', venue: '' }],
      ['agendaItem.add', { meetingId: NOV, number: '5', title: 'Ofsted focused visit', leadOfficer: null, restricted: false, seal: 'x' }],
    ])('When a clerk presses a "%s" confirm button for it, then it is refused the same way and nothing is recorded', async (verb, data) => {
      const before = calendar(t);
      const sent = await t.submit({ verb, ...data }, clerk);
      expect(readCard(sent)).toContain('is done in modern.gov');
      expect(openButtons(sent)).toEqual([{ title: 'Open in modern.gov', url: PAGE }]);
      expect(calendar(t)).toEqual(before);
    });

    test('When a councillor tries to add a meeting, then they are told only a clerk can, as for any committee', async () => {
      await t.say('hello', abbas);
      const before = calendar(t);
      expect(readCard(await t.say('add meeting on 14 March 2024 at 7pm', abbas))).toMatch(/Only a clerk can do that/);
      expect(calendar(t)).toEqual(before);
    });

    test('When a councillor sends apologies and declares an interest, then both are recorded as for any committee', async () => {
      expect(readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: 'On leave' }, abbas))).toMatch(/Apologies sent/);
      await t.submit(
        {
          verb: 'declaration.submit',
          meetingId: SEPT,
          itemNumber: '8',
          kind: 'disclosable-pecuniary',
          nature: 'My wife works for the provider',
          onRegister: 'false',
        },
        abbas,
      );
      const data = storedData(t);
      expect(data.apologies).toEqual([expect.objectContaining({ meetingId: SEPT, personId: 'qaisar-abbas', status: 'sent' })]);
      expect(data.declarations).toEqual([
        expect.objectContaining({ meetingId: SEPT, personId: 'qaisar-abbas', agendaItemNumber: '8', status: 'declared' }),
      ]);
      // The bot's own writes keep where the committee comes from.
      expect(data.committees[0]!.moderngov).toEqual({ site: SITE, id: '143', url: PAGE });
    });

    test('When the clerk links the channel and schedules reminders, then both are recorded as for any committee', async () => {
      expect(readCard(await t.say("link this channel to the children's services O&S", clerk, 'channel', 'childrens-os'))).toMatch(
        /Channel linked/,
      );
      const confirm = readCard(await t.say('remind members 7 days and 1 day before each meeting at 9am', clerk));
      expect(confirm).toMatch(/7 days before and 1 day before each meeting at 9\.00 am/);
      const data = storedData(t);
      expect(data.conversations.find((c) => c.type === 'channel')?.committeeId).toBe('childrens-os');
      expect(data.reminderSchedules).toEqual([expect.objectContaining({ committeeId: 'childrens-os', daysBefore: [7, 1], active: true })]);
      expect(data.committees[0]!.moderngov).toEqual({ site: SITE, id: '143', url: PAGE });
    });

    test('When anyone asks for open actions or the next meeting, then the answers are as for any committee', async () => {
      expect(readCard(await t.say('open actions', abbas))).toMatch(/ACTION|TR /);
      expect(readCard(await t.say('when is the next meeting', abbas))).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
    });
  });

  test('When the committee has no page of its own, then the answer links to the modern.gov site', async () => {
    t = await startTestBot({ data: syncedStore({ site: SITE, id: '143' }) });
    const sent = await t.say('add meeting on 14 March 2024 at 7pm in Committee Room 2', clerk);
    expect(readCard(sent)).toContain('is done in modern.gov');
    expect(openButtons(sent)).toEqual([{ title: 'Open in modern.gov', url: SITE }]);
    expect(storedData(t).meetings.some((m) => m.date === '2024-03-14')).toBe(false);
  });

  test('When the stored address is not a web address, then no link is offered and the change is still refused', async () => {
    t = await startTestBot({ data: syncedStore({ site: 'javascript:alert(1)', id: '143', url: 'not a url' }) });
    const sent = await t.say('add meeting on 14 March 2024 at 7pm in Committee Room 2', clerk);
    expect(readCard(sent)).toContain('Please make the change in modern.gov.');
    expect(openButtons(sent)).toEqual([]);
    expect(storedData(t).meetings.some((m) => m.date === '2024-03-14')).toBe(false);
  });
});
