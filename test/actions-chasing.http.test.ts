import { writeFileSync } from 'node:fs';
import { buildUser } from './helpers/activities';
import type { Action, StoreData } from '../bot/store/schema';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildCommittee, buildPerson } from './helpers/builders';
import { FakeConnector } from './helpers/fakeConnector';
import { readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/** Chasing action owners each week, and the clerk before each meeting, as the clock moves. */
const clerk = buildUser('Rhiannon Whiteley');
const janet = buildUser('Janet Simon');
const michele = buildUser('Michele Lucas');
const councillor = buildUser('Qaisar Abbas');
const chat = (personId: string) => `a:personal-29:${personId}`;

async function at(t: TestBot, when: string): Promise<void> {
  t.clock.set(new Date(when));
  await t.bot.chaser.tick();
}

describe('weekly digests to action owners', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-01T12:00:00+01:00' });
    for (const user of [janet, michele, councillor, clerk]) await t.say('hello', user);
    t.connector.clear();
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When Monday 9 am comes, then each owner with open actions gets one digest of them, once for the week, and others get nothing', async () => {
    await at(t, '2023-09-04T08:59:00+01:00');
    expect(t.connector.activities).toHaveLength(0);

    await at(t, '2023-09-04T09:00:00+01:00');
    await at(t, '2023-09-04T09:30:00+01:00');
    expect(t.connector.sentTo(chat('janet-simon'))).toHaveLength(1);
    expect(t.connector.sentTo(chat('michele-lucas'))).toHaveLength(1);
    expect(t.connector.sentTo(chat('qaisar-abbas'))).toHaveLength(0);
    expect(t.connector.sentTo(chat('rhiannon-whiteley'))).toHaveLength(0);
    const digest = readCard(t.connector.sentTo(chat('michele-lucas')));
    expect(digest).toMatch(/Your actions: weekly reminder[\s\S]*2 open actions/);
    expect(digest).toMatch(/ACTION 5 \(minute 39\)[\s\S]*ACTION 6 \(minute 39\)/);
    expect(digest).toMatch(/Update/);
    expect(storedData(t).chaseSends).toEqual([
      expect.objectContaining({
        id: 'weekly:childrens-os:2023-09-04',
        state: 'sent',
        deliveries: [
          expect.objectContaining({ personId: 'janet-simon', outcome: 'sent', actionIds: ['2023-06-15-action-3'] }),
          expect.objectContaining({ personId: 'michele-lucas', outcome: 'sent' }),
        ],
      }),
    ]);

    // Janet finishes her only action; the next Monday only Michele is chased.
    await t.say('action 3 done', janet);
    t.connector.clear();
    await at(t, '2023-09-11T09:00:00+01:00');
    expect(t.connector.sentTo(chat('janet-simon'))).toHaveLength(0);
    expect(t.connector.sentTo(chat('michele-lucas'))).toHaveLength(1);
  });

  test('When the clerk moves chasing to Wednesdays at 10am and later stops it, then digests follow the new day and then stop', async () => {
    expect(readCard(await t.say('chase action owners every Wednesday at 10am', councillor))).toMatch(/Only a clerk can do that/);
    expect(readCard(await t.say('chase action owners every Wednesday at 10am', clerk))).toMatch(
      /digest of their open and overdue actions in their personal chat every Wednesday at 10\.00 am\. The next is due on Wednesday 6 September 2023, 10\.00 am/,
    );
    t.connector.clear();
    await at(t, '2023-09-04T09:00:00+01:00');
    expect(t.connector.activities).toHaveLength(0);
    await at(t, '2023-09-06T10:00:00+01:00');
    expect(t.connector.sentTo(chat('janet-simon'))).toHaveLength(1);

    expect(readCard(await t.say('stop chasing', clerk))).toMatch(/Chasing stopped/);
    t.connector.clear();
    await at(t, '2023-09-13T10:00:00+01:00');
    await at(t, '2023-09-18T09:00:00+01:00');
    expect(t.connector.activities).toHaveLength(0);
    expect(storedData(t).chaseSchedules).toEqual([expect.objectContaining({ weekday: 3, at: '10:00', active: false, version: 2 })]);
  });
});

describe("the clerk's summary before a meeting", () => {
  test('When the day before a meeting comes, then the clerk gets the overdue actions per owner, once', async () => {
    const t = await startTestBot({ now: '2023-11-14T12:00:00Z' });
    try {
      for (const user of [janet, clerk]) await t.say('hello', user);
      t.connector.clear();
      await at(t, '2023-11-15T08:59:00Z');
      expect(t.connector.activities).toHaveLength(0);
      await at(t, '2023-11-15T09:00:00Z');
      await at(t, '2023-11-15T12:00:00Z');
      const sent = t.connector.sentTo(chat('rhiannon-whiteley'));
      expect(sent).toHaveLength(1);
      const text = readCard(sent);
      expect(text).toMatch(/Overdue actions before the meeting on 16 November 2023/);
      expect(text).toMatch(/MSEFT\s*1 overdue[\s\S]*1\.3\.2/);
      expect(text).not.toMatch(/ACTION 3/); // no due date: never overdue
      expect(t.connector.sentTo(chat('janet-simon'))).toHaveLength(0);
      expect(storedData(t).chaseSends.map((s) => [s.id, s.state])).toEqual([['pre-meeting:childrens-os-2023-11-16', 'sent']]);
    } finally {
      await t.stop();
    }
  });
});

describe('chasing after a crash', () => {
  test('When a round was interrupted, then the message in flight is reported as unknown and not repeated, and the rest are sent', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const first = await startTestBot({ now: '2023-09-01T12:00:00+01:00', connector });
    for (const user of [janet, michele]) await first.say('hello', user);
    await first.stop();
    const data = storedData(first);
    data.chaseSends.push({
      id: 'weekly:childrens-os:2023-09-04',
      kind: 'weekly',
      committeeId: 'childrens-os',
      period: '2023-09-04',
      state: 'sending',
      startedAt: '2023-09-04T08:00:00.000Z',
      finishedAt: null,
      deliveries: [
        {
          conversationId: chat('janet-simon'),
          personId: 'janet-simon',
          target: 'Janet Simon',
          actionIds: ['2023-06-15-action-3'],
          outcome: 'sending',
        },
        {
          conversationId: chat('michele-lucas'),
          personId: 'michele-lucas',
          target: 'Michele Lucas',
          actionIds: ['2023-06-15-action-5'],
          outcome: 'pending',
        },
      ],
    });
    writeFileSync(first.storePath, JSON.stringify(data));
    connector.clear();
    const t = await startTestBot({ now: '2023-09-04T09:05:00+01:00', storePath: first.storePath, connector });
    try {
      await t.bot.chaser.tick();
      expect(connector.sentTo(chat('janet-simon'))).toHaveLength(0);
      expect(connector.sentTo(chat('michele-lucas'))).toHaveLength(1);
      const round = storedData(t).chaseSends[0]!;
      expect(round.state).toBe('sent');
      expect(round.deliveries.map((d) => d.outcome)).toEqual(['unknown', 'sent']);
      expect(t.logs.some((l) => l.includes('chasing message interrupted by a restart'))).toBe(true);
    } finally {
      await t.stop();
      await connector.stop();
    }
  });
});

/**
 * The seed plus a Housing Overview and Scrutiny Committee (chair Harriet Hale) and two actions
 * of an action plan (no meeting): one owned by Janet Simon (an officer of neither committee),
 * one owned by Harriet Hale.
 */
function twoCommitteesWithPlanActions(): StoreData {
  const data = storeFromSeed(loadSeed());
  data.people.push(buildPerson({ id: 'harriet-hale', name: 'Harriet Hale' }));
  data.committees.push(
    buildCommittee({
      id: 'housing-os',
      name: 'Housing Overview and Scrutiny Committee',
      aliases: ['housing scrutiny'],
      membership: [{ personId: 'harriet-hale', role: 'chair' }],
      substitutes: [],
      clerkIds: ['rhiannon-whiteley'],
    }),
  );
  const planAction = (n: number, owner: { personId: string; name: string }): Action => ({
    id: `improvement-plan-${n}`,
    reference: `IP ${n}`,
    origin: { kind: 'plan', title: 'Improvement plan 2023' },
    text: `Improvement plan action ${n}`,
    requestedBy: null,
    owner,
    due: '2023-12-31',
    dueText: 'December 2023',
    status: 'open',
    rag: null,
    source: { document: 'improvement-plan.txt' },
  });
  data.actions.push(
    planAction(1, { personId: 'janet-simon', name: 'Janet Simon' }),
    planAction(2, { personId: 'harriet-hale', name: 'Harriet Hale' }),
  );
  return data;
}

describe('actions of a plan, with several committees', () => {
  test('When Monday 9 am comes with two committees, then a plan action is chased under one committee only, and each owner gets one digest for the week', async () => {
    const harriet = buildUser('Harriet Hale');
    const t = await startTestBot({ now: '2023-09-01T12:00:00+01:00', data: twoCommitteesWithPlanActions() });
    try {
      for (const user of [janet, michele, harriet]) await t.say('hello', user);
      t.connector.clear();
      await at(t, '2023-09-04T09:00:00+01:00');
      await at(t, '2023-09-04T09:30:00+01:00');

      expect(t.connector.sentTo(chat('janet-simon'))).toHaveLength(1);
      expect(t.connector.sentTo(chat('harriet-hale'))).toHaveLength(1);
      expect(readCard(t.connector.sentTo(chat('janet-simon')))).toMatch(/2 open actions[\s\S]*Improvement plan action 1/);
      const harrietDigest = readCard(t.connector.sentTo(chat('harriet-hale')));
      expect(harrietDigest).toMatch(/1 open action\b[\s\S]*Improvement plan action 2/);
      expect(harrietDigest).not.toMatch(/Improvement plan action 1/);

      const rounds = new Map(storedData(t).chaseSends.map((r) => [r.id, r.deliveries.map((d) => [d.personId, d.actionIds])]));
      expect(rounds.get('weekly:childrens-os:2023-09-04')).toEqual([
        ['janet-simon', ['2023-06-15-action-3', 'improvement-plan-1']],
        ['michele-lucas', ['2023-06-15-action-5', '2023-06-15-action-6']],
      ]);
      expect(rounds.get('weekly:housing-os:2023-09-04')).toEqual([['harriet-hale', ['improvement-plan-2']]]);
    } finally {
      await t.stop();
    }
  });
});
