import { writeFileSync } from 'node:fs';
import { buildMessage, buildSubmit, buildUser, TENANT_ID, type ConversationKind, type TeamsUser } from './helpers/activities';
import { cardOf, cardText, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';
import type { StoreData } from '../bot/store/schema';

/**
 * Matching the Teams sender to a person: a role comes only from a verified identity (the
 * object id recorded on the person, or a verified email on first contact), never from a
 * display name; and what a turn failure looks like.
 */
const SEPT = 'childrens-os-2023-09-12';
const OTHER_TENANT = '0badc0de-0000-4000-8000-00000000beef';
const clerk = buildUser('Rhiannon Whiteley');
const abbas = buildUser('Qaisar Abbas');

/** One activity from `from` in `tenantId`; the activities the bot sent back during the turn. */
async function as(
  t: TestBot,
  from: TeamsUser,
  what: string | Record<string, unknown>,
  o: { tenantId?: string; kind?: ConversationKind } = {},
) {
  const options = { serviceUrl: t.connector.url, from, kind: o.kind ?? 'personal', tenantId: o.tenantId ?? TENANT_ID };
  const activity = typeof what === 'string' ? buildMessage(what, options) : buildSubmit(what, options);
  const before = t.connector.activities.length;
  const res = await t.post(activity);
  if (res.status >= 400) throw new Error(`bot answered ${res.status}: ${res.body}`);
  return t.connector.activities.slice(before).map((a) => a.activity);
}

/** Everything a role could change: the store without conversations, link requests and the audit trail. */
function records(data: StoreData) {
  const { conversations, linkRequests, audit, ...rest } = data;
  return {
    ...rest,
    linkedConversations: conversations.filter((c) => c.committeeId || c.personId).map((c) => [c.id, c.committeeId, c.personId]),
  };
}

/** Every clerk's and member's command, typed and as card submits. */
const COMMANDS: (string | Record<string, unknown> | { text: string; kind: ConversationKind })[] = [
  'cancel the meeting on 16 November because there is no business',
  'move the 16 November meeting to 23 November at 6.30pm',
  'add meeting on 14 March 2024 at 7pm in Committee Room 2',
  'publish agenda for 16 November',
  'add agenda item 5 Ofsted focused visit lead officer Janet Simon for 16 November',
  'post agenda reminder and members',
  'remind members 7 days and 1 day before each meeting at 9am',
  'stop reminders',
  { text: "link this channel to the children's services O&S", kind: 'channel' },
  'send apologies on behalf of Cllr Abbas because he is unwell',
  'unlink Councillor Abbas',
  'send my apologies for the next meeting because I am on leave',
  { verb: 'apologies.submit', meetingId: SEPT, reason: 'On leave' },
  { verb: 'apologies.submit', meetingId: SEPT, onBehalfOf: 'maureen-pearce', reason: 'Unwell' },
  {
    verb: 'declaration.submit',
    meetingId: SEPT,
    itemNumber: '8',
    kind: 'disclosable-pecuniary',
    nature: 'My wife works for the provider',
    onRegister: 'false',
  },
  { verb: 'meeting.add', committeeId: 'childrens-os', date: '2024-03-14', time: '19:00', venue: 'Room 1' },
  { verb: 'meeting.move', meetingId: 'childrens-os-2023-11-16', date: '2023-11-23', time: '18:30' },
];

/** Sends every command as `from`; returns the text of every reply. */
async function tryEverything(t: TestBot, from: TeamsUser, tenantId?: string): Promise<string> {
  const replies: string[] = [];
  for (const command of COMMANDS) {
    const sent =
      typeof command === 'object' && 'kind' in command && 'text' in command
        ? await as(t, from, command.text as string, { tenantId, kind: command.kind as ConversationKind })
        : await as(t, from, command, { tenantId });
    replies.push(sent.map((a) => (a.attachments ? cardText(cardOf([a])) : typeof a.text === 'string' ? a.text : '')).join('\n'));
  }
  return replies.join('\n---\n');
}

/** What only a clerk or member sees in a reply. */
const GRANTED =
  /Meeting cancelled|Meeting moved|Meeting added|Agenda published|added|Reminder|Channel linked|Apologies sent|Declaration recorded|Unlinked|Who is linked/;

describe('a display name never grants a role', () => {
  test.each([
    ['from another tenant (no tenant allow-list)', OTHER_TENANT, {}],
    ['from the same tenant (allow-list set)', TENANT_ID, { ALLOWED_TENANT_IDS: TENANT_ID }],
  ])(
    'When someone named as the unlinked clerk writes %s, then no clerk or member command works for them and the clerk is asked to confirm',
    async (_label, tenantId, env) => {
      const t = await startTestBot({ env, linkPeople: { except: ['rhiannon-whiteley', 'qaisar-abbas'] } });
      try {
        const before = records(storedData(t));
        const impostor = buildUser('Rhiannon Whiteley', { id: '29:impostor', aadObjectId: 'aad-impostor' });
        const first = readCard(await as(t, impostor, 'hello', { tenantId }));
        expect(first).toMatch(/Are you Rhiannon Whiteley\?\s+I have asked the clerk to confirm\./);
        const replies = await tryEverything(t, impostor, tenantId);
        expect(replies).not.toMatch(GRANTED);
        // Named as an unlinked member, too.
        const memberImpostor = buildUser('Cllr Qaisar Abbas', { id: '29:impostor-2', aadObjectId: 'aad-impostor-2' });
        expect(await tryEverything(t, memberImpostor, tenantId)).not.toMatch(GRANTED);

        const after = storedData(t);
        expect(records(after)).toEqual(before);
        expect(after.people.find((p) => p.id === 'rhiannon-whiteley')!.aadObjectId).toBeUndefined();
        expect(after.people.find((p) => p.id === 'qaisar-abbas')!.aadObjectId).toBeUndefined();
        expect(after.audit.filter((a) => a.kind === 'person.linked' && a.actor.name !== 'people:import')).toEqual([]);
        // One request per account, however many messages it sent.
        expect(after.linkRequests.map((r) => [r.aadObjectId, r.personId, r.status])).toEqual([
          ['aad-impostor', 'rhiannon-whiteley', 'pending'],
          ['aad-impostor-2', 'qaisar-abbas', 'pending'],
        ]);
      } finally {
        await t.stop();
      }
    },
  );

  test('When someone named as the linked clerk writes, then they are a guest, nobody is asked, and the real clerk keeps the role', async () => {
    const t = await startTestBot({ env: { ALLOWED_TENANT_IDS: TENANT_ID } });
    try {
      const before = records(storedData(t));
      const impostor = buildUser('Cllr Rhiannon Whiteley', { id: '29:impostor', aadObjectId: 'aad-impostor' });
      expect(await tryEverything(t, impostor)).not.toMatch(GRANTED);
      expect(records(storedData(t))).toEqual(before);
      expect(storedData(t).linkRequests).toEqual([]);
      expect(readCard(await t.say('cancel the meeting on 16 November because there is no business', clerk))).toMatch(/Meeting cancelled/);
    } finally {
      await t.stop();
    }
  });

  test("When an activity has no object id but a linked person's name, then it is a guest; with an unlinked person's name, nobody is asked", async () => {
    const t = await startTestBot({ linkPeople: { except: ['maureen-pearce'] } });
    try {
      const noId = { id: '29:no-object-id', name: 'Qaisar Abbas' };
      expect(readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, noId))).toMatch(/I do not know who you are yet/);
      expect(
        readCard(
          await t.say('cancel the meeting on 16 November because there is no business', { id: '29:no-id-2', name: 'Rhiannon Whiteley' }),
        ),
      ).toMatch(/Only a clerk/);
      expect(readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, { id: '29:no-id-3', name: 'Maureen Pearce' }))).toMatch(
        /I do not know who you are yet/,
      );
      const data = storedData(t);
      expect(data.apologies).toEqual([]);
      expect(data.linkRequests).toEqual([]);
      expect(data.people.find((p) => p.id === 'maureen-pearce')!.aadObjectId).toBeUndefined();
    } finally {
      await t.stop();
    }
  });

  test('When a person is already linked to another Teams account, then a same-named user is a guest and cannot record', async () => {
    const t = await startTestBot();
    try {
      const impostor = buildUser('Cllr Qaisar Abbas', { id: '29:other', aadObjectId: 'aad-someone-else' });
      const reply = cardText(cardOf(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, impostor)));
      expect(reply).toMatch(/could not match your Teams account/);
      expect(storedData(t).apologies).toHaveLength(0);
      expect(readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, abbas))).toMatch(/Apologies sent/);
    } finally {
      await t.stop();
    }
  });
});

describe('email matching', () => {
  const user = buildUser('Q. A. (Thurrock)', { id: '29:qa', aadObjectId: 'aad-qa' });
  const member = (over: Record<string, unknown> = {}) => ({
    id: user.id,
    name: user.name,
    aadObjectId: 'aad-qa',
    email: 'Qaisar.Abbas@thurrock.gov.uk',
    tenantId: TENANT_ID,
    userRole: 'user',
    ...over,
  });

  async function withEmail(env: Record<string, string>): Promise<TestBot> {
    const first = await startTestBot({ linkPeople: false });
    await first.stop();
    const data = storedData(first);
    const person = data.people.find((p) => p.id === 'qaisar-abbas');
    if (!person) throw new Error('the seed has no qaisar-abbas');
    person.email = 'qaisar.abbas@thurrock.gov.uk';
    writeFileSync(first.storePath, JSON.stringify(data));
    return startTestBot({ storePath: first.storePath, env, linkPeople: { except: ['qaisar-abbas'] } });
  }

  test('When Teams reports a known email for a member of an allowed tenant, then the person is matched by email and the object id recorded (audited)', async () => {
    const t = await withEmail({ ALLOWED_TENANT_IDS: TENANT_ID });
    try {
      t.connector.members.set(user.id, member());
      const reply = cardText(cardOf(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, user)));
      expect(reply).toMatch(/Apologies sent[\s\S]*Qaisar Abbas/);
      const after = storedData(t);
      expect(after.people.find((p) => p.id === 'qaisar-abbas')!.aadObjectId).toBe('aad-qa');
      expect(
        after.audit.find(
          (a) => a.kind === 'person.linked' && a.recordId === 'qaisar-abbas' && (a.after as { matchedBy?: string }).matchedBy === 'email',
        ),
      ).toMatchObject({
        after: { aadObjectId: 'aad-qa', email: 'qaisar.abbas@thurrock.gov.uk', tenantId: TENANT_ID },
      });
    } finally {
      await t.stop();
    }
  });

  test.each([
    ['there is no tenant allow-list', {}, {}],
    ["the member's tenant is not on the allow-list", { ALLOWED_TENANT_IDS: TENANT_ID }, { tenantId: OTHER_TENANT }],
    [
      "the member's tenant is not the activity's and not allowed",
      { ALLOWED_TENANT_IDS: `${TENANT_ID},${OTHER_TENANT}` },
      { tenantId: '11111111-0000-4000-8000-000000000000' },
    ],
    ['the member is a guest in the tenant', { ALLOWED_TENANT_IDS: TENANT_ID }, { userRole: 'guest' }],
    ['Teams does not say what role the member has', { ALLOWED_TENANT_IDS: TENANT_ID }, { userRole: undefined }],
  ])('When %s, then a matching email gives no role and nothing is linked', async (_label, env, over) => {
    const t = await withEmail(env);
    try {
      t.connector.members.set(user.id, member(over));
      expect(readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, user))).toMatch(/I do not know who you are yet/);
      const after = storedData(t);
      expect(after.apologies).toEqual([]);
      expect(after.people.find((p) => p.id === 'qaisar-abbas')!.aadObjectId).toBeUndefined();
    } finally {
      await t.stop();
    }
  });

  test('When the activity comes from a tenant not on the allow-list, then it gets no answer and nothing is linked', async () => {
    const t = await withEmail({ ALLOWED_TENANT_IDS: TENANT_ID });
    try {
      t.connector.members.set(user.id, member({ tenantId: OTHER_TENANT }));
      expect(await as(t, user, { verb: 'apologies.submit', meetingId: SEPT }, { tenantId: OTHER_TENANT })).toEqual([]);
      expect(storedData(t).people.find((p) => p.id === 'qaisar-abbas')!.aadObjectId).toBeUndefined();
    } finally {
      await t.stop();
    }
  });
});

describe('turn errors', () => {
  test('When a turn fails inside the bot, then the user gets a short apology without internals and the error is logged with the activity id', async () => {
    const t = await startTestBot();
    try {
      await t.bot.store.close(); // every change now fails, as during a shutdown race
      const sent = await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, buildUser('Qaisar Abbas'));
      expect(sent).toHaveLength(1);
      expect(sent[0]!.text).toBe('Sorry, something went wrong on my side. Please try again in a moment.');
      const logged = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'turn failed');
      expect(logged).toMatchObject({ level: 'error', error: 'The store is closed.' });
      expect(typeof logged!.activityId).toBe('string');
    } finally {
      await t.stop();
    }
  });
});
