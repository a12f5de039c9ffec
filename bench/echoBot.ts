import { randomUUID } from 'node:crypto';
import restify from 'restify';
import { ActivityTypes } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { DurableJsonFile, StoreFiles } from '../bot/store/storeFile';
import type { Apology, AuditEntry, StoreData } from '../bot/store/schema';

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
   * the echo makes the change the bot makes for an apology update (the apology record of the
   * submitted meeting, replaced by a copy, and one audit entry with the record before and
   * after, each list copied as immer copies it) and writes it through the store's own adapter
   * and files (bot/store/storeFile.ts: the parts the change touches, then the index; writes
   * during a write coalesced): the same parts the bot writes, the same durable way, the floor
   * for a write turn.
   */
  durableDocument?: string;
  /** The time the durable echo stamps on its audit entries (the bot's BOT_NOW), so they land in the same month's part. */
  now?: string;
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
  // The bench's stores are valid by construction: the echo takes the document as it is read.
  const disk = file
    ? new DurableJsonFile<StoreData>(file, new StoreFiles(file, (raw) => ({ data: raw as StoreData, migratedFrom: null })))
    : null;
  let document: StoreData | null = null;
  const apologyId = randomUUID();
  app.activity(ActivityTypes.Message, async (context) => {
    const value = submitted(context.activity.value);
    if (disk && document && value) {
      const { from, timestamp } = context.activity;
      const at = options.now ? new Date(options.now).toISOString() : new Date(timestamp ?? Date.now()).toISOString();
      const recordedBy = { personId: 'person', aadObjectId: from.aadObjectId ?? null, name: from.name };
      const index = document.apologies.findIndex((a) => a.id === apologyId);
      const before = index >= 0 ? document.apologies[index] : undefined;
      const record: Apology = {
        id: apologyId,
        meetingId: typeof value.meetingId === 'string' ? value.meetingId : 'meeting',
        personId: 'person',
        reason: typeof value.reason === 'string' ? value.reason : null,
        substituteId: null,
        status: 'sent',
        recordedBy,
        onBehalf: false,
        createdAt: before?.createdAt ?? at,
        updatedAt: at,
        version: (before?.version ?? 0) + 1,
      };
      const entry: AuditEntry = {
        id: randomUUID(),
        at,
        actor: recordedBy,
        onBehalfOf: null,
        kind: before ? 'apology.updated' : 'apology.sent',
        recordType: 'apology',
        recordId: record.id,
        ...(before ? { before } : {}),
        after: record,
      };
      const apologies = [...document.apologies];
      if (index >= 0) apologies[index] = record;
      else apologies.push(record);
      document = { ...document, apologies, audit: [...document.audit, entry] };
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
    listen: async (port) => {
      if (disk) document = await disk.read();
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve(server.address().port));
      });
    },
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
