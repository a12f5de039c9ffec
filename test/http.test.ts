import { readFileSync } from 'node:fs';
import http from 'node:http';
import { buildInstall, buildInstallationUpdate, buildMessage, buildUser, TENANT_ID } from './helpers/activities';
import { cardOf, cardText, startTestBot, storedData, type TestBot } from './helpers/testBot';
import { FakeConnector } from './helpers/fakeConnector';
import { SCHEMA_VERSION } from '../bot/store/schema';
import { storeOnDisk } from './helpers/storeOnDisk';
import { errorMessage } from './helpers/json';

const councillor = buildUser('Qaisar Abbas');

describe('the bot over HTTP, as Teams talks to it', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t.stop();
  });

  test('When the store has loaded, then /health answers 200 ok', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  test('When the bot is installed in a personal chat, then it sends a welcome card saying what it can do', async () => {
    const before = t.connector.activities.length;
    const res = await t.post(buildInstall({ serviceUrl: t.connector.url, from: councillor }));
    expect(res.status).toBe(200);
    const sent = t.connector.activities.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.conversationId).toBe(`a:personal-${councillor.id}`);
    const card = cardOf(sent.map((s) => s.activity));
    expect(cardText(card)).toMatch(/Welcome to Committee Assistant/);
    expect(cardText(card)).toMatch(/next meeting/i);
    expect(card.fallbackText).toMatch(/meetings, indicators, actions/);
  });

  test('When the bot is removed from a chat, then the conversation is marked uninstalled and the audit shows what it was before', async () => {
    const someone = buildUser('Dana Whitfield');
    await t.post(buildInstall({ serviceUrl: t.connector.url, from: someone }));
    const res = await t.post(buildInstallationUpdate({ serviceUrl: t.connector.url, from: someone }, 'remove'));
    expect(res.status).toBe(200);
    const data = storedData(t);
    const chatId = `a:personal-${someone.id}`;
    expect(data.conversations.find((c) => c.id === chatId)?.installed).toBe(false);
    const updates = data.audit.filter((a) => a.recordId === chatId && a.kind === 'conversation.updated');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.before).toMatchObject({ installed: true });
    expect(updates[0]!.after).toMatchObject({ installed: false });
  });

  test('When someone says hello in a channel with an @mention, then the reply goes to that channel', async () => {
    const sent = await t.say('help', councillor, 'channel', 'childrens-os');
    expect(sent).toHaveLength(1);
    expect(t.connector.activities.at(-1)!.conversationId).toBe('19:childrens-os@thread.tacv2');
    expect(cardText(cardOf(sent))).toMatch(/What I can help with/);
  });

  test.each([
    ['malformed JSON', '{"type": "message", ', /not valid JSON/],
    ['an empty body', '', /empty/],
    ['a JSON array', '[1,2,3]', /not an activity/],
    ['an object without a type', JSON.stringify({ text: 'hi' }), /no type/],
    ['an activity without a conversation', JSON.stringify({ type: 'message', serviceUrl: 'http://x' }), /conversation/],
  ])('When the body is %s, then the answer is 400 with a short JSON error and the server keeps serving', async (_label, body, message) => {
    const res = await t.post(body);
    expect(res.status).toBe(400);
    expect(errorMessage(res.body)).toMatch(message);
    expect(res.body.length).toBeLessThan(200);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });

  test('When the content type is not JSON, then the answer is 400', async () => {
    const res = await fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(400);
  });

  /** POSTs a body in pieces without a Content-Length (chunked), as a proxy may; resolves with status and body. */
  function postInPieces(pieces: string[], abortAfterFirst = false): Promise<{ status: number; body: string } | 'aborted'> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${t.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', (err) => (abortAfterFirst ? resolve('aborted') : reject(err)));
      req.write(pieces[0]!);
      if (abortAfterFirst) {
        setTimeout(() => req.destroy(), 20);
        return;
      }
      let i = 1;
      const next = () => {
        if (i < pieces.length) req.write(pieces[i++]!, () => setImmediate(next));
        else req.end();
      };
      next();
    });
  }

  test('When an activity arrives in pieces without a Content-Length, then it is read whole and answered', async () => {
    const json = JSON.stringify(buildMessage('help', { serviceUrl: t.connector.url, from: councillor }));
    const before = t.connector.activities.length;
    const pieces = [json.slice(0, 7), json.slice(7, 100), json.slice(100)];
    const res = await postInPieces(pieces);
    expect(res).toEqual({ status: 200, body: '' });
    expect(t.connector.activities.length).toBe(before + 1);
  });

  test('When a body without a Content-Length grows past 512 KB, then the answer is 413, nothing is sent, and the server keeps serving', async () => {
    const before = t.connector.activities.length;
    const start = JSON.stringify(buildMessage('help', { serviceUrl: t.connector.url, from: councillor })).slice(0, -1);
    const filler = `,"padding":"${'x'.repeat(200 * 1024)}`;
    const res = await postInPieces([start, filler, filler, filler, '"}']);
    expect(res).not.toBe('aborted');
    expect((res as { status: number }).status).toBe(413);
    expect(JSON.parse((res as { body: string }).body)).toEqual({ error: 'Request body too large.' });
    expect(t.connector.activities.length).toBe(before);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect(await t.say('help', councillor)).toHaveLength(1);
  });

  test('When the sender goes away half-way through a body, then nothing is processed and the server keeps serving', async () => {
    const before = t.connector.activities.length;
    const json = JSON.stringify(buildMessage('help', { serviceUrl: t.connector.url, from: councillor }));
    expect(await postInPieces([json.slice(0, 50), json.slice(50)], true)).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(t.connector.activities.length).toBe(before);
    expect(await t.say('help', councillor)).toHaveLength(1);
  });
});

describe('two Teams services talking to one bot', () => {
  let t: TestBot;
  let other: FakeConnector;
  beforeAll(async () => {
    t = await startTestBot();
    other = new FakeConnector();
    await other.start();
  });
  afterAll(async () => {
    await t.stop();
    await other.stop();
  });

  test('When turns from each service alternate, then every reply goes back to the service its activity came from', async () => {
    const from = buildUser('Qaisar Abbas');
    const sentTo = new Map<string, FakeConnector>();
    for (let i = 0; i < 6; i += 1) {
      const connector = i % 2 === 0 ? t.connector : other;
      const activity = buildMessage('When is the next meeting?', { serviceUrl: connector.url, from, kind: 'personal' });
      sentTo.set(activity.id as string, connector);
      const res = await t.post(activity);
      expect(res.status).toBe(200);
    }
    for (const connector of [t.connector, other]) {
      const replies = connector.activities.map((a) => a.activity).filter((a) => a.type === 'message' && a.replyToId);
      expect(replies).toHaveLength(3);
      for (const reply of replies) expect(sentTo.get(reply.replyToId as string)).toBe(connector);
    }
  });
});

describe('tenant allow-list', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { ALLOWED_TENANT_IDS: TENANT_ID } });
  });
  afterAll(async () => {
    await t.stop();
  });

  test('When an activity comes from a tenant that is not allowed, then there is no answer and it is logged', async () => {
    const before = t.connector.activities.length;
    const res = await t.post(buildMessage('help', { serviceUrl: t.connector.url, from: councillor, tenantId: 'other-tenant' }));
    expect(res.status).toBe(200);
    expect(t.connector.activities.length).toBe(before);
    expect(t.logs.some((l) => l.includes('tenant that is not allowed') && l.includes('other-tenant'))).toBe(true);
  });

  test('When an activity comes from the allowed tenant, then it is answered', async () => {
    const sent = await t.say('help', councillor);
    expect(sent).toHaveLength(1);
  });
});

describe('authentication', () => {
  test('When MicrosoftAppId is set, then an activity without a token gets 401 and no reply', async () => {
    const t = await startTestBot({ env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'secret' } });
    try {
      const res = await t.post(buildMessage('help', { serviceUrl: t.connector.url, from: councillor }));
      expect(res.status).toBe(401);
      expect(t.connector.activities).toHaveLength(0);
    } finally {
      await t.stop();
    }
  });
});

describe('store file', () => {
  test('When the bot starts on a fresh STORE_PATH, then the store is created from the seed and the seed is untouched', async () => {
    const seedBefore = readFileSync('data/meetings.json', 'utf8');
    const t = await startTestBot();
    try {
      const store = storeOnDisk(t.storePath);
      expect(store.schemaVersion).toBe(SCHEMA_VERSION);
      expect(store.meetings.length).toBeGreaterThan(0);
    } finally {
      await t.stop();
    }
    expect(readFileSync('data/meetings.json', 'utf8')).toBe(seedBefore);
  });
});
