import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { ConversationParameters, ConversationReference } from 'botbuilder';
import { loadConfig } from '../bot/config';
import { createLogger } from '../bot/logger';
import { createAdapter } from '../bot/teams/adapter';
import { buildMessage, buildUser } from './helpers/activities';
import { startTestBot, storedData, type TestBot } from './helpers/testBot';
import { errorMessage } from './helpers/json';

/**
 * Local anonymous mode (no MicrosoftAppId) authenticates nobody, so it is reachable from this
 * machine only and calls only loopback addresses; and every call to Teams' connector has a
 * deadline and a bound on how many are open at once.
 */
const councillor = buildUser('Qaisar Abbas');

/** This machine's addresses that are not loopback (IPv4 first). */
function outsideAddresses(): string[] {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  return all
    .filter((a) => !a.internal && !a.address.startsWith('fe80'))
    .sort((a, b) => (a.family === b.family ? 0 : a.family === 'IPv4' ? -1 : 1))
    .map((a) => a.address);
}

/** 'connected', 'timeout', or the socket error's code (e.g. 'ECONNREFUSED'). */
function connects(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: Error & { code?: string }) => resolve(err.code ?? err.message));
  });
}

describe('local anonymous mode', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t.stop();
  });

  test("When the bot runs without an app id, then it listens on loopback only: 127.0.0.1 and ::1 answer, this machine's other addresses refuse", async () => {
    const port = Number(new URL(t.url).port);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    if ((await connects('::1', port)) !== 'EADDRNOTAVAIL') expect((await fetch(`http://[::1]:${port}/health`)).status).toBe(200);
    const outside = outsideAddresses();
    for (const address of outside) expect({ address, result: await connects(address, port) }).toEqual({ address, result: 'ECONNREFUSED' });
    const bound = t.bot.addresses().map((a) => a.address);
    expect(bound.length).toBeGreaterThan(0);
    for (const address of bound) expect(['127.0.0.1', '::1']).toContain(address);
  });

  test('When an activity names a serviceUrl that is not loopback, then no call is made there, nothing is stored, and a warning is logged', async () => {
    // A listener on every interface, reached through an outside address of this machine when it has one.
    let calls = 0;
    const elsewhere = http.createServer((_req, res) => {
      calls += 1;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, resolve));
    const port = (elsewhere.address() as AddressInfo).port;
    const outside = outsideAddresses()[0];
    const serviceUrl = outside
      ? `http://${outside.includes(':') ? `[${outside}]` : outside}:${port}/`
      : 'https://smba.example.invalid/emea/';
    try {
      const activity = buildMessage('help', { serviceUrl, from: buildUser('Stranger Danger') });
      const logsBefore = t.logs.length;
      const res = await t.post(activity);
      expect(res.status).toBe(403);
      expect(errorMessage(res.body)).toMatch(/loopback serviceUrl/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls).toBe(0);
      expect(storedData(t).conversations.some((c) => c.id === (activity.conversation as { id: string }).id)).toBe(false);
      const warnings = t.logs.slice(logsBefore).filter((l) => l.includes('"level":"warn"'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/replies only to a loopback serviceUrl/);
      // A loopback connector still gets its reply.
      expect(await t.say('help', councillor)).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
    }
  });

  test.each(['localhost', '127.0.0.2', '[::1]'])('When the serviceUrl is on %s (loopback), then the reply goes there', async (host) => {
    // Listening on every address, so each loopback spelling reaches it.
    const received: string[] = [];
    const connector = http.createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"id":"1"}');
    });
    await new Promise<void>((resolve) => connector.listen(0, resolve));
    try {
      const serviceUrl = `http://${host}:${(connector.address() as AddressInfo).port}/`;
      const res = await t.post(buildMessage('help', { serviceUrl, from: councillor }));
      expect(res.status).toBe(200);
      expect(received).toEqual([expect.stringMatching(/^POST \/v3\/conversations\/.+\/activities\//)]);
    } finally {
      connector.closeAllConnections();
      await new Promise<void>((resolve) => connector.close(() => resolve()));
    }
  });
});

test('When a proactive message is due to a stored conversation whose serviceUrl is not loopback (a store from elsewhere), then in anonymous mode no call is made there', async () => {
  let calls = 0;
  const elsewhere = http.createServer((_req, res) => {
    calls += 1;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"id":"1"}');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, resolve));
  const port = (elsewhere.address() as AddressInfo).port;
  const outside = outsideAddresses()[0];
  const serviceUrl = outside ? `http://${outside.includes(':') ? `[${outside}]` : outside}:${port}/` : 'https://smba.example.invalid/emea/';
  const { adapter } = createAdapter(loadConfig({}), createLogger('silent'));
  const reference = {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: 'a:chat', conversationType: 'personal' },
    bot: { id: '28:bot', name: 'Bot' },
    user: { id: '29:someone' },
  };
  let failure: unknown = null;
  try {
    await adapter.continueConversationAsync('', reference as Partial<ConversationReference>, async (context) => {
      try {
        await context.sendActivity('The agenda is published');
      } catch (err) {
        failure = err;
      }
    });
  } finally {
    await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
  }
  expect(String(failure)).toMatch(/calls only a loopback serviceUrl/);
  expect(calls).toBe(0);
});

describe("calls to Teams' connector", () => {
  test('When the connector answers gzip-compressed JSON, as it may when asked, then the bot reads it', async () => {
    const connector = http.createServer((req, res) => {
      req.resume();
      res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ id: 'a:opened-by-gzip' })));
    });
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
    const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
    const { adapter } = createAdapter(loadConfig({}), createLogger('silent'));
    let opened: string | undefined;
    try {
      await adapter.createConversationAsync(
        '',
        'msteams',
        serviceUrl,
        '',
        { isGroup: false, bot: { id: '28:bot', name: 'Bot' }, members: [{ id: '29:someone', name: '' }] } as ConversationParameters,
        (context) => {
          opened = context.activity.conversation.id;
          return Promise.resolve();
        },
      );
    } finally {
      await new Promise<void>((resolve) => connector.close(() => resolve()));
    }
    expect(opened).toBe('a:opened-by-gzip');
  });

  test('When the connector never answers, then each call gives up after CONNECTOR_TIMEOUT_MS and no more than CONNECTOR_MAX_IN_FLIGHT are open at once', async () => {
    let open = 0;
    let mostOpen = 0;
    let received = 0;
    const hanging = http.createServer((req) => {
      received += 1;
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      req.socket.once('close', () => (open -= 1));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const serviceUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
    const t = await startTestBot({ env: { CONNECTOR_TIMEOUT_MS: '300', CONNECTOR_MAX_IN_FLIGHT: '2' } });
    try {
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, i) => t.post(buildMessage('help', { serviceUrl, from: buildUser(`Member ${i}`) }))),
      );
      const took = Date.now() - started;
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(received).toBeGreaterThanOrEqual(2);
      expect(mostOpen).toBe(2);
      // Five turns, each a reply and an apology that time out, two at a time: well under a minute.
      expect(took).toBeLessThan(10_000);
      expect(t.logs.some((l) => l.includes('did not answer within 300 ms'))).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(open).toBe(0);
    } finally {
      await t.stop();
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});
