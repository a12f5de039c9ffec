import { buildInstall, buildUser } from './helpers/activities';
import { readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * The seed's meeting of Thursday 16 November 2023 has no start time. Wherever it is shown, the
 * time reads "time to be confirmed": never midnight, and no deadline is worked out from midnight.
 */
const abbas = buildUser('Qaisar Abbas');
const clerk = buildUser('Rhiannon Whiteley');
const NOVEMBER = 'childrens-os-2023-11-16';
const TBC = /Thursday 16 November 2023, time to be confirmed/;

function expectNoMidnight(text: string) {
  expect(text).not.toMatch(/12\.00 am|\d+\.\d\d [ap]m/);
}

describe('a meeting whose time is to be confirmed', () => {
  let t: TestBot;
  afterEach(async () => {
    await t.stop();
  });

  test('When a councillor sends apologies for 16 November, then the confirmation says "time to be confirmed", not 12.00 am', async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    const reply = readCard(await t.say('send my apologies for 16 November', abbas));
    expect(reply).toMatch(/Apologies sent/);
    expect(reply).toMatch(TBC);
    expectNoMidnight(reply);
  });

  test('When the apologies form opens for 16 November, then the substitution deadline is not worked out from midnight', async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    const form = readCard(await t.submit({ verb: 'apologies.form', meetingId: NOVEMBER }, abbas));
    expect(form).toMatch(TBC);
    expect(form).toMatch(
      /Substitutes must be notified by 2 hours before the meeting on Thursday 16 November 2023 starts \(its time is to be confirmed\)/,
    );
    expectNoMidnight(form);
  });

  test('When a councillor declares an interest for 16 November, then the answer says "time to be confirmed", not 12.00 am', async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    const reply = readCard(await t.say('declare an interest in item 6 on 16 November', abbas));
    expect(reply).toMatch(TBC);
    expectNoMidnight(reply);
  });

  test('When the meeting card and agenda for 16 November are asked for, then both say "time to be confirmed"', async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    for (const question of ['is there a meeting on 16 November', 'agenda for 16 November']) {
      const reply = readCard(await t.say(question, abbas));
      expect(reply).toMatch(TBC);
      expectNoMidnight(reply);
    }
  });

  test('When the clerk asks for minutes text for 16 November, then it says "time to be confirmed"', async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    const reply = readCard(await t.say('minutes text for 16 November', clerk));
    expect(reply).toMatch(TBC);
    expectNoMidnight(reply);
  });

  test('When an agenda reminder goes out for 16 November, then it says "time to be confirmed" and gives no substitution time worked out from midnight', async () => {
    t = await startTestBot({ now: '2023-09-13T09:00:00+01:00' });
    await t.post(buildInstall({ serviceUrl: t.connector.url, from: clerk, kind: 'channel', channel: 'childrens-os' }));
    await t.say("link this channel to the children's services O&S", clerk, 'channel', 'childrens-os');
    t.connector.clear();
    const sent = await t.say('post agenda reminder', clerk, 'channel', 'childrens-os');
    const posted = t.connector.sentTo('19:childrens-os@thread.tacv2').map((a) => readCard([a]));
    const reminder = posted.find((text) => /Agenda reminder: the/.test(text));
    expect(reminder).toBeDefined();
    expect(reminder).toMatch(TBC);
    expect(reminder).toMatch(/Substitutes must be notified by 2 hours before the meeting on Thursday 16 November 2023 starts/);
    expectNoMidnight(reminder!);
    const report = readCard(sent.slice(-1));
    expect(report).toMatch(TBC);
  });
});

/**
 * The rule for a meeting whose time is to be confirmed: it counts as not started until the end
 * of its day (London), and its substitution deadline cannot be worked out, so a substitute named
 * for it is accepted and the confirmation says the deadline depends on the time still to be set.
 */
describe('on and around the day of a meeting whose time is to be confirmed', () => {
  let t: TestBot;
  afterEach(async () => {
    await t.stop();
  });

  test('When a councillor sends apologies for 16 November at 9 am that day, then they are recorded for that meeting', async () => {
    t = await startTestBot({ now: '2023-11-16T09:00:00Z' });
    const reply = readCard(await t.say('send my apologies for 16 November', abbas));
    expect(reply).toMatch(/Apologies sent/);
    expect(reply).not.toMatch(/has started or taken place/);
    expect(reply).toMatch(TBC);
    expect(storedData(t).apologies).toEqual([expect.objectContaining({ meetingId: NOVEMBER, personId: 'qaisar-abbas', status: 'sent' })]);
  });

  test('When someone asks for the next meeting at 9 am on 16 November, then it is the 16 November meeting, "today"', async () => {
    t = await startTestBot({ now: '2023-11-16T09:00:00Z' });
    const reply = readCard(await t.say('when is the next meeting', abbas));
    expect(reply).toMatch(TBC);
    expect(reply).toMatch(/^today$/m);
    expect(reply).not.toMatch(/16 January 2024/);
  });

  test('When a councillor declares an interest for 16 November at 9 am that day, then the form for that meeting opens', async () => {
    t = await startTestBot({ now: '2023-11-16T09:00:00Z' });
    const reply = readCard(await t.say('declare an interest in item 6 on 16 November', abbas));
    expect(reply).toMatch(TBC);
    expect(reply).not.toMatch(/has started or taken place/);
  });

  test('When a substitute is named for 16 November late the evening before, then it is recorded and the confirmation says the deadline depends on the time to be confirmed', async () => {
    t = await startTestBot({ now: '2023-11-15T23:00:00Z' });
    const reply = readCard(
      await t.submit({ verb: 'apologies.submit', meetingId: NOVEMBER, reason: 'Hospital appointment', substituteId: 'aaron-green' }, abbas),
    );
    expect(reply).toMatch(/Apologies sent/);
    expect(reply).not.toMatch(/Too late to name a substitute/);
    expect(reply).toMatch(/Aaron Green/);
    expect(reply).toMatch(
      /Substitutes must be notified 2 hours before the meeting starts; its time is still to be confirmed, so .* will confirm whether this substitution was notified in time\./,
    );
    expectNoMidnight(reply);
    expect(storedData(t).apologies).toEqual([
      expect.objectContaining({ meetingId: NOVEMBER, substituteId: 'aaron-green', status: 'sent' }),
    ]);
  });

  test('When a councillor sends apologies for 16 November the next morning, then they are refused as the meeting has taken place', async () => {
    t = await startTestBot({ now: '2023-11-17T09:00:00Z' });
    const reply = readCard(await t.say('send my apologies for 16 November', abbas));
    expect(reply).not.toMatch(/Apologies sent/);
    expect(storedData(t).apologies).toEqual([]);
  });
});
