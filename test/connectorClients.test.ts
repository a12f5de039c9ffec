import { TeamsAdapter } from '@microsoft/teams-ai';
import { type Activity, type TurnContext } from 'botbuilder';
import { reuseConnectorClients } from '../bot/teams/connectorClients';
import { FakeConnector } from './helpers/fakeConnector';
import { buildMessage, buildUser } from './helpers/activities';
import { startTestBot, type TestBot } from './helpers/testBot';

/**
 * One Teams client per app id, service URL and audience, instead of two new HTTP pipelines on
 * every activity; replies must still go to the Teams service each activity came from.
 */
function anonymousAdapter(): TeamsAdapter {
  return new TeamsAdapter({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' });
}

function activityFrom(serviceUrl: string, id: string): Activity {
  return {
    type: 'message',
    id,
    text: 'hi',
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:someone', name: 'Someone' },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: 'a:chat', conversationType: 'personal' },
  } as Activity;
}

/** The clients botbuilder put in a turn's state, through the real adapter (anonymous, as on a laptop). */
async function clientsOfTurn(adapter: TeamsAdapter, serviceUrl: string, id: string): Promise<{ connector: unknown; tokens: unknown }> {
  let seen: { connector: unknown; tokens: unknown } | undefined;
  await adapter.processActivityDirect('', activityFrom(serviceUrl, id), async (context: TurnContext) => {
    seen = { connector: context.turnState.get(adapter.ConnectorClientKey), tokens: context.turnState.get(adapter.UserTokenClientKey) };
  });
  return seen!;
}

test('When activities come from the same Teams service, then their turns share one connector client and one token client', async () => {
  const adapter = anonymousAdapter();
  expect(reuseConnectorClients(adapter)).toBe(true);
  const first = await clientsOfTurn(adapter, 'https://smba.example/emea/', '1');
  const second = await clientsOfTurn(adapter, 'https://smba.example/emea/', '2');
  expect(first.connector).toBeDefined();
  expect(second.connector).toBe(first.connector);
  expect(second.tokens).toBe(first.tokens);

  const elsewhere = await clientsOfTurn(adapter, 'https://smba.example/amer/', '3');
  expect(elsewhere.connector).not.toBe(first.connector);
  expect((elsewhere.connector as { baseUri?: string }).baseUri).toBe('https://smba.example/amer/');
  expect((first.connector as { baseUri?: string }).baseUri).toBe('https://smba.example/emea/');

  // A proactive send (a reminder) to the same service uses the same client as the turns did.
  let proactive: unknown;
  await adapter.continueConversationAsync(
    '',
    { serviceUrl: 'https://smba.example/emea/', channelId: 'msteams', conversation: { id: 'a:chat' } } as never,
    async (context) => {
      proactive = context.turnState.get(adapter.ConnectorClientKey);
    },
  );
  expect(proactive).toBe(first.connector);
});

test('Without the reuse, botbuilder makes new clients for every activity (what the reuse saves)', async () => {
  const adapter = anonymousAdapter();
  const first = await clientsOfTurn(adapter, 'https://smba.example/emea/', '1');
  const second = await clientsOfTurn(adapter, 'https://smba.example/emea/', '2');
  expect(second.connector).not.toBe(first.connector);
  expect(second.tokens).not.toBe(first.tokens);
});

test('When a client cannot be made, then the failure is not kept: the next activity tries again', async () => {
  let attempts = 0;
  const claims = { getClaimValue: (type: string) => (type === 'aud' ? 'app-1' : null) };
  const auth = {
    authenticateRequest: async () => ({ claimsIdentity: claims, connectorFactory: { create: async () => ({ attempt: attempts }) } }),
    createConnectorFactory: (_claims?: unknown) => ({
      create: async (serviceUrl: string) => {
        attempts += 1;
        if (attempts === 1) throw new Error('credentials unavailable');
        return { serviceUrl, attempt: attempts };
      },
    }),
    createUserTokenClient: async () => ({}),
  };
  const adapter = { botFrameworkAuthentication: auth } as unknown as TeamsAdapter;
  expect(reuseConnectorClients(adapter)).toBe(true);
  const factory = auth.createConnectorFactory(claims);
  await expect(factory.create('https://smba.example/')).rejects.toThrow('credentials unavailable');
  await new Promise((resolve) => setImmediate(resolve));
  const made = await factory.create('https://smba.example/');
  expect(made).toEqual({ serviceUrl: 'https://smba.example/', attempt: 2 });
  expect(await auth.createConnectorFactory(claims).create('https://smba.example/')).toBe(made);
  expect(attempts).toBe(2);
});

test('When the adapter does not have the expected shape, then nothing is changed and the caller is told', () => {
  expect(reuseConnectorClients({} as unknown as TeamsAdapter)).toBe(false);
  expect(reuseConnectorClients({ botFrameworkAuthentication: { authenticateRequest: () => undefined } } as unknown as TeamsAdapter)).toBe(false);
});

describe('Over HTTP, with two Teams services talking to one bot', () => {
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

test('When activities name more Teams services than are kept, then the least recently used client is dropped (an untrusted service URL cannot grow memory)', async () => {
  const made: string[] = [];
  const claims = { getClaimValue: () => null };
  const auth = {
    authenticateRequest: async () => ({ claimsIdentity: claims }),
    createConnectorFactory: (_claims?: unknown) => ({
      create: async (serviceUrl: string) => {
        made.push(serviceUrl);
        return { serviceUrl };
      },
    }),
    createUserTokenClient: async () => ({}),
  };
  expect(reuseConnectorClients({ botFrameworkAuthentication: auth } as unknown as TeamsAdapter)).toBe(true);
  const factory = auth.createConnectorFactory(claims);
  for (let i = 0; i < 65; i += 1) await factory.create(`https://smba.example/${i}/`);
  expect(made).toHaveLength(65);
  await factory.create('https://smba.example/64/'); // kept
  await factory.create('https://smba.example/1/'); // kept (0 was the least recently used)
  expect(made).toHaveLength(65);
  await factory.create('https://smba.example/0/'); // dropped when the 65th came: made again
  expect(made).toHaveLength(66);
});
