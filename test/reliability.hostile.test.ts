import { buildMessage, buildSubmit, buildUser, TENANT_ID, type TeamsUser } from './helpers/activities';
import { storeOnDisk } from './helpers/storeOnDisk';
import { cardText, startTestBot, type TestBot } from './helpers/testBot';
import type { StoreData } from '../bot/store/schema';
import { checkReferences } from '../bot/store/seed';
import { errorMessage } from './helpers/json';

/**
 * Hostile and malformed input, as a careless client or an attacker might send it: each gets a
 * clear reply or a 4xx, the server keeps serving, and nothing is recorded that should not be.
 * "Recorded" means any record (apologies, declarations, meetings, reminders ...); the only
 * changes allowed are the bookkeeping any first message causes (linking the sender's Teams
 * account, remembering the conversation).
 */
const NOW = '2023-09-05T09:00:00+01:00';
const SEPT = 'childrens-os-2023-09-12';
const JUNE = 'childrens-os-2023-06-15';
const member = buildUser('Qaisar Abbas');
const clerk = buildUser('Rhiannon Whiteley');
const impostor = buildUser('Cllr Qaisar Abbas', { id: '29:impostor', aadObjectId: 'aad-impostor' });

/** Internals that must never reach a user. */
const INTERNALS = /TypeError|ReferenceError|RangeError|SyntaxError|Error:|\bat [\w.<>]+ \(|\.(?:js|ts):\d+|node_modules|stack/;
/** The turn-error apology: a reply, but not one about the input. Accepted only where noted. */
const TURN_ERROR = /Sorry, something went wrong on my side/;
const ALLOWED_AUDIT = /^(person\.linked|conversation\.)/;

type Outcome =
  | { kind: 'reply'; matches?: RegExp }
  | { kind: '4xx'; status?: number; matches?: RegExp }
  /** 2xx and no reply: what the Bot Framework protocol expects for activities a bot ignores. */
  | { kind: 'silent' }
  /** Invokes the bot has no handler for: teams-ai answers 501 Not Implemented, with no reply. */
  /** An invoke answered in its HTTP response (e.g. a card replacing the one clicked). */
  | { kind: 'invoke-response'; status: number; matches: RegExp };

interface Case {
  label: string;
  /** A raw body (string) or an activity; `headers` for the request. */
  body: (t: TestBot) => unknown;
  headers?: Record<string, string>;
  outcome: Outcome;
}

const text = (t: TestBot, value: string, from: TeamsUser = member) => buildMessage(value, { serviceUrl: t.connector.url, from });
const click = (t: TestBot, value: unknown, from: TeamsUser = member) => ({
  ...buildSubmit({}, { serviceUrl: t.connector.url, from }),
  value,
});
const activity = (t: TestBot, overrides: Record<string, unknown>) => ({
  ...buildMessage('help', { serviceUrl: t.connector.url, from: member }),
  ...overrides,
});
const words = (bytes: number) => 'when is the next meeting '.repeat(Math.ceil(bytes / 25)).slice(0, bytes);

const CASES: Case[] = [
  // Typed text
  { label: 'empty text', body: (t) => text(t, ''), outcome: { kind: 'reply', matches: /did not catch a question/ } },
  { label: 'only whitespace', body: (t) => text(t, ' \t\n  \r\n '), outcome: { kind: 'reply', matches: /did not catch a question/ } },
  { label: '100 KB of words', body: (t) => text(t, words(100 * 1024)), outcome: { kind: 'reply' } },
  { label: '100 KB without a space', body: (t) => text(t, 'x'.repeat(100 * 1024)), outcome: { kind: 'reply' } },
  { label: 'only emoji', body: (t) => text(t, '🙂🎉🤔👍🏽👨‍👩‍👧'), outcome: { kind: 'reply' } },
  {
    label: 'a question wrapped in emoji',
    body: (t) => text(t, '📅 when is the next meeting? 🙏'),
    outcome: { kind: 'reply', matches: /12 September 2023/ },
  },
  { label: 'right-to-left script', body: (t) => text(t, 'متى الاجتماع القادم؟'), outcome: { kind: 'reply' } },
  { label: 'a right-to-left override', body: (t) => text(t, '\u202Eopen actions\u202C'), outcome: { kind: 'reply' } },
  { label: 'zero-width characters inside words', body: (t) => text(t, 'next\u200B meet\u200Cing\u200D\uFEFF'), outcome: { kind: 'reply' } },
  { label: 'only zero-width characters', body: (t) => text(t, '\u200B\u200C\u200D\u2060\uFEFF'), outcome: { kind: 'reply' } },
  { label: 'NUL characters only', body: (t) => text(t, '\u0000\u0000\u0000'), outcome: { kind: 'reply' } },
  {
    label: 'NUL characters inside a question',
    body: (t) => text(t, 'when is the\u0000 next\u0000 meeting'),
    outcome: { kind: 'reply', matches: /12 September 2023/ },
  },
  {
    label: 'control characters and terminal escapes',
    body: (t) => text(t, '\u001b[31mopen actions\u001b[0m\u0007\u0008'),
    outcome: { kind: 'reply' },
  },
  { label: 'lone UTF-16 surrogates', body: (t) => text(t, '\uD800 next meeting \uDFFF'), outcome: { kind: 'reply' } },
  {
    label: 'card template syntax ${...}',
    body: (t) => text(t, '${$root} ${people[0].email} ${if(true, "a", "b")}'),
    outcome: { kind: 'reply' },
  },
  {
    label: 'Teams date functions {{...}}',
    body: (t) => text(t, '{{DATE(2017-02-14T06:08:39Z, SHORT)}} {{TIME(2017-02-14T06:08:39Z)}}'),
    outcome: { kind: 'reply' },
  },
  {
    label: 'HTML and script injection',
    body: (t) => text(t, '<script>alert(1)</script><img src=x onerror=alert(1)><b>next meeting</b>'),
    outcome: { kind: 'reply' },
  },
  {
    label: 'markdown injection',
    body: (t) => text(t, '[click me](javascript:alert(1)) **open actions** ![x](http://evil.example/x.png)'),
    outcome: { kind: 'reply' },
  },
  { label: 'SQL-looking text', body: (t) => text(t, "'; DROP TABLE apologies; --"), outcome: { kind: 'reply' } },
  { label: 'SQL-looking tautology', body: (t) => text(t, '" OR 1=1 -- next meeting'), outcome: { kind: 'reply' } },
  { label: 'a path traversal', body: (t) => text(t, '../../../../etc/passwd'), outcome: { kind: 'reply' } },
  { label: 'look-alike (Cyrillic) letters', body: (t) => text(t, 'nеxt mееting'), outcome: { kind: 'reply' } },

  // Card submits with forged or malformed data
  {
    label: 'apologies for a forged meeting id',
    body: (t) => click(t, { verb: 'apologies.submit', meetingId: 'forged-meeting' }),
    outcome: { kind: 'reply', matches: /could not find that meeting/ },
  },
  {
    label: 'apologies with a meeting id that is an object',
    body: (t) => click(t, { verb: 'apologies.submit', meetingId: { $ne: null } }),
    outcome: { kind: 'reply', matches: /could not find that meeting/ },
  },
  {
    label: 'apologies with a meeting id that is a list',
    body: (t) => click(t, { verb: 'apologies.submit', meetingId: [SEPT] }),
    outcome: { kind: 'reply', matches: /could not find that meeting/ },
  },
  {
    label: 'apologies on behalf of another member, not being a clerk',
    body: (t) => click(t, { verb: 'apologies.submit', meetingId: SEPT, onBehalfOf: 'maureen-pearce' }),
    outcome: { kind: 'reply', matches: /Only a clerk can record apologies/ },
  },
  {
    label: 'apologies by a clerk for a forged person id',
    body: (t) => click(t, { verb: 'apologies.submit', meetingId: SEPT, onBehalfOf: 'forged-person' }, clerk),
    outcome: { kind: 'reply', matches: /not a member/ },
  },
  {
    label: 'apologies naming a forged substitute',
    body: (t) => click(t, { verb: 'apologies.submit', meetingId: SEPT, substituteId: 'forged-person' }),
    outcome: { kind: 'reply', matches: /not on the .* list of substitutes/ },
  },
  {
    label: 'apologies for a meeting that has passed',
    body: (t) => click(t, { verb: 'apologies.submit', meetingId: JUNE }),
    outcome: { kind: 'reply', matches: /already started|taken place/ },
  },
  {
    label: 'apologies with a 100 KB reason',
    body: (t) => click(t, { verb: 'apologies.submit', meetingId: SEPT, reason: 'x'.repeat(100 * 1024) }),
    outcome: { kind: 'reply', matches: /keep the reason to 500 characters/ },
  },
  {
    label: "apologies from an impostor using a linked member's name",
    body: (t) => click(t, { verb: 'apologies.submit', meetingId: SEPT }, impostor),
    outcome: { kind: 'reply', matches: /could not match your Teams account/ },
  },
  {
    label: 'withdrawing apologies for a forged meeting',
    body: (t) => click(t, { verb: 'apologies.withdraw', meetingId: 'forged-meeting' }),
    outcome: { kind: 'reply', matches: /could not find that meeting/ },
  },
  {
    label: 'a declaration for a forged meeting',
    body: (t) =>
      click(t, { verb: 'declaration.submit', meetingId: 'forged-meeting', itemNumber: '1', kind: 'other-registrable', nature: 'x' }),
    outcome: { kind: 'reply', matches: /could not find that meeting/ },
  },
  {
    label: 'a declaration for a forged agenda item',
    body: (t) =>
      click(t, {
        verb: 'declaration.submit',
        meetingId: SEPT,
        itemNumber: '999',
        kind: 'other-registrable',
        nature: 'My wife works there',
      }),
    outcome: { kind: 'reply', matches: /not on the agenda/ },
  },
  {
    label: 'an unknown verb',
    body: (t) => click(t, { verb: 'apologies.explode', meetingId: SEPT }),
    outcome: { kind: 'reply', matches: /button no longer works/ },
  },
  // Known: verbs that are Object.prototype names reach the turn-error reply (reported to the route owner).
  {
    label: 'a verb naming an object built-in ("constructor")',
    body: (t) => click(t, { verb: 'constructor' }),
    outcome: { kind: 'reply', matches: /button no longer works/ },
  },
  {
    label: 'a verb naming an object built-in ("__proto__")',
    body: (t) => click(t, { verb: '__proto__', meetingId: SEPT }),
    outcome: { kind: 'reply', matches: /button no longer works/ },
  },
  {
    label: 'a submit value that is a string',
    body: (t) => click(t, 'apologies.submit'),
    outcome: { kind: 'reply', matches: /button no longer works/ },
  },
  {
    label: 'a submit value that is a list',
    body: (t) => click(t, [{ verb: 'apologies.submit', meetingId: SEPT }]),
    outcome: { kind: 'reply', matches: /button no longer works/ },
  },

  // The request itself
  { label: 'malformed JSON', body: () => '{"type": "message", "text": ', outcome: { kind: '4xx', status: 400, matches: /not valid JSON/ } },
  {
    label: 'a text/plain content type',
    body: (t) => JSON.stringify(text(t, 'help')),
    headers: { 'Content-Type': 'text/plain' },
    outcome: { kind: '4xx', status: 400, matches: /Content-Type/ },
  },
  {
    label: 'a form-encoded body',
    body: () => 'type=message&text=help',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    outcome: { kind: '4xx', status: 400 },
  },
  { label: 'a body over 512 KB', body: (t) => text(t, 'x'.repeat(600 * 1024)), outcome: { kind: '4xx', status: 413 } },
  {
    label: '100,000 levels of nested JSON',
    body: () => `{"type":"message","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    outcome: { kind: '4xx', status: 400 },
  },
  {
    label: 'a __proto__ key (prototype pollution)',
    body: (t) => JSON.stringify(text(t, 'help')).replace('{', '{"__proto__":{"polluted":true},'),
    outcome: { kind: 'reply' },
  },
  { label: 'an unknown activity type', body: (t) => activity(t, { type: 'fooBar' }), outcome: { kind: 'silent' } },
  {
    label: 'an invoke with a bad card action verb',
    body: (t) =>
      activity(t, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        value: { action: { type: 'Action.Execute', verb: 'apologies.submit', data: { meetingId: SEPT } } },
      }),
    outcome: { kind: 'invoke-response', status: 200, matches: /button no longer works/ },
  },
  {
    label: 'an invoke with an unknown name',
    body: (t) => activity(t, { type: 'invoke', name: 'composeExtension/query', text: undefined, value: { commandId: 'x' } }),
    outcome: { kind: 'invoke-response', status: 400, matches: /does not handle .{0,2}composeExtension\/query/ },
  },
  {
    label: 'text that is a number',
    body: (t) => activity(t, { text: 42 }),
    outcome: { kind: '4xx', status: 400, matches: /text must be a string/ },
  },
  {
    label: 'an activity without a sender',
    body: (t) => activity(t, { from: undefined }),
    outcome: { kind: '4xx', status: 400, matches: /needs a sender/ },
  },
];

/** Everything that counts as a record: all of the store except its bookkeeping. */
function records(data: Readonly<StoreData>): string {
  const { people, conversations, audit, ...rest } = data;
  void conversations;
  // People may only gain Teams ids (linking); anything else about them is a record.
  const peopleWithoutLinks = people.map(({ aadObjectId, teamsUserId, ...p }) => {
    void aadObjectId;
    void teamsUserId;
    return p;
  });
  return JSON.stringify({ ...rest, people: peopleWithoutLinks, audit: audit.filter((a) => !ALLOWED_AUDIT.test(a.kind)) });
}

describe('hostile input', () => {
  let t: TestBot;
  let baseline: string;
  beforeAll(async () => {
    t = await startTestBot({ now: NOW });
    // Both users have talked to the bot before, so their accounts are linked and
    // impersonating the member by name is refused.
    await t.say('hello', member);
    await t.say('hello', clerk);
    baseline = t.bot.store.read(records);
  });
  afterAll(async () => {
    await t.stop();
  });

  test('There are at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(CASES.map((c) => [c.label, c] as const))(
    'When a client sends %s, then it gets a clear reply or a 4xx, the server keeps serving and nothing is recorded',
    async (_label, c) => {
      const before = t.connector.activities.length;
      const res = await t.post(c.body(t), c.headers);
      const replies = t.connector.activities.slice(before).map((a) => a.activity);
      const said = replies
        .map((r) => (typeof r.text === 'string' ? r.text : '') + cardText(r.attachments ?? []))
        .join('\n')
        .replace(/\u2060/g, '');

      switch (c.outcome.kind) {
        case 'reply':
          expect(res.status).toBe(200);
          expect(replies).toHaveLength(1);
          expect(said.trim()).not.toBe('');
          if (c.outcome.matches) expect(said).toMatch(c.outcome.matches);
          if (!TURN_ERROR.test(said)) expect(JSON.stringify(replies)).not.toContain('${');
          break;
        case '4xx':
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          if (c.outcome.status) expect(res.status).toBe(c.outcome.status);
          expect(res.body.length).toBeLessThan(200);
          if (c.outcome.matches) expect(errorMessage(res.body)).toMatch(c.outcome.matches);
          expect(replies).toHaveLength(0);
          break;
        case 'silent':
          expect(res.status).toBeGreaterThanOrEqual(200);
          expect(res.status).toBeLessThan(300);
          expect(replies).toHaveLength(0);
          break;
        case 'invoke-response':
          expect(res.status).toBe(c.outcome.status);
          expect(res.body.replace(/\u2060/g, '')).toMatch(c.outcome.matches);
          expect(replies).toHaveLength(0);
          break;
      }
      expect(said).not.toMatch(INTERNALS);
      expect(res.body).not.toMatch(INTERNALS);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((await fetch(`${t.url}/health`)).status).toBe(200);
      expect(t.bot.store.read(records)).toBe(baseline);
    },
  );

  test('After all of it, the bot still answers a real question and the store on disk is valid and unchanged', async () => {
    const sent = await t.say('when is the next meeting', member);
    expect(cardText(sent[0]?.attachments ?? [])).toMatch(/12 September 2023/);
    await t.bot.store.flush();
    const onDisk = storeOnDisk(t.storePath);
    expect(() => checkReferences(onDisk)).not.toThrow();
    expect(JSON.parse(records(onDisk))).toEqual(JSON.parse(baseline));
    expect(onDisk.apologies).toHaveLength(0);
    expect(onDisk.declarations).toHaveLength(0);
  });
});

describe('tenants and tokens', () => {
  test('When activities come from a tenant not in ALLOWED_TENANT_IDS, then none is answered or recorded, and the allowed tenant still is', async () => {
    const t = await startTestBot({ now: NOW, env: { ALLOWED_TENANT_IDS: TENANT_ID } });
    try {
      const before = t.bot.store.read((d) => JSON.stringify(d));
      for (const body of [
        buildSubmit({ verb: 'apologies.submit', meetingId: SEPT }, { serviceUrl: t.connector.url, from: member, tenantId: 'other-tenant' }),
        buildMessage('when is the next meeting', { serviceUrl: t.connector.url, from: member, tenantId: 'other-tenant' }),
        {
          ...buildMessage('help', { serviceUrl: t.connector.url, from: member }),
          channelData: {},
          conversation: { id: `a:personal-${member.id}`, conversationType: 'personal' },
        },
      ]) {
        const res = await t.post(body);
        expect(res.status).toBe(200);
      }
      expect(t.connector.activities).toHaveLength(0);
      expect(t.bot.store.read((d) => JSON.stringify(d))).toBe(before);
      expect(t.logs.filter((l) => l.includes('tenant that is not allowed'))).toHaveLength(3);
      expect(await t.say('help', member)).toHaveLength(1);
    } finally {
      await t.stop();
    }
  });

  test('When MicrosoftAppId is set, then activities without a valid token get 401, no reply, and nothing is recorded', async () => {
    const t = await startTestBot({
      now: NOW,
      env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'secret' },
    });
    try {
      const before = t.bot.store.read((d) => JSON.stringify(d));
      // A JWT from an issuer the Bot Framework does not trust (checked offline, before any key lookup).
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const foreign = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'x' })}.${b64({ iss: 'https://evil.example.com', aud: '00000000-0000-0000-0000-000000000001', exp: 4102444800 })}.c2ln`;
      const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: 'https://evil.example.com', aud: '00000000-0000-0000-0000-000000000001' })}.`;
      const submitApologies = () =>
        buildSubmit({ verb: 'apologies.submit', meetingId: SEPT }, { serviceUrl: t.connector.url, from: member });
      const attempts: Record<string, string>[] = [
        {},
        { Authorization: '' },
        { Authorization: 'Bearer' },
        { Authorization: 'Bearer not-a-jwt' },
        { Authorization: 'Basic dXNlcjpwYXNz' },
        { Authorization: `Bearer ${foreign}` },
        { Authorization: `Bearer ${unsigned}` },
      ];
      for (const headers of attempts) {
        const res = await t.post(submitApologies(), headers);
        expect({ headers, status: res.status }).toEqual({ headers, status: 401 });
      }
      expect(t.connector.activities).toHaveLength(0);
      expect(t.bot.store.read((d) => JSON.stringify(d))).toBe(before);
      expect(storeOnDisk(t.storePath).apologies).toHaveLength(0);
      expect((await fetch(`${t.url}/health`)).status).toBe(200);
    } finally {
      await t.stop();
    }
  });
});
