import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { ActivityTypes } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';

/**
 * The floor: a bare echo bot on the same stack as Committee Assistant (restify, botbuilder's
 * TeamsAdapter, a teams-ai Application with one message route), anonymous like the bot under
 * test. Whatever Committee Assistant costs beyond this is ours.
 */
export interface EchoBot {
  listen(port: number): Promise<number>;
  stop(): Promise<void>;
}

export function createEchoBot(): EchoBot {
  const adapter = new TeamsAdapter({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' });
  const app = new Application<TurnState>({ adapter, botAppId: '', startTypingTimer: false, longRunningMessages: false });
  app.activity(ActivityTypes.Message, async (context) => {
    const value = context.activity.value as { verb?: unknown } | undefined;
    await context.sendActivity(`Echo: ${context.activity.text ?? String(value?.verb ?? '')}`);
  });

  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 512 * 1024 }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });
  server.get('/health', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  return {
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      }),
    stop: async () => {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
