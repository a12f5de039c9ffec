import { buildUser } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/** "add agenda item ...": the title keeps its "to", "for" and "on"; restricted is never lost. */
const clerk = buildUser('Rhiannon Whiteley');
const councillor = buildUser('Qaisar Abbas');
const NOV = 'childrens-os-2023-11-16';

const itemOf = (t: TestBot, number: string) =>
  storedData(t)
    .meetings.find((m) => m.id === NOV)!
    .agendaItems.find((i) => i.number === number);

/** The confirm card's "Yes, add it" data, after checking what the card says will be saved. */
async function proposal(t: TestBot, command: string, expected: RegExp[]): Promise<Record<string, unknown>> {
  const card = checkedCardOf(await t.say(command, clerk));
  const text = readCard([{ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] }]);
  expect(text).toMatch(/Add this agenda item\?/);
  for (const e of expected) expect(text).toMatch(e);
  const yes = cardElements(card, 'Action.Submit').find((a) => a.title === 'Yes, add it')!;
  return yes.data as Record<string, unknown>;
}

describe('adding an agenda item', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When the clerk adds "12 Payment to contractor exempt for 16 November", then a confirm card shows the whole title and restricted, and nothing is saved until Yes', async () => {
    const yes = await proposal(t, 'add agenda item 12 Payment to contractor exempt for 16 November', [
      /Title: Payment to contractor/,
      /Restricted \(not for publication\): yes/,
      /Thursday 16 November 2023/,
    ]);
    expect(itemOf(t, '12')).toBeUndefined();
    expect(readCard(await t.submit(yes, clerk))).toMatch(/Item 12 added: Payment to contractor \(restricted\)/);
    expect(itemOf(t, '12')).toMatchObject({ title: 'Payment to contractor', restricted: true, leadOfficer: null });
    expect(storedData(t).audit.find((a) => a.kind === 'meeting.itemAdded')).toMatchObject({
      actor: { personId: 'rhiannon-whiteley' },
      after: { number: '12', restricted: true },
    });
  });

  test('When the title holds "to", "for" or "on" and a lead officer is named, then title, lead officer and restricted flag are all kept', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      [
        'add agenda item 12 Payment to contractor lead officer Jane Doe exempt for 16 November',
        '12',
        { title: 'Payment to contractor', leadOfficer: 'Jane Doe', restricted: true },
      ],
      [
        'add agenda item 13 Report on school places for children in care lead officer Janet Simon for 16 November',
        '13',
        { title: 'Report on school places for children in care', leadOfficer: 'Janet Simon', restricted: false },
      ],
      [
        'add agenda item 14 Contract for transport exempt lead officer Ann Smith on 16 November',
        '14',
        { title: 'Contract for transport', leadOfficer: 'Ann Smith', restricted: true },
      ],
    ];
    for (const [command, number, expected] of cases) {
      const yes = await proposal(t, command, [
        new RegExp(`Title: ${String(expected.title)}`),
        new RegExp(`Lead officer: ${String(expected.leadOfficer)}`),
      ]);
      expect(itemOf(t, number)).toBeUndefined();
      await t.submit(yes, clerk);
      expect(itemOf(t, number)).toMatchObject(expected);
    }
    // A title in quotes is exact (a restricted word inside it does not restrict); one after it does.
    await t.say('add agenda item 16 "Private fostering annual report" for 16 November', clerk);
    expect(itemOf(t, '16')).toMatchObject({ title: 'Private fostering annual report', restricted: false });
    await t.say('add agenda item 17 "Transfer to academy status" restricted for 16 November', clerk);
    expect(itemOf(t, '17')).toMatchObject({ title: 'Transfer to academy status', restricted: true });
  });

  test('When a confirm button is forged or stale, then it is refused and nothing is saved', async () => {
    const yes = await proposal(t, 'add agenda item 12 Payment to contractor exempt for 16 November', []);
    // Fields changed on the way back: restricted dropped, or the title changed.
    expect(readCard(await t.submit({ ...yes, restricted: false }, clerk))).toMatch(/out of date/);
    expect(readCard(await t.submit({ ...yes, title: 'Payment' }, clerk))).toMatch(/out of date/);
    expect(readCard(await t.submit({ ...yes, seal: undefined }, clerk))).toMatch(/out of date/);
    // A councillor pressing the clerk's button.
    expect(readCard(await t.submit(yes, councillor))).toMatch(/Only a clerk/);
    expect(itemOf(t, '12')).toBeUndefined();
    // The agenda changed after the card was sent: the card is stale.
    await t.say('add agenda item 15 Budget monitoring for 16 November', clerk);
    expect(itemOf(t, '15')).toBeDefined();
    expect(readCard(await t.submit(yes, clerk))).toMatch(/out of date/);
    expect(itemOf(t, '12')).toBeUndefined();
  });
});
