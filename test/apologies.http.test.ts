import { writeFileSync } from 'node:fs';
import { buildSubmit, buildUser } from './helpers/activities';
import { cardOf, cardText, checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';
import type { Person } from '../bot/store/schema';
import { storeOnDisk } from './helpers/storeOnDisk';

/** Apologies over HTTP, as councillors and clerks meet them in Teams, with the clock pinned. */
const abbas = buildUser('Qaisar Abbas');
const pearce = buildUser('Maureen Pearce');
const clerk = buildUser('Rhiannon Whiteley');
const officer = buildUser('Janet Simon');
const guest = buildUser('Somebody Else');
const SEPT = 'childrens-os-2023-09-12';
const JUNE = 'childrens-os-2023-06-15';

describe('sending apologies', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When a councillor types "send my apologies for the next meeting", then they are recorded for 12 September and confirmed with the clerk named', async () => {
    const reply = readCard(await t.say('send my apologies for the next meeting', abbas));
    expect(reply).toMatch(/Apologies sent/);
    expect(reply).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
    expect(reply).toMatch(/Rhiannon Whiteley/);
    const data = storedData(t);
    expect(data.apologies).toHaveLength(1);
    expect(data.apologies[0]).toMatchObject({ meetingId: SEPT, personId: 'qaisar-abbas', status: 'sent', onBehalf: false });
    const entry = data.audit.find((a) => a.kind === 'apology.sent')!;
    expect(entry.actor).toMatchObject({ personId: 'qaisar-abbas', aadObjectId: abbas.aadObjectId });
    expect(entry.recordId).toBe(data.apologies[0]!.id);
    // The person stays linked to the Teams account that sent the apologies.
    expect(data.people.find((p) => p.id === 'qaisar-abbas')!.aadObjectId).toBe(abbas.aadObjectId);
    expect(data.audit.some((a) => a.kind === 'person.linked' && a.recordId === 'qaisar-abbas')).toBe(true);
  });

  test('When a councillor gives a date and a reason, then that meeting and the reason are recorded as typed', async () => {
    const reply = readCard(await t.say("apologies for 16 November, I'm on leave", abbas));
    expect(reply).toMatch(/Thursday 16 November 2023/);
    expect(storedData(t).apologies[0]).toMatchObject({ meetingId: 'childrens-os-2023-11-16', reason: "I'm on leave" });
  });

  test('When a councillor names a substitute in words, then the substitute is recorded', async () => {
    const reply = readCard(await t.say("I can't make Tuesday's committee, Cllr Green will substitute", abbas));
    expect(reply).toMatch(/Aaron Green/);
    expect(storedData(t).apologies[0]).toMatchObject({ meetingId: SEPT, substituteId: 'aaron-green' });
  });

  test('When apologies are sent twice, then the record is updated (not duplicated) and the change is audited with before and after', async () => {
    await t.say('send my apologies for the next meeting', abbas);
    const reply = readCard(await t.say('send my apologies for the next meeting, I am unwell', abbas));
    expect(reply).toMatch(/Apologies updated/);
    const data = storedData(t);
    expect(data.apologies).toHaveLength(1);
    expect(data.apologies[0]!.reason).toBe('I am unwell');
    const update = data.audit.find((a) => a.kind === 'apology.updated')!;
    expect(update.before).toMatchObject({ reason: null });
    expect(update.after).toMatchObject({ reason: 'I am unwell' });
  });

  test('When a councillor withdraws, then the record is kept as withdrawn and the list no longer counts it', async () => {
    await t.say('send my apologies for the next meeting', abbas);
    expect(readCard(await t.say('withdraw my apologies', abbas))).toMatch(/Apologies withdrawn/);
    const data = storedData(t);
    expect(data.apologies[0]!.status).toBe('withdrawn');
    expect(data.audit.map((a) => a.kind)).toEqual(expect.arrayContaining(['apology.sent', 'apology.withdrawn']));
    expect(readCard(await t.say('who has sent apologies', clerk))).toMatch(/No apologies have been received/);
    // Sending again after withdrawing re-uses the same record.
    expect(readCard(await t.say('send my apologies for the next meeting', abbas))).toMatch(/Apologies sent again/);
    expect(storedData(t).apologies).toHaveLength(1);
  });

  test('When the Send apologies button is used, then a form offers the substitutes and its submit is recorded', async () => {
    const form = checkedCardOf(await t.submit({ verb: 'apologies.form', meetingId: SEPT }, abbas));
    const formText = JSON.stringify(form);
    expect(formText).toContain('"id":"substituteId"');
    for (const sub of ['Paul Arnold', 'Aaron Green', 'Cici Manwa']) expect(formText).toContain(sub);
    expect(formText).toContain('"verb":"apologies.submit"');
    const reply = readCard(
      await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: 'Family commitment', substituteId: 'cici-manwa' }, abbas),
    );
    expect(reply).toMatch(/Apologies sent[\s\S]*Family commitment[\s\S]*Cici Manwa/);
  });

  test.each([
    ['a meeting that has passed', { verb: 'apologies.submit', meetingId: JUNE }, /already started|taken place/],
    ['an unknown meeting id', { verb: 'apologies.submit', meetingId: 'forged-meeting' }, /could not find that meeting/],
    [
      'a substitute who is not on the list',
      { verb: 'apologies.submit', meetingId: SEPT, substituteId: 'janet-simon' },
      /not on the .* list of substitutes/,
    ],
    [
      'a member as substitute',
      { verb: 'apologies.submit', meetingId: SEPT, substituteId: 'elizabeth-rigby' },
      /not on the .* list of substitutes|already a member/,
    ],
    [
      'another member without being a clerk',
      { verb: 'apologies.submit', meetingId: SEPT, onBehalfOf: 'maureen-pearce' },
      /Only a clerk can record apologies on behalf of Councillor Maureen Pearce/,
    ],
    ['a 10 KB reason', { verb: 'apologies.submit', meetingId: SEPT, reason: 'x'.repeat(10 * 1024) }, /keep the reason to 500 characters/],
    ['an unknown button', { verb: 'apologies.explode', meetingId: SEPT }, /button no longer works/],
  ])('When a councillor submits %s, then they get a clear message and nothing is recorded', async (_label, value, message) => {
    const before = storeOnDisk(t.storePath);
    const reply = readCard(await t.submit(value, abbas));
    expect(reply).toMatch(message);
    const data = storedData(t);
    expect(data.apologies).toHaveLength(0);
    expect(before.apologies).toHaveLength(0);
  });

  test('When an officer or an unknown user tries, then they are told who may send apologies and how', async () => {
    expect(readCard(await t.say('send my apologies for the next meeting', officer))).toMatch(/sent by members[\s\S]*Rhiannon Whiteley/);
    expect(readCard(await t.say('send my apologies for the next meeting', guest))).toMatch(
      /could not match your Teams account[\s\S]*Direct\.Democracy@thurrock\.gov\.uk/,
    );
    expect(storedData(t).apologies).toHaveLength(0);
  });

  test('When the clerk records apologies on behalf of a member, then it is recorded as such and audited with both people', async () => {
    const reply = readCard(
      await t.submit({ verb: 'apologies.submit', meetingId: SEPT, onBehalfOf: 'maureen-pearce', reason: 'Phoned in' }, clerk),
    );
    expect(reply).toMatch(/on behalf of Councillor Maureen Pearce/);
    const data = storedData(t);
    expect(data.apologies[0]).toMatchObject({ personId: 'maureen-pearce', onBehalf: true, recordedBy: { personId: 'rhiannon-whiteley' } });
    expect(data.audit.find((a) => a.kind === 'apology.sent')).toMatchObject({
      onBehalfOf: 'maureen-pearce',
      actor: { personId: 'rhiannon-whiteley' },
    });
  });

  test('When a reason holds template syntax, then it is stored as typed and shown literally', async () => {
    const reason = '${$root} {{DATE(2017-02-14T06:08:39Z, SHORT)}} <b>x</b>';
    const sent = await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason }, abbas);
    expect(JSON.stringify(cardOf(sent))).not.toContain('${');
    expect(readCard(sent)).toContain(reason);
    expect(storedData(t).apologies[0]!.reason).toBe(reason);
  });
});

describe('substitution deadline', () => {
  test('When a substitute is named after the notice deadline, then it is refused with the deadline, and apologies alone still work', async () => {
    const t = await startTestBot({ now: '2023-09-12T17:30:00+01:00' });
    try {
      const reply = readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT, substituteId: 'aaron-green' }, abbas));
      expect(reply).toMatch(/Substitutions must be notified by Tuesday 12 September 2023, 5\.00 pm \(2 hours before the meeting\)/);
      expect(storedData(t).apologies).toHaveLength(0);
      expect(readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, abbas))).toMatch(/Apologies sent/);
    } finally {
      await t.stop();
    }
  });
});

describe("the clerk's list and quorum forecast", () => {
  test('When two members sent apologies and one named a substitute, then the clerk sees reasons, substitutes and the forecast 5 of 6 against quorum 3', async () => {
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    try {
      await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: 'Leave', substituteId: 'aaron-green' }, abbas);
      await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: 'Work' }, pearce);
      const reply = readCard(await t.say('who has sent apologies', clerk));
      expect(reply).toMatch(/Qaisar Abbas[\s\S]*Reason: Leave[\s\S]*Substitute: Councillor Aaron Green/);
      expect(reply).toMatch(/Maureen Pearce[\s\S]*Reason: Work/);
      expect(reply).toMatch(/Expected: 5 of 6 voting members \(6 members − 2 apologies \+ 1 substitutes\)\. Quorum: 3\./);
      expect(reply).toMatch(/Quorum forecast: Quorate/);
    } finally {
      await t.stop();
    }
  });

  test('When four members send apologies without substitutes, then the forecast says the meeting would be inquorate', async () => {
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    try {
      for (const id of ['qaisar-abbas', 'maureen-pearce', 'vikki-hartstean', 'srikanth-panjala']) {
        await t.submit({ verb: 'apologies.submit', meetingId: SEPT, onBehalfOf: id }, clerk);
      }
      const reply = readCard(await t.say('apologies for the next meeting', clerk));
      expect(reply).toMatch(/Expected: 2 of 6/);
      expect(reply).toMatch(/Quorum forecast: Inquorate/);
    } finally {
      await t.stop();
    }
  });
});

describe('many members at once, and restarts', () => {
  test('When 50 members send apologies at the same moment, then all 50 are recorded once and the store stays valid', async () => {
    // A store with 50 extra members, written before start-up as a council's own data would be.
    const first = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    const storePath = first.storePath;
    await first.stop();
    const data = storedData(first);
    const members = Array.from({ length: 50 }, (_, i): Person => ({
      id: `member-${i}`,
      name: `Member Number${i}`,
      title: 'Councillor',
      kind: 'member',
    }));
    data.people.push(...members);
    data.committees[0]!.membership.push(...members.map((m) => ({ personId: m.id, role: 'member' as const })));
    writeFileSync(storePath, JSON.stringify(data));

    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00', storePath });
    try {
      const replies = await Promise.all(
        members.map((m) => t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: `Reason ${m.id}` }, buildUser(m.name))),
      );
      expect(replies.every((r) => /Apologies sent/.test(cardText(cardOf(r))))).toBe(true);
      const after = storedData(t);
      expect(after.apologies).toHaveLength(50);
      expect(new Set(after.apologies.map((a) => a.personId)).size).toBe(50);
      expect(after.audit.filter((a) => a.kind === 'apology.sent')).toHaveLength(50);
    } finally {
      await t.stop();
    }
  });

  test('When one councillor sends 30 different reasons at the same moment, then each is decided in turn on the one record: every send is confirmed, none is refused as busy, and each change is audited', async () => {
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    try {
      const reasons = Array.from({ length: 30 }, (_, i) => `Reason number ${i}`);
      const activities = reasons.map((reason) =>
        buildSubmit({ verb: 'apologies.submit', meetingId: SEPT, reason }, { serviceUrl: t.connector.url, from: abbas }),
      );
      const statuses = await Promise.all(activities.map((a) => t.post(a).then((r) => r.status)));
      expect(statuses.every((status) => status === 200)).toBe(true);
      // Each send's own confirmation, matched by the activity it replies to.
      const replies = new Map(t.connector.activities.map((a) => [a.replyToId, cardText(a.activity.attachments ?? [])]));
      const titles = activities.map((a) => replies.get(a.id as string) ?? '(no reply)');
      expect(titles.filter((text) => !/Apologies (sent|updated)/.test(text))).toEqual([]);
      expect(titles.filter((text) => /Apologies sent/.test(text))).toHaveLength(1);
      const after = storedData(t);
      expect(after.apologies).toHaveLength(1);
      const apology = after.apologies[0]!;
      expect(reasons).toContain(apology.reason);
      expect(apology.version).toBe(30);
      const audited = after.audit.filter((a) => a.recordId === apology.id);
      expect(audited.map((a) => a.kind).sort()).toEqual(['apology.sent', ...Array<string>(29).fill('apology.updated')].sort());
      // Each update's "before" is the change decided just before it: none is lost.
      const befores = audited.filter((a) => a.kind === 'apology.updated').map((a) => (a.before as { reason: string }).reason);
      expect(new Set(befores).size).toBe(29);
    } finally {
      await t.stop();
    }
  });

  test('When the bot is stopped and started again on the same STORE_PATH, then the apologies are still there', async () => {
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: 'Leave' }, abbas);
    await t.stop();
    const again = await startTestBot({ now: '2023-09-05T10:00:00+01:00', storePath: t.storePath });
    try {
      const reply = readCard(await again.say('who has sent apologies', clerk));
      expect(reply).toMatch(/Qaisar Abbas[\s\S]*Reason: Leave/);
    } finally {
      await again.stop();
    }
  });
});
