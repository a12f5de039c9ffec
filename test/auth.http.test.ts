import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildInstallationUpdate, buildUser } from './helpers/activities';
import { startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * Authentication with an app id, offline: this file serves its own Bot Framework signing keys
 * on loopback (BotOpenIdMetadata points the bot at them) and signs tokens the way the Bot
 * Connector does. Every forged or unfit token is a 401 with no turn, nothing stored and one
 * warning line; a token the keys vouch for is accepted.
 */
const APP_ID = '00000000-0000-0000-0000-0000000000a1';
const KID = 'committee-test-key';
const ISSUER = 'https://api.botframework.com';

const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** Serves OpenID metadata and the key set, as login.botframework.com does. */
async function startKeyServer(publicKey: KeyObject): Promise<{ metadataUrl: string; close: () => Promise<void> }> {
  const jwk = publicKey.export({ format: 'jwk' });
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (req.url === '/keys') res.end(JSON.stringify({ keys: [{ ...jwk, kid: KID, use: 'sig', endorsements: ['msteams'] }] }));
    else res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    metadataUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function claims(serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...overrides };
}

function rs256(payload: Record<string, unknown>, key: KeyObject = signing.privateKey): string {
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid: KID })}.${b64(payload)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
}

describe('authentication with an app id, against signing keys served on loopback', () => {
  let t: TestBot;
  let keys: Awaited<ReturnType<typeof startKeyServer>>;
  const clerk = buildUser('Rhiannon Whiteley');

  beforeAll(async () => {
    keys = await startKeyServer(signing.publicKey);
    t = await startTestBot({ env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', BotOpenIdMetadata: keys.metadataUrl } });
  });
  afterAll(async () => {
    await t.stop();
    await keys.close();
  });

  /** An install in a channel: if the bot accepts it, the channel is stored and nothing is sent. */
  const installIn = (channel: string) => buildInstallationUpdate({ serviceUrl: t.connector.url, from: clerk, kind: 'channel', channel });
  const conversationStored = (id: string) => storedData(t).conversations.some((c) => c.id === id);

  const forged: [string, (serviceUrl: string) => string][] = [
    ['unsigned (alg none) naming the real key', (url) => `${b64({ alg: 'none', typ: 'JWT', kid: KID })}.${b64(claims(url))}.`],
    ['signed by another key under the real key id', (url) => rs256(claims(url), stranger.privateKey)],
    [
      'HMAC-signed (HS256) with the public key',
      (url) => {
        const unsigned = `${b64({ alg: 'HS256', typ: 'JWT', kid: KID })}.${b64(claims(url))}`;
        const secret = signing.publicKey.export({ type: 'spki', format: 'pem' });
        return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
      },
    ],
    ['expired an hour ago', (url) => rs256(claims(url, { exp: Math.floor(Date.now() / 1000) - 3600 }))],
    ['for another bot (wrong audience)', (url) => rs256(claims(url, { aud: '00000000-0000-0000-0000-0000000000b2' }))],
    ['for another service URL', (url) => rs256(claims(`${url}/elsewhere`))],
  ];

  test.each(forged)(
    'When the token is %s, then the answer is 401, nothing is stored or sent, and one warning line says why',
    async (label, token) => {
      const activity = installIn(`forged-${forged.findIndex(([l]) => l === label)}`);
      const conversationId = (activity.conversation as { id: string }).id;
      const logsBefore = t.logs.length;
      const sentBefore = t.connector.attemptLog.length;

      const res = await t.post(activity, { Authorization: `Bearer ${token(t.connector.url)}` });

      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toEqual({ error: 'This request is not authenticated.' });
      expect(t.connector.attemptLog.length).toBe(sentBefore);
      expect(conversationStored(conversationId)).toBe(false);
      const lines = t.logs.slice(logsBefore).map((l) => JSON.parse(l) as { level: string; msg: string; activityId?: string });
      expect(lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([
        expect.objectContaining({ level: 'warn', msg: 'rejected an activity that is not authenticated', activityId: activity.id }),
      ]);
    },
  );

  test('When the token is signed by the served key, for this bot and this service URL, then the activity is accepted and its channel stored', async () => {
    const activity = installIn('genuine');
    const conversationId = (activity.conversation as { id: string }).id;
    const logsBefore = t.logs.length;

    const res = await t.post(activity, { Authorization: `Bearer ${rs256(claims(t.connector.url))}` });

    expect(res.status).toBe(200);
    expect(conversationStored(conversationId)).toBe(true);
    expect(t.logs.slice(logsBefore).filter((l) => l.includes('"level":"warn"') || l.includes('"level":"error"'))).toEqual([]);
  });
});
