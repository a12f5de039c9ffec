import { buildInstall, buildUser } from './helpers/activities';
import { readCard, startTestBot, type TestBot } from './helpers/testBot';

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
