import { buildInstall, buildInstallationUpdate, buildUser, type TeamsUser } from './helpers/activities';
import { cardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';
import { withCorporateParentingPanel } from './helpers/builders';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';

/** Clerks keeping the calendar and linking channels, over HTTP with the clock pinned. */
const clerk = buildUser('Rhiannon Whiteley');
const councillor = buildUser('Qaisar Abbas');
const CHANNEL = 'childrens-os';
const CHANNEL_ID = `19:${CHANNEL}@thread.tacv2`;

async function inChannel(t: TestBot, text: string, from: TeamsUser = clerk) {
  return readCard(await t.say(text, from, 'channel', CHANNEL));
}

describe('conversations and channel links', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When the app is installed in a team and in a personal chat, then both references are stored, the personal one with its person', async () => {
    await t.post(buildInstall({ serviceUrl: t.connector.url, from: clerk, kind: 'channel', channel: CHANNEL }));
    await t.post(buildInstallationUpdate({ serviceUrl: t.connector.url, from: councillor }));
    const data = storedData(t);
    const channel = data.conversations.find((c) => c.id === CHANNEL_ID)!;
    expect(channel).toMatchObject({ type: 'channel', installed: true, channelName: CHANNEL, teamName: "Children's Services O&S" });
    expect(channel.reference).toMatchObject({ serviceUrl: t.connector.url, conversation: { id: CHANNEL_ID } });
    expect(data.conversations.find((c) => c.type === 'personal')).toMatchObject({ personId: 'qaisar-abbas', installed: true });
    await t.post(buildInstallationUpdate({ serviceUrl: t.connector.url, from: councillor }, 'remove'));
    expect(storedData(t).conversations.find((c) => c.type === 'personal')!.installed).toBe(false);
  });

  test('When the clerk links the channel, then questions there are for that committee; a councillor cannot link or unlink', async () => {
    expect(await inChannel(t, "link this channel to the children's services O&S", councillor)).toMatch(/Only a clerk/);
    expect(await inChannel(t, "link this channel to the children's services O&S")).toMatch(
      /Channel linked[\s\S]*Children's Services Overview and Scrutiny Committee/,
    );
    expect(storedData(t).conversations.find((c) => c.id === CHANNEL_ID)!.committeeId).toBe('childrens-os');
    expect(storedData(t).audit.some((a) => a.kind === 'conversation.linked' && a.actor.personId === 'rhiannon-whiteley')).toBe(true);
    expect(await inChannel(t, 'unlink', councillor)).toMatch(/Only a clerk/);
    expect(await inChannel(t, 'unlink this channel')).toMatch(/Channel unlinked/);
    expect(storedData(t).conversations.find((c) => c.id === CHANNEL_ID)!.committeeId).toBeNull();
  });

  test('When someone asks to link in a personal chat, then they are told to do it in the channel', async () => {
    expect(readCard(await t.say("link this channel to the children's services O&S", clerk))).toMatch(
      /Say this in the committee's Teams channel/,
    );
  });
});

describe('keeping the calendar', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When the clerk adds a meeting with a clear date, then it is saved, audited and shown with its agenda deadline', async () => {
    const reply = readCard(await t.say('add meeting on 14 March 2024 at 7pm in Committee Room 2', clerk));
    expect(reply).toMatch(/Meeting added: Thursday 14 March 2024, 7\.00 pm/);
    expect(reply).toMatch(/published by Wednesday 6 March 2024/);
    const meeting = storedData(t).meetings.find((m) => m.date === '2024-03-14')!;
    expect(meeting).toMatchObject({ startTime: '19:00', venue: 'Committee Room 2', status: 'scheduled', committeeId: 'childrens-os' });
    expect(storedData(t).audit.find((a) => a.kind === 'meeting.added')).toMatchObject({
      recordId: meeting.id,
      actor: { personId: 'rhiannon-whiteley' },
    });
  });

  test('When the date could be read two ways, then it is confirmed back first and saved only on confirmation', async () => {
    const sent = await t.say('add meeting on 3/4/2024 at 7 in Room 1', clerk);
    const text = readCard(sent);
    expect(text).toMatch(/Add this meeting\?/);
    expect(text).toMatch(/day first/);
    expect(text).toMatch(/no am or pm/);
    expect(storedData(t).meetings.some((m) => m.date === '2024-04-03')).toBe(false);
    const confirm = (cardOf(sent).actions as { data: Record<string, unknown> }[])[0]!.data;
    expect(confirm).toMatchObject({ verb: 'meeting.add', date: '2024-04-03', time: '07:00' });
    expect(readCard(await t.submit({ ...confirm, time: '19:00' }, clerk))).toMatch(/Meeting added: Wednesday 3 April 2024, 7\.00 pm/);
    expect(storedData(t).meetings.filter((m) => m.date === '2024-04-03')).toHaveLength(1);
  });

  test('When a councillor tries to add, move or cancel a meeting, then it is refused politely and nothing changes', async () => {
    const before = storedData(t).meetings;
    expect(readCard(await t.say('add meeting on 14 March 2024 at 7pm', councillor))).toMatch(/Only a clerk can do that/);
    expect(readCard(await t.say('move the 16 November meeting to 23 November at 6.30pm', councillor))).toMatch(/Only a clerk/);
    expect(readCard(await t.say('cancel the meeting on 16 November because no business', councillor))).toMatch(/Only a clerk/);
    expect(
      readCard(await t.submit({ verb: 'meeting.add', committeeId: 'childrens-os', date: '2024-03-14', time: '19:00' }, councillor)),
    ).toMatch(/Only a clerk/);
    expect(storedData(t).meetings).toEqual(before);
  });

  test('When the clerk moves a meeting, then the date, time and audit before/after change', async () => {
    const reply = readCard(await t.say('move the 16 November meeting to 23 November at 6.30pm', clerk));
    expect(reply).toMatch(/Meeting moved from Thursday 16 November 2023, time to be confirmed to Thursday 23 November 2023, 6\.30 pm/);
    expect(storedData(t).meetings.find((m) => m.id === 'childrens-os-2023-11-16')).toMatchObject({
      date: '2023-11-23',
      startTime: '18:30',
    });
    expect(storedData(t).audit.find((a) => a.kind === 'meeting.moved')).toMatchObject({
      before: { date: '2023-11-16' },
      after: { date: '2023-11-23' },
    });
  });

  test('When the clerk cancels a meeting, then a reason is required, and then it shows as cancelled', async () => {
    expect(readCard(await t.say('cancel the meeting on 16 November', clerk))).toMatch(/Reason needed/);
    const reply = readCard(await t.say('cancel the meeting on 16 November because there is no business', clerk));
    expect(reply).toMatch(/Meeting cancelled: there is no business/);
    expect(storedData(t).meetings.find((m) => m.id === 'childrens-os-2023-11-16')).toMatchObject({
      status: 'cancelled',
      cancelledReason: 'there is no business',
    });
    // The next meeting is now January, with the cancellation noted.
    expect(readCard(await t.say('when is the next meeting', councillor))).toMatch(/12 September 2023/);
  });

  test("When an item is added after the agenda is published, then it is marked late and the chair's urgency reason is asked for and recorded", async () => {
    expect(readCard(await t.say('publish agenda for 16 November', clerk))).toMatch(/Agenda published on Tuesday 5 September 2023/);
    const sent = await t.say('add agenda item 5 Ofsted focused visit lead officer Janet Simon for 16 November', clerk);
    const text = readCard(sent);
    expect(text).toMatch(/Late item 5 added/);
    expect(text).toMatch(/s100B\(4\)\(b\)/);
    const item = storedData(t)
      .meetings.find((m) => m.id === 'childrens-os-2023-11-16')!
      .agendaItems.find((i) => i.number === '5')!;
    expect(item).toMatchObject({ title: 'Ofsted focused visit', leadOfficer: 'Janet Simon', late: true });
    const submit = (cardOf(sent).actions as { data: Record<string, unknown> }[])[0]!.data;
    expect(readCard(await t.submit({ ...submit, reason: 'Inspection feedback arrived after publication' }, clerk))).toMatch(
      /Urgency reason recorded for item 5/,
    );
    expect(
      storedData(t)
        .meetings.find((m) => m.id === 'childrens-os-2023-11-16')!
        .agendaItems.find((i) => i.number === '5')!.urgencyReason,
    ).toBe('Inspection feedback arrived after publication');
  });
});

describe('help for clerks', () => {
  test('When a clerk asks for help, then the clerk commands are listed; a councillor does not see them', async () => {
    const t = await startTestBot();
    try {
      expect(readCard(await t.say('help', clerk))).toMatch(/Clerks: add meeting on <date>[\s\S]*Clerks: post agenda reminder/);
      expect(readCard(await t.say('help', councillor))).not.toMatch(/Clerks:/);
    } finally {
      await t.stop();
    }
  });
});

describe('agenda deadlines', () => {
  test('When the 16 November agenda is unpublished two working days before its deadline, then the clerk sees it flagged', async () => {
    const t = await startTestBot({ now: '2023-11-06T09:00:00Z' });
    try {
      const reply = readCard(await t.say('agenda deadlines', clerk));
      expect(reply).toMatch(/Thursday 16 November 2023[\s\S]*Publish by Wednesday 8 November 2023[\s\S]*At risk/);
      expect(reply).toMatch(/Tuesday 16 January 2024[\s\S]*Publish by Monday 8 January 2024[\s\S]*Not yet published/);
      expect(readCard(await t.say('agenda deadlines', councillor))).toMatch(/Only a clerk/);
    } finally {
      await t.stop();
    }
  });
});

describe('card submits on a council with two committees', () => {
  /** The seed plus a second committee the same clerk serves, so no committee can be assumed. */
  const twoCommittees = () => withCorporateParentingPanel(storeFromSeed(loadSeed()));

  test('When a new-meeting card comes back without its committee, then no meeting is added to any committee', async () => {
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00', data: twoCommittees() });
    try {
      await t.say('help', clerk); // the clerk's first message links their Teams account
      const before = storedData(t);
      const reply = readCard(await t.submit({ verb: 'meeting.add', date: '2024-03-14', time: '19:00', venue: 'Room 1' }, clerk));
      expect(reply).toMatch(/Committee not found[\s\S]*Nothing has been added/);
      const after = storedData(t);
      expect(after.meetings).toEqual(before.meetings);
      expect(after.audit).toEqual(before.audit);
    } finally {
      await t.stop();
    }
  });

  test('When an add-action form names a meeting no longer held, then nothing is recorded and no committee is guessed', async () => {
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00', data: twoCommittees() });
    try {
      const before = storedData(t);
      const reply = readCard(
        await t.submit(
          { verb: 'actions.add', meetingId: 'childrens-os-1999-01-01', text: 'Write the report', ownerId: 'janet-simon' },
          clerk,
        ),
      );
      expect(reply).toMatch(/Meeting not found[\s\S]*nothing has been recorded/);
      expect(reply).not.toMatch(/September 2023|Children's Services Overview/);
      const after = storedData(t);
      expect(after.actions).toEqual(before.actions);
      expect(after.audit.filter((a) => a.recordType === 'action')).toEqual([]);
    } finally {
      await t.stop();
    }
  });
});
