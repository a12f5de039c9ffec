import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { cardElements, cardText } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, type TestBot } from './helpers/testBot';

/**
 * Attendance questions over HTTP with the fake connector, the clock pinned to Tuesday 5 September
 * 2023, 9 am in London. Facts are the seed's minutes of 15 June 2023 (data/minutes.json, from
 * the 12 September agenda pack, pages 5-12): six present, among them Councillor Aaron Green as
 * substitute for Councillor Vikki Hartstean, who sent apologies; eight in attendance, among them
 * Janet Simon. The minutes of 14 March 2023 are not held; 12 September has not happened yet.
 */
const member = buildUser('Maureen Pearce');
const abbas = buildUser('Qaisar Abbas');

type Button = { title: string; data: Record<string, unknown> };

function buttons(card: Record<string, unknown>): Button[] {
  return cardElements(card, 'Action.Submit') as unknown as Button[];
}

describe('attendance questions on 5 September 2023', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each([
    // a meeting's attendance
    ['who came to the June meeting?', /Attendance: Thursday 15 June 2023[\s\S]*Present \(6\)/],
    ['attendance at the last meeting', /Present \(6\)[\s\S]*Councillor Maureen Pearce/],
    ['who was there at the meeting on 15 June', /Present \(6\)/],
    ['who was present at the June committee', /Councillor Aaron Green \(substitute for Councillor Vikki Hartstean\)/],
    [
      'which officers attended in June?',
      /In attendance \(8\)[\s\S]*Janet Simon, Assistant Director, Children's Social Care and Early Help/,
    ],
    ['who was absent at the last meeting', /Apologies \(1\)[\s\S]*Councillor Vikki Hartstean \(Councillor Aaron Green substituted\)/],
    ['absentees in June', /Apologies \(1\)[\s\S]*Vikki Hartstean/],
    ['show me the attendance list', /Attendance: Thursday 15 June 2023/],
    // a person's attendance
    ['did Councillor Pearce attend the last meeting?', /Councillor Maureen Pearce: Thursday 15 June 2023[\s\S]*present/],
    ['was Cllr Hartstean at the June meeting', /Thursday 15 June 2023: apologies; Councillor Aaron Green substituted/],
    ['was Aaron Green present in June', /present, as substitute for Councillor Vikki Hartstean/],
    ["Councillor Abbas's attendance record", /Attendance record: Councillor Qaisar Abbas[\s\S]*Thursday 15 June 2023: present/],
    ['how often has Cllr Hartstean attended', /Thursday 15 June 2023: apologies/],
    ['was Aaron Green substituting at the June meeting', /present, as substitute for Councillor Vikki Hartstean/],
    ['were there any absences in June', /Apologies \(1\)[\s\S]*Vikki Hartstean/],
    ['attendance of Janet Simon', /Thursday 15 June 2023: in attendance \(Assistant Director/],
  ] as [string, RegExp][])('When a member asks "%s", then the card shows the attendance the minutes record', async (question, fact) => {
    const text = readCard(await t.say(question, member));
    expect(text).toMatch(fact);
    expect(text).toMatch(/agenda-pack-childrens-os-committee-2023-09-12\.txt, Minutes of the meeting held on 15 June 2023/);
  });

  test('When asked who attended a meeting whose minutes are not held, then it says so and offers the attendance it holds', async () => {
    const card = checkedCardOf(await t.say('who attended the March meeting', member));
    const text = cardText(card, { dropJoiners: true });
    expect(text).toMatch(/The minutes of Tuesday 14 March 2023 are not held yet, so I hold no attendance record for it/);
    expect(text).not.toMatch(/Present \(/);
    expect(buttons(card).map((b) => b.title)).toContain('Attendance 15 June 2023');
  });

  test('When asked about a month with no meeting, then it says no meeting is held and records nothing', async () => {
    const text = readCard(await t.say('who attended in February', member));
    expect(text).toMatch(/I don't hold a meeting for February/);
    expect(text).not.toMatch(/Present \(/);
  });

  test('When asked about a councillor the store does not hold, then it says so and offers the members it holds', async () => {
    const card = checkedCardOf(await t.say('attendance record for Councillor Bloggs', member));
    const text = cardText(card, { dropJoiners: true });
    expect(text).toMatch(/I don't hold anyone called "Councillor Bloggs"/);
    expect(text).not.toMatch(/15 June/);
    expect(buttons(card).map((b) => b.title)).toContain('Councillor Qaisar Abbas');
  });

  test('When a member has sent apologies for a meeting not yet minuted, then their record says "apologies sent", never attendance', async () => {
    await t.say('send my apologies for the next meeting', abbas);
    const record = readCard(await t.say('what is Councillor Abbas’s attendance record', member));
    expect(record).toMatch(/Tuesday 12 September 2023: apologies sent \(the minutes are not held yet; not an attendance record\)/);
    expect(record).toMatch(/Thursday 15 June 2023: present/);
    const meeting = readCard(await t.say('who attended on 12 September 2023', member));
    expect(meeting).toMatch(/has not happened yet, so there is no attendance record/);
    expect(meeting).toMatch(/Apologies sent through this bot \(not an attendance record\)[\s\S]*Councillor Qaisar Abbas: apologies sent/);
    expect(meeting).not.toMatch(/Present \(|Apologies \(\d/);
  });
});

describe('attendance whatever minutes are stored', () => {
  let t: TestBot;
  beforeAll(async () => {
    const data = storeFromSeed(loadSeed());
    const june = data.meetings.find((m) => m.id === 'childrens-os-2023-06-15')!;
    const juneMinutes = data.minutes.find((m) => m.meetingId === june.id)!;
    for (let month = 1; month <= 9; month += 1) {
      const id = `childrens-os-2022-${String(month).padStart(2, '0')}-10`;
      data.meetings.push({ ...june, id, date: `2022-${String(month).padStart(2, '0')}-10` });
      data.minutes.push({ ...juneMinutes, id: `${id}-minutes`, meetingId: id });
    }
    t = await startTestBot({ data, now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  test('When a month with no meeting is asked about and many minutes are held, then the honest answer is a valid card offering them', async () => {
    const card = checkedCardOf(await t.say('who attended in February', member));
    expect(cardText(card, { dropJoiners: true })).toMatch(/I don't hold a meeting for February/);
    expect(buttons(card).length).toBe(8);
  });

  test('When a member with many minuted meetings asks for their record, then every meeting is listed on a valid card', async () => {
    const text = readCard(await t.say('my attendance record', member));
    expect(text).toMatch(/Attendance record: Councillor Maureen Pearce/);
    expect(text.match(/: present/g)?.length).toBe(10);
    expect(text.indexOf('Thursday 15 June 2023: present')).toBeLessThan(text.indexOf('Saturday 10 September 2022: present'));
  });
});
