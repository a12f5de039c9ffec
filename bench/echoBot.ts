import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import restify from 'restify';
import { ActivityTypes } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { DurableJsonFile } from '../bot/store/storeFile';
import type { StoreData } from '../bot/store/schema';
import { storeFormatter } from '../bot/store/store';

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
   * The durable echo: a store file (a copy for the echo alone). Before answering a card submit,
   * the echo adds an audit entry the size of the bot's to the document and writes the whole
   * document back through the store's own adapter (the same text, temporary file, fsync,
   * rename, fsync of the folder, writes during a write coalesced): the least a whole-document
   * store must do to record a change before it says so, the floor for a write turn.
   */
  durableDocument?: string;
}

export function createEchoBot(options: EchoOptions = {}): EchoBot {
  const adapter = new TeamsAdapter({
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: 'MultiTenant',
    MicrosoftAppTenantId: '',
  });
  const app = new Application<TurnState>({ adapter, botAppId: '', startTypingTimer: false, longRunningMessages: false });
  const file = options.durableDocument;
  const text = file ? readFileSync(file, 'utf8') : null;
  const document = text ? (JSON.parse(text) as StoreData) : null;
  const disk = file ? new DurableJsonFile<StoreData>(file, (t) => JSON.parse(t) as StoreData, storeFormatter(text?.length ?? 0)) : null;
  app.activity(ActivityTypes.Message, async (context) => {
    const value = submitted(context.activity.value);
    if (disk && document && value) {
      // What the bot adds for an apology update: an audit entry with the record before and after.
      const { from, timestamp } = context.activity;
      const record = {
        id: randomUUID(),
        meetingId: 'meeting',
        personId: 'person',
        ...value,
        status: 'sent',
        recordedBy: { personId: 'person', aadObjectId: from.aadObjectId, name: from.name },
        onBehalf: false,
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      (document.audit as unknown[]).push({
        id: randomUUID(),
        at: timestamp,
        actor: record.recordedBy,
        onBehalfOf: null,
        kind: 'apology.updated',
        recordType: 'apology',
        recordId: record.id,
        before: record,
        after: record,
      });
      await disk.write(document);
    }
    await context.sendActivity(`Echo: ${context.activity.text ?? (typeof value?.verb === 'string' ? value.verb : '')}`);
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
        server.listen(port, '127.0.0.1', () => resolve(server.address().port));
      }),
    stop: async () => {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
    },
  };
}

/** A card submit's fields: an object, or nothing for a typed message. */
function submitted(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
