import { writeFileSync } from 'node:fs';
import { buildInstall, buildUser, type TeamsUser } from './helpers/activities';
import { cardOf, cardText, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';
import { FakeConnector } from './helpers/fakeConnector';
import { storeOnDisk } from './helpers/storeOnDisk';

/** Agenda reminders to the committee channel and members' chats, now and on a schedule. */
const clerk = buildUser('Rhiannon Whiteley');
const CHANNEL = 'childrens-os';
const CHANNEL_ID = `19:${CHANNEL}@thread.tacv2`;

/** The reply to the clerk: the last message of the turn (reminders posted during it come first). */
const read = (sent: Record<string, unknown>[]) => readCard(sent.slice(-1));

/** The committee's channel has the app and is linked; `chatting` members have said hello. */
async function prepare(t: TestBot, chatting: string[]) {
  await t.post(buildInstall({ serviceUrl: t.connector.url, from: clerk, kind: 'channel', channel: CHANNEL }));
  await t.say("link this channel to the children's services O&S", clerk, 'channel', CHANNEL);
  for (const name of chatting) await t.say('hello', buildUser(name));
  t.connector.clear();
}

const toChannel = (t: TestBot) => t.connector.sentTo(CHANNEL_ID);

/**
 * On 1 September 2023 the clerk links the channel and asks for reminders (`schedule`, as typed);
 * then the bot stops. Returns its store path, for the next start on `connector`.
 */
async function scheduleThenStop(connector: FakeConnector, schedule: string): Promise<string> {
  const first = await startTestBot({ now: '2023-09-01T12:00:00+01:00', connector });
  await prepare(first, []);
  await first.say(schedule, clerk);
  await first.stop();
  connector.clear();
  return first.storePath;
}

describe('posting an agenda reminder now', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When the clerk posts a reminder in the linked channel, then the channel gets the meeting card and the clerk a delivery report', async () => {
    await prepare(t, []);
    const report = read(await t.say('post agenda reminder', clerk, 'channel', CHANNEL));
    const posted = toChannel(t).map((a) => cardText(cardOf([a])));
    expect(
      posted.some((text) =>
        /Agenda reminder: the Children's Services Overview and Scrutiny Committee meets on Tuesday 12 September 2023, 7\.00 pm/.test(text),
      ),
    ).toBe(true);
    const reminder = posted.find((text) => /Agenda reminder/.test(text))!;
    expect(reminder).toMatch(/Substitutes must be notified by Tuesday 12 September 2023, 5\.00 pm/);
    expect(reminder).toMatch(/Youth Cabinet Update/);
    expect(reminder).toMatch(/Send apologies[\s\S]*Declare an interest[\s\S]*Add to calendar/);
    expect(report).toMatch(/delivery report[\s\S]*1 sent · 0 failed · 0 not reachable/);
  });

  test('When the clerk adds "and members", then members with a chat get it, and the others are listed as not reachable', async () => {
    await prepare(t, ['Qaisar Abbas', 'Maureen Pearce']);
    const report = read(await t.say('post agenda reminder and members', clerk));
    expect(report).toMatch(/3 sent · 0 failed · 7 not reachable/);
    expect(report).toMatch(/Not reachable[\s\S]*Councillor Elizabeth Rigby:\s*has not used the bot in Teams yet/);
    expect(t.connector.sentTo('a:personal-29:qaisar-abbas')).toHaveLength(1);
    expect(t.connector.sentTo('a:personal-29:maureen-pearce')).toHaveLength(1);
  });

  test('When a member has talked to the bot only in the channel, then a personal chat is opened for them', async () => {
    await prepare(t, []);
    await t.say('when is the next meeting', buildUser('Sara Muldowney'), 'channel', CHANNEL);
    t.connector.clear();
    const report = read(await t.say('post agenda reminder and members', clerk));
    expect(report).toMatch(/2 sent/);
    expect(t.connector.createdConversations).toHaveLength(1);
    expect(t.connector.sentTo('a:personal-29:sara-muldowney')).toHaveLength(1);
    expect(storedData(t).conversations.find((c) => c.id === 'a:personal-29:sara-muldowney')).toMatchObject({
      personId: 'sara-muldowney',
      type: 'personal',
    });
  });

  test('When a chat answers 403, then that delivery is recorded as failed once and not retried', async () => {
    await prepare(t, ['Qaisar Abbas']);
    t.connector.faultFor = (conversationId) => (conversationId === 'a:personal-29:qaisar-abbas' ? { status: 403 } : null);
    const report = read(await t.say('post agenda reminder and members', clerk));
    expect(report).toMatch(/1 sent · 1 failed/);
    expect(report).toMatch(/Councillor Qaisar Abbas:\s*403: the app has been removed/);
    expect(storedData(t).reminderSends[0]!.deliveries.find((d) => d.personId === 'qaisar-abbas')).toMatchObject({ outcome: 'failed' });
  });

  test('When a councillor asks to post a reminder, then they are refused and nothing is sent', async () => {
    await prepare(t, []);
    expect(read(await t.say('post agenda reminder', buildUser('Qaisar Abbas'), 'channel', CHANNEL))).toMatch(/Only a clerk/);
    expect(toChannel(t)).toHaveLength(1); // only the refusal itself
    expect(storedData(t).reminderSends).toHaveLength(0);
  });

  test('When no channel is linked, then the clerk is told how to link one', async () => {
    expect(read(await t.say('post agenda reminder', clerk))).toMatch(/No Teams channel is linked[\s\S]*link this channel to/);
  });
});

describe('scheduled reminders', () => {
  test('When reminders are scheduled for 7 days and 1 day before at 9am, then each fires once as the clock reaches it', async () => {
    const t = await startTestBot({ now: '2023-09-01T12:00:00+01:00' });
    try {
      await prepare(t, ['Qaisar Abbas']);
      const confirm = read(await t.say('remind members 7 days and 1 day before each meeting at 9am', clerk));
      expect(confirm).toMatch(/7 days before and 1 day before each meeting at 9\.00 am/);
      expect(confirm).toMatch(/next one is due on Tuesday 5 September 2023, 9\.00 am for the meeting on 12 September 2023/);
      t.connector.clear();

      t.clock.set(new Date('2023-09-05T08:59:00+01:00'));
      await t.bot.scheduler.tick();
      expect(t.connector.activities).toHaveLength(0);

      t.clock.set(new Date('2023-09-05T09:00:00+01:00'));
      await t.bot.scheduler.tick();
      await t.bot.scheduler.tick(); // a second tick in the same minute sends nothing more
      expect(toChannel(t)).toHaveLength(1);
      expect(cardText(cardOf(toChannel(t)))).toMatch(/meets in 7 days, Tuesday 12 September 2023, 7\.00 pm/);
      expect(t.connector.sentTo('a:personal-29:qaisar-abbas')).toHaveLength(1);

      t.clock.set(new Date('2023-09-11T09:00:30+01:00'));
      await t.bot.scheduler.tick();
      expect(toChannel(t)).toHaveLength(2);
      expect(cardText(cardOf(toChannel(t).slice(1)))).toMatch(/meets tomorrow/);
      expect(storedData(t).reminderSends.map((s) => s.state)).toEqual(['sent', 'sent']);
    } finally {
      await t.stop();
    }
  });

  test('When the bot is down at the reminder time, then it is sent once on restart while the meeting is ahead, and never again', async () => {
    const connector = new FakeConnector();
    await connector.start();
    try {
      const storePath = await scheduleThenStop(connector, 'remind members 7 days before each meeting at 9am');

      // Down over 5 September 09:00; back at 10:30.
      const second = await startTestBot({ now: '2023-09-05T10:30:00+01:00', storePath, connector });
      await second.bot.scheduler.tick();
      await second.stop();
      expect(connector.sentTo(CHANNEL_ID)).toHaveLength(1);

      const third = await startTestBot({ now: '2023-09-05T11:00:00+01:00', storePath, connector });
      await third.bot.scheduler.tick();
      await third.stop();
      expect(connector.sentTo(CHANNEL_ID)).toHaveLength(1);
    } finally {
      await connector.stop();
    }
  });

  test('When the bot was down until after the meeting started, then the reminder is skipped and logged, not sent', async () => {
    const connector = new FakeConnector();
    await connector.start();
    try {
      const storePath = await scheduleThenStop(connector, 'remind members 1 day before each meeting at 9am');
      const later = await startTestBot({ now: '2023-09-12T20:00:00+01:00', storePath, connector });
      await later.bot.scheduler.tick();
      expect(connector.sentTo(CHANNEL_ID)).toHaveLength(0);
      expect(storedData(later).reminderSends.find((s) => s.meetingId === 'childrens-os-2023-09-12')).toMatchObject({ state: 'skipped' });
      expect(later.logs.some((l) => l.includes('scheduled reminder skipped'))).toBe(true);
      await later.stop();
    } finally {
      await connector.stop();
    }
  });

  test('When a send was interrupted by a crash, then on restart the unsent deliveries go and the one in flight is not repeated', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const first = await startTestBot({ now: '2023-09-05T09:00:00+01:00', connector });
    await prepare(first, ['Qaisar Abbas', 'Maureen Pearce']);
    const conversations = storedData(first).conversations;
    await first.stop();
    const data = storedData(first);
    data.reminderSends.push({
      id: 'crashed-send',
      meetingId: 'childrens-os-2023-09-12',
      scheduleId: null,
      daysBefore: null,
      requestedBy: null,
      state: 'sending',
      startedAt: '2023-09-05T08:00:00.000Z',
      finishedAt: null,
      deliveries: [
        { conversationId: CHANNEL_ID, personId: null, target: 'Channel', outcome: 'sent' },
        {
          conversationId: conversations.find((c) => c.personId === 'qaisar-abbas')!.id,
          personId: 'qaisar-abbas',
          target: 'Councillor Qaisar Abbas',
          outcome: 'sending',
        },
        {
          conversationId: conversations.find((c) => c.personId === 'maureen-pearce')!.id,
          personId: 'maureen-pearce',
          target: 'Councillor Maureen Pearce',
          outcome: 'pending',
        },
      ],
    });
    writeFileSync(first.storePath, JSON.stringify(data));
    const t = await startTestBot({ now: '2023-09-05T09:05:00+01:00', storePath: first.storePath, connector });
    try {
      await t.bot.scheduler.tick({ startup: true });
      expect(t.connector.sentTo(CHANNEL_ID)).toHaveLength(0);
      expect(t.connector.sentTo('a:personal-29:qaisar-abbas')).toHaveLength(0);
      expect(t.connector.sentTo('a:personal-29:maureen-pearce')).toHaveLength(1);
      const send = storedData(t).reminderSends.find((s) => s.id === 'crashed-send')!;
      expect(send.state).toBe('sent');
      expect(send.deliveries.map((d) => d.outcome)).toEqual(['sent', 'unknown', 'sent']);
    } finally {
      await t.stop();
      await connector.stop();
    }
  });
});

describe("fan-out at Teams' pace", () => {
  /** The seed plus 60 members on the committee, each with a personal chat, against a fresh fake connector. */
  async function sixtyMembers(options: { reminderReplyWithinMs?: number } = {}) {
    const first = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    await first.stop();
    const data = storedData(first);
    const people: TeamsUser[] = [];
    for (let i = 0; i < 60; i += 1) {
      const id = `member-${i}`;
      const user = buildUser(`Member Number${i}`);
      people.push(user);
      data.people.push({ id, name: user.name, title: 'Councillor', kind: 'member', aadObjectId: user.aadObjectId, teamsUserId: user.id });
      data.committees[0]!.membership.push({ personId: id, role: 'member' });
      data.conversations.push({
        id: `a:personal-${user.id}`,
        type: 'personal',
        reference: {
          serviceUrl: '',
          channelId: 'msteams',
          conversation: { id: `a:personal-${user.id}`, conversationType: 'personal' },
          bot: { id: '28:bot' },
          user: { id: user.id },
        },
        tenantId: null,
        teamId: null,
        teamName: null,
        channelName: null,
        personId: id,
        committeeId: null,
        installed: true,
        updatedAt: '2023-09-01T00:00:00.000Z',
      });
    }
    // The references point at this run's fake connector, as Teams' service URL would.
    const connector = new FakeConnector();
    await connector.start();
    for (const c of data.conversations) c.reference.serviceUrl = connector.url;
    writeFileSync(first.storePath, JSON.stringify(data));
    const run = await startTestBot({ now: '2023-09-05T09:00:00+01:00', storePath: first.storePath, connector, ...options });
    // Every fifth member's first attempt is throttled, with Retry-After: 1.
    run.connector.faultFor = (conversationId, attempt) => {
      const n = Number(/number(\d+)/.exec(conversationId)?.[1] ?? -1);
      return n >= 0 && n % 5 === 0 && attempt === 1 ? { status: 429, retryAfterSeconds: 1 } : null;
    };
    return { run, connector, people, storePath: first.storePath };
  }

  test('When 60 members are reminded and Teams throttles with 429s, then each gets exactly one message and the rate stays within the limits', async () => {
    const { run, connector, people } = await sixtyMembers();
    try {
      const report = read(await run.say('post agenda reminder and members', clerk));
      expect(report).toMatch(/60 sent · 0 failed · 9 not reachable/); // the 9 seed members have no chat yet
      for (const user of people) expect(run.connector.sentTo(`a:personal-${user.id}`)).toHaveLength(1);
      // Teams' limits, counted as Teams counts them: every request arriving, throttled or not.
      const toMembers = run.connector.attemptLog.filter((a) => a.conversationId.includes('member-number'));
      const times = run.connector.attemptLog.map((a) => a.at).sort((a, b) => a - b);
      expect(toMembers).toHaveLength(60 + 12); // 60 members, 12 throttled first attempts
      for (let i = 30; i < times.length; i += 1) expect(times[i]! - times[i - 30]!).toBeGreaterThanOrEqual(1000);
      const throttled = run.connector.attemptLog.filter((a) => a.status === 429).length;
      expect(throttled).toBe(12);
    } finally {
      await run.stop();
      await connector.stop();
    }
  }, 30_000);

  test('When a reminder takes longer than a reply may, then the clerk is told it is still sending, and the delivery report follows in the same chat', async () => {
    const { run, connector, people } = await sixtyMembers({ reminderReplyWithinMs: 300 });
    const clerkChat = `a:personal-${clerk.id}`;
    try {
      // Members' reminders arrive during the turn too: the reply is the clerk's chat's last message.
      await run.say('post agenda reminder and members', clerk);
      const reply = read(run.connector.sentTo(clerkChat));
      expect(reply).toMatch(
        /Still sending the reminder[\s\S]*Tuesday 12 September 2023 is going to 60 chats and channels[\s\S]*post the delivery report here/,
      );
      expect(reply).not.toMatch(/60 sent/);
      // The report arrives on its own, in the clerk's chat, once every member has had theirs.
      const deadline = Date.now() + 20_000;
      const reportIn = () =>
        run.connector
          .sentTo(clerkChat)
          .map((a) => read([a]))
          .find((text) => /60 sent · 0 failed · 9 not reachable/.test(text));
      while (!reportIn() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(reportIn()).toBeDefined();
      for (const user of people) expect(run.connector.sentTo(`a:personal-${user.id}`)).toHaveLength(1);
    } finally {
      await run.stop();
      await connector.stop();
    }
  }, 30_000);

  test('When the bot is stopped while a reminder is still sending, then the send finishes and reports before the store closes', async () => {
    const { run, connector, people, storePath } = await sixtyMembers({ reminderReplyWithinMs: 100 });
    let stopped = false;
    try {
      await run.say('post agenda reminder and members', clerk);
      expect(read(run.connector.sentTo(`a:personal-${clerk.id}`))).toMatch(/Still sending the reminder/);
      await run.stop(); // waits for the send
      stopped = true;
      for (const user of people) expect(run.connector.sentTo(`a:personal-${user.id}`)).toHaveLength(1);
      expect(
        run.connector
          .sentTo(`a:personal-${clerk.id}`)
          .map((a) => read([a]))
          .some((text) => /60 sent/.test(text)),
      ).toBe(true);
      const stored = storeOnDisk(storePath);
      expect(stored.reminderSends).toHaveLength(1);
      expect(stored.reminderSends[0]).toMatchObject({ state: 'sent' });
      expect(stored.reminderSends[0]!.deliveries.filter((d) => d.outcome === 'sent')).toHaveLength(60); // the 9 seed members without a chat are 'unreachable'
    } finally {
      if (!stopped) await run.stop();
      await connector.stop();
    }
  }, 30_000);
});
