import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { storeSchema, type StoreData } from '../bot/store/schema';
import { checkReferences, loadSeed } from '../bot/store/seed';
import { Store, storeFromSeed } from '../bot/store/store';
import { DurableJsonFile } from '../bot/store/storeFile';
import { buildSubmit, buildUser } from './helpers/activities';
import { storeOnDisk } from './helpers/storeOnDisk';
import { cardText, startTestBot } from './helpers/testBot';

/**
 * Many members at once: 200 apology submissions from 50 members for 4 meetings, all in flight
 * together. Each must be recorded exactly once, answered, audited, and the store left valid.
 */
const NOW = '2023-09-05T09:00:00+01:00';
const MEETINGS = ['childrens-os-2023-09-12', 'childrens-os-2023-11-16', 'childrens-os-2024-01-16', 'childrens-os-2024-03-12'];
const MEMBERS = Array.from({ length: 50 }, (_, i) => ({
  id: `member-${i}`,
  name: `Member Number${i}`,
  title: 'Councillor',
  kind: 'member' as const,
}));

/** A store with 50 more members on the committee, as a council's own data would have. */
function storeWithMembers(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'reliability-')), 'store.json');
  const data = storeFromSeed(loadSeed());
  data.people.push(...MEMBERS);
  data.committees[0]!.membership.push(...MEMBERS.map((m) => ({ personId: m.id, role: 'member' as const })));
  writeFileSync(file, JSON.stringify(data));
  return file;
}

test('When 50 members send apologies for 4 meetings all at once (200 submissions), then each is recorded exactly once, answered and audited, and the store stays valid', async () => {
  const storePath = storeWithMembers();
  const t = await startTestBot({ now: NOW, storePath });
  const submissions = MEMBERS.flatMap((m) =>
    MEETINGS.map((meetingId) => ({
      member: m,
      meetingId,
      reason: `Reason of ${m.id} for ${meetingId}`,
      activity: buildSubmit(
        { verb: 'apologies.submit', meetingId, reason: `Reason of ${m.id} for ${meetingId}` },
        { serviceUrl: t.connector.url, from: buildUser(m.name) },
      ),
    })),
  );
  try {
    const statuses = await Promise.all(submissions.map((s) => t.post(s.activity).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);

    // Every submission got its own confirmation (matched by the activity it replies to).
    const replies = new Map(t.connector.activities.map((a) => [a.replyToId, cardText(a.activity.attachments ?? [])]));
    const unconfirmed = submissions.filter((s) => !/Apologies sent/.test(replies.get(s.activity.id as string) ?? ''));
    expect(unconfirmed.map((s) => `${s.member.id} ${s.meetingId}`)).toEqual([]);

    await t.bot.store.flush();
    const checkStored = (raw: unknown) => {
      const data = storeSchema.parse(raw);
      expect(() => checkReferences(data)).not.toThrow();
      expect(data.apologies).toHaveLength(200);
      const byPair = new Map(data.apologies.map((a) => [`${a.personId} ${a.meetingId}`, a]));
      expect(byPair.size).toBe(200);
      for (const s of submissions) {
        expect(byPair.get(`${s.member.id} ${s.meetingId}`)).toMatchObject({ status: 'sent', reason: s.reason, onBehalf: false });
      }
      const sent = data.audit.filter((a) => a.kind === 'apology.sent');
      expect(sent).toHaveLength(200);
      expect(new Set(sent.map((a) => a.recordId))).toEqual(new Set(data.apologies.map((a) => a.id)));
      // Each member's Teams user id was learnt once, however many of their turns raced to do it
      // (their object ids were linked by the import before start).
      expect(
        data.audit.filter((a) => a.kind === 'person.linked' && a.recordId.startsWith('member-') && a.actor.name !== 'people:import'),
      ).toHaveLength(50);
    };
    checkStored(storeOnDisk(storePath));
    checkStored(t.bot.store.read((d) => structuredClone(d)));
  } finally {
    await t.stop();
  }
  // And it opens again as it was.
  const reopened = await Store.open(storePath, { seed: loadSeed, clock: new FixedClock(new Date(NOW)) });
  expect(reopened.read((d) => d.apologies.length)).toBe(200);
  await reopened.close();
});

test('When the disk is slow, then the confirmation reaches Teams only after the apology is on disk, and so does any answer that rests on it', async () => {
  const storePath = storeWithMembers();
  const t = await startTestBot({ now: NOW, storePath });
  // Every write is held until released, as a slow disk would hold it.
  type Replace = (this: DurableJsonFile<StoreData>, data: StoreData) => Promise<void>;
  const proto = DurableJsonFile.prototype as unknown as { replace: Replace };
  const original = proto.replace;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let writing = 0;
  const held = jest.spyOn(proto, 'replace').mockImplementation(async function (this: DurableJsonFile<StoreData>, data: StoreData) {
    writing += 1;
    await released;
    return original.call(this, data);
  });
  // What was on disk when each message reached Teams.
  const onDiskAtArrival: number[] = [];
  t.connector.onActivity = () => onDiskAtArrival.push(storeOnDisk(storePath).apologies.length);
  try {
    const member = MEMBERS[0]!;
    const submit = () =>
      buildSubmit(
        { verb: 'apologies.submit', meetingId: MEETINGS[0], reason: 'On leave' },
        { serviceUrl: t.connector.url, from: buildUser(member.name) },
      );
    const turn = t.post(submit());
    while (writing === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // The apology's write is held. The same member sends it again: the answer ("already
    // recorded") rests on the held change, so it must wait for the disk as well.
    let againAnswered = false;
    const again = t.post(submit()).then((r) => {
      againAnswered = true;
      return r;
    });
    // An invoke whose answer tells nothing of the change is not held up by it.
    const invoke = await t.post({
      ...buildSubmit({}, { serviceUrl: t.connector.url, from: buildUser(MEMBERS[1]!.name) }),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'old' } },
    });
    expect(invoke.status).toBe(200);
    // Another reader meanwhile sees the store as it is on disk.
    expect(t.bot.store.read((d) => d.apologies)).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.connector.activities).toHaveLength(0);
    expect(againAnswered).toBe(false);
    release();
    expect((await turn).status).toBe(200);
    expect((await again).status).toBe(200);
    const texts = t.connector.activities.map((a) => cardText(a.activity.attachments ?? []));
    expect(texts.some((text) => /Apologies sent/.test(text))).toBe(true);
    expect(texts.some((text) => /Apologies already recorded/.test(text))).toBe(true);
    expect(onDiskAtArrival).toEqual([1, 1]);
    expect(storeOnDisk(storePath).apologies).toEqual([expect.objectContaining({ personId: member.id, reason: 'On leave' })]);
  } finally {
    held.mockRestore();
    release();
    await t.stop();
  }
});
