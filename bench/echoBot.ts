import { constants, openSync, write } from 'node:fs';
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

export interface EchoOptions {
  /**
   * The durable echo: before answering, append the activity as one line to this file, opened
   * with O_DSYNC (on disk when the write returns), through libuv's thread pool. The least any
   * bot must do to record something before it says so; the floor for a write turn.
   */
  durableLog?: string;
}

export function createEchoBot(options: EchoOptions = {}): EchoBot {
  const adapter = new TeamsAdapter({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' });
  const app = new Application<TurnState>({ adapter, botAppId: '', startTypingTimer: false, longRunningMessages: false });
  const log = options.durableLog ? openSync(options.durableLog, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC) : null;
  app.activity(ActivityTypes.Message, async (context) => {
    if (log !== null) {
      const line = Buffer.from(`${JSON.stringify(context.activity)}\n`, 'utf8');
      await new Promise<void>((resolve, reject) => write(log, line, (err) => (err ? reject(err) : resolve())));
    }
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
