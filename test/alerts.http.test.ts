import { writeFileSync } from 'node:fs';
import type { MeetingChange } from '../bot/features/alerts/changes';
import { MAX_CARD_BYTES } from '../bot/cards/render';
import { buildInstall, buildUser } from './helpers/activities';
import { cardOf, cardText } from './helpers/cards';
import { FakeConnector } from './helpers/fakeConnector';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * Alerts about meeting changes, over HTTP against the fake Teams connector: from clerks' own
 * commands and from the hook the modern.gov sync calls (alerts.onMeetingChanges), once per change,
 * to the committee's linked channel and the members who asked for them.
 */
const clerk = buildUser('Rhiannon Whiteley');
const qaisar = buildUser('Qaisar Abbas');
const maureen = buildUser('Maureen Pearce');
const stranger = buildUser('Nobody We Know');
const CHANNEL = 'childrens-os';
const CHANNEL_ID = `19:${CHANNEL}@thread.tacv2`;
const chatOf = (user: { id: string }) => `a:personal-${user.id}`;
const NEXT_MEETING = 'childrens-os-2023-09-12';

/** The reply to the sender: the last message of the turn (alerts posted during it come first). */
const read = (sent: Record<string, unknown>[]) => readCard(sent.slice(-1));

/** The channel has the app and is linked; `subscribers` opt in to alerts; the clerk and Maureen have a chat too. */
async function prepare(t: TestBot, subscribers: { id: string; name: string }[]) {
  await t.post(buildInstall({ serviceUrl: t.connector.url, from: clerk, kind: 'channel', channel: CHANNEL }));
  expect(read(await t.say("link this channel to the children's services O&S", clerk, 'channel', CHANNEL))).toMatch(/Channel linked/);
  for (const user of [clerk, maureen]) await t.say('hello', user);
  for (const user of subscribers) expect(read(await t.say('alert me when papers are published', user))).toMatch(/Alerts on/);
  t.connector.clear();
}

function papersChange(key: string, count: number): MeetingChange {
  return {
    meetingId: NEXT_MEETING,
    committeeId: 'childrens-os',
    source: 'modern.gov',
    key,
    changes: [
      {
        kind: 'papersAdded',
        papers: Array.from({ length: count }, (_, i) => ({
          title: i === 0 ? 'Budget ${summary} **not bold** [x](http://evil.example)' : `Report ${i + 1}: ${'long title words '.repeat(20)}`,
          url: `https://democracy.example.gov.uk/documents/s${1000 + i}/${'Report'.repeat(40)}.pdf`,
          published: '2023-09-04',
        })),
      },
    ],
  };
}

describe("alerts from a clerk's change", () => {
  let t: TestBot;
  beforeEach(async () => {
    // The reply waits for the alert however busy the machine is, so it can say how the alert went.
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00', reminderReplyWithinMs: 60_000 });
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When the clerk moves a meeting, then one card goes to the linked channel and to each subscribed member, and nowhere else', async () => {
    await prepare(t, [qaisar]);
    const reply = read(await t.say('move the 16 November meeting to 23 November at 6.30pm', clerk));
    expect(reply).toMatch(/Meeting moved from Thursday 16 November 2023/);
    expect(reply).toMatch(/Alert posted to the committee's channel and 1 member who asked for alerts\./);

    const channel = t.connector.sentTo(CHANNEL_ID);
    expect(channel).toHaveLength(1);
    const card = checkedCardOf(channel);
    expect(card.version).toBe('1.5');
    const text = cardText(card);
    expect(text).toMatch(/Meeting moved/);
    expect(text).toMatch(/Children's Services Overview and Scrutiny Committee/);
    expect(text).toMatch(/Meeting\s*Thursday 23 November 2023, 6\.30 pm/);
    expect(text).toMatch(/From Thursday 16 November 2023, time to be confirmed/);
    expect(text).toMatch(/To Thursday 23 November 2023, 6\.30 pm/);
    expect(String(card.fallbackText)).toMatch(
      /^Meeting moved: Children's Services Overview and Scrutiny Committee, Thursday 23 November 2023/,
    );

    expect(t.connector.sentTo(chatOf(qaisar))).toHaveLength(1);
    expect(cardText(cardOf(t.connector.sentTo(chatOf(qaisar))))).toBe(text);
    expect(t.connector.sentTo(chatOf(maureen))).toHaveLength(0);
    expect(t.connector.sentTo(chatOf(clerk))).toHaveLength(1); // the reply alone
    expect(t.connector.activities).toHaveLength(3);

    const [send, ...others] = storedData(t).alertSends;
    expect(others).toEqual([]);
    expect(send).toMatchObject({ state: 'sent', source: 'rhiannon-whiteley', changes: [{ kind: 'moved' }] });
    expect(send!.deliveries.map((d) => [d.conversationId, d.outcome])).toEqual([
      [CHANNEL_ID, 'sent'],
      [chatOf(qaisar), 'sent'],
    ]);
    const started = storedData(t).audit.find((e) => e.kind === 'alert.started')!;
    expect(started.actor).toMatchObject({ personId: 'rhiannon-whiteley' });
  });

  test('When the clerk cancels a meeting and publishes an agenda, then each is alerted with what changed', async () => {
    await prepare(t, []);
    expect(read(await t.say('publish agenda for 16 November', clerk))).toMatch(/Agenda published/);
    await t.say('cancel the meeting on 16 November because there is no business', clerk);
    const [published, cancelled] = t.connector.sentTo(CHANNEL_ID).map((a) => cardText(checkedCardOf([a])));
    expect(t.connector.sentTo(CHANNEL_ID)).toHaveLength(2);
    expect(cancelled).toMatch(/Meeting cancelled[\s\S]*Reason: there is no business/);
    expect(published).toMatch(
      /Agenda published[\s\S]*Thursday 16 November 2023, time to be confirmed[\s\S]*The agenda for this meeting has been published/,
    );
  });

  test('When the clerk moves a meeting to another room, then the one card says both the new time and the new venue', async () => {
    await prepare(t, []);
    await t.say('move the 16 November meeting to 23 November at 6.30pm in Committee Room 2', clerk);
    const sent = t.connector.sentTo(CHANNEL_ID);
    expect(sent).toHaveLength(1);
    const text = cardText(checkedCardOf(sent));
    expect(text).toMatch(/Meeting moved[\s\S]*Venue\s*Committee Room 2/);
    expect(text).toMatch(/To Thursday 23 November 2023, 6\.30 pm[\s\S]*Venue changed\s*From a venue to be confirmed\s*To Committee Room 2/);
  });

  test('When no channel is linked and nobody asked for alerts, then the clerk is told no alert was posted and nothing is recorded', async () => {
    const reply = read(await t.say('cancel the meeting on 16 November because there is no business', clerk));
    expect(reply).toMatch(/Meeting cancelled/);
    expect(reply).toMatch(/no alert was posted/);
    expect(storedData(t).alertSends).toEqual([]);
  });
});

describe('alerts from the modern.gov sync (the hook)', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    await prepare(t, [qaisar]);
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When the same change is given twice, at once and again later, then it is posted once', async () => {
    const change = papersChange('moderngov:childrens-os-2023-09-12:abc123', 2);
    await Promise.all([t.bot.alerts.onMeetingChanges([change]), t.bot.alerts.onMeetingChanges([change])]);
    await t.bot.alerts.onMeetingChanges([change]);
    expect(t.connector.sentTo(CHANNEL_ID)).toHaveLength(1);
    expect(t.connector.sentTo(chatOf(qaisar))).toHaveLength(1);
    expect(storedData(t).alertSends).toHaveLength(1);
    expect(storedData(t).audit.filter((e) => e.kind === 'alert.started')).toHaveLength(1);

    await t.bot.alerts.onMeetingChanges([{ ...change, key: 'moderngov:childrens-os-2023-09-12:def456' }]);
    expect(t.connector.sentTo(CHANNEL_ID)).toHaveLength(2);
  });

  test('When a change lists hundreds of papers with long titles and links, then one card under 28 KB lists some and says how many more', async () => {
    await t.bot.alerts.onMeetingChanges([papersChange('moderngov:many', 300)]);
    const sent = t.connector.sentTo(CHANNEL_ID);
    expect(sent).toHaveLength(1);
    const card = checkedCardOf(sent);
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(MAX_CARD_BYTES);
    const text = cardText(card, { dropJoiners: true });
    expect(text).toMatch(/300 papers added/);
    expect(text).toMatch(/and 2\d\d more\./);
    expect(text).toMatch(/Published Monday 4 September 2023/);
    // Titles are shown as typed: no template expansion, no Markdown, no link made of them.
    expect(text).toContain('Budget ${summary} **not bold** [x](http://evil.example)');
    expect(cardText(card, { withLinks: true })).toContain('https://democracy.example.gov.uk/documents/s1000/');
    expect(text).toContain('Open Report 2: long title words');
    expect(String(card.fallbackText).replace(/\u2060/g, '').length).toBeLessThanOrEqual(1000);
  });

  test('When a change is about a meeting the store does not hold, then nothing is posted or recorded', async () => {
    await t.bot.alerts.onMeetingChanges([{ ...papersChange('moderngov:ghost', 1), meetingId: 'no-such-meeting' }]);
    expect(t.connector.activities).toHaveLength(0);
    expect(storedData(t).alertSends).toEqual([]);
  });
});

describe('an alert interrupted by a crash', () => {
  test('When the bot restarts with a delivery left "sending", then it is reported to the clerk as unknown and not sent again', async () => {
    const connector = new FakeConnector();
    await connector.start();
    try {
      const first = await startTestBot({ now: '2023-09-05T09:00:00+01:00', connector });
      await prepare(first, [qaisar, maureen]);
      await first.stop();
      const data = storedData(first);
      data.alertSends.push({
        id: 'alert-crashed',
        key: 'moderngov:crashed',
        meetingId: NEXT_MEETING,
        committeeId: 'childrens-os',
        source: 'modern.gov',
        changes: [{ kind: 'agendaPublished' }],
        state: 'sending',
        startedAt: '2023-09-05T08:00:00.000Z',
        finishedAt: null,
        deliveries: [
          { conversationId: CHANNEL_ID, personId: null, target: 'Channel childrens-os', outcome: 'sent' },
          { conversationId: chatOf(qaisar), personId: 'qaisar-abbas', target: 'Councillor Qaisar Abbas', outcome: 'sending' },
          { conversationId: chatOf(maureen), personId: 'maureen-pearce', target: 'Councillor Maureen Pearce', outcome: 'pending' },
        ],
      });
      writeFileSync(first.storePath, JSON.stringify(data));
      connector.clear();

      const second = await startTestBot({ now: '2023-09-05T09:05:00+01:00', storePath: first.storePath, connector });
      // Stopping waits for the resumed alert and its report.
      await second.stop();
      expect(connector.sentTo(CHANNEL_ID)).toHaveLength(0);
      expect(connector.sentTo(chatOf(qaisar))).toHaveLength(0);
      expect(connector.sentTo(chatOf(maureen))).toHaveLength(1);
      expect(cardText(checkedCardOf(connector.sentTo(chatOf(maureen))))).toMatch(/Agenda published/);
      const report = cardText(checkedCardOf(connector.sentTo(chatOf(clerk))));
      expect(report).toMatch(/delivery report[\s\S]*1 unknown/);
      expect(report).toMatch(
        /Unknown\s*Councillor Qaisar Abbas: \s*the bot stopped while this alert was being sent; it was not sent again/,
      );
      const send = storedData(second).alertSends.find((s) => s.id === 'alert-crashed')!;
      expect(send.state).toBe('sent');
      expect(send.deliveries.map((d) => d.outcome)).toEqual(['sent', 'unknown', 'sent']);

      // The same change offered again (a sync repeating it) sends nothing.
      connector.clear();
      const third = await startTestBot({ now: '2023-09-05T09:10:00+01:00', storePath: first.storePath, connector });
      await third.bot.alerts.onMeetingChanges([
        {
          meetingId: NEXT_MEETING,
          committeeId: 'childrens-os',
          source: 'modern.gov',
          key: 'moderngov:crashed',
          changes: [{ kind: 'agendaPublished' }],
        },
      ]);
      await third.stop();
      expect(connector.activities).toHaveLength(0);
    } finally {
      await connector.stop();
    }
  });
});

describe('meeting changes kept by a sync without the bot', () => {
  test('When the bot starts with changes waiting, then each is alerted once, one for a meeting no longer held is dropped with a log line, and none is kept', async () => {
    const connector = new FakeConnector();
    await connector.start();
    try {
      const first = await startTestBot({ now: '2023-09-05T09:00:00+01:00', connector });
      await prepare(first, []);
      await first.stop();
      const data = storedData(first);
      const kept = (key: string, meetingId: string) => ({
        id: `pending-${key}`,
        key,
        meetingId,
        committeeId: 'childrens-os',
        source: 'modern.gov',
        changes: [{ kind: 'agendaPublished' as const }],
        keptAt: '2023-09-05T08:00:00.000Z',
      });
      // 'moderngov:done' was alerted before a crash kept it from being removed.
      data.alertSends.push({
        ...kept('moderngov:done', NEXT_MEETING),
        id: 'alert-done',
        state: 'sent',
        startedAt: '2023-09-05T08:00:00.000Z',
        finishedAt: '2023-09-05T08:00:01.000Z',
        deliveries: [{ conversationId: CHANNEL_ID, personId: null, target: 'Channel childrens-os', outcome: 'sent' }],
      });
      data.pendingAlerts.push(
        kept('moderngov:done', NEXT_MEETING),
        kept('moderngov:gone', 'childrens-os-1999-01-01'),
        kept('moderngov:new', NEXT_MEETING),
      );
      writeFileSync(first.storePath, JSON.stringify(data));
      connector.clear();

      const second = await startTestBot({ now: '2023-09-05T09:05:00+01:00', storePath: first.storePath, connector });
      // Stopping waits for what the bot alerts as it starts.
      await second.stop();
      const channel = connector.sentTo(CHANNEL_ID);
      expect(channel).toHaveLength(1);
      expect(cardText(checkedCardOf(channel))).toMatch(/Agenda published/);
      expect(second.logs.join('\n')).toMatch(/meeting change from a sync dropped: the meeting is no longer held.*moderngov:gone/);
      const after = storedData(second);
      expect(after.pendingAlerts).toEqual([]);
      expect(after.alertSends.map((a) => a.key).sort()).toEqual(['moderngov:done', 'moderngov:new']);

      connector.clear();
      await (await startTestBot({ now: '2023-09-05T09:10:00+01:00', storePath: first.storePath, connector })).stop();
      expect(connector.sentTo(CHANNEL_ID)).toHaveLength(0);
    } finally {
      await connector.stop();
    }
  });
});

describe('a store from before alerts', () => {
  test('When the bot opens a store written without alert records, then it starts and alerts work on it', async () => {
    const first = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    await first.stop();
    const old = storedData(first) as Partial<ReturnType<typeof storedData>>;
    delete old.alertSends;
    delete old.alertSubscriptions;
    writeFileSync(first.storePath, JSON.stringify(old));
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00', storePath: first.storePath });
    try {
      await prepare(t, [qaisar]);
      await t.say('publish agenda for 16 November', clerk);
      expect(t.connector.sentTo(chatOf(qaisar))).toHaveLength(1);
      expect(storedData(t).alertSends).toHaveLength(1);
    } finally {
      await t.stop();
    }
  });
});

describe('members opt in and out', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    await prepare(t, []);
  });
  afterEach(async () => {
    await t.stop();
  });

  const audited = (kind: string) => storedData(t).audit.filter((e) => e.kind === kind).length;

  test('When a member opts in, asks again, stops, and stops again, then each gets a clear answer and only the changes are audited', async () => {
    expect(read(await t.say('alert me when papers are published', qaisar))).toMatch(
      /Alerts on[\s\S]*I will message you here about the Children's Services Overview and Scrutiny Committee when its agenda or papers are published/,
    );
    expect(read(await t.say('alert me when papers are published', qaisar))).toMatch(/Alerts already on[\s\S]*stop alerts/);
    expect(audited('alertSubscription.started')).toBe(1);

    expect(read(await t.say('stop alerts', qaisar))).toMatch(/Alerts stopped[\s\S]*no longer get alerts about the Children's Services/);
    expect(read(await t.say('stop alerts', qaisar))).toMatch(/No alerts to stop/);
    expect(audited('alertSubscription.stopped')).toBe(1);
    expect(storedData(t).audit.find((e) => e.kind === 'alertSubscription.stopped')!.actor).toMatchObject({ personId: 'qaisar-abbas' });

    // Stopped means stopped: the next change reaches the channel alone.
    t.connector.clear();
    await t.say('cancel the meeting on 16 November because there is no business', clerk);
    expect(t.connector.sentTo(CHANNEL_ID)).toHaveLength(1);
    expect(t.connector.sentTo(chatOf(qaisar))).toHaveLength(0);
  });

  test('When a guest, a clerk who is not a member, or a member in a channel asks for alerts, then each is told why not and nothing is recorded', async () => {
    const before = storedData(t).audit.length;
    expect(read(await t.say('alert me when papers are published', stranger))).toMatch(/I do not know who you are yet/);
    expect(read(await t.say('stop alerts', stranger))).toMatch(/I do not know who you are yet/);
    expect(read(await t.say('alert me when papers are published', clerk))).toMatch(/Alerts are for members[\s\S]*link this channel/);
    expect(read(await t.say('alert me when papers are published', qaisar, 'channel', CHANNEL))).toMatch(/Ask me in a personal chat/);
    expect(read(await t.say('stop alerts', qaisar, 'channel', CHANNEL))).toMatch(/Ask me in a personal chat/);
    const after = storedData(t).audit.slice(before);
    // Guests' first messages may record their conversation; no alert subscription is recorded.
    expect(after.filter((e) => e.recordType === 'alertSubscription')).toEqual([]);
    expect(storedData(t).alertSubscriptions).toEqual([]);
  });
});
