import type { MeetingChange } from '../bot/features/alerts/changes';
import type { StoreData } from '../bot/store/schema';
import { buildUser } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { FakeModernGov, fixture, type Failure } from './helpers/fakeModernGov';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * Keeping meetings current from modern.gov, over HTTP with the fake Teams connector and a local
 * fake of the modern.gov web service (test/helpers/fakeModernGov.ts) serving Manchester's real
 * Audit Committee responses (meetings 4966, cancelled, and 4967) and the Art Galleries Committee
 * fixtures (5001 ahead, 5002 held). The bot's clock is Tuesday 20 January 2026, 9 am; the bot starts
 * on Thurrock's seed, so modern.gov's committees are added beside it.
 */
const NOW = '2026-01-20T09:00:00Z';
const clerk = buildUser('Rhiannon Whiteley');
const abbas = buildUser('Qaisar Abbas');
const GALLERIES_NEXT = 'art-galleries-committee-2026-02-24';

let fake: FakeModernGov;
const bots: TestBot[] = [];
beforeEach(async () => {
  fake = new FakeModernGov();
  await fake.start();
});
afterEach(async () => {
  for (const t of bots.splice(0)) await t.stop();
  await fake.stop();
});

async function startBot(options: { env?: Record<string, string>; changes?: MeetingChange[][] } = {}): Promise<TestBot> {
  const t = await startTestBot({
    now: NOW,
    env: { MODERNGOV_URL: fake.url, MODERNGOV_COMMITTEES: '144,163', MODERNGOV_SYNC: 'off', ...options.env },
    moderngovClient: { minIntervalMs: 0, timeoutMs: 300 },
    onMeetingChanges: (changes) => {
      options.changes?.push(changes);
      return Promise.resolve();
    },
  });
  bots.push(t);
  return t;
}

/** The records in the store (everything but the log of sync runs), as stored. */
function records(data: StoreData): string {
  return JSON.stringify({ ...data, syncRuns: [] });
}

async function syncNow(t: TestBot): Promise<string> {
  return readCard(await t.say('sync now', clerk));
}

function urlActions(card: Record<string, unknown>): { title: string; url: string }[] {
  return cardElements(card, 'Action.OpenUrl') as unknown as { title: string; url: string }[];
}

describe('keeping meetings current from modern.gov', () => {
  test('When a clerk says "sync now", then the meetings, agendas, papers, members and minutes are answered from modern.gov, with links', async () => {
    const t = await startBot();
    const synced = await syncNow(t);
    expect(synced).toMatch(/Synced with modern\.gov[\s\S]*Audit Committee: 2 created[\s\S]*Art Galleries Committee: 2 created/);
    expect(synced).toMatch(/Art Galleries Committee: Unknown role "Honorary Observer" for Councillor Olwen Price: taken as a member\./);
    const member = buildUser('Maureen Pearce');

    const next = checkedCardOf(await t.say('when is the next meeting of the Audit Committee', member));
    const nextText = readCard(await t.say('when is the next meeting of the Audit Committee', member));
    expect(nextText).toMatch(/Tuesday 10 February 2026, 10\.00 am[\s\S]*Council Antechamber, Level 2, Town Hall Extension/);
    expect(nextText).toMatch(/1\. Minutes[\s\S]*9\. Work Programme/);
    expect(nextText).not.toMatch(/13 January/);
    expect(urlActions(next)).toContainEqual({
      type: 'Action.OpenUrl',
      title: 'Open in modern.gov',
      url: `${fake.url}/ieListDocuments.aspx?CId=144&MId=4967`,
    });

    const agenda = readCard(await t.say('agenda for the Art Galleries Committee', member));
    expect(agenda).toMatch(/Tuesday 24 February 2026, 2\.00 pm[\s\S]*Art Gallery, Mosley Street/);
    expect(agenda).toMatch(/5\.10\. Acquisitions & Loans\nReport of the Director & Curator on loans over £25,000 – for decision\./);
    expect(agenda).toMatch(/9\. Exclusion of the public: staffing matter\nRestricted/);
    expect(agenda).not.toMatch(/salary|conduct|&amp;|&lt;|<p>/);

    const papers = checkedCardOf(await t.say('papers for item 9 of the Audit Committee', member));
    expect(readCard(await t.say('papers for item 9 of the Audit Committee', member))).toMatch(
      /Item 9: Work Programme[\s\S]*Paper: DRAFT WP FEBRUARY 2026, published Monday 2 February 2026/,
    );
    expect(urlActions(papers).map((a) => a.url)).toContain('https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=60909');

    const members = readCard(await t.say('who is on the Art Galleries Committee', member));
    expect(members).toMatch(/Chair\nCouncillor Anne Sorrell\nVice-chair\nCouncillor Victor Hale/);
    expect(members).toMatch(/Members\n[\s\S]*Councillor Basil Curley[\s\S]*Councillor Qaisar Abbas[\s\S]*Councillor Olwen Price/);
    expect(members).toMatch(/Co-opted representatives\nMr Colin Oakes\nSubstitutes\nCouncillor Sunita Bhatt/);
    expect(members).not.toMatch(/Jane Officer/);

    const attended = readCard(await t.say('who attended the Art Galleries Committee in November', member));
    expect(attended).toMatch(/Present \(3\)\nCouncillor Anne Sorrell\nCouncillor Basil Curley\nMr Colin Oakes/);
    expect(attended).toMatch(/Apologies \(1\)\nCouncillor Victor Hale\nIn attendance \(1\)\nJane Officer, Governance Officer/);

    const minutes = readCard(await t.say('minutes of the Art Galleries Committee in November', member));
    expect(minutes).toMatch(/visitor numbers rose by 12 per cent & asked for a breakdown by gallery/);

    const data = storedData(t);
    expect(data.people.filter((p) => p.name === 'Qaisar Abbas')).toHaveLength(1);
    expect(data.people.find((p) => p.name === 'Qaisar Abbas')).toMatchObject({ id: 'qaisar-abbas', moderngov: { id: '305' } });
    expect(data.people.find((p) => p.name === 'Basil Curley')).toMatchObject({
      title: 'Councillor',
      email: 'cllr.basil.curley@manchester.gov.uk',
      moderngov: { site: fake.url, id: '192', url: 'https://democracy.manchester.gov.uk/mgUserInfo.aspx?UID=192' },
    });
    expect(data.people.find((p) => p.name === 'Anne Sorrell')?.email).toBeUndefined();
    expect(JSON.stringify(data)).not.toMatch(/07700|Private Road|at\.home|anne\.home|salary and conduct/);
    expect(data.meetings.find((m) => m.moderngov?.id === '4966')).toMatchObject({ status: 'cancelled', date: '2026-01-13' });
    expect(data.committees.find((c) => c.moderngov?.id === '163')).toMatchObject({ moderngov: { site: fake.url, id: '163' } });
    const bySync = data.audit.filter((e) => e.actor.name === 'modern.gov sync');
    expect(bySync.length).toBeGreaterThan(10);
    expect(bySync.every((e) => /^(committee|meeting|person|minutes)\.(imported|synced)$/.test(e.kind))).toBe(true);
    expect(fake.requests.filter((r) => r.startsWith('GetMeetings'))).toEqual([
      expect.stringMatching(/^GetMeetings\?lCommitteeId=144&sFromDate=20%2F01%2F2025&sToDate=20%2F01%2F2027$/),
      expect.stringMatching(/^GetMeetings\?lCommitteeId=163&sFromDate=20%2F01%2F2025&sToDate=20%2F01%2F2027$/),
    ]);
  });

  test('When a synced sub-item such as 5.10 is asked for, then that item is answered, and a number the agenda lacks gets its items as buttons', async () => {
    const t = await startBot();
    await syncNow(t);
    const member = buildUser('Maureen Pearce');
    const papers = checkedCardOf(await t.say('papers for item 5.10 of the Art Galleries Committee', member));
    const text = readCard(await t.say('papers for item 5.10 of the Art Galleries Committee', member));
    expect(text).toMatch(/Item 5\.10: Acquisitions & Loans[\s\S]*Meeting: Tuesday 24 February 2026, 2\.00 pm/);
    expect(text).toMatch(/Paper: Loans and acquisitions report, published Friday 13 February 2026/);
    expect(text).not.toMatch(/Apologies for absence|Exclusion of the public/);
    expect(urlActions(papers).map((a) => a.url)).toContain('https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=70010');

    const lacking = checkedCardOf(await t.say('papers for item 5.1 of the Art Galleries Committee', member));
    expect(readCard(await t.say('papers for item 5.1 of the Art Galleries Committee', member))).toMatch(
      /The agenda of Tuesday 24 February 2026 has no item 5\.1\. The items on the agenda of Tuesday 24 February 2026 are buttons below\./,
    );
    const offered = cardElements(lacking, 'Action.Submit') as unknown as { title: string; data: { msteams: { value: string } } }[];
    expect(offered.map((b) => b.title)).toEqual([
      '1. Apologies for absence',
      '5.10. Acquisitions & Loans',
      '9. Exclusion of the public: staffing matter',
    ]);
    // The button names the committee, so it means this one whichever committee the asker is on.
    const pressed = readCard(await t.say(offered[1]!.data.msteams.value, abbas));
    expect(pressed).toMatch(/Item 5\.10: Acquisitions & Loans[\s\S]*Tuesday 24 February 2026/);
  });

  test('When nothing changed upstream, then a second sync changes no record and adds no audit entry, and says so', async () => {
    const t = await startBot();
    await syncNow(t);
    const before = storedData(t);
    expect(await syncNow(t)).toMatch(/2 committees unchanged\./);
    const after = storedData(t);
    expect(records(after)).toBe(records(before));
    expect(after.audit).toHaveLength(before.audit.length);
    expect(after.syncRuns).toHaveLength(2);
    expect(after.syncRuns[1]!.committees.map((c) => [c.name, c.created, c.updated, c.unchanged])).toEqual([
      ['Audit Committee', 0, 0, 2],
      ['Art Galleries Committee', 0, 0, 2],
    ]);
  });

  test.each([403, 500, 'timeout', 'malformed'] as Failure[])(
    'When modern.gov answers GetMeeting with %s, then that committee writes nothing, keeps its data, the others go on, and sync status shows the error',
    async (failure) => {
      const t = await startBot();
      await syncNow(t);
      const before = storedData(t);
      fake.set('GetMeeting:5001', fixture('galleries/GetMeeting-5001-moved.xml'));
      fake.set('GetMeeting:4967', fixture('manchester/GetMeeting-4967.xml').replace('Council Antechamber', 'Council Chamber'));
      fake.fail('GetMeeting:5002', failure);
      const reply = await syncNow(t);
      expect(reply).toMatch(/some problems[\s\S]*Audit Committee: 1 updated, 1 unchanged/);
      expect(reply).toMatch(
        new RegExp(
          `Art Galleries Committee: not synced, last good data kept\\. modern\\.gov GetMeeting at ${fake.url.replace(/\./g, '\\.')}: `,
        ),
      );
      const after = storedData(t);
      const galleries = (d: StoreData) =>
        JSON.stringify([
          d.meetings.filter((m) => m.committeeId === 'art-galleries-committee'),
          d.committees.find((c) => c.id === 'art-galleries-committee'),
        ]);
      expect(galleries(after)).toBe(galleries(before));
      expect(after.meetings.find((m) => m.moderngov?.id === '4967')?.venue).toMatch(/^Council Chamber/);
      const status = readCard(await t.say('sync status', clerk));
      expect(status).toMatch(/Last successful sync: Tuesday 20 January 2026, 9\.00 am/);
      expect(status).toMatch(/Art Galleries Committee: not synced[\s\S]*GetMeeting at/);
      expect(status).toMatch(/Next retry: Tuesday 20 January 2026, 9\.01 am/);
    },
  );

  test.each([403, 500, 'timeout', 'malformed'] as Failure[])(
    'When modern.gov answers every request with %s, then the store is left exactly as it was and the clerk is told which method failed where',
    async (failure) => {
      const t = await startBot();
      await t.say('help', clerk); // the clerk's first message records their Teams chat: not what is checked here
      const before = storedData(t);
      fake.fail('*', failure);
      const reply = await syncNow(t);
      expect(reply).toMatch(new RegExp(`Problem: modern\\.gov GetCommittees at ${fake.url.replace(/\./g, '\\.')}: `));
      expect(records(storedData(t))).toBe(records(before));
    },
  );

  test('When a meeting moves in modern.gov, then it keeps its apologies, the clerk is told, and the alerts get one change', async () => {
    const changes: MeetingChange[][] = [];
    const t = await startBot({ changes });
    await syncNow(t);
    expect(changes).toEqual([]);
    expect(readCard(await t.submit({ verb: 'apologies.submit', meetingId: GALLERIES_NEXT, reason: 'On leave' }, abbas))).toMatch(
      /Apologies sent/,
    );
    const apology = storedData(t).apologies.find((a) => a.meetingId === GALLERIES_NEXT)!;

    fake.set('GetMeeting:5001', fixture('galleries/GetMeeting-5001-moved.xml'));
    const reply = await syncNow(t);
    await t.bot.sync.service.settled();
    expect(reply).toMatch(/Art Galleries Committee: 1 updated, 1 unchanged/);
    expect(reply).toMatch(
      /The meeting of Tuesday 24 February 2026, 2\.00 pm moved to Tuesday 3 March 2026, 6\.30 pm\. Its 1 apology and 0 declarations are kept/,
    );
    const data = storedData(t);
    expect(data.meetings.find((m) => m.id === GALLERIES_NEXT)).toMatchObject({
      date: '2026-03-03',
      startTime: '18:30',
      venue: 'Committee Room 6, Town Hall Extension',
    });
    expect(data.apologies.find((a) => a.id === apology.id)).toEqual(apology);
    expect(changes).toEqual([
      [
        {
          meetingId: GALLERIES_NEXT,
          committeeId: 'art-galleries-committee',
          source: 'modern.gov',
          key: expect.stringMatching(new RegExp(`^${GALLERIES_NEXT}:[0-9a-f]{16}$`)) as unknown,
          changes: [
            { kind: 'moved', from: { date: '2026-02-24', startTime: '14:00' }, to: { date: '2026-03-03', startTime: '18:30' } },
            { kind: 'venueChanged', from: 'Art Gallery, Mosley Street', to: 'Committee Room 6, Town Hall Extension' },
            {
              kind: 'papersAdded',
              papers: [
                {
                  title: 'Loans and acquisitions: appendix',
                  url: 'https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=70012',
                  published: '2026-02-20',
                },
              ],
            },
          ],
        },
      ],
    ]);
    expect(readCard(await t.say('when is the next meeting of the Art Galleries Committee', abbas))).toMatch(
      /Tuesday 3 March 2026, 6\.30 pm/,
    );
    await syncNow(t);
    expect(changes).toHaveLength(1);
  });

  test('When a meeting disappears from modern.gov, then it is kept with its apologies, marked, and the clerk is told', async () => {
    const t = await startBot();
    await syncNow(t);
    await t.submit({ verb: 'apologies.submit', meetingId: GALLERIES_NEXT, reason: 'On leave' }, abbas);
    fake.set('GetMeetings:163', fixture('galleries/GetMeetings-163-without-5001.xml'));
    expect(await syncNow(t)).toMatch(
      /The meeting of Tuesday 24 February 2026, 2\.00 pm is no longer listed in modern\.gov; it is kept here until you settle it\. Its 1 apology/,
    );
    const data = storedData(t);
    expect(data.meetings.find((m) => m.id === GALLERIES_NEXT)).toMatchObject({ missingUpstreamSince: '2026-01-20', date: '2026-02-24' });
    expect(data.apologies.filter((a) => a.meetingId === GALLERIES_NEXT)).toHaveLength(1);
  });

  test('When a meeting is cancelled in modern.gov, then it is never the next meeting and the alerts are told', async () => {
    const changes: MeetingChange[][] = [];
    const t = await startBot({ changes });
    await syncNow(t);
    fake.set(
      'GetMeeting:4967',
      fixture('manchester/GetMeeting-4967.xml').replace(
        '<meetingstatus>Confirmed</meetingstatus>',
        '<meetingstatus>Cancelled</meetingstatus>',
      ),
    );
    expect(await syncNow(t)).toMatch(/Audit Committee: 1 cancelled, 1 unchanged/);
    await t.bot.sync.service.settled();
    const next = readCard(await t.say('when is the next meeting of the Audit Committee', abbas));
    expect(next).not.toMatch(/Tuesday 10 February 2026, 10\.00 am\nin 21 days/);
    expect(changes.flat().flatMap((c) => c.changes)).toEqual([{ kind: 'cancelled', reason: 'Cancelled in modern.gov' }]);
  });

  test('When the bot starts with a schedule, then it syncs at start-up, and after a failure retries only once the backoff has passed', async () => {
    fake.fail('*', 500);
    const t = await startBot({ env: { MODERNGOV_SYNC: '0 * * * *' } });
    await t.bot.sync.service.settled();
    expect(storedData(t).syncRuns).toEqual([expect.objectContaining({ ok: false })]);
    fake.fail('*', null);
    await t.bot.sync.scheduler.tick('scheduled');
    expect(storedData(t).syncRuns).toHaveLength(1);
    t.clock.set(new Date(Date.parse(NOW) + 61_000));
    await t.bot.sync.scheduler.tick('retry');
    expect(storedData(t).syncRuns.map((r) => r.ok)).toEqual([false, true]);
    expect(t.bot.sync.service.retryAt()).toBeNull();
    expect(readCard(await t.say('when is the next meeting of the Audit Committee', abbas))).toMatch(/Tuesday 10 February 2026, 10\.00 am/);
  });

  test('When modern.gov is not set up or no committee is chosen, then "sync now" says what to set and nothing is written', async () => {
    const t = await startBot({ env: { MODERNGOV_URL: '', MODERNGOV_COMMITTEES: '' } });
    expect(await syncNow(t)).toMatch(/modern\.gov is not set up[\s\S]*MODERNGOV_URL/);
    const u = await startBot({ env: { MODERNGOV_COMMITTEES: '' } });
    await u.say('help', clerk);
    const before = storedData(u);
    expect(await syncNow(u)).toMatch(/No committees are chosen: set MODERNGOV_COMMITTEES/);
    expect(records(storedData(u))).toBe(records(before));
    expect(fake.requests).toEqual([]);
  });

  test('When a councillor who is not a clerk says "sync now", then nothing is fetched or written', async () => {
    const t = await startBot();
    expect(readCard(await t.say('sync now', abbas))).toMatch(/Only a clerk can do that/);
    expect(fake.requests).toEqual([]);
  });
});
