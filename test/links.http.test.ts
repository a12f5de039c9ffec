import { buildUser, TENANT_ID } from './helpers/activities';
import { cardOf, cardText, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * Linking a Teams account whose display name matches a person: the clerk is asked with a card
 * in personal chat, confirms or rejects it; clerks see and undo links ("who is linked",
 * "unlink Councillor X"). Until a clerk confirms, the sender is a guest.
 */
const SEPT = 'childrens-os-2023-09-12';
const clerk = buildUser('Rhiannon Whiteley');
const clerkChat = `a:personal-${clerk.id}`;
const abbas = buildUser('Qaisar Abbas');
/** Councillor Pearce's new account: the data has no object id for her. */
const pearce = buildUser('Maureen Pearce', { id: '29:pearce-new', aadObjectId: 'aad-pearce-new' });

async function started(): Promise<TestBot> {
  const t = await startTestBot({ linkPeople: { except: ['maureen-pearce'] } });
  t.connector.members.set(pearce.id, {
    id: pearce.id,
    name: pearce.name,
    aadObjectId: pearce.aadObjectId,
    email: 'maureen.pearce@example.org',
    userPrincipalName: 'mpearce@example.org',
    tenantId: TENANT_ID,
    userRole: 'user',
  });
  // The clerk has talked to the bot in personal chat, so the bot can reach her there.
  await t.say('hello', clerk);
  return t;
}

/** What the bot answered `user` in their own personal chat (not what it sent others meanwhile). */
function toUser(user: { id: string }, sent: Record<string, unknown>[]): Record<string, unknown>[] {
  return sent.filter((a) => (a.conversation as { id?: string } | undefined)?.id === `a:personal-${user.id}`);
}

function requestCards(t: TestBot): Record<string, unknown>[] {
  return t.connector.sentTo(clerkChat).filter((a) => /Is this Councillor Maureen Pearce/.test(cardText(cardOf([a]))));
}

function submitData(card: Record<string, unknown>, title: RegExp): Record<string, unknown> {
  const actions = (card.actions ?? []) as { title: string; data: Record<string, unknown> }[];
  const action = actions.find((a) => title.test(a.title));
  expect(action).toBeDefined();
  return action!.data;
}

describe('a clerk confirms who a display name belongs to', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await started();
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When someone whose name matches an unlinked member writes, then they are told the clerk is asked, the clerk gets one card with their details, and they stay a guest', async () => {
    const reply = readCard(toUser(pearce, await t.say('hello', pearce)));
    expect(reply).toMatch(/Are you Councillor Maureen Pearce\?\s+I have asked the clerk to confirm\./);
    await t.say('when is the next meeting', pearce);
    expect(readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, pearce))).toMatch(
      /Are you Councillor Maureen Pearce\?[\s\S]*cannot record anything/,
    );

    const cards = requestCards(t);
    expect(cards).toHaveLength(1); // one request per account, however many messages
    const text = readCard(cards);
    expect(text).toMatch(/Name in Teams\s+Maureen Pearce/);
    expect(text).toMatch(/mpearce@example\.org/);
    expect(text).toMatch(/maureen\.pearce@example\.org/);
    expect(text).toContain(TENANT_ID);
    const data = storedData(t);
    expect(data.apologies).toEqual([]);
    expect(data.people.find((p) => p.id === 'maureen-pearce')!.aadObjectId).toBeUndefined();
    expect(data.linkRequests).toMatchObject([{ personId: 'maureen-pearce', aadObjectId: 'aad-pearce-new', status: 'pending' }]);
  });

  test('When the clerk confirms the card, then the account is linked (audited with who confirmed) and the member can record', async () => {
    await t.say('hello', pearce);
    const card = cardOf(requestCards(t));
    const reply = readCard(await t.submit(submitData(card, /^Confirm/), clerk));
    expect(reply).toMatch(/Linked[\s\S]*Maureen Pearce/);
    const data = storedData(t);
    expect(data.people.find((p) => p.id === 'maureen-pearce')).toMatchObject({
      aadObjectId: 'aad-pearce-new',
      teamsUserId: '29:pearce-new',
    });
    expect(data.audit.find((a) => a.kind === 'person.linked' && a.recordId === 'maureen-pearce')).toMatchObject({
      actor: { personId: 'rhiannon-whiteley' },
      after: { aadObjectId: 'aad-pearce-new', matchedBy: 'clerk', confirmedBy: { personId: 'rhiannon-whiteley' } },
    });
    expect(readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: 'On leave' }, pearce))).toMatch(/Apologies sent/);
    // A second click on the same card changes nothing.
    expect(readCard(await t.submit(submitData(card, /^Confirm/), clerk))).toMatch(/Already decided/);
  });

  test('When the clerk rejects the card, then the sender stays a guest and is not asked about again', async () => {
    await t.say('hello', pearce);
    const card = cardOf(requestCards(t));
    expect(readCard(await t.submit(submitData(card, /^Reject/), clerk))).toMatch(/Rejected/);
    expect(readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, pearce))).toMatch(/I do not know who you are yet/);
    await t.say('hello', pearce);
    expect(requestCards(t)).toHaveLength(1);
    const data = storedData(t);
    expect(data.people.find((p) => p.id === 'maureen-pearce')!.aadObjectId).toBeUndefined();
    expect(data.linkRequests).toMatchObject([{ status: 'rejected', decidedBy: { personId: 'rhiannon-whiteley' } }]);
    expect(data.apologies).toEqual([]);
  });

  test.each([
    [
      'an unknown request id (a stale or forged card)',
      () => ({ verb: 'link.confirm', requestId: 'no-such-request' }),
      clerk,
      /request was not found/,
    ],
    ['a request id that is not text', () => ({ verb: 'link.confirm', requestId: { $ne: null } }), clerk, /request was not found/],
    ['a member who is not a clerk', (id: string) => ({ verb: 'link.confirm', requestId: id }), abbas, /Only a clerk can do that/],
    ['the claimant themselves', (id: string) => ({ verb: 'link.confirm', requestId: id }), pearce, /Only a clerk can do that/],
  ])('When a confirm comes with %s, then it is refused politely and nothing is linked', async (_label, data, who, message) => {
    await t.say('hello', pearce);
    const requestId = storedData(t).linkRequests[0]!.id;
    expect(readCard(await t.submit(data(requestId), who))).toMatch(message);
    const after = storedData(t);
    expect(after.people.find((p) => p.id === 'maureen-pearce')!.aadObjectId).toBeUndefined();
    expect(after.linkRequests[0]!.status).toBe('pending');
  });
});

describe('clerks see and undo links', () => {
  test('When a clerk the bot cannot reach asks "who is linked", then the pending request is there to confirm, and "unlink" undoes a link (audited)', async () => {
    // The clerk has never written to the bot: the request card cannot reach her.
    const t = await startTestBot({ linkPeople: { except: ['maureen-pearce'] } });
    try {
      await t.say('hello', pearce);
      expect(t.connector.sentTo(clerkChat)).toEqual([]);
      const sent = await t.say('who is linked', clerk);
      const text = readCard(sent);
      expect(text).toMatch(/Councillor Qaisar Abbas/);
      expect(text).toMatch(/Is this Councillor Maureen Pearce\?/);
      const card = cardOf(sent);
      // The button carries the request and the version of it the card showed.
      const confirm = JSON.stringify(card).match(/"data":\{"verb":"link\.confirm","requestId":"([^"]+)","version":(\d+)\}/);
      expect(confirm).not.toBeNull();
      expect(readCard(await t.submit({ verb: 'link.confirm', requestId: confirm![1], version: Number(confirm![2]) }, clerk))).toMatch(
        /Linked/,
      );

      expect(readCard(await t.say('unlink Councillor Abbas', abbas))).toMatch(/Only a clerk can do that/);
      expect(readCard(await t.say('unlink Councillor Abbas', clerk))).toMatch(/Unlinked/);
      expect(readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, abbas))).not.toMatch(/Apologies sent/);
      const data = storedData(t);
      expect(data.people.find((p) => p.id === 'qaisar-abbas')!.aadObjectId).toBeUndefined();
      expect(data.audit.find((a) => a.kind === 'person.unlinked')).toMatchObject({
        actor: { personId: 'rhiannon-whiteley' },
        recordId: 'qaisar-abbas',
        before: { aadObjectId: 'aad-qaisar-abbas' },
      });
      expect(data.apologies).toEqual([]);
      expect(readCard(await t.say('who is linked', abbas))).toMatch(/Only a clerk can do that/);
    } finally {
      await t.stop();
    }
  });

  test.each(['attendance record for Councillor Abbas', 'unlinking Councillor Abbas would be wrong', 'cancel Councillor Abbas'])(
    'When a clerk types %p, which only resembles a command, then nothing is unlinked or changed',
    async (text) => {
      const t = await startTestBot();
      try {
        await t.say('hello', clerk); // the clerk's Teams user id is learnt on first contact
        const before = storedData(t);
        await t.say(text, clerk);
        const after = storedData(t);
        expect(after.people).toEqual(before.people);
        expect(after.meetings).toEqual(before.meetings);
        expect(after.audit).toEqual(before.audit);
      } finally {
        await t.stop();
      }
    },
  );
});
