import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import type { StoreData } from '../bot/store/schema';
import { buildUser } from './helpers/activities';
import { buildPerson } from './helpers/builders';
import { cardElements } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * Two clerks changing one meeting: a confirm card carries the meeting version it showed, so a
 * change confirmed after the meeting changed meanwhile is refused, the meeting is shown as it is
 * now and the clerk is asked again. Nothing is overwritten, and only what was confirmed on the
 * meeting as it was is recorded and audited.
 */
const rhiannon = buildUser('Rhiannon Whiteley');
const dawn = buildUser('Dawn Baker');
const councillor = buildUser('Qaisar Abbas');
const NOV = 'childrens-os-2023-11-16';

/** The seed with a second clerk to the committee, Dawn Baker. */
function twoClerks(): StoreData {
  const data = storeFromSeed(loadSeed());
  data.people.push(buildPerson({ id: 'dawn-baker', name: 'Dawn Baker', title: undefined, kind: 'clerk' }));
  data.committees.find((c) => c.id === 'childrens-os')!.clerkIds.push('dawn-baker');
  return data;
}

/** The reply's text and the data of its confirm button (`label`), if it has one. */
function reply(sent: Record<string, unknown>[], label: string): { text: string; yes: Record<string, unknown> | undefined } {
  const card = checkedCardOf(sent);
  const yes = cardElements(card, 'Action.Submit').find((a) => a.title === label);
  return { text: readCard(sent), yes: yes?.data as Record<string, unknown> | undefined };
}

const meetingNow = (t: TestBot) => storedData(t).meetings.find((m) => m.id === NOV)!;
const audited = (t: TestBot, kind: string) => storedData(t).audit.filter((a) => a.kind === kind && a.recordId === NOV);

describe('two clerks changing one meeting', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ data: twoClerks(), now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When both clerks confirm moving the 16 November meeting, then the second is shown it as moved and asked again, and only the first move is recorded', async () => {
    const first = reply(await t.say('move the 16 November meeting to 23/11/2023 at 7', rhiannon), 'Yes, move it');
    const second = reply(await t.say('move the 16 November meeting to 30/11/2023 at 6', dawn), 'Yes, move it');
    expect(first.text).toMatch(/Move this meeting\?/);
    expect(second.text).toMatch(/Move this meeting\?/);
    expect(first.yes).toMatchObject({ verb: 'meeting.move', meetingId: NOV, version: 1 });
    expect(second.yes).toMatchObject({ verb: 'meeting.move', meetingId: NOV, version: 1, date: '2023-11-30' });

    expect(readCard(await t.submit({ ...first.yes, time: '19:00' }, rhiannon))).toMatch(
      /Meeting moved from Thursday 16 November 2023, time to be confirmed to Thursday 23 November 2023, 7\.00 pm/,
    );
    const again = reply(await t.submit({ ...second.yes, time: '18:00' }, dawn), 'Yes, move it');
    expect(again.text).toMatch(/out of date/);
    expect(again.text).toMatch(/nothing has been changed/);
    expect(again.text).toMatch(/The meeting is now: Thursday 23 November 2023, 7\.00 pm/);
    expect(again.text).toMatch(/to Thursday 30 November 2023, 6\.00 pm/);
    expect(meetingNow(t)).toMatchObject({ date: '2023-11-23', startTime: '19:00', version: 2 });
    expect(audited(t, 'meeting.moved')).toHaveLength(1);
    expect(audited(t, 'meeting.moved')[0]).toMatchObject({ actor: { personId: 'rhiannon-whiteley' } });

    // Asked again on the meeting as it is now, the second clerk's confirmation is saved.
    expect(again.yes).toMatchObject({ verb: 'meeting.move', meetingId: NOV, version: 2, date: '2023-11-30', time: '18:00' });
    expect(readCard(await t.submit(again.yes!, dawn))).toMatch(
      /Meeting moved from Thursday 23 November 2023, 7\.00 pm to Thursday 30 November 2023, 6\.00 pm/,
    );
    expect(meetingNow(t)).toMatchObject({ date: '2023-11-30', startTime: '18:00', version: 3 });
    expect(audited(t, 'meeting.moved')).toHaveLength(2);
    expect(audited(t, 'meeting.moved')[1]).toMatchObject({
      actor: { personId: 'dawn-baker' },
      before: { date: '2023-11-23', version: 2 },
      after: { date: '2023-11-30', version: 3 },
    });
  });

  test('When a move card comes back without a version or with a forged one, then it is asked again and nothing moves', async () => {
    const card = reply(await t.say('move the 16 November meeting to 23/11/2023 at 7', rhiannon), 'Yes, move it');
    for (const version of [undefined, 'one', 7, 1.5]) {
      const again = reply(await t.submit({ ...card.yes, version }, rhiannon), 'Yes, move it');
      expect(again.text).toMatch(/out of date/);
      expect(again.yes).toMatchObject({ version: 1 });
    }
    expect(readCard(await t.submit({ ...card.yes, version: 1 }, councillor))).toMatch(/Only a clerk/);
    expect(meetingNow(t)).toMatchObject({ date: '2023-11-16', startTime: null });
    expect(audited(t, 'meeting.moved')).toHaveLength(0);
  });

  test('When an agenda item is confirmed after another clerk changed the agenda, then the agenda is shown as it is now and asked again, and the item is added once', async () => {
    const card = reply(await t.say('add agenda item 12 Payment to contractor exempt for 16 November', dawn), 'Yes, add it');
    expect(card.text).toMatch(/Add this agenda item\?/);
    expect(card.yes).toMatchObject({ verb: 'agendaItem.add', meetingId: NOV, version: 1 });
    expect(readCard(await t.say('add agenda item 15 Budget monitoring for 16 November', rhiannon))).toMatch(/Item 15 added/);

    const again = reply(await t.submit(card.yes!, dawn), 'Yes, add it');
    expect(again.text).toMatch(/out of date/);
    expect(again.text).toMatch(
      /The meeting is now: Thursday 16 November 2023, time to be confirmed, venue to be confirmed; agenda not yet published, 1 item\./,
    );
    expect(again.text).toMatch(/Title: Payment to contractor/);
    expect(again.text).toMatch(/Restricted \(not for publication\): yes/);
    expect(meetingNow(t).agendaItems.map((i) => i.number)).toEqual(['15']);

    expect(readCard(await t.submit(again.yes!, dawn))).toMatch(/Item 12 added: Payment to contractor \(restricted\)/);
    expect(meetingNow(t).agendaItems.map((i) => i.number)).toEqual(['12', '15']);
    // The card pressed again once saved is stale again: the item is not added twice.
    expect(readCard(await t.submit(again.yes!, dawn))).toMatch(/Item number in use|out of date/);
    expect(audited(t, 'meeting.itemAdded').map((a) => a.after)).toEqual([
      expect.objectContaining({ number: '15' }),
      expect.objectContaining({ number: '12', restricted: true }),
    ]);
  });

  test('When a cancellation or publication is confirmed on an older version of the meeting, then it is asked again and only the fresh confirmation changes it', async () => {
    await t.say('move the 16 November meeting to 23 November 2023 at 7pm', rhiannon);
    expect(meetingNow(t).version).toBe(2);

    const cancelAgain = reply(
      await t.submit({ verb: 'meeting.cancel', meetingId: NOV, version: 1, reason: 'No business' }, dawn),
      'Yes, cancel it',
    );
    expect(cancelAgain.text).toMatch(/out of date[\s\S]*The meeting is now: Thursday 23 November 2023, 7\.00 pm/);
    expect(cancelAgain.yes).toMatchObject({ verb: 'meeting.cancel', meetingId: NOV, version: 2, reason: 'No business' });
    expect(readCard(await t.submit(cancelAgain.yes!, councillor))).toMatch(/Only a clerk/);
    expect(meetingNow(t).status).toBe('scheduled');

    const publishAgain = reply(await t.submit({ verb: 'meeting.publishAgenda', meetingId: NOV, version: 1 }, dawn), 'Yes, published');
    expect(publishAgain.text).toMatch(/out of date/);
    expect(meetingNow(t).agendaPublished).toBeNull();
    expect(readCard(await t.submit(publishAgain.yes!, dawn))).toMatch(/Agenda published on Tuesday 5 September 2023/);
    expect(audited(t, 'meeting.agendaPublished')).toHaveLength(1);

    // Publishing changed the meeting again: the cancel card asked before it is out of date too.
    expect(readCard(await t.submit(cancelAgain.yes!, dawn))).toMatch(/out of date/);
    expect(meetingNow(t).status).toBe('scheduled');
    const fresh = reply(await t.submit(cancelAgain.yes!, dawn), 'Yes, cancel it').yes!;
    expect(readCard(await t.submit(fresh, dawn))).toMatch(/Meeting cancelled: No business/);
    expect(meetingNow(t)).toMatchObject({ status: 'cancelled', cancelledReason: 'No business', version: 4 });
    expect(audited(t, 'meeting.cancelled')).toHaveLength(1);
  });
});
